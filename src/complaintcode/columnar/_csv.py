"""Reading a CSV export straight into columns, with the reader as the authority.

Arrow's multi-threaded CSV parser splits the file into record batches of text. Every cell
in the documented canonical spelling is then read on whole columns: ISO dates (and
date-times of receipt, ``YYYY-MM-DD HH:MM[:SS]``, London time), whole numbers, ``yes``
and ``no``, outcomes, grounds and remedy kinds by name or words, response items by name,
plain sums of money. A row with any cell outside that spelling is handed, as its cells,
to the reader of ``complaintcode check`` (:meth:`~complaintcode.records.CaseReader.convert`),
which gives the complaint or the error it always gives: so a file means the same whichever
path reads it, and a new spelling the reader learns needs nothing here.

Row numbers and whole-row checks (a blank reference, a repeated reference, an all-blank
row) follow the reader. When Arrow meets something it cannot split as the reader would (a
row with the wrong number of cells, a blank line, a line break inside a quoted cell, text
that is not UTF-8) the rest of the file, from the start of that batch, is read by the
reader itself: :func:`read_columns` then yields the reader's items instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import time
from decimal import Decimal
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import GROUNDS, ITEMS, KINDS, OUTCOMES, Columns
from complaintcode.columnar._days import NA, Array
from complaintcode.model import Complaint
from complaintcode.records import CaseReader, ColumnMap, InvalidRecords, RecordError, read_cases
from complaintcode.records.layout import locate

__all__ = ["ROWS_PER_BATCH", "fast_path_applies", "read_columns"]

ROWS_PER_BATCH = 16_384
"""How many rows a batch read by the reader holds (Arrow batches are 4 MB of text)."""

_EPOCH = 719_163  # date(1970, 1, 1).toordinal()
_YES = {"yes": True, "no": False, "": False, "true": True, "false": False}
_STAGES = (
    ("received", "acknowledged", "responded", "handler", "outcome", "items", "s1_ext1", "s1_ext2"),
    (
        "escalation_received",
        "escalation_acknowledged",
        "escalation_responded",
        "escalation_handler",
        "escalation_outcome",
        "escalation_items",
        "s2_ext1",
        "s2_ext2",
    ),
    ("stage3_received", None, "stage3_responded", "stage3_handler", "stage3_outcome", None),
)
_EXT_FIELDS = ("notified", "days", "reason", "good_reason", "ombudsman_details")


def _words(members: tuple[Any, ...]) -> dict[str, int]:
    table: dict[str, int] = {"": -1}
    for code, member in enumerate(members):
        table[member.name] = code
        table[member.value] = code
    return table


_OUTCOME_CODES = _words(OUTCOMES)
_GROUND_CODES = _words(GROUNDS)
_KIND_CODES = _words(KINDS)
_ITEM_BITS = {item.name: 1 << bit for bit, item in enumerate(ITEMS)}


def fast_path_applies(columns: ColumnMap | None, date_format: str | None) -> bool:
    """Whether the canonical spellings mean what they always mean for this column map.

    Only renames, attributes and ignored columns are understood here; any other setting
    (a date format, a vocabulary) leaves every row to the reader.
    """
    if date_format not in (None, "iso"):
        return False
    if columns is None:
        return True
    plain = ColumnMap(columns.columns, attributes=columns.attributes, ignore=columns.ignore)
    return all(
        getattr(columns, field) == getattr(plain, field)
        for field in ("columns", "attributes", "ignore", "date_format")
    ) and set(_fields(columns)) <= {"columns", "attributes", "ignore", "date_format", "path"}


def _fields(columns: ColumnMap) -> list[str]:
    import attrs

    return [f.name for f in attrs.fields(type(columns))]


class _Batch:
    """One Arrow batch of text and the per-row verdict: fine, reader, or skipped."""

    def __init__(self, batch: Any, index: dict[str, int], first_row: int) -> None:
        self.batch = batch
        self.index = index
        self.n = batch.num_rows
        self.rows = np.arange(first_row, first_row + self.n, dtype=np.int64)
        self.slow = np.zeros(self.n, dtype=bool)

    def text(self, name: str | None) -> Any:
        """The column for a canonical name, or ``None`` when the file lacks it."""
        if name is None or name not in self.index:
            return None
        return self.batch.column(self.index[name])

    def filled(self, name: str | None) -> Array:
        """Which cells of a column hold anything (before any stripping, as the reader)."""
        column = self.text(name)
        if column is None:
            return np.zeros(self.n, dtype=bool)
        return _lengths(column)[0] > 0

    def days(self, name: str | None) -> Array:
        """Plain ISO dates as ordinals (NA when blank); other spellings go to the reader."""
        column = self.text(name)
        if column is None:
            return np.full(self.n, NA, dtype=np.int64)
        day, _, ok, blank = _parse_days(column, times=False)
        self.slow |= ~(ok | blank)
        return np.where(ok, day, NA)

    def events(self, name: str | None, cutoff: time | None) -> tuple[Array, Array, Array]:
        """Receipts: (London day, day counted from after the cut-off, seconds or -1)."""
        column = self.text(name)
        if column is None:
            missing = np.full(self.n, NA, dtype=np.int64)
            return missing, missing, np.full(self.n, -1, dtype=np.int64)
        day, seconds, ok, blank = _parse_days(column, times=True)
        self.slow |= ~(ok | blank)
        day = np.where(ok, day, NA)
        event = day
        if cutoff is not None:
            limit = cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
            after = (seconds > limit) | ((seconds == limit) & (cutoff.microsecond == 0))
            event = np.where(ok & (seconds >= 0) & after, day + 1, day)
        return day, event, np.where(ok, seconds, -1)

    def codes(self, name: str | None, table: dict[str, int]) -> Array:
        """Words looked up in ``table`` (by unique value); unknown spellings to the reader."""
        column = self.text(name)
        if column is None:
            return np.full(self.n, -1, dtype=np.int64)
        indices, values = _dictionary(column)
        mapped = np.asarray([table.get(v, -2) for v in values] + [-2], dtype=np.int64)
        codes = mapped[indices]
        self.slow |= codes == -2
        return np.maximum(codes, -1)

    def flags(self, name: str | None) -> Array:
        codes = self.codes(name, {k: int(v) for k, v in _YES.items()})
        return codes == 1

    def items(self, name: str | None) -> Array:
        column = self.text(name)
        if column is None:
            return np.full(self.n, -1, dtype=np.int64)
        indices, values = _dictionary(column)
        mapped = np.asarray([_item_bits(v) for v in values] + [-2], dtype=np.int64)
        codes = mapped[indices]
        self.slow |= codes == -2
        return codes

    def whole(self, name: str | None) -> Array:
        column = self.text(name)
        if column is None:
            return np.zeros(self.n, dtype=np.int64)
        indices, values = _dictionary(column)
        mapped = np.asarray(
            [int(v) if v.isascii() and v.isdigit() else (-1 if v == "" else -2) for v in values]
            + [-2],
            dtype=np.int64,
        )
        numbers = mapped[indices]
        self.slow |= numbers == -2
        return numbers

    def words(self, name: str | None) -> Array:
        """Free text, stripped (``""`` when blank or absent), as an object array."""
        column = self.text(name)
        if column is None:
            return np.full(self.n, "", dtype=object)
        indices, values = _dictionary(column)
        stripped = np.asarray([v.strip() for v in values] + [""], dtype=object)
        return stripped[indices]


def _dictionary(column: Any) -> tuple[Array, list[str]]:
    """Dictionary codes (nulls: the code after the last value) and the distinct values."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column)
    values = encoded.dictionary.to_pylist()
    indices = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    return indices.astype(np.int64), values


