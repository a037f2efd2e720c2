"""Periods: an end before the start is refused; days outside a financial year say so."""

from __future__ import annotations

from datetime import date

import pytest

from complaintcode.errors import InvalidArgument
from complaintcode.report import FinancialYear, Period


def test_a_period_ending_before_it_starts_is_refused_naming_the_end() -> None:
    assert Period(date(2024, 5, 1), date(2024, 5, 1)).label == "2024-05-01 to 2024-05-01"
    with pytest.raises(
        InvalidArgument, match=r"^end must be on or after start 2024-05-02; got datetime\.date"
    ) as raised:
        Period(date(2024, 5, 2), date(2024, 5, 1))
    assert raised.value.value == date(2024, 5, 1)


def test_the_quarter_of_a_day_outside_the_year_is_outside_it() -> None:
    # The 2024-25 financial year runs from 1 April 2024 to 31 March 2025.
    year = FinancialYear(2024)
    assert year.quarter_of(date(2024, 4, 1)) == "Q1 2024-25"
    assert year.quarter_of(date(2025, 3, 31)) == "Q4 2024-25"
    assert year.quarter_of(date(2024, 3, 31)) == "outside 2024-25"
    assert year.quarter_of(date(2025, 4, 1)) == "outside 2024-25"
