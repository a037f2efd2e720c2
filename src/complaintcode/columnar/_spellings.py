"""Canonical spellings read on whole Arrow columns of text: dates, times, numbers, words.

Role: cell reading for the columnar CSV reader. :class:`TextBatch` holds one Arrow batch
of an export's text and reads each column in the documented canonical spelling only
(ISO dates, ``YYYY-MM-DD HH:MM[:SS]`` receipts, whole numbers, ``yes``/``no``, outcomes,
grounds and remedy kinds by name or words, response items by name, plain sums). Every
cell outside that spelling marks its row ``slow``: the reader of ``complaintcode check``
reads that row, so a spelling the reader learns needs nothing here. :func:`text_hashes`
hashes each cell's bytes, for finding references used before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import time
from decimal import Decimal
from typing import Any

import numpy as np

from complaintcode.columnar._columns import GROUNDS, ITEMS, KINDS, OUTCOMES
from complaintcode.columnar._days import NA, Array

__all__ = [
    "GROUND_CODES",
    "KIND_CODES",
    "OUTCOME_CODES",
    "TextBatch",
    "coded",
    "dictionary",
    "lengths",
    "text_hashes",
]

_EPOCH = 719_163  # date(1970, 1, 1).toordinal()
_YES = {"yes": 1, "no": 0, "": 0, "true": 1, "false": 0}
_SLOW = -2  # a spelling left to the reader


def _words(members: tuple[Any, ...]) -> dict[str, int]:
    table: dict[str, int] = {"": -1}
    for code, member in enumerate(members):
        table[member.name] = code
        table[member.value] = code
    return table


OUTCOME_CODES = _words(OUTCOMES)
GROUND_CODES = _words(GROUNDS)
KIND_CODES = _words(KINDS)
_ITEM_BITS = {item.name: 1 << bit for bit, item in enumerate(ITEMS)}


class TextBatch:
    """One Arrow batch of text and the per-row verdict: read here, or by the reader.

    ``empty`` holds the words the reader reads as a blank cell (casefolded, with ``""``);
    ``dmy`` says whether the reader reads dd/mm/yyyy dates. Each column is read on its
    distinct values (Arrow's dictionary of the column, see :func:`coded`), each value
    once, and the answers spread to the rows by their codes.
    """

    def __init__(
        self,
        batch: Any,
        index: dict[str, int],
        first_row: int,
        empty: Iterable[str],
        dmy: bool = False,
    ) -> None:
        self.batch = batch
        self.index = index
        self.n = batch.num_rows
        self.rows = np.arange(first_row, first_row + self.n, dtype=np.int64)
        self.slow = np.zeros(self.n, dtype=bool)
        self.empty = frozenset(empty) | {""}
        self.dmy = dmy
        self._coded: dict[int, tuple[Array, Any]] = {}
        self._worded: dict[int, tuple[Array, list[str], Array]] = {}
        self._blank: dict[int, int | None] = {}
        self._dated: dict[int, tuple[Array, Array, Array, Array]] = {}

    def text(self, name: str | None) -> Any:
        """The column for a canonical name, or ``None`` when the file lacks it."""
        if name is None or name not in self.index:
            return None
        return self.batch.column(self.index[name])

    def _codes(self, position: int) -> tuple[Array, Any]:
        """The codes and distinct values of the column at ``position`` (worked out once)."""
        found = self._coded.get(position)
        if found is None:
            found = self._coded[position] = coded(self.batch.column(position))
        return found

    def _words(self, position: int) -> tuple[Array, list[str], Array]:
        """Codes, each distinct value as free text (see :meth:`words`), which are blank."""
        found = self._worded.get(position)
        if found is None:
            indices, values = self._codes(position)
            empty = self.empty
            stripped = [v.strip() for v in values.to_pylist()]
            table = [("" if s.casefold() in empty else s) for s in stripped]
            blank = np.fromiter((not s for s in table), dtype=bool, count=len(table))
            found = self._worded[position] = (indices, table, blank)
        return found

    def read_days(self, names: Iterable[str | None]) -> None:
        """Read the dates of these columns (see :meth:`days`) in one pass over them all.

        The distinct cells of every column are read together, which costs less than a
        pass for each; with dd/mm/yyyy dates each column is read on its own still.
        """
        import pyarrow as pa

        if self.dmy:
            return
        positions = {self.index[name] for name in names if name in self.index}
        positions -= self._dated.keys()
        if not positions:
            return
        values = [self._codes(position)[1] for position in sorted(positions)]
        read = parse_days(pa.concat_arrays(values), times=True)  # all plain text
        start = 0
        for position, column in zip(sorted(positions), values, strict=True):
            end = start + len(column)
            self._dated[position] = tuple(part[start:end] for part in read)
            start = end

    def _days_of(self, position: int) -> tuple[Array, Array, Array, Array]:
        """(ordinal, seconds, in the strict spelling, blank) of each distinct cell of a column."""
        found = self._dated.get(position)
        if found is None:
            values = self._codes(position)[1]
            found = self._dated[position] = parse_days(values, times=True, dmy=self.dmy)
        return found

    def _spread(self, table: Array, indices: Array, slow: Array | None = None) -> Array:
        """``table`` (an answer per distinct value) for each row; ``slow`` ones to the reader."""
        if len(table) == 1:  # one distinct value (a column that holds nothing): no look-ups
            if slow is not None and slow[0]:
                self.slow[:] = True
            return np.full(self.n, table[0], dtype=table.dtype)
        if slow is not None and slow.any():
            self.slow |= slow.take(indices)
        return table.take(indices)

    def filled(self, name: str | None) -> Array:
        """Which cells of a column hold anything (before any stripping, as the reader)."""
        if name is None or name not in self.index:
            return np.zeros(self.n, dtype=bool)
        position = self.index[name]
        indices, values = self._codes(position)
        if position not in self._blank:
            blank = np.flatnonzero(lengths(values)[0] == 0)
            self._blank[position] = int(blank[0]) if len(blank) else None
        code = self._blank[position]
        if code is None:
            return np.ones(self.n, dtype=bool)
        if len(values) == 1:  # every cell blank
            return np.zeros(self.n, dtype=bool)
        return indices != code

    def days(self, name: str | None) -> Array:
        """Dates as ordinals (NA when blank); other spellings go to the reader.

        A time after the date is read as the reader reads it: the day is what counts.
        """
        if name is None or name not in self.index:
            return np.full(self.n, NA, dtype=np.int64)
        position = self.index[name]
        day, _, ok, blank = self._days_of(position)
        indices = self._codes(position)[0]
        return self._spread(np.where(ok, day, NA), indices, ~(ok | blank))

    def events(self, name: str | None, cutoff: time | None) -> tuple[Array, Array, Array]:
        """Receipts: (London day, day counted from after the cut-off, seconds or -1)."""
        if name is None or name not in self.index:
            missing = np.full(self.n, NA, dtype=np.int64)
            return missing, missing.copy(), np.full(self.n, -1, dtype=np.int64)
        position = self.index[name]
        day, seconds, ok, blank = self._days_of(position)
        indices = self._codes(position)[0]
        day = np.where(ok, day, NA)
        event = day
        if cutoff is not None:
            limit = cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
            after = (seconds > limit) | ((seconds == limit) & (cutoff.microsecond == 0))
            event = np.where(ok & (seconds >= 0) & after, day + 1, day)
        seconds = np.where(ok, seconds, -1)
        day = self._spread(day, indices, ~(ok | blank))
        if not (seconds >= 0).any():
            # Two arrays: a row the reader reads may still count from the day after.
            return day, day.copy(), np.full(self.n, -1, dtype=np.int64)
        return day, event.take(indices), seconds.take(indices)

    def _mapped(
        self,
        name: str | None,
        read: Callable[[str], int],
        missing: int,
        then: Callable[[Array], Array] | None = None,
    ) -> Array:
        """Each distinct cell read once by ``read``; ``_SLOW`` marks the row for the reader.

        ``then`` turns the answers for the distinct cells into what each row gets.
        """
        if name is None or name not in self.index:
            table = np.full(1, missing, dtype=np.int64)
            return np.full(self.n, table[0] if then is None else then(table)[0])
        indices, values = self._codes(self.index[name])
        table = np.fromiter(map(read, values.to_pylist()), dtype=np.int64, count=len(values))
        slow = table == _SLOW
        return self._spread(table if then is None else then(table), indices, slow)

    def codes(self, name: str | None, table: dict[str, int]) -> Array:
        """Words looked up in ``table`` (-1 when blank); unknown spellings to the reader."""
        return self._mapped(name, lambda v: table.get(v, _SLOW), -1, _at_least_none)

    def flags(self, name: str | None) -> Array:
        """``yes`` / ``no`` cells as booleans (blank: no)."""
        return self._mapped(name, lambda v: _YES.get(v, _SLOW), -1, _yes)

    def items(self, name: str | None) -> Array:
        """Response items as bit masks (-1 when blank)."""
        return self._mapped(name, _item_bits, -1)

    def whole(self, name: str | None) -> Array:
        """Whole numbers written in digits (-1 when blank, 0 when the column is absent)."""
        return self._mapped(name, _whole, 0)

    def words(self, name: str | None, blank: object = "") -> Array:
        """Free text, stripped, as an object array (``blank`` where blank, absent or empty-valued).

        A word the reader reads as an empty cell (``N/A``, ``TBC``…) is blank here too.
        """
        if name is None or name not in self.index:
            return np.full(self.n, blank, dtype=object)
        return self.words_at(self.index[name], blank)

    def words_at(self, position: int, blank: object = "") -> Array:
        """Free text of the column at ``position`` (see :meth:`words`)."""
        indices, table, blanks = self._words(position)
        values = np.asarray(table, dtype=object)
        values[blanks] = blank
        return self._spread(values, indices)

    def word_codes(self, name: str) -> tuple[Array, list[str | None]]:
        """Each row's code into the distinct words of a column, as :meth:`words` reads them.

        ``None`` is a blank word (every row of an absent column).
        """
        if name not in self.index:
            return np.zeros(self.n, dtype=np.int32), [None]
        indices, table, blanks = self._words(self.index[name])
        words = [
            None if blank else word for word, blank in zip(table, blanks.tolist(), strict=True)
        ]
        return indices.astype(np.int32), words

    def blank_words(self, name: str | None) -> Array:
        """Which cells :meth:`words` reads as blank."""
        if name is None or name not in self.index:
            return np.ones(self.n, dtype=bool)
        indices, _, blanks = self._words(self.index[name])
        return self._spread(blanks, indices)


def _at_least_none(codes: Array) -> Array:
    return np.maximum(codes, -1)


def _yes(codes: Array) -> Array:
    return codes == 1


def _whole(text: str) -> int:
    if text == "":
        return -1
    # As the reader: at most nine digits.
    return int(text) if len(text) <= 9 and text.isascii() and text.isdigit() else _SLOW


def _item_bits(text: str) -> int:
    if text == "":
        return -1
    bits = 0
    for part in text.split(";"):
        bit = _ITEM_BITS.get(part)
        if bit is None:
            return _SLOW
        bits |= bit
    return bits


def dictionary(column: Any) -> tuple[Array, list[str]]:
    """Dictionary codes (nulls: the code after the last value) and the distinct values.

    A column Arrow read dictionary-encoded (see :func:`~complaintcode.columnar._csv.parse_block`)
    is taken as it is; any other is encoded here.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
    values = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:
        indices = indices.fill_null(len(values))
    return indices.to_numpy(zero_copy_only=False).astype(np.intp), values


def coded(column: Any) -> tuple[Array, Any]:
    """Dictionary codes (as numpy indices) and the distinct values, as Arrow text (see above).

    A missing cell (Arrow's null, which a parsed block never holds) is read as blank.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:
        column = pc.fill_null(column.cast(pa.string()), "")
    encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    if len(encoded.dictionary) > 1:  # else nothing is looked up by code (see _spread)
        indices = indices.astype(np.intp)
    return indices, encoded.dictionary


def lengths(column: Any) -> tuple[Array, Array, Array]:
    """Each cell's byte length, the offsets of the cells and the bytes of the column."""
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or not len(data):
        data = np.zeros(1, dtype=np.uint8)
    return np.diff(offsets), offsets[:-1], data


_MIX = np.uint64(0x9E3779B97F4A7C15)
_F1 = np.uint64(0xFF51AFD7ED558CCD)
_F2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)


