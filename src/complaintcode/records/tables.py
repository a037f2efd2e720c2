"""Where rows come from: a CSV file or text stream, or an Excel workbook's sheet.

Role: turning a file into numbered rows of text cells, and nothing more. The file type is
recognised from its first bytes (a workbook is a zip archive), never from its name, so a
workbook never meets a text decoder. Row numbers are the file's own: a CSV record's number
counting from 1 (a quoted cell spanning lines stays one row), a sheet's row as the
spreadsheet shows it. Title rows above the header are skipped with ``header_row``.

A workbook is read with the optional ``python-calamine`` package (``pip install
'complaintcode[excel]'``): a binding to a Rust reader, many times faster than pure-Python
readers on large sheets, streaming rows, and maintained. Cells become text the way the
CSV reader would see them: a date cell as ``2024-05-03``, a date-time cell as
``2024-05-03 09:50:00``, a whole number as ``10``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import IO, Any, Final, cast

from complaintcode.records.errors import InvalidRecords

FIELD_LIMIT: Final = 1 << 24
"""The longest CSV cell parsed (16 MiB); a longer one stops reading with an error."""

CELL_LIMIT: Final = 131_072
"""The longest cell accepted; a row with a longer one is an error (the rest is read)."""

_ZIP: Final = b"PK\x03\x04"
_OLE: Final = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
_EXTRA: Final = "pip install 'complaintcode[excel]'"

Row = tuple[int, list[str] | str]  # (row number, cells) or (row number, why it is unreadable)


def sniff(path: str) -> str:
    """``"excel"`` for a workbook (by content), else ``"text"``."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return "text"
    return "excel" if is_workbook(head) else "text"


def is_workbook(head: bytes) -> bool:
    """Whether a file's first bytes are a workbook's (a zip archive, or the old ``.xls``)."""
    return head[:4] in (_ZIP, _OLE)


def binary_head(stream: IO[bytes] | io.RawIOBase | io.BufferedIOBase) -> bytes:
    """The first bytes of a seekable binary stream, leaving its position where it was."""
    where = stream.tell()
    head = stream.read(4)
    stream.seek(where)
    return head


def check_decodes(path: str, encoding: str) -> None:
    """Raise InvalidRecords if a regular file does not decode (before any row is read)."""
    decode = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    label = "UTF-8" if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") else encoding
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
                hint = (
                    "save the export as 'CSV UTF-8', or give its encoding (e.g. cp1252)"
                    if label == "UTF-8"
                    else "give the file's encoding"
                )
                raise InvalidRecords(
                    path,
                    f"not {label}: byte 0x{head[bad]:02X} on line {line} (byte {bad + 1}) "
                    f"cannot be decoded; {hint}",
                ) from None
            if not chunk:
                return
            offset += len(chunk)


def holds_workbook(stream: object) -> bool:
    """Whether a stream is binary, seekable and starts as a workbook does."""
    try:
        if not isinstance(stream, io.RawIOBase | io.BufferedIOBase) or not stream.seekable():
            return False
        return is_workbook(binary_head(stream))
    except (OSError, ValueError):
        return False


def _swallowed(record: list[str], delimiter: str = ",") -> list[int]:
    r"""The lines a record with a quote left open swallowed, that would hold data.

    Counted from 1 after the record's first line, as the rows they would have been had the
    quote been closed there; blank lines (or only delimiters) are not rows, as elsewhere.

    >>> _swallowed(["B", '2024-05-03,2024-05-17\nC,2024-05-03\n\n,,\nD,2024-05-06\n'])
    [1, 4]
    >>> _swallowed(["B", '2024-05-03;2024-05-17\nC;2024-05-03\n;;\nD;2024-05-06\n'], ";")
    [1, 3]
    """
    lines = delimiter.join(record).split("\n")[1:]
    return [k for k, line in enumerate(lines, 1) if line.replace(delimiter, "").strip()]


