"""The JSON endpoints under ``/v1``: each parses a body, calls the library and renders.

Nothing is stored between requests, and nothing from a request body is logged.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from complaintcode import __version__
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import check
from complaintcode.documents import (
    assessment_record,
    deadlines_record,
    report_record,
    worklist_record,
)
from complaintcode.editions import EDITIONS, CodeEdition, edition_for
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint, Stage
from complaintcode.report import FinancialYear, summarise
from complaintcode.results import Assessment, count_by_rule
from complaintcode.rules import RULES, catalogue
from complaintcode.server.requests import (
    BadRequest,
    CheckRequest,
    DeadlinesRequest,
    DueRequest,
    ReportRequest,
    complaint_of,
    complaints_of,
    cutoff_of,
    edition_of,
    read_body,
)

__all__ = [
    "check_body",
    "deadlines_body",
    "due_body",
    "editions_body",
    "health_body",
    "report_body",
]

_LATE_ACKNOWLEDGEMENT = ("moves-clock", "capped")


def _checked(
    complaint: Complaint,
    *,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: Any,
    pointer: str,
) -> Assessment:
    """check(), with the library's refusals (a date beyond the calendar) as a 422."""
    try:
        return check(
            complaint,
            calendar=calendar,
            edition=edition,
            as_of=as_of,
            late_acknowledgement=late_acknowledgement,
        )
    except ComplaintCodeError as exc:
        raise BadRequest(422, "cannot check the complaint", [(pointer, str(exc))]) from None


class Counts:
    """Counts of checked complaints, added one assessment at a time (as ``check`` counts)."""

    def __init__(self) -> None:
        self.complaints = 0
        self.with_breaches = 0
        self.advisory_only = 0
        self.breaches: Counter[str] = Counter()
        self.advisories: Counter[str] = Counter()

    def add(self, assessment: Assessment) -> str:
        """Count one assessment; its result in one word: compliant, breach or advisory."""
        self.complaints += 1
        if count_by_rule(assessment.findings, self.breaches, self.advisories):
            self.with_breaches += 1
            return "breach"
        if assessment.findings:
            self.advisory_only += 1
            return "advisory"
        return "compliant"

    @property
    def compliant(self) -> int:
        """Complaints with no breach (advisory findings allowed), as ``Assessment.compliant``."""
        return self.complaints - self.with_breaches

    @property
    def no_findings(self) -> int:
        """Complaints with no finding at all (what ``complaintcode check`` calls compliant)."""
        return self.complaints - self.with_breaches - self.advisory_only

    def record(self) -> dict[str, Any]:
        """The counts as JSON: every count an integer, rules in catalogue order."""
        return {
            "complaints": self.complaints,
            "compliant": self.compliant,
            "no_findings": self.no_findings,
            "with_breaches": self.with_breaches,
            "advisory_only": self.advisory_only,
            "breaches_by_rule": {r: self.breaches[r] for r in RULES if self.breaches[r]},
            "advisories_by_rule": {r: self.advisories[r] for r in RULES if self.advisories[r]},
        }


def check_counts(assessments: list[Assessment]) -> dict[str, Any]:
    """The counts of a batch: complaints, compliant, with breaches, findings by rule."""
    counts = Counts()
    for assessment in assessments:
        counts.add(assessment)
    return counts.record()


def check_body(data: Any, calendar: WorkingDayCalendar) -> dict[str, Any]:
    """``POST /v1/check``: an assessment record, or a batch's records and counts."""
    request = read_body(data, CheckRequest, what="a check request")
    if (request.complaint is None) == (request.complaints is None):
        raise BadRequest(
            422,
            "invalid request",
            [("", 'send exactly one of "complaint" (one document) or "complaints" (a list)')],
        )
    if request.late_acknowledgement not in _LATE_ACKNOWLEDGEMENT:
        raise BadRequest(
            422,
            "invalid request",
            [("/late_acknowledgement", "expected moves-clock or capped")],
        )
    edition = edition_of(request.edition)

    def checked(complaint: Complaint, pointer: str) -> Assessment:
        return _checked(
            complaint,
            calendar=calendar,
            edition=edition,
            as_of=request.as_of,
            late_acknowledgement=request.late_acknowledgement,
            pointer=pointer,
        )

    if request.complaint is not None:
        return assessment_record(
            checked(complaint_of(request.complaint, "/complaint"), "/complaint")
        )
    assert request.complaints is not None
    complaints = complaints_of(request.complaints, "/complaints")
    assessments = [checked(c, f"/complaints/{i}") for i, c in enumerate(complaints)]
    return {
        "type": "results",
        "as_of": None if request.as_of is None else request.as_of.isoformat(),
        "counts": check_counts(assessments),
        "assessments": [assessment_record(a, row=i + 1) for i, a in enumerate(assessments)],
    }


def due_body(data: Any, calendar: WorkingDayCalendar) -> dict[str, Any]:
    """``POST /v1/due``: the work queue of the complaints at ``as_of`` (a date or "now")."""
    from complaintcode.casework import worklist

    request = read_body(data, DueRequest, what="a due request")
    problems = []
    if request.within < 0:
        problems.append(("/within", f"expected 0 or more working days; got {request.within}"))
    if request.late_acknowledgement not in _LATE_ACKNOWLEDGEMENT:
        problems.append(("/late_acknowledgement", "expected moves-clock or capped"))
    if problems:
        raise BadRequest(422, "invalid request", problems)
    edition = edition_of(request.edition)
    complaints = complaints_of(request.complaints, "/complaints")
    refused: list[tuple[str, str]] = []
    index = {id(c): i for i, c in enumerate(complaints)}

    def on_error(complaint: Complaint, error: ComplaintCodeError) -> None:
        refused.append((f"/complaints/{index[id(complaint)]}", str(error)))

    try:
        queue = worklist(
            complaints,
            as_of=request.as_of,
            within=request.within,
            calendar=calendar,
            edition=edition,
            late_acknowledgement=request.late_acknowledgement,  # type: ignore[arg-type]
            on_error=on_error,
        )
    except ComplaintCodeError as exc:
        raise BadRequest(422, "cannot build the work queue", [("/as_of", str(exc))]) from None
    if refused:
        raise BadRequest(422, "cannot judge complaint(s)", refused)
    return worklist_record(queue)


