"""Options of the JSON API that only take a few words: anything else is a 422 naming it."""

from __future__ import annotations

from .conftest import Service

# Received Friday 3 May 2024 (a working day), nothing done since.
OPEN = {"reference": "O-1", "stages": [{"number": 1, "received": "2024-05-03"}]}


def test_check_refuses_an_unknown_late_acknowledgement_mode_naming_it(service: Service) -> None:
    status, body = service.post("/v1/check", {"complaint": OPEN, "late_acknowledgement": "soon"})
    assert status == 422
    (problem,) = body["problems"]
    assert problem["pointer"] == "/late_acknowledgement"
    assert "moves-clock" in problem["message"]


def test_due_refuses_an_unknown_late_acknowledgement_mode_naming_it(service: Service) -> None:
    request = {"complaints": [OPEN], "as_of": "2024-05-14", "late_acknowledgement": "soon"}
    status, body = service.post("/v1/due", request)
    assert status == 422
    (problem,) = body["problems"]
    assert problem["pointer"] == "/late_acknowledgement"
    assert problem["message"] == "expected moves-clock or capped"
