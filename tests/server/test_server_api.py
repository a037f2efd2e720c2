"""The HTTP JSON API, called over real HTTP on a uvicorn server the tests start."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource

from complaintcode import Complaint, check
from complaintcode.documents import report_record
from complaintcode.records import read_cases
from complaintcode.report import FinancialYear, summarise
from complaintcode.serialize import schema, to_dict

from .conftest import LIMIT, Service

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "complaintcode" / "data" / "sample.csv"


def _openapi_validator(service: Service, component: str) -> jsonschema.Validator:
    """A validator for one component, resolving references inside the served document."""
    _, document = service.get("/openapi.json")
    root = {**document, "$ref": f"#/components/schemas/{component}"}
    return jsonschema.Draft202012Validator(root)


def _coronation(**stage: Any) -> dict[str, Any]:
    return {"reference": "HC-1", "stages": [{"number": 1, "received": "2023-05-05", **stage}]}


def _sample_documents() -> list[dict[str, Any]]:
    with read_cases(SAMPLE) as cases:
        return [to_dict(c) for c in cases if isinstance(c, Complaint)]


# -- the small GET endpoints ------------------------------------------------------------------


def test_health_says_ok_and_the_version(service: Service) -> None:
    """GET /healthz answers with its type, ok and a version."""
    status, body = service.get("/healthz")
    assert status == 200
    assert body["type"] == "health"
    assert body["status"] == "ok"


def test_rules_list_every_rule_with_its_provisions(service: Service) -> None:
    """GET /v1/rules: stage1.response rests on 5.1 (2022) and 6.3 (2024)."""
    status, body = service.get("/v1/rules")
    assert status == 200
    assert body["type"] == "rules"
    provisions = {
        (r["edition"], r["provision"]) for r in body["rules"] if r["rule"] == "stage1.response"
    }
    assert {("2022", "5.1"), ("2024", "6.3")} <= provisions


def test_editions_give_the_timescales(service: Service) -> None:
    """GET /v1/editions: the 2024 Code acknowledges stage 2 in 5 and answers in 20 days."""
    status, body = service.get("/v1/editions")
    assert status == 200
    code2024 = next(e for e in body["editions"] if e["name"] == "2024")
    assert code2024["in_force_from"] == "2024-04-01"
    assert code2024["max_stages"] == 2
    stage2 = code2024["stages"][1]
    assert (stage2["acknowledge_working_days"], stage2["respond_working_days"]) == (5, 20)
    assert stage2["extension_cap_working_days"] == 20


def test_the_openapi_document_is_valid_openapi_3_1_built_on_the_package_schemas(
    service: Service,
) -> None:
    """GET /openapi.json validates as OpenAPI 3.1; each component is a published schema."""
    status, document = service.get("/openapi.json")
    assert status == 200
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)
    components = document["components"]["schemas"]
    for name in ("complaint", "assessment", "deadlines", "report", "action", "errors", "service"):
        component = json.dumps(components[name.capitalize()])
        published = schema(name)
        # Undo the re-rooting of references: what is left is the published file.
        text = component.replace(f'"#/components/schemas/{name.capitalize()}/', '"#/')
        text = text.replace(
            '"#/components/schemas/Assessment"', '"urn:complaintcode:schema:assessment:1"'
        )
        restored = json.loads(text)
        assert restored.pop("x-schema-id") == published.pop("$id")
        published.pop("$schema")
        assert restored == published
    for path in (
        "/v1/check",
        "/v1/deadlines",
        "/v1/report",
        "/v1/rules",
        "/v1/editions",
        "/healthz",
    ):
        assert path in document["paths"]


_REQUESTS: list[tuple[str, str, Any]] = [
    ("GET", "/healthz", None),
    ("GET", "/v1/rules", None),
    ("GET", "/v1/editions", None),
    ("POST", "/v1/check", {"complaint": _coronation(acknowledged="2023-05-16")}),
    ("POST", "/v1/check", {"complaints": [_coronation()], "as_of": "2023-07-31"}),
    ("POST", "/v1/check", {"complaint": _coronation(acknowledged="2023-05-16T00:00:00")}),
    ("POST", "/v1/deadlines", {"received": "2023-05-05"}),
    ("POST", "/v1/deadlines", {"received": 20230505}),
    ("POST", "/v1/due", {"complaints": [_coronation()], "as_of": "2023-05-12"}),
    ("POST", "/v1/due", {"complaints": [_coronation()], "as_of": "2023-05-12", "soon": 5}),
    ("POST", "/v1/report", {"complaints": [_coronation()], "year": 2023, "homes": 480}),
    ("POST", "/v1/report", {"complaints": [], "year": "2023"}),
    ("POST", "/v1/check", b"{not json"),
]


@pytest.mark.parametrize(("method", "path", "body"), _REQUESTS)
def test_every_answer_has_a_type_and_matches_the_schema_the_openapi_document_declares(
    service: Service, method: str, path: str, body: Any
) -> None:
    """Each endpoint's answer, 200 or 4xx, validates against its declared response schema."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data is not None else {}
    status, _, raw = service.request(method, path, data, headers)
    answer = json.loads(raw)
    assert isinstance(answer.get("type"), str)
    _, document = service.get("/openapi.json")
    declared = document["paths"][path][method.lower()]["responses"][str(status)]
    root = {**document, **declared["content"]["application/json"]["schema"]}
    jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(answer)


