"""Checking a whole CSV export with the columnar engine, for ``complaintcode check``.

:func:`check_file` checks each batch of an export (``_csv.read_columns``)
with :func:`~complaintcode.columnar.check_columns`. :func:`csv_rows` turns a batch's
results into the exact bytes ``check --format csv`` writes for those rows (built on whole
columns with Arrow, quoted as Python's ``csv`` module quotes), and :func:`counts` gives
the figures of the command's summary.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Collection, Iterator
from datetime import date
from typing import Any

import numpy as np

from complaintcode.batch import BatchSummary, Checked
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.cli.output import made_csv
from complaintcode.columnar import RESULT_COLUMNS, check_columns
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._csv import ColumnReader
from complaintcode.columnar._results import CheckResults
from complaintcode.columnar._spellings import lengths
from complaintcode.editions import CodeEdition
from complaintcode.provenance import Provenance
from complaintcode.records import RecordError

__all__ = [
    "check_file",
    "csv_rows",
    "rendered_rows",
    "summary_of",
    "text_rows",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_EXCEL_SAFE = ("reference", "tenure", "category", "findings", "error")
_PER_ROW = RESULT_COLUMNS[: -len(Provenance.COLUMNS)]  # the provenance cells are constant


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


def rendered_rows(
    batches: ColumnReader,
    render: Callable[[CheckResults], str | bytes],
    *,
    jobs: int,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: Any,
    unevidenced: Collection[str] = (),
) -> Iterator[tuple[str | bytes, BatchSummary]]:
    """Each batch of the export checked: its rows as ``render`` writes them, and its figures.

    In file order. With ``jobs`` above 1, a plain CSV file is checked by that many worker
    processes where they can be forked (:mod:`~complaintcode.columnar._parallel`: the same
    text, in the same order); otherwise, and for any other export, in this process.
    """
    from complaintcode.columnar._parallel import can_fork, checked_in_parallel

    if jobs > 1 and batches.plain_path is not None and can_fork():
        arrow_without_pandas()
        check = _Check(calendar, edition, as_of, late_acknowledgement, unevidenced)
        with batches:
            yield from checked_in_parallel(batches, jobs, _Render(check, render))
        return
    for results in check_file(
        batches,
        calendar=calendar,
        edition=edition,
        as_of=as_of,
        late_acknowledgement=late_acknowledgement,
        unevidenced=unevidenced,
    ):
        yield render(results), summary_of(results)


class _Render:
    """Check one batch and render it: what a worker sends back."""

    def __init__(self, check: _Check, render: Callable[[CheckResults], str | bytes]) -> None:
        self.check = check
        self.render = render

    def __call__(self, cols: Columns) -> tuple[str | bytes, BatchSummary]:
        results = self.check(cols)
        return self.render(results), summary_of(results)


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


class _DateText:
    """Every date written so far, as Arrow text: a date column is a look-up, not a cast.

    One table of consecutive days (``first`` on), grown as a batch needs; ``""`` last.
    """

    first = 0
    table: Any = None


_DATES = _DateText()
_DATE_SPAN = 200_000  # days (some 550 years): dates further apart are cast one by one


def _date_text(values: Any) -> Any:
    """A column of ``datetime64[D]`` as ``YYYY-MM-DD`` text, ``""`` for NaT."""
    import pyarrow as pa
    import pyarrow.compute as pc

    days = values.astype("datetime64[D]").view(np.int64)
    known = ~np.isnat(values)
    if not known.any():
        return pc.fill_null(pa.nulls(len(values), pa.string()), "")
    low, high = int(days[known].min()), int(days[known].max())
    dates = _DATES
    if dates.table is not None:
        low = min(low, dates.first)
        high = max(high, dates.first + len(dates.table) - 2)
    if high - low > _DATE_SPAN:
        return pc.fill_null(pc.cast(pa.array(values, pa.date32()), pa.string()), "")
    if dates.table is None or low < dates.first or high > dates.first + len(dates.table) - 2:
        # Arrow writes a date32 as YYYY-MM-DD.
        span = pa.array(np.arange(low, high + 1, dtype=np.int32), pa.date32())
        dates.table = pa.concat_arrays([pc.cast(span, pa.string()), pa.array([""], pa.string())])
        dates.first = low
    return dates.table.take(pa.array(np.where(known, days - dates.first, len(dates.table) - 1)))


def _text(values: Any) -> Any:
    """A column as an Arrow string array with nulls as empty strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.Array):  # the findings: Arrow strings already
        return pc.fill_null(values, "")
    if values.dtype.kind == "M":
        return _date_text(values)
    if values.dtype.kind in "iu":
        return pc.fill_null(pc.cast(pa.array(values, mask=values < 0), pa.string()), "")
    return pc.fill_null(pa.array(values, pa.string()), "")


