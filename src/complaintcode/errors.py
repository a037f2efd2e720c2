"""Exceptions raised by complaintcode.

Every exception derives from :class:`ComplaintCodeError` and also from the matching
built-in (``ValueError`` or ``TypeError``), so ``except ValueError`` keeps working in
code that does not know this library. Each carries structured fields beside its
message, so a caller can report the problem without parsing text.

A missed deadline is never an exception: breaches of the Code are returned as
findings by :func:`complaintcode.check`. Exceptions are for data that cannot be true
(a response before the complaint arrived) or arguments that make no sense.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = [
    "CalendarRangeError",
    "ComplaintCodeError",
    "EditionError",
    "InvalidArgument",
    "InvalidComplaint",
    "InvalidDocument",
    "InvalidEdition",
    "InvalidType",
]


class ComplaintCodeError(Exception):
    """Base class of every error raised by complaintcode.

    >>> issubclass(InvalidComplaint, ComplaintCodeError)
    True
    """


class InvalidArgument(ComplaintCodeError, ValueError):
    """An argument has a value the function cannot accept.

    ``name`` is the parameter, ``value`` what was passed and ``expected`` what would
    have been accepted.

    >>> err = InvalidArgument("n", -1, "a whole number of working days, 0 or more")
    >>> str(err)
    'n must be a whole number of working days, 0 or more; got -1'
    >>> err.name, err.value
    ('n', -1)
    """

    def __init__(self, name: str, value: Any, expected: str) -> None:
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"{name} must be {expected}; got {value!r}")


class InvalidType(ComplaintCodeError, TypeError):
    """A value has the wrong type: a string where a date belongs, a float for money.

    Strings are never parsed into dates here (so "1/2/2024" can never be misread); read
    records with :mod:`complaintcode.records`, which parses ISO 8601 explicitly.

    >>> isinstance(InvalidType("Stage.received must be a date; got '2024-05-03'"), TypeError)
    True
    """


class CalendarRangeError(ComplaintCodeError, ValueError):
    """A date lies outside the span a working-day calendar covers.

    The calendar never guesses beyond its bounds; the message names the date and both
    bounds.

    >>> err = CalendarRangeError(date(2150, 1, 1), date(1990, 1, 1), date(2099, 12, 31))
    >>> str(err)
    'date 2150-01-01 is outside the calendar, which covers 1990-01-01 to 2099-12-31'
    """

    def __init__(
        self,
        day: date,
        first: date,
        last: date,
        what: str = "date",
        *,
        message: str | None = None,
    ) -> None:
        self.day = day
        self.first = first
        self.last = last
        covers = f"{first.isoformat()} to {last.isoformat()}"
        super().__init__(
            f"{message}; the calendar covers {covers}"
            if message is not None
            else f"{what} {day.isoformat()} is outside the calendar, which covers {covers}"
        )


class InvalidComplaint(ComplaintCodeError, ValueError):
    """A complaint's data cannot be true (for example a response before receipt).

    ``reference`` names the complaint, ``field`` the offending field and ``message``
    what is wrong with it, including the values involved.

    >>> err = InvalidComplaint("C-1", "stages[0].acknowledged",
    ...                        "2024-05-01 is before received 2024-05-03")
    >>> str(err)
    'complaint C-1: stages[0].acknowledged: 2024-05-01 is before received 2024-05-03'
    """

    def __init__(self, reference: str, field: str, message: str) -> None:
        self.reference, self.field, self.message = reference, field, message
        super().__init__(f"complaint {reference}: {field}: {message}")


class EditionError(ComplaintCodeError, ValueError):
    """No edition of the Code was in force on a date, or an edition name is unknown.

    >>> str(EditionError("no edition of the Code was in force on 2019-01-01"))
    'no edition of the Code was in force on 2019-01-01'
    """


class InvalidEdition(EditionError):
    """An edition file (the Code's own data, or a user edition) breaks its schema or rules.

    ``source`` names the file, ``key`` the offending key as a dotted path (``""`` for the
    file as a whole) and ``message`` what is wrong with it.

    >>> err = InvalidEdition("policy.toml", "stage1.respond.working_days", "must be 10 or fewer")
    >>> str(err)
    'policy.toml: stage1.respond.working_days: must be 10 or fewer'
    >>> isinstance(err, ValueError), err.key
    (True, 'stage1.respond.working_days')
    """

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {message}")


class InvalidDocument(ComplaintCodeError, ValueError):
    """A JSON document (a dict) does not match the schema, so no object was built.

    Every problem found is listed, each with the path of the offending key, as in
    :class:`InvalidComplaint` (``stages[0].received``); ``field`` and
    ``message`` are those of the first problem, ``problems`` all of them as (path,
    message) pairs. ``reference`` is the document's ``reference`` when it has a usable one.
    A document that matches the schema but describes a history that cannot be true (a
    response before receipt) raises :class:`InvalidComplaint`
    instead, exactly as building the complaint in Python does.

    >>> err = InvalidDocument("C-9", (("stages", "required key is missing"),))
    >>> str(err)
    'complaint C-9: invalid document: stages: required key is missing'
    >>> err.field, err.message
    ('stages', 'required key is missing')
    """

    def __init__(
        self, reference: str | None, problems: tuple[tuple[str, str], ...], what: str = "complaint"
    ) -> None:
        self.reference = reference
        self.problems = problems
        self.field, self.message = problems[0] if problems else ("$", "invalid")
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        subject = f"{what} {reference}" if reference else what
        super().__init__(f"{subject}: invalid document: {listed}")
