"""Reading a CSV export: opening and decoding the file, splitting it into rows.

Role: the CSV source. :func:`read_cases` opens the file (or takes a text stream), checks
the header through :mod:`~complaintcode.records.layout`, and :class:`CaseReader` yields,
row by row in file order, what :mod:`~complaintcode.records.rows` makes of each row:
a :class:`~complaintcode.model.Complaint` or a
:class:`~complaintcode.records.RecordError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from types import TracebackType
from typing import IO

from complaintcode.errors import InvalidArgument, InvalidComplaint
from complaintcode.model import Complaint
from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import DATE_FORMATS
from complaintcode.records.errors import Bad, InvalidRecords, RecordError
from complaintcode.records.layout import locate
from complaintcode.records.rows import RowParser


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
        layout = locate(self.header, cmap, self._fail)
        self._columns = layout.labels
        self._index = layout.index
        self._width = layout.width
        self._parser = RowParser(layout.index, layout.width, dmy, layout.attributes, layout.labels)

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
        except Bad as bad:
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