def text_hashes(column: Any) -> Array:
    """A 64-bit hash of each cell's bytes (int64): equal texts, equal hashes.

    Each cell's bytes, in words of eight (the last one padded with zeros), are folded
    into its byte length and mixed (MurmurHash3's finish); the cells are taken a length
    at a time, as rows of a matrix of bytes. A text in a Python ``str`` hashes the same
    as its UTF-8 bytes in an Arrow array.
    """
    length, start, data = lengths(column)
    n = len(length)
    out = length.astype(np.uint64) * _MIX
    if n and int(length.min()) == int(length.max()):
        # Cells of one length lie end to end in the buffer: a matrix without copying.
        size, first = int(length[0]), int(start[0])
        out = _folded(out, data[first : first + n * size].reshape(n, size))
    elif n:
        order = np.argsort(length, kind="stable")
        for rows in np.split(order, np.flatnonzero(np.diff(length[order])) + 1):
            size = int(length[rows[0]])
            out[rows] = _folded(out[rows], data[start[rows, None] + np.arange(size)])
    out ^= out >> _SHIFT
    out *= _F1
    out ^= out >> _SHIFT
    out *= _F2
    out ^= out >> _SHIFT
    return out.view(np.int64)


def _folded(hashes: Array, chars: Array) -> Array:
    """The hashes with each row of bytes of ``chars`` folded in (see :func:`text_hashes`)."""
    rows, size = chars.shape
    padded = np.zeros((rows, -(-size // 8) * 8), dtype=np.uint8)
    padded[:, :size] = chars
    for word in padded.view(np.uint64).T:
        hashes ^= word
        hashes *= _F1
        hashes ^= hashes >> _SHIFT
    return hashes


def _bytes(column: Any, width: int, rows: Array | None = None) -> tuple[Array, Array]:
    """Cell byte lengths, and the first ``width`` bytes of the cells in ``rows`` (0 after)."""
    length, start, data = lengths(column)
    if rows is not None:
        length, start = length[rows], start[rows]
    if not width or not len(data):
        return length, np.zeros((len(length), width), dtype=np.int32)
    positions = start[:, None] + np.arange(width, dtype=np.int32)
    chars = data[np.minimum(positions, len(data) - 1)].astype(np.int32)
    chars[np.arange(width)[None, :] >= length[:, None]] = 0
    return length, chars


def _number(chars: Array, first: int, last: int) -> tuple[Array, Array]:
    """The digits in columns ``first`` to ``last`` (exclusive) as a number, and all-digits."""
    digits = chars[:, first:last] - 48
    ok = ((digits >= 0) & (digits <= 9)).all(axis=1)
    value = np.zeros(len(chars), dtype=np.int64)
    for k in range(last - first):
        value = value * 10 + digits[:, k]
    return value, ok


def parse_days(column: Any, *, times: bool, dmy: bool = False) -> tuple[Array, Array, Array, Array]:
    """(ordinal, seconds into the day or -1, in the strict spelling, blank) per cell.

    The strict spelling is ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DDTHH:MM:SS``
    and, with ``dmy``, also ``DD/MM/YYYY``, ``DD/MM/YYYY HH:MM`` or ``DD/MM/YYYY
    HH:MM:SS`` (the reader reads each of these as that day, at that time); ``times`` says
    whether a time may follow the date. It is checked byte by byte on the column's own
    buffers, for the cells that hold anything.
    """
    length_all, start_all, data = lengths(column)
    n = len(length_all)
    blank = length_all == 0
    ordinal_all = np.full(n, NA, dtype=np.int64)
    seconds_all = np.full(n, -1, dtype=np.int64)
    ok_all = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(~blank)
    if not len(rows):
        return ordinal_all, seconds_all, ok_all, blank
    length = length_all[rows]
    first = int(start_all[rows[0]])
    if (length == 10).all():
        # Every cell that holds anything is ten bytes: the cells lie end to end in the
        # column's buffer, a matrix of ten bytes a row without copying a byte.
        chars = data[first : first + 10 * len(rows)].reshape(len(rows), 10)
    else:
        start = start_all[rows]
        chars = data[np.minimum(start[:, None] + _TEN, len(data) - 1)]
    ordinal, spelt = _iso_days(chars)
    if dmy and not spelt.all():
        return _days_of(column, rows, times, dmy, ordinal_all, seconds_all, ok_all, blank)
    ok = spelt & (length == 10)
    if times:
        timed = np.flatnonzero(spelt & ((length == 16) | (length == 19)))
        if len(timed):
            at = start_all[rows[timed]][:, None] + 10 + _NINE
            clock = data[np.minimum(at, len(data) - 1)]
            seconds = _seconds(clock, length[timed] == 19)
            ok[timed] = seconds >= 0
            seconds_all[rows[timed]] = seconds
    ordinal_all[rows] = ordinal
    ok_all[rows] = ok
    return ordinal_all, seconds_all, ok_all, blank


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_TEN = np.arange(10, dtype=np.int64)
_NINE = np.arange(9, dtype=np.int64)
_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]  # where YYYY-MM-DD has its digits


def _iso_days(chars: Array) -> tuple[Array, Array]:
    """(ordinal or ``NA``, a real date spelt ``YYYY-MM-DD``) of each row of ten bytes.

    A date that does not exist (30 February) is spelt so but is not a real date.
    """
    digits = chars - np.uint8(48)  # a byte that is not a digit wraps round to 10 or more
    ok = (digits[:, _DIGITS] <= 9).all(axis=1) & (chars[:, 4] == 45) & (chars[:, 7] == 45)
    # Rows not so spelt make numbers of no meaning here, which ``ok`` leaves out.
    v = digits.astype(np.int32)
    year = v[:, 0] * 1000 + v[:, 1] * 100 + v[:, 2] * 10 + v[:, 3]
    month = v[:, 5] * 10 + v[:, 6]
    day = v[:, 8] * 10 + v[:, 9]
    real_month = (month >= 1) & (month <= 12)
    month = np.where(real_month, month, 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    longest = _DAYS_IN_MONTH[month] + ((month == 2) & leap)
    ok &= real_month & (day >= 1) & (day <= longest) & (year >= 1)
    # The proleptic Gregorian ordinal (1 January of year 1 is day 1), from March-based years.
    y = (year - (month <= 2)).astype(np.int64)
    era = y // 400
    of_era = y - era * 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    of_cycle = of_era * 365 + of_era // 4 - of_era // 100 + of_year
    ordinal = era * 146_097 + of_cycle - 305
    return np.where(ok, ordinal, NA), ok


def _seconds(clock: Array, full: Array) -> Array:
    """Seconds into the day of ``THH:MM`` or `` HH:MM:SS`` (nine bytes a row; -1: not so).

    ``full`` says which rows have seconds (``HH:MM:SS``); the others end after the minutes.
    """
    digits = (clock - np.uint8(48)).astype(np.int64)
    separated = ((clock[:, 0] == 84) | (clock[:, 0] == 32)) & (clock[:, 3] == 58)
    hour, minute, second = (digits[:, k] * 10 + digits[:, k + 1] for k in (1, 4, 7))
    spelt = separated & (digits[:, [1, 2, 4, 5]] <= 9).all(axis=1)
    spelt &= ~full | ((clock[:, 6] == 58) & (digits[:, 7] <= 9) & (digits[:, 8] <= 9))
    second = np.where(full, second, 0)
    ok = spelt & (hour < 24) & (minute < 60) & (second < 60)
    return np.where(ok, hour * 3600 + minute * 60 + second, -1)


def _days_of(
    column: Any,
    rows: Array,
    times: bool,
    dmy: bool,
    ordinal_all: Array,
    seconds_all: Array,
    ok_all: Array,
    blank: Array,
) -> tuple[Array, Array, Array, Array]:
    """:func:`parse_days` for any column: byte by byte, every spelling it takes."""
    length, chars = _bytes(column, 19 if times else 10, rows)
    year, year_ok = _number(chars, 0, 4)
    month, month_ok = _number(chars, 5, 7)
    day, day_ok = _number(chars, 8, 10)
    ok = year_ok & month_ok & day_ok & (chars[:, 4] == 45) & (chars[:, 7] == 45)
    separators = (chars[:, 10] == 84) | (chars[:, 10] == 32)  # "T" or " " after ISO
    if dmy:
        d_day, d_day_ok = _number(chars, 0, 2)
        d_month, d_month_ok = _number(chars, 3, 5)
        d_year, d_year_ok = _number(chars, 6, 10)
        british = d_day_ok & d_month_ok & d_year_ok & (chars[:, 2] == 47) & (chars[:, 5] == 47)
        year, month, day = (np.where(british, b, i) for b, i in
                            ((d_year, year), (d_month, month), (d_day, day)))  # fmt: skip
        ok |= british
        separators = np.where(british, chars[:, 10] == 32, separators)  # only " " after it
    clock = np.zeros(len(length), dtype=bool)
    seconds = np.full(len(length), -1, dtype=np.int64)
    if times and (length > 10).any():
        hour, hour_ok = _number(chars, 11, 13)
        minute, minute_ok = _number(chars, 14, 16)
        second, second_ok = _number(chars, 17, 19)
        separated = separators & (chars[:, 13] == 58)
        short = (length == 16) & separated & hour_ok & minute_ok
        full = (length == 19) & separated & hour_ok & minute_ok & second_ok & (chars[:, 16] == 58)
        second = np.where(full, second, 0)
        clock = (short | full) & (hour < 24) & (minute < 60) & (second < 60)
        seconds = np.where(clock, hour * 3600 + minute * 60 + second, -1)
    ok &= (length == 10) | clock
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1)
    months = (np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1
    first = months.astype("datetime64[M]")
    following = (first + np.timedelta64(1, "M")).astype("datetime64[D]")
    days_in_month = (following - first.astype("datetime64[D]")).astype(np.int64)
    ok &= day <= days_in_month
    ordinal = first.astype("datetime64[D]").astype(np.int64) + np.where(ok, day, 1) - 1 + _EPOCH
    ordinal_all[rows] = ordinal
    seconds_all[rows] = seconds
    ok_all[rows] = ok
    return ordinal_all, seconds_all, ok_all, blank


def money(text: str) -> Decimal | bool | None:
    """A plain sum (``150`` or ``150.00``, at most 40 characters); ``False`` otherwise."""
    if text == "":
        return None
    whole, point, pence = text.partition(".")
    plain = whole.isascii() and whole.isdigit() and len(text) <= 40
    if plain and (not point or (pence.isascii() and pence.isdigit())):
        return Decimal(text)
    return False