class CsvTable:
    """The rows of a CSV text stream, its cells separated by ``delimiter`` (a comma).

    Lines reach the ``csv`` module in blocks (taken from the stream by C code, not one by
    one in Python); each block is kept until no record in progress can still need it, so
    that the lines of the record read last can be looked at again for a quote left open.
    """

    _BLOCK: Final = 4096  # lines a block holds

    def __init__(self, stream: IO[str], path: str | None, label: str, delimiter: str = ",") -> None:
        self.path = path
        self.delimiter = delimiter
        self.stream = stream
        self.label = label  # the encoding's name, for messages
        self.blocks: list[tuple[int, list[str]]] = []  # (first line's index, lines)
        self.lines_read = 0
        self.long_lines: set[int] = set()  # indices of lines longer than a cell may be
        self.start = [0]  # the index of the first line of the record being read
        self.ended = False
        self.last_block = False  # the lines of the file's last block have been read
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
        self.reader = csv.reader(itertools.chain.from_iterable(self._blocks()), delimiter=delimiter)

    def _blocks(self) -> Iterator[list[str]]:
        lines = iter(self.stream)
        blocks = self.blocks
        start = self.start
        block = list(itertools.islice(lines, self._BLOCK))
        while block:
            # One block ahead: the last block is known as the last before it is read.
            later = list(itertools.islice(lines, self._BLOCK))
            self.last_block = not later
            first = self.lines_read
            self.lines_read += len(block)
            if max(map(len, block)) > CELL_LIMIT:
                self.long_lines.update(
                    first + i for i, t in enumerate(block) if len(t) > CELL_LIMIT
                )
            # Blocks wholly before the record in progress are never needed again.
            while blocks and blocks[0][0] + len(blocks[0][1]) <= start[0]:
                del blocks[0]
            blocks.append((first, block))
            yield block
            block = later
        self.ended = True

    def _ends_file(self, begin: int, end: int) -> bool:
        """Whether lines ``begin`` to ``end`` are a record of several lines ending the file.

        Such a record had a quote open at a line's end; a quote further on (a stray one
        in the text) may have closed it before the end of the file, without which the csv
        module reads to the end of the file before giving the record back.
        """
        return self.last_block and end == self.lines_read and end - begin > 1

    def _quotes(self, begin: int, end: int) -> int:
        """The quote characters on lines ``begin`` to ``end`` (exclusive)."""
        count = 0
        for first, block in self.blocks:
            low, high = max(begin - first, 0), min(end - first, len(block))
            count += sum(line.count('"') for line in block[low:high]) if low < high else 0
        return count

    def fail(self, reason: str) -> InvalidRecords:
        """The file-level error for this table."""
        return InvalidRecords(self.path, reason)

    def rows(self) -> Iterator[Row]:
        """Each record as (row number, cells), or (row number, what is wrong with it).

        A record longer than any cell may be is checked cell by cell; the last record is
        checked for a quote left open, which would have swallowed the rest of the file.
        """
        reader = self.reader
        mark = self.start
        long_lines = self.long_lines
        number = 0
        while True:
            try:
                for row in reader:
                    number += 1
                    begin, end = mark[0], reader.line_num
                    mark[0] = end
                    # Ended by the end of the file, with a quote still open? (A quote alone
                    # on the last line swallowed nothing: a blank row.)
                    if (
                        (self.ended or self._ends_file(begin, end))
                        and self._quotes(begin, end) % 2
                        and "".join(row).strip()
                    ):
                        yield (
                            number,
                            "a quoted cell opened on this row is never closed: the rest of the "
                            "file was read into it; close the quote",
                        )
                        # The lines it swallowed are rows too: each is counted and rejected.
                        for later in _swallowed(row, self.delimiter):
                            yield (
                                number + later,
                                f"read into the quoted cell left open on row {number}; close "
                                "that quote",
                            )
                        return
                    if end - begin > 1 or (long_lines and begin in long_lines):
                        longest = max(map(len, row), default=0)
                        if longest > CELL_LIMIT:
                            yield (
                                number,
                                f"has a cell of {longest:,} characters, more than the "
                                f"{CELL_LIMIT:,} a cell may hold (is a quote left open?)",
                            )
                            continue
                    yield number, row
                return
            except csv.Error as exc:
                number += 1
                mark[0] = reader.line_num
                if "field larger than field limit" in str(exc):
                    raise self.fail(
                        f"row {number} has a cell longer than {FIELD_LIMIT:,} characters; "
                        "the file cannot be read safely past it"
                    ) from None
                yield number, f"cannot be read as CSV: {exc}"
            except UnicodeDecodeError as exc:
                raise self.fail(
                    f"not {self.label} after row {number} ({exc}); give the file's encoding"
                ) from None

    @property
    def fraction_read(self) -> float | None:
        """How much of the file has been read, from 0 to 1 (``None`` when unknown)."""
        try:
            buffer = self.stream.buffer  # type: ignore[attr-defined]
            size = os.fstat(buffer.fileno()).st_size
            return min(1.0, buffer.tell() / size) if size else None
        except (AttributeError, OSError, ValueError):
            return None

    def close(self) -> None:
        """Close the stream."""
        self.stream.close()


