"""The columnar engine: every rule of every edition on whole columns of complaints.

Needs the ``fast`` extra (``pip install complaintcode[fast]``: numpy and pyarrow).
Importing ``complaintcode`` never imports this package's dependencies; they load when a
function here is first called.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement
from complaintcode.editions import CodeEdition, edition_named
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint
from complaintcode.provenance import Provenance
from complaintcode.records import ColumnMap

if TYPE_CHECKING:
    from complaintcode.columnar._columns import Columns
    from complaintcode.columnar._results import CheckResults

__all__ = [
    "RESULT_COLUMNS",
    "CheckResults",
    "check_batches",
    "check_columns",
    "check_complaints",
    "check_frame",
]

RESULT_COLUMNS: tuple[str, ...] = (
    "row",
    "reference",
    "result",
    "edition",
    "breaches",
    "advisories",
    "rules",
    *(
        f"stage{n}_{name}"
        for n in (1, 2)
        for name in (
            "received",
            "responded",
            "outcome",
            "status",
            "acknowledge_by",
            "respond_by",
            "final_respond_by",
        )
    ),
    "tenure",
    "category",
    "findings",
    "error",
    *Provenance.COLUMNS,
)
"""The columns of a results table: those of ``complaintcode check --format csv``.

The last three (:attr:`Provenance.COLUMNS <complaintcode.provenance.Provenance.COLUMNS>`)
are the same on every row: the complaintcode and ``holidays`` versions and the calendar's
fingerprint, so that the table says what made it.
"""


def __getattr__(name: str) -> Any:
    # CheckResults needs numpy: it is imported on first use, never with this package.
    if name == "CheckResults":
        from complaintcode.columnar._results import CheckResults

        return CheckResults
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _options(
    calendar: WorkingDayCalendar | None,
    edition: CodeEdition | str | None,
    as_of: date | datetime | None,
    late_acknowledgement: str,
) -> tuple[WorkingDayCalendar, CodeEdition | None, date | None]:
    """The calendar, the forced edition and the day ``as_of`` names, as ``check`` reads them."""
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    if isinstance(as_of, datetime):
        as_of = cal.day_of(as_of)
    elif as_of is not None and type(as_of) is not date:
        raise InvalidArgument("as_of", as_of, "a datetime.date, a datetime.datetime or None")
    if late_acknowledgement not in ("moves-clock", "capped"):
        raise InvalidArgument(
            "late_acknowledgement", late_acknowledgement, "'moves-clock' or 'capped'"
        )
    return cal, edition_named(edition) if edition is not None else None, as_of


def check_columns(
    columns: Columns,
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> CheckResults:
    """Check complaints held as :class:`~complaintcode.columnar._columns.Columns`.

    The options mean what they mean for :func:`complaintcode.check`.
    """
    from complaintcode.columnar._engine import evaluate
    from complaintcode.columnar._results import CheckResults

    cal, forced, day = _options(calendar, edition, as_of, late_acknowledgement)
    return CheckResults(
        evaluate(
            columns,
            calendar=cal,
            edition=forced,
            as_of=day,
            late_acknowledgement=late_acknowledgement,
        )
    )


def check_complaints(
    complaints: Iterable[Complaint],
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> CheckResults:
    """Check :class:`~complaintcode.Complaint` objects with the columnar engine.

    Gives the same answers as :func:`complaintcode.check_all`; it pays off for many
    complaints whose findings are mostly not needed one by one.

    >>> from datetime import date, datetime
    >>> from complaintcode import Complaint, Stage
    >>> results = check_complaints([Complaint("A-1", [Stage(1, date(2024, 5, 3))])])
    >>> results.assessment(0).timetable[1].acknowledge_by.due
    datetime.date(2024, 5, 13)
    """
    from complaintcode.columnar._columns import Columns

    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    return check_columns(
        Columns.from_complaints(complaints, cal),
        calendar=cal,
        edition=edition,
        as_of=as_of,
        late_acknowledgement=late_acknowledgement,
    )


def check_batches(
    batches: Iterable[Any],
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
    columns: ColumnMap | None = None,
    date_format: str | None = None,
    messages: bool = True,
) -> Iterator[Any]:
    """Check Arrow record batches of complaints; yield one results batch per input batch.

    This is the entry point for engines that hand each worker a stream of Arrow batches:
    Spark's ``mapInArrow`` calls a function of exactly this shape, and Dask's
    ``map_partitions`` can call :func:`check_frame` on each partition. Each input batch
    has the canonical columns (or a landlord's, named by ``columns``); each output batch
    has the columns of ``complaintcode check --format csv`` (see
    :data:`~complaintcode.columnar.RESULT_COLUMNS`). Row numbers continue from batch to
    batch as in one file; a reference repeated in two different batches is not detected
    (within a batch it is, as in a file).

    >>> import pyarrow as pa
    >>> batch = pa.RecordBatch.from_pydict(
    ...     {"reference": ["A-1"], "received": ["2024-05-03"], "acknowledged": ["2024-05-15"]})
    >>> [out.column("rules")[0].as_py() for out in check_batches([batch])]
    ['stage1.acknowledgement']
    """
    from complaintcode.columnar._frames import columns_from_batch

    cal, forced, day = _options(calendar, edition, as_of, late_acknowledgement)
    first_row = 2
    for batch in batches:
        cols = columns_from_batch(
            batch, columns=columns, date_format=date_format, calendar=cal, first_row=first_row
        )
        first_row += batch.num_rows
        results = check_columns(
            cols,
            calendar=cal,
            edition=forced,
            as_of=day,
            late_acknowledgement=late_acknowledgement,
        )
        yield from results.to_arrow(messages=messages).to_batches()


def check_frame(
    data: Any,
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
    columns: ColumnMap | None = None,
    date_format: str | None = None,
    messages: bool = True,
) -> Any:
    """Check a whole table of complaints; return a results table of the same kind.

    ``data`` is a pandas or polars ``DataFrame`` or a pyarrow ``Table`` with one
    complaint per row and the canonical columns of the "Check your export" guide (or a
    landlord's own names, mapped by ``columns``). Cells mean what they mean in a CSV
    export: text in ISO 8601 (or dd/mm/yyyy with ``date_format``), or typed dates,
    date-times (naive ones are London time), booleans and numbers. The result has one
    row per input row, in order, with the columns of ``complaintcode check --format
    csv``: ``result`` is "compliant", "advisory", "breach", "not-received" (received after
    ``as_of``) or "rejected" (then ``error``
    says why). ``messages=False`` leaves the ``findings`` column empty, which is faster
    when only the rule ids are wanted.

    The other options mean what they mean for :func:`complaintcode.check`; the answers
    are the same as checking each row with it.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({
    ...     "reference": ["A-1", "A-2"],
    ...     "received": ["2024-05-03", "2024-05-07"],
    ...     "acknowledged": ["2024-05-07", "2024-05-20"],
    ...     "responded": ["2024-05-17", None],
    ... })
    >>> results = check_frame(frame, as_of=date(2024, 6, 28))
    >>> results[["reference", "result", "rules"]]
      reference  result                                  rules
    0       A-1  compliant
    1       A-2   breach  stage1.acknowledgement;stage1.response
    """
    from complaintcode.columnar._frames import batches_of

    kind, batches = batches_of(data)
    import pyarrow as pa

    out = list(
        check_batches(
            batches,
            calendar=calendar,
            edition=edition,
            as_of=as_of,
            late_acknowledgement=late_acknowledgement,
            columns=columns,
            date_format=date_format,
            messages=messages,
        )
    )
    if out:
        table = pa.Table.from_batches(out)
    else:
        table = pa.table({name: pa.array([], pa.string()) for name in RESULT_COLUMNS})
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table
