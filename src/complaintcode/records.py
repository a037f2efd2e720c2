r"""Reading complaints from a landlord's CSV export, one row per complaint.

:func:`read_cases` streams a CSV file in the wide format described in the
"Check your export" guide and yields, for every data row, either a
:class:`~complaintcode.model.Complaint` or a :class:`RecordError` explaining the first
thing wrong with the row. Nothing is dropped silently: the number of data rows read
equals the complaints plus the errors yielded. A file that cannot be read at all (empty,
not UTF-8, or lacking a required column) raises :class:`InvalidRecords` before any row.

:class:`ColumnMap` maps the canonical column names to a landlord's own, and can be
loaded from a small TOML file.

>>> import io
>>> text = '''reference,received,acknowledged,responded,team
... HC-1,2024-05-03,2024-05-07,2024-05-17,North
... HC-2,2024-05-07,2024-05-06,,South
... '''
>>> for item in read_cases(io.StringIO(text)):
...     print(item if isinstance(item, RecordError) else item.reference)
HC-1
row 3 (ref HC-2): acknowledged: 2024-05-06 is before the stage was received on 2024-05-07

Row numbers are the ones a spreadsheet shows: the header is row 1, so the first data
row is row 2. A quoted cell that spans several lines still belongs to one row.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from types import TracebackType
from typing import IO, Any, Final

import attrs

from complaintcode.errors import ComplaintCodeError, InvalidArgument, InvalidComplaint
from complaintcode.model import (
    Complaint,
    ExclusionGround,
    Extension,
    Outcome,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
)

__all__ = [
    "CANONICAL_COLUMNS",
    "DATE_FORMATS",
    "REQUIRED_COLUMNS",
    "CaseReader",
    "ColumnMap",
    "InvalidColumnMap",
    "InvalidRecords",
    "RecordError",
    "read_cases",
]

# --------------------------------------------------------------------------- columns

_STAGE1: Final = (
    "reference",
    "received",
    "acknowledged",
    "responded",
    "handler",
    "outcome",
    "items",
)
_EXT_FIELDS: Final = ("notified", "days", "reason", "good_reason", "ombudsman_details")
_S1_EXTS: Final = ("s1_ext1", "s1_ext2")
_S2_EXTS: Final = ("s2_ext1", "s2_ext2")
_STAGE2: Final = (
    "escalation_received",
    "escalation_acknowledged",
    "escalation_responded",
    "escalation_handler",
    "escalation_outcome",
    "escalation_items",
)
_STAGE3: Final = ("stage3_received", "stage3_responded", "stage3_handler", "stage3_outcome")
_DATES: Final = ("issue_date", "aware_date")
_REFUSAL: Final = (
    "refusal_decided",
    "refusal_ground",
    "refusal_stage",
    "refusal_reasons_given",
    "refusal_ombudsman_rights_given",
)
_REMEDY: Final = (
    "remedy_kind",
    "remedy_description",
    "remedy_offered",
    "remedy_due",
    "remedy_completed",
    "remedy_amount",
)
_GROUPING: Final = ("category", "tenure")


def _ext_columns(prefixes: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{p}_{f}" for p in prefixes for f in _EXT_FIELDS)


CANONICAL_COLUMNS: Final[tuple[str, ...]] = (
    _STAGE1
    + _ext_columns(_S1_EXTS)
    + _STAGE2
    + _ext_columns(_S2_EXTS)
    + _STAGE3
    + _DATES
    + _REFUSAL
    + _REMEDY
    + _GROUPING
)
"""Every canonical column name, in the order a row's cells are checked."""

REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("reference", "received")
"""The columns every file must have."""

DATE_FORMATS: Final[tuple[str, ...]] = ("iso", "dd/mm/yyyy")
"""The date formats :func:`read_cases` accepts. ISO 8601 is always read."""

_CANONICAL_SET: Final = frozenset(CANONICAL_COLUMNS)

# --------------------------------------------------------------------------- errors


class InvalidRecords(ComplaintCodeError, ValueError):
    """A file cannot be read as complaint records at all.

    Raised by :func:`read_cases` before any row: an empty file, a file that is not
    UTF-8, a missing required column, or a column the column map names but the file
    lacks. ``path`` is the file (``None`` for a stream without a name) and ``reason``
    what is wrong.

    >>> err = InvalidRecords("cases.csv", "the file is empty; expected a header row")
    >>> str(err)
    'cases.csv: the file is empty; expected a header row'
    >>> err.reason
    'the file is empty; expected a header row'
    """

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


class InvalidColumnMap(ComplaintCodeError, ValueError):
    """A column map (or its TOML file) is not usable.

    ``path`` is the TOML file (``None`` when the map was built in code) and ``reason``
    what is wrong with it.

    >>> ColumnMap({"recieved": "Date Received"})
    Traceback (most recent call last):
    ...
    complaintcode.records.InvalidColumnMap: unknown canonical column name(s): 'recieved' (did you mean 'received'?)
    """  # noqa: E501

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


