"""Typed JSON records for other systems: JSON Lines in, one ``type`` per record out.

This module is the machine-facing side of the command line and the HTTP service. It reads
complaint documents written as **JSON Lines** (one complaint document per line, in the
schema of :func:`complaintcode.serialize.from_dict`) and builds the records written back.
Every record is a JSON object whose ``type`` says which schema it follows:

========================  ===========================================================
``type``                  what it is (its schema, :func:`complaintcode.serialize.schema`)
========================  ===========================================================
``"assessment"``          one checked complaint (``assessment``)
``"error"``               one input that could not be read, with every problem (``errors``)
``"deadlines"``           one stage's deadlines from dates alone (``deadlines``)
``"report"``              the annual performance table as numbers (``report``)
``"action"``              one action owed on an open complaint (``action``)
``"worklist"``            the work queue: actions across complaints (``action``)
========================  ===========================================================

Counts are JSON integers, percentages JSON numbers given with their basis (numerator
and denominator), dates ISO 8601 strings. A problem's place in a document is a JSON
Pointer (RFC 6901), e.g. ``/stages/0/received``.

>>> lines = [
...     '{"reference": "J-1", "stages": [{"number": 1, "received": "2023-05-05"}]}',
...     '{"reference": "J-2", "stages": [{"number": 1, "received": "5/5/2023"}]}']
>>> items = list(read_documents(lines))
>>> items[0].reference
'J-1'
>>> print(items[1])
line 2 (ref J-2): /stages/0/received: expected an ISO 8601 date ("2024-05-07") or date-time ("2024-05-07T16:45:00+01:00"); got '5/5/2023'
"""  # noqa: E501

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from fractions import Fraction
from typing import IO, Any

import attrs

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import ComplaintCodeError, InvalidDocument
from complaintcode.model import Complaint
from complaintcode.results import Assessment, Deadline, Timetable

__all__ = [
    "DocumentError",
    "action_record",
    "assessment_record",
    "deadline_record",
    "deadlines_record",
    "error_record",
    "json_pointer",
    "looks_like_json_lines",
    "percentage",
    "problems_record",
    "read_document",
    "read_documents",
    "read_numbered_documents",
    "report_record",
    "self_assessment_record",
    "worklist_record",
]

_INDEX = re.compile(r"\[(\d+)\]")


def json_pointer(path: str) -> str:
    """The JSON Pointer (RFC 6901) of a field path as the library writes it.

    >>> json_pointer("stages[0].received"), json_pointer("$"), json_pointer("reference")
    ('/stages/0/received', '', '/reference')
    """
    if path in ("", "$"):
        return ""
    parts: list[str] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            parts.append(name.replace("~", "~0").replace("/", "~1"))
        parts.extend(_INDEX.findall("[" + rest) if rest else [])
    return "/" + "/".join(parts)


@attrs.frozen
class DocumentError:
    """Why one input document (a JSON Lines line, or one complaint of a request) was refused.

    ``row`` is the line number (1 for the first line) or, in a request, the complaint's
    position counting from 1; ``problems`` every problem as (JSON Pointer, message).
    ``field`` and ``message`` are the first problem's, so code written for
    :class:`~complaintcode.records.RecordError` can report it the same way.

    >>> err = DocumentError(3, "C-3", (("/stages", "required key is missing"),))
    >>> print(err), err.field, err.value
    line 3 (ref C-3): /stages: required key is missing
    (None, '/stages', None)
    """

    row: int
    reference: str | None
    problems: tuple[tuple[str, str], ...]

    @property
    def field(self) -> str | None:
        """The first problem's pointer."""
        return self.problems[0][0] if self.problems else None

    @property
    def message(self) -> str:
        """Every problem in one line."""
        return "; ".join(f"{p or '/'}: {m}" for p, m in self.problems)

    @property
    def value(self) -> None:
        """Always ``None``: the offending values are quoted in the messages."""
        return None

    def __str__(self) -> str:
        where = f"line {self.row}" + (f" (ref {self.reference})" if self.reference else "")
        return f"{where}: {self.message}"

    @classmethod
    def from_exception(cls, row: int, exc: ComplaintCodeError) -> DocumentError:
        """The problems of a refused document, from the error the library raised.

        >>> from complaintcode.errors import InvalidComplaint
        >>> DocumentError.from_exception(
        ...     2, InvalidComplaint("C-2", "stages[0].acknowledged", "before receipt")).problems
        (('/stages/0/acknowledged', 'before receipt'),)
        """
        reference = getattr(exc, "reference", None)
        if isinstance(exc, InvalidDocument):
            problems = tuple((json_pointer(path), message) for path, message in exc.problems)
        elif isinstance(getattr(exc, "field", None), str) and isinstance(
            getattr(exc, "message", None), str
        ):
            problems = ((json_pointer(exc.field), exc.message),)  # type: ignore[attr-defined]
        else:
            problems = (("", str(exc)),)
        return cls(row, reference if isinstance(reference, str) else None, problems)


