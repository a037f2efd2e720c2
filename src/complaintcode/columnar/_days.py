"""Working-day arithmetic on whole columns, over a calendar's precomputed index.

Days are proleptic Gregorian ordinals (``date.toordinal()``) in ``int64`` arrays; ``NA``
marks a missing day. Every function takes a ``where`` mask: rows outside it are not
computed (their result is ``NA`` or 0), and rows inside it that fall outside the
calendar's bounds are flagged in the returned error mask, where
:class:`~complaintcode.WorkingDayCalendar` would raise
:class:`~complaintcode.CalendarRangeError`. The semantics are the calendar's own: the
effective start (roll-forward or strict), ``add_working_days`` and
``working_days_between``, position for position on the same index.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar

__all__ = ["NA", "DayIndex", "day_index", "seen_by"]

NA = np.int64(2**40)
"""A missing day: later than any real day, so ``NA <= as_of`` is false."""

Array = Any  # numpy arrays; numpy's own generics add nothing mypy can check here


def seen_by(day: Array, limit: Any) -> Array:
    """Which of ``day`` had come by the ordinal ``limit`` (``None``: every day given).

    As ``day <= limit`` once a missing day is read as missing: ``NA`` is later than any
    limit, so one comparison says both.
    """
    return day != NA if limit is None else day <= limit


# Below this share of rows, an operation gathers its rows first instead of computing all.
_SPARSE = 0.4


def _subset(where: Array, *values: Array | int) -> tuple[Array | None, list[Array | int]]:
    """The rows to compute (``None``: all of them) and the values restricted to them."""
    count = int(np.count_nonzero(where))
    if count >= _SPARSE * len(where):
        return None, list(values)
    rows = np.flatnonzero(where)
    return rows, [v[rows] if isinstance(v, np.ndarray) else v for v in values]


def _spread(
    where: Array, rows: Array | None, values: Array, bad: Array, fill: Any
) -> tuple[Array, Array]:
    """Values computed for ``rows`` (``None``: every row) back in place; ``fill`` elsewhere.

    Also the out-of-bounds rows among those computed. ``values`` is a new array: with
    ``rows`` ``None``, it is filled in place.
    """
    if rows is None:
        values[~where] = fill
        return values, bad & where
    out = np.full(len(where), fill, dtype=np.int64)
    out[rows] = values
    errors = np.zeros(len(where), dtype=bool)
    errors[rows] = bad
    return out, errors


class DayIndex:
    """One calendar's working-day index as numpy arrays."""

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        index = calendar._index
        self.calendar = calendar
        self.first = np.int64(index.first_ordinal)
        self.last = np.int64(calendar.last_day.toordinal())
        self.cumulative = np.asarray(index.cumulative, dtype=np.int64)
        # At an offset: the working days up to and including that day.
        self.after = self.cumulative[1:]
        self.working = np.asarray([d.toordinal() for d in index.working], dtype=np.int64)
        # The working days, then the day after the calendar: where a count runs past the
        # last working day.
        self.beyond = np.append(self.working, self.last + 1)
        # working days strictly before each day, and whether the day itself is one
        self.top = len(self.cumulative) - 2
        self.strict = calendar.start_rule == "strict"

    def _offsets(self, day: Array) -> tuple[Array, Array]:
        """Offsets of ``day`` into the index (clamped) and which days are out of bounds."""
        offset = day - self.first
        bad = (offset < 0) | (day > self.last)
        return np.clip(offset, 0, self.top), bad

    def _add(self, day: Array, n: Array | int) -> tuple[Array, Array]:
        offset, bad = self._offsets(day)
        cumulative = self.cumulative
        before = cumulative[offset]
        position = before + n
        if self.strict:
            resting = self.after[offset] == before
            position = position - (resting & (np.asarray(n) > 0))
        result = self.beyond[np.minimum(position, len(self.working))]
        if self.strict:
            result = np.where(resting & (np.asarray(n) == 0), day, result)
        return result, bad | (result > self.last)

    def add(self, day: Array, n: Array | int, where: Array) -> tuple[Array, Array]:
        """``add_working_days(day, n)`` for each row: (result, out-of-bounds rows).

        ``day`` is the event's day after any cut-off (a plain date's own day).
        """
        rows, (day_, n_) = _subset(where, day, n)
        return _spread(where, rows, *self._add(day_, n_), NA)

    def _between(self, start: Array, end: Array) -> tuple[Array, Array]:
        start_offset, bad = self._offsets(start)
        end_offset, bad_end = self._offsets(end)
        cumulative = self.cumulative
        if self.strict:
            count = self.after[end_offset] - self.after[start_offset]
        else:
            count = self.after[end_offset] - cumulative[start_offset] - 1
        return count, bad | bad_end

    def between(self, start: Array, end: Array, where: Array) -> tuple[Array, Array]:
        """``working_days_between(start, end)``: (counts, out-of-bounds rows)."""
        rows, (start_, end_) = _subset(where, start, end)
        return _spread(where, rows, *self._between(start_, end_), 0)

    def days_late(self, due: Array, actual: Array, where: Array) -> tuple[Array, Array]:
        """``working_days_late(due, actual)``: (counts, out-of-bounds rows).

        Both days roll forward to a working day whatever the start rule, as
        :meth:`~complaintcode.WorkingDayCalendar.working_days_late` does; 0 is in time.
        """
        rows, (due_, actual_) = _subset(where, due, actual)
        due_offset, bad = self._offsets(due_)
        actual_offset, bad_actual = self._offsets(actual_)
        cumulative = self.cumulative
        count = np.maximum(cumulative[actual_offset] - cumulative[due_offset], 0)
        return _spread(where, rows, count, bad | bad_actual, 0)


@functools.lru_cache(maxsize=16)
def day_index(calendar: WorkingDayCalendar) -> DayIndex:
    """The numpy index of a calendar, built once per calendar."""
    return DayIndex(calendar)