def _text(value: Any) -> str:
    """A workbook cell as the CSV reader would see it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)


class ExcelTable:
    """The rows of one sheet of a workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``)."""

    def __init__(self, source: str | IO[bytes], sheet: str | None) -> None:
        # A binary stream (an upload held in memory) is named by its name, if it has one.
        name = source if isinstance(source, str) else getattr(source, "name", None)
        self.path = name if isinstance(name, str) else None
        self.closed = True
        try:
            from python_calamine import CalamineWorkbook  # the optional excel extra
        except ImportError:
            raise self.fail(
                f"this is an Excel workbook; reading it needs the excel extra: {_EXTRA}"
            ) from None
        try:
            self.book = (
                CalamineWorkbook.from_path(source)
                if isinstance(source, str)
                else CalamineWorkbook.from_filelike(source)
            )
            self.closed = False
            names = list(self.book.sheet_names)
            if sheet is None:
                chosen = names[0]
            elif sheet in names:
                chosen = sheet
            elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
                chosen = names[int(sheet) - 1]
            else:
                raise self.fail(
                    f"the workbook has no sheet {sheet!r}; its sheets are "
                    + ", ".join(map(repr, names))
                )
            self.sheet_name = chosen
            self.sheet = self.book.get_sheet_by_name(chosen)
        except InvalidRecords:
            raise
        except Exception as exc:  # calamine's own errors have no common public base
            raise self.fail(f"cannot be read as a workbook: {type(exc).__name__}") from None
        self.read = 0

    def fail(self, reason: str) -> InvalidRecords:
        """The file-level error for this table."""
        return InvalidRecords(self.path, reason)

    def rows(self) -> Iterator[Row]:
        """Each sheet row as (row number as the spreadsheet shows it, cells)."""
        start = self.sheet.start
        first = (start[0] if start else 0) + 1
        left = start[1] if start else 0
        for i, values in enumerate(self.sheet.iter_rows()):
            self.read = i + 1
            yield first + i, [""] * left + [_text(v) for v in values]

    @property
    def fraction_read(self) -> float | None:
        """How much of the sheet has been read, from 0 to 1."""
        height = self.sheet.height
        return min(1.0, self.read / height) if height else None

    def close(self) -> None:
        """Close the workbook (again is harmless)."""
        if not self.closed:
            self.closed = True
            self.book.close()


def open_table(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    encoding: str | None,
    sheet: str | None,
    delimiter: str = ",",
) -> CsvTable | ExcelTable:
    """The table in a path (CSV or workbook, by content) or a stream.

    A text stream is CSV, its cells separated by ``delimiter``; a binary stream a workbook
    (read_cases has checked that it is). A workbook has no delimiter.
    """
    if isinstance(source, io.RawIOBase | io.BufferedIOBase):
        return ExcelTable(cast(IO[bytes], source), sheet)
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if sniff(path) == "excel":
            return ExcelTable(path, sheet)
        chosen = encoding or "utf-8-sig"
        if os.path.isfile(path):
            check_decodes(path, chosen)
        stream: IO[str] = open(path, encoding=chosen, errors="strict", newline="")  # noqa: SIM115
        label = "UTF-8" if encoding is None else encoding
        return CsvTable(stream, path, label, delimiter)
    name = getattr(source, "name", None)
    return CsvTable(
        cast(IO[str], source),
        name if isinstance(name, str) else None,
        encoding or "UTF-8",
        delimiter,
    )
