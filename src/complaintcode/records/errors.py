"""What can go wrong when reading an export: file-level errors and row-level errors.

Role: the error types only. A file that cannot be read at all raises
:class:`InvalidRecords` (or :class:`InvalidColumnMap` for an unusable column map); a row
that cannot become a complaint is yielded as a :class:`RecordError` and reading goes on.
"""

from __future__ import annotations

import attrs

from complaintcode.errors import ComplaintCodeError


class _FileProblem(ComplaintCodeError, ValueError):
    """A file (or a map built in code, ``path=None``) that cannot be used at all."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


class InvalidRecords(_FileProblem):
    """A file cannot be read as complaint records at all.

    Raised by :func:`~complaintcode.records.read_cases` before any row: an empty file, a
    file that is not UTF-8, a missing required column, or a column the column map names
    but the file lacks. ``path`` is the file (``None`` for a stream without a name) and
    ``reason`` what is wrong.

    >>> err = InvalidRecords("cases.csv", "the file is empty; expected a header row")
    >>> str(err)
    'cases.csv: the file is empty; expected a header row'
    >>> err.reason
    'the file is empty; expected a header row'
    """


class InvalidColumnMap(_FileProblem):
    """A column map (or its TOML file) is not usable.

    ``path`` is the TOML file (``None`` when the map was built in code) and ``reason``
    what is wrong with it.

    >>> from complaintcode.records import ColumnMap
    >>> ColumnMap({"recieved": "Date Received"})
    Traceback (most recent call last):
    ...
    complaintcode.records.InvalidColumnMap: unknown canonical column name(s): 'recieved' (did you mean 'received'?)
    """  # noqa: E501


@attrs.frozen
class RecordError:
    """Why one data row could not become a complaint.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1),
    ``reference`` the row's complaint reference when it has one, ``field`` the canonical
    column at fault (``None`` when the row as a whole is malformed), ``value`` the
    offending cell as written and ``message`` what is wrong with it. ``column`` is the
    landlord's own name for the column when a :class:`ColumnMap` renamed it. ``others``
    holds the row's other problems, each as its own error (every cell that cannot be
    read is reported, not only the first); printing the error lists them all.

    >>> import attrs
    >>> err = RecordError(7, "HC-10", "received", "31/02/2024",
    ...                   "'31/02/2024' is not an ISO 8601 date (YYYY-MM-DD)")
    >>> print(err)
    row 7 (ref HC-10): received: '31/02/2024' is not an ISO 8601 date (YYYY-MM-DD)
    >>> print(attrs.evolve(err, column="Date Received"))
    row 7 (ref HC-10): received [Date Received]: '31/02/2024' is not an ISO 8601 date (YYYY-MM-DD)
    """

    row: int
    reference: str | None
    field: str | None
    value: str | None
    message: str
    column: str | None = attrs.field(default=None, kw_only=True)
    others: tuple[RecordError, ...] = attrs.field(default=(), kw_only=True)

    @property
    def problems(self) -> tuple[RecordError, ...]:
        """Every problem of the row: this one (without its ``others``), then the others."""
        return (attrs.evolve(self, others=()), *self.others)

    def __str__(self) -> str:
        where = (
            f"row {self.row}"
            if self.reference is None
            else f"row {self.row} (ref {self.reference})"
        )
        text = f"{where}: {self._what()}"
        for other in self.others:
            prefix = "" if other.row == self.row else f"row {other.row}: "
            text += f"; {prefix}{other._what()}"
        return text

    def _what(self) -> str:
        if self.field is None:
            return self.message
        field = self.field if self.column is None else f"{self.field} [{self.column}]"
        return f"{field}: {self.message}"


SHOWN_LENGTH = 60
"""How much of an offending cell a message quotes (the rest is cut, with its length said)."""


def shown(text: str) -> str:
    """A cell as a message quotes it: ``repr``, cut to a sensible length.

    >>> shown("x" * 200)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (200 characters)"
    """
    if len(text) <= SHOWN_LENGTH:
        return repr(text)
    quoted = repr(text[:SHOWN_LENGTH])
    return f"{quoted[:-1]}…{quoted[-1]} ({len(text):,} characters)"


class Bad(Exception):
    """A cell that cannot be read (internal; the reader turns it into a RecordError)."""

    __slots__ = ("field", "message", "value")

    def __init__(self, field: str, value: str, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message