def deadlines_body(data: Any, calendar: WorkingDayCalendar) -> dict[str, Any]:
    """``POST /v1/deadlines``: one stage's deadlines from its dates, each explained."""
    request = read_body(data, DeadlinesRequest, what="a deadlines request")
    problems: list[tuple[str, str]] = []
    if request.stage not in (1, 2, 3):
        problems.append(("/stage", f"expected 1, 2 or 3; got {request.stage}"))
    received = request.received
    day = received.date() if isinstance(received, datetime) else received
    first = request.stage1_received or day
    if request.stage1_received is not None and request.stage1_received > day:
        problems.append(("/stage1_received", "must not be after the stage's own received date"))
    if problems:
        raise BadRequest(422, "invalid request", problems)
    cutoff = cutoff_of(request.cutoff)
    if cutoff is not None:
        import attrs

        calendar = attrs.evolve(calendar, cutoff=cutoff)
    try:
        edition = edition_of(request.edition) or edition_for(first)
        stages = [Stage(1, received if request.stage == 1 else first)]
        for number in range(2, request.stage + 1):
            stages.append(Stage(number, received if number == request.stage else day))
        stages[-1] = Stage(
            request.stage,
            stages[-1].received,
            acknowledged=request.acknowledged,
            extensions=request.extensions,
        )
        assessment = check(Complaint("deadlines", stages), calendar=calendar, edition=edition)
    except ComplaintCodeError as exc:
        field = getattr(exc, "field", None)
        pointer = _request_pointer(field) if isinstance(field, str) else ""
        message = getattr(exc, "message", str(exc))
        raise BadRequest(422, "impossible dates", [(pointer, message)]) from None
    return deadlines_record(
        assessment.timetable[request.stage],
        received=received,
        edition=edition.name,
        calendar=calendar,
    )


def _request_pointer(field: str) -> str:
    """Where a complaint field built from a deadlines request came from in the request."""
    leaf = field.rpartition("]")[2].lstrip(".")
    if ".extensions[" in field:
        return "/extensions/" + field.split(".extensions[")[1].replace("].", "/").rstrip("]")
    return f"/{leaf}" if leaf else ""


def report_body(data: Any, calendar: WorkingDayCalendar) -> dict[str, Any]:
    """``POST /v1/report``: the year's figures; open cases judged as at the year's end."""
    request = read_body(data, ReportRequest, what="a report request")
    problems = []
    if not 2000 <= request.year <= 2098:
        problems.append(("/year", f"expected a financial year such as 2023; got {request.year}"))
    if request.ch02_basis not in ("responded", "received"):
        problems.append(("/ch02_basis", "expected responded or received"))
    if problems:
        raise BadRequest(422, "invalid request", problems)
    year = FinancialYear(request.year)
    as_of = request.as_of or year.end
    edition = edition_of(request.edition)
    complaints = complaints_of(request.complaints, "/complaints")
    assessments = [
        _checked(
            c,
            calendar=calendar,
            edition=edition,
            as_of=as_of,
            late_acknowledgement="moves-clock",
            pointer=f"/complaints/{i}",
        )
        for i, c in enumerate(complaints)
    ]
    try:
        summary = summarise(
            assessments,
            period=year,
            homes=request.homes,
            by=request.by,
            ch02_basis=request.ch02_basis,  # type: ignore[arg-type]
        )
    except ComplaintCodeError as exc:
        raise BadRequest(422, "invalid request", [("/by", str(exc))]) from None
    return {**report_record(summary), "as_of": as_of.isoformat(), "complaints": len(complaints)}


def rules_body() -> dict[str, Any]:
    """``GET /v1/rules``: every rule under every edition, with its provision."""
    return {
        "type": "rules",
        "rules": [
            {
                "rule": row.rule,
                "description": RULES[row.rule],
                "edition": row.edition,
                "provision": row.provision,
                "obligation": row.obligation,
                "certainty": row.certainty,
                "limit": row.limit or None,
            }
            for row in catalogue()
        ],
    }


def editions_body() -> dict[str, Any]:
    """``GET /v1/editions``: each edition's timescales and caps."""
    editions = []
    for edition in EDITIONS:
        stages = []
        for number, rules in enumerate(edition.stages, start=1):
            ack = rules.acknowledge
            stages.append(
                {
                    "stage": number,
                    "acknowledge_working_days": None if ack is None else ack.working_days,
                    "acknowledge_provision": None if ack is None else ack.provision.number,
                    "respond_working_days": rules.respond.working_days,
                    "respond_runs_from": rules.respond.runs_from,
                    "respond_provision": rules.respond.provision.number,
                    "extension_cap_working_days": rules.extension_cap.working_days,
                    "extension_cap_provision": rules.extension_cap.provision.number,
                }
            )
        editions.append(
            {
                "name": edition.name,
                "title": edition.title,
                "in_force_from": edition.in_force_from.isoformat(),
                "max_stages": edition.max_stages,
                "stages": stages,
            }
        )
    return {"type": "editions", "editions": editions}


def health_body() -> dict[str, Any]:
    """``GET /healthz``: the service answers, and which version it is."""
    return {"type": "health", "status": "ok", "version": __version__}
