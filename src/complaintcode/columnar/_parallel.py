"""Checking a plain CSV export on several cores, for ``complaintcode check --jobs N``.

Role: the parallel side of the columnar CSV path. The main process cuts the file into
blocks at line ends (as the one-process path cuts it) and counts their lines; worker
processes each read, check and render whole blocks; the main process takes their results
in file order and writes them, so the output is the same bytes in the same order.

Two things only the whole file knows are settled in the main process, in file order:

- a reference used in an earlier block: a worker remembers the references of its block;
  when any of them may have been used before, the main process checks that block again
  itself, knowing every earlier reference (so the repeat is reported as one process
  reports it);
- where the rows are: a block Arrow cannot cut as the reader would, or whose rows are not
  its lines (a line ending in a lone carriage return), ends the work of the workers; from
  there the main process reads the rest as the one-process path does.

The workers are forked from the main process once everything is imported and the
calendar built, so a block costs no import and no calendar; where processes cannot be
forked (anywhere but Linux) the file is checked in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, Generic, TypeVar

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._assemble import References
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._csv import ColumnReader, _Cutter
from complaintcode.records import CaseReader

__all__ = ["can_fork", "checked_in_parallel"]

_T = TypeVar("_T")

BLOCK_BYTES = 1 << 21
"""How many bytes of the file a block holds (about 8,000 rows of a typical export): half
the one-process batch, so that the workers together hold little more than one process."""


def can_fork() -> bool:
    """Whether worker processes can be forked here (Linux)."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


class _Plan(Generic[_T]):
    """What every worker needs, inherited when it is forked (never pickled)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        reader: CaseReader,
        calendar: WorkingDayCalendar,
        check: Callable[[Columns], _T],
    ) -> None:
        self.path = path
        self.reader = reader
        self.calendar = calendar
        self.check = check


class _Block(Generic[_T]):
    """One block checked: its results, its references, and where the next block starts.

    ``stop`` is the row the reader must go on from when Arrow could not cut part of the
    block (the results are those of the rows before it), else ``None``.
    """

    def __init__(self, results: list[_T], seen: References, next_row: int, stop: int | None):
        self.results = results
        self.seen = seen
        self.next_row = next_row
        self.stop = stop


_PLAN: _Plan[Any] | None = None


def _read(path: str | os.PathLike[str], offset: int, size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(offset)
        return handle.read(size)


def _check_block(
    plan: _Plan[_T], offset: int, size: int, first_row: int, seen: References
) -> _Block[_T]:
    """The block at ``offset`` checked, as the one-process path checks it."""
    cutter = _Cutter(plan.reader, plan.calendar, first_row, seen)
    columns, stop = cutter.read(_read(plan.path, offset, size), offset == 0)
    return _Block([plan.check(cols) for cols in columns], seen, cutter.first_row, stop)


def _work(offset: int, size: int, first_row: int) -> _Block[Any]:
    """In a worker: one block, with the references of this block alone."""
    assert _PLAN is not None
    return _check_block(_PLAN, offset, size, first_row, References())


def _cuts(path: str | os.PathLike[str], size: int) -> Iterator[tuple[int, int, int]]:
    """(offset, bytes, first row) of each block, cut at line ends as the one process cuts.

    The first row is counted in lines (the header is row 1): right while every block's
    rows are its lines, which the main process checks as it takes the results.
    """
    with open(path, "rb") as handle:
        offset = 0
        line = 1
        rest = b""
        while True:
            data = handle.read(size)
            if not data:
                if rest:
                    yield offset, len(rest), line + 1 if offset == 0 else line
                return
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if cut:
                yield offset, cut, line + 1 if offset == 0 else line
                offset += cut
                line += data.count(b"\n", 0, cut)
            rest = data[cut:]


def checked_in_parallel(
    reader: ColumnReader,
    jobs: int,
    check: Callable[[Columns], _T],
    block_bytes: int = BLOCK_BYTES,
) -> Generator[_T, None, None]:
    """``check`` of each batch of the export, in file order, worked out by ``jobs`` workers.

    ``reader`` must read a plain file (:attr:`ColumnReader.plain_path`) and worker
    processes must be possible (:func:`can_fork`). ``check`` runs in the workers: what it
    returns is sent back (pickled). A worker takes blocks of about ``block_bytes``.
    """
    global _PLAN
    path = reader.plain_path
    assert path is not None
    plan = _Plan(path, reader.case_reader, reader.calendar, check)
    seen = References()
    # Where the main process goes on alone: a row for the reader, or (offset, row) for Arrow.
    resume: int | tuple[int, int] | None = None
    _PLAN = plan
    # What exists now is shared with the workers as it is: out of the collector's sight,
    # no collection copies it into each of them.
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        waiting: deque[tuple[tuple[int, int, int], AsyncResult[_Block[_T]]]] = deque()
        expected = 2
        cuts = _cuts(path, block_bytes)
        done = False
        while resume is None and not done:
            cut = next(cuts, None)
            if cut is not None:
                waiting.append((cut, pool.apply_async(_work, cut)))
            done = cut is None
            while waiting and (done or len(waiting) > jobs + 1 or waiting[0][1].ready()):
                (offset, size, first_row), async_result = waiting.popleft()
                if first_row != expected:  # the rows before were not their lines
                    resume = (offset, expected)
                    break
                block = async_result.get()
                if seen.may_hold(block.seen.hashes()):
                    block = _check_block(plan, offset, size, first_row, seen)
                else:
                    seen.absorb(block.seen)
                yield from block.results
                if block.stop is not None:
                    resume = block.stop
                    break
                expected = block.next_row
        # The workers end normally (a coverage tracer saves its data), after the blocks they
        # hold, whose results are not needed when the main process goes on alone.
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _PLAN = None
        gc.unfreeze()
    if resume is None:
        return
    if isinstance(resume, tuple):
        yield from map(check, reader.from_offset(resume[0], resume[1], seen))
    else:
        yield from map(check, reader.from_row(resume))
