"""Filling the sentence templates of ``complaintcode._sentences`` for one row or many.

A finding's words are described once, as a :class:`Words`: a template and its fields,
gathered from the evaluation's columns for the rows where the finding arises (each field
an array of those rows). :func:`say_rows` words every finding of a batch at once, each
row's findings joined, and :func:`say_all` one finding's rows; no Python runs per row. The
object engine fills the same template with :meth:`str.format`, so the two cannot word a
finding differently.

How: a wording is cut, for each combination of choices its rows make, into a flat list of
pieces, each the same text in every row or a per-row index into a table of texts (the
template's literal text, the days and counts of the batch written once each, the fixed
words). Every row's pieces, finding after finding, are then laid end to end in one index
array; one Arrow ``take`` gathers their texts, and each row's words are a slice of that.

The fields: a plain ``str`` or ``int`` is the same in every row; :class:`Day` is a day
(an ordinal, written YYYY-MM-DD), :class:`Count` a whole number, :class:`Unit` the
"working day(s)" agreeing with a count, :class:`Pick` one of a few fixed words;
:class:`Choice` picks a template by a code, and :class:`Joined` joins the parts present
in a row with a separator.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from complaintcode._text import plural
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import _EPOCH

__all__ = [
    "Choice",
    "Count",
    "Day",
    "Joined",
    "Pick",
    "Unit",
    "Words",
    "say_all",
    "say_rows",
]


class _Value:
    """One value per row (or one value)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Day(_Value):
    """A day, as an ordinal (or a column of them)."""

    __slots__ = ()


class Count(_Value):
    """A whole number, written in digits."""

    __slots__ = ()


class Unit(_Value):
    """The words "working day" after a count of 1, else "working days"."""

    __slots__ = ()


class Pick:
    """``options[code]``: one of a few fixed words, chosen by a code."""

    __slots__ = ("code", "options")

    def __init__(self, code: Any, options: Sequence[str]) -> None:
        self.code = code
        self.options = tuple(options)


class Words:
    """A template and the values of its fields."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, **fields: Any) -> None:
        self.template = template
        self.fields = fields


class Choice:
    """``branches[code]``: the wording a row's code selects.

    A branch may be a function of no arguments that gives the wording, called only when
    some row chooses it (for a wording that is costly to gather).
    """

    __slots__ = ("branches", "code")

    def __init__(self, code: Any, branches: Sequence[Any]) -> None:
        self.code = code
        self.branches = tuple(branches)


class Joined:
    """The parts whose mask is true in a row, joined by ``separator``."""

    __slots__ = ("parts", "separator")

    def __init__(self, separator: str, parts: Sequence[tuple[Any, Any]]) -> None:
        self.separator = separator
        self.parts = tuple(parts)


def _branch(choice: Choice, code: int) -> Any:
    branch = choice.branches[code]
    return branch() if callable(branch) else branch


# -- many rows ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template as (literal text, field name or ``None``) pairs."""
    return tuple((text, name) for text, name, _, _ in string.Formatter().parse(template))


_TEXT, _DAY, _COUNT, _PICK = range(4)
_UNITS = (plural(1), plural(2))
_SPAN = 200_000  # days or counts further apart than this are tabled value by value
_MOST_PARTS = 10  # a Joined of fixed texts with more parts is cut like any other


class _Piece:
    """One piece of a flat wording: the same text in every row, or one per row.

    ``kind`` says what ``value`` is: the text (``_TEXT``), days (``_DAY``, ordinals),
    counts (``_COUNT``) or codes into ``options`` (``_PICK``), one per row. Where
    ``blank`` is true the piece is empty in that row (a part a :class:`Joined` leaves out).
    """

    __slots__ = ("blank", "kind", "options", "value")

    def __init__(
        self, kind: int, value: Any, options: tuple[str, ...] = (), blank: Array | None = None
    ) -> None:
        self.kind = kind
        self.value = value
        self.options = options
        self.blank = blank

    def at(self, where: Array) -> _Piece:
        """The piece for the rows ``where`` (positions) only."""
        value = self.value if self.kind == _TEXT else self.value[where]
        blank = None if self.blank is None else self.blank[where]
        return _Piece(self.kind, value, self.options, blank)

    def blanked(self, blank: Array) -> _Piece:
        """The piece, empty also where ``blank`` is true."""
        both = blank if self.blank is None else self.blank | blank
        return _Piece(self.kind, self.value, self.options, both)


Flat = list[tuple[Array | None, list[_Piece]]]
"""A wording cut flat: (positions among the rows, or ``None`` for all; their pieces)."""


def _rows(values: Array, where: Array | None) -> Array:
    """``values`` (an array of every row) at the rows ``where`` (all: ``None``)."""
    return values if where is None else values[where]


