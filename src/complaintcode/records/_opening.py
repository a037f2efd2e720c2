"""Opening an export for the reader: read_cases' arguments, its files and its header row."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from complaintcode.errors import InvalidArgument
from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import (
    DATE_FORMATS,
    DELIMITER_CHOICES,
    LAYOUTS,
    delimiter_named,
)
from complaintcode.records.errors import InvalidRecords
from complaintcode.records.tables import CsvTable, ExcelTable, Row, holds_workbook, open_table


def reader_options(
    columns: ColumnMap | None,
    date_format: str | None,
    layout: str | None,
    header_row: int | None,
    encoding: str | None,
    empty_values: Iterable[str] | None,
    delimiter: str | None = None,
) -> tuple[ColumnMap, bool, str | None, dict[str, object]]:
    """The column map, whether dates are day-first, the encoding and the reader's options.

    The options include ``delimiter``: the one given, else the column map's, else a comma.

    Raises :class:`~complaintcode.errors.InvalidArgument` for an argument of
    :func:`~complaintcode.records.read_cases` it cannot take, in the order of its parameters.
    """
    cmap = columns if columns is not None else ColumnMap()
    if not isinstance(cmap, ColumnMap):
        raise InvalidArgument("columns", columns, "a ColumnMap or None")
    chosen = date_format if date_format is not None else (cmap.date_format or "iso")
    if chosen not in DATE_FORMATS:
        raise InvalidArgument("date_format", date_format, " or ".join(map(repr, DATE_FORMATS)))
    if layout is not None and layout not in LAYOUTS:
        raise InvalidArgument("layout", layout, " or ".join(map(repr, LAYOUTS)))
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise InvalidArgument("header_row", header_row, "a row number, 1 or more")
    text_encoding = encoding or cmap.encoding
    if text_encoding is not None:
        ColumnMap(encoding=text_encoding)  # checks that Python knows the encoding
    separator = cmap.delimiter or ","
    if delimiter is not None:
        named = delimiter_named(delimiter)
        if named is None:
            raise InvalidArgument("delimiter", delimiter, DELIMITER_CHOICES)
        separator = named
    empties = None if empty_values is None else tuple(empty_values)
    options: dict[str, object] = {
        "layout": layout,
        "header_row": header_row,
        "empty_values": empties,
        "delimiter": separator,
    }
    return cmap, chosen == "dd/mm/yyyy", text_encoding, options


def open_tables(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    sides: dict[str, str | os.PathLike[str] | None],
    encoding: str | None,
    sheet: str | None,
    delimiter: str = ",",
) -> tuple[bool, CsvTable | ExcelTable, dict[str, CsvTable | ExcelTable]]:
    """Whether the reader owns the export, the export's table and its side files' tables.

    Side files are read in the export's encoding and with its delimiter: they come from
    the same system. A stream is refused unless it is in text mode or a binary stream
    holding a workbook.
    If a side file cannot be opened, whatever was opened here is closed again.
    """
    owned = isinstance(source, str | os.PathLike)
    if not owned:
        mode = getattr(source, "mode", "")
        anything: object = source
        binary = isinstance(anything, io.RawIOBase | io.BufferedIOBase)
        if (binary and not holds_workbook(anything)) or (
            not binary and isinstance(mode, str) and "b" in mode
        ):
            raise InvalidArgument(
                "source",
                source,
                "a path, a stream opened in text mode, or a binary stream holding a workbook",
            )
    table = open_table(source, encoding=encoding, sheet=sheet, delimiter=delimiter)
    opened: dict[str, CsvTable | ExcelTable] = {}
    try:
        for kind, side in sides.items():
            if side is not None:
                opened[kind] = open_table(side, encoding=encoding, sheet=None, delimiter=delimiter)
    except BaseException:
        if owned:
            table.close()
        for table_opened in opened.values():
            table_opened.close()
        raise
    return owned, table, opened


def read_header(
    source: Iterator[Row],
    header_row: int,
    fail: Callable[[str], InvalidRecords],
) -> tuple[int, tuple[str, ...]]:
    """The header's row number and its cells, stripped, read from ``source`` at ``header_row``.

    The header is the first row from ``header_row`` on; ``fail`` makes the error raised
    when it is blank, unreadable or missing.
    """
    for number, first in source:
        if number < header_row:
            continue
        if isinstance(first, str):
            raise fail(f"the header row cannot be read: {first}")
        header = [cell.strip() for cell in first]
        if header:
            header[0] = header[0].lstrip("\ufeff").strip()
        if not any(header):
            which = "the first row" if number == 1 else f"row {number}"
            raise fail(f"{which} is blank; expected a header row of column names")
        return number, tuple(header)
    if header_row > 1:
        raise fail(f"the file ends before row {header_row}, the header row")
    raise fail("the file is empty; expected a header row")
