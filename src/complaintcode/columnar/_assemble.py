"""One Arrow batch of an export's text made into :class:`Columns`, as the reader would.

Role: row assembly for the columnar CSV reader. :func:`columns_of` reads every column of a
:class:`~complaintcode.columnar._spellings.TextBatch`, applies the reader's whole-row
checks (a blank reference, a repeated one, an all-blank row; :class:`References` remembers
the references of earlier batches in little memory) and hands every row it cannot vouch
for (an odd spelling, a history that could not be true) to the reader's own
:meth:`~complaintcode.records.CaseReader.convert`, which gives the complaint or the error
it always gives.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._spellings import (
    GROUND_CODES,
    KIND_CODES,
    OUTCOME_CODES,
    TextBatch,
    dictionary,
    lengths,
    money,
    text_hashes,
)
from complaintcode.model import Complaint
from complaintcode.records import CaseReader, RecordError
from complaintcode.records.columns import (
    DATES,
    EXT_FIELDS,
    REFUSAL,
    REMEDY,
    S1_EXTS,
    S2_EXTS,
    STAGE1,
    STAGE2,
    STAGE3,
)

__all__ = ["References", "columns_of"]

_FILTER_BITS = 26  # the bitmap of :class:`References` has 2**26 bits

# Each stage's received, acknowledged, responded, handler, outcome and items columns (None:
# the stage has no such column), then its extensions' prefixes.
_STAGES: tuple[tuple[tuple[str | None, ...], tuple[str, ...]], ...] = (
    (STAGE1[1:], S1_EXTS),
    (STAGE2, S2_EXTS),
    ((STAGE3[0], None, *STAGE3[1:], None), ()),
)

# Every column of dates.
_DATES = (
    *(name for names, _ in _STAGES for name in names[:3] if name),
    *(f"{prefix}_{EXT_FIELDS[0]}" for _, prefixes in _STAGES for prefix in prefixes),
    *DATES,
    REFUSAL[0],
    *REMEDY[2:5],
)


class References:
    """Every reference used so far in the file, in little memory, for finding repeats.

    A million references held as Python strings in a dict cost about 200 MB; here each
    costs about 40 bytes: a 64-bit hash of its text (see
    :func:`~complaintcode.columnar._spellings.text_hashes`; kept sorted), the row it was
    first used on, and its text in an Arrow array, which settles whether two references
    with the same hash are the same. A bitmap of 2**26 bits (8 MB), one bit set per hash
    by its top bits, answers most questions before the sorted hashes are searched: a hash
    whose bit is clear was never seen.
    """

    def __init__(self) -> None:
        # Runs of (hashes, sorted; positions in the texts), each reference in one run; a
        # run is merged into the one before when it grows as long, so there are at most
        # about log2(batches) runs and each reference is sorted about that many times.
        self.runs: list[tuple[Array, Array]] = []
        self.texts: list[Any] = []
        self.rows: list[Array] = []  # the row each text was first used on
        self.count = 0
        self._bits: Array | None = None  # the bitmap, made when first needed

    def __getstate__(self) -> dict[str, Any]:
        # A worker's references travel without the bitmap, which the runs give again.
        return {**self.__dict__, "_bits": None}

    def _bitmap(self) -> Array:
        """The bitmap of the hashes held (see the class docstring)."""
        if self._bits is None:
            self._bits = np.zeros(1 << (_FILTER_BITS - 3), dtype=np.uint8)
            for known, _ in self.runs:
                self._mark(known)
        return self._bits

    def _slots(self, hashes: Array) -> tuple[Array, Array]:
        """Each hash's byte in the bitmap and its bit there."""
        top = hashes.view(np.uint64) >> np.uint64(64 - _FILTER_BITS)
        return (top >> np.uint64(3)).astype(np.intp), np.left_shift(
            np.uint8(1), (top & np.uint64(7)).astype(np.uint8)
        )

    def _mark(self, hashes: Array) -> None:
        """Set the bits of these hashes."""
        bits = self._bitmap()
        at, bit = self._slots(hashes)
        bits[at] |= bit  # of two hashes in one byte, only the last one's bit lands...
        lost = (bits[at] & bit) == 0
        if lost.any():
            np.bitwise_or.at(bits, at[lost], bit[lost])  # ...so the others land here

    def maybe(self, hashes: Array) -> Array:
        """Which of these hashes may have been seen (``False``: certainly not)."""
        if not self.runs:
            return np.zeros(len(hashes), dtype=bool)
        at, bit = self._slots(hashes)
        return (self._bitmap()[at] & bit) != 0

    def may_hold(self, hashes: Array, *, ordered: bool = False) -> bool:
        """Whether any of these hashes was seen (a repeat, or two texts with one hash).

        ``ordered`` says the hashes are sorted already.
        """
        if not len(hashes) or not self.runs:
            return False
        hashes = hashes[self.maybe(hashes)]  # the others were never seen
        if not len(hashes):
            return False
        if not ordered:
            hashes = np.sort(hashes)  # in order, the searches walk each run once
        for known, _ in self.runs:
            at = np.minimum(np.searchsorted(known, hashes), len(known) - 1)
            if (known[at] == hashes).any():
                return True
        return False

    def first_row(self, reference: str, key: int) -> int | None:
        """The row ``reference`` (whose hash is ``key``) was first used on; ``None``: new."""
        for known, positions in self.runs:
            for k in range(int(np.searchsorted(known, key)), len(known)):
                if known[k] != key:
                    break
                text, row = self._entry(int(positions[k]))
                if text == reference:
                    return row
        return None

    def _entry(self, position: int) -> tuple[str, int]:
        """The text at ``position`` and the row it was first used on."""
        for texts, rows in zip(self.texts, self.rows, strict=True):
            if position < len(texts):
                return str(texts[position].as_py()), int(rows[position])
            position -= len(texts)
        raise IndexError(position)  # pragma: no cover - positions come from add()

    def hashes(self) -> Array:
        """The hashes of every reference held (in no particular order)."""
        return np.concatenate([known for known, _ in self.runs] or [np.zeros(0, np.int64)])

    def absorb(self, other: References) -> None:
        """Take in the references ``other`` holds (none of them held here)."""
        for known, positions in other.runs:
            self._push(known, positions + self.count)
            self._mark(known)
        self.texts.extend(other.texts)
        self.rows.extend(other.rows)
        self.count += other.count

    def add(
        self, references: Any, rows: Array | list[int], hashes: Array, order: Array | None = None
    ) -> None:
        """Remember new references (none of them seen before), with their rows.

        ``references`` is a list of texts or an Arrow array of them, ``hashes`` their
        :func:`~complaintcode.columnar._spellings.text_hashes`; ``order`` sorts ``hashes``,
        when it is known already.
        """
        import pyarrow as pa

        if not len(references):
            return
        if isinstance(references, list):
            references = pa.array(references, pa.string())
        self.texts.append(references)
        self.rows.append(np.asarray(rows, dtype=np.int64))
        positions = np.arange(self.count, self.count + len(references), dtype=np.int64)
        self.count += len(references)
        if order is None:
            order = np.argsort(hashes)  # equal hashes come in any order (see first_row)
        self._push(hashes[order], positions[order])
        self._mark(hashes)

    def _push(self, known: Array, positions: Array) -> None:
        """Add a sorted run, merging runs as they grow (see ``__init__``)."""
        self.runs.append((known, positions))
        while len(self.runs) > 1 and len(self.runs[-1][0]) >= len(self.runs[-2][0]):
            (newer, new_positions), (older, old_positions) = self.runs.pop(), self.runs.pop()
            merged = np.concatenate([older, newer])
            order = np.argsort(merged, kind="stable")
            self.runs.append((merged[order], np.concatenate([old_positions, new_positions])[order]))


