"""The arguments every casework question shares, read and checked: ``as_of`` and the rest.

:mod:`complaintcode.casework` and its what-if questions (:mod:`complaintcode._previews`)
read them the same way; a wrong value raises
:class:`~complaintcode.errors.InvalidArgument` naming the argument.
"""

from __future__ import annotations

from datetime import date, datetime

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import InvalidArgument
from complaintcode.results import LateAcknowledgement

__all__ = ["as_of_day", "check_late_acknowledgement", "check_within", "seen"]


def as_of_day(as_of: date | datetime, calendar: WorkingDayCalendar) -> date:
    """The day ``as_of`` names: a date, or a datetime's day as ``calendar`` reads it."""
    if isinstance(as_of, datetime):
        return calendar.day_of(as_of)
    if isinstance(as_of, date):
        return date(as_of.year, as_of.month, as_of.day)
    raise InvalidArgument(
        "as_of", as_of, "a datetime.date or datetime.datetime (there is no default)"
    )


def check_late_acknowledgement(value: LateAcknowledgement) -> LateAcknowledgement:
    """``value``, when it is one of the two readings of a late acknowledgement."""
    if value not in ("moves-clock", "capped"):
        raise InvalidArgument("late_acknowledgement", value, "'moves-clock' or 'capped'")
    return value


def check_within(within: int) -> int:
    """``within``, when it is a whole number of working days, 0 or more."""
    if type(within) is not int or within < 0:
        raise InvalidArgument("within", within, "a whole number of working days, 0 or more")
    return within


def seen(day: date | None, as_of: date) -> date | None:
    """``day`` when it had happened by ``as_of``; else ``None`` (not yet, or never)."""
    return day if day is not None and day <= as_of else None
