"""Checking an uploaded export in memory: counts, findings, the work queue, the year's table.

One pass over the rows: each complaint is checked, counted, written to the results CSV
and handed on to :func:`complaintcode.report.summarise`, which keeps only counters; only
the open stages (for the work queue) and the first complaints with findings (for the
page) are kept as they go. So a large export is checked in little memory, and nothing is
written to disk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import attrs

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import check
from complaintcode.errors import ComplaintCodeError
from complaintcode.records import ColumnMap, RecordError, read_cases
from complaintcode.report import FinancialYear, PerformanceSummary, summarise
from complaintcode.results import Assessment, StageStatus
from complaintcode.server.api import Counts

__all__ = ["CSV_COLUMNS", "ExportResults", "QueueItem", "check_export"]

SHOWN = 200
"""How many complaints with findings, and rejected rows, the page lists (the CSV has all)."""

CSV_COLUMNS = (
    "row",
    "reference",
    "result",
    "edition",
    "breaches",
    "advisories",
    "rules",
    "stage1_status",
    "stage1_final_respond_by",
    "stage2_status",
    "stage2_final_respond_by",
    "findings",
    "error",
)
"""The columns of the per-complaint results CSV the page offers for download."""

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


@attrs.frozen
class QueueItem:
    """One open stage in the work queue: what is owed, by when, and where it stands."""

    reference: str
    stage: int
    action: str
    due: date
    overdue: bool
    basis: str


@attrs.define
class ExportResults:
    """What the page shows about an export."""

    rows: int = 0
    counts: Counts = attrs.field(factory=Counts)
    rejected: int = 0
    rejections: list[RecordError] = attrs.field(factory=list)
    findings: list[Assessment] = attrs.field(factory=list)
    queue: list[QueueItem] = attrs.field(factory=list)
    summary: PerformanceSummary | None = None
    csv_text: str = ""


def _queue_items(assessment: Assessment) -> Iterator[QueueItem]:
    """The open stages of an assessment as queue items (acknowledgement, then response)."""
    complaint = assessment.complaint
    assert complaint is not None
    as_of = assessment.as_of
    for number, status in assessment.statuses.items():
        if status not in (StageStatus.OPEN, StageStatus.OVERDUE):
            continue
        stage = complaint.stages[number - 1]
        table = assessment.timetable[number]
        if stage.acknowledged is None and table.acknowledge_by is not None:
            due = table.acknowledge_by
            late = as_of is not None and as_of > due.due
            yield QueueItem(complaint.reference, number, "acknowledge", due.due, late, due.basis)
        final = table.final_respond_by
        if final is not None:
            yield QueueItem(
                complaint.reference,
                number,
                "respond",
                final.due,
                status is StageStatus.OVERDUE,
                final.basis,
            )


def _status_cells(assessment: Assessment, number: int) -> list[str]:
    table = assessment.timetable.get(number)
    status = assessment.statuses.get(number)
    final = table.final_respond_by if table is not None else None
    return [
        status.name if status is not None else "",
        final.due.isoformat() if final is not None else "",
    ]


def check_export(
    text: str,
    *,
    columns: ColumnMap | None,
    date_format: str | None,
    as_of: date | None,
    year: int | None,
    calendar: WorkingDayCalendar,
) -> ExportResults:
    """Check every complaint of an export given as text; raises the reader's errors.

    ``as_of`` judges open stages (and builds the work queue); ``year`` chooses the
    financial year of the annual table, whose open cases are judged as at ``as_of`` or,
    without it, the year's last day.
    """
    results = ExportResults()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    period = FinancialYear(year) if year is not None else None
    judged = as_of if as_of is not None else (period.end if period is not None else None)

    def assessments() -> Iterator[Assessment]:
        with read_cases(io.StringIO(text), columns=columns, date_format=date_format) as cases:
            for item in cases:
                results.rows += 1
                if isinstance(item, RecordError):
                    _reject(item)
                    continue
                try:
                    assessment = check(item, calendar=calendar, as_of=judged)
                except ComplaintCodeError as exc:
                    _reject(RecordError(cases.row, item.reference, None, None, str(exc)))
                    continue
                _count(assessment, cases.row)
                yield assessment

    def _reject(error: RecordError) -> None:
        results.rejected += 1
        if len(results.rejections) < SHOWN:
            results.rejections.append(error)
        message = f"{error.field}: {error.message}" if error.field else error.message
        writer.writerow(
            [error.row, _cell(error.reference or ""), "rejected"]
            + [""] * (len(CSV_COLUMNS) - 4)
            + [_cell(message)]
        )

    def _count(assessment: Assessment, row: int) -> None:
        result = results.counts.add(assessment)
        if assessment.findings and len(results.findings) < SHOWN:
            results.findings.append(assessment)
        if as_of is not None:
            results.queue.extend(_queue_items(assessment))
        breaches = len(assessment.breaches)
        writer.writerow(
            [
                row,
                _cell(assessment.reference),
                result,
                assessment.edition.name,
                breaches,
                len(assessment.findings) - breaches,
                ";".join(f.rule for f in assessment.findings),
                *_status_cells(assessment, 1),
                *_status_cells(assessment, 2),
                _cell(" | ".join(f.message for f in assessment.findings)),
                "",
            ]
        )

    summary = summarise(assessments(), period=period)
    results.summary = summary if period is not None else None
    results.queue.sort(key=lambda q: (not q.overdue, q.due, q.reference, q.stage))
    results.csv_text = out.getvalue()
    return results