# -- POST /v1/check ---------------------------------------------------------------------------


def test_one_complaint_acknowledged_a_day_late_over_the_coronation(service: Service) -> None:
    """Received Fri 2023-05-05: acknowledgement due Mon 15th (the 8th was the Coronation).

    Acknowledged on Tuesday 16th, it is 1 working day late (2022 Code 4.1).
    """
    status, body = service.post("/v1/check", {"complaint": _coronation(acknowledged="2023-05-16")})
    assert status == 200
    jsonschema.Draft202012Validator(schema("assessment")).validate(body)
    assert body["type"] == "assessment"
    assert body["edition"] == "2022"
    (finding,) = body["findings"]
    assert finding["rule"] == "stage1.acknowledgement"
    assert (finding["due"], finding["actual"], finding["working_days_late"]) == (
        "2023-05-15",
        "2023-05-16",
        1,
    )


def test_a_batch_gives_every_assessment_and_integer_counts(service: Service) -> None:
    """The sample as a batch: the same verdicts as check() in Python, with counts."""
    documents = _sample_documents()
    status, body = service.post("/v1/check", {"complaints": documents, "as_of": "2024-06-30"})
    assert status == 200
    _openapi_validator(service, "CheckResults").validate(body)
    # The published service schema validates it too, finding the assessment schema by $id.
    registry: Registry[Any] = Registry().with_resource(
        schema("assessment")["$id"], Resource.from_contents(schema("assessment"))
    )
    jsonschema.Draft202012Validator(schema("service"), registry=registry).validate(body)
    expected = [to_dict(check(c, as_of=date(2024, 6, 30))) for c in _sample_complaints()]
    got = [{k: v for k, v in a.items() if k not in ("type", "row")} for a in body["assessments"]]
    assert got == expected
    assert [a["row"] for a in body["assessments"]] == list(range(1, len(documents) + 1))
    counts = body["counts"]
    assert counts["complaints"] == len(documents)
    assert counts["compliant"] == sum(a["compliant"] for a in expected)
    assert counts["compliant"] + counts["with_breaches"] == counts["complaints"]


def _sample_complaints() -> list[Complaint]:
    with read_cases(SAMPLE) as cases:
        return [c for c in cases if isinstance(c, Complaint)]


