"""Laws of summarise(): the identities every published table must satisfy."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintcode import Assessment, check
from complaintcode.report import ALL, FinancialYear, summarise
from complaintcode.strategies import complaints

TENURES = st.sampled_from([None, "LCRA", "LCHO"])


@st.composite
def assessment_lists(draw: st.DrawFn) -> list[Assessment]:
    """Checked complaints received 2022-2025, with a tenure, judged as of a drawn day."""
    cases = draw(
        st.lists(
            complaints(min_received=date(2022, 1, 3), max_received=date(2025, 6, 30)),
            max_size=12,
        )
    )
    as_of = draw(st.none() | st.dates(min_value=date(2022, 6, 1), max_value=date(2026, 6, 30)))
    out = []
    for complaint in cases:
        with_tenure = attrs.evolve(complaint, tenure=draw(TENURES))
        out.append(check(with_tenure, as_of=as_of))
    return out


@settings(max_examples=60)
@given(assessment_lists(), st.sampled_from([None, 2022, 2023, 2024]))
def test_received_is_completed_on_time_plus_late_plus_overdue_plus_open(
    assessments: list[Assessment], year: int | None
) -> None:
    """For every stage and group: received = completed on time + late + overdue + open."""
    period = FinancialYear(year) if year else None
    summary = summarise(assessments, period=period, by="tenure")
    for group in summary.columns:
        for number in summary.stages:
            f = summary.stage(number, group)
            assert f.received == f.completed_on_time + f.late + f.overdue + f.open
            outcomes = f.upheld + f.partly_upheld + f.not_upheld + f.withdrawn + f.no_outcome
            assert outcomes == f.received
            assert f.acknowledged_on_time <= f.acknowledgement_due <= f.received


@settings(max_examples=60)
@given(assessment_lists(), st.sampled_from([None, 2022, 2023, 2024]))
def test_group_totals_add_up_to_the_ungrouped_figures(
    assessments: list[Assessment], year: int | None
) -> None:
    """Summing every group's figures gives the "All" figures, and the ungrouped summary."""
    period = FinancialYear(year) if year else None
    grouped = summarise(assessments, period=period, by="tenure")
    plain = summarise(assessments, period=period)
    fields = ("received", "excluded", "on_time", "within_extension", "late", "overdue", "open")
    for number in grouped.stages:
        for name in fields:
            total = sum(getattr(grouped.stage(number, g), name) for g in grouped.groups)
            assert total == getattr(grouped.stage(number, ALL), name)
            assert total == getattr(plain.stage(number), name)


@settings(max_examples=40)
@given(assessment_lists())
def test_quarters_add_up_to_the_year(assessments: list[Assessment]) -> None:
    """Grouping by quarter splits the year's stages without losing any."""
    year = FinancialYear(2023)
    by_quarter = summarise(assessments, period=year, by="quarter")
    whole = summarise(assessments, period=year)
    for number in whole.stages:
        total = sum(by_quarter.stage(number, q).received for q in by_quarter.groups)
        assert total == whole.stage(number).received