# The first bytes of a cell that starts a formula: ASCII ones, then the lead byte of the
# full-width ones (each three bytes in UTF-8, read as text where they appear).
_RISKY_BYTE = np.zeros(256, dtype=bool)
_RISKY_BYTE[[ord(c) for c in _FORMULA_START if c.isascii()]] = True
_WIDE_LEAD = 0xEF
_QUOTE_BYTE = np.zeros(256, dtype=bool)
_QUOTE_BYTE[[ord(c) for c in ',"\n\r']] = True


def _cell(column: Any) -> Any:
    """Free text as ``check`` writes it: safe for a spreadsheet, then quoted as needed.

    Quoted as Python's ``csv`` writer quotes: when it holds a comma, a quote or a line
    break. Safe, as :func:`complaintcode.cli.output.excel_safe` makes it: carriage returns become
    line feeds, and a cell whose first character that is not a space starts a formula
    gets an apostrophe in front. Read on the column's bytes; the rare cell that starts with
    a space or a non-ASCII character is looked at as text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    length, start, data = lengths(column)
    if not len(length) or not int(length.sum()):
        return column
    if (_bytes_of(length, start, data) == 13).any():
        column = pc.replace_substring(pc.replace_substring(column, "\r\n", "\n"), "\r", "\n")
        length, start, data = lengths(column)
    filled = length > 0
    head = data[np.minimum(start, len(data) - 1)]
    risky = filled & _RISKY_BYTE[head]
    for row in np.flatnonzero(filled & ((head == 32) | (head == _WIDE_LEAD))).tolist():
        risky[row] = column[row].as_py().lstrip(" ")[:1] in _FORMULA_START
    if risky.any():
        safe = pc.binary_join_element_wise("'", column, "")
        column = pc.if_else(pa.array(risky), safe, column)
        length, start, data = lengths(column)
    hits = np.flatnonzero(_QUOTE_BYTE[_bytes_of(length, start, data)]) + int(start[0])
    if not len(hits):
        return column
    needs = np.zeros(len(length), dtype=bool)
    needs[np.searchsorted(start, hits, side="right") - 1] = True
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
    return pc.if_else(pa.array(needs), quoted, column)


def _bytes_of(length: Any, start: Any, data: Any) -> Any:
    """The bytes of a column's cells, end to end."""
    return data[int(start[0]) : int(start[-1] + length[-1])]


def csv_rows(results: CheckResults) -> bytes:
    """The rows ``check --format csv`` writes for these results, as UTF-8 bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = results.table_columns()
    if not len(results):
        return b""
    # Only free text can need quoting: dates, numbers, words and rule ids never do.
    cells = [
        _cell(_text(columns[name])) if name in _EXCEL_SAFE else _text(columns[name])
        for name in _PER_ROW
    ]
    # What made the results ends every row (one constant, joined on by Arrow), then the
    # line's end.
    made = made_csv(Provenance.of(results.evaluation.calendar)) + "\n"
    joined = pc.binary_join_element_wise(*cells, pa.scalar(made, pa.string()), ",")
    chunks = joined.chunks if hasattr(joined, "chunks") else [joined]
    out = bytearray()
    for chunk in chunks:
        out += memoryview(_bytes_of(*lengths(chunk)))
    return bytes(out)


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
        broken = _count(slot.fires & slot.breach)
        if broken:
            summary.breaches_by_rule[slot.rule] += broken
        advisory = _count(slot.fires) - broken
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
