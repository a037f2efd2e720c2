"""The columnar engine gives the object engine's answers, field by field.

Each law draws a batch of complaints from ``complaintcode.strategies`` and checks it both
ways: every row's :class:`~complaintcode.Assessment` (edition, every deadline with its
basis, statuses, refusals and every finding with its message) must be equal, as must the
``findings`` column of the results table (worded on whole columns), and a row the object
engine refuses to judge must fail in the columnar engine with the same error.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintcode import (
    CODE_2024,
    Complaint,
    ComplaintCodeError,
    WorkingDayCalendar,
    check,
)
from complaintcode.columnar import check_complaints
from complaintcode.editions import CodeEdition, Limit
from complaintcode.strategies import calendars, complaints

# A landlord's own, stricter timetable: acknowledge in 3 working days, answer stage 1 in 7.
_STRICT_2024 = attrs.evolve(
    CODE_2024,
    stages=(
        attrs.evolve(
            CODE_2024.stage(1),
            acknowledge=Limit(3, "receipt", CODE_2024.stage(1).respond.provision),
            respond=attrs.evolve(CODE_2024.stage(1).respond, working_days=7),
        ),
        CODE_2024.stage(2),
    ),
)

_AS_OF = (
    st.none()
    | st.dates(date(2020, 7, 1), date(2027, 12, 31))
    | st.datetimes(datetime(2020, 7, 1), datetime(2027, 12, 31))
)
_LATE = st.sampled_from(["moves-clock", "capped"])


def _same_answers(
    batch: list[Complaint],
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: str = "moves-clock",
) -> None:
    options = {
        "calendar": calendar,
        "edition": edition,
        "as_of": as_of,
        "late_acknowledgement": late_acknowledgement,
    }
    results = check_complaints(batch, **options)  # type: ignore[arg-type]
    assert len(results) == len(batch)
    # The findings column, worded on whole columns, against each finding worded row by row.
    column = results.table_columns()["findings"].to_pylist()
    for i, complaint in enumerate(batch):
        refused: str | None = None
        try:
            expected = check(complaint, **options)  # type: ignore[arg-type]
        except ComplaintCodeError as error:
            refused = str(error)
        assert results.error(i) == refused
        assert bool(results.failed[i]) == (refused is not None)
        if refused is not None:
            assert column[i] is None
            continue
        got = results.assessment(i)
        assert got.findings == expected.findings
        assert column[i] == (" | ".join(f.message for f in expected.findings) or None)
        assert got.timetable == expected.timetable
        for number, table in expected.timetable.items():
            mine = got.timetable[number]
            for theirs, ours in zip(table[1:4], mine[1:4], strict=True):
                assert (ours and ours.basis) == (theirs and theirs.basis)
        assert got == expected
        assert got.complaint == complaint


@settings(max_examples=150)
@given(
    st.lists(complaints(), min_size=1, max_size=12),
    _AS_OF,
    _LATE,
    st.sampled_from([None, "2020", "2022", "2024"]),
)
def test_every_edition_gives_the_same_answers(
    batch: list[Complaint], as_of: date | datetime | None, late: str, edition: str | None
) -> None:
    """Any batch, any as_of, either clock rule, chosen or forced edition: equal answers."""
    _same_answers(batch, edition=edition, as_of=as_of, late_acknowledgement=late)


@settings(max_examples=60)
@given(
    st.lists(complaints(compliant=False), min_size=1, max_size=12),
    _AS_OF,
    _LATE,
)
def test_breaches_give_the_same_findings(
    batch: list[Complaint], as_of: date | datetime | None, late: str
) -> None:
    """Complaints made to breach a rule (every rule family): the same findings."""
    _same_answers(batch, as_of=as_of, late_acknowledgement=late)


@settings(max_examples=40)
@given(st.data(), calendars(), _AS_OF, _LATE)
def test_custom_calendars_give_the_same_answers(
    data: st.DataObject, calendar: WorkingDayCalendar, as_of: date | datetime | None, late: str
) -> None:
    """Closures, cut-offs (datetimes of receipt), the strict start rule, other nations."""
    batch = data.draw(st.lists(complaints(calendar=calendar), min_size=1, max_size=10))
    _same_answers(batch, calendar=calendar, as_of=as_of, late_acknowledgement=late)


@settings(max_examples=40)
@given(st.lists(complaints(edition="2024"), min_size=1, max_size=10), _AS_OF)
def test_a_user_edition_gives_the_same_answers(
    batch: list[Complaint], as_of: date | datetime | None
) -> None:
    """A landlord's stricter timetable is read from the edition object by both engines."""
    _same_answers(batch, edition=_STRICT_2024, as_of=as_of)


