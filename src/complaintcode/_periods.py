"""Reporting periods: a span of days, and the UK financial year with its quarters.

Exported (and presented) by :mod:`complaintcode.report` and :mod:`complaintcode`.
"""

from __future__ import annotations

from datetime import date

import attrs

from complaintcode.errors import InvalidArgument

__all__ = ["AnyPeriod", "FinancialYear", "Period"]


@attrs.frozen
class Period:
    """A span of days, both ends included.

    >>> Period(date(2024, 1, 1), date(2024, 3, 31)).contains(date(2024, 3, 31))
    True
    """

    start: date
    end: date
    label: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidArgument("end", self.end, f"on or after start {self.start}")
        if not self.label:
            object.__setattr__(self, "label", f"{self.start} to {self.end}")

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end

    @property
    def title(self) -> str:
        """The period in words, for headings."""
        return f"{_long(self.start)} to {_long(self.end)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@attrs.frozen
class FinancialYear:
    """A UK financial year: ``FinancialYear(2023)`` is 1 April 2023 to 31 March 2024.

    >>> fy = FinancialYear(2023)
    >>> fy.start, fy.end, fy.label
    (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31), '2023-24')
    >>> [q.label for q in fy.quarters]
    ['Q1 2023-24', 'Q2 2023-24', 'Q3 2023-24', 'Q4 2023-24']
    >>> fy.quarter_of(date(2024, 2, 29))
    'Q4 2023-24'
    """

    year: int

    @property
    def start(self) -> date:
        """1 April of ``year``."""
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        """31 March of the next year."""
        return date(self.year + 1, 3, 31)

    @property
    def label(self) -> str:
        """Like "2023-24"."""
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def title(self) -> str:
        """The period in words, for headings."""
        return f"{_long(self.start)} to {_long(self.end)}"

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the financial year."""
        return self.start <= day <= self.end

    @property
    def quarters(self) -> tuple[Period, ...]:
        """Q1 (April-June) to Q4 (January-March)."""
        y = self.year
        bounds = [
            (date(y, 4, 1), date(y, 6, 30)),
            (date(y, 7, 1), date(y, 9, 30)),
            (date(y, 10, 1), date(y, 12, 31)),
            (date(y + 1, 1, 1), date(y + 1, 3, 31)),
        ]
        return tuple(
            Period(start, end, f"Q{i} {self.label}") for i, (start, end) in enumerate(bounds, 1)
        )

    def quarter_of(self, day: date) -> str:
        """The label of the quarter ``day`` falls in (or "outside" the year)."""
        for quarter in self.quarters:
            if quarter.contains(day):
                return quarter.label
        return "outside " + self.label


AnyPeriod = Period | FinancialYear
