"""Checking an uploaded export in memory: counts, findings, the work queue, the year's table.

One pass over the rows with the library's batch checker
(:func:`complaintcode.batch.check_export`, the one ``complaintcode check`` uses, so the
counts are the same): each result is counted, written to the results CSV (the rows of
``complaintcode check --format csv``) and handed on to
:func:`complaintcode.report.summarise`, which keeps only counters. Only the first
complaints with findings and rejected rows (for the page) and the open actions (for the
work queue, from :func:`complaintcode.casework.worklist`) are kept. So a large export is
checked in little memory, and nothing is written to disk.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import attrs

from complaintcode.batch import BatchSummary, Checked, check_export
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.casework import Action, ActionState, worklist
from complaintcode.cli.output import CaseLines, csv_header
from complaintcode.model import Complaint
from complaintcode.provenance import Provenance
from complaintcode.records import ColumnMap, RecordError
from complaintcode.records.columns import DELIMITER_NAMES
from complaintcode.records.guess import sniff_delimiter
from complaintcode.report import FinancialYear, PerformanceSummary, summarise
from complaintcode.results import Assessment

__all__ = ["SHOWN", "ExportResults", "check_upload"]

SHOWN = 200
"""How many complaints with findings, rejected rows and actions the page lists."""


@attrs.define
class ExportResults:
    """What the page shows about an export."""

    summary: BatchSummary = attrs.field(factory=BatchSummary)
    rejections: list[RecordError] = attrs.field(factory=list)
    findings: list[Assessment] = attrs.field(factory=list)
    queue: list[Action] = attrs.field(factory=list)
    queue_size: int = 0
    overdue: int = 0
    report: PerformanceSummary | None = None
    csv_text: str = ""
    separated: str = ""  # how the CSV's cells were found to be separated, when not by commas


def check_upload(
    export: str | bytes,
    *,
    columns: ColumnMap | None,
    date_format: str | None,
    as_of: date | None,
    year: int | None,
    calendar: WorkingDayCalendar,
) -> ExportResults:
    """Check every complaint of an export; raises the reader's errors.

    ``export`` is CSV text, or the bytes of a workbook (read in memory; it needs the
    ``excel`` extra, and without it the reader's error names the extra). The delimiter
    of CSV text is the column map's; without one, it is found from the first rows as
    ``complaintcode columns`` finds it (the one that splits a row into the most known
    column names, else a comma, whose error then names a delimiter that would do).

    ``as_of`` judges open stages and builds the work queue; ``year`` chooses the
    financial year of the annual table, whose open cases are judged as at ``as_of`` or,
    without it, the year's last day.
    """
    results = ExportResults()
    period = FinancialYear(year) if year is not None else None
    judged = as_of if as_of is not None else (period.end if period is not None else None)
    rows = CaseLines("csv", quiet=False, made=Provenance.of(calendar))
    out = io.StringIO()
    out.write(csv_header())
    open_complaints: list[Complaint] = []
    reading = {}
    if isinstance(export, str) and (columns is None or columns.delimiter is None):
        names = [theirs for _, theirs in columns.columns] if columns is not None else []
        found = sniff_delimiter(io.StringIO(export[: 1 << 16]).readlines()[:200], names)
        if found is not None and found != ",":
            reading["delimiter"] = found
            results.separated = f"{DELIMITER_NAMES[found]} (found from the file's first rows)"
    elif isinstance(export, str) and columns is not None and columns.delimiter != ",":
        results.separated = f"{DELIMITER_NAMES[columns.delimiter or ',']} (the column map's)"

    def assessments() -> Iterator[Assessment]:
        source = io.StringIO(export) if isinstance(export, str) else io.BytesIO(export)
        batch = check_export(
            source,
            columns=columns,
            date_format=date_format,
            calendar=calendar,
            as_of=judged,
            reading=reading,
        )
        with batch:
            for item in batch:
                results.summary.add(item)
                out.write(rows(item))
                yield from _keep(item)
        results.summary.rows = batch.summary.rows  # the file's rows, as check counts them

    def _keep(item: Checked) -> Iterator[Assessment]:
        result = item.result
        if isinstance(result, RecordError):
            if len(results.rejections) < SHOWN:
                results.rejections.append(result)
            return
        if result.findings and len(results.findings) < SHOWN:
            results.findings.append(result)
        if as_of is not None and result.complaint is not None and _is_open(result):
            open_complaints.append(result.complaint)
        yield result

    summary = summarise(assessments(), period=period)
    results.report = summary if period is not None else None
    if as_of is not None:
        queue = worklist(open_complaints, as_of=as_of, calendar=calendar)
        results.queue = list(queue.actions[:SHOWN])
        results.queue_size = len(queue.actions)
        results.overdue = queue.by_state[ActionState.OVERDUE]
    results.csv_text = out.getvalue()
    return results


def _is_open(assessment: Assessment) -> bool:
    """Whether anything may still be owed: a stage unanswered, or a remedy not completed."""
    complaint = assessment.complaint
    assert complaint is not None
    return any(s.responded is None for s in complaint.stages) or any(
        r.completed is None for r in complaint.remedies
    )
