"""Tables in, tables out: pandas, polars and Arrow for the columnar engine.

A table with the canonical columns of the "Check your export" guide (or a landlord's
own, through a :class:`~complaintcode.records.ColumnMap`) is read by the same reader as
``complaintcode check`` (:func:`complaintcode.records.read_cases`), batch by batch, so a
cell means exactly what it means in a CSV export and a bad row gets the same error. The
batches are written to CSV text in memory by Arrow's CSV writer for that reader.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import Columns
from complaintcode.errors import InvalidArgument
from complaintcode.records import ColumnMap, read_cases

__all__ = ["batches_of", "columns_from_batch"]


def batches_of(data: Any) -> tuple[str, Iterator[Any]]:
    """The kind of table (``"pandas"``, ``"polars"``, ``"arrow"``) and its record batches."""
    import pyarrow as pa

    module = type(data).__module__.split(".")[0]
    if module == "pandas":
        return "pandas", iter(pa.Table.from_pandas(data, preserve_index=False).to_batches())
    if module == "polars":
        return "polars", iter(data.to_arrow().to_batches())
    if isinstance(data, pa.Table):
        return "arrow", iter(data.to_batches())
    if isinstance(data, pa.RecordBatch):
        return "arrow", iter([data])
    if isinstance(data, (pa.RecordBatchReader, Iterable)):
        return "batches", iter(data)
    raise InvalidArgument(
        "data",
        type(data).__name__,
        "a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or record batches",
    )


def _cells(batch: Any) -> Any:
    """The batch with every column as text the reader accepts (nulls become blank)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = []
    for column in batch.columns:
        kind = column.type
        if pa.types.is_timestamp(kind):
            # An aware time keeps its offset; a naive one is London time, as in a CSV.
            shape = "%Y-%m-%dT%H:%M:%S%z" if kind.tz is not None else "%Y-%m-%dT%H:%M:%S"
            text = pc.strftime(column, format=shape)
        elif pa.types.is_boolean(kind):
            text = pc.if_else(column, "yes", "no")
        elif pa.types.is_floating(kind):
            whole = pc.equal(column, pc.floor(column))
            as_int = pc.cast(pc.cast(column, pa.int64(), safe=False), pa.string())
            text = pc.if_else(whole, as_int, pc.cast(column, pa.string()))
        else:
            text = pc.cast(column, pa.string())
        arrays.append(pc.fill_null(text, ""))
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def columns_from_batch(
    batch: Any,
    *,
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    first_row: int,
) -> Columns:
    """One record batch read into :class:`Columns` by the CSV reader's rules.

    Rows are numbered as a spreadsheet would number them in one file holding every batch
    in order: the header is row 1 and this batch's first row is ``first_row``.
    """
    import pyarrow.csv as pacsv

    sink = io.BytesIO()
    pacsv.write_csv(_cells(batch), sink)
    text = io.StringIO(sink.getvalue().decode("utf-8"))
    items: list[tuple[int | None, Any]] = []
    offset = first_row - 2
    # Written here with commas, whatever delimiter the column map gives its CSV exports.
    with read_cases(text, columns=columns, date_format=date_format, delimiter=",") as reader:
        convert = reader.convert
        for raw in reader.raw_rows():
            if isinstance(raw, tuple):
                number, cells, reference = raw
                items.append((number + offset, convert(number, cells, reference)))
            else:
                moved = attrs.evolve(raw, row=raw.row + offset)
                items.append((moved.row, moved))
    return Columns.from_items(items, calendar)
