"""Building blocks shared by the strategies: bounds, words and draws that shrink well.

The span of generated dates, the words drawn for free-text fields, the largest limits any
edition sets (read from the editions, never written here), draws that shrink towards their
first choice, and the checks of the strategies' options.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from complaintcode.calendar import StartRule
from complaintcode.editions import EDITIONS, CodeEdition
from complaintcode.errors import InvalidArgument
from complaintcode.model import ExclusionGround, Outcome, RemedyKind, ResponseItem

EditionName = Literal["2020", "2022", "2024"]
_T = TypeVar("_T")

_FIRST_RECEIVED = date(2020, 7, 1)
_LAST_RECEIVED = date(2027, 12, 31)
# How far the last date of a generated complaint (a late remedy, a third stage's extended
# deadline, a breach several working days late) can lie after stage 1 was received. The
# calendar must answer for that long after ``max_received``.
_SPAN = timedelta(days=731)

_SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")
_START_RULES: tuple[StartRule, ...] = ("roll-forward", "strict")
_REASONS = (
    "awaiting a surveyor's report",
    "a contractor's inspection is booked",
    "information is needed from a third party",
)
_BLANK_REASONS = ("", "   ")
_HANDLERS = ("A Jones", "B Smith", "C Patel", "D Evans")
_DESCRIPTIONS = ("repair the boiler", "apology letter", "time and trouble payment")
_CATEGORIES = ("repairs", "damp and mould", "anti-social behaviour", "staff conduct")
_TENURES = ("general needs", "leasehold", "shared ownership")
_GROUNDS = tuple(ExclusionGround)
_KINDS = tuple(RemedyKind)
_MAYBE_CATEGORY = st.none() | st.sampled_from(_CATEGORIES)
_MAYBE_TENURE = st.none() | st.sampled_from(_TENURES)
_MAYBE_ITEMS = st.none() | st.frozensets(st.sampled_from(ResponseItem))
_MAYBE_OUTCOME = st.none() | st.sampled_from(Outcome)
# The largest limits any edition sets: the default most days of a generated extension, and
# the most working days late a generated breach is.
_LONGEST_EXTENSION = max(s.extension_cap.working_days for e in EDITIONS for s in e.stages)
_LONGEST_RESPONSE = max(s.respond.working_days for e in EDITIONS for s in e.stages)


def _days_between(first: date, last: date) -> SearchStrategy[date]:
    """Dates from ``first`` to ``last`` inclusive, shrinking towards ``first``."""
    span = (last - first).days
    if span < 0:
        raise AssertionError(f"empty date range {first}..{last}")  # a bug in this module
    return st.integers(min_value=0, max_value=span).map(lambda k: first + timedelta(days=k))


def _draw_day(draw: DrawFn, first: date, last: date) -> date:
    """A date from ``first`` to ``last`` inclusive, shrinking towards ``first``."""
    return first + timedelta(days=draw(st.integers(0, (last - first).days)))


def _draw_optional_day(draw: DrawFn, first: date, last: date) -> date | None:
    """A date from ``first`` to ``last`` or ``None``, shrinking towards ``first``.

    One choice either way, so that ``None`` is no simpler to the shrinker than a date.
    """
    k = draw(st.integers(-1, (last - first).days))
    return None if k < 0 else first + timedelta(days=k)


def _draw_one(draw: DrawFn, items: Sequence[_T]) -> _T:
    """One of ``items`` (a fresh list each time), shrinking towards the first."""
    return items[draw(st.integers(0, len(items) - 1))]


def _check_date(name: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidArgument(name, value, "a datetime.date")
    return value


def _check_bounds(lo_name: str, lo: date, hi_name: str, hi: date) -> None:
    _check_date(lo_name, lo)
    _check_date(hi_name, hi)
    if lo > hi:
        raise InvalidArgument(lo_name, lo, f"on or before {hi_name} {hi}")


def _in_force_until(edition: CodeEdition) -> date | None:
    later = [e.in_force_from for e in EDITIONS if e.in_force_from > edition.in_force_from]
    return min(later) - timedelta(days=1) if later else None


def _draw_optional(draw: DrawFn, items: Sequence[_T]) -> _T | None:
    """``None`` or one of ``items``, shrinking towards ``None``."""
    k = draw(st.integers(0, len(items)))
    return items[k - 1] if k else None