def _item_bits(text: str) -> int:
    if text == "":
        return -1
    bits = 0
    for part in text.split(";"):
        bit = _ITEM_BITS.get(part)
        if bit is None:
            return -2
        bits |= bit
    return bits


def _lengths(column: Any) -> tuple[Array, Array, Array]:
    """Each cell's byte length, the offsets of the cells and the bytes of the column."""
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or not len(data):
        data = np.zeros(1, dtype=np.uint8)
    return np.diff(offsets), offsets[:-1], data


def _bytes(column: Any, width: int, rows: Array | None = None) -> tuple[Array, Array]:
    """Cell byte lengths, and the first ``width`` bytes of the cells in ``rows`` (0 after)."""
    length, start, data = _lengths(column)
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


def _parse_days(column: Any, *, times: bool) -> tuple[Array, Array, Array, Array]:
    """(ordinal, seconds into the day or -1, in the strict spelling, blank) per cell.

    The strict spelling is ``YYYY-MM-DD``, and for receipts also ``YYYY-MM-DD HH:MM`` or
    ``YYYY-MM-DDTHH:MM:SS``; it is checked byte by byte on the column's own buffers, for
    the cells that hold anything.
    """
    lengths = _lengths(column)[0]
    n = len(lengths)
    blank = lengths == 0
    ordinal_all = np.full(n, NA, dtype=np.int64)
    seconds_all = np.full(n, -1, dtype=np.int64)
    ok_all = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(~blank)
    if not len(rows):
        return ordinal_all, seconds_all, ok_all, blank
    length, chars = _bytes(column, 19 if times else 10, rows)
    year, year_ok = _number(chars, 0, 4)
    month, month_ok = _number(chars, 5, 7)
    day, day_ok = _number(chars, 8, 10)
    ok = year_ok & month_ok & day_ok & (chars[:, 4] == 45) & (chars[:, 7] == 45)
    clock = np.zeros(len(length), dtype=bool)
    seconds = np.full(len(length), -1, dtype=np.int64)
    if times and (length > 10).any():
        hour, hour_ok = _number(chars, 11, 13)
        minute, minute_ok = _number(chars, 14, 16)
        second, second_ok = _number(chars, 17, 19)
        separated = ((chars[:, 10] == 84) | (chars[:, 10] == 32)) & (chars[:, 13] == 58)
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