def columns_of(
    batch: TextBatch,
    reader: CaseReader,
    attributes: tuple[tuple[int, str], ...],
    calendar: WorkingDayCalendar,
    seen: References,
) -> Columns:
    """The batch as columns: rows read here, rows read by the reader, row errors."""
    n = batch.n
    cutoff = calendar.cutoff
    slots = [
        2 if any(name.startswith(f"s{s}_ext") for name in batch.index) else 0 for s in (1, 2)
    ] + [0]
    # Arrays are set whole below; _blanks() then makes the ones left unset.
    cols = Columns(0, slots, 1)
    cols.n = n
    cols.row = batch.rows
    reference, skip, errors, text = _references(batch, reader, seen)
    cols.reference = reference
    cols.reference_text = text
    batch.read_days(_DATES)
    # Stages.
    present_before = np.ones(n, dtype=bool)
    for s, (names, prefixes) in enumerate(_STAGES):
        sc = cols.stages[s]
        received_name, ack_name, resp_name, handler_name, outcome_name, items_name = names
        group = [x for x in names if x is not None]
        day, event, seconds = batch.events(received_name, cutoff)
        sc.received, sc.event = day, event
        sc.received_seconds = seconds
        sc.acknowledged = batch.days(ack_name)
        sc.responded = batch.days(resp_name)
        sc.handler = batch.words(handler_name, None)
        sc.outcome = batch.codes(outcome_name, OUTCOME_CODES).astype(np.int8)
        sc.items = batch.items(items_name).astype(np.int16)
        has = day != NA
        filled = np.logical_or.reduce([batch.filled(x) for x in group])
        extensions: list[tuple[Array, ...]] = []
        for prefix in prefixes[: slots[s]]:
            ext = [f"{prefix}_{f}" for f in EXT_FIELDS]
            used = np.logical_or.reduce([batch.filled(x) for x in ext])
            filled |= used
            notified = batch.days(ext[0])
            length = batch.whole(ext[1])
            # An extension needs its date and its days; a positive whole number of days.
            batch.slow |= used & ((notified == NA) | (length <= 0))
            extensions.append(
                (
                    np.where(used & has, notified, NA),
                    np.where(used, length, 0),
                    batch.words(ext[2]),
                    batch.blank_words(ext[2]),
                    batch.flags(ext[3]),
                    batch.flags(ext[4]),
                )
            )
        if extensions:
            slot = [np.stack(part, axis=1) for part in zip(*extensions, strict=True)]
            sc.ext_notified, sc.ext_days, sc.ext_reason = slot[:3]
            sc.ext_reason_blank, sc.ext_good, sc.ext_details = slot[3:]
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
    cols.tenure = batch.words("tenure", None)
    cols.category = batch.words("category", None)
    cols.word_codes = {name: batch.word_codes(name) for name in ("tenure", "category")}
    cols.attribute_columns = {}
    for position, name in attributes:
        cols.attribute_columns[name] = batch.words_at(position, None)
    _blanks(cols)
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


