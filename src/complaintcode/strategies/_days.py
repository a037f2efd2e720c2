"""Strategies for working-day calendars and the working days in them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from complaintcode.calendar import StartRule, WorkingDayCalendar
from complaintcode.errors import InvalidArgument
from complaintcode.strategies._blocks import (
    _FIRST_RECEIVED,
    _LAST_RECEIVED,
    _START_RULES,
    _SUBDIVISIONS,
    _check_bounds,
    _days_between,
)

__all__ = ["calendars", "working_days"]


def calendars(
    *,
    subdivisions: Sequence[str] = _SUBDIVISIONS,
    max_closures: int = 5,
    cutoffs: bool = True,
    start_rules: Sequence[StartRule] = _START_RULES,
    first_day: date = date(2019, 1, 1),
    last_day: date = date(2031, 12, 31),
) -> SearchStrategy[WorkingDayCalendar]:
    """Working-day calendars of the UK nations, with optional closures and cut-off.

    Each calendar covers ``first_day`` to ``last_day`` (a short span keeps building one
    cheap). Closure days are drawn between those bounds; the cut-off, when drawn, is any
    time of day.

    Args:
        subdivisions: the nations to draw from ("ENG", "WLS", "SCT", "NIR").
        max_closures: at most this many landlord closure days (0 for none).
        cutoffs: whether to draw an out-of-hours cut-off time at all.
        start_rules: the start rules to draw from.
        first_day: the calendar's first day.
        last_day: the calendar's last day.

    Shrinks towards the first subdivision (England & Wales by default) with no closures, no
    cut-off and the first start rule (roll-forward).

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate, Phase.shrink])  # no slow "explain" phase
    >>> cal = find(calendars(), lambda c: True, settings=quick)
    >>> cal.subdivision, cal.closures, cal.cutoff, cal.start_rule
    ('ENG', (), None, 'roll-forward')
    """
    _check_bounds("first_day", first_day, "last_day", last_day)
    if not subdivisions:
        raise InvalidArgument("subdivisions", subdivisions, "at least one subdivision")
    if not start_rules:
        raise InvalidArgument("start_rules", start_rules, "at least one start rule")
    if type(max_closures) is not int or max_closures < 0:
        raise InvalidArgument("max_closures", max_closures, "a whole number, 0 or more")
    # A one-day calendar is cheap to build and checks (and normalises) the names.
    codes = tuple(
        WorkingDayCalendar(subdivision=name, first_day=first_day, last_day=first_day).subdivision
        for name in subdivisions
    )
    return st.builds(
        WorkingDayCalendar,
        subdivision=st.sampled_from(codes),
        closures=st.frozensets(_days_between(first_day, last_day), max_size=max_closures),
        cutoff=st.none() | st.times() if cutoffs else st.none(),
        start_rule=st.sampled_from(tuple(start_rules)),
        first_day=st.just(first_day),
        last_day=st.just(last_day),
    )


def working_days(
    *,
    calendar: WorkingDayCalendar | None = None,
    min_value: date = _FIRST_RECEIVED,
    max_value: date = _LAST_RECEIVED,
) -> SearchStrategy[date]:
    """Dates from ``min_value`` to ``max_value`` that are working days in ``calendar``.

    The calendar defaults to England & Wales. Shrinks towards the first working day on or
    after ``min_value``.

    Raises:
        InvalidArgument: when the bounds are reversed, lie outside the calendar or hold no
            working day.

    >>> from hypothesis import find
    >>> find(working_days(min_value=date(2024, 3, 29)), lambda d: True)  # Good Friday
    datetime.date(2024, 4, 2)
    """
    _check_bounds("min_value", min_value, "max_value", max_value)
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    if min_value < cal.first_day or max_value > cal.last_day:
        raise InvalidArgument(
            "min_value and max_value",
            (min_value, max_value),
            f"within the calendar's bounds {cal.first_day} to {cal.last_day}",
        )
    days = cal.working_days(min_value, max_value)
    if not days:
        raise InvalidArgument(
            "min_value and max_value", (min_value, max_value), "a span with a working day"
        )
    return st.sampled_from(days)