@settings(max_examples=25)
@given(
    st.lists(
        complaints(min_received=date(2023, 12, 1), max_received=date(2024, 1, 15)),
        min_size=1,
        max_size=6,
    )
)
def test_rows_outside_the_calendar_fail_with_the_same_error(batch: list[Complaint]) -> None:
    """A day past the calendar's end: both engines refuse the row, with the same words."""
    short = WorkingDayCalendar(last_day=date(2024, 1, 31))
    _same_answers(batch, calendar=short, as_of=date(2024, 1, 31))
    _same_answers(batch, calendar=short)


def test_no_edition_before_july_2020_fails_with_the_same_error() -> None:
    """A complaint received before the first Code is refused by both engines."""
    from complaintcode import Stage

    early = Complaint("E-1", [Stage(1, date(2020, 6, 30))])
    fine = Complaint("E-2", [Stage(1, date(2020, 7, 1))])
    results = check_complaints([early, fine])
    assert list(results.failed) == [True, False]
    with pytest.raises(ComplaintCodeError) as raised:
        check(early)
    assert results.error(0) == str(raised.value)
    assert results.error(1) is None


def _with_team(complaint: Complaint, team: str | None) -> Complaint:
    return attrs.evolve(complaint, attributes={} if team is None else {"team": team})


_TEAMED = st.builds(_with_team, complaints(), st.sampled_from([None, "North", "South", " "]))


@settings(max_examples=40)
@given(
    st.lists(_TEAMED, min_size=1, max_size=15),
    _AS_OF,
    st.sampled_from([None, "quarter", "tenure", "category", "handler", "team"]),
    st.sampled_from([None, "2024"]),
)
def test_summarise_gives_the_same_figures_from_either_engine(
    batch: list[Complaint], as_of: date | datetime | None, by: str | None, edition: str | None
) -> None:
    """``summarise`` adds up the columnar results on whole columns as it adds up check()'s.

    By year and by quarter, by tenure, category, handler or a free attribute, over a
    year and over every stage; and the self-assessment of each catalogued edition.
    """
    from complaintcode import FinancialYear, self_assessment, summarise

    theirs = [check(c, as_of=as_of, edition=edition) for c in batch]
    ours = check_complaints(batch, as_of=as_of, edition=edition)
    periods: list[FinancialYear | None] = [FinancialYear(2022), FinancialYear(2024)]
    if by != "quarter":
        periods.append(None)
    for period in periods:
        assert summarise(ours, period=period, by=by) == summarise(theirs, period=period, by=by)
    for chosen in ("2022", "2024"):
        assert self_assessment(ours, edition=chosen) == self_assessment(theirs, edition=chosen)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Officer A", "officer  a "),  # the same person, written differently: fires
        ("Officer A", "Manager B"),
        ("   ", "   "),  # blank handlers name nobody: never the same person
        ("", ""),
        (None, None),
        ("Officer A", None),
    ],
)
def test_handlers_are_compared_as_the_object_engine_compares_them(
    first: str | None, second: str | None
) -> None:
    """``stages.handler-independence`` fires in both engines or in neither."""
    from complaintcode import Stage

    stages = [
        Stage(1, date(2024, 5, 3), responded=date(2024, 5, 10), handler=first),
        Stage(2, date(2024, 5, 20), handler=second),
    ]
    _same_answers([Complaint("H-1", stages), Complaint("H-2", stages[:1])])


def test_extensions_notified_out_of_order_count_in_the_order_notified() -> None:
    """Two extensions listed latest first: both engines take them in date order."""
    from complaintcode import Extension, Stage

    later = Extension(date(2024, 5, 30), 5, "awaiting a surveyor")
    earlier = Extension(date(2024, 5, 20), 5, "")
    stage = Stage(1, date(2024, 5, 3), responded=date(2024, 6, 20), extensions=[later, earlier])
    in_order = Stage(1, date(2024, 5, 3), extensions=[earlier, later])
    _same_answers([Complaint("X-1", [stage]), Complaint("X-2", [in_order])])