def _money(text: str) -> Decimal | bool | None:
    """A plain sum (``150`` or ``150.00``); ``False`` for any other spelling."""
    if text == "":
        return None
    whole, _, pence = text.partition(".")
    if whole.isascii() and whole.isdigit() and (not pence or (pence.isascii() and pence.isdigit())):
        return Decimal(text)
    return False


class _References:
    """Every reference used so far in the file, in little memory, for finding repeats.

    A million references held as Python strings in a dict cost about 200 MB; here each
    costs about 40 bytes: its 64-bit hash (kept sorted), the row it was first used on, and
    its text in an Arrow array, which settles whether two references with the same hash
    are the same.
    """

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int64)
        self.positions = np.empty(0, dtype=np.int64)
        self.texts: list[Any] = []
        self.count = 0

    def may_hold(self, hashes: Array) -> bool:
        """Whether any of these hashes was seen (a repeat, or two texts with one hash)."""
        if not len(self.hashes) or not len(hashes):
            return False
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        return bool((self.hashes[at] == hashes).any())

    def first_row(self, reference: str) -> int | None:
        """The row ``reference`` was first used on, or ``None`` when it is new."""
        key = hash(reference)
        start = int(np.searchsorted(self.hashes, key))
        for k in range(start, len(self.hashes)):
            if self.hashes[k] != key:
                break
            if self._text(int(self.positions[k])) == reference:
                return int(self.rows[k])
        return None

    def _text(self, position: int) -> str:
        for texts in self.texts:
            if position < len(texts):
                return str(texts[position].as_py())
            position -= len(texts)
        raise IndexError(position)  # pragma: no cover - positions come from add()

    def add(self, references: list[str], rows: list[int], hashes: Array) -> None:
        """Remember new references (none of them seen before), with their rows."""
        import pyarrow as pa

        if not references:
            return
        self.texts.append(pa.array(references, pa.string()))
        positions = np.arange(self.count, self.count + len(references), dtype=np.int64)
        self.count += len(references)
        merged = np.concatenate([self.hashes, hashes])
        order = np.argsort(merged, kind="stable")
        self.hashes = merged[order]
        self.rows = np.concatenate([self.rows, np.asarray(rows, dtype=np.int64)])[order]
        self.positions = np.concatenate([self.positions, positions])[order]


