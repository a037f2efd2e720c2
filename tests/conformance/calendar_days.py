"""A deliberately wrong implementation of the Code, for the conformance runner's tests.

It stands for another system's deadline logic, written with the standard library only (as
a system in another language would be): it reads one case input as JSON on standard input
and writes its answer on standard output. Its mistake is the classic one: it counts
**calendar days** (5 to acknowledge, 10 to respond at stage 1, 20 at stage 2) instead of
working days, so weekends and bank holidays are not skipped.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from typing import Any


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def _edition(received: date) -> str:
    if received >= date(2024, 4, 1):
        return "2024"
    return "2022" if received >= date(2022, 4, 1) else "2020"


def answer(document: dict[str, Any]) -> dict[str, Any]:
    """Deadlines, statuses and findings, counted in calendar days."""
    stages = document["complaint"]["stages"]
    as_of = _day(document.get("as_of"))
    edition = document.get("edition") or _edition(_day(stages[0]["received"]) or date.min)
    timetable, statuses, findings = [], [], []
    for stage in stages:
        number = stage["number"]
        received = _day(stage["received"])
        acknowledged = _day(stage.get("acknowledged"))
        responded = _day(stage.get("responded"))
        assert received is not None
        acknowledge_by = received + timedelta(days=5)
        start = acknowledged or acknowledge_by
        respond_by = start + timedelta(days=10 if number == 1 else 20)
        timetable.append(
            {
                "stage": number,
                "acknowledge_by": acknowledge_by.isoformat(),
                "respond_by": respond_by.isoformat(),
                "extended_respond_by": None,
            }
        )
        if responded is None:
            status = "OVERDUE" if as_of is not None and as_of > respond_by else "OPEN"
        else:
            status = "ON_TIME" if responded <= respond_by else "LATE"
        statuses.append({"stage": number, "status": status})
        if acknowledged is not None and acknowledged > acknowledge_by:
            findings.append({"rule": f"stage{number}.acknowledgement", "stage": number})
        if status in ("LATE", "OVERDUE"):
            findings.append({"rule": f"stage{number}.response", "stage": number})
    return {"edition": edition, "timetable": timetable, "statuses": statuses, "findings": findings}


if __name__ == "__main__":
    json.dump(answer(json.load(sys.stdin)), sys.stdout)
