"""Reading an export into columns, batch by batch, with the reader as the authority.

Role: the file side of the columnar engine. :func:`read_columns` takes every export the
reader of ``complaintcode check`` takes, with the same options, and yields its rows as
:class:`~complaintcode.columnar._columns.Columns` in file order, in batches of bounded
size. A plain UTF-8 CSV file (one row per complaint, no option that changes what a cell
means but the date format) is read in blocks, each parsed by Arrow's CSV parser into a
batch of text (each column but the reference dictionary-encoded as it is parsed, so that
a column is read on its distinct cells) and read on whole columns
(:mod:`~complaintcode.columnar._assemble`): any row outside the canonical spelling is
handed, as its cells, to the reader. Everything else (a workbook, another encoding, a
one-row-per-stage export, separate extension or remedy files, vocabularies, empty-value
words, a header row further down) is read row by the reader itself and turned into
columns: so a file means the same whichever path reads it, and nothing is refused.

When Arrow meets something it cannot split as the reader would (a row with the wrong
number of cells, a blank line, a line break inside a quoted cell, a NUL, a cell longer
than the reader allows, text that is not UTF-8) the rest of the file, from the start of
that batch, is read by the reader.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Collection, Generator, Iterator, Mapping
from typing import IO, Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._assemble import References, columns_of
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._spellings import TextBatch, lengths
from complaintcode.records import CaseReader, ColumnMap, InvalidRecords, read_cases
from complaintcode.records.tables import CELL_LIMIT, CsvTable

__all__ = [
    "ROWS_PER_BATCH",
    "ColumnReader",
    "blank_columns",
    "block_columns",
    "fast_path_applies",
    "parse_block",
    "read_columns",
]

ROWS_PER_BATCH = 16_384
"""How many rows a batch read by the reader holds (Arrow's are blocks of 6 MB of text)."""

# Reading options that leave a UTF-8 CSV file's cells meaning what they always mean.
_PLAIN_READING: dict[str, tuple[Any, ...]] = {
    "layout": (None, "complaints"),
    "header_row": (None, 1),
    "encoding": (None, "utf-8", "utf8", "utf-8-sig", "UTF-8", "UTF8", "UTF-8-SIG"),
    "sheet": (None,),
    "extensions": (None,),
    "remedies": (None,),
    "empty_values": (None,),
}


def fast_path_applies(columns: ColumnMap | None, date_format: str | None) -> bool:
    """Whether the canonical spellings mean what they always mean for this column map.

    Only renames, attributes, ignored columns and the date format are understood here; any
    other setting (a vocabulary, empty-value words) leaves every row to the reader.
    """
    if date_format not in (None, "iso", "dd/mm/yyyy"):
        return False
    if columns is None:
        return True
    import attrs

    plain = ColumnMap(
        columns.columns,
        attributes=columns.attributes,
        ignore=columns.ignore,
        date_format=columns.date_format,
        delimiter=columns.delimiter,  # Arrow splits at the reader's delimiter
    )
    return all(
        getattr(columns, field.name) == getattr(plain, field.name)
        for field in attrs.fields(type(columns))
        if field.name != "path"
    )


def _plain(
    source: object,
    reader: CaseReader,
    columns: ColumnMap | None,
    date_format: str | None,
    reading: Mapping[str, Any],
) -> bool:
    """Whether Arrow may cut this export into batches of text (see the module docstring)."""
    return (
        isinstance(source, str | os.PathLike)
        and all(
            value in _PLAIN_READING.get(name, (None,))
            for name, value in reading.items()
            if name != "delimiter"  # any: Arrow splits at the reader's
        )
        and fast_path_applies(columns, date_format)
        and isinstance(reader._table, CsvTable)
        and reader.layout == "complaints"
        and not reader._assembled
        and reader.header_row == 1
    )


class ColumnReader(Iterator[Columns]):
    """The iterator :func:`read_columns` returns: the export's rows as columns, batch by batch.

    The export is opened (and its header checked) when the reader is made; ``absent_fields``
    is then known, as :attr:`complaintcode.records.CaseReader.absent_fields`. Use it as a
    context manager to close the file early.
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | IO[str],
        columns: ColumnMap | None,
        date_format: str | None,
        reading: Mapping[str, Any],
        calendar: WorkingDayCalendar,
        block_bytes: int,
    ) -> None:
        self._source = source
        self._options = (columns, date_format, reading)
        self._reader = self._open()
        self.absent_fields = self._reader.absent_fields
        self._calendar = calendar
        plain = _plain(source, self._reader, columns, date_format, reading)
        self._plain_path = source if plain and isinstance(source, str | os.PathLike) else None
        self._block = block_bytes
        self._batches = self._generate(source if plain else None, block_bytes)

    def _open(self) -> CaseReader:
        columns, date_format, reading = self._options
        return read_cases(self._source, columns=columns, date_format=date_format, **reading)

    def _generate(
        self, path: str | os.PathLike[str] | IO[str] | None, block_bytes: int
    ) -> Iterator[Columns]:
        with self._reader as reader:
            if path is None or not isinstance(path, str | os.PathLike):
                yield from _by_reader(reader, self._calendar, 0)
                return
            first_row = yield from _by_arrow(path, reader, self._calendar, block_bytes)
        if first_row is not None:
            yield from self.from_row(first_row)

    @property
    def plain_path(self) -> str | os.PathLike[str] | None:
        """The file, when Arrow cuts it into blocks (see the module docstring); else ``None``."""
        return self._plain_path

    @property
    def calendar(self) -> WorkingDayCalendar:
        """The calendar the columns are read with (a receipt's cut-off)."""
        return self._calendar

    @property
    def case_reader(self) -> CaseReader:
        """The reader of the export, open: it reads every row Arrow's columns cannot vouch for."""
        return self._reader

    def from_row(self, first_row: int) -> Iterator[Columns]:
        """The rows from ``first_row`` on, read by the reader (opened again)."""
        with self._open() as again:
            yield from _by_reader(again, self._calendar, first_row)

    def from_offset(self, start: int, first_row: int, seen: References) -> Iterator[Columns]:
        """The rows from byte ``start`` on (row ``first_row``, a line's start past the header).

        As the whole file is read from there: ``seen`` holds every reference of the rows
        before; a part Arrow cannot cut goes to the reader, to the end.
        """
        assert self._plain_path is not None
        rest = yield from _by_arrow(
            self._plain_path, self._reader, self._calendar, self._block, start, first_row, seen
        )
        if rest is not None:
            yield from self.from_row(rest)

    def __next__(self) -> Columns:
        return next(self._batches)

    def close(self) -> None:
        """Stop reading and close the file."""
        self._batches.close()  # type: ignore[attr-defined]
        self._reader.close()

    def __enter__(self) -> ColumnReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_columns(
    source: str | os.PathLike[str] | IO[str],
    *,
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    reading: Mapping[str, Any] | None = None,
    block_bytes: int = 6 << 20,
) -> ColumnReader:
    """The export's rows as :class:`Columns`, batch by batch, in file order.

    ``source``, ``columns``, ``date_format`` and ``reading`` (the further options of
    :func:`~complaintcode.records.read_cases`) are as for ``read_cases``. A plain CSV file
    is read in blocks of about ``block_bytes`` (6 MB: some 26,000 rows of a typical
    export), one batch each, parsed by Arrow.

    Raises:
        InvalidRecords: at once, for a file the reader cannot use at all (as ``read_cases``).
    """
    return ColumnReader(source, columns, date_format, dict(reading or {}), calendar, block_bytes)


def _blocks(
    path: str | os.PathLike[str], size: int, start: int = 0
) -> Iterator[tuple[int, bytes | memoryview]]:
    """(offset, bytes) of the file's blocks from byte ``start``, each ending a line.

    Blocks of about ``size`` bytes (a longer line makes a longer block; the last block
    ends where the file does). Each block is a view of what was read, not a copy: the
    next read starts after the block's last line end.
    """
    with open(path, "rb") as handle:
        handle.seek(start)
        offset = start
        while True:
            data = handle.read(size)
            if len(data) < size:  # the rest of the file
                if data:
                    yield offset, data
                return
            cut = data.rfind(b"\n") + 1
            while not cut:  # a line longer than a block: on to its end
                more = handle.read(size)
                if not more:
                    yield offset, data
                    return
                found = more.rfind(b"\n") + 1
                data += more
                cut = len(data) - len(more) + found if found else 0
            yield offset, memoryview(data)[:cut]
            offset += cut
            handle.seek(offset)


def parse_block(
    data: bytes | memoryview,
    width: int,
    header: bool,
    delimiter: str = ",",
    text: Collection[int] = (),
    blank: Collection[int] = (),
) -> Any:
    """A block parsed by Arrow, all cells text (``None``: not as the reader splits it).

    ``header`` says the block starts with the header row (which is left out); cells are
    split at ``delimiter`` (the reader's). The columns at the positions in ``text`` are
    plain text; every other column is dictionary-encoded by Arrow as it parses (its
    distinct cells, and a code for each row), so that a column is read on its distinct
    cells, each once.

    The columns at the positions in ``blank`` are expected to hold nothing: Arrow only
    checks that each of their cells is empty, which costs less than encoding it, and the
    column is then made as Arrow would have encoded it (one distinct cell, ``""``). Where
    one of them holds anything, the block is parsed again without the expectation.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Text that is not UTF-8 by Python's own decoder (the reader's) goes to the reader;
    # checked here at once for the block, so Arrow need not check each cell again. Bytes
    # read all ASCII (the block, or all that was read with it) are UTF-8 without decoding.
    read = data.obj if isinstance(data, memoryview) else data
    if not (isinstance(read, bytes) and read.isascii()):
        try:
            str(data, "utf-8")
        except UnicodeDecodeError:
            return None
    names = [f"c{i}" for i in range(width)]
    coded = pa.dictionary(pa.int32(), pa.string())
    types = {name: pa.string() if i in text else coded for i, name in enumerate(names)}
    empty = [names[i] for i in blank if i < width and i not in text]
    if empty:
        # Only an unquoted empty cell is Arrow's null here: any other cell, even a quoted
        # empty one or a space, fails the conversion, and the block is parsed in full.
        guessed = pacsv.ConvertOptions(
            column_types={**types, **dict.fromkeys(empty, pa.null())},
            null_values=[""],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,
        )
        table = _parsed(data, names, header, delimiter, guessed)
        if table is not None:
            nothing = pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(table.num_rows, dtype=np.int32)), pa.array([""], pa.string())
            )
            for name in empty:
                at = names.index(name)
                table = table.set_column(at, name, nothing)
            return table
    convert = pacsv.ConvertOptions(
        column_types=types,
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        check_utf8=False,
    )
    return _parsed(data, names, header, delimiter, convert)


def _parsed(
    data: bytes | memoryview, names: list[str], header: bool, delimiter: str, convert: Any
) -> Any:
    """:func:`parse_block`'s one parse with these conversions (``None``: it failed)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid: list[object] = []

    def skip(row: object) -> str:
        invalid.append(row)
        return "skip"

    options = pacsv.ReadOptions(
        skip_rows=1 if header else 0,
        column_names=names,
        block_size=len(data) + 1,
        use_threads=False,
    )
    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        newlines_in_values=False,
        ignore_empty_lines=False,
        invalid_row_handler=skip,
    )
    try:
        table = pacsv.read_csv(pa.py_buffer(data), options, parse, convert)
    except pa.ArrowInvalid:
        return None
    return None if invalid else table.combine_chunks()


def blank_columns(table: Any) -> frozenset[int]:
    """The positions of a parsed block's dictionary-encoded columns that hold nothing.

    Such a column has no distinct cell but ``""``; the next block is parsed expecting
    these to be blank again (see :func:`parse_block`).
    """
    out = []
    for position, chunked in enumerate(table.columns):
        column = chunked.chunk(0) if chunked.num_chunks == 1 else None
        if column is not None and hasattr(column, "dictionary"):
            values = column.dictionary
            if len(values) == 1 and values[0].as_py() == "":
                out.append(position)
    return frozenset(out)


class _Cutter:
    """What is known between blocks: the next row, the references, a stop, the blank columns.

    The blocks are parsed one after another by one thread (:meth:`parse`) and read into
    columns one after another, in file order (:meth:`columns`), so the row numbers and the
    references of the earlier blocks are known when a block is read.
    """

    def __init__(
        self, reader: CaseReader, calendar: WorkingDayCalendar, first_row: int, seen: References
    ) -> None:
        self.reader = reader
        self.calendar = calendar
        self.first_row = first_row
        self.seen = seen
        self.stop: int | None = None
        layout = reader._found
        self.width = layout.width
        self.text = (layout.index["reference"],)
        self.blank: frozenset[int] = frozenset()
        self.delimiter = reader.delimiter or ","

    def read(self, data: bytes | memoryview, header: bool) -> tuple[list[Columns], int | None]:
        """A block's columns, and the row the reader must go on from (``None``: go on).

        After a stop, any later block is not read.
        """
        return self.columns(self.parse(data, header))

    def parse(self, data: bytes | memoryview, header: bool) -> Any:
        """A block parsed by Arrow (see :func:`parse_block`), by one thread, in file order.

        The columns that held nothing in the block before are expected to hold nothing.
        """
        table = parse_block(data, self.width, header, self.delimiter, self.text, self.blank)
        if table is not None:
            self.blank = blank_columns(table)
        return table

    def columns(self, table: Any) -> tuple[list[Columns], int | None]:
        """A parsed block's columns and the row to go on from, as :meth:`read`: in file order."""
        out: list[Columns] = []
        if self.stop is not None:
            return out, self.stop
        if table is not None:
            for arrow_batch in table.to_batches():
                cols = block_columns(
                    arrow_batch, self.reader, self.calendar, self.first_row, self.seen
                )
                if cols is None:
                    break  # the reader reads this batch and the rest
                if cols.n:
                    out.append(cols)
                self.first_row += arrow_batch.num_rows
            else:
                return out, None
        self.stop = self.first_row
        return out, self.stop


def _by_arrow(
    path: str | os.PathLike[str],
    reader: CaseReader,
    calendar: WorkingDayCalendar,
    block: int,
    start: int = 0,
    first_row: int = 2,
    seen: References | None = None,
) -> Generator[Columns, None, int | None]:
    """The file cut by Arrow; returns the row the reader must go on from (``None``: done).

    The file is read a block at a time and each block parsed on its own, so that no more
    than a block waits in memory: a row never spans lines here (a line break inside a
    quoted cell sends the rest of the file to the reader). ``start`` and ``first_row`` say
    where to begin (a line's start), ``seen`` the references before it.

    The next block is parsed on a thread of its own while this one is read into columns
    and used, so parsing overlaps the reading, checking and writing (Arrow parses outside
    the interpreter lock): two blocks at most are held.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    cutter = _Cutter(reader, calendar, first_row, References() if seen is None else seen)
    with ThreadPoolExecutor(1, thread_name_prefix="complaintcode-csv") as pool:
        pending: Future[Any] | None = None
        for cut in itertools.chain(_blocks(path, block, start), [None]):
            parsed = None if cut is None else pool.submit(cutter.parse, cut[1], cut[0] == 0)
            if pending is not None:
                out, stop = cutter.columns(pending.result())
                pending = None  # the parsed block is let go once read into columns
                yield from out
                if stop is not None:
                    return stop
            pending = parsed
    return None


def block_columns(
    arrow_batch: Any,
    reader: CaseReader,
    calendar: WorkingDayCalendar,
    first_row: int,
    seen: References,
) -> Columns | None:
    """One Arrow batch of text as columns (``None``: the reader must read it, see above)."""
    if not _as_the_reader_splits(arrow_batch):
        return None
    layout = reader._found
    batch = TextBatch(arrow_batch, layout.index, first_row, reader._parser.empty, reader._dmy)
    return columns_of(batch, reader, layout.attributes, calendar, seen)


def _as_the_reader_splits(batch: Any) -> bool:
    """No NUL and no cell longer than the reader takes: the rows are the reader's rows."""
    for column in batch.columns:
        if hasattr(column, "dictionary"):
            column = column.dictionary  # each distinct cell once
        length, start, data = lengths(column)
        if not len(length) or not int(length.sum()):
            continue
        if int(length.max()) > CELL_LIMIT:
            return False
        if not np.all(data[int(start[0]) : int(start[-1] + length[-1])]):
            return False
    return True


def _by_reader(
    reader: CaseReader, calendar: WorkingDayCalendar, from_row: int
) -> Iterator[Columns]:
    """The reader's rows, from row ``from_row`` on, as columns of ``ROWS_PER_BATCH`` rows.

    Read from the start, each batch says how many of the file's data rows it came from
    (``Columns.lines``): more than its rows where a complaint's stage rows were joined.
    """
    convert = reader.convert
    items: list[tuple[int | None, Any]] = []
    counted = 0

    def batch() -> Columns:
        nonlocal counted
        cols = Columns.from_items(items, calendar)
        if not from_row:
            cols.lines, counted = reader.rows - counted, reader.rows
        return cols

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
                yield batch()
                items = []
    except InvalidRecords:
        # The file becomes unreadable part way (not UTF-8, say): the rows before the
        # problem are results as they are for the reader, then the error stops the run.
        if items:
            yield batch()
        raise
    if items:
        yield batch()