def _columns_of(
    batch: _Batch,
    reader: CaseReader,
    attributes: tuple[tuple[int, str], ...],
    calendar: WorkingDayCalendar,
    seen: _References,
) -> Columns:

    n = batch.n
    cutoff = calendar.cutoff
    slots = [
        2 if any(name.startswith(f"s{s}_ext") for name in batch.index) else 0 for s in (1, 2)
    ] + [0]
    cols = Columns(n, slots, 1)
    cols.row = batch.rows
    raw_reference = batch.text("reference")
    reference = np.asarray(raw_reference.to_pylist(), dtype=object)
    # Python's own strip() where a reference may need it (it starts or ends oddly).
    length, starts, data = _lengths(raw_reference)
    head = data[np.minimum(starts, len(data) - 1)]
    last = data[np.clip(starts + length - 1, 0, len(data) - 1)]
    plain = ((head >= 48) & (last >= 48) & (head < 128) & (last < 128)) | (length == 0)
    for i in np.flatnonzero(~plain):
        reference[i] = reference[i].strip()
    cols.reference = reference
    # A row with no reference whose cells are all blank or spaces holds no data: the reader
    # passes over it without a word, and so does this.
    skip = np.zeros(n, dtype=bool)
    for row in np.flatnonzero(reference == "").tolist():
        cells = [column[row].as_py() for column in batch.batch.columns]
        skip[row] = not "".join(cells).strip()
    # Row-level checks, in file order, as the reader makes them.
    errors: list[tuple[int, RecordError]] = []
    label = reader._columns.get("reference") if hasattr(reader, "_columns") else None
    kept = reference[~skip].tolist()
    numbers = batch.rows[~skip].tolist()
    hashes = np.fromiter(map(hash, kept), dtype=np.int64, count=len(kept))
    if "" in kept or len(set(kept)) < len(kept) or seen.may_hold(hashes):
        local: dict[str, int] = {}
        for at, ref in enumerate(reference.tolist()):
            if skip[at]:
                continue
            if not ref:
                errors.append((at, RecordError(int(batch.rows[at]), None, "reference",
                                              raw_reference[int(at)].as_py(),
                                              "missing; every row needs a complaint reference",
                                              column=label)))  # fmt: skip
                continue
            first = seen.first_row(ref)
            if first is None:
                first = local.setdefault(ref, int(batch.rows[at]))
            if first != batch.rows[at]:
                errors.append((at, RecordError(int(batch.rows[at]), ref, "reference",
                                              raw_reference[int(at)].as_py(),
                                              f"{ref!r} was already used on row {first}; "
                                              "each complaint must appear once",
                                              column=label)))  # fmt: skip
        kept = list(local)
        numbers = list(local.values())
        hashes = np.fromiter(map(hash, kept), dtype=np.int64, count=len(kept))
    seen.add(kept, numbers, hashes)
    # Stages.
    present_before = np.ones(n, dtype=bool)
    for s, names in enumerate(_STAGES):
        sc = cols.stages[s]
        received_name, ack_name, resp_name, handler_name, outcome_name = names[:5]
        group = [x for x in names[:6] if x is not None]
        day, event, seconds = batch.events(received_name, cutoff)
        sc.received, sc.event = day, event
        sc.received_seconds = seconds
        sc.acknowledged = batch.days(ack_name) if ack_name else sc.acknowledged
        sc.responded = batch.days(resp_name)
        handler = batch.words(handler_name)
        sc.handler = np.where(handler == "", None, handler)
        sc.outcome = batch.codes(outcome_name, _OUTCOME_CODES).astype(np.int8)
        if len(names) > 5 and names[5] is not None:
            sc.items = batch.items(names[5]).astype(np.int16)
        has = day != NA
        filled = np.logical_or.reduce([batch.filled(x) for x in group])
        for k, prefix in enumerate(names[6:8] if len(names) > 6 else ()):
            if not slots[s]:
                break
            ext = [f"{prefix}_{f}" for f in _EXT_FIELDS]
            used = np.logical_or.reduce([batch.filled(x) for x in ext])
            filled |= used
            notified = batch.days(ext[0])
            length = batch.whole(ext[1])
            # An extension needs its date and its days; a positive whole number of days.
            batch.slow |= used & ((notified == NA) | (length <= 0))
            sc.ext_notified[:, k] = np.where(used & has, notified, NA)
            sc.ext_days[:, k] = np.where(used, length, 0)
            reason = batch.words(ext[2])
            sc.ext_reason[:, k] = reason
            sc.ext_reason_blank[:, k] = reason == ""
            sc.ext_good[:, k] = batch.flags(ext[3])
            sc.ext_details[:, k] = batch.flags(ext[4])
        # A stage's cells without its date of receipt, or a stage after a missing one.
        batch.slow |= filled & ~has
        batch.slow |= has & ~present_before
        present_before = has
    batch.slow |= cols.stages[0].received == NA  # every complaint needs its receipt
    _validate(cols, batch)
    cols.issue = batch.days("issue_date")
    cols.aware = batch.days("aware_date")
    batch.slow |= (cols.issue != NA) & (cols.aware != NA) & (cols.aware < cols.issue)
    _refusal(cols, batch)
    _remedy(cols, batch)
    tenure, category = batch.words("tenure"), batch.words("category")
    cols.tenure = np.where(tenure == "", None, tenure)
    cols.category = np.where(category == "", None, category)
    cols.attribute_columns = {}
    for position, name in attributes:
        values = batch.words_at(position) if hasattr(batch, "words_at") else None
        if values is None:
            indices, distinct = _dictionary(batch.batch.column(position))
            table = np.asarray([v.strip() or None for v in distinct] + [None], dtype=object)
            values = table[indices]
        cols.attribute_columns[name] = values
    # The rows the reader reads, and the row-level errors.
    failed: dict[int, Complaint | RecordError] = dict(errors)
    for row in np.flatnonzero(batch.slow & ~skip).tolist():
        if row in failed:
            continue
        cells = [batch.batch.column(j)[row].as_py() for j in range(batch.batch.num_columns)]
        failed[row] = reader.convert(int(batch.rows[row]), [*cells, ""], reference[row])
    for position, item in failed.items():
        cols.clear(position)
        if isinstance(item, Complaint):
            cols._put(position, item, cutoff)
            cols.attributes[position] = item.attributes
        else:
            cols.error[position] = item
    if skip.any():
        cols = cols.take(np.flatnonzero(~skip))
    return cols