def test_a_batch_with_bad_complaints_lists_every_problem_with_its_pointer(service: Service) -> None:
    """Wrong types, a date-time for a date, unknown keys: all listed, in one 422."""
    good = _coronation()
    bad_types = {"reference": "B-1", "stages": [{"number": "1", "received": 20230505}]}
    datetime_for_date = _coronation(acknowledged="2023-05-09T09:00:00Z")
    unknown = {**_coronation(), "tenant_name": "someone"}
    status, body = service.post(
        "/v1/check", {"complaints": [good, bad_types, datetime_for_date, unknown]}
    )
    assert status == 422
    jsonschema.Draft202012Validator(schema("errors")).validate(body)
    pointers = [p["pointer"] for p in body["problems"]]
    assert pointers == [
        "/complaints/1/stages/0/number",
        "/complaints/1/stages/0/received",
        "/complaints/2/stages/0/acknowledged",
        "/complaints/3",
    ]
    messages = [p["message"] for p in body["problems"]]
    assert "DateOnly" in messages[2]
    assert "'tenant_name'" in messages[3]


def test_envelope_problems_are_refused_with_their_pointers(service: Service) -> None:
    """Both complaint and complaints, an as_of with a time, an unknown key and edition."""
    status, body = service.post(
        "/v1/check", {"complaint": _coronation(), "as_of": "2024-01-01T00:00:00", "colour": 1}
    )
    assert status == 422
    pointers = {p["pointer"] for p in body["problems"]}
    assert pointers == {"/as_of", ""}
    status, body = service.post("/v1/check", {"complaint": _coronation(), "complaints": []})
    assert status == 422
    status, body = service.post("/v1/check", {"complaint": _coronation(), "edition": "2019"})
    assert (status, body["problems"][0]["pointer"]) == (422, "/edition")
    status, body = service.post("/v1/check", [_coronation()])
    assert (status, body["problems"][0]["pointer"]) == (422, "")


def test_a_history_that_cannot_be_true_is_a_422_with_its_pointer(service: Service) -> None:
    """A response before receipt is the model's own refusal, pointed at the field."""
    status, body = service.post("/v1/check", {"complaint": _coronation(responded="2023-05-01")})
    assert status == 422
    assert body["problems"][0]["pointer"] == "/complaint/stages/0/responded"


@pytest.mark.parametrize(
    ("received", "what"),
    [("2019-01-07", "no edition"), ("2150-01-04", "outside the calendar")],
)
def test_dates_the_library_cannot_judge_are_a_422_never_a_500(
    service: Service, received: str, what: str
) -> None:
    """Before the first edition, or beyond the calendar: refused with the reason."""
    status, body = service.post("/v1/check", {"complaint": _coronation(received=received)})
    assert status == 422
    assert what in body["problems"][0]["message"]


