"""Working days for complaint deadlines.

The Complaint Handling Code counts in working days but never defines them. This module
makes the definition explicit and configurable, and answers questions about it in
constant time:

* a working day is Monday to Friday, not a bank holiday of the chosen UK nation (from the
  ``holidays`` package, including one-off days such as the 2022 State Funeral and the 2023
  Coronation), not a landlord closure day and not an extra non-working day you supply;
* a clock starts on the day of its event; an event on a non-working day (or, with a
  cut-off time, a datetime at or after the cut-off, London time) counts from the next
  working day — the ``"roll-forward"`` start rule. ``"strict"`` counts from the actual
  day instead;
* "N working days after" an event is the N-th working day after its effective start;
* ``working_days_between(start, end)`` counts working days ``d`` with
  ``effective(start) < d <= end``.

>>> from datetime import date
>>> cal = WorkingDayCalendar.england_and_wales()
>>> cal.add_working_days(date(2023, 5, 5), 5)  # skips the Coronation bank holiday
datetime.date(2023, 5, 15)
>>> cal.working_days_between(date(2023, 5, 5), date(2023, 5, 15))
5
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from complaintcode.errors import CalendarRangeError, InvalidArgument, InvalidType

__all__ = ["LONDON", "NonWorkingDay", "StartRule", "WorkingDayCalendar"]

LONDON = ZoneInfo("Europe/London")
"""The time zone in which cut-off times are read."""

StartRule = Literal["roll-forward", "strict"]
"""How an event on a non-working day starts a clock (see the module docstring)."""

_SUBDIVISIONS: Mapping[str, str] = {
    "eng": "ENG",
    "england": "ENG",
    "england and wales": "ENG",
    "wls": "WLS",
    "wales": "WLS",
    "sct": "SCT",
    "scotland": "SCT",
    "nir": "NIR",
    "northern ireland": "NIR",
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DEFAULT_FIRST = date(1990, 1, 1)
_DEFAULT_LAST = date(2099, 12, 31)
# How far past ``last_day`` working days are precomputed, so that deadlines counted from
# a date near the end of the range can still be answered when they fall inside it.
_LOOKAHEAD_DAYS = 400
# The index runs _LOOKAHEAD_DAYS past last_day, so last_day must leave room for them.
_LATEST_LAST_DAY = date.max - timedelta(days=_LOOKAHEAD_DAYS)


@attrs.frozen
class NonWorkingDay:
    """A day on which no working-day clock runs, with the reason in words.

    >>> NonWorkingDay(date(2023, 5, 8), "Coronation of Charles III")
    NonWorkingDay(day=datetime.date(2023, 5, 8), name='Coronation of Charles III')
    """

    day: date
    name: str

    def __str__(self) -> str:
        weekday = _WEEKDAY_NAMES[self.day.weekday()]
        if self.name == weekday:
            return f"{weekday} {self.day.isoformat()}"
        return f"{weekday} {self.day.isoformat()} ({self.name})"


def _normalise_subdivision(value: str) -> str:
    code = _SUBDIVISIONS.get(value.strip().casefold())
    if code is None:
        raise InvalidArgument(
            "subdivision",
            value,
            "one of England (ENG), Wales (WLS), Scotland (SCT) or Northern Ireland (NIR)",
        )
    return code


def _named_days(
    value: Iterable[date] | Mapping[date, str], default_name: str
) -> tuple[tuple[date, str], ...]:
    """Normalise closures or extra days to a sorted, hashable tuple of (day, name)."""
    if isinstance(value, Mapping):
        items = [(day, str(name)) for day, name in value.items()]
    else:
        items = [(day, default_name) for day in value]
    for day, _ in items:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise InvalidArgument("a non-working day", day, "a datetime.date (not a datetime)")
    return tuple(sorted(dict(items).items()))


def _closures(value: Iterable[date] | Mapping[date, str]) -> tuple[tuple[date, str], ...]:
    return _named_days(value, "landlord closure")


def _extra_days(value: Iterable[date] | Mapping[date, str]) -> tuple[tuple[date, str], ...]:
    return _named_days(value, "extra non-working day")


def london_day(day: date) -> date:
    """The London calendar day of a date or datetime (naive datetimes are London time)."""
    if isinstance(day, datetime):
        return _in_london(day).date()
    return day


def _in_london(moment: datetime) -> datetime:
    """An aware datetime in London time (a naive one is London time already)."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(LONDON)
    except OverflowError:
        # Within a day of year 1 or year 9999 the conversion leaves the datetime range.
        raise InvalidArgument(
            "a date-time", moment, "one whose London time falls between years 1 and 9999"
        ) from None