def _validate(cols: Columns, batch: _Batch) -> None:
    """Rows whose history could not be true go to the reader, which words the error."""
    previous = None
    for sc in cols.stages:
        has = sc.received != NA
        bad = has & (sc.acknowledged != NA) & (sc.acknowledged < sc.received)
        bad |= has & (sc.responded != NA) & (sc.responded < sc.received)
        for k in range(sc.extension_slots):
            notified = sc.ext_notified[:, k]
            used = notified != NA
            bad |= used & (notified < sc.received)
            bad |= used & (sc.responded != NA) & (notified > sc.responded)
        if previous is not None:
            bad |= has & (sc.received < previous)
        batch.slow |= bad
        previous = np.where(has, sc.received, previous if previous is not None else NA)


def _refusal(cols: Columns, batch: _Batch) -> None:
    names = (
        "refusal_decided",
        "refusal_ground",
        "refusal_stage",
        "refusal_reasons_given",
        "refusal_ombudsman_rights_given",
    )
    used = np.logical_or.reduce([batch.filled(x) for x in names])
    decided = batch.days(names[0])
    ground = batch.codes(names[1], _GROUND_CODES)
    stage = batch.whole(names[2])
    stage = np.where(stage == -1, 1, stage)
    batch.slow |= used & ((decided == NA) | (ground < 0))
    cols.refusal_decided = np.where(used, decided, NA)
    cols.refusal_ground = ground.astype(np.int8)
    cols.refusal_stage = np.where(used, stage, 0)
    cols.refusal_reasons = batch.flags(names[3])
    cols.refusal_rights = batch.flags(names[4])
    count = sum((sc.received != NA).astype(np.int64) for sc in cols.stages)
    refused_received = np.full(cols.n, NA, dtype=np.int64)
    for s, sc in enumerate(cols.stages):
        refused_received = np.where(stage == s + 1, sc.received, refused_received)
    batch.slow |= used & ((stage < 1) | (stage > count) | (stage < count))
    batch.slow |= used & (decided != NA) & (decided < refused_received)


