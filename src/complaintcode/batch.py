r"""Checking a whole export: streaming, in file order, in one process or several.

:func:`check_export` reads a CSV export (or takes complaints already built), checks every
complaint and yields one :class:`Checked` per data row, in the order of the file: the
assessment, or the :class:`~complaintcode.records.RecordError` that kept the row from
being checked. A :class:`BatchSummary` counts them as they go. With ``jobs=2`` or more,
worker processes convert and check the rows; the results and their order are the same as
with one process. Memory stays flat however large the file.

>>> import io
>>> from complaintcode.batch import check_export
>>> export = io.StringIO(
...     "reference,received,acknowledged,responded\n"
...     "HC-1,2024-05-03,2024-05-07,2024-05-24\n"
...     "HC-2,2024-05-03,2024-05-07,2024-05-20\n"
...     "HC-3,31/02/2024,,\n"
... )
>>> with check_export(export) as batch:
...     for item in batch:
...         print(item.row, item.verdict)
2 breach
3 compliant
4 rejected
>>> batch.summary.checked, batch.summary.rejected, batch.summary.with_breaches
(2, 1, 1)
"""

from __future__ import annotations

import csv
import gc
import io
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import attrs

from complaintcode._batch_summary import BatchSummary, not_received, rejection_reason
from complaintcode._closing import ClosingIterator
from complaintcode._unevidenced import RULE_COLUMNS, absent_fields, not_evidenced
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement, check
from complaintcode.editions import CodeEdition, edition_named
from complaintcode.errors import ComplaintCodeError, InvalidArgument
from complaintcode.model import Complaint
from complaintcode.records import (
    CaseReader,
    ColumnMap,
    RecordError,
    read_cases,
)
from complaintcode.results import Assessment, Severity

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

__all__ = [
    "PARALLEL_FROM_BYTES",
    "RULE_COLUMNS",
    "Batch",
    "BatchSummary",
    "Checked",
    "Verdict",
    "check_export",
    "not_evidenced",
    "rejection_reason",
]

# Defined with the summary, presented here where they have always been.
for _public in (BatchSummary, rejection_reason):
    _public.__module__ = __name__
del _public

_T = TypeVar("_T")

Verdict = Literal["compliant", "breach", "advisory", "not-received", "rejected"]
"""One row's result in a word: no findings, at least one breach, advisory findings only,
received after ``as_of`` (nothing to judge yet on that date), or not checked (the row
could not be read, or no edition or calendar can judge it)."""

PARALLEL_FROM_BYTES = 20_000_000
"""With ``jobs=None``, files this large or larger are checked by one worker per CPU."""


_BATCH_ROWS = 2_000
_MAX_AUTO_JOBS = 8

# A raw item: a row still to convert, a complaint already built, or a row-level error.
_Raw = tuple[int, list[str], str] | tuple[int, Complaint] | RecordError


@attrs.frozen(slots=True)
class Checked:
    """One data row's result: its assessment, or why it could not be checked.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1); for
    complaints given as objects it is their position, counting from 1.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> [item] = check_export([Complaint("C-1", [Stage(1, date(2024, 5, 3))])])
    >>> item.row, item.verdict, item.assessment.reference
    (1, 'compliant', 'C-1')
    """

    row: int
    result: Assessment | RecordError

    def itself(self) -> Checked:
        """The result unchanged: the ``render`` that keeps each :class:`Checked` as it is.

        >>> from datetime import date
        >>> from complaintcode import Complaint, Stage
        >>> [item] = check_export([Complaint("C-1", [Stage(1, date(2024, 5, 3))])],
        ...                       render=Checked.itself)
        >>> item.row
        1
        """
        return self

    @property
    def assessment(self) -> Assessment | None:
        """The assessment, or ``None`` for a rejected row."""
        return self.result if isinstance(self.result, Assessment) else None

    @property
    def error(self) -> RecordError | None:
        """Why the row was rejected, or ``None`` when it was checked."""
        return self.result if isinstance(self.result, RecordError) else None

    @property
    def verdict(self) -> Verdict:
        """``"compliant"``, ``"breach"``, ``"advisory"``, ``"not-received"`` or ``"rejected"``."""
        result = self.result
        if isinstance(result, RecordError):
            return "rejected"
        if not result.findings:
            return "not-received" if not_received(result) else "compliant"
        if any(f.severity is Severity.BREACH for f in result.findings):
            return "breach"
        return "advisory"