def _query_day(value: object, name: str) -> date:
    """A query's day: a date, or a datetime read as its London day; nothing else."""
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        return _in_london(value).date()
    if isinstance(value, date):  # a date subclass
        return date(value.year, value.month, value.day)
    raise InvalidType(
        f"{name} must be a datetime.date or datetime.datetime; got {value!r}"
        + (" (text is never parsed as a date)" if isinstance(value, str) else "")
    )


def _check_bound(_instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    """An attrs validator: a calendar bound is a plain date with room for the look-ahead."""
    if type(value) is not date:
        raise InvalidArgument(attribute.name, value, "a datetime.date (not a datetime or text)")
    if value > _LATEST_LAST_DAY:
        raise InvalidArgument(attribute.name, value, f"on or before {_LATEST_LAST_DAY}")


def _check_start_rule(_instance: object, _attribute: object, value: str) -> None:
    if value not in ("roll-forward", "strict"):
        raise InvalidArgument("start_rule", value, "'roll-forward' or 'strict'")


def _check_cutoff(_instance: object, _attribute: object, value: time | None) -> None:
    if value is not None and (not isinstance(value, time) or value.tzinfo is not None):
        raise InvalidArgument("cutoff", value, "a naive datetime.time (read as London time)")


@attrs.frozen(eq=False)
class _Index:
    """Precomputed answers for one calendar: built once, then only read."""

    first_ordinal: int
    # cumulative[i]: how many working days fall strictly before day (first + i), for every
    # day of the index (which runs _LOOKAHEAD_DAYS past last_day, so i + 1 is always there).
    cumulative: list[int]
    # working[k]: the k-th working day (0-based) from the first day.
    working: list[date]
    names: dict[date, str]


@attrs.frozen(cache_hash=True)
class WorkingDayCalendar:
    """An immutable working-day calendar with precomputed working days.

    Build one with :meth:`england_and_wales` (the default everywhere), :meth:`wales`,
    :meth:`scotland` or :meth:`northern_ireland`, or with the constructor for landlord
    closures, extra non-working days, a cut-off time or the strict start rule. Equal
    settings give equal (and equally hashed) calendars.

    Args:
        subdivision: ``"ENG"``, ``"WLS"``, ``"SCT"`` or ``"NIR"`` (names such as
            ``"Scotland"`` are accepted too).
        closures: landlord closure days (a Christmas shutdown, say); a mapping of day to
            name, or just days (named "landlord closure").
        extra_non_working_days: further non-working days, e.g. a bank holiday announced
            after the installed ``holidays`` release; a mapping of day to name, or days
            (named "extra non-working day").
        cutoff: an out-of-hours cut-off (London time); a datetime event at or after it
            counts from the next day. ``None`` (the default) means no cut-off.
        start_rule: ``"roll-forward"`` (default) or ``"strict"``.
        first_day: the first date the calendar answers for.
        last_day: the last date the calendar answers for.

    >>> cal = WorkingDayCalendar(closures={date(2024, 12, 27): "Christmas shutdown"})
    >>> cal.add_working_days(date(2024, 12, 23), 2)
    datetime.date(2024, 12, 30)
    >>> cal == WorkingDayCalendar(closures={date(2024, 12, 27): "Christmas shutdown"})
    True
    """

    subdivision: str = attrs.field(default="ENG", converter=_normalise_subdivision)
    closures: tuple[tuple[date, str], ...] = attrs.field(default=(), converter=_closures)
    extra_non_working_days: tuple[tuple[date, str], ...] = attrs.field(
        default=(), converter=_extra_days
    )
    cutoff: time | None = attrs.field(default=None, validator=_check_cutoff)
    start_rule: StartRule = attrs.field(default="roll-forward", validator=_check_start_rule)
    first_day: date = attrs.field(default=_DEFAULT_FIRST, validator=_check_bound)
    last_day: date = attrs.field(default=_DEFAULT_LAST, validator=_check_bound)
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.first_day > self.last_day:
            raise InvalidArgument(
                "first_day", self.first_day, f"on or before last_day {self.last_day}"
            )
        object.__setattr__(self, "_index", self._build_index())

    # -- construction -------------------------------------------------------------------

    @classmethod
    def england_and_wales(cls) -> WorkingDayCalendar:
        """The default calendar: England & Wales bank holidays, roll-forward, no cut-off.

        Built once per process and shared (it is immutable).

        >>> WorkingDayCalendar.england_and_wales() is WorkingDayCalendar.england_and_wales()
        True
        """
        return _default_calendar()

    @classmethod
    def wales(cls) -> WorkingDayCalendar:
        """Wales' bank holidays (the same as England's).

        >>> WorkingDayCalendar.wales().is_working_day(date(2023, 5, 8))
        False
        """
        return cls(subdivision="WLS")

    @classmethod
    def scotland(cls) -> WorkingDayCalendar:
        """Scotland's bank holidays (2 January, St Andrew's Day, the August holiday).

        >>> WorkingDayCalendar.scotland().is_working_day(date(2023, 1, 3))
        False
        """
        return cls(subdivision="SCT")

    @classmethod
    def northern_ireland(cls) -> WorkingDayCalendar:
        """Northern Ireland's bank holidays (St Patrick's Day, the Battle of the Boyne).

        >>> WorkingDayCalendar.northern_ireland().is_working_day(date(2023, 3, 17))
        False
        """
        return cls(subdivision="NIR")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by settings: each process builds a distinct calendar's index once.

        Assessments carry their calendar (for their provenance), and worker processes send
        assessments back; the precomputed index (half a megabyte) does not travel with them.
        """
        settings = (
            self.subdivision,
            self.closures,
            self.extra_non_working_days,
            self.cutoff,
            self.start_rule,
            self.first_day,
            self.last_day,
        )
        return (_calendar_of, settings)

    @property
    def fingerprint(self) -> str:
        """16 hex digits that identify this calendar, recorded with every figure made on it.

        A digest (SHA-256) of the settings — subdivision, closure days, extra non-working
        days, cut-off, start rule, bounds — and of every named non-working day the calendar
        holds, so it also changes when the installed ``holidays`` package knows different
        bank holidays. Equal fingerprints: the same answers for every date in range.

        >>> default = WorkingDayCalendar.england_and_wales()
        >>> default.fingerprint == WorkingDayCalendar().fingerprint
        True
        >>> default.fingerprint == WorkingDayCalendar(closures=[date(2024, 12, 27)]).fingerprint
        False
        """
        from complaintcode.provenance import calendar_fingerprint

        return calendar_fingerprint(self)

    def _build_index(self) -> _Index:
        first = self.first_day
        end = self.last_day + timedelta(days=_LOOKAHEAD_DAYS)
        years = range(first.year, end.year + 1)
        # Imported here, not at the top: importing holidays looks up its own version in the
        # installed distributions, which cost most of `import complaintcode`'s time.
        import holidays

        bank = holidays.country_holidays("GB", subdiv=self.subdivision, years=years)
        names: dict[date, str] = {}
        for day, name in bank.items():
            names[day] = name
        for day, name in (*self.extra_non_working_days, *self.closures):
            names[day] = f"{names[day]}; {name}" if day in names else name
        first_ordinal = first.toordinal()
        cumulative: list[int] = []
        working: list[date] = []
        weekday = first.weekday()
        # Day by ordinal, never by stepping a date: the index may end on date.max.
        for ordinal in range(first_ordinal, end.toordinal() + 1):
            cumulative.append(len(working))
            day = date.fromordinal(ordinal)
            if weekday < 5 and day not in names:
                working.append(day)
            weekday = (weekday + 1) % 7
        return _Index(first_ordinal, cumulative, working, names)

    # -- the questions ------------------------------------------------------------------

    def _offset(self, day: date, what: str = "date") -> int:
        """Position of a (plain) date in the index, with the bounds check."""
        offset = day.toordinal() - self._index.first_ordinal
        if offset < 0 or day > self.last_day:
            raise CalendarRangeError(day, self.first_day, self.last_day, what)
        return offset

    def _event_day(self, event: date | datetime) -> date:
        """The calendar day an event counts from, before rolling to a working day."""
        if type(event) is date:
            return event
        if isinstance(event, datetime):
            local = _in_london(event)
            if self.cutoff is not None and local.time() >= self.cutoff:
                if local.date() == date.max:
                    raise CalendarRangeError(local.date(), self.first_day, self.last_day, "event")
                return local.date() + timedelta(days=1)
            return local.date()
        if isinstance(event, date):  # a date subclass
            return date(event.year, event.month, event.day)
        raise InvalidType(f"expected a datetime.date or datetime.datetime; got {event!r}")

    def day_of(self, moment: date | datetime) -> date:
        """The calendar day a moment counts as: how an ``as_of`` datetime ("now") is read.

        A date is itself. A datetime is read in London time (a naive one is London time
        already); at or after the calendar's cut-off, that day's work is over and the
        moment counts as the next calendar day.

        >>> late = WorkingDayCalendar(cutoff=time(17, 0))
        >>> late.day_of(datetime(2024, 5, 3, 16, 59)), late.day_of(datetime(2024, 5, 3, 17, 0))
        (datetime.date(2024, 5, 3), datetime.date(2024, 5, 4))
        >>> WorkingDayCalendar.england_and_wales().day_of(datetime(2024, 5, 3, 23, 30))
        datetime.date(2024, 5, 3)
        """
        return self._event_day(moment)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (a datetime is read as its London date).

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> cal.is_working_day(date(2022, 9, 19))  # State Funeral of Queen Elizabeth II
        False
        >>> cal.is_working_day(date(2022, 9, 20))
        True
        """
        offset = self._offset(_query_day(day, "day"))
        cumulative = self._index.cumulative
        return cumulative[offset + 1] != cumulative[offset]

    def effective_date(self, event: date | datetime) -> date:
        """The day an event's clock starts from.

        Under the roll-forward rule this is the first working day on or after the event
        (after applying the cut-off to datetimes); under the strict rule it is the event's
        own day.

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> cal.effective_date(date(2024, 5, 4))  # Saturday before the May bank holiday
        datetime.date(2024, 5, 7)
        >>> late = WorkingDayCalendar(cutoff=time(17, 0))
        >>> late.effective_date(datetime(2024, 5, 3, 17, 30))  # Friday evening
        datetime.date(2024, 5, 7)
        """
        return self.add_working_days(event, 0)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``.

        >>> WorkingDayCalendar.england_and_wales().next_working_day(date(2022, 12, 23))
        datetime.date(2022, 12, 28)
        """
        day = _query_day(day, "day")
        offset = self._offset(day)
        index = self._index
        position = index.cumulative[offset + 1]
        if position >= len(index.working) or index.working[position] > self.last_day:
            raise CalendarRangeError(day, self.first_day, self.last_day, "next working day after")
        return index.working[position]

    def add_working_days(self, start: date | datetime, n: int) -> date:
        """The ``n``-th working day after the effective start of ``start``.

        ``n`` is a whole number, 0 or more; ``add_working_days(start, 0)`` is the
        effective start itself.

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> cal.add_working_days(date(2024, 3, 28), 5)  # over Easter 2024
        datetime.date(2024, 4, 8)
        >>> cal.add_working_days(date(2024, 5, 4), 0)  # a Saturday rolls forward
        datetime.date(2024, 5, 7)
        """
        day = start if type(start) is date else self._event_day(start)
        if type(n) is not int or n < 0:
            raise InvalidArgument("n", n, "a whole number of working days, 0 or more")
        index = self._index
        offset = day.toordinal() - index.first_ordinal
        if offset < 0 or day > self.last_day:
            raise CalendarRangeError(day, self.first_day, self.last_day, "start")
        cumulative = index.cumulative
        position = cumulative[offset] + n
        if self.start_rule == "strict" and cumulative[offset + 1] == cumulative[offset]:
            # A non-working start day: day 0 is the day itself, day 1 the next working day.
            if n == 0:
                return day
            position -= 1
        if position < len(index.working) and index.working[position] <= self.last_day:
            return index.working[position]
        beyond = self.last_day + timedelta(days=1)
        if position < len(index.working):
            beyond = index.working[position]
            where = f"is {beyond}, after the calendar's last day"
        else:
            where = "is after the calendar's last day"
        raise CalendarRangeError(
            beyond,
            self.first_day,
            self.last_day,
            message=f"{n} {'working day' if n == 1 else 'working days'} after {day} {where}",
        )

    def working_days_between(self, start: date | datetime, end: date) -> int:
        """Working days ``d`` with ``effective(start) < d <= end``.

        Negative when ``end`` is before the effective start, so that
        ``working_days_between(s, add_working_days(s, n)) == n`` for every ``s`` and ``n``.
        Working days late is ``working_days_between(deadline, actual)`` when positive.

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> cal.working_days_between(date(2022, 12, 23), date(2023, 1, 3))
        4
        >>> cal.working_days_between(date(2024, 5, 10), date(2024, 5, 9))
        -1
        """
        day = start if type(start) is date else self._event_day(start)
        end = _query_day(end, "end")
        index = self._index
        cumulative = index.cumulative
        offset = self._offset(day, "start")
        end_offset = self._offset(end, "end")
        if self.start_rule == "strict":
            return cumulative[end_offset + 1] - cumulative[offset + 1]
        # The effective start is the working day at position cumulative[offset].
        return cumulative[end_offset + 1] - cumulative[offset] - 1

    def working_days_late(self, due: date, actual: date) -> int:
        """How many working days late an action on ``actual`` is for the deadline ``due``.

        Both days first move to the first working day on or after them, whatever the start
        rule: a target date on a Saturday is met by the Monday, and an action on a Saturday
        counts as taken on the Monday. The answer is the number of working days ``d`` with
        ``rolled(due) < d <= rolled(actual)``, and 0 when the action was in time, so a late
        action is never "0 working days late".

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> cal.working_days_late(date(2024, 6, 29), date(2024, 7, 1))  # due Sat, done Mon
        0
        >>> cal.working_days_late(date(2024, 6, 21), date(2024, 6, 22))  # due Fri, done Sat
        1
        """
        cumulative = self._index.cumulative
        late = (
            cumulative[self._offset(_query_day(actual, "actual"), "actual")]
            - cumulative[self._offset(_query_day(due, "due"), "due")]
        )
        return max(late, 0)

    def non_working_days(self, start: date, end: date) -> tuple[NonWorkingDay, ...]:
        """Every non-working day from ``start`` to ``end`` inclusive, with its name.

        Weekends are named by their weekday; a bank holiday or closure by its name.

        >>> cal = WorkingDayCalendar.england_and_wales()
        >>> for day in cal.non_working_days(date(2023, 5, 5), date(2023, 5, 8)):
        ...     print(day)
        Saturday 2023-05-06
        Sunday 2023-05-07
        Monday 2023-05-08 (Coronation of Charles III)
        """
        first = self._offset(_query_day(start, "start"), "start")
        last = self._offset(_query_day(end, "end"), "end")
        index = self._index
        cumulative = index.cumulative
        found: list[NonWorkingDay] = []
        # A plain day-by-day walk: this serves explanations over short spans, not deadlines.
        for offset in range(first, last + 1):
            if cumulative[offset + 1] == cumulative[offset]:
                day = date.fromordinal(index.first_ordinal + offset)
                name = index.names.get(day)
                weekday = _WEEKDAY_NAMES[day.weekday()]
                if name is None:
                    name = weekday
                elif day.weekday() >= 5:
                    name = f"{name}, a {weekday}"
                found.append(NonWorkingDay(day, name))
        return tuple(found)

    def working_days(self, start: date, end: date) -> tuple[date, ...]:
        """Every working day from ``start`` to ``end`` inclusive.

        >>> WorkingDayCalendar.england_and_wales().working_days(date(2023, 5, 5), date(2023, 5, 9))
        (datetime.date(2023, 5, 5), datetime.date(2023, 5, 9))
        """
        first = self._offset(_query_day(start, "start"), "start")
        last = self._offset(_query_day(end, "end"), "end")
        cumulative = self._index.cumulative
        return tuple(self._index.working[cumulative[first] : cumulative[last + 1]])


@functools.lru_cache(maxsize=16)
def _calendar_of(
    subdivision: str,
    closures: tuple[tuple[date, str], ...],
    extra_non_working_days: tuple[tuple[date, str], ...],
    cutoff: time | None,
    start_rule: StartRule,
    first_day: date,
    last_day: date,
) -> WorkingDayCalendar:
    """The calendar with these settings, built once per process (for unpickling)."""
    return WorkingDayCalendar(
        subdivision=subdivision,
        closures=dict(closures),
        extra_non_working_days=dict(extra_non_working_days),
        cutoff=cutoff,
        start_rule=start_rule,
        first_day=first_day,
        last_day=last_day,
    )


_DEFAULT_LOCK = threading.Lock()
_DEFAULT: list[WorkingDayCalendar] = []


def _default_calendar() -> WorkingDayCalendar:
    """The shared default calendar, built once even when threads ask for it together."""
    if not _DEFAULT:
        with _DEFAULT_LOCK:
            if not _DEFAULT:
                _DEFAULT.append(WorkingDayCalendar())
    return _DEFAULT[0]