def _within(where: Array | None, mine: Array | None) -> Array | None:
    """The rows at positions ``mine`` (all: ``None``) among the rows ``where`` (all: ``None``)."""
    if mine is None:
        return where
    return mine if where is None else where[mine]


def _flat(value: Any, where: Array | None) -> Flat:
    """``value`` for the rows ``where`` (all: ``None``) cut into flat wordings."""
    if isinstance(value, Words):
        flat: Flat = [(None, [])]
        for text, name in _pieces(value.template):
            if text:
                for _, pieces in flat:
                    pieces.append(_Piece(_TEXT, text))
            if name is not None:
                flat = _then(flat, value.fields[name], where)
        return flat
    if isinstance(value, Day):
        days = _rows(value.value, where)
        days = np.where(days == NA, _EPOCH, days)  # a missing day is never shown
        return [(None, [_Piece(_DAY, days)])]
    if isinstance(value, Count):
        return [(None, [_Piece(_COUNT, _rows(value.value, where).astype(np.int64))])]
    if isinstance(value, Unit):
        return [(None, [_Piece(_PICK, _rows(value.value, where) != 1, _UNITS)])]
    if isinstance(value, Pick):
        return [(None, [_Piece(_PICK, _rows(value.code, where), value.options)])]
    if isinstance(value, Choice):
        return _choose(value, where)
    if isinstance(value, Joined):
        return _joined(value, where)
    return [(None, [_Piece(_TEXT, str(value))])]


def _then(flat: Flat, value: Any, where: Array | None, blank: Array | None = None) -> Flat:
    """Each flat wording followed by ``value`` (empty where ``blank``), for its rows."""
    out: Flat = []
    for mine, pieces in flat:
        for theirs, more in _flat(value, _within(where, mine)):
            both = mine if theirs is None else theirs if mine is None else mine[theirs]
            head = pieces if theirs is None else [piece.at(theirs) for piece in pieces]
            if blank is not None:
                gap = _rows(blank, both)
                more = [piece.blanked(gap) for piece in more]
            out.append((both, head + more))
    return out


def _choose(choice: Choice, where: Array | None) -> Flat:
    """Each branch cut flat for the rows that chose it."""
    codes = _rows(choice.code, where).astype(np.int64)
    present = np.flatnonzero(np.bincount(codes, minlength=len(choice.branches)))
    if len(present) == 1:
        return _flat(_branch(choice, int(present[0])), where)
    out: Flat = []
    for code in present.tolist():
        mine = np.flatnonzero(codes == code)
        for theirs, pieces in _flat(_branch(choice, code), _within(where, mine)):
            out.append((mine if theirs is None else mine[theirs], pieces))
    return out


def _joined(joined: Joined, where: Array | None) -> Flat:
    """The parts present in each row, the separator between them."""
    separator = joined.separator
    masks = [np.asarray(_rows(mask, where), dtype=bool) for mask, _ in joined.parts]
    if 0 < len(masks) <= _MOST_PARTS and all(isinstance(p, str) for _, p in joined.parts):
        # Fixed texts: one pick among the combinations of parts present.
        codes = np.zeros(len(masks[0]), dtype=np.int64)
        for bit, mask in enumerate(masks):
            codes |= mask.astype(np.int64) << bit
        present = np.flatnonzero(np.bincount(codes, minlength=1 << len(masks)))
        options = [""] * (1 << len(masks))
        for code in present.tolist():
            options[code] = separator.join(
                str(part) for bit, (_, part) in enumerate(joined.parts) if code >> bit & 1
            )
        return [(None, [_Piece(_PICK, codes, tuple(options))])]
    flat: Flat = [(None, [])]
    before: Array | None = None
    for mask, (_, part) in zip(masks, joined.parts, strict=True):
        if before is not None:
            gap = ~(mask & before)
            for mine, pieces in flat:
                pieces.append(_Piece(_TEXT, separator, blank=_rows(gap, mine)))
            before = before | mask
        else:
            before = mask
        flat = _then(flat, part, where, ~mask)
    return flat



def say_all(value: Any, rows: int) -> Any:
    """The words of every row as an Arrow string array of ``rows`` values.

    ``value``'s fields are arrays of ``rows`` values, but for plain ``str`` and ``int``
    fields (the same in every row).
    """
    return say_rows(rows, [(np.arange(rows), value)], "")


