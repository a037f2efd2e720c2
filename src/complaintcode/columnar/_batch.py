"""Checking a whole CSV export with the columnar engine, for ``complaintcode check``.

:func:`check_file` checks each batch of an export (``_csv.read_columns``)
with :func:`~complaintcode.columnar.check_columns`. :func:`csv_rows` turns a batch's
results into the exact bytes ``check --format csv`` writes for those rows (built on whole
columns with Arrow, quoted as Python's ``csv`` module quotes), and :func:`counts` gives
the figures of the command's summary.
"""

from __future__ import annotations

import csv
import functools
import gc
import io
import sys
from collections.abc import Callable, Collection, Iterator
from datetime import date
from typing import Any

import numpy as np

from complaintcode.batch import BatchSummary, Checked
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.cli.output import excel_safe, made_csv
from complaintcode.columnar import check_columns
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._csv import ColumnReader
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._results import (
    OUTCOME_WORDS,
    RESULT_WORDS,
    STATUS_WORDS,
    CheckResults,
    StageCodes,
    TableCodes,
)
from complaintcode.columnar._spellings import lengths
from complaintcode.editions import CodeEdition
from complaintcode.provenance import Provenance
from complaintcode.records import RecordError

__all__ = [
    "Rows",
    "check_file",
    "csv_rows",
    "rendered_rows",
    "summary_of",
    "text_rows",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def check_file(
    batches: ColumnReader,
    *,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: Any,
    unevidenced: Collection[str] = (),
) -> Iterator[CheckResults]:
    """Each batch of the export, checked, in file order.

    ``batches`` is the open export (:func:`~complaintcode.columnar._csv.read_columns`);
    ``unevidenced`` names rules whose findings are left out, as
    :attr:`complaintcode.batch.Batch.not_evidenced` (the rules the export cannot evidence).
    """
    arrow_without_pandas()
    # A batch's results hold no reference cycle, so they go as soon as the next batch
    # replaces them. What was there before the run is frozen out of the collector's sight,
    # so its automatic collections look only at what the run makes.
    gc.freeze()
    check = _Check(calendar, edition, as_of, late_acknowledgement, unevidenced)
    with batches:
        for cols in batches:
            yield check(cols)


class _Check:
    """Check one batch of columns with the run's options."""

    def __init__(
        self,
        calendar: WorkingDayCalendar,
        edition: CodeEdition | None,
        as_of: date | None,
        late_acknowledgement: Any,
        unevidenced: Collection[str],
    ) -> None:
        self.options = {
            "calendar": calendar,
            "edition": edition,
            "as_of": as_of,
            "late_acknowledgement": late_acknowledgement,
        }
        self.unevidenced = unevidenced

    def __call__(self, cols: Columns) -> CheckResults:
        results = check_columns(cols, **self.options)
        if self.unevidenced:
            results.evaluation.leave_out(self.unevidenced)
        return results


Rows = str | bytes | memoryview
"""A batch's rows as written: text, or UTF-8 bytes (CSV)."""


def rendered_rows(
    batches: ColumnReader,
    render: Callable[[CheckResults], Rows],
    *,
    jobs: int,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: Any,
    unevidenced: Collection[str] = (),
) -> Iterator[tuple[Callable[[], Rows], BatchSummary]]:
    """Each batch of the export checked: its rows as ``render`` writes them, and its figures.

    In file order. The rows come as a function that renders them when called, so that
    they can be rendered (and written) while the next batch is read and checked. With
    ``jobs`` above 1, a plain CSV file is checked and rendered by that many worker
    processes where they can be forked (:mod:`~complaintcode.columnar._parallel`: the same
    text, in the same order); otherwise, and for any other export, in this process.
    """
    if jobs > 1 and batches.plain_path is not None and _can_fork():
        from complaintcode.columnar._parallel import checked_in_parallel

        arrow_without_pandas()
        check = _Check(calendar, edition, as_of, late_acknowledgement, unevidenced)
        with batches:
            for text, summary in checked_in_parallel(batches, jobs, _Render(check, render)):
                yield functools.partial(_rendered, text), summary
        return
    for results in check_file(
        batches,
        calendar=calendar,
        edition=edition,
        as_of=as_of,
        late_acknowledgement=late_acknowledgement,
        unevidenced=unevidenced,
    ):
        yield functools.partial(render, results), summary_of(results)


def _can_fork() -> bool:
    # Imported only when asked for workers: one process does without multiprocessing.
    from complaintcode.columnar._parallel import can_fork

    return can_fork()


def _rendered(text: Rows) -> Rows:
    return text


class _Render:
    """Check one batch and render it: what a worker sends back (bytes, not a view)."""

    def __init__(self, check: _Check, render: Callable[[CheckResults], Rows]) -> None:
        self.check = check
        self.render = render

    def __call__(self, cols: Columns) -> tuple[str | bytes, BatchSummary]:
        results = self.check(cols)
        text = self.render(results)
        return bytes(text) if isinstance(text, memoryview) else text, summary_of(results)


class _NoPandas:
    """An import finder that says pandas is not there."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not needed here")


def arrow_without_pandas() -> None:
    """Make Arrow ready for the command line: no pandas, memory handed back.

    Saves loading pandas where no pandas object can come (the command line).

    pyarrow imports pandas the first time it builds an array from Python or numpy values,
    to recognise pandas objects: most of a second and some 50 MB before the first row. It
    tries once; told now that pandas is absent, it goes on without it (and still imports
    it if asked for a pandas object later).
    """
    import pyarrow as pa

    # Arrow's own allocator keeps what it frees for later, some 30 to 100 MB more at the
    # peak of a run; the C library's hands it back.
    pa.set_memory_pool(pa.system_memory_pool())
    if "pandas" in sys.modules:
        return

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


class _DayText:
    """Every day written so far, as Arrow text: a date column is a look-up, not a cast.

    One table of consecutive days from ``first`` on, grown as a batch needs, in both
    forms a row needs (``YYYY-MM-DD`` and ``YYYY-MM-DD,``), each with its blank last.
    """

    def __init__(self) -> None:
        self.first = 0
        self.tables: tuple[Any, Any] | None = None

    def cover(self, low: int, high: int) -> bool:
        """Make the table hold the days from ``low`` to ``high``; false when too far apart."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.tables is not None:
            low = min(low, self.first)
            high = max(high, self.first + len(self.tables[0]) - 2)
            if low == self.first and high == self.first + len(self.tables[0]) - 2:
                return True
        if high - low > _DATE_SPAN:
            return False
        # Arrow writes a date32 (days from 1970) as YYYY-MM-DD.
        span = pa.array(np.arange(low - _EPOCH, high + 1 - _EPOCH, dtype=np.int32), pa.date32())
        text = pc.cast(span, pa.string())
        with_comma = pc.binary_join_element_wise(text, ",", "")
        self.tables = (
            pa.concat_arrays([text, pa.array([""], pa.string())]),
            pa.concat_arrays([with_comma, pa.array([","], pa.string())]),
        )
        self.first = low
        return True


_DAYS = _DayText()
_DATE_SPAN = 200_000  # days (some 550 years): dates further apart are cast one by one
_EPOCH = date(1970, 1, 1).toordinal()


def _day_cells(columns: list[Array], comma: list[bool]) -> list[Any]:
    """Columns of day ordinals (``NA``: blank) as ``YYYY-MM-DD`` text.

    Each with a comma after where ``comma`` says so (a blank is then the comma alone).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    low, high = _span(columns)
    if low > high or _DAYS.cover(low, high):
        first = _DAYS.first
        plain, with_comma = _DAYS.tables or _blank_days()
        blank = len(plain) - 1
        # A blank (NA, beyond every day) goes to the blank at the end.
        return [
            (with_comma if after else plain).take(np.minimum(days - first, blank))
            for days, after in zip(columns, comma, strict=True)
        ]
    out = []
    for days, after in zip(columns, comma, strict=True):
        there = days != NA
        since = np.where(there, days - _EPOCH, 0).astype(np.int32)
        text = pc.cast(pa.array(since, pa.date32(), mask=~there), pa.string())
        if after:
            text = pc.binary_join_element_wise(text, ",", "")
        out.append(pc.fill_null(text, "," if after else ""))
    return out


def _span(columns: list[Array]) -> tuple[int, int]:
    """The first and the last day in the columns (``NA`` and ``-1`` when none is there)."""
    blank = int(NA)
    low, high = blank, -1
    for days in columns:
        if not len(days):
            continue
        low = min(low, int(days.min()))
        # NA is beyond every day: counted down from it, as unsigned, NA is the largest.
        nearest = int((blank - 1 - days.astype(np.int64, copy=False)).view(np.uint64).min())
        if nearest < blank:
            high = max(high, blank - 1 - nearest)
    return low, high


def _blank_days() -> tuple[Any, Any]:
    import pyarrow as pa

    return pa.array([""], pa.string()), pa.array([","], pa.string())


# The first bytes of a cell that starts a formula: ASCII ones, then the lead byte of the
# full-width ones (each three bytes in UTF-8, read as text where they appear).
_RISKY_BYTE = np.zeros(256, dtype=bool)
_RISKY_BYTE[[ord(c) for c in _FORMULA_START if c.isascii()]] = True
_WIDE_LEAD = 0xEF
_LOOKED_AT = _RISKY_BYTE.copy()  # a first byte that calls for a closer look: or a space
_LOOKED_AT[[32, _WIDE_LEAD]] = True


class _FreeText:
    """A column of free text taken apart for a CSV row: safe for a spreadsheet, quoted.

    Safe as :func:`complaintcode.cli.output.excel_safe` makes it: carriage returns become
    line feeds, and a cell whose first character that is not a space starts a formula gets
    an apostrophe in front. Quoted as Python's ``csv`` writer quotes: when it holds a
    comma, a quote or a line break, with its quotes doubled. ``text`` is the cell's text
    with line feeds and doubled quotes; ``opening`` says, row by row, what goes before it
    (0 nothing, 1 ``"``, 2 ``'``, 3 ``"'``) and a quoted cell ends with ``"``; both are
    ``None`` when no row needs them. Read on the column's bytes; the rare cell that starts
    with a space or a non-ASCII character is looked at as text. Given ``quoted`` (the rows
    to quote), the column is taken as made ready already: no carriage return, its quotes
    doubled.
    """

    def __init__(self, column: Any, quoted: Array | None = None) -> None:
        import pyarrow.compute as pc

        if column.null_count:
            column = pc.fill_null(column, "")
        self.text = column
        self.opening: Array | None = None
        self.quoted: Array | None = None
        length, start, data = lengths(column)
        if not len(length):
            return
        if quoted is None:
            # Most columns hold none of the bytes that matter: looked for in a copy, at
            # the speed of memchr, before any pass over the bytes one by one.
            raw = _bytes_of(length, start, data).tobytes()
            if 13 in raw:
                column = pc.replace_substring(
                    pc.replace_substring(column, "\r\n", "\n"), "\r", "\n"
                )
                length, start, data = lengths(column)
                raw = _bytes_of(length, start, data).tobytes()
        head = data[np.minimum(start, len(data) - 1)]
        risky = np.zeros(len(length), dtype=bool)
        if _LOOKED_AT[head].any():
            filled = length > 0
            risky = filled & _RISKY_BYTE[head]
            for row in np.flatnonzero(filled & ((head == 32) | (head == _WIDE_LEAD))).tolist():
                risky[row] = column[row].as_py().lstrip(" ")[:1] in _FORMULA_START
        if quoted is None:
            quoted = np.zeros(len(length), dtype=bool)
            if 44 in raw or 10 in raw or 34 in raw:
                cells = _bytes_of(length, start, data)
                quote = cells == 34
                hits = np.flatnonzero((cells == 44) | (cells == 10) | quote)
                if quote.any():
                    column = pc.replace_substring(column, '"', '""')
                quoted[np.searchsorted(start, hits + int(start[0]), side="right") - 1] = True
            self.text = column
        if not quoted.any() and not risky.any():
            return
        self.quoted = quoted
        self.opening = quoted + 2 * risky

    def cell(self) -> Any:
        """The column as cells of the CSV text, each whole."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.opening is None or self.quoted is None:
            return self.text
        before = _texts(_OPENINGS).take(self.opening)
        after = pc.if_else(pa.array(self.quoted), '"', "")
        return pc.binary_join_element_wise(before, self.text, after, "")


_OPENINGS = ("", '"', "'", "\"'")  # by _FreeText.opening


def _bytes_of(length: Array, start: Array, data: Array) -> Array:
    """The bytes of a column's cells, end to end."""
    return data[int(start[0]) : int(start[-1] + length[-1])]


def _cell(column: Any) -> Any:
    """Free text as ``check`` writes it: safe for a spreadsheet, then quoted as needed."""
    return _FreeText(column).cell()


def _python_cell(value: object) -> str:
    """One free-text cell as ``check`` writes it, by Python's ``csv`` writer."""
    text = excel_safe(value)
    if not text:
        return ""
    out = io.StringIO()
    # As in a row: the writer quotes a line break only when the line's end has one.
    csv.writer(out, lineterminator="\n").writerow([text])
    return out.getvalue()[:-1]


@functools.lru_cache(maxsize=64)
def _texts(texts: tuple[str, ...]) -> Any:
    """Texts as an Arrow array, for a look-up by code."""
    import pyarrow as pa

    return pa.array(texts, pa.string())


@functools.lru_cache(maxsize=16)
def _verdicts(editions: tuple[str, ...], most: int) -> Any:
    """``,result,edition,breaches,advisories,`` by code (see :func:`_verdict_codes`)."""
    import pyarrow as pa

    numbers = [*map(str, range(most)), ""]
    return pa.array(
        [
            f",{result},{edition},{breaches},{advisories},"
            for result in RESULT_WORDS
            for edition in (*editions, "")
            for breaches in numbers
            for advisories in numbers
        ],
        pa.string(),
    )


def _verdict_codes(codes: TableCodes) -> tuple[Array, int]:
    """Each row's code in :func:`_verdicts`, and the ``most`` it needs (a power of two)."""
    most = 1 << (max(int(codes.breaches.max()), int(codes.advisories.max())) + 1).bit_length()
    editions = len(codes.editions) + 1
    code = codes.result * editions + _coded(codes.edition, editions - 1)
    code = code * (most + 1) + _coded(codes.breaches, most)
    return code * (most + 1) + _coded(codes.advisories, most), most


@functools.lru_cache(maxsize=16)
def _outcomes_and_statuses() -> Any:
    """``outcome,status,`` for each outcome and status (``-1``: blank), by code."""
    import pyarrow as pa

    return pa.array(
        [f"{o},{s}," for o in (*OUTCOME_WORDS, "") for s in (*STATUS_WORDS, "")], pa.string()
    )


def _coded(codes: Array, vocabulary: int) -> Array:
    """Codes with ``-1`` (blank) moved to ``vocabulary``, the blank's place at the end."""
    return np.where(codes < 0, vocabulary, codes)


_FIXED = ("", ",", ",,,,,,", ",,,,,,,")
"""The texts every gather starts with: a blank, a comma, a stage's blank cells after
stage 1's last (the comma before each), then stage 2's (with the comma after stage 1)."""
_BLANK, _COMMA, _NO_STAGE, _NO_LATER = range(len(_FIXED))


class _Gather:
    """A batch's CSV rows as one gather: tables of texts, and each row's cells as indices.

    The tables are laid end to end, :data:`_FIXED` first; a cell is a column of indices
    into them (or one index for every row). One Arrow ``take`` of every row's cells, row
    after row, gives the rows' bytes end to end, with no join and no copy after.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.tables: list[Any] = [_texts(_FIXED)]
        self.size = len(_FIXED)
        self.cells: list[Array | int] = []

    def table(self, table: Any) -> int:
        """Lay ``table`` after the others: the index of its first text."""
        first = self.size
        self.tables.append(table)
        self.size += len(table)
        return first

    def column(self, column: Any) -> None:
        """A cell that is a column of the batch's texts (one per row)."""
        first = self.table(column)
        self.cells.append(np.arange(first, first + self.n))

    def rows(self) -> Any:
        """Every row's cells, row after row, as one Arrow string array."""
        import pyarrow as pa

        matrix = np.empty((self.n, len(self.cells)), dtype=np.int32)
        for place, cell in enumerate(self.cells):
            matrix[:, place] = cell
        return pa.concat_arrays(self.tables).take(matrix.ravel())


class _Days:
    """The days of a batch for a gather: each day's index, bare or with a comma after.

    From the table of days written so far (:data:`_DAYS`), the part the batch needs;
    days further apart are written column by column (:func:`_day_cells`).
    """

    def __init__(self, gather: _Gather, columns: list[Array]) -> None:
        self.gather = gather
        low, high = _span(columns)
        self.spread = low <= high and not _DAYS.cover(low, high)
        # A day's index is the day moved by ``shift``; a blank (NA, beyond every day) is
        # held to the blank after the days.
        self.shift = (0, 0)
        self.blank = (_BLANK, _COMMA)
        if low <= high and not self.spread:
            plain, with_comma = _DAYS.tables or _blank_days()
            start, size = low - _DAYS.first, high - low + 1
            first = gather.table(plain.slice(start, size))
            blank = gather.table(_texts(("",)))
            first_comma = gather.table(with_comma.slice(start, size))
            blank_comma = gather.table(_texts((",",)))
            self.shift = (first - low, first_comma - low)
            self.blank = (blank, blank_comma)

    def cell(self, days: Array, comma: bool) -> Array:
        """The indices of ``days`` (``NA``: blank), each with a comma after where ``comma``."""
        if self.spread:
            first = self.gather.table(_day_cells([days], [comma])[0])
            return np.arange(first, first + len(days))
        return np.minimum(days + self.shift[comma], self.blank[comma])


def _stage_cells(days: _Days, stage: StageCodes, outcomes: int, last_comma: bool) -> list[Array]:
    """A stage's cells for the gather, each with the comma after it (the last: if asked)."""
    received, responded, acknowledge_by, respond_by, final = stage.days
    statuses = len(STATUS_WORDS) + 1
    pairs = _coded(stage.outcome, len(OUTCOME_WORDS)).astype(np.int64) * statuses
    pairs += _coded(stage.status, len(STATUS_WORDS))
    return [days.cell(received, True), days.cell(responded, True), pairs + outcomes,
            days.cell(acknowledge_by, True), days.cell(respond_by, True),
            days.cell(final, last_comma)]  # fmt: skip


@functools.lru_cache(maxsize=16)
def _heads(tenures: tuple[str | None, ...], categories: tuple[str | None, ...]) -> Any:
    """``,tenure,category,`` and what opens the findings' cell, by code (see csv_rows)."""
    import pyarrow as pa

    tenure_cells = [_python_cell(t) for t in (*tenures, "")]
    category_cells = [_python_cell(c) for c in (*categories, "")]
    return pa.array(
        [f",{t},{c},{o}" for t in tenure_cells for c in category_cells for o in _OPENINGS],
        pa.string(),
    )


_MOST_HEADS = 4096  # tenures and categories making more heads than this go cell by cell


def _words(
    values: Array, ok: Array, coded: tuple[Array, list[str | None]] | None
) -> tuple[Array, list[str | None]]:
    """Free text by code (``None`` or a row not judged: the last code), and its words.

    From the reader's codes where it kept them (the rare row it read otherwise looked up
    by its word), else encoded here.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if coded is None:
        encoded = pc.dictionary_encode(pa.array(values, pa.string()))
        words: list[str | None] = encoded.dictionary.to_pylist()
        codes = pc.fill_null(encoded.indices, len(words)).to_numpy()
        return np.where(ok, codes, len(words)), words
    codes, words = coded
    apart = np.flatnonzero(ok & (codes < 0)).tolist()
    if apart:
        codes, words = codes.copy(), list(words)
        found = {word: code for code, word in enumerate(words)}
        for row in apart:
            codes[row] = found.setdefault(values[row], len(words))
            if codes[row] == len(words):
                words.append(values[row])
    return np.where(ok, codes, len(words)), words


def csv_rows(results: CheckResults) -> memoryview:
    """The rows ``check --format csv`` writes for these results, as UTF-8 bytes.

    One gather (:class:`_Gather`) of every row's cells, the commas in them: most are
    looked up by code in short tables of text made ready (a result and edition with the
    counts, a stage's outcome and status, a tenure and category), the dates in the table
    of days. The free text of the findings is gathered as it is: what opens and closes
    its cell when it is quoted goes with the cells before and after it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(results)
    if not n:
        return memoryview(b"")
    codes = results.table_codes()
    gather = _Gather(n)
    cells = gather.cells
    rows = codes.row
    gather.column(pc.cast(pa.array(rows), pa.string()))
    if (rows < 0).any():  # no row number
        cells[-1] = np.where(rows < 0, _BLANK, cells[-1])
    cells.append(_COMMA)
    gather.column(
        _cell(
            pa.array(codes.reference, pa.string())
            if codes.reference_text is None
            else codes.reference_text
        )
    )
    verdicts, most = _verdict_codes(codes)
    cells.append(gather.table(_verdicts(codes.editions, most)) + verdicts)
    rules = _texts(tuple(f"{rules}," for rules in codes.rule_sets))
    cells.append(codes.rules + gather.table(rules))
    stages = codes.stages[:2]
    if len(stages) > 1 and not stages[1].shown.any():
        stages = stages[:1]
    days = _Days(gather, [days for stage in stages for days in stage.days])
    outcomes = gather.table(_outcomes_and_statuses()) if stages else 0
    for number, stage in enumerate(stages, 1):
        # Stage 1's last cell takes the comma before stage 2's cells where they follow.
        cells += _stage_cells(days, stage, outcomes, number < len(stages))
    if not stages:
        cells.append(_NO_STAGE)
    if len(stages) < 2:
        cells.append(_NO_LATER)
    findings = _FreeText(*results._quoted_messages())
    tenure, tenures = _words(codes.tenure, codes.ok, codes.word_codes.get("tenure"))
    category, categories = _words(codes.category, codes.ok, codes.word_codes.get("category"))
    # The tenure's and category's cells carry the commas and what opens the findings' cell.
    opening = findings.opening if findings.opening is not None else 0
    kinds = len(categories) + 1
    if (len(tenures) + 1) * kinds * len(_OPENINGS) <= _MOST_HEADS:
        head = (tenure.astype(np.int64) * kinds + category) * len(_OPENINGS) + opening
        cells.append(gather.table(_heads(tuple(tenures), tuple(categories))) + head)
    else:
        tenure_cells = _texts(tuple(f",{_python_cell(t)}" for t in (*tenures, "")))
        cells.append(gather.table(tenure_cells) + tenure)
        heads = [f",{_python_cell(c)},{o}" for c in (*categories, "") for o in _OPENINGS]
        heads_at = gather.table(_texts(tuple(heads)))
        cells.append(category.astype(np.int64) * len(_OPENINGS) + opening + heads_at)
    gather.column(findings.text)
    # Then what closes the findings' cell, the error, what made the results, the line's end.
    made = made_csv(Provenance.of(results.evaluation.calendar))
    errors = (*(_python_cell(error) for _, error in codes.errors), "")
    error = np.full(n, len(errors) - 1, dtype=np.int64)
    error[[row for row, _ in codes.errors]] = np.arange(len(errors) - 1)
    closing = findings.quoted if findings.quoted is not None else 0
    ends = [f"{q},{e},{made}\n" for q in ("", '"') for e in errors]
    cells.append(gather.table(_texts(tuple(ends))) + closing * len(errors) + error)
    joined = gather.rows()
    return memoryview(_bytes_of(*lengths(joined)))


def _count(mask: Any) -> int:
    return int(np.count_nonzero(mask))


def summary_of(results: CheckResults) -> BatchSummary:
    """The figures of ``check``'s summary for these results, counted on whole columns."""
    summary = BatchSummary()
    ev = results.evaluation
    ok = ev.ok
    breaches = ev.breaches
    some = ev.findings_count > 0
    summary.checked = _count(ok)
    summary.with_breaches = _count(ok & (breaches > 0))
    summary.advisory_only = _count(ok & some & (breaches == 0))
    quiet = ok & ~some
    if ev.as_of is not None:
        # Received after as_of: nothing seen yet, so nothing to judge.
        unseen = quiet & (ev.seen_stages == 0)
        summary.not_received = _count(unseen)
        quiet &= ~unseen
    summary.compliant = _count(quiet)
    per_edition = np.bincount(ev.ed[ok], minlength=len(ev.editions)).tolist()
    for edition, number in zip(ev.editions, per_edition, strict=True):
        if number:
            summary.by_edition[edition.name] += number
    for slot in ev.firing:
        fired, broken = slot.counts
        if broken:
            summary.breaches_by_rule[slot.rule] += broken
        advisory = fired - broken
        if advisory:
            summary.advisories_by_rule[slot.rule] += advisory
    cols = results.columns
    for row in np.flatnonzero(ev.failed).tolist():
        summary.add(Checked(int(cols.row[row]), _rejection(results, row)))
    if cols.lines is not None:
        summary.rows = cols.lines
    return summary


def _rejection(results: CheckResults, row: int) -> RecordError:
    """Why a failed row was rejected: the reader's error, or the engine's (worded so)."""
    cols = results.columns
    error = cols.error[row]
    if isinstance(error, RecordError):
        return error
    reason = results.error(row) or ""
    return RecordError(int(cols.row[row]), str(cols.reference[row]), None, None, reason)


def text_rows(results: CheckResults, quiet: bool) -> str:
    """The lines ``check`` writes in text format for these results.

    As :class:`~complaintcode.cli.output.CaseLines` writes them: a case's reference,
    edition and verdict, then its findings; ``rejected:`` and the error for a rejected
    row; with ``quiet``, no line for a case without findings.
    """
    ev = results.evaluation
    cols = results.columns
    labels = [edition.label for edition in ev.editions]
    unseen = ev.seen_stages == 0 if ev.as_of is not None else np.zeros(len(results), bool)
    verdicts = np.where(
        ev.failed,
        0,
        np.where(ev.breaches > 0, 1, np.where(ev.findings_count > 0, 2, np.where(unseen, 3, 4))),
    )
    words = ["", "", "advisory findings only", "not yet received at the --as-of date", "compliant"]
    out: list[str] = []
    for i, verdict in enumerate(verdicts.tolist()):
        if verdict == 0:
            out.append(f"rejected: {_rejection(results, i)}\n")
            continue
        if verdict >= 3 and quiet:
            continue
        if verdict == 1:
            count = int(ev.breaches[i])
            word = f"{count} {'breach' if count == 1 else 'breaches'}"
        else:
            word = words[verdict]
        out.append(f"{cols.reference[i]}  {labels[int(ev.ed[i])]}  {word}\n")
        if verdict < 3:
            out.extend(f"    {finding}\n" for finding in results.findings(i))
    return "".join(out)