@attrs.define(eq=False)
class _Judge:
    """Turns raw items into rendered results and counts them (one per process)."""

    convert: Callable[[int, list[str], str], Complaint | RecordError] | None
    calendar: WorkingDayCalendar
    edition: CodeEdition | None
    as_of: date | None
    late_acknowledgement: LateAcknowledgement
    render: Callable[[Checked], Any]
    unevidenced: frozenset[str] = frozenset()

    def checked(self, item: _Raw) -> Checked:
        """The result of one raw item."""
        if isinstance(item, RecordError):
            return Checked(item.row, item)
        if len(item) == 2:
            number, complaint = item
        else:
            assert self.convert is not None
            number = item[0]
            built = self.convert(*item)
            if isinstance(built, RecordError):
                return Checked(number, built)
            complaint = built
        try:
            assessment = check(
                complaint,
                calendar=self.calendar,
                edition=self.edition,
                as_of=self.as_of,
                late_acknowledgement=self.late_acknowledgement,
            )
        except ComplaintCodeError as error:
            # A readable date the calendar or the Code cannot judge (2204, or before July
            # 2020): this row is rejected, the run goes on.
            return Checked(number, RecordError(number, complaint.reference, None, None, str(error)))
        if self.unevidenced and any(f.rule in self.unevidenced for f in assessment.findings):
            kept = tuple(f for f in assessment.findings if f.rule not in self.unevidenced)
            assessment = attrs.evolve(assessment, findings=kept)
        return Checked(number, assessment)

    def batch(self, items: list[_Raw]) -> tuple[list[Any], BatchSummary]:
        """Rendered results of a batch of raw items, and their counts."""
        summary = BatchSummary()
        out = []
        render = self.render
        for item in items:
            result = self.checked(item)
            summary.add(result)
            out.append(render(result))
        return out, summary


# The worker process's own judge (set once by _start_worker; one per process, never shared).
_WORKER: dict[str, _Judge] = {}


def _start_worker(
    header: tuple[str, ...] | None,
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: LateAcknowledgement,
    render: Callable[[Checked], Any],
    unevidenced: frozenset[str] = frozenset(),
    layout: str | None = None,
) -> None:
    # Checking allocates millions of short-lived, acyclic objects: collect less often here.
    gc.set_threshold(50_000, 20, 100)
    # Ctrl-C is for the process that started the pool: it stops the batch and ends the
    # workers, which must not each print a traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    convert = None
    if header is not None:
        text = io.StringIO()
        csv.writer(text).writerow(header)
        text.seek(0)
        # The header alone, as row 1, in the layout the main process found; written here
        # with commas, whatever the export's delimiter (the rows come already split).
        convert = read_cases(
            text,
            columns=columns,
            date_format=date_format,
            header_row=1,
            layout=layout,
            delimiter=",",
        ).convert
    _WORKER["judge"] = _Judge(
        convert, calendar, edition, as_of, late_acknowledgement, render, unevidenced
    )


def _work(items: list[_Raw]) -> tuple[list[Any], BatchSummary]:
    return _WORKER["judge"].batch(items)