@attrs.frozen
class RecordError:
    """Why one data row could not become a complaint.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1),
    ``reference`` the row's complaint reference when it has one, ``field`` the canonical
    column at fault (``None`` when the row as a whole is malformed), ``value`` the
    offending cell as written and ``message`` what is wrong with it. ``column`` is the
    landlord's own name for the column when a :class:`ColumnMap` renamed it.

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

    def __str__(self) -> str:
        where = (
            f"row {self.row}"
            if self.reference is None
            else f"row {self.row} (ref {self.reference})"
        )
        if self.field is None:
            return f"{where}: {self.message}"
        field = self.field if self.column is None else f"{self.field} [{self.column}]"
        return f"{where}: {field}: {self.message}"


class _Bad(Exception):
    """A cell that cannot be read (internal; becomes a RecordError)."""

    __slots__ = ("field", "message", "value")

    def __init__(self, field: str, value: str, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message


# --------------------------------------------------------------------------- column map


def _suggest(names: Iterable[str], known: Iterable[str]) -> str:
    known = list(known)
    parts = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1)
        parts.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    return ", ".join(parts)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(items)


@attrs.frozen(init=False)
class ColumnMap:
    """How a landlord's export names the canonical columns.

    ``columns`` maps canonical names (see :data:`CANONICAL_COLUMNS`) to the landlord's
    column names; a canonical column not in the map is looked for under its own name.
    Column names are matched ignoring case and surrounding spaces. ``date_format`` is
    the export's date format (``"iso"`` or ``"dd/mm/yyyy"``; ``None`` leaves the choice
    to :func:`read_cases`). ``attributes`` renames free columns kept for grouping
    (attribute name → the landlord's column) and ``ignore`` lists columns not to keep
    at all (for example residents' names).

    Raises:
        InvalidColumnMap: for an unknown canonical name, an unknown date format, a blank
            column name, or two names mapped to the same column.

    >>> cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"},
    ...                  date_format="dd/mm/yyyy", attributes={"team": "Housing Team"})
    >>> cmap.theirs("received"), cmap.theirs("acknowledged")
    ('Date Received', 'acknowledged')
    """

    columns: tuple[tuple[str, str], ...]
    date_format: str | None
    attributes: tuple[tuple[str, str], ...]
    ignore: tuple[str, ...]

    def __init__(
        self,
        columns: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        *,
        date_format: str | None = None,
        attributes: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        ignore: Iterable[str] = (),
        path: str | None = None,
    ) -> None:
        cols = _pairs(columns)
        attribute_pairs = _pairs(attributes)
        ignored = tuple(ignore)

        def fail(reason: str) -> None:
            raise InvalidColumnMap(path, reason)

        unknown = [c for c, _ in cols if c not in _CANONICAL_SET]
        if unknown:
            fail(f"unknown canonical column name(s): {_suggest(unknown, CANONICAL_COLUMNS)}")
        if date_format is not None and date_format not in DATE_FORMATS:
            fail(
                f"date_format must be one of {', '.join(map(repr, DATE_FORMATS))}; "
                f"got {date_format!r}"
            )
        seen: dict[str, str] = {}
        for label, pairs in (("columns", cols), ("attributes", attribute_pairs)):
            for name, theirs in pairs:
                if not isinstance(theirs, str) or not theirs.strip():
                    fail(f"{label}: {name!r} must name a column; got {theirs!r}")
                if not isinstance(name, str) or not name.strip():
                    fail(f"{label}: names must be non-blank text; got {name!r}")
                key = theirs.strip().casefold()
                if key in seen:
                    fail(f"column {theirs!r} is mapped twice: to {seen[key]!r} and {name!r}")
                seen[key] = name
        for name in ignored:
            if not isinstance(name, str) or not name.strip():
                fail(f"ignore: column names must be non-blank text; got {name!r}")
            if name.strip().casefold() in seen:
                fail(f"column {name!r} is both mapped and ignored")
        self.__attrs_init__(
            tuple(sorted((c, t.strip()) for c, t in cols)),
            date_format,
            tuple(sorted((a, t.strip()) for a, t in attribute_pairs)),
            tuple(n.strip() for n in ignored),
        )

    def theirs(self, canonical: str) -> str:
        """The landlord's name for a canonical column (its own name when not mapped).

        >>> ColumnMap({"reference": "Case Ref"}).theirs("reference")
        'Case Ref'
        """
        for name, theirs in self.columns:
            if name == canonical:
                return theirs
        return canonical

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> ColumnMap:
        """Load a column map from a TOML file.

        The file has an optional top-level ``date_format`` and ``ignore`` list, a
        ``[columns]`` table (canonical name = "their column") and an optional
        ``[attributes]`` table (attribute name = "their column")::

            date_format = "dd/mm/yyyy"
            ignore = ["Tenant Name"]

            [columns]
            reference = "Case Ref"
            received = "Date Received"

            [attributes]
            team = "Housing Team"

        Raises:
            InvalidColumnMap: for a file that is not valid TOML, an unknown key, or any
                problem :class:`ColumnMap` itself rejects; the message names the file.

        >>> cmap = ColumnMap.from_toml("examples/columns.toml")
        >>> cmap.theirs("reference"), cmap.date_format
        ('Case Ref', 'dd/mm/yyyy')
        """
        where = os.fspath(path)
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidColumnMap(where, f"not valid TOML: {exc}") from None
        known = ("date_format", "ignore", "columns", "attributes")
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InvalidColumnMap(where, f"unknown key(s): {_suggest(unknown, known)}")
        columns = data.get("columns", {})
        attributes = data.get("attributes", {})
        ignore = data.get("ignore", [])
        date_format = data.get("date_format")
        for key, value, kind in (
            ("columns", columns, dict),
            ("attributes", attributes, dict),
            ("ignore", ignore, list),
        ):
            if not isinstance(value, kind):
                what = "a table" if kind is dict else "a list of column names"
                raise InvalidColumnMap(where, f"{key} must be {what}; got {value!r}")
        if date_format is not None and not isinstance(date_format, str):
            raise InvalidColumnMap(where, f"date_format must be text; got {date_format!r}")
        return cls(
            columns, date_format=date_format, attributes=attributes, ignore=ignore, path=where
        )


# --------------------------------------------------------------------------- cell parsers

_BOOLEANS: Final = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def _words(text: str) -> str:
    """Normalise enum words: case, underscores, hyphens and spacing do not matter."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _vocabulary(members: Iterable[Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for m in members:
        table[_words(m.name)] = m
        table[_words(m.value)] = m
    table.update({_words(k): v for k, v in extra.items()})
    return table


_OUTCOMES: Final = _vocabulary(
    Outcome,
    {
        "partially upheld": Outcome.PARTLY_UPHELD,
        "part upheld": Outcome.PARTLY_UPHELD,
        "fully upheld": Outcome.UPHELD,
    },
)
_GROUNDS: Final = _vocabulary(
    ExclusionGround,
    {
        "over 12 months": ExclusionGround.OUT_OF_TIME,
        "more than 12 months": ExclusionGround.OUT_OF_TIME,
        "outside 12 months": ExclusionGround.OUT_OF_TIME,
        "time limit": ExclusionGround.OUT_OF_TIME,
        "legal action": ExclusionGround.LEGAL_PROCEEDINGS,
        "considered before": ExclusionGround.PREVIOUSLY_CONSIDERED,
    },
)
_REMEDY_KINDS: Final = _vocabulary(
    RemedyKind,
    {
        "financial": RemedyKind.FINANCIAL,
        "compensation": RemedyKind.FINANCIAL,
        "acknowledging": RemedyKind.ACKNOWLEDGEMENT,
    },
)
_ITEMS: Final = _vocabulary(ResponseItem, {})
_MONEY: Final = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_DMY_TIME_LENGTHS: Final = (5, 8)  # HH:MM or HH:MM:SS after a dd/mm/yyyy date

_CACHE_LIMIT: Final = 4096
_ISO_DATE: Final = "an ISO 8601 date (YYYY-MM-DD)"
_ISO_EVENT: Final = "an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM±HH:MM)"


def _choices(members: Iterable[Any]) -> str:
    return ", ".join(m.name for m in members)


_OUTCOME_WORDS: Final = "an outcome (upheld, partly upheld, not upheld or withdrawn)"
_GROUND_WORDS: Final = f"a refusal ground ({_choices(ExclusionGround)})"
_KIND_WORDS: Final = f"a remedy kind ({_choices(RemedyKind)})"


# --------------------------------------------------------------------------- row parser


def _getter(indexes: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    get = itemgetter(*indexes)
    if len(indexes) == 1:
        return lambda row: (get(row),)
    return get


def _first_filled(names: Sequence[str], values: Sequence[str]) -> str | None:
    for name, value in zip(names, values, strict=True):
        if value.strip():
            return name
    return None


_MODEL_FIELD: Final = re.compile(r"stages\[(\d+)\](?:\.extensions\[(\d+)\])?\.(\w+)")
_STAGE_PREFIX: Final = ("", "escalation_", "stage3_")


class _Parser:
    """Turns one row (already checked for shape) into a Complaint, or raises _Bad."""

    def __init__(
        self,
        index: Mapping[str, int],
        sentinel: int,
        dmy: bool,
        attribute_columns: Sequence[tuple[int, str]],
        labels: Mapping[str, str],
    ) -> None:
        def get(names: Sequence[str]) -> Callable[[list[str]], tuple[str, ...]]:
            return _getter([index.get(n, sentinel) for n in names])

        def present(names: Sequence[str]) -> bool:
            return any(n in index for n in names)

        def exts(prefixes: Sequence[str]) -> list[tuple[str, Callable[..., tuple[str, ...]]]]:
            return [
                (p, get([f"{p}_{f}" for f in _EXT_FIELDS]))
                for p in prefixes
                if present([f"{p}_{f}" for f in _EXT_FIELDS])
            ]

        self.dmy = dmy
        self.cache: dict[str, Any] = {}  # per reader: no state shared between threads
        self.item_cache: dict[str, frozenset[ResponseItem]] = {}
        self.labels = labels
        self.attribute_columns = tuple(attribute_columns)
        self.stage1 = get(_STAGE1)
        # all the cells of a part of the form, to skip it at C speed when all are empty
        self.s1_cells = get(_ext_columns(_S1_EXTS))
        self.s2_cells = get([*_STAGE2, *_ext_columns(_S2_EXTS)])
        self.s1_exts = exts(_S1_EXTS)
        self.stage2 = get(_STAGE2) if present(_STAGE2) else None
        self.s2_exts = exts(_S2_EXTS)
        self.stage3 = get(_STAGE3) if present(_STAGE3) else None
        self.dates = get(_DATES) if present(_DATES) else None
        self.refusal = get(_REFUSAL) if present(_REFUSAL) else None
        self.remedy = get(_REMEDY) if present(_REMEDY) else None
        self.grouping = get(_GROUPING) if present(_GROUPING) else None

    def missing(self, field: str, value: str, filled: str, need: str) -> _Bad:
        """The error for a required cell left blank while others of its group are filled."""
        return _Bad(field, value, f"missing, but {self.label(filled)} is filled; {need}")

    def label(self, canonical: str) -> str:
        """The file's own name for a canonical column."""
        return self.labels.get(canonical, canonical)

    # -- cells ---------------------------------------------------------------

    def day(self, text: str, field: str) -> date | None:
        """A date cell; ``None`` when blank."""
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        text = text.strip()
        if not text:
            return None
        return self._slow_date(text, field, event=False)

    def event(self, text: str, field: str) -> date | datetime | None:
        """A date or date-time cell (stage received); ``None`` when blank."""
        n = len(text)
        if n >= 10 and text[4] == "-" and text[7] == "-":
            try:
                if n == 10:
                    return date.fromisoformat(text)
                if text[10] in "T ":
                    return datetime.fromisoformat(text)
            except ValueError:
                pass
        text = text.strip()
        if not text:
            return None
        return self._slow_date(text, field, event=True)

    def _slow_date(self, text: str, field: str, *, event: bool) -> date | datetime:
        if len(text) >= 10 and text[4] == "-" == text[7] and text[:10].isascii():
            digits = (text[:4], text[5:7], text[8:10])
            if all(d.isdigit() for d in digits):
                try:
                    day = date(*map(int, digits))
                except ValueError as exc:
                    raise _Bad(field, text, f"{text!r} is not a valid date: {exc}") from None
                if len(text) == 10:
                    return day
                if event and text[10] in "T ":
                    try:
                        return datetime.fromisoformat(text)
                    except ValueError:
                        pass
        if self.dmy and "/" in text:
            return self._dmy(text, field, event=event)
        if "/" in text and all(p.strip().isdigit() for p in text.partition(" ")[0].split("/")):
            raise _Bad(
                field,
                text,
                f"{text!r} is not {_ISO_EVENT if event else _ISO_DATE}; dd/mm/yyyy dates are "
                "read only when you say so (date_format='dd/mm/yyyy')",
            )
        raise _Bad(field, text, self._date_expected(text, event))

    def _date_expected(self, text: str, event: bool) -> str:
        if self.dmy:
            parts = text.partition(" ")[0].split("/")
            if len(parts) == 3 and len(parts[2]) == 2 and parts[2].isdigit():
                return f"{text!r} has a two-digit year; write dates as dd/mm/yyyy"
            return f"{text!r} is not a date (dd/mm/yyyy or YYYY-MM-DD)"
        return f"{text!r} is not {_ISO_EVENT if event else _ISO_DATE}"

    def _dmy(self, text: str, field: str, *, event: bool) -> date | datetime:
        day_part, _, clock = text.partition(" ")
        clock = clock.strip()
        parts = day_part.split("/")
        shaped = (
            len(parts) == 3
            and all(p.isascii() and p.isdigit() for p in parts)
            and 1 <= len(parts[0]) <= 2
            and 1 <= len(parts[1]) <= 2
            and len(parts[2]) == 4
            and (not clock or (event and len(clock) in _DMY_TIME_LENGTHS))
        )
        if not shaped:
            raise _Bad(field, text, self._date_expected(text, event))
        d, m, y = (int(p) for p in parts)
        if m > 12 and 1 <= d <= 12:
            raise _Bad(
                field,
                text,
                f"{text!r} has month {m}: dates must be dd/mm/yyyy (day and month swapped?)",
            )
        try:
            day = date(y, m, d)
        except ValueError as exc:
            raise _Bad(field, text, f"{text!r} is not a valid date: {exc}") from None
        if not clock:
            return day
        try:
            return datetime.combine(day, time.fromisoformat(clock))
        except ValueError:
            raise _Bad(field, text, f"{text!r} has a time that is not HH:MM or HH:MM:SS") from None

    @staticmethod
    def boolean(text: str, field: str) -> bool:
        """A yes/no cell; blank = False."""
        key = text.strip().lower()
        if not key:
            return False
        try:
            return _BOOLEANS[key]
        except KeyError:
            raise _Bad(
                field, text, f"{text.strip()!r} is not yes or no (yes/no, true/false, y/n, 1/0)"
            ) from None

    @staticmethod
    def whole(text: str, field: str, what: str) -> int:
        """A whole number cell (not blank)."""
        t = text.strip()
        digits = t[1:] if t[:1] == "-" else t
        if not (digits.isascii() and digits.isdigit()):
            raise _Bad(field, text, f"{t!r} is not a whole number of {what}")
        return int(t)

    def word(self, text: str, field: str, table: Mapping[str, Any], what: str) -> Any:
        """An enum cell given in words or by member name; blank = None."""
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        t = text.strip()
        if not t:
            return None
        try:
            found = table[_words(t)]
        except KeyError:
            raise _Bad(field, text, f"{t!r} is not {what}") from None
        self.remember(text, found)
        return found

    def remember(self, text: str, value: Any) -> None:
        """Cache a cell's value: exports repeat the same few spellings on every row."""
        if len(self.cache) < _CACHE_LIMIT:
            self.cache[text] = value

    def items(self, text: str, field: str) -> frozenset[ResponseItem] | None:
        """A ``;``-separated list of response items; blank = not recorded (None)."""
        hit = self.item_cache.get(text)
        if hit is not None:
            return hit
        t = text.strip()
        if not t:
            return None
        found = set()
        for part in t.split(";"):
            if not part.strip():
                continue
            try:
                found.add(_ITEMS[_words(part)])
            except KeyError:
                raise _Bad(
                    field,
                    text,
                    f"{part.strip()!r} is not a response item ({_choices(ResponseItem)})",
                ) from None
        result = frozenset(found)
        if len(self.item_cache) < _CACHE_LIMIT:
            self.item_cache[text] = result
        return result

    @staticmethod
    def money(text: str, field: str) -> Decimal | None:
        """Pounds: ``150``, ``150.00``, ``£150.00``, ``£1,250``; blank = None."""
        t = text.strip()
        if not t:
            return None
        match = _MONEY.fullmatch(t)
        if match is None:
            raise _Bad(field, text, f"{t!r} is not a sum of money (e.g. 150, 150.00, £150.00)")
        try:
            return Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise _Bad(field, text, f"{t!r} is not a sum of money") from None

    # -- groups --------------------------------------------------------------

    def extensions(
        self, row: list[str], groups: list[tuple[str, Callable[..., tuple[str, ...]]]]
    ) -> list[Extension]:
        result = []
        for prefix, get in groups:
            notified_t, days_t, reason_t, good_t, details_t = get(row)
            if not (notified_t or days_t or reason_t or good_t or details_t):
                continue
            names = [f"{prefix}_{f}" for f in _EXT_FIELDS]
            filled = _first_filled(names, (notified_t, days_t, reason_t, good_t, details_t))
            if filled is None:
                continue
            notified = self.day(notified_t, names[0])
            if notified is None:
                raise self.missing(
                    names[0],
                    notified_t,
                    filled,
                    "an extension needs the date the resident was told",
                )
            if not days_t.strip():
                raise self.missing(names[1], days_t, filled, "an extension needs its working days")
            result.append(
                Extension(
                    notified,
                    self.whole(days_t, names[1], "working days"),
                    reason_t.strip(),
                    good_reason=self.boolean(good_t, names[3]),
                    ombudsman_details_given=self.boolean(details_t, names[4]),
                )
            )
        return result

    def parse(self, row: list[str], reference: str) -> Complaint:
        """The complaint in a row (with the sentinel blank cell appended)."""
        _, received_t, ack_t, resp_t, handler_t, outcome_t, items_t = self.stage1(row)
        received = self.event(received_t, "received")
        if received is None:
            raise _Bad(
                "received",
                received_t,
                "missing; every complaint needs the date stage 1 was received",
            )
        exts1 = self.extensions(row, self.s1_exts) if any(self.s1_cells(row)) else ()
        stages = [
            Stage(
                1,
                received,
                acknowledged=self.day(ack_t, "acknowledged") if ack_t else None,
                responded=self.day(resp_t, "responded") if resp_t else None,
                handler=(handler_t.strip() or None) if handler_t else None,
                outcome=self.word(outcome_t, "outcome", _OUTCOMES, _OUTCOME_WORDS)
                if outcome_t
                else None,
                response_items=self.items(items_t, "items") if items_t else None,
                extensions=exts1,
            )
        ]
        if any(self.s2_cells(row)):
            self._stage2(row, stages)
        if self.stage3 is not None and any(self.stage3(row)):
            self._stage3(row, stages)
        issue_date = aware_date = None
        if self.dates is not None:
            issue_t, aware_t = self.dates(row)
            issue_date = self.day(issue_t, "issue_date") if issue_t else None
            aware_date = self.day(aware_t, "aware_date") if aware_t else None
        refusal = self._refusal(row) if self.refusal is not None else None
        remedies = self._remedy(row) if self.remedy is not None else ()
        category = tenure = None
        if self.grouping is not None:
            category_t, tenure_t = self.grouping(row)
            category = (category_t.strip() or None) if category_t else None
            tenure = (tenure_t.strip() or None) if tenure_t else None
        attributes: list[tuple[str, str]] = []
        for i, name in self.attribute_columns:
            value = row[i]
            if value:
                value = value.strip()
                if value:
                    attributes.append((name, value))
        return Complaint(
            reference,
            stages,
            issue_date=issue_date,
            aware_date=aware_date,
            remedies=remedies,
            refusal=refusal,
            category=category,
            tenure=tenure,
            attributes=attributes,
        )

    def _stage2(self, row: list[str], stages: list[Stage]) -> None:
        values = self.stage2(row) if self.stage2 is not None else ("",) * len(_STAGE2)
        received_t, ack_t, resp_t, handler_t, outcome_t, items_t = values
        received = self.event(received_t, "escalation_received") if received_t else None
        if received is None:
            filled = _first_filled(_STAGE2, values)
            if filled is None:
                for prefix, get in self.s2_exts:
                    filled = _first_filled([f"{prefix}_{f}" for f in _EXT_FIELDS], get(row))
                    if filled is not None:
                        break
            if filled is not None:
                raise self.missing(
                    "escalation_received",
                    received_t,
                    filled,
                    "a stage 2 needs the date the escalation request was received",
                )
            return
        stages.append(
            Stage(
                2,
                received,
                acknowledged=self.day(ack_t, "escalation_acknowledged") if ack_t else None,
                responded=self.day(resp_t, "escalation_responded") if resp_t else None,
                handler=(handler_t.strip() or None) if handler_t else None,
                outcome=(
                    self.word(outcome_t, "escalation_outcome", _OUTCOMES, _OUTCOME_WORDS)
                    if outcome_t
                    else None
                ),
                response_items=self.items(items_t, "escalation_items") if items_t else None,
                extensions=self.extensions(row, self.s2_exts) if self.s2_exts else (),
            )
        )

    def _stage3(self, row: list[str], stages: list[Stage]) -> None:
        assert self.stage3 is not None
        values = self.stage3(row)
        received_t, resp_t, handler_t, outcome_t = values
        received = self.event(received_t, "stage3_received") if received_t else None
        if received is None:
            filled = _first_filled(_STAGE3, values)
            if filled is not None:
                raise self.missing(
                    "stage3_received",
                    received_t,
                    filled,
                    "a stage 3 needs the date it was received",
                )
            return
        if len(stages) < 2:
            raise _Bad(
                "stage3_received",
                received_t,
                "a stage 3 is recorded but there is no stage 2 (escalation_received is blank)",
            )
        stages.append(
            Stage(
                3,
                received,
                responded=self.day(resp_t, "stage3_responded") if resp_t else None,
                handler=(handler_t.strip() or None) if handler_t else None,
                outcome=(
                    self.word(outcome_t, "stage3_outcome", _OUTCOMES, _OUTCOME_WORDS)
                    if outcome_t
                    else None
                ),
            )
        )

    def _refusal(self, row: list[str]) -> Refusal | None:
        assert self.refusal is not None
        values = self.refusal(row)
        filled = _first_filled(_REFUSAL, values)
        if filled is None:
            return None
        decided_t, ground_t, stage_t, reasons_t, rights_t = values
        decided = self.day(decided_t, "refusal_decided")
        if decided is None:
            raise self.missing(
                "refusal_decided", decided_t, filled, "a refusal needs the date it was decided"
            )
        ground = self.word(ground_t, "refusal_ground", _GROUNDS, _GROUND_WORDS)
        if ground is None:
            raise self.missing(
                "refusal_ground",
                ground_t,
                filled,
                f"a refusal needs its ground ({_choices(ExclusionGround)})",
            )
        return Refusal(
            decided,
            ground,
            stage=self.whole(stage_t, "refusal_stage", "stages") if stage_t.strip() else 1,
            reasons_given=self.boolean(reasons_t, "refusal_reasons_given"),
            ombudsman_rights_given=self.boolean(rights_t, "refusal_ombudsman_rights_given"),
        )

    def _remedy(self, row: list[str]) -> tuple[Remedy, ...]:
        assert self.remedy is not None
        values = self.remedy(row)
        filled = _first_filled(_REMEDY, values)
        if filled is None:
            return ()
        kind_t, description_t, offered_t, due_t, completed_t, amount_t = values
        kind = self.word(kind_t, "remedy_kind", _REMEDY_KINDS, _KIND_WORDS)
        if kind is None:
            raise self.missing(
                "remedy_kind", kind_t, filled, f"a remedy needs its kind ({_choices(RemedyKind)})"
            )
        offered = self.day(offered_t, "remedy_offered")
        if offered is None:
            raise self.missing(
                "remedy_offered", offered_t, filled, "a remedy needs the date it was offered"
            )
        return (
            Remedy(
                kind,
                description_t.strip(),
                offered=offered,
                due=self.day(due_t, "remedy_due"),
                completed=self.day(completed_t, "remedy_completed"),
                amount=self.money(amount_t, "remedy_amount"),
            ),
        )

    def model_field(self, field: str, row: list[str]) -> str:
        """The canonical column behind a model field path such as ``stages[1].responded``."""
        match = _MODEL_FIELD.fullmatch(field)
        if match is not None:
            stage, ext, name = int(match.group(1)), match.group(2), match.group(3)
            if stage >= len(_STAGE_PREFIX):
                return field
            if ext is None:
                return _STAGE_PREFIX[stage] + name
            groups = self.s1_exts if stage == 0 else self.s2_exts
            used = [
                prefix
                for prefix, get in groups
                if _first_filled([f"{prefix}_{f}" for f in _EXT_FIELDS], get(row)) is not None
            ]
            if int(ext) < len(used):
                return f"{used[int(ext)]}_{'days' if name == 'working_days' else name}"
            return field
        if field.startswith("remedies[") and "." in field:
            return "remedy_" + field.rsplit(".", 1)[1]
        if field.startswith("refusal."):
            return "refusal_" + field.split(".", 1)[1]
        return field


# --------------------------------------------------------------------------- reading


def _check_utf8(path: str) -> None:
    """Raise InvalidRecords if a regular file is not valid UTF-8 (before any row is read)."""
    decode = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            try:
                decode.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                pending = decode.getstate()[0]
                bad = offset - len(pending) + exc.start
                with open(path, "rb") as again:
                    head = again.read(bad + 1)
                line = head.count(b"\n", 0, bad) + 1
                raise InvalidRecords(
                    path,
                    f"not UTF-8: byte 0x{head[bad]:02X} on line {line} (byte {bad + 1}) cannot be "
                    "decoded; save the export as 'CSV UTF-8'",
                ) from None
            if not chunk:
                return
            offset += len(chunk)


class CaseReader(Iterator[Complaint | RecordError]):
    r"""The iterator :func:`read_cases` returns: complaints and row errors, in file order.

    Use it in a ``for`` loop, or as a context manager to close the file early.
    ``header`` is the header row as read and ``path`` the file (``None`` for a stream
    without a name). ``rows`` counts the data rows read so far (blank rows excluded);
    ``row`` is the spreadsheet row number (the header is row 1) of the item last yielded.

    >>> import io
    >>> with read_cases(io.StringIO("reference,received\nHC-1,2024-05-03\n")) as cases:
    ...     [c.reference for c in cases], cases.rows
    (['HC-1'], 1)
    """

    def __init__(
        self,
        stream: IO[str],
        owned: bool,
        path: str | None,
        columns: ColumnMap,
        dmy: bool,
    ) -> None:
        self.path = path
        self.rows = 0
        self.row = 1
        self._stream = stream
        self._owned = owned
        try:
            self._reader = csv.reader(stream)
            self.header = self._read_header()
            self._layout(columns, dmy)
        except BaseException:
            self.close()
            raise
        self._items = self._generate()
        self._next = self._items.__next__

    def _fail(self, reason: str) -> InvalidRecords:
        return InvalidRecords(self.path, reason)

    def _read_header(self) -> tuple[str, ...]:
        try:
            first = next(self._reader)
        except StopIteration:
            raise self._fail("the file is empty; expected a header row") from None
        except UnicodeDecodeError as exc:
            raise self._fail(f"not UTF-8 ({exc}); save the export as 'CSV UTF-8'") from None
        except csv.Error as exc:
            raise self._fail(f"the header row cannot be read as CSV: {exc}") from None
        header = [cell.strip() for cell in first]
        if header:
            header[0] = header[0].lstrip("\ufeff").strip()
        if not any(header):
            raise self._fail("the first row is blank; expected a header row of column names")
        return tuple(header)

    def _layout(self, cmap: ColumnMap, dmy: bool) -> None:
        positions: dict[str, int] = {}
        for i, name in enumerate(self.header):
            if not name:
                continue
            key = name.casefold()
            if key in positions:
                raise self._fail(
                    f"column {name!r} appears more than once in the header (columns "
                    f"{positions[key] + 1} and {i + 1}); give each column its own name"
                )
            positions[key] = i
        mapped = dict(cmap.columns)
        index: dict[str, int] = {}
        missing_mapped = []
        for canonical in CANONICAL_COLUMNS:
            theirs = mapped.get(canonical, canonical)
            position = positions.get(theirs.casefold())
            if position is not None:
                index[canonical] = position
            elif canonical in mapped:
                missing_mapped.append(f"{canonical} (expected as {theirs!r})")
        missing = [c for c in REQUIRED_COLUMNS if c not in index]
        if missing:
            expected = [
                f"{c!r} (the column map names it {mapped[c]!r})" if c in mapped else repr(c)
                for c in missing
            ]
            hint = ""
            if len(self.header) == 1 and (";" in self.header[0] or "\t" in self.header[0]):
                hint = "; the file looks semicolon- or tab-separated, but it must use commas"
            raise self._fail(
                f"missing required column(s): {', '.join(expected)}; the header has "
                f"{', '.join(map(repr, self.header))}{hint}"
            )
        if missing_mapped:
            raise self._fail(
                "the column map names column(s) the file does not have: "
                + ", ".join(missing_mapped)
            )
        used = set(index.values())
        renamed = {theirs.casefold(): name for name, theirs in cmap.attributes}
        for name, theirs in cmap.attributes:
            if theirs.casefold() not in positions:
                raise self._fail(
                    f"the column map's attribute {name!r} names column {theirs!r}, "
                    "which the file does not have"
                )
        ignored = {n.casefold() for n in cmap.ignore}
        attribute_columns = [
            (i, renamed.get(name.casefold(), name) if name else f"column_{i + 1}")
            for i, name in enumerate(self.header)
            if i not in used and name.casefold() not in ignored
        ]
        counts = Counter(name for _, name in attribute_columns)
        clashes = sorted(n for n, k in counts.items() if k > 1)
        if clashes:
            raise self._fail(
                f"more than one column would be kept as attribute {clashes[0]!r}; "
                "rename one in the file or the column map"
            )
        self._columns = {c: self.header[i] for c, i in index.items() if self.header[i] != c}
        self._index = index
        self._width = len(self.header)
        self._parser = _Parser(index, self._width, dmy, attribute_columns, self._columns)

    # -- iteration -------------------------------------------------------------

    def __iter__(self) -> CaseReader:
        return self

    def __next__(self) -> Complaint | RecordError:
        return self._next()

    @property
    def fraction_read(self) -> float | None:
        """How much of the file has been read, from 0 to 1, for progress displays.

        ``None`` when it cannot be known (a stream that is not a file on disk). Read-ahead
        makes it run slightly ahead of the rows yielded.
        """
        try:
            buffer = self._stream.buffer  # type: ignore[attr-defined]
            size = os.fstat(buffer.fileno()).st_size
            return min(1.0, buffer.tell() / size) if size else None
        except (AttributeError, OSError, ValueError):
            return None

    def close(self) -> None:
        """Stop reading and close the file if :func:`read_cases` opened it."""
        items = getattr(self, "_items", None)
        if items is not None:
            items.close()
        if self._owned:
            self._stream.close()

    def __enter__(self) -> CaseReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_owned", False):
            self._stream.close()

    def _error(
        self, row: int, reference: str | None, field: str | None, value: str | None, message: str
    ) -> RecordError:
        column = self._columns.get(field) if field is not None else None
        return RecordError(row, reference, field, value, message, column=column)

    def _generate(self) -> Iterator[Complaint | RecordError]:
        convert = self.convert
        for item in self.raw_rows():
            yield item if isinstance(item, RecordError) else convert(*item)

    def convert(self, number: int, row: list[str], reference: str) -> Complaint | RecordError:
        """Build the complaint of one row that :meth:`raw_rows` passed, or its error.

        Separate from reading so that rows can be converted elsewhere (the command line
        converts and checks them in worker processes, in file order).
        """
        try:
            return self._parser.parse(row, reference)
        except _Bad as bad:
            return self._error(number, reference, bad.field, bad.value, bad.message)
        except InvalidComplaint as exc:
            field = self._parser.model_field(exc.field, row)
            position = self._index.get(field)
            value = row[position] if position is not None else None
            return self._error(number, reference, field, value, exc.message)

    def raw_rows(self) -> Iterator[tuple[int, list[str], str] | RecordError]:
        """Each data row as (row number, cells, reference), or its row-level error.

        Row-level checks (the number of cells, a reference, duplicates) happen here, in file
        order; :meth:`convert` does the rest. ``read_cases`` yields ``convert(*row)`` for
        each, so iterating the reader is the same as converting these.
        """
        reader = self._reader
        width = self._width
        i_ref = self._index["reference"]
        seen: dict[str, int] = {}
        number = 1  # the header is row 1
        try:
            while True:
                try:
                    for row in reader:
                        number += 1
                        self.row = number
                        if len(row) != width:
                            if not "".join(row).strip():
                                continue  # a blank line: no data, nothing to report
                            self.rows += 1
                            ref = row[i_ref].strip() if i_ref < len(row) else ""
                            yield RecordError(
                                number,
                                ref or None,
                                None,
                                None,
                                f"has {len(row)} cell(s) but the header has {width} column(s)",
                            )
                            continue
                        reference = row[i_ref].strip()
                        if not reference:
                            if not "".join(row).strip():
                                continue
                            self.rows += 1
                            yield self._error(
                                number,
                                None,
                                "reference",
                                row[i_ref],
                                "missing; every row needs a complaint reference",
                            )
                            continue
                        self.rows += 1
                        first = seen.setdefault(reference, number)
                        if first != number:
                            yield self._error(
                                number,
                                reference,
                                "reference",
                                row[i_ref],
                                f"{reference!r} was already used on row {first}; "
                                "each complaint must appear once",
                            )
                            continue
                        row.append("")  # the cell of every column the file lacks
                        yield number, row, reference
                    return
                except csv.Error as exc:
                    number += 1
                    self.rows += 1
                    yield RecordError(number, None, None, None, f"cannot be read as CSV: {exc}")
                except UnicodeDecodeError as exc:
                    raise self._fail(
                        f"not UTF-8 after row {number} ({exc}); save the export as 'CSV UTF-8'"
                    ) from None
        finally:
            if self._owned:
                self._stream.close()


def read_cases(
    source: str | os.PathLike[str] | IO[str],
    *,
    columns: ColumnMap | None = None,
    date_format: str | None = None,
) -> CaseReader:
    """Read complaints from a CSV file or text stream, one row per complaint.

    Yields, in file order, one item per data row: a :class:`~complaintcode.model.Complaint`,
    or a :class:`RecordError` naming the row, the column and the first problem found.
    Reading goes on after a bad row; rows with no data at all (blank lines, or only
    commas) are skipped. Memory stays constant apart from the set of references seen
    (to find duplicates).

    ``source`` is a path (opened as UTF-8, a byte-order mark allowed) or an open text
    stream. ``columns`` maps the landlord's column names; ``date_format`` is ``"iso"``
    or ``"dd/mm/yyyy"`` (ISO dates are read in either case) and defaults to the column
    map's, else ``"iso"``.

    Raises:
        InvalidRecords: at once, before any row, when the file is empty, is not UTF-8, or
            lacks a required column or a column the map names. A stream that turns out
            not to be decodable part-way through raises it when reached.
        InvalidArgument: for an unknown ``date_format`` or a binary stream.
        OSError: when the file cannot be opened.

    >>> cases = read_cases("examples/messy.csv", columns=ColumnMap.from_toml("examples/columns.toml"))
    >>> first = next(cases)
    >>> first.reference, first.received, first.attribute("team")
    ('HC-1001', datetime.date(2024, 4, 2), 'Repairs North')
    >>> cases.close()
    """  # noqa: E501
    cmap = columns if columns is not None else ColumnMap()
    if not isinstance(cmap, ColumnMap):
        raise InvalidArgument("columns", columns, "a ColumnMap or None")
    chosen = date_format if date_format is not None else (cmap.date_format or "iso")
    if chosen not in DATE_FORMATS:
        raise InvalidArgument("date_format", date_format, " or ".join(map(repr, DATE_FORMATS)))
    dmy = chosen == "dd/mm/yyyy"
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if os.path.isfile(path):
            _check_utf8(path)
        stream: IO[str] = open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115
        return CaseReader(stream, True, path, cmap, dmy)
    mode = getattr(source, "mode", "")
    anything: object = source
    if isinstance(anything, io.RawIOBase | io.BufferedIOBase) or (
        isinstance(mode, str) and "b" in mode
    ):
        raise InvalidArgument("source", source, "a path or a stream opened in text mode")
    name = getattr(source, "name", None)
    return CaseReader(source, False, name if isinstance(name, str) else None, cmap, dmy)