def _references(
    batch: TextBatch, reader: CaseReader, seen: References
) -> tuple[Array, Array, list[tuple[int, RecordError]], Any]:
    """The references (stripped), the rows that hold no data, and the reference errors.

    Then the references as the Arrow text they were read as, when that is what they are
    (none needed stripping); else ``None``.

    The reader's row-level checks, in file order: a blank reference, one used before (in
    this batch or an earlier one). Every new reference is remembered in ``seen``. Hashes
    settle the common case (no reference blank or used before) at once; otherwise each
    row is checked in turn, as the reader checks it.
    """
    import pyarrow as pa

    n = batch.n
    raw = batch.text("reference")
    if hasattr(raw, "dictionary"):
        raw = raw.dictionary_decode()
    reference = raw.to_numpy(zero_copy_only=False)
    hashes = text_hashes(raw)
    # Python's own strip() where a reference may need it (it starts or ends oddly).
    length, starts, data = lengths(raw)
    head = data[np.minimum(starts, len(data) - 1)]
    last = data[np.clip(starts + length - 1, 0, len(data) - 1)]
    plain = ((head >= 48) & (last >= 48) & (head < 128) & (last < 128)) | (length == 0)
    blank = length == 0
    odd = np.flatnonzero(~plain)
    if len(odd):
        stripped = [str(name).strip() for name in reference[odd].tolist()]
        reference[odd] = np.asarray(stripped, dtype=object)
        blank[odd] = [not name for name in stripped]
        hashes[odd] = text_hashes(pa.array(stripped, pa.string()))
    # A row with no reference whose cells are all blank or spaces holds no data: the reader
    # passes over it without a word, and so does this.
    skip = np.zeros(n, dtype=bool)
    for row in np.flatnonzero(blank).tolist():
        cells = [column[row].as_py() for column in batch.batch.columns]
        skip[row] = not "".join(cells).strip()
    kept: Any = raw
    numbers, known = batch.rows, hashes
    if len(odd) or skip.any():
        rows = np.flatnonzero(~skip)
        kept, numbers, known = reference[rows].tolist(), batch.rows[rows], hashes[rows]
    order = np.argsort(known)
    ordered = known[order]
    errors: list[tuple[int, RecordError]] = []
    if not (
        (blank & ~skip).any()
        or (ordered[1:] == ordered[:-1]).any()
        or seen.may_hold(ordered, ordered=True)
    ):
        seen.add(kept, numbers, known, order)
        return reference, skip, errors, None if len(odd) else raw
    label = reader._columns.get("reference") if hasattr(reader, "_columns") else None
    local: dict[str, int] = {}
    maybe = seen.maybe(hashes).tolist()
    for at, ref in enumerate(reference.tolist()):
        if skip[at]:
            continue
        if not ref:
            errors.append((at, RecordError(int(batch.rows[at]), None, "reference",
                                          raw[int(at)].as_py(),
                                          "missing; every row needs a complaint reference",
                                          column=label)))  # fmt: skip
            continue
        first = seen.first_row(ref, int(hashes[at])) if maybe[at] else None
        if first is None:
            first = local.setdefault(ref, int(batch.rows[at]))
        if first != batch.rows[at]:
            errors.append((at, RecordError(int(batch.rows[at]), ref, "reference",
                                          raw[int(at)].as_py(),
                                          f"{ref!r} was already used on row {first}; "
                                          "each complaint must appear once",
                                          column=label)))  # fmt: skip
    kept = list(local)
    seen.add(kept, list(local.values()), text_hashes(pa.array(kept, pa.string())))
    return reference, skip, errors, None if len(odd) else raw