def test_not_json_wrong_media_type_method_and_path(service: Service) -> None:
    """400 for broken JSON, 415 without application/json, 405 and 404 as JSON errors."""
    status, _, raw = service.request(
        "POST", "/v1/check", b"{nope", {"Content-Type": "application/json"}
    )
    assert (status, json.loads(raw)["type"]) == (400, "errors")
    status, _, raw = service.request("POST", "/v1/check", b"{}", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, raw = service.request("GET", "/v1/check")
    assert (status, json.loads(raw)["status"]) == (405, 405)
    status, _, raw = service.request("GET", "/v2/nothing")
    assert (status, json.loads(raw)["status"]) == (404, 404)
    status, _, raw = service.request(
        "POST", "/v1/check", b'{"complaint": NaN}', {"Content-Type": "application/json"}
    )
    assert status == 400


def _raw_exchange(service: Service, head: bytes, body: bytes = b"") -> bytes:
    """Send a request as raw bytes and read the answer (the server may stop reading early)."""
    address = urlsplit(service.base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head + body)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
    return answer


def test_an_oversized_body_is_refused_whether_declared_or_streamed(service: Service) -> None:
    """Over the limit: 413 with an errors body, from Content-Length or by counting chunks."""
    declared = (
        b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: " + str(LIMIT + 1).encode() + b"\r\n\r\n"
    )
    answer = _raw_exchange(service, declared)
    assert answer.startswith(b"HTTP/1.1 413")
    body = json.loads(answer.partition(b"\r\n\r\n")[2])
    jsonschema.Draft202012Validator(schema("errors")).validate(body)
    chunked = (
        b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b" " * 65536
    chunks = (b"%x\r\n" % len(piece) + piece + b"\r\n") * (LIMIT // len(piece) + 1)
    answer = _raw_exchange(service, chunked, chunks + b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413")


def test_an_http2_upgrade_request_is_told_to_use_http_1_1(service: Service) -> None:
    """Java's default client asks to upgrade to h2c; the answer says what to change."""
    body = json.dumps({"received": "2023-05-05"}).encode()
    head = (
        b"POST /v1/deadlines HTTP/1.1\r\nHost: t\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"
        b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    answer = _raw_exchange(service, head, body)
    status = int(answer.split(b" ", 2)[1])
    if status == 200:  # the server read the body after all (the h11 parser does)
        return
    assert status == 400
    assert b"HTTP_1_1" in answer


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=40)
@given(
    path=st.sampled_from(["/v1/check", "/v1/deadlines", "/v1/report", "/v1/due"]),
    body=json_values
    | st.fixed_dictionaries({"complaint": json_values})
    | st.fixed_dictionaries({"complaints": st.lists(json_values, max_size=3), "year": json_values})
    | st.fixed_dictionaries({"received": json_values, "stage": json_values}),
)
def test_no_body_gives_a_server_error(service: Service, path: str, body: Any) -> None:
    """Whatever JSON is sent, the answer is a 200 or a 4xx with problems, never a 500."""
    status, answer = service.post(path, body)
    assert status < 500
    if status >= 400:
        assert answer["problems"]


def test_logs_hold_no_personal_data(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    """Neither references nor names reach the log, even when the request is refused."""
    caplog.set_level(logging.DEBUG)
    secret = {
        "reference": "REF-SECRET-77",
        "stages": [{"number": 1, "received": "2024-05-03", "handler": "Ann Example"}],
    }
    service.post("/v1/check", {"complaint": secret})
    service.post("/v1/check", {"complaint": {**secret, "stages": "Ann Example"}})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST /v1/check 200" in text
    assert "REF-SECRET-77" not in text
    assert "Ann Example" not in text


# -- POST /v1/deadlines -----------------------------------------------------------------------


def test_deadlines_over_the_coronation_are_explained(service: Service) -> None:
    """Received Fri 2023-05-05: acknowledge by Mon 15th, skipping the Coronation (4.1)."""
    status, body = service.post("/v1/deadlines", {"received": "2023-05-05"})
    assert status == 200
    jsonschema.Draft202012Validator(schema("deadlines")).validate(body)
    acknowledge = body["acknowledge_by"]
    assert acknowledge["due"] == "2023-05-15"
    assert acknowledge["skipped"] == [{"day": "2023-05-08", "name": "Coronation of Charles III"}]
    assert "Coronation" in acknowledge["basis"]
    assert acknowledge["provision"] == "4.1"


def test_an_extension_moves_the_response_deadline(service: Service) -> None:
    """2024 Code: received Fri 2024-05-03, acknowledged Tue 7th → respond by Tue 21st.

    Counting 10 working days after 7 May: 8, 9, 10, 13, 14, 15, 16, 17, 20, 21. An
    extension of 5 working days notified on the 20th: 22, 23, 24, 28, 29 May (Monday 27th
    is the spring bank holiday), so 2024-05-29 (6.4).
    """
    status, body = service.post(
        "/v1/deadlines",
        {
            "received": "2024-05-03",
            "acknowledged": "2024-05-07",
            "extensions": [{"notified": "2024-05-20", "working_days": 5, "reason": "survey"}],
        },
    )
    assert status == 200
    assert body["respond_by"]["due"] == "2024-05-21"
    extended = body["extended_respond_by"]
    assert extended["due"] == "2024-05-29"
    assert extended["skipped"] == [{"day": "2024-05-27", "name": "Spring Bank Holiday"}]


def test_a_stage_2_request_after_hours_starts_the_next_working_day(service: Service) -> None:
    """2024 Code stage 2, received Fri 2024-05-24 at 17:30 with a 17:00 cut-off.

    The clock starts Tue 28 May (Mon 27th is a bank holiday): acknowledge 5 working days
    after it, Tue 4 June (6.11).
    """
    status, body = service.post(
        "/v1/deadlines",
        {
            "received": "2024-05-24T17:30:00",
            "stage": 2,
            "stage1_received": "2024-04-10",
            "cutoff": "17:00",
        },
    )
    assert status == 200
    assert body["clock_starts"] == "2024-05-28"
    assert body["acknowledge_by"]["due"] == "2024-06-04"
    assert body["acknowledge_by"]["provision"] == "6.11"


def test_bad_deadline_requests_are_refused_with_pointers(service: Service) -> None:
    """A stage 4, a later stage 1, a bad cut-off and an extension of 0 days."""
    status, body = service.post(
        "/v1/deadlines", {"received": "2024-05-03", "stage": 4, "stage1_received": "2024-06-01"}
    )
    assert status == 422
    assert {p["pointer"] for p in body["problems"]} == {"/stage", "/stage1_received"}
    status, body = service.post("/v1/deadlines", {"received": "2024-05-03", "cutoff": "5pm"})
    assert (status, body["problems"][0]["pointer"]) == (422, "/cutoff")
    status, body = service.post(
        "/v1/deadlines",
        {
            "received": "2024-05-03",
            "extensions": [{"notified": "2024-05-20", "working_days": 0, "reason": ""}],
        },
    )
    assert status == 422
    assert body["problems"][0]["pointer"].startswith("/extensions/0")


# -- POST /v1/due ----------------------------------------------------------------------------


def test_the_work_queue_puts_the_overdue_acknowledgement_first(service: Service) -> None:
    """2024 Code, received Fri 2024-05-03, nothing done, as at Tue 2024-05-14.

    Acknowledge within 5 working days: 7, 8, 9, 10, 13 May (Monday 6th is the early May bank
    holiday), so due Mon 13th and 1 working day overdue. Respond within 10 working days of
    the acknowledgement deadline: 14-17, 20-24 and 28 May (27th is the spring bank holiday),
    so due Tue 28th, 9 working days left. The other complaint is closed and owes nothing.
    """
    open_one = {"reference": "Q-1", "stages": [{"number": 1, "received": "2024-05-03"}]}
    closed = {
        "reference": "Q-2",
        "stages": [
            {"number": 1, "received": "2024-04-02", "acknowledged": "2024-04-03",
             "responded": "2024-04-10"}
        ],
    }  # fmt: skip
    status, body = service.post(
        "/v1/due", {"complaints": [closed, open_one], "as_of": "2024-05-14"}
    )
    assert status == 200
    _openapi_validator(service, "Worklist").validate(body)
    assert (body["complaints"], body["with_actions"]) == (2, 1)
    first, second = body["actions"]
    assert (first["kind"], first["due"], first["state"], first["working_days_left"]) == (
        "ACKNOWLEDGE",
        "2024-05-13",
        "OVERDUE",
        -1,
    )
    assert (second["kind"], second["due"], second["state"], second["working_days_left"]) == (
        "RESPOND",
        "2024-05-28",
        "UPCOMING",
        9,
    )
    assert body["by_state"]["OVERDUE"] == 1
    assert sum(body["by_kind"].values()) == 2


def test_the_work_queue_takes_now_as_a_date_time(service: Service) -> None:
    """As at 2024-05-13T10:00:00 (London), the acknowledgement is due today."""
    open_one = {"reference": "Q-3", "stages": [{"number": 1, "received": "2024-05-03"}]}
    status, body = service.post(
        "/v1/due", {"complaints": [open_one], "as_of": "2024-05-13T10:00:00", "within": 2}
    )
    assert status == 200
    assert body["as_of"] == "2024-05-13"
    assert body["actions"][0]["state"] == "DUE_TODAY"


def test_bad_work_queue_requests_are_refused(service: Service) -> None:
    """No as_of, a negative window, and a complaint no edition can judge."""
    status, body = service.post("/v1/due", {"complaints": []})
    assert (status, body["problems"][0]["pointer"]) == (422, "/as_of")
    status, body = service.post("/v1/due", {"complaints": [], "as_of": "2024-05-14", "within": -1})
    assert (status, body["problems"][0]["pointer"]) == (422, "/within")
    old = {"reference": "Q-4", "stages": [{"number": 1, "received": "2019-01-07"}]}
    status, body = service.post("/v1/due", {"complaints": [old], "as_of": "2024-05-14"})
    assert (status, body["problems"][0]["pointer"]) == (422, "/complaints/0")


# -- POST /v1/report --------------------------------------------------------------------------


def test_a_report_of_two_complaints_one_late(service: Service) -> None:
    """2023-24: two stage 1 complaints, one answered on time and one late → 50.0 %.

    Both received Tue 2023-05-02 and acknowledged the next day (2022 Code: respond within
    10 working days of logging, so by 2023-05-17 counting 4, 5, 9-12, 15-17 May — Monday 8th
    is the Coronation). One answered on the 10th, one on 30 May.
    """
    complaints = [
        {
            "reference": f"R-{i}",
            "stages": [
                {
                    "number": 1,
                    "received": "2023-05-02",
                    "acknowledged": "2023-05-03",
                    "responded": responded,
                }
            ],
        }
        for i, responded in enumerate(["2023-05-10", "2023-05-30"])
    ]
    status, body = service.post(
        "/v1/report", {"complaints": complaints, "year": 2023, "homes": 1000}
    )
    assert status == 200
    _openapi_validator(service, "Report").validate(body)
    stage1 = body["stages"][0]
    assert (stage1["received"], stage1["completed_on_time"], stage1["late"]) == (2, 1, 1)
    assert stage1["percent_completed_on_time"] == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert body["ch01"][0] == {"stage": 1, "tenure": None, "per_1000_homes": 2.0, "homes": 1000}
    assert body["as_of"] == "2024-03-31"
    assert body["complaints"] == 2


def test_the_sample_report_matches_the_library(service: Service) -> None:
    """The sample's report by tenure, over HTTP, is report_record of summarise()."""
    documents = _sample_documents()
    status, body = service.post(
        "/v1/report",
        {
            "complaints": documents,
            "year": 2023,
            "by": "tenure",
            "homes": {"LCRA": 4500, "LCHO": 300},
        },
    )
    assert status == 200
    assessments = [check(c, as_of=date(2024, 3, 31)) for c in _sample_complaints()]
    expected = report_record(
        summarise(
            assessments, period=FinancialYear(2023), by="tenure", homes={"LCRA": 4500, "LCHO": 300}
        )
    )
    assert {k: v for k, v in body.items() if k not in ("as_of", "complaints")} == expected


def test_bad_report_requests_are_refused(service: Service) -> None:
    """A missing year, a year out of range, an unknown basis, homes as text."""
    status, body = service.post("/v1/report", {"complaints": []})
    assert (status, body["problems"][0]["pointer"]) == (422, "/year")
    status, body = service.post(
        "/v1/report", {"complaints": [], "year": 1850, "ch02_basis": "sent", "homes": "many"}
    )
    assert status == 422
    assert {p["pointer"] for p in body["problems"]} == {"/homes"}
    status, body = service.post(
        "/v1/report", {"complaints": [], "year": 1850, "ch02_basis": "sent"}
    )
    assert {p["pointer"] for p in body["problems"]} == {"/year", "/ch02_basis"}
