"""Reading a separate extensions or remedies file whole, to join its rows to the complaints."""

from __future__ import annotations

import os
from collections.abc import Mapping

from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import EXT_FIELDS, EXTENSION_COLUMNS, REMEDY_COLUMNS
from complaintcode.records.errors import InvalidRecords, RecordError
from complaintcode.records.joins import SideRow, read_side_rows
from complaintcode.records.layout import delimiter_hint
from complaintcode.records.tables import CsvTable, ExcelTable


def read_side_file(
    kind: str,
    table: CsvTable | ExcelTable,
    cmap: ColumnMap,
    stages: Mapping[str, int],
) -> tuple[list[SideRow], list[RecordError], set[str]]:
    """A side file's rows, its row errors, and the wide canonical columns its rows can fill.

    ``kind`` is ``"extensions"`` or ``"remedies"``; the file is closed when read.

    ``stages`` is the column map's vocabulary of stage words (read for extensions only).
    Raises :class:`~complaintcode.records.InvalidRecords` when the file has no header or
    lacks a column it needs.
    """
    try:
        rows = table.rows()
        header = next(rows, (0, []))[1]
        if isinstance(header, str) or not any(h.strip() for h in header):
            raise InvalidRecords(table.path, f"the {kind} file has no header row")
        header = [h.strip().lstrip("\ufeff") for h in header]
        wanted = EXTENSION_COLUMNS if kind == "extensions" else REMEDY_COLUMNS
        theirs = dict(cmap.extension_columns if kind == "extensions" else cmap.remedy_columns)
        theirs.setdefault("reference", cmap.theirs("reference"))
        known = {h.casefold() for h in header}
        lacking = [w for w in wanted[:2] if theirs.get(w, w).casefold() not in known]
        if kind == "remedies":
            lacking = [w for w in lacking if w == "reference"]
        if lacking:
            hint = delimiter_hint(
                tuple(header),
                [theirs.get(w, w) for w in wanted[:2]],
                table.delimiter if isinstance(table, CsvTable) else None,
            )
            raise InvalidRecords(
                table.path,
                f"the {kind} file lacks column(s) " + ", ".join(map(repr, lacking)) + hint,
            )
        name = os.path.basename(table.path or kind)
        found, errors = read_side_rows(
            name, rows, header, wanted, theirs, stages if kind == "extensions" else None
        )
    finally:
        table.close()
    had = [w for w in wanted if theirs.get(w, w).casefold() in known]
    extra = (
        {f"s{n}_ext{k}_{f}" for n in (1, 2) for k in (1, 2) for f in EXT_FIELDS if f in had}
        if kind == "extensions"
        else {f"remedy_{f}" for f in REMEDY_COLUMNS[1:] if f in had}
    )
    return found, errors, extra
