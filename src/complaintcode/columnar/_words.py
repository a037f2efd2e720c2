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
    "say_rows_quoted",
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
    some row chooses it (for a wording that is costly to gather), and once at most.
    """

    __slots__ = ("branches", "code")

    def __init__(self, code: Any, branches: Sequence[Any]) -> None:
        self.code = code
        self.branches = list(branches)


class Joined:
    """The parts whose mask is true in a row, joined by ``separator``."""

    __slots__ = ("parts", "separator")

    def __init__(self, separator: str, parts: Sequence[tuple[Any, Any]]) -> None:
        self.separator = separator
        self.parts = tuple(parts)


def _branch(choice: Choice, code: int) -> Any:
    branch = choice.branches[code]
    if callable(branch):
        # The same choice may be cut for several sets of rows: the wording is made once.
        branch = choice.branches[code] = branch()
    return branch


# -- many rows ----------------------------------------------------------------------------


_TEXT, _DAY, _COUNT, _PICK, _UNIT = range(5)
_UNITS = (plural(1), plural(2))
_SPAN = 200_000  # days or counts further apart than this are tabled value by value
_MOST_PARTS = 10  # a Joined of fixed texts with more parts is cut like any other


class _Piece:
    """One piece of a flat wording: the same text in every row, or one per row.

    ``kind`` says what ``value`` is: the text (``_TEXT``), or an array over every row of
    the wording of days (``_DAY``, ordinals), counts (``_COUNT``) or codes into
    ``options`` (``_PICK``), or counts choosing ``options[0]`` for 1, ``options[1]`` for
    any other (``_UNIT``, a pick too).
    """

    __slots__ = ("kind", "options", "value")

    def __init__(self, kind: int, value: Any, options: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.value = value
        self.options = options


@functools.lru_cache(maxsize=256)
def _pieces(template: str) -> tuple[tuple[_Piece | None, str | None], ...]:
    """The template as (its literal text's piece or ``None``, field name or ``None``) pairs."""
    return tuple(
        (_Piece(_TEXT, text) if text else None, name)
        for text, name, _, _ in string.Formatter().parse(template)
    )


class _Flat:
    """A wording cut flat for some rows: ``variants[labels[j]]`` are the pieces of row j.

    ``labels`` is ``None`` where every row has the one variant.
    """

    __slots__ = ("labels", "variants")

    def __init__(self, labels: Array | None, variants: list[list[_Piece]]) -> None:
        self.labels = labels
        self.variants = variants

    def then(self, other: _Flat) -> None:
        """Each row's pieces followed by its pieces in ``other`` (for the same rows)."""
        if other.labels is None:
            for pieces in self.variants:
                pieces.extend(other.variants[0])
            return
        if self.labels is None:
            self.labels = other.labels
            self.variants = [self.variants[0] + more for more in other.variants]
            return
        # Only the combinations some row has.
        width = len(other.variants)
        both = self.labels * width + other.labels
        present = np.flatnonzero(np.bincount(both))
        renumber = np.zeros(len(self.variants) * width, dtype=np.int64)
        renumber[present] = np.arange(len(present))
        self.labels = renumber[both]
        self.variants = [
            self.variants[code // width] + other.variants[code % width] for code in present.tolist()
        ]

    def append(self, piece: _Piece) -> None:
        """The piece after every row's pieces."""
        if self.labels is None:
            self.variants[0].append(piece)
            return
        for pieces in self.variants:
            pieces.append(piece)


def _rows(values: Array, where: Array | None) -> Array:
    """``values`` (an array of every row) at the rows ``where`` (all: ``None``)."""
    return values if where is None else values[where]


def _flat(value: Any, where: Array | None) -> _Flat:
    """``value`` for the rows ``where`` (all: ``None``) cut flat.

    Only choices and joins look at the rows: every piece keeps its whole array. Each
    part of a wording is cut once, and the combinations of their variants found after.
    """
    if isinstance(value, Words):
        flat = _Flat(None, [[]])
        for text, name in _pieces(value.template):
            if text is not None:
                flat.append(text)
            if name is not None:
                field = value.fields[name]
                piece = _leaf(field)
                if piece is not None:
                    flat.append(piece)
                else:
                    flat.then(_flat(field, where))
        return flat
    if isinstance(value, Choice):
        return _choose(value, where)
    if isinstance(value, Joined):
        return _joined(value, where)
    piece = _leaf(value)
    assert piece is not None
    return _Flat(None, [[piece]])


def _leaf(value: Any) -> _Piece | None:
    """The piece of a field that is not a wording, choice or join (else ``None``)."""
    kind = type(value)
    if kind is Day:
        return _Piece(_DAY, value.value)
    if kind is Count:
        return _Piece(_COUNT, value.value)
    if kind is Unit:
        return _Piece(_UNIT, value.value, _UNITS)
    if kind is Pick:
        return _Piece(_PICK, value.code, value.options)
    if kind is Words or kind is Choice or kind is Joined:
        return None
    return _Piece(_TEXT, str(value))


def _choose(choice: Choice, where: Array | None) -> _Flat:
    """Each branch cut flat for the rows that chose it."""
    codes = _rows(choice.code, where).astype(np.int64)
    present = np.flatnonzero(np.bincount(codes, minlength=len(choice.branches)))
    if len(present) == 1:
        return _flat(_branch(choice, int(present[0])), where)
    labels = np.empty(len(codes), dtype=np.int64)
    variants: list[list[_Piece]] = []
    for code in present.tolist():
        mine = np.flatnonzero(codes == code)
        flat = _flat(_branch(choice, code), mine if where is None else where[mine])
        labels[mine] = len(variants) if flat.labels is None else flat.labels + len(variants)
        variants += flat.variants
    return _Flat(labels, variants)


def _joined(joined: Joined, where: Array | None) -> _Flat:
    """The parts present in each row, the separator between them."""
    separator, parts = joined.separator, joined.parts
    if 0 < len(parts) <= _MOST_PARTS and all(isinstance(part, str) for _, part in parts):
        # Fixed texts: one pick among the combinations of parts present.
        codes = np.zeros(len(parts[0][0]), dtype=np.int64)
        for bit, (mask, _) in enumerate(parts):
            codes |= np.asarray(mask, dtype=np.int64) << bit
        present = np.flatnonzero(np.bincount(_rows(codes, where), minlength=1))
        # The combinations present numbered 0, 1, ... (any other row is never shown).
        number = np.zeros(1 << len(parts), dtype=np.int64)
        number[present] = np.arange(len(present))
        options = tuple(
            separator.join(str(part) for bit, (_, part) in enumerate(parts) if code >> bit & 1)
            for code in present.tolist()
        )
        return _Flat(None, [[_Piece(_PICK, number[codes], options)]])
    if not parts:
        return _Flat(None, [[]])
    # Each combination of parts present, as a choice of its own.
    masks = [np.asarray(_rows(mask, where), dtype=np.int64) for mask, _ in parts]
    codes = np.zeros(len(masks[0]), dtype=np.int64)
    for bit, mask in enumerate(masks):
        codes |= mask << bit
    cut = [_flat(part, where) for _, part in parts]
    combinations = np.unique(codes).tolist()
    labels = np.empty(len(codes), dtype=np.int64)
    variants: list[list[_Piece]] = []
    for code in combinations:
        mine = None if len(combinations) == 1 else np.flatnonzero(codes == code)
        flat = _Flat(None, [[]])
        first = True
        for bit, part in enumerate(cut):
            if code >> bit & 1:
                if not first:
                    flat.append(_Piece(_TEXT, separator))
                first = False
                if part.labels is not None and mine is not None:
                    part = _Flat(part.labels[mine], part.variants)
                flat.then(part)
        if mine is None:
            return flat
        labels[mine] = len(variants) if flat.labels is None else flat.labels + len(variants)
        variants += flat.variants
    return _Flat(labels, variants)


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
    return _said(n, said, separator, quoting=False)[0]


def say_rows_quoted(
    n: int, said: Sequence[tuple[Array, Any]], separator: str
) -> tuple[Any, Array | None]:
    """:func:`say_rows` made ready for a CSV cell: quotes doubled, and the rows to quote.

    The words with every ``"`` doubled (a row given none is blank, not null), and a mask
    of the rows whose words hold a comma, a quote or a line feed, found on the batch's
    few fixed texts rather than on the words. Where a text holds a carriage return (which
    a cell writes otherwise), the words as :func:`say_rows` gives them, and ``None``.
    """
    return _said(n, said, separator, quoting=True)


def _marked(text: str) -> bool:
    """Whether a CSV cell holding ``text`` is quoted: it holds a comma, quote or line feed."""
    return "," in text or '"' in text or "\n" in text


def _said(
    n: int, said: Sequence[tuple[Array, Any]], separator: str, *, quoting: bool
) -> tuple[Any, Array | None]:
    import pyarrow as pa

    texts = _Texts()
    cut = []
    for rows, value in said:
        if not len(rows):
            continue
        flat = _flat(value, None)
        if flat.labels is None:
            cut.append(_Cut(rows, None, _merged(flat.variants[0]), separator, texts))
            continue
        for label, pieces in enumerate(flat.variants):
            mine = np.flatnonzero(flat.labels == label)
            if len(mine):
                cut.append(_Cut(rows[mine], mine, _merged(pieces), separator, texts))
    fixed = list(texts.index)
    quoting = quoting and not any("\r" in text for text in fixed)
    if not cut:
        if quoting:
            blank = pa.array([""], pa.string()).take(np.zeros(n, dtype=np.int64))
            return blank, np.zeros(n, dtype=bool)
        return pa.nulls(n, pa.string()), None
    table = _Table(cut, texts)
    # Each row's pieces, finding after finding: where each finding starts in the row.
    lengths = np.zeros(n, dtype=np.int64)
    for one in cut:
        lengths[one.rows] += one.width
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    filled = offsets[:-1].copy()
    indices = np.empty(int(offsets[-1]), dtype=np.int64)
    # Days and counts are digits and dashes: only the fixed texts can call for quotes,
    # those of every row of a wording, or those its picks pick row by row.
    marked = np.asarray([quoting and _marked(text) for text in fixed], dtype=bool)
    quoted = np.zeros(n, dtype=bool) if quoting else None
    for one in cut:
        rows = one.rows
        start = filled[rows]
        filled[rows] = start + one.width
        alone = start == offsets[rows]
        one.place(table, indices, start, alone)
        if quoted is None:
            continue
        if marked[one.fixed].any():
            quoted[rows] = True
            continue
        if marked[one.after]:  # the separator, before all but a row's first finding
            quoted[rows[~alone]] = True
        for line in one.picks:
            quoted[rows] |= marked[one.matrix[line]]
    if quoting:
        fixed = [text.replace('"', '""') for text in fixed]
    words = table.arrow(fixed).take(pa.array(indices))
    # Each row's words are its pieces' texts end to end: a slice of the gathered text.
    ends = np.frombuffer(words.buffers()[1], dtype=np.int32, count=len(words) + 1)
    valid = lengths > 0
    nulls = 0 if quoting else n - int(np.count_nonzero(valid))
    column = pa.StringArray.from_buffers(
        n,
        pa.py_buffer(ends[offsets]),
        words.buffers()[2],
        pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None,
        nulls,
    )
    return column, quoted


def _merged(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces with fixed texts joined to their neighbours, a fixed text first.

    A fixed text after a fixed text, or before or after a pick (but the first), becomes
    part of it: fewer pieces, the same words.
    """
    out = [_Piece(_TEXT, "")]
    for piece in pieces:
        last = out[-1]
        if piece.kind == _TEXT and last.kind == _TEXT:
            out[-1] = _Piece(_TEXT, last.value + piece.value)
        elif piece.kind == _TEXT and last.kind >= _PICK:
            out[-1] = _Piece(last.kind, last.value, tuple(o + piece.value for o in last.options))
        elif piece.kind >= _PICK and last.kind == _TEXT and len(out) > 1:
            out[-1] = _Piece(piece.kind, piece.value, tuple(last.value + o for o in piece.options))
        else:
            out.append(piece)
    return out


class _Texts:
    """The fixed texts of a batch's pieces, each with its index (``""`` is 0)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}
        self.picks: dict[tuple[str, ...], Array] = {}

    def of(self, text: str) -> int:
        """The index of a fixed text, added if new."""
        index = self.index.get(text)
        if index is None:
            index = self.index[text] = len(self.index)
        return index

    def options(self, options: tuple[str, ...]) -> Array:
        """The indices of a pick's options."""
        known = self.picks.get(options)
        if known is None:
            known = self.picks[options] = np.asarray([self.of(option) for option in options])
        return known


class _Cut:
    """One flat wording's pieces for its rows, as indices into the batch's table.

    A matrix with a line of indices per piece, days first, then counts, then the texts
    and picks, and each line's place in the wording; the first piece, a fixed text, is
    apart (it takes the separator in all but a row's first finding). Days and counts
    are the values themselves until :meth:`place` shifts them to their places in the
    table.
    """

    def __init__(
        self,
        rows: Array,
        mine: Array | None,
        pieces: list[_Piece],
        separator: str,
        texts: _Texts,
    ) -> None:
        self.rows = rows
        self.width = len(pieces)
        first = pieces[0].value
        self.alone, self.after = texts.of(first), texts.of(separator + first)
        # (place, piece) of the days, of the counts, and of the texts and picks.
        days: list[tuple[int, _Piece]] = []
        counts: list[tuple[int, _Piece]] = []
        others: list[tuple[int, _Piece]] = []
        for place, piece in enumerate(pieces[1:], 1):
            kind = piece.kind
            (days if kind == _DAY else counts if kind == _COUNT else others).append((place, piece))
        self.days, self.counts = len(days), len(counts)
        order = days + counts + others
        self.places = np.asarray([place for place, _ in order], dtype=np.int64)
        matrix = np.empty((len(order), len(rows)), dtype=np.int64)
        # The fixed texts in every row (but the separator), and the lines of picks.
        self.fixed = [self.alone]
        self.picks: list[int] = []
        gathered: dict[int, Array] = {}  # a field's values at the wording's rows, once
        for line, (_, piece) in enumerate(order):
            kind = piece.kind
            if kind == _TEXT:
                index = texts.of(piece.value)
                matrix[line] = index
                self.fixed.append(index)
                continue
            value = piece.value
            if mine is not None:
                value = gathered.get(id(value))
                if value is None:
                    value = gathered[id(piece.value)] = piece.value[mine]
            if kind == _PICK:
                self.picks.append(line)
                matrix[line] = texts.options(piece.options).take(value)
            elif kind == _UNIT:
                self.picks.append(line)
                matrix[line] = texts.options(piece.options).take(value != 1)
            else:
                matrix[line] = value
        self.matrix = matrix
        self.day_range = self.count_range = None
        if self.days:
            shown = matrix[: self.days]
            high = int(shown.max())
            if high == NA:  # a missing day is never shown
                np.putmask(shown, shown == NA, _EPOCH)
                high = int(shown.max())
            self.day_range = (int(shown.min()), high)
        if self.counts:
            shown = matrix[self.days : self.days + self.counts]
            self.count_range = (int(shown.min()), int(shown.max()))

    def place(self, table: _Table, indices: Array, start: Array, alone: Array) -> None:
        """Put the pieces' indices at ``start`` (a row's first finding where ``alone``)."""
        matrix = self.matrix
        days, counts = self.days, self.counts
        if days:
            table.days.shift(matrix[:days])
        if counts:
            table.counts.shift(matrix[days : days + counts])
        indices[start] = np.where(alone, self.alone, self.after)
        indices[start + self.places[:, None]] = matrix


class _Table:
    """The texts the pieces of a batch index: fixed texts, then days, then counts.

    Each day and count is written once for the batch, however many rows show it.
    """

    def __init__(self, cut: Sequence[_Cut], texts: _Texts) -> None:
        self.texts = texts
        self.days = _Numbers(
            [one.day_range for one in cut if one.day_range],
            [one.matrix[: one.days] for one in cut if one.days],
            len(texts.index),
        )
        self.counts = _Numbers(
            [one.count_range for one in cut if one.count_range],
            [one.matrix[one.days : one.days + one.counts] for one in cut if one.counts],
            self.days.first + self.days.size,
        )

    @property
    def size(self) -> int:
        """How many texts the table has."""
        return self.counts.first + self.counts.size

    def arrow(self, fixed: list[str]) -> Any:
        """The texts, in index order, as one Arrow string array (``fixed``: the fixed ones)."""
        import pyarrow as pa

        tables = [pa.array(fixed, pa.string())]
        if self.days.size:
            tables.append(_day_texts(self.days.values))
        if self.counts.size:
            tables.append(pa.array(self.counts.values, pa.int64()).cast(pa.string()))
        return pa.concat_arrays(tables)


class _Numbers:
    """The days or the counts of a batch, from table index ``first`` on."""

    def __init__(
        self, ranges: Sequence[tuple[int, int]], seen: Sequence[Array], first: int
    ) -> None:
        self.first = first
        self.every: Array | None = None  # the distinct values, where they spread too far
        if not ranges:
            self.low, self.values, self.size = 0, None, 0
            return
        self.low = min(low for low, _ in ranges)
        high = max(high for _, high in ranges)
        if high - self.low <= _SPAN:
            self.values = np.arange(self.low, high + 1, dtype=np.int64)
        else:
            self.values = self.every = np.unique(np.concatenate([s.ravel() for s in seen]))
        self.size = len(self.values)

    def shift(self, values: Array) -> None:
        """Make values (a view, changed in place) their table indices."""
        if self.every is not None:
            values[...] = np.searchsorted(self.every, values) + self.first
        else:
            values += self.first - self.low


_DAY_TEXTS: list[tuple[int, Any] | None] = [None]
"""Days written YYYY-MM-DD, kept from batch to batch: ``(first, texts)``, ``texts[k]``
the text of day ``first + k`` (one tuple, replaced whole, so a thread reads a whole one)."""


def _day_texts(days: Array) -> Any:
    """The text of each of ``days`` (ordinals, ascending; one apart but where they spread)."""
    low, high = int(days[0]), int(days[-1])
    if len(days) != high - low + 1:
        return _cast_days(days)
    known = _DAY_TEXTS[0]
    if known is not None:
        first, texts = known
        if first <= low and high < first + len(texts):
            return texts.slice(low - first, len(days))
        low, high = min(low, first), max(high, first + len(texts) - 1)
    if high - low > _SPAN:
        return _cast_days(days)
    texts = _cast_days(np.arange(low, high + 1))
    _DAY_TEXTS[0] = (low, texts)
    return texts.slice(int(days[0]) - low, len(days))


def _cast_days(days: Array) -> Any:
    """Days (ordinals) as Arrow strings, YYYY-MM-DD."""
    import pyarrow as pa

    return pa.array((days - _EPOCH).astype(np.int32), pa.date32()).cast(pa.string())
