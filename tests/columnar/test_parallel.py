"""Worker processes check a CSV export in blocks and give what one process gives.

Every file here is checked by the reader alone (the reference), then in blocks of a few
hundred bytes by two worker processes: the results table is the same, cell for cell,
whatever the blocks hold (a reference used in an earlier block, a line break inside a
quoted cell, a NUL, a line ending in a lone carriage return).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from test_csv import _files

from complaintcode import WorkingDayCalendar, sample_path
from complaintcode.columnar import check_columns
from complaintcode.columnar._columns import Columns
from complaintcode.columnar._csv import _by_reader, parse_block, read_columns
from complaintcode.columnar._parallel import can_fork, checked_in_parallel
from complaintcode.records import read_cases

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked (Linux)")

_CALENDAR = WorkingDayCalendar.england_and_wales()
_AS_OF = date(2024, 7, 31)


def _rows(cols: Columns) -> list[tuple[str, ...]]:
    """A batch checked, as rows of text (what a worker sends back)."""
    table = check_columns(cols, calendar=_CALENDAR, as_of=_AS_OF).table_columns()
    return list(zip(*([str(v) for v in values] for values in table.values()), strict=True))


def _by_one_reader(path: Path, **reading: Any) -> list[tuple[str, ...]]:
    with read_cases(path, **reading) as reader:
        return [row for cols in _by_reader(reader, _CALENDAR, 0) for row in _rows(cols)]


def _in_parallel(path: Path, block: int, jobs: int = 2, **reading: Any) -> list[tuple[str, ...]]:
    reader = read_columns(path, columns=None, date_format=None, calendar=_CALENDAR, reading=reading)
    with reader:
        batches = checked_in_parallel(reader, jobs, _rows, block_bytes=block)
        return [row for rows in batches for row in rows]


def _export(path: Path, rows: list[str]) -> Path:
    path.write_text("reference,received,responded,handler\n" + "".join(rows), encoding="utf-8")
    return path


def _plain_rows(count: int, start: int = 0) -> list[str]:
    # Received Friday 3 May 2024, answered Friday 17 May: 10 working days, on time (1.4).
    return [f"R-{n},2024-05-03,2024-05-17,Officer {n % 3}\n" for n in range(start, count)]


def test_the_sample_in_blocks_is_checked_as_by_one_process() -> None:
    """The bundled sample (every rule family) cut into 20 KB blocks for two workers."""
    reader = read_columns(sample_path(), columns=None, date_format=None, calendar=_CALENDAR)
    with reader:
        one = [row for cols in reader for row in _rows(cols)]
    assert _in_parallel(sample_path(), 20_000) == one
    assert len(one) == 3000


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_files())
def test_any_file_in_blocks_reads_as_the_reader_reads_it(tmp_path: Path, text: str) -> None:
    """Odd spellings, short, blank and empty rows, repeats: blocks of 200 bytes, 2 workers."""
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert _in_parallel(path, 200) == _by_one_reader(path)


def test_a_reference_used_in_an_earlier_block_is_a_repeat(tmp_path: Path) -> None:
    """R-3 again on row 42, blocks apart: rejected there, naming row 5, as one process does."""
    path = _export(tmp_path / "export.csv", [*_plain_rows(40), *_plain_rows(4, 3)])
    rows = _in_parallel(path, 300)
    assert rows == _by_one_reader(path)
    repeat = [row for row in rows if "already used on row 5" in " ".join(row)]
    assert len(repeat) == 1
    assert "rejected" in repeat[0]


@pytest.mark.parametrize(
    "odd",
    [
        'R-odd,2024-05-03,2024-05-17,"Officer\nA"\n',  # a line break in a quoted cell
        "R-odd,2024-05-03,2024-05-17,Officer\x00A\n",  # a NUL
        "R-odd,2024-05-03,2024-05-17,Officer A\rR-cr,2024-05-03,,\n",  # a lone carriage return
        # A lone carriage return, then (read by one process, blocks later) a NUL.
        "R-odd,2024-05-03,,A\rR-cr,2024-05-03,,\n"
        + "".join(_plain_rows(110, 60))
        + "R-x,2024-05-03,,Officer\x00A\n",
    ],
    ids=["line-break-in-a-cell", "nul", "lone-carriage-return", "both"],
)
def test_a_block_arrow_cannot_cut_leaves_the_rest_to_one_process(tmp_path: Path, odd: str) -> None:
    """Blocks after the odd one are read as one process reads them: the same rows."""
    path = _export(tmp_path / "export.csv", [*_plain_rows(30), odd, *_plain_rows(60, 30)])
    rows = _in_parallel(path, 300)
    assert rows == _by_one_reader(path)
    assert rows[-1][1] == "R-59"


def test_one_worker_and_a_last_line_without_its_end(tmp_path: Path) -> None:
    """One worker, and a file whose last row has no line end, still gives every row."""
    path = _export(tmp_path / "export.csv", _plain_rows(20))
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    assert _in_parallel(path, 300, jobs=1) == _by_one_reader(path)


def test_stopping_early_ends_the_workers(tmp_path: Path) -> None:
    """A reader that stops after the first block leaves no worker behind."""
    import multiprocessing

    path = _export(tmp_path / "export.csv", _plain_rows(50))
    reader = read_columns(path, columns=None, date_format=None, calendar=_CALENDAR)
    with reader:
        batches = checked_in_parallel(reader, 2, _rows, block_bytes=300)
        first: Any = next(batches)
        batches.close()
    assert first[0][1] == "R-0"
    assert not multiprocessing.active_children()


def test_blocks_of_blank_rows_give_no_batch(tmp_path: Path) -> None:
    """Rows with no cell filled are passed over, as the reader passes over them.

    A block of blank rows gives no batch, by one process or by the workers.
    """
    path = _export(tmp_path / "export.csv", [*_plain_rows(5), ",,,\n" * 80, *_plain_rows(9, 5)])
    assert _in_parallel(path, 200) == _by_one_reader(path)
    reader = read_columns(path, columns=None, date_format=None, calendar=_CALENDAR, block_bytes=200)
    with reader:
        assert [row for cols in reader for row in _rows(cols)] == _by_one_reader(path)


def test_a_block_arrow_cannot_parse_is_none() -> None:
    """A short row, or text that is not UTF-8: Arrow does not cut it as the reader would."""
    assert parse_block(b"a,b\n1,2\n3\n", 2, True) is None
    assert parse_block(b"1,\xff\xfe\n", 2, False) is None
    assert parse_block(b"1,2\n", 2, False).to_pylist() == [{"c0": "1", "c1": "2"}]


def test_a_semicolon_export_is_cut_into_blocks_too(tmp_path: Path) -> None:
    """Cells split at the reader's delimiter (here ``;``), by the workers as by one process."""
    path = tmp_path / "export.csv"
    rows = [row.replace(",", ";") for row in _plain_rows(40)]
    path.write_text("reference;received;responded;handler\n" + "".join(rows), encoding="utf-8")
    one = _by_one_reader(path, delimiter=";")
    assert _in_parallel(path, 300, delimiter=";") == one
    assert len(one) == 40