def _blanks(cols: Columns) -> None:
    """Every array :func:`columns_of` has not set yet, blank (as :class:`Columns` makes it)."""
    shape = (tuple(sc.extension_slots for sc in cols.stages), cols.remedy_slots)
    template = _TEMPLATES.get(shape)
    if template is None:
        template = _TEMPLATES[shape] = Columns(1, *shape)
    for target, source in ((cols, template), *zip(cols.stages, template.stages, strict=True)):
        for name, value in vars(source).items():
            if isinstance(value, np.ndarray) and len(getattr(target, name)) != cols.n:
                shape = (cols.n, *value.shape[1:])
                setattr(target, name, np.full(shape, value[0], dtype=value.dtype))


# One blank row of each shape of Columns, for _blanks().
_TEMPLATES: dict[tuple[tuple[int, ...], int], Columns] = {}


def _validate(cols: Columns, batch: TextBatch) -> None:
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


def _refusal(cols: Columns, batch: TextBatch) -> None:
    names = REFUSAL
    used = np.logical_or.reduce([batch.filled(x) for x in names])
    decided = batch.days(names[0])
    ground = batch.codes(names[1], GROUND_CODES)
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


def _remedy(cols: Columns, batch: TextBatch) -> None:
    names = REMEDY
    used = np.logical_or.reduce([batch.filled(x) for x in names])
    kind = batch.codes(names[0], KIND_CODES)
    offered = batch.days(names[2])
    due, completed = batch.days(names[3]), batch.days(names[4])
    batch.slow |= used & ((kind < 0) | (offered == NA))
    batch.slow |= used & (due != NA) & (due < offered)
    batch.slow |= used & (completed != NA) & (completed < offered)
    cols.remedy_kind = np.where(used, kind, -1).astype(np.int8)[:, None]
    cols.remedy_description = batch.words(names[1])[:, None]
    cols.remedy_offered = np.where(used, offered, NA)[:, None]
    cols.remedy_due = np.where(used, due, NA)[:, None]
    cols.remedy_completed = np.where(used, completed, NA)[:, None]
    column = batch.text(names[5])
    if column is not None:
        indices, values = dictionary(column)
        amounts = [money(v) for v in values]
        bad = np.asarray([a is False for a in amounts] + [False])
        batch.slow |= used & bad.take(indices)
        # The last entry (None) is the amount of a row without a remedy.
        table = np.asarray([None if a is False else a for a in amounts] + [None], dtype=object)
        cols.remedy_amount = table.take(np.where(used, indices, len(amounts)))[:, None]