def _reference_of(data: object) -> str | None:
    if isinstance(data, Mapping):
        candidate = data.get("reference")
        if isinstance(candidate, str) and candidate.strip():
            return candidate
    return None


def read_document(data: object, row: int) -> Complaint | DocumentError:
    """One parsed JSON value → a complaint, or the error listing every problem.

    >>> read_document([], 1)
    DocumentError(row=1, reference=None, problems=(('', 'expected a JSON object (a complaint document); got a list'),))
    """  # noqa: E501
    from complaintcode.serialize import from_dict

    if not isinstance(data, Mapping):
        kind = {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(data), "a number"
        )
        return DocumentError(
            row, None, (("", f"expected a JSON object (a complaint document); got {kind}"),)
        )
    try:
        return from_dict(data, Complaint)
    except ComplaintCodeError as exc:
        return DocumentError.from_exception(row, exc)


def read_documents(
    source: str | os.PathLike[str] | IO[str] | Iterable[str],
) -> Iterator[Complaint | DocumentError]:
    """Read complaint documents written as JSON Lines: one complaint, or one error, per line.

    ``source`` is a path (UTF-8, a byte-order mark allowed) or an open text stream (for
    instance ``sys.stdin``); blank lines are skipped. A line that is not JSON, not an
    object, does not match the schema or describes an impossible history becomes a
    :class:`DocumentError` naming the line and every problem; reading goes on. Memory stays
    constant: one line at a time.

    >>> good = '{"reference": "L-1", "stages": [{"number": 1, "received": "2024-05-03"}]}'
    >>> [type(item).__name__ for item in read_documents([good, "", "[]"])]
    ['Complaint', 'DocumentError']
    """
    for _, item in read_numbered_documents(source):
        yield item


def read_numbered_documents(
    source: str | os.PathLike[str] | IO[str] | Iterable[str],
) -> Iterator[tuple[int, Complaint | DocumentError]]:
    """:func:`read_documents`, each item with its line number (1 for the first line).

    >>> lines = ["", '{"reference": "N-1", "stages": [{"number": 1, "received": "2024-05-03"}]}']
    >>> [(n, item.reference) for n, item in read_numbered_documents(lines)]
    [(2, 'N-1')]
    """
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig") as stream:
            yield from read_numbered_documents(stream)
        return
    for number, line in enumerate(source, start=1):
        text = line.lstrip("\ufeff") if number == 1 else line
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            yield number, DocumentError(number, None, (("", f"not valid JSON: {exc}"),))
            continue
        item = read_document(data, number)
        if isinstance(item, DocumentError) and item.reference is None:
            item = attrs.evolve(item, reference=_reference_of(data))
        yield number, item


def looks_like_json_lines(head: bytes) -> bool:
    """Whether the first bytes of a file are JSON Lines (an object) rather than CSV.

    >>> looks_like_json_lines(b'  {"reference": "A"'), looks_like_json_lines(b"reference,")
    (True, False)
    """
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def error_record(error: Any) -> dict[str, Any]:
    """The ``type: "error"`` record of a refused input (a JSON document or a CSV row).

    Every problem is listed with its ``pointer`` (a JSON Pointer into the document, or
    ``null`` for a CSV row), ``field`` (the CSV column or ``null``), ``value`` and
    ``message``.

    >>> error_record(DocumentError(4, None, (("/stages/0/number", "expected a whole number"),)))
    {'type': 'error', 'row': 4, 'reference': None, 'problems': [{'pointer': '/stages/0/number', 'field': None, 'value': None, 'message': 'expected a whole number'}]}
    """  # noqa: E501
    if isinstance(error, DocumentError):
        problems = [
            {"pointer": pointer, "field": None, "value": None, "message": message}
            for pointer, message in error.problems
        ]
    else:  # a reader's row error: .field, .value, .message (and maybe .problems)
        listed = getattr(error, "problems", None)
        rows = (
            listed
            if isinstance(listed, list | tuple) and listed and not isinstance(listed[0], str)
            else [error]
        )
        problems = [
            {
                "pointer": None,
                "field": getattr(p, "field", None),
                "value": getattr(p, "value", None),
                "message": getattr(p, "message", str(p)),
            }
            for p in rows
        ]
    return {"type": "error", "row": error.row, "reference": error.reference, "problems": problems}


