"""summarise() and PerformanceSummary: the arguments they refuse and the figures they omit.

Every refusal is an InvalidArgument naming the argument and the value given.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from complaintcode import Complaint, Stage, check
from complaintcode.errors import InvalidArgument
from complaintcode.report import FinancialYear, Period, summarise

# Monday 3 June 2024: acknowledged the next day (1 working day, within 5) and answered on
# Monday 10 June (5 working days, within the 10 of stage 1): on time on both counts.
ON_TIME = Complaint(
    "T-1",
    [Stage(1, date(2024, 6, 3), acknowledged=date(2024, 6, 4), responded=date(2024, 6, 10))],
    tenure="LCRA",
)
YEAR = FinancialYear(2024)


def test_an_unknown_group_is_refused_naming_it() -> None:
    summary = summarise([check(ON_TIME)], period=YEAR, by="tenure")
    assert summary.stage(1, "LCRA").received == 1
    with pytest.raises(InvalidArgument, match=r"^group must be one of .*LCRA.*; got 'LCHO'$"):
        summary.stage(1, "LCHO")


def test_ch01_without_homes_is_none() -> None:
    """No homes given: no per-1,000-homes figure can be worked out, so there is none."""
    assert summarise([check(ON_TIME)], period=YEAR).ch01(1) is None


def test_ch01_for_a_tenure_without_homes_is_refused() -> None:
    summary = summarise([check(ON_TIME)], period=YEAR, homes={"LCRA": 500}, by="tenure")
    # One stage 1 complaint over 500 homes: 2 per 1,000.
    assert summary.ch01(1, "LCRA") == 2
    with pytest.raises(InvalidArgument, match=r"^tenure must be one of LCRA; got 'LCHO'$"):
        summary.ch01(1, "LCHO")


def test_ch01_by_tenure_needs_homes_by_tenure() -> None:
    summary = summarise([check(ON_TIME)], period=YEAR, homes=1000)
    assert summary.ch01(1) == 1  # one complaint over 1,000 homes
    with pytest.raises(
        InvalidArgument, match=r"^tenure must be None when homes is a single number; got 'LCRA'$"
    ):
        summary.ch01(1, "LCRA")


def test_ch02_counts_on_the_received_basis_are_the_stages_received() -> None:
    summary = summarise([check(ON_TIME)], period=YEAR, ch02_basis="received")
    assert summary.ch02_counts(1) == (1, 1)
    assert summary.ch02_counts(2) == (0, 0)  # no stage 2 complaint received


def test_an_unknown_ch02_basis_is_refused_naming_it() -> None:
    with pytest.raises(
        InvalidArgument, match=r"^ch02_basis must be 'responded' or 'received'; got 'sent'$"
    ):
        summarise([check(ON_TIME)], ch02_basis="sent")  # type: ignore[arg-type]


def test_quarters_need_a_financial_year() -> None:
    period = Period(date(2024, 4, 1), date(2024, 9, 30))
    with pytest.raises(
        InvalidArgument, match=r"^by must be 'quarter' only with period=FinancialYear"
    ) as raised:
        summarise([check(ON_TIME)], period=period, by="quarter")
    assert raised.value.value == "quarter"


def test_an_assessment_without_its_complaint_is_refused_naming_it() -> None:
    """Reports group by the complaint's fields: an assessment built without it cannot count."""
    bare = attrs.evolve(check(ON_TIME), complaint=None)
    with pytest.raises(
        InvalidArgument, match=r"^assessments must be assessments made by check\(\); got 'T-1'$"
    ):
        summarise([bare], period=YEAR)


def test_without_a_calendar_the_report_states_no_provenance() -> None:
    """An assessment without its calendar counts, but the report cannot say what made it."""
    with_calendar = summarise([check(ON_TIME)], period=YEAR)
    without = summarise([attrs.evolve(check(ON_TIME), calendar=None)], period=YEAR)
    assert with_calendar.provenance
    assert without.provenance == ()
    assert without.stage(1).completed_on_time == 1
    made = with_calendar.provenance[0].sentence()
    assert made in with_calendar.to_markdown()
    assert made not in without.to_markdown()