def _batches(items: Iterator[_Raw], size: int) -> Iterator[list[_Raw]]:
    batch: list[_Raw] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Batch(ClosingIterator[_T], Generic[_T]):
    """The iterator :func:`check_export` returns: one result per data row, in file order.

    ``summary`` counts the results yielded so far (with worker processes, up to one batch
    of rows ahead); it is complete when the iteration ends. ``jobs`` is the number of
    processes used. ``not_evidenced`` names the rules the export cannot evidence, each with
    the columns it lacks (see :data:`RULE_COLUMNS`); their findings are left out. Use it
    as a context manager to stop early: the file is closed and the worker processes end.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> batch = check_export([Complaint("C-1", [Stage(1, date(2024, 5, 3))])])
    >>> [item.verdict for item in batch], batch.summary.compliant, batch.jobs
    (['compliant'], 1, 1)
    """

    def __init__(
        self,
        reader: CaseReader | None,
        items: Iterator[_Raw],
        judge: _Judge,
        jobs: int,
        start: tuple[Any, ...],
    ) -> None:
        self.summary = BatchSummary()
        self.jobs = jobs
        self.not_evidenced: dict[str, tuple[str, ...]] = {}
        self._reader = reader
        self._pool: Pool | None = None
        if jobs == 1:
            self._results = self._serial(items, judge)
        else:
            self._results = self._parallel(items, jobs, start)

    @property
    def rows_read(self) -> int:
        """Data rows read from the source so far (it reads ahead of the results)."""
        return self._reader.rows if self._reader is not None else self.summary.rows

    @property
    def fraction_read(self) -> float | None:
        """How much of the file has been read, from 0 to 1; ``None`` when unknown."""
        return self._reader.fraction_read if self._reader is not None else None

    def __iter__(self) -> Batch[_T]:
        return self

    def __next__(self) -> _T:
        return next(self._results)

    def _serial(self, items: Iterator[_Raw], judge: _Judge) -> Iterator[_T]:
        summary = self.summary
        checked = judge.checked
        render = judge.render
        for raw in items:
            item = checked(raw)
            summary.add(item)
            yield render(item)
        self._count_rows()

    def _count_rows(self) -> None:
        """Every row read: the summary's rows are the reader's (see ``BatchSummary.rows``)."""
        if self._reader is not None:
            self.summary.rows = self._reader.rows

    def _parallel(self, items: Iterator[_Raw], jobs: int, start: tuple[Any, ...]) -> Iterator[_T]:
        import multiprocessing  # only here: a run in one process does without it

        self._pool = pool = multiprocessing.Pool(jobs, _start_worker, start)
        with pool:
            # Results come back in file order; at most a few batches wait at once, so
            # memory stays flat however large the file.
            waiting: deque[AsyncResult[tuple[list[_T], BatchSummary]]] = deque()
            for batch in _batches(items, _BATCH_ROWS):
                waiting.append(pool.apply_async(_work, (batch,)))
                while len(waiting) > 2 * jobs + 2 or (waiting and waiting[0].ready()):
                    yield from self._take(waiting.popleft())
            while waiting:
                yield from self._take(waiting.popleft())
            self._count_rows()
            # Done: let the workers finish and exit normally (leaving ``with`` terminates them,
            # which is right when the caller stops early, but cuts short their own clean-up,
            # such as a coverage tracer saving its data).
            pool.close()
            pool.join()

    def _take(self, result: AsyncResult[tuple[list[_T], BatchSummary]]) -> list[_T]:
        rendered, part = result.get()
        self.summary.merge(part)
        return rendered

    def close(self) -> None:
        """Stop: close the file (if :func:`check_export` opened it) and end the workers."""
        self._results.close()  # type: ignore[attr-defined]
        if self._pool is not None:
            self._pool.terminate()
        if self._reader is not None:
            self._reader.close()


def _auto_jobs(source: object) -> int:
    """One worker per CPU (at most 8) for files of PARALLEL_FROM_BYTES or more, else 1."""
    try:
        big = isinstance(source, str | os.PathLike) and (
            os.stat(source).st_size >= PARALLEL_FROM_BYTES
        )
    except OSError:
        big = False
    return min(os.cpu_count() or 1, _MAX_AUTO_JOBS) if big else 1


def _numbered(complaints: Iterable[Complaint]) -> Iterator[_Raw]:
    for number, complaint in enumerate(complaints, start=1):
        if not isinstance(complaint, Complaint):
            raise InvalidArgument(
                "source", complaint, "a path, a text stream or complaints (Complaint objects)"
            )
        yield number, complaint


@overload
def check_export(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Iterable[Complaint],
    *,
    columns: ColumnMap | None = ...,
    date_format: str | None = ...,
    calendar: WorkingDayCalendar | None = ...,
    edition: CodeEdition | str | None = ...,
    as_of: date | None = ...,
    late_acknowledgement: LateAcknowledgement = ...,
    jobs: int | None = ...,
    render: None = ...,
    reading: Mapping[str, Any] | None = ...,
) -> Batch[Checked]: ...


@overload
def check_export(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Iterable[Complaint],
    *,
    columns: ColumnMap | None = ...,
    date_format: str | None = ...,
    calendar: WorkingDayCalendar | None = ...,
    edition: CodeEdition | str | None = ...,
    as_of: date | None = ...,
    late_acknowledgement: LateAcknowledgement = ...,
    jobs: int | None = ...,
    render: Callable[[Checked], _T],
    reading: Mapping[str, Any] | None = ...,
) -> Batch[_T]: ...