def assessment_record(assessment: Assessment, *, row: int | None = None) -> dict[str, Any]:
    """The ``type: "assessment"`` record: the assessment's document, its type and input row.

    The keys are those of :func:`~complaintcode.serialize.to_dict`, after ``type`` and
    ``row`` (the input's line or row number, or ``null``).

    >>> from complaintcode import Complaint, Stage, check
    >>> record = assessment_record(check(Complaint("A-1", [Stage(1, date(2024, 5, 3))])), row=2)
    >>> record["type"], record["row"], record["reference"], record["compliant"]
    ('assessment', 2, 'A-1', True)
    """
    from complaintcode.serialize import to_dict

    return {"type": "assessment", "row": row, **to_dict(assessment)}


def deadline_record(deadline: Deadline | None) -> dict[str, Any] | None:
    """One deadline with everything that explains it (``null`` for no deadline).

    >>> from complaintcode import Complaint, Stage, check
    >>> table = check(Complaint("D", [Stage(1, date(2023, 5, 5))])).timetable[1]
    >>> record = deadline_record(table.acknowledge_by)
    >>> record["due"], record["working_days"], record["provision"], record["skipped"]
    ('2023-05-15', 5, '4.1', [{'day': '2023-05-08', 'name': 'Coronation of Charles III'}])
    """
    if deadline is None:
        return None
    return {
        "due": deadline.due.isoformat(),
        "counted_from": deadline.counted_from.isoformat(),
        "working_days": deadline.working_days,
        "event": deadline.event,
        "edition": deadline.edition,
        "provision": deadline.provision.number,
        "citation": deadline.citation,
        "explanation": deadline.explanation,
        "extensions": [
            {"working_days": days, "notified": notified.isoformat()}
            for days, notified in deadline.extensions
        ],
        "skipped": [{"day": d.day.isoformat(), "name": d.name} for d in deadline.skipped],
        "basis": deadline.basis,
    }


def deadlines_record(
    table: Timetable,
    *,
    received: date | datetime,
    edition: str,
    calendar: WorkingDayCalendar,
) -> dict[str, Any]:
    """The ``type: "deadlines"`` record of one stage: every deadline, explained.

    ``non_working_days`` lists every day from receipt to the last deadline on which no
    clock ran (weekends included), each with its name.

    >>> from complaintcode import Complaint, Stage, WorkingDayCalendar, check
    >>> cal = WorkingDayCalendar.england_and_wales()
    >>> a = check(Complaint("D", [Stage(1, date(2023, 5, 5))]), calendar=cal)
    >>> r = deadlines_record(a.timetable[1], received=date(2023, 5, 5), edition="2022",
    ...                      calendar=cal)
    >>> r["type"], r["acknowledge_by"]["due"], r["respond_by"]["due"]
    ('deadlines', '2023-05-15', '2023-05-30')
    """
    day = received.date() if isinstance(received, datetime) else received
    final = table.final_respond_by or table.acknowledge_by
    skipped = calendar.non_working_days(day, final.due) if final is not None else ()
    return {
        "type": "deadlines",
        "stage": table.stage,
        "edition": edition,
        "received": received.isoformat(),
        "clock_starts": calendar.effective_date(received).isoformat(),
        "acknowledge_by": deadline_record(table.acknowledge_by),
        "respond_by": deadline_record(table.respond_by),
        "extended_respond_by": deadline_record(table.extended_respond_by),
        "non_working_days": [{"day": d.day.isoformat(), "name": d.name} for d in skipped],
    }