def say_rows(n: int, said: Sequence[tuple[Array, Any]], separator: str) -> Any:
    """One string per row of ``n``: the words given for it, in the order given, joined.

    ``said`` pairs the rows of a finding (an array, each row once) with its words over
    those rows (fields as in :func:`say_all`); a row given no words is null. The result
    is an Arrow string array.
    """
    import pyarrow as pa

    flat = []
    for rows, value in said:
        for mine, pieces in _flat(value, None):
            theirs = rows if mine is None else rows[mine]
            if len(theirs):
                flat.append((theirs, _merged(pieces)))
    if not flat:
        return pa.nulls(n, pa.string())
    table = _Table([piece for _, pieces in flat for piece in pieces])
    # Each row's pieces, finding after finding: where each finding's start in the row.
    lengths = np.zeros(n, dtype=np.int64)
    for rows, pieces in flat:
        lengths[rows] += len(pieces)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    filled = offsets[:-1].copy()
    indices = np.empty(int(offsets[-1]), dtype=np.int64)
    for rows, pieces in flat:
        start = filled[rows]
        filled[rows] = start + len(pieces)
        matrix = np.empty((len(rows), len(pieces)), dtype=np.int64)
        # The separator goes before a finding's first words but for a row's first finding.
        first = pieces[0].value
        matrix[:, 0] = np.where(
            start == offsets[rows], table.text(first), table.text(separator + first)
        )
        for column, piece in enumerate(pieces[1:], 1):
            matrix[:, column] = table.index(piece)
        indices[start[:, None] + np.arange(len(pieces))] = matrix
    texts = table.arrow().take(pa.array(indices))
    # Each row's words are its pieces' texts end to end: a slice of the gathered text.
    ends = np.frombuffer(texts.buffers()[1], dtype=np.int32, count=len(texts) + 1)
    valid = lengths > 0
    nulls = n - int(np.count_nonzero(valid))
    return pa.StringArray.from_buffers(
        n,
        pa.py_buffer(ends[offsets]),
        texts.buffers()[2],
        pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None,
        nulls,
    )


def _merged(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces with neighbouring fixed texts as one, a fixed text first."""
    out = [_Piece(_TEXT, "")]
    for piece in pieces:
        last = out[-1]
        if piece.kind == _TEXT and piece.blank is None and last.kind == _TEXT and last.blank is None:
            out[-1] = _Piece(_TEXT, last.value + piece.value)
        else:
            out.append(piece)
    return out


class _Table:
    """The texts the pieces of a batch index: days, then counts, then fixed texts.

    Each day and count is written once for the batch, however many rows show it.
    """

    def __init__(self, pieces: Sequence[_Piece]) -> None:
        self.days = _Numbers([piece.value for piece in pieces if piece.kind == _DAY], 0)
        self.counts = _Numbers(
            [piece.value for piece in pieces if piece.kind == _COUNT], self.days.size
        )
        self.first = self.counts.first + self.counts.size
        self.texts: dict[str, int] = {"": self.first}
        self.options: dict[tuple[str, ...], Array] = {}

    def text(self, text: str) -> int:
        """The index of a fixed text."""
        index = self.texts.get(text)
        if index is None:
            index = self.texts[text] = self.first + len(self.texts)
        return index

    def index(self, piece: _Piece) -> Any:
        """The piece's index in each of its rows (one ``int`` for a fixed text)."""
        if piece.kind == _TEXT:
            index: Any = self.text(piece.value)
        elif piece.kind == _PICK:
            options = self.options.get(piece.options)
            if options is None:
                options = np.asarray([self.text(option) for option in piece.options])
                self.options[piece.options] = options
            index = options[piece.value.astype(np.int64)]
        elif piece.kind == _DAY:
            index = self.days.index(piece.value)
        else:
            index = self.counts.index(piece.value)
        return index if piece.blank is None else np.where(piece.blank, self.first, index)

    def arrow(self) -> Any:
        """The texts, in index order, as one Arrow string array."""
        import pyarrow as pa

        tables = []
        if self.days.size:
            # Arrow writes a date32 as YYYY-MM-DD.
            days = (self.days.values - _EPOCH).astype(np.int32)
            tables.append(pa.array(days, pa.date32()).cast(pa.string()))
        if self.counts.size:
            tables.append(pa.array(self.counts.values, pa.int64()).cast(pa.string()))
        tables.append(pa.array(list(self.texts), pa.string()))
        return pa.concat_arrays(tables)


class _Numbers:
    """The days or the counts of a batch's pieces, from table index ``first`` on."""

    def __init__(self, seen: Sequence[Array], first: int) -> None:
        self.first = first
        self.every: Array | None = None  # the distinct values, where they spread too far
        if not seen:
            self.low, self.values, self.size = 0, None, 0
            return
        self.low = min(int(values.min()) for values in seen)
        high = max(int(values.max()) for values in seen)
        if high - self.low <= _SPAN:
            self.values = np.arange(self.low, high + 1, dtype=np.int64)
        else:
            self.values = self.every = np.unique(np.concatenate(seen))
        self.size = len(self.values)

    def index(self, values: Array) -> Array:
        """The table index of each value."""
        if self.every is not None:
            return np.searchsorted(self.every, values) + self.first
        return values + (self.first - self.low)