def check_export(
    source: str | os.PathLike[str] | IO[str] | IO[bytes] | Iterable[Complaint],
    *,
    columns: ColumnMap | None = None,
    date_format: str | None = None,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
    jobs: int | None = 1,
    render: Callable[[Checked], Any] | None = None,
    reading: Mapping[str, Any] | None = None,
) -> Batch[Any]:
    """Check every complaint of an export, streaming, in file order.

    Args:
        source: a CSV file or workbook (a path), a text stream, or a workbook in a binary
            stream, read as :func:`~complaintcode.records.read_cases` reads it; or
            complaints already built (any iterable).
        columns: the column map, for a file or stream.
        date_format: ``"iso"`` or ``"dd/mm/yyyy"``, for a file or stream.
        calendar: the working-day calendar; default England & Wales.
        edition: force an edition; by default each complaint's own.
        as_of: judge each complaint as it stood at the end of this day (see
            :func:`~complaintcode.check`).
        late_acknowledgement: as for :func:`~complaintcode.check`.
        jobs: processes to use: 1 (default) checks in this process; 2 or more start that
            many worker processes; ``None`` chooses one per CPU (at most 8) for files of
            20 MB or more, else 1. The results are the same, in the same order.
        render: turn each :class:`Checked` into what the batch yields (a line of text, a
            dict). With worker processes it runs in the workers, so it must be picklable
            (a module-level function, or an instance of a module-level class).
        reading: further options for :func:`~complaintcode.records.read_cases` (``layout``,
            ``extensions``, ``remedies``, ``sheet``, ``header_row``, ``encoding``,
            ``empty_values``, ``delimiter``), for a file or stream.

    Returns:
        A :class:`Batch`: iterate it for one result per data row (rows with no data at
        all are skipped, as :func:`~complaintcode.records.read_cases` skips them).

    Raises:
        InvalidRecords: at once, before any row, when the file cannot be read as
            complaint records (empty, not UTF-8, a required column missing).
        InvalidArgument: for ``jobs`` below 1 or not a whole number.
        OSError: when the file cannot be opened.

    >>> from complaintcode import sample_path
    >>> with check_export(sample_path(), jobs=2, render=lambda c: c.verdict) as batch:
    ...     verdicts = list(batch)
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidArgument: render must be picklable with jobs above 1 (a module-level function); got <function <lambda> at ...>
    >>> one = [(c.row, c.verdict) for c in check_export(sample_path())]
    >>> two = [(c.row, c.verdict) for c in check_export(sample_path(), jobs=2)]
    >>> one == two, len(one)
    (True, 3000)
    """  # noqa: E501
    if jobs is not None and (type(jobs) is not int or jobs < 1):
        raise InvalidArgument("jobs", jobs, "a whole number of processes, 1 or more, or None")
    chosen = jobs if jobs is not None else _auto_jobs(source)
    render_each = render if render is not None else Checked.itself
    if chosen > 1 and render is not None:
        import pickle

        try:
            pickle.dumps(render)
        except (pickle.PicklingError, AttributeError, TypeError):
            raise InvalidArgument(
                "render", render, "picklable with jobs above 1 (a module-level function)"
            ) from None
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    forced = edition_named(edition) if edition is not None else None
    reader: CaseReader | None = None
    header: tuple[str, ...] | None = None
    missing: dict[str, tuple[str, ...]] = {}
    if isinstance(source, str | os.PathLike | io.IOBase) or hasattr(source, "read"):
        reader = read_cases(
            source,  # type: ignore[arg-type]
            columns=columns,
            date_format=date_format,
            **(reading or {}),
        )
        items: Iterator[_Raw] = reader.raw_rows()
        convert = reader.convert
        header = reader.header
        missing = not_evidenced(absent_fields(reader, columns))
    else:
        items = _numbered(source)
        convert = None
    unevidenced = frozenset(missing)
    judge = _Judge(convert, cal, forced, as_of, late_acknowledgement, render_each, unevidenced)
    layout = reader.layout if reader is not None else None
    start = (
        *(header, columns, date_format, cal, forced, as_of, late_acknowledgement),
        *(render_each, unevidenced, layout),
    )
    batch: Batch[Any] = Batch(reader, items, judge, chosen, start)
    batch.not_evidenced = missing
    return batch