def percentage(numerator: int, denominator: int) -> dict[str, Any]:
    """A percentage as a number (one decimal place, halves up) with its basis.

    ``value`` is ``null`` when the denominator is 0 (nothing to divide).

    >>> percentage(2, 3), percentage(0, 0)
    ({'value': 66.7, 'numerator': 2, 'denominator': 3}, {'value': None, 'numerator': 0, 'denominator': 0})
    """  # noqa: E501
    value: float | None = None
    if denominator:
        tenths = (Fraction(1000 * numerator, denominator) + Fraction(1, 2)).__floor__()
        value = tenths / 10
    return {"value": value, "numerator": numerator, "denominator": denominator}


_COUNTS = (
    "received",
    "excluded",
    "on_time",
    "within_extension",
    "completed_on_time",
    "late",
    "overdue",
    "open",
    "upheld",
    "partly_upheld",
    "not_upheld",
    "withdrawn",
    "no_outcome",
    "extensions_used",
)


def report_record(summary: Any) -> dict[str, Any]:
    """The ``type: "report"`` record of a :class:`~complaintcode.report.PerformanceSummary`.

    Every count is an integer and every percentage an object ``{value, numerator,
    denominator}``; figures come per stage and per group (``"All"`` first).

    >>> from complaintcode import Complaint, Stage, check
    >>> from complaintcode.report import FinancialYear, summarise
    >>> cases = [Complaint(f"R-{i}", [Stage(1, date(2023, 5, 2), acknowledged=date(2023, 5, 3),
    ...                                     responded=date(2023, 5, 10 + 10 * i))])
    ...          for i in range(2)]
    >>> record = report_record(summarise(map(check, cases), period=FinancialYear(2023)))
    >>> stage1 = record["stages"][0]
    >>> stage1["group"], stage1["received"], stage1["percent_completed_on_time"]
    ('All', 2, {'value': 50.0, 'numerator': 1, 'denominator': 2})
    """
    period = summary.period
    stages = []
    for number in summary.stages:
        for group in summary.columns:
            figures = summary.stage(number, group)
            days = figures.days_to_respond
            stages.append(
                {
                    "stage": number,
                    "group": group,
                    **{name: getattr(figures, name) for name in _COUNTS},
                    "percent_completed_on_time": percentage(
                        figures.completed_on_time, figures.received
                    ),
                    "percent_acknowledged_on_time": percentage(
                        figures.acknowledged_on_time, figures.acknowledgement_due
                    ),
                    "mean_working_days_to_respond": (
                        round(sum(days) / len(days), 1) if days else None
                    ),
                    "answered": len(days),
                }
            )
    ch01 = []
    if summary.homes is not None:
        homes = summary.homes
        tenures: list[str | None] = [None, *(sorted(homes) if isinstance(homes, Mapping) else [])]
        for number in (1, 2):
            for tenure in tenures:
                value = summary.ch01(number, tenure)
                ch01.append(
                    {
                        "stage": number,
                        "tenure": tenure,
                        "per_1000_homes": None if value is None else round(float(value), 1),
                        "homes": homes.get(tenure) if tenure else _total(homes),
                    }
                )
    ch02 = []
    for number in (1, 2):
        within, whole = summary.ch02_counts(number)
        ch02.append({"stage": number, **percentage(within, whole)})
    return {
        "type": "report",
        "period": None if period is None else _period(period),
        "by": summary.by,
        "groups": list(summary.columns),
        "editions": [edition.name for edition in summary.editions],
        "ch02_basis": summary.ch02_basis,
        "stages": stages,
        "escalation_rate": percentage(summary.stage(2).received, summary.stage(1).received),
        "ch01": ch01,
        "ch02": ch02,
        "timescales": summary.timescales(),
        "provenance": [made.to_dict() for made in summary.provenance],
    }


