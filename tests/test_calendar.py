"""The working-day calendar: hand-worked golden dates, laws, bounds and errors.

Every expected date in the golden table (tests/golden/calendar.toml) and below was counted
by hand on a printed calendar against the published England & Wales (or Scotland)
bank-holiday lists; the count is written next to each case. None was produced by running
the code under test.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from complaintcode import CalendarRangeError, InvalidArgument, InvalidType, WorkingDayCalendar
from complaintcode.calendar import NonWorkingDay
from support import ROOT, load_golden

ENG = WorkingDayCalendar.england_and_wales()
SCT = WorkingDayCalendar.scotland()
CHRISTMAS_SHUTDOWN = WorkingDayCalendar(
    closures={date(2023, 12, 27): "x", date(2023, 12, 28): "x", date(2023, 12, 29): "x"}
)
CUTOFF_5PM = WorkingDayCalendar(cutoff=time(17, 0))
STRICT = WorkingDayCalendar(start_rule="strict")

# Hand-worked cases, one TOML table each (the counting is written beside every date there).
CALENDARS = {
    "ENG": ENG,
    "SCT": SCT,
    "STRICT": STRICT,
    "CUTOFF_5PM": CUTOFF_5PM,
    "CHRISTMAS_SHUTDOWN": CHRISTMAS_SHUTDOWN,
}
GOLDEN = [
    (
        case["name"],
        CALENDARS[case["calendar"]],
        case["start"],
        case["working_days"],
        case["expected"],
    )
    for case in load_golden(ROOT / "tests" / "golden" / "calendar.toml")["case"]
]


@pytest.mark.parametrize(
    ("calendar", "start", "n", "expected"),
    [case[1:] for case in GOLDEN],
    ids=[case[0] for case in GOLDEN],
)
def test_golden_add_working_days(
    calendar: WorkingDayCalendar, start: date, n: int, expected: date
) -> None:
    """Each hand-worked deadline is reproduced and counts back to n."""
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n


def test_named_non_working_days_around_the_coronation() -> None:
    """The skipped days are listed with their names, weekends by weekday."""
    assert ENG.non_working_days(date(2023, 5, 5), date(2023, 5, 15)) == (
        NonWorkingDay(date(2023, 5, 6), "Saturday"),
        NonWorkingDay(date(2023, 5, 7), "Sunday"),
        NonWorkingDay(date(2023, 5, 8), "Coronation of Charles III"),
        NonWorkingDay(date(2023, 5, 13), "Saturday"),
        NonWorkingDay(date(2023, 5, 14), "Sunday"),
    )


def test_closures_are_named() -> None:
    """A closure without a name is called a landlord closure."""
    calendar = WorkingDayCalendar(closures=[date(2024, 12, 27)])
    assert calendar.non_working_days(date(2024, 12, 27), date(2024, 12, 27)) == (
        NonWorkingDay(date(2024, 12, 27), "landlord closure"),
    )


def test_extra_non_working_day_for_a_newly_announced_bank_holiday() -> None:
    """An extra non-working day is skipped and named."""
    calendar = WorkingDayCalendar(extra_non_working_days={date(2030, 6, 3): "Jubilee"})
    # Fri 31 May 2030; Mon 3 Jun extra -> Tue 4 Jun
    assert calendar.add_working_days(date(2030, 5, 31), 1) == date(2030, 6, 4)
    assert str(calendar.non_working_days(date(2030, 6, 3), date(2030, 6, 3))[0]) == (
        "Monday 2030-06-03 (Jubilee)"
    )


def test_effective_date_and_next_working_day() -> None:
    """A Saturday rolls forward; the next working day is strictly after."""
    assert ENG.effective_date(date(2024, 5, 4)) == date(2024, 5, 7)
    assert STRICT.effective_date(date(2024, 5, 4)) == date(2024, 5, 4)
    assert ENG.next_working_day(date(2024, 5, 3)) == date(2024, 5, 7)
    assert ENG.next_working_day(date(2024, 5, 7)) == date(2024, 5, 8)


def test_working_days_between_is_negative_before_the_start() -> None:
    """End before the effective start gives a negative count."""
    # Fri 10 May 2024 back to Wed 8 May: Thu 9 and Fri 10 lie in (8 May, 10 May]
    assert ENG.working_days_between(date(2024, 5, 10), date(2024, 5, 8)) == -2
    assert ENG.working_days_between(date(2024, 5, 10), date(2024, 5, 10)) == 0


def test_calendar_is_immutable_and_hashable() -> None:
    """Calendars are frozen values: equal settings, equal hash; no attribute writes."""
    a = WorkingDayCalendar(closures=[date(2024, 12, 27)])
    b = WorkingDayCalendar(closures={date(2024, 12, 27): "landlord closure"})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, ENG}) == 2
    with pytest.raises(AttributeError):
        a.cutoff = time(17)  # type: ignore[misc]


def test_subdivision_names_are_accepted() -> None:
    """Full names and codes give the same calendar."""
    assert WorkingDayCalendar(subdivision="Scotland") == SCT
    assert WorkingDayCalendar(subdivision="england") == ENG


# -- errors ----------------------------------------------------------------------------


def test_dates_outside_the_bounds_name_the_date_and_the_bounds() -> None:
    """Out-of-range dates raise CalendarRangeError, a ValueError, with both bounds."""
    with pytest.raises(CalendarRangeError) as before:
        ENG.add_working_days(date(1989, 12, 31), 1)
    assert str(before.value) == (
        "start 1989-12-31 is outside the calendar, which covers 1990-01-01 to 2099-12-31"
    )
    with pytest.raises(ValueError, match="2100-01-01"):
        ENG.is_working_day(date(2100, 1, 1))
    with pytest.raises(CalendarRangeError, match="2099-12-31"):
        ENG.add_working_days(date(2099, 12, 30), 5)
    narrow = WorkingDayCalendar(first_day=date(2024, 1, 1), last_day=date(2024, 12, 31))
    with pytest.raises(CalendarRangeError, match="2025-01-01 is outside"):
        narrow.working_days_between(date(2024, 6, 3), date(2025, 1, 1))


@pytest.mark.parametrize("n", [-1, -20, 1.5, True, "5"])
def test_bad_n_is_rejected_with_its_value(n: object) -> None:
    """Negative, fractional, boolean or text n raise InvalidArgument naming n."""
    with pytest.raises(InvalidArgument) as raised:
        ENG.add_working_days(date(2024, 5, 7), n)  # type: ignore[arg-type]
    assert str(raised.value) == f"n must be a whole number of working days, 0 or more; got {n!r}"


def test_text_dates_are_rejected() -> None:
    """Strings are never parsed by the calendar (no guessing '1/2/2024')."""
    with pytest.raises(TypeError, match="1/2/2024"):
        ENG.add_working_days("1/2/2024", 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"subdivision": "Cornwall"},
            "subdivision must be one of England (ENG), Wales (WLS), Scotland (SCT) or"
            " Northern Ireland (NIR); got 'Cornwall'",
        ),
        (
            {"start_rule": "backwards"},
            "start_rule must be 'roll-forward' or 'strict'; got 'backwards'",
        ),
        (
            {"cutoff": time(17, tzinfo=UTC)},
            "cutoff must be a naive datetime.time (read as London time);"
            " got datetime.time(17, 0, tzinfo=datetime.timezone.utc)",
        ),
        (
            {"closures": [datetime(2024, 1, 2, 9)]},
            "a non-working day must be a datetime.date (not a datetime);"
            " got datetime.datetime(2024, 1, 2, 9, 0)",
        ),
        (
            {"first_day": date(2030, 1, 1), "last_day": date(2029, 1, 1)},
            "first_day must be on or before last_day 2029-01-01; got datetime.date(2030, 1, 1)",
        ),
    ],
)
def test_bad_settings_are_rejected(kwargs: dict[str, object], message: str) -> None:
    """Each bad constructor argument names itself, its value and what would do."""
    with pytest.raises(InvalidArgument) as raised:
        WorkingDayCalendar(**kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message


# -- laws ------------------------------------------------------------------------------

dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))
day_counts = st.integers(min_value=0, max_value=60)
calendars = st.builds(
    WorkingDayCalendar,
    subdivision=st.sampled_from(["ENG", "WLS", "SCT", "NIR"]),
    closures=st.frozensets(dates, max_size=5),
    cutoff=st.none() | st.times(),
    start_rule=st.sampled_from(["roll-forward", "strict"]),
)
events = dates | st.datetimes(
    min_value=datetime(2019, 1, 1), max_value=datetime(2027, 12, 31, 23, 59)
)


@given(calendars, events, day_counts)
def test_counting_back_gives_n(calendar: WorkingDayCalendar, start: date, n: int) -> None:
    """working_days_between(s, add_working_days(s, n)) == n."""
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@given(calendars, events, st.integers(min_value=1, max_value=60))
def test_results_are_working_days(calendar: WorkingDayCalendar, start: date, n: int) -> None:
    """For n >= 1 the result is always a working day."""
    assert calendar.is_working_day(calendar.add_working_days(start, n))


@given(calendars, dates, dates, day_counts, day_counts)
def test_monotone_in_start_and_n(
    calendar: WorkingDayCalendar, s1: date, s2: date, n1: int, n2: int
) -> None:
    """A later start or a larger n never gives an earlier date."""
    early, late = sorted((s1, s2))
    small, big = sorted((n1, n2))
    assert calendar.add_working_days(early, small) <= calendar.add_working_days(late, small)
    assert calendar.add_working_days(early, small) <= calendar.add_working_days(early, big)


@pytest.mark.slow
@given(calendars, dates, day_counts, day_counts)
def test_adding_in_two_steps_is_adding_once(
    calendar: WorkingDayCalendar, start: date, a: int, b: int
) -> None:
    """add(add(s, a), b) == add(s, a + b) for a working-day start."""
    assume(calendar.is_working_day(start))
    assert calendar.add_working_days(
        calendar.add_working_days(start, a), b
    ) == calendar.add_working_days(start, a + b)


@given(dates, day_counts, dates)
def test_a_closure_never_makes_a_deadline_earlier(start: date, n: int, closure: date) -> None:
    """Adding a landlord closure day can only keep or delay a deadline."""
    closed = WorkingDayCalendar(closures=[closure])
    assert closed.add_working_days(start, n) >= ENG.add_working_days(start, n)


# -- the fast calendar against a deliberately naive reference ----------------------------

_REFERENCE_HOLIDAYS = {
    code: holidays.country_holidays("GB", subdiv=code, years=range(2018, 2030))
    for code in ("ENG", "WLS", "SCT", "NIR")
}


def _reference_is_working(calendar: WorkingDayCalendar, day: date) -> bool:
    closed = {d for d, _ in calendar.closures}
    return (
        day.weekday() < 5
        and day not in _REFERENCE_HOLIDAYS[calendar.subdivision]
        and day not in closed
    )


def _reference_add(calendar: WorkingDayCalendar, start: date | datetime, n: int) -> date:
    """Walk one day at a time, exactly as the rules are written in words."""
    if isinstance(start, datetime):
        day = start.date()
        if calendar.cutoff is not None and start.time() >= calendar.cutoff:
            day += timedelta(days=1)
    else:
        day = start
    if calendar.start_rule == "roll-forward":
        while not _reference_is_working(calendar, day):
            day += timedelta(days=1)
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if _reference_is_working(calendar, day):
            counted += 1
    return day


def _reference_between(calendar: WorkingDayCalendar, start: date, end: date) -> int:
    day = _reference_add(calendar, start, 0)
    if end >= day:
        return sum(
            _reference_is_working(calendar, day + timedelta(days=k))
            for k in range(1, (end - day).days + 1)
        )
    return -sum(
        _reference_is_working(calendar, end + timedelta(days=k))
        for k in range(1, (day - end).days + 1)
    )


@given(calendars, events, day_counts)
def test_fast_add_equals_the_naive_reference(
    calendar: WorkingDayCalendar, start: date | datetime, n: int
) -> None:
    """The precomputed index agrees with a day-by-day walk."""
    assert calendar.add_working_days(start, n) == _reference_add(calendar, start, n)


@given(calendars, dates, dates)
def test_fast_between_equals_the_naive_reference(
    calendar: WorkingDayCalendar, start: date, end: date
) -> None:
    """working_days_between agrees with a day-by-day count, both directions."""
    assert calendar.working_days_between(start, end) == _reference_between(calendar, start, end)


@given(calendars, dates, st.integers(min_value=0, max_value=40))
def test_non_working_days_complement_working_days(
    calendar: WorkingDayCalendar, start: date, span: int
) -> None:
    """Every day in a span is either a working day or a named non-working day."""
    end = start + timedelta(days=span)
    working = set(calendar.working_days(start, end))
    idle = {d.day for d in calendar.non_working_days(start, end)}
    assert working.isdisjoint(idle)
    assert len(working) + len(idle) == span + 1
    assert all(_reference_is_working(calendar, d) for d in working)


# -- hostile input (issue 13) -----------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5))),
        datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_aware_datetimes_at_the_ends_of_time_are_clear_errors(moment: datetime) -> None:
    """In London time these fall outside years 1-9999: an InvalidArgument, no OverflowError."""
    with pytest.raises(InvalidArgument) as raised:
        ENG.add_working_days(moment, 1)
    assert str(raised.value) == (
        f"a date-time must be one whose London time falls between years 1 and 9999; got {moment!r}"
    )
    with pytest.raises(InvalidArgument, match="London time"):
        ENG.is_working_day(moment)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"last_day": date(9999, 12, 31)},
            "last_day must be on or before 9998-11-26; got datetime.date(9999, 12, 31)",
        ),
        (
            {"first_day": datetime(2024, 1, 1, 9)},
            "first_day must be a datetime.date (not a datetime or text);"
            " got datetime.datetime(2024, 1, 1, 9, 0)",
        ),
        (
            {"last_day": "2030-12-31"},
            "last_day must be a datetime.date (not a datetime or text); got '2030-12-31'",
        ),
    ],
)
def test_bad_bounds_are_rejected(kwargs: dict[str, object], message: str) -> None:
    """Bounds are plain dates that leave room for the calendar's look-ahead."""
    with pytest.raises(InvalidArgument) as raised:
        WorkingDayCalendar(**kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_the_latest_last_day_is_accepted() -> None:
    """last_day 9998-11-26 leaves exactly the 400 look-ahead days before 9999-12-31.

    Mon 2 Nov 9998 is followed by Tue 3 Nov, a working day.
    """
    late = WorkingDayCalendar(first_day=date(9998, 11, 1), last_day=date(9998, 11, 26))
    assert late.add_working_days(date(9998, 11, 2), 1) == date(9998, 11, 3)


TEXT: Any = "2024-05-07"


@pytest.mark.parametrize(
    ("ask", "name"),
    [
        (lambda: ENG.is_working_day(TEXT), "day"),
        (lambda: ENG.next_working_day(TEXT), "day"),
        (lambda: ENG.working_days_between(date(2024, 5, 7), TEXT), "end"),
        (lambda: ENG.working_days_between(TEXT, date(2024, 5, 7)), "expected"),
        (lambda: ENG.non_working_days(TEXT, date(2024, 5, 7)), "start"),
        (lambda: ENG.non_working_days(date(2024, 5, 7), TEXT), "end"),
        (lambda: ENG.working_days(TEXT, date(2024, 5, 7)), "start"),
        (lambda: ENG.working_days_late(TEXT, date(2024, 5, 7)), "due"),
        (lambda: ENG.working_days_late(date(2024, 5, 7), TEXT), "actual"),
        (lambda: ENG.working_days(date(2024, 5, 7), TEXT), "end"),
    ],
)
def test_text_is_never_read_as_a_day(ask: Any, name: str) -> None:
    """A string is an InvalidType naming the parameter, not an AttributeError."""
    with pytest.raises(InvalidType, match=rf"^{name}.*'2024-05-07'"):
        ask()


def test_datetimes_are_read_as_their_london_day_by_every_query() -> None:
    """00:30 on 7 May 2024 in London is 23:30 UTC on the 6th, a bank holiday."""
    moment = datetime(2024, 5, 6, 23, 30, tzinfo=UTC)
    assert ENG.is_working_day(moment)
    assert ENG.next_working_day(moment) == date(2024, 5, 8)
    assert ENG.working_days_between(date(2024, 5, 3), moment) == 1
    assert ENG.non_working_days(datetime(2024, 5, 4, 12), moment)[-1].day == date(2024, 5, 6)
    assert ENG.working_days(moment, datetime(2024, 5, 8, 9)) == (
        date(2024, 5, 7),
        date(2024, 5, 8),
    )


def test_a_deadline_past_the_last_day_says_where_it_fell() -> None:
    """The message names the start, the day reached and the bounds, in one sentence.

    Mon 28 Dec 2099 is the Boxing Day substitute, so the count starts on Tue 29 Dec:
    30, 31, (Fri 1 Jan 2100 New Year's Day), Mon 4, 5, 6 -> 2100-01-06.
    """
    with pytest.raises(CalendarRangeError) as raised:
        ENG.add_working_days(date(2099, 12, 28), 5)
    assert str(raised.value) == (
        "5 working days after 2099-12-28 is 2100-01-06, after the calendar's last day; "
        "the calendar covers 1990-01-01 to 2099-12-31"
    )


def test_working_days_late_rolls_both_days_forward() -> None:
    """Due Sat 29 June 2024: met by Mon 1 July, 1 day late on Tue 2 July, never negative."""
    assert ENG.working_days_late(date(2024, 6, 29), date(2024, 7, 1)) == 0
    assert ENG.working_days_late(date(2024, 6, 29), date(2024, 7, 2)) == 1
    assert ENG.working_days_late(date(2024, 6, 21), date(2024, 6, 22)) == 1  # Fri -> Sat
    assert STRICT.working_days_late(date(2024, 6, 21), date(2024, 6, 22)) == 1
    assert ENG.working_days_late(date(2024, 7, 2), date(2024, 6, 28)) == 0


def test_the_default_calendar_is_built_once_by_eight_threads_at_once() -> None:
    """Eight threads asking together for the default calendar all get the same one."""
    script = (
        "import threading\n"
        "from complaintcode import WorkingDayCalendar\n"
        "barrier = threading.Barrier(8)\n"
        "found = []\n"
        "def ask():\n"
        "    barrier.wait()\n"
        "    found.append(WorkingDayCalendar.england_and_wales())\n"
        "threads = [threading.Thread(target=ask) for _ in range(8)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "print(len(found), len({id(c) for c in found}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["8", "1"]


# -- behaviour the laws above leave open (found by mutation testing) ----------------------


def test_the_named_constructors_use_each_nations_bank_holidays() -> None:
    """Each nation's constructor is the calendar of its own bank holidays.

    Mon 8 May 2023 (the Coronation) was a bank holiday everywhere; Thu 30 Nov 2023
    (St Andrew's Day) only in Scotland; Fri 17 Mar 2023 (St Patrick's Day) only in
    Northern Ireland.
    """
    assert WorkingDayCalendar.wales() == WorkingDayCalendar(subdivision="WLS")
    assert WorkingDayCalendar.scotland() == WorkingDayCalendar(subdivision="SCT")
    assert WorkingDayCalendar.northern_ireland() == WorkingDayCalendar(subdivision="NIR")
    assert not WorkingDayCalendar.wales().is_working_day(date(2023, 5, 8))
    assert not WorkingDayCalendar.scotland().is_working_day(date(2023, 11, 30))
    assert ENG.is_working_day(date(2023, 11, 30))
    assert not WorkingDayCalendar.northern_ireland().is_working_day(date(2023, 3, 17))
    assert ENG.is_working_day(date(2023, 3, 17))


def test_each_day_of_a_bank_holiday_weekend_is_answered_for_itself() -> None:
    """Fri 3 May 2024 is a working day; Sat 4, Sun 5 and Mon 6 (May Day) are not; Tue 7 is.

    Mon 6 is the day before a working day: it is still a non-working day.
    """
    answers = [ENG.is_working_day(date(2024, 5, day)) for day in (3, 4, 5, 6, 7)]
    assert answers == [True, False, False, False, True]


def test_a_bank_holiday_on_a_weekend_is_named_with_its_weekday() -> None:
    """Christmas 2021 fell on Sat 25 and Sun 26 Dec; the substitute days were Mon 27, Tue 28."""
    assert [str(d) for d in ENG.non_working_days(date(2021, 12, 24), date(2021, 12, 28))] == [
        "Saturday 2021-12-25 (Christmas Day, a Saturday)",
        "Sunday 2021-12-26 (Boxing Day, a Sunday)",
        "Monday 2021-12-27 (Christmas Day (observed))",
        "Tuesday 2021-12-28 (Boxing Day (observed))",
    ]


def test_the_last_day_has_no_next_working_day_inside_the_calendar() -> None:
    """Thu 31 Dec 2099 is the last day; its next working day (Mon 4 Jan 2100) lies beyond."""
    with pytest.raises(CalendarRangeError) as raised:
        ENG.next_working_day(date(2099, 12, 31))
    assert str(raised.value) == (
        "next working day after 2099-12-31 is outside the calendar, "
        "which covers 1990-01-01 to 2099-12-31"
    )


@pytest.mark.parametrize(
    ("ask", "what", "day"),
    [
        (lambda: ENG.working_days_late(date(2024, 5, 7), date(2100, 1, 4)), "actual", "2100-01-04"),
        (lambda: ENG.working_days_late(date(1989, 12, 29), date(2024, 5, 7)), "due", "1989-12-29"),
        (lambda: ENG.non_working_days(date(1989, 12, 29), date(1990, 1, 2)), "start", "1989-12-29"),
        (lambda: ENG.non_working_days(date(2099, 12, 30), date(2100, 1, 4)), "end", "2100-01-04"),
        (lambda: ENG.working_days(date(1989, 12, 29), date(1990, 1, 2)), "start", "1989-12-29"),
        (lambda: ENG.working_days(date(2099, 12, 30), date(2100, 1, 4)), "end", "2100-01-04"),
        (
            lambda: ENG.working_days_between(date(1989, 12, 29), date(1990, 1, 2)),
            "start",
            "1989-12-29",
        ),
        (
            lambda: ENG.working_days_between(date(2099, 12, 30), date(2100, 1, 4)),
            "end",
            "2100-01-04",
        ),
        (lambda: ENG.is_working_day(date(2100, 1, 4)), "date", "2100-01-04"),
    ],
)
def test_an_out_of_range_argument_is_named_in_the_message(ask: Any, what: str, day: str) -> None:
    """The message says which argument fell outside the calendar, and its date."""
    with pytest.raises(CalendarRangeError) as raised:
        ask()
    assert str(raised.value) == (
        f"{what} {day} is outside the calendar, which covers 1990-01-01 to 2099-12-31"
    )


def test_only_text_is_told_that_text_is_never_parsed() -> None:
    """The hint about text goes with a string; a number is simply the wrong type."""
    with pytest.raises(InvalidType) as text:
        ENG.is_working_day(TEXT)
    assert str(text.value) == (
        "day must be a datetime.date or datetime.datetime; got '2024-05-07'"
        " (text is never parsed as a date)"
    )
    with pytest.raises(InvalidType) as number:
        ENG.is_working_day(20240507)  # type: ignore[arg-type]
    assert str(number.value) == "day must be a datetime.date or datetime.datetime; got 20240507"


class _Day(date):
    """A date subclass, as some libraries hand out."""


def test_a_date_subclass_is_read_as_its_plain_date() -> None:
    """Mon 6 May 2024 (May Day) is no working day however the date is typed."""
    assert not ENG.is_working_day(_Day(2024, 5, 6))
    assert ENG.working_days(_Day(2024, 5, 3), _Day(2024, 5, 7)) == (
        date(2024, 5, 3),
        date(2024, 5, 7),
    )


def test_the_first_and_last_days_are_inside_the_calendar() -> None:
    """Mon 1 Jan 1990 (New Year's Day) and Thu 31 Dec 2099 can be asked about."""
    assert ENG.non_working_days(date(1990, 1, 1), date(1990, 1, 1)) == (
        NonWorkingDay(date(1990, 1, 1), "New Year's Day"),
    )
    # Wed 30 Dec 2099: the next working day is the calendar's last day itself.
    assert ENG.next_working_day(date(2099, 12, 30)) == date(2099, 12, 31)


def test_a_look_ahead_without_working_days_is_a_range_error() -> None:
    """Closed every day of the look-ahead past the last day: no next working day to give."""
    last = date(2024, 1, 31)
    shut = WorkingDayCalendar(
        last_day=last, closures=[last + timedelta(days=k) for k in range(1, 401)]
    )
    with pytest.raises(CalendarRangeError, match="next working day after 2024-01-31"):
        shut.next_working_day(last)
    with pytest.raises(CalendarRangeError) as raised:
        shut.add_working_days(last, 1)
    assert str(raised.value) == (
        "1 working day after 2024-01-31 is after the calendar's last day; "
        "the calendar covers 1990-01-01 to 2024-01-31"
    )
    assert raised.value.day == date(2024, 2, 1)


def test_the_default_calendar_is_made_on_first_use_and_shared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no default made yet, the first request makes it; later ones get the same one."""
    import complaintcode.calendar as calendar_module

    monkeypatch.setattr(calendar_module, "_DEFAULT", [])
    first = WorkingDayCalendar.england_and_wales()
    assert first == WorkingDayCalendar()
    assert WorkingDayCalendar.england_and_wales() is first


def test_a_calendar_survives_pickling_with_its_settings() -> None:
    """A calendar sent to a worker process arrives with the same settings and answers."""
    import pickle

    sent = pickle.loads(pickle.dumps(CHRISTMAS_SHUTDOWN))
    assert sent == CHRISTMAS_SHUTDOWN
    assert not sent.is_working_day(date(2023, 12, 28))


def test_day_of_reads_a_moment_as_its_london_day() -> None:
    """23:30 UTC on Mon 6 May 2024 is 00:30 on Tue 7 May in London (BST)."""
    assert ENG.day_of(datetime(2024, 5, 6, 23, 30, tzinfo=UTC)) == date(2024, 5, 7)
    assert CUTOFF_5PM.day_of(datetime(2024, 5, 3, 17, 0)) == date(2024, 5, 4)


def test_a_cut_off_on_the_last_representable_day_is_a_range_error() -> None:
    """After 17:00 on 31 Dec 9999 the next day does not exist: the event is out of range."""
    with pytest.raises(CalendarRangeError) as raised:
        CUTOFF_5PM.add_working_days(datetime(9999, 12, 31, 18, 0), 1)
    assert str(raised.value) == (
        "event 9999-12-31 is outside the calendar, which covers 1990-01-01 to 2099-12-31"
    )


def test_a_date_subclass_starts_a_clock_as_its_plain_date() -> None:
    """From Fri 3 May 2024, 1 working day later is Tue 7 May (Mon 6 is May Day)."""
    assert ENG.add_working_days(_Day(2024, 5, 3), 1) == date(2024, 5, 7)


def test_a_new_calendar_knows_the_bank_holidays_of_every_year_it_covers() -> None:
    """A calendar ending 31 Dec 2024 still looks ahead into 2025 (New Year's Day, Wed 1 Jan).

    From Fri 20 Dec 2024: 23, 24, (25, 26 Christmas), 27, 30, 31 Dec, (1 Jan), Thu 2 Jan
    is the 6th working day: beyond the last day, and named as such.
    """
    year = WorkingDayCalendar(last_day=date(2024, 12, 31))
    with pytest.raises(CalendarRangeError) as raised:
        year.add_working_days(date(2024, 12, 20), 6)
    assert str(raised.value) == (
        "6 working days after 2024-12-20 is 2025-01-02, after the calendar's last day; "
        "the calendar covers 1990-01-01 to 2024-12-31"
    )


def test_a_deadline_at_the_end_of_the_look_ahead_is_named() -> None:
    """The calendar looks 400 days past its last day: a deadline there is still named.

    Last day Wed 31 Jan 2024, closed on each of the next 399 days: the first working day
    after it is day 400, Thu 6 Mar 2025.
    """
    last = date(2024, 1, 31)
    shut = WorkingDayCalendar(
        last_day=last, closures=[last + timedelta(days=k) for k in range(1, 400)]
    )
    with pytest.raises(CalendarRangeError) as raised:
        shut.add_working_days(last, 1)
    assert str(raised.value) == (
        "1 working day after 2024-01-31 is 2025-03-06, after the calendar's last day; "
        "the calendar covers 1990-01-01 to 2024-01-31"
    )


def test_a_new_calendar_names_its_non_working_days() -> None:
    """Names come from the bank-holiday list, the closures and the extra days given.

    A closure on Christmas Day 2024 keeps both names; an extra day given without a name
    is called an extra non-working day; St Andrew's Day 2023 (Thu 30 Nov) in Scotland.
    """
    closed = WorkingDayCalendar(closures={date(2024, 12, 25): "Christmas shutdown"})
    extra = WorkingDayCalendar(extra_non_working_days=[date(2030, 6, 3)])
    assert closed.non_working_days(date(2024, 12, 25), date(2024, 12, 25)) == (
        NonWorkingDay(date(2024, 12, 25), "Christmas Day; Christmas shutdown"),
    )
    assert extra.non_working_days(date(2030, 6, 3), date(2030, 6, 3)) == (
        NonWorkingDay(date(2030, 6, 3), "extra non-working day"),
    )
    assert WorkingDayCalendar.scotland().non_working_days(
        date(2023, 11, 30), date(2023, 11, 30)
    ) == (NonWorkingDay(date(2023, 11, 30), "Saint Andrew's Day"),)


def test_a_clock_can_start_on_the_first_or_last_day_and_end_on_the_last() -> None:
    """Mon 1 Jan 1990 (New Year's Day) rolls to Tue 2 Jan, so 1 working day is Wed 3 Jan.

    Thu 31 Dec 2099, the last day, is a working day: 0 working days after it is itself,
    and 1 working day after Wed 30 Dec 2099 is that last day.
    """
    assert ENG.add_working_days(date(1990, 1, 1), 1) == date(1990, 1, 3)
    assert ENG.add_working_days(date(2099, 12, 31), 0) == date(2099, 12, 31)
    assert ENG.add_working_days(date(2099, 12, 30), 1) == date(2099, 12, 31)
