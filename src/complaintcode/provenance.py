"""Provenance: what produced a figure, so that it can be reproduced.

A deadline, a finding or a report's percentage depends on three things besides the
complaints: the version of complaintcode, the bank holidays the installed ``holidays``
package knows, and the settings of the working-day calendar (subdivision, closure days,
extra non-working days, cut-off, start rule, bounds). :class:`Provenance` records all
three; every :class:`~complaintcode.Assessment` made by :func:`~complaintcode.check`
carries one (``assessment.provenance``), its JSON document has it under ``provenance``,
and the annual report and the self-assessment end with it.

The calendar's ``fingerprint`` is a digest of its settings *and* of every named
non-working day it holds: two calendars give the same deadlines for every date in their
range exactly when their fingerprints match, whatever machine they were built on.

>>> from complaintcode import WorkingDayCalendar
>>> p = Provenance.of(WorkingDayCalendar.england_and_wales())
>>> p.calendar.subdivision, len(p.fingerprint)
('ENG', 16)
>>> p.describe_calendar()
'ENG bank holidays, start rule roll-forward, no cut-off, no closure days, no extra non-working days, 1990-01-01 to 2099-12-31'
"""  # noqa: E501

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any, ClassVar

import attrs

from complaintcode._text import plural
from complaintcode._version import __version__
from complaintcode.calendar import WorkingDayCalendar

__all__ = ["Provenance"]


def calendar_settings(calendar: WorkingDayCalendar) -> dict[str, Any]:
    """A calendar's settings as a JSON-ready dict (dates ISO 8601, cut-off ``HH:MM``)."""
    return {
        "subdivision": calendar.subdivision,
        "start_rule": calendar.start_rule,
        "cutoff": None if calendar.cutoff is None else calendar.cutoff.strftime("%H:%M"),
        "closures": [[day.isoformat(), name] for day, name in calendar.closures],
        "extra_non_working_days": [
            [day.isoformat(), name] for day, name in calendar.extra_non_working_days
        ],
        "first_day": calendar.first_day.isoformat(),
        "last_day": calendar.last_day.isoformat(),
    }


@functools.lru_cache(maxsize=64)
def calendar_fingerprint(calendar: WorkingDayCalendar) -> str:
    """16 hex digits of SHA-256 over the settings and every named non-working day."""
    named = calendar.non_working_days(calendar.first_day, calendar.last_day)
    content = {
        "settings": calendar_settings(calendar),
        "days": [[d.day.isoformat(), d.name] for d in named if d.name],
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@functools.cache
def _holidays_version() -> str:
    from holidays import version

    return str(version.__version__)


@attrs.frozen
class Provenance:
    """The complaintcode version, the holidays package version and the calendar used.

    >>> from complaintcode import Complaint, Stage, check
    >>> from datetime import date
    >>> a = check(Complaint("P-1", [Stage(1, date(2024, 5, 3))]))
    >>> a.provenance.complaintcode == __version__, a.provenance.calendar.subdivision
    (True, 'ENG')
    """

    complaintcode: str
    """The version of complaintcode that made the figures."""
    holidays: str
    """The version of the ``holidays`` package whose bank holidays the calendar holds."""
    calendar: WorkingDayCalendar
    """The working-day calendar the deadlines were counted on."""

    COLUMNS: ClassVar[tuple[str, str, str]] = (
        "complaintcode_version",
        "holidays_version",
        "calendar_fingerprint",
    )
    """The names of the columns that carry :meth:`cells` in a table of results: the last
    three of ``complaintcode check --format csv`` and of the columnar engine's results."""

    @classmethod
    def of(cls, calendar: WorkingDayCalendar) -> Provenance:
        """The provenance of figures counted on ``calendar`` by this installation."""
        return cls(__version__, _holidays_version(), calendar)

    @property
    def fingerprint(self) -> str:
        """The calendar's fingerprint (:attr:`WorkingDayCalendar.fingerprint`)."""
        return calendar_fingerprint(self.calendar)

    def cells(self) -> tuple[str, str, str]:
        """The values of :attr:`COLUMNS`: the two versions and the calendar's fingerprint.

        The same on every row of a table of results, so that a results file that travels
        without its summary still says what made it.

        >>> from complaintcode import WorkingDayCalendar
        >>> made = Provenance("0.2.0", "0.109", WorkingDayCalendar.england_and_wales())
        >>> dict(zip(Provenance.COLUMNS, made.cells()))  # doctest: +ELLIPSIS
        {'complaintcode_version': '0.2.0', 'holidays_version': '0.109', 'calendar_fingerprint': '...'}
        """  # noqa: E501
        return (self.complaintcode, self.holidays, self.fingerprint)

    def describe_calendar(self) -> str:
        """The calendar's settings in words."""
        c = self.calendar
        closures, extra = len(c.closures), len(c.extra_non_working_days)
        return ", ".join(
            [
                f"{c.subdivision} bank holidays",
                f"start rule {c.start_rule}",
                "no cut-off" if c.cutoff is None else f"cut-off {c.cutoff.strftime('%H:%M')}",
                f"{closures or 'no'} closure {plural(closures, 'day')}",
                f"{extra or 'no'} extra non-working {plural(extra, 'day')}",
                f"{c.first_day.isoformat()} to {c.last_day.isoformat()}",
            ]
        )

    def sentence(self) -> str:
        """One line for a report's footer.

        >>> from complaintcode import WorkingDayCalendar
        >>> print(Provenance("0.2.0", "0.109", WorkingDayCalendar.england_and_wales()).sentence())
        Produced by complaintcode 0.2.0 with holidays 0.109; calendar: ENG bank holidays, start rule roll-forward, no cut-off, no closure days, no extra non-working days, 1990-01-01 to 2099-12-31 (fingerprint ...).
        """  # noqa: E501
        return (
            f"Produced by complaintcode {self.complaintcode} with holidays {self.holidays}; "
            f"calendar: {self.describe_calendar()} (fingerprint {self.fingerprint})."
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form written in assessment documents and report JSON.

        >>> from complaintcode import WorkingDayCalendar
        >>> d = Provenance.of(WorkingDayCalendar.england_and_wales()).to_dict()
        >>> sorted(d), d["calendar"]["subdivision"]
        (['calendar', 'complaintcode', 'holidays'], 'ENG')
        """
        return {
            "complaintcode": self.complaintcode,
            "holidays": self.holidays,
            "calendar": {"fingerprint": self.fingerprint, **calendar_settings(self.calendar)},
        }