def self_assessment_record(assessment: Any) -> dict[str, Any]:
    """The ``type: "self_assessment"`` record of a :class:`~complaintcode.selfassessment.SelfAssessment`.

    One row per provision, with the published columns (``comply`` is ``null`` where
    nothing was measured) and the figures behind them: counts as integers, each
    percentage with its numerator and denominator.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> from complaintcode.selfassessment import self_assessment
    >>> late = Complaint("L", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))])
    >>> record = self_assessment_record(self_assessment([check(late)]))
    >>> record["type"], record["edition"], record["complaints"]
    ('self_assessment', '2024', 1)
    >>> row = next(r for r in record["rows"] if r["provision"] == "6.2")
    >>> row["comply"], row["figures"][0]["percent"]
    ('Red', {'value': 0.0, 'numerator': 0, 'denominator': 1})
    >>> record["rows"][0]["comply"], record["rows"][0]["evidence_from"]
    (None, 'landlord')
    """  # noqa: E501
    rows = []
    for row in assessment.rows:
        provision = row.provision
        figures = [
            {
                "provision": f.provision,
                "count": f.count,
                "total": f.total,
                "percent": percentage(f.count, f.total),
                "population": f.population,
                "outcome": f.outcome,
                "note": f.note,
            }
            for f in row.figures
        ]
        rows.append(
            {
                "provision": provision.number,
                "section": str(provision.section),
                "requirement": row.requirement,
                "evidence_from": provision.evidence,
                "comply": row.comply or None,
                "evidence": row.evidence,
                "commentary": row.commentary,
                "figures": figures,
            }
        )
    thresholds = assessment.thresholds
    return {
        "type": "self_assessment",
        "edition": assessment.edition.name,
        "thresholds": {"green": _number(thresholds.green), "amber": _number(thresholds.amber)},
        "complaints": assessment.complaints,
        "other_editions": assessment.other_editions,
        "rows": rows,
        "provenance": [made.to_dict() for made in assessment.provenance],
    }


def _number(value: Fraction) -> int | float:
    """A percentage threshold as a JSON number: whole when it is whole."""
    return int(value) if value.denominator == 1 else float(value)


def _period(period: Any) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}


def _total(homes: int | Mapping[str, int]) -> int:
    return sum(homes.values()) if isinstance(homes, Mapping) else homes


def problems_record(
    problems: Iterable[tuple[str, str]], *, status: int, title: str
) -> dict[str, Any]:
    """The ``type: "errors"`` body of a refused HTTP request: every problem with its pointer.

    >>> problems_record([("/as_of", "expected a date")], status=422, title="invalid request")
    {'type': 'errors', 'status': 422, 'title': 'invalid request', 'problems': [{'pointer': '/as_of', 'message': 'expected a date'}]}
    """  # noqa: E501
    return {
        "type": "errors",
        "status": status,
        "title": title,
        "problems": [{"pointer": pointer, "message": message} for pointer, message in problems],
    }


def action_record(action: Any) -> dict[str, Any]:
    """The ``type: "action"`` record of a :class:`~complaintcode.casework.Action`.

    >>> from complaintcode import Complaint, Stage
    >>> from complaintcode.casework import next_actions
    >>> first = next_actions(Complaint("A-9", [Stage(1, date(2024, 5, 3))]),
    ...                      as_of=date(2024, 5, 14))[0]
    >>> record = action_record(first)
    >>> record["kind"], record["due"], record["state"], record["working_days_left"]
    ('ACKNOWLEDGE', '2024-05-13', 'OVERDUE', -1)
    """
    return {
        "type": "action",
        "reference": action.reference,
        "kind": action.kind.name,
        "action": action.kind.label,
        "stage": action.stage,
        "due": action.due.isoformat(),
        "state": action.state.name,
        "working_days_left": action.working_days_left,
        "edition": action.edition,
        "provision": action.provision,
        "citation": action.citation,
        "basis": action.basis,
        "handler": action.handler,
    }


def worklist_record(queue: Any) -> dict[str, Any]:
    """The ``type: "worklist"`` record of a :class:`~complaintcode.casework.Worklist`.

    Counts are integers, with every state and kind present (0 where none).

    >>> from complaintcode import Complaint, Stage
    >>> from complaintcode.casework import worklist
    >>> record = worklist_record(worklist([Complaint("W-2", [Stage(1, date(2024, 5, 3))])],
    ...                                   as_of=date(2024, 5, 14)))
    >>> record["complaints"], record["by_state"]["OVERDUE"], len(record["actions"])
    (1, 1, 2)
    """
    return {
        "type": "worklist",
        "as_of": queue.as_of.isoformat(),
        "within": queue.within,
        "complaints": queue.complaints,
        "with_actions": queue.with_actions,
        "by_state": {state.name: count for state, count in queue.by_state.items()},
        "by_kind": {kind.name: count for kind, count in queue.by_kind.items()},
        "actions": [action_record(a) for a in queue.actions],
    }
