"""Counting a batch as its rows are checked: the summary, and why each row was rejected.

Exported (and presented) by :mod:`complaintcode.batch`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from complaintcode.records import RecordError
from complaintcode.results import Assessment, count_by_rule

if TYPE_CHECKING:
    from complaintcode.batch import Checked

__all__ = ["BatchSummary", "not_received", "rejection_reason"]


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


class BatchSummary:
    """Counts over the rows of a batch: checked, rejected and why, breaches by rule.

    ``rows`` = ``checked`` + ``rejected``, always; ``checked`` = ``compliant`` +
    ``with_breaches`` + ``advisory_only`` + ``not_received`` (received after ``as_of``).
    ``rejected_by_reason`` counts the rejected rows by :func:`rejection_reason`; a row with
    several problems counts once under each.

    >>> summary = BatchSummary()
    >>> summary.rows, summary.checked, summary.rejected
    (0, 0, 0)
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

    @property
    def judged(self) -> int:
        """Complaints judged: checked, less those received after ``as_of``."""
        return self.checked - self.not_received

    @property
    def rows(self) -> int:
        """Data rows counted so far (checked or rejected)."""
        return self.checked + self.rejected

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
