"""Working-day arithmetic on whole columns, over a calendar's precomputed index.

Days are proleptic Gregorian ordinals (``date.toordinal()``) in ``int64`` arrays; ``NA``
marks a missing day. Every function takes a ``where`` mask: rows outside it are not
computed, and rows inside it that fall outside the calendar's bounds are flagged in the
returned error mask, where :class:`~complaintcode.WorkingDayCalendar` would raise
:class:`~complaintcode.CalendarRangeError`. The semantics are the calendar's own: the
effective start (roll-forward or strict), ``add_working_days`` and
``working_days_between``, position for position on the same index.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar

__all__ = ["NA", "DayIndex", "day_index"]

NA = np.int64(2**40)
"""A missing day: later than any real day, so ``NA <= as_of`` is false."""

Array = Any  # numpy arrays; numpy's own generics add nothing mypy can check here


class DayIndex:
    """One calendar's working-day index as numpy arrays."""

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        index = calendar._index
        self.calendar = calendar
        self.first = np.int64(index.first_ordinal)
        self.last = np.int64(calendar.last_day.toordinal())
        self.cumulative = np.asarray(index.cumulative, dtype=np.int64)
        self.working = np.asarray([d.toordinal() for d in index.working], dtype=np.int64)
        self.strict = calendar.start_rule == "strict"

    def _offsets(self, day: Array, where: Array) -> tuple[Array, Array]:
        """Offsets of ``day`` into the index (clipped) and the rows out of bounds."""
        offset = day - self.first
        bad = where & ((offset < 0) | (day > self.last))
        return np.clip(offset, 0, len(self.cumulative) - 2), bad

    def add(self, day: Array, n: Array | int, where: Array) -> tuple[Array, Array]:
        """``add_working_days(day, n)`` for each row: (result, out-of-bounds rows).

        ``day`` is the event's day after any cut-off (a plain date's own day).
        """
        offset, bad = self._offsets(day, where)
        cumulative = self.cumulative
        position = cumulative[offset] + n
        if self.strict:
            resting = cumulative[offset + 1] == cumulative[offset]
            position = position - (resting & (np.asarray(n) > 0))
        beyond = position >= len(self.working)
        result = self.working[np.clip(position, 0, len(self.working) - 1)]
        result = np.where(beyond, self.last + 1, result)
        if self.strict:
            result = np.where(resting & (np.asarray(n) == 0), day, result)
        bad |= where & ~bad & (result > self.last)
        return np.where(where, result, NA), bad

    def between(self, start: Array, end: Array, where: Array) -> tuple[Array, Array]:
        """``working_days_between(start, end)``: (counts, out-of-bounds rows)."""
        start_offset, bad = self._offsets(start, where)
        end_offset, bad_end = self._offsets(end, where)
        cumulative = self.cumulative
        if self.strict:
            count = cumulative[end_offset + 1] - cumulative[start_offset + 1]
        else:
            count = cumulative[end_offset + 1] - cumulative[start_offset] - 1
        return np.where(where, count, 0), bad | bad_end

    def days_late(self, due: Array, actual: Array, where: Array) -> tuple[Array, Array]:
        """``working_days_late(due, actual)``: (counts, out-of-bounds rows).

        Both days roll forward to a working day whatever the start rule, as
        :meth:`~complaintcode.WorkingDayCalendar.working_days_late` does; 0 is in time.
        """
        due_offset, bad = self._offsets(due, where)
        actual_offset, bad_actual = self._offsets(actual, where)
        cumulative = self.cumulative
        count = np.maximum(cumulative[actual_offset] - cumulative[due_offset], 0)
        return np.where(where, count, 0), bad | bad_actual


@functools.lru_cache(maxsize=16)
def day_index(calendar: WorkingDayCalendar) -> DayIndex:
    """The numpy index of a calendar, built once per calendar."""
    return DayIndex(calendar)