def _remedy(cols: Columns, batch: _Batch) -> None:
    names = (
        "remedy_kind",
        "remedy_description",
        "remedy_offered",
        "remedy_due",
        "remedy_completed",
        "remedy_amount",
    )
    used = np.logical_or.reduce([batch.filled(x) for x in names])
    kind = batch.codes(names[0], _KIND_CODES)
    offered = batch.days(names[2])
    due, completed = batch.days(names[3]), batch.days(names[4])
    batch.slow |= used & ((kind < 0) | (offered == NA))
    batch.slow |= used & (due != NA) & (due < offered)
    batch.slow |= used & (completed != NA) & (completed < offered)
    cols.remedy_kind[:, 0] = np.where(used, kind, -1)
    cols.remedy_description[:, 0] = batch.words(names[1])
    cols.remedy_offered[:, 0] = np.where(used, offered, NA)
    cols.remedy_due[:, 0] = np.where(used, due, NA)
    cols.remedy_completed[:, 0] = np.where(used, completed, NA)
    column = batch.text(names[5])
    if column is not None:
        indices, values = _dictionary(column)
        amounts = [_money(v) for v in values]
        bad = np.asarray([a is False for a in amounts] + [False])[indices]
        batch.slow |= used & bad
        table = np.asarray([None if a is False else a for a in amounts] + [None], dtype=object)
        cols.remedy_amount[:, 0] = np.where(used, table[indices], np.asarray(None, dtype=object))


def read_columns(
    path: str | os.PathLike[str],
    *,
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    block_bytes: int = 1 << 22,
) -> Iterator[Columns]:
    """The file's rows as :class:`Columns`, batch by batch, in file order.

    Arrow cuts the file into blocks of about ``block_bytes`` (4 MB: some 17,000 rows of a
    typical export), one batch each.

    Raises:
        InvalidRecords: for a file the reader cannot use at all (as ``read_cases``).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    reader = read_cases(path, columns=columns, date_format=date_format)
    with reader:
        layout = locate(reader.header, columns or ColumnMap(), reader._fail)
        width = layout.width
        if not fast_path_applies(columns, date_format):
            yield from _by_reader(path, columns, date_format, calendar, 2)
            return
        invalid: list[int] = []

        def handler(row: Any) -> str:
            invalid.append(row.number if row.number is not None else 0)
            return "skip"

        options = (
            pacsv.ReadOptions(
                skip_rows=1,
                column_names=[f"c{i}" for i in range(width)],
                block_size=block_bytes,
            ),
            pacsv.ParseOptions(
                newlines_in_values=False, ignore_empty_lines=False, invalid_row_handler=handler
            ),
            pacsv.ConvertOptions(
                column_types={f"c{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        seen = _References()
        first_row = 2
        try:
            stream = pacsv.open_csv(path, *options)
        except (pa.ArrowInvalid, OSError):
            yield from _by_reader(path, columns, date_format, calendar, first_row)
            return
        while True:
            try:
                arrow_batch = stream.read_next_batch()
            except StopIteration:
                if not invalid:
                    return
                break  # rows Arrow skipped at the end: the reader reads them
            except (pa.ArrowInvalid, UnicodeDecodeError):
                break
            end = first_row + arrow_batch.num_rows
            if invalid and min(invalid) <= end:
                break
            batch = _Batch(arrow_batch, layout.index, first_row)
            cols = _columns_of(batch, reader, layout.attributes, calendar, seen)
            if cols.n:
                yield cols
            first_row = end
        yield from _by_reader(path, columns, date_format, calendar, first_row)


def _by_reader(
    path: str | os.PathLike[str],
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    from_row: int,
) -> Iterator[Columns]:
    """The rest of the file, from row ``from_row``, read row by row by the reader."""
    with read_cases(path, columns=columns, date_format=date_format) as reader:
        convert = reader.convert
        items: list[tuple[int | None, Any]] = []
        try:
            for raw in reader.raw_rows():
                if isinstance(raw, tuple):
                    number = raw[0]
                    if number < from_row:
                        continue
                    items.append((number, convert(*raw)))
                else:
                    if raw.row < from_row:
                        continue
                    items.append((raw.row, raw))
                if len(items) >= ROWS_PER_BATCH:
                    yield Columns.from_items(items, calendar)
                    items = []
        except InvalidRecords:
            # The file becomes unreadable part way (not UTF-8, say): the rows before the
            # problem are results as they are for the reader, then the error stops the run.
            if items:
                yield Columns.from_items(items, calendar)
            raise
        if items:
            yield Columns.from_items(items, calendar)
