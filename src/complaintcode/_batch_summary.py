"""Counting a batch as its rows are checked: the summary, and why each row was rejected.

Exported (and presented) by :mod:`complaintcode.batch`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from complaintcode._text import counted
from complaintcode.records import RecordError
from complaintcode.results import Assessment, count_by_rule

if TYPE_CHECKING:
    from complaintcode.batch import Checked

__all__ = ["BatchSummary", "not_received", "read_text", "rejection_reason"]


def not_received(assessment: Assessment) -> bool:
    """Received after ``as_of``: on that day there was nothing to judge."""
    complaint = assessment.complaint
    return (
        assessment.as_of is not None
        and complaint is not None
        and complaint.stages[0].received_date > assessment.as_of
    )


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'(?: \(\d[\d,]* characters\))?" + r'|"(?:[^"\\]|\\.)*"')
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\b")
_NUMBER = re.compile(r"(?<!ISO )\b\d[\d,]*\b")


def rejection_reason(error: RecordError) -> str:
    """What is wrong with a rejected row, without its values: the key that groups rejections.

    Quoted cells become ``…``, dates ``<date>`` and other numbers ``<n>``, so that rows
    rejected for the same reason share one key.

    >>> err = RecordError(7, "HC-10", "received", "31/02/2024",
    ...                   "'31/02/2024' is not an ISO 8601 date (YYYY-MM-DD)")
    >>> rejection_reason(err)
    'received: … is not an ISO 8601 date (YYYY-MM-DD)'
    >>> rejection_reason(RecordError(9, None, None, None, "has 3 cell(s) but the header has 5 column(s)"))
    'has <n> cell(s) but the header has <n> column(s)'
    """  # noqa: E501
    text = _QUOTED.sub("…", error.message)
    text = _DATE.sub("<date>", text)
    text = _NUMBER.sub("<n>", text)
    return f"{error.field}: {text}" if error.field else text


def read_text(rows: int, records: int, rejected: int) -> str:
    """What was read, in words that cannot be misread: rows, and records when they differ.

    Where each record is one row (one row per complaint) the rows read and the rows
    rejected are enough. Where a complaint's rows were joined into one record (one row
    per stage), rows and records are different units, so both are named, and what was
    rejected is counted in records: records read = checked + rejected.

    >>> read_text(3, 3, 1)
    '3 rows read, 1 rejected'
    >>> read_text(14, 11, 1)
    '14 rows read as 11 records; 1 record rejected'
    """
    if rows == records:
        return f"{counted(rows, 'row')} read, {rejected:,} rejected"
    return f"{counted(rows, 'row')} read as {counted(records, 'record')}; " + (
        f"{counted(rejected, 'record')} rejected"
    )


class BatchSummary:
    """Counts over the rows of a batch: checked, rejected and why, breaches by rule.

    ``records`` = ``checked`` + ``rejected``, always; ``checked`` = ``compliant`` +
    ``with_breaches`` + ``advisory_only`` + ``not_received`` (received after ``as_of``).
    A record is what gets one result: a complaint's row, or in a one-row-per-stage export
    a complaint's stage rows joined together (or a row that could not be joined); ``rows``
    counts the export's data rows, which is ``records`` unless rows were joined.
    ``rejected_by_reason`` counts the rejected records by :func:`rejection_reason`; a
    record with several problems counts once under each.

    >>> summary = BatchSummary()
    >>> summary.rows, summary.records, summary.checked, summary.rejected
    (0, 0, 0, 0)
    >>> summary.rows = 3  # three stage rows read, nothing joined yet: 3 rows, 0 records
    >>> summary.joined, summary.unit
    (True, 'record')
    """

    def __init__(self) -> None:
        self.checked = 0
        self.compliant = 0
        self.with_breaches = 0
        self.advisory_only = 0
        self.not_received = 0
        self.rejected = 0
        self.by_edition: Counter[str] = Counter()
        self.breaches_by_rule: Counter[str] = Counter()
        self.advisories_by_rule: Counter[str] = Counter()
        self.rejected_by_reason: Counter[str] = Counter()
        self._rows: int | None = None

    @property
    def judged(self) -> int:
        """Complaints judged: checked, less those received after ``as_of``."""
        return self.checked - self.not_received

    @property
    def records(self) -> int:
        """Records counted so far, each with one result: checked or rejected."""
        return self.checked + self.rejected

    @property
    def rows(self) -> int:
        """The export's data rows read: :attr:`records`, unless set to the rows counted.

        Whoever reads the file sets it once the rows are read (:class:`~complaintcode.batch.Batch`
        does, from :attr:`complaintcode.records.CaseReader.rows`); it differs from
        ``records`` only where several rows were joined into one record.
        """
        return self.records if self._rows is None else self._rows

    @rows.setter
    def rows(self, value: int) -> None:
        self._rows = value

    @property
    def joined(self) -> bool:
        """Whether rows were joined into records, so that rows and records differ."""
        return self.rows != self.records

    @property
    def unit(self) -> str:
        """What a rejection counts: ``"row"``, or ``"record"`` where rows were joined."""
        return "record" if self.joined else "row"

    def read_text(self) -> str:
        """What was read: see :func:`read_text`."""
        return read_text(self.rows, self.records, self.rejected)

    def add(self, item: Checked) -> None:
        """Count one row's result."""
        result = item.result
        if isinstance(result, RecordError):
            self.rejected += 1
            problems = getattr(result, "problems", (result,))
            self.rejected_by_reason.update({rejection_reason(p) for p in problems})
            return
        self.checked += 1
        self.by_edition[result.edition.name] += 1
        if count_by_rule(result.findings, self.breaches_by_rule, self.advisories_by_rule):
            self.with_breaches += 1
        elif result.findings:
            self.advisory_only += 1
        elif not_received(result):
            self.not_received += 1
        else:
            self.compliant += 1

    def merge(self, other: BatchSummary) -> None:
        """Add another summary's counts to this one."""
        if self._rows is not None or other._rows is not None:
            self._rows = self.rows + other.rows  # before the records change
        self.checked += other.checked
        self.compliant += other.compliant
        self.with_breaches += other.with_breaches
        self.advisory_only += other.advisory_only
        self.not_received += other.not_received
        self.rejected += other.rejected
        self.rejected_by_reason.update(other.rejected_by_reason)
        self.by_edition.update(other.by_edition)
        self.breaches_by_rule.update(other.breaches_by_rule)
        self.advisories_by_rule.update(other.advisories_by_rule)
