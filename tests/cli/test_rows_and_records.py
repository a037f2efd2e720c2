"""Rows read and records: what the summaries count when a complaint's rows are joined.

In a one-row-per-stage export a complaint's stage rows make one record, with one result.
The summaries of ``check`` (either engine), ``due``, the reports and the page count the
file's data rows as rows and the results as records, so "N rows read" is never a count
of something else; where each record is one row, the summary stays as it was.

The messy export below is worked by hand. Row 1 is a title, row 2 the header; the data
rows are 3 to 7:

* rows 3 and 4: HC-1, stage 1 and its escalation: one record, checked;
* row 5: HC-2, outcome ``Resolved``, which is not an outcome: one record, rejected;
* row 6: a quote opened in the received cell and never closed: rejected, and
* row 7: read into that quoted cell: rejected on its own.

So 5 rows read as 4 records: 1 checked + 3 rejected.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from complaintcode.batch import BatchSummary
from complaintcode.cli import main
from corpus import write_xlsx
from support import run_cli, write_file

MESSY = (
    "Complaints export\n"
    "reference,stage,received,responded,outcome\n"
    "HC-1,Stage 1,02/04/2024 09:00,16/04/2024 10:00,Upheld in part\n"
    "HC-1,Escalation,20/04/2024 09:00,N/A,\n"
    "HC-2,Stage 1,03/04/2024 09:00,TBC,Resolved\n"
    'HC-3,Stage 1,"04/04/2024,-,\n'
    "HC-4,Stage 1,05/04/2024,-,\n"
)
READING = ["--header-row", "2", "--date-format", "dd/mm/yyyy"]
ENGINES = [
    "object",
    pytest.param(
        "columnar",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("pyarrow") is None, reason="needs the fast extra"
        ),
    ),
]


def _check(path: Path, engine: str, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(path), *READING, "--engine", engine, *options])
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("engine", ENGINES)
def test_check_counts_the_rows_of_a_stage_export_and_its_records(
    engine: str, tmp_path: Path
) -> None:
    """5 data rows, joined into 4 records: the summary names both, and 4 = 1 + 3."""
    path = write_file(tmp_path, MESSY)
    status, out, _ = _check(path, engine, "--max-rejected", "100%")
    assert status == 0
    assert "Checked 1 complaint from " in out
    assert "(5 rows read as 4 records; 3 records rejected)" in out
    assert "records read = complaints checked + records rejected" in out
    assert "Records rejected: 3 (each is listed with its row and field)" in out
    assert "rows read, " not in out
    assert "Rows rejected" not in out


@pytest.mark.parametrize("engine", ENGINES)
def test_too_many_rejected_records_are_counted_in_records(engine: str, tmp_path: Path) -> None:
    """The --max-rejected refusal counts records: 3 of 4, read from 5 rows (exit 2)."""
    path = write_file(tmp_path, MESSY)
    status, _, err = _check(path, engine, "--format", "csv")
    assert status == 2
    assert "3 records of 4 (75%, read from 5 rows) were rejected" in err
    assert "(5 rows read as 4 records; 3 records rejected)" in err


def test_both_engines_write_the_same_bytes_for_a_stage_export(tmp_path: Path) -> None:
    """Results, summary and exit status agree, byte for byte, as text and as CSV."""
    pytest.importorskip("pyarrow")
    path = write_file(tmp_path, MESSY)
    for fmt in ("text", "csv"):
        options = ("--format", fmt, "--max-rejected", "100%", "--as-of", "2024-06-30")
        assert _check(path, "columnar", *options) == _check(path, "object", *options)


def test_a_workbook_of_stage_rows_counts_its_rows(tmp_path: Path) -> None:
    """Three stage rows in a workbook (HC-1 stages 1 and 2, HC-2 stage 1): 2 records."""
    pytest.importorskip("python_calamine")
    header = ["reference", "stage", "received", "acknowledged", "responded", "outcome"]
    rows = [
        {"reference": "HC-1", "stage": "1", "received": "2024-04-02",
         "acknowledged": "2024-04-03", "responded": "2024-04-12", "outcome": "upheld"},
        {"reference": "HC-1", "stage": "2", "received": "2024-04-22",
         "acknowledged": "2024-04-23", "responded": "2024-05-10", "outcome": "upheld"},
        {"reference": "HC-2", "stage": "1", "received": "2024-04-05",
         "acknowledged": "2024-04-08", "responded": "2024-04-19", "outcome": "not upheld"},
    ]  # fmt: skip
    book = write_xlsx(tmp_path / "stages.xlsx", header, rows)
    for engine in ("object", "columnar") if importlib.util.find_spec("pyarrow") else ("object",):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["check", str(book), "--header-row", "3", "--engine", engine])
        assert "Checked 2 complaints from " in out.getvalue()
        assert "(3 rows read as 2 records; 0 records rejected)" in out.getvalue()


def test_a_one_row_per_stage_export_of_single_stages_reads_as_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each complaint on one row: rows = records, so the summary says rows, as ever."""
    path = write_file(tmp_path, "reference,stage,received\nHC-1,1,2024-04-02\nHC-2,1,2024-04-05\n")
    _, out, _ = run_cli(capsys, "check", str(path), "--engine", "object")
    assert "Checked 2 complaints from " in out
    assert "(2 rows read, 0 rejected)" in out
    assert "A record is" not in out


def test_due_counts_rows_and_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``due`` on the messy export: the same rows and records as ``check``."""
    path = write_file(tmp_path, MESSY)
    status, out, err = run_cli(
        capsys, "due", str(path), *READING, "--as-of", "2024-04-30", "--max-rejected", "100%"
    )
    assert status in (0, 1), err
    assert "(5 rows read as 4 records; 3 records rejected)" in out
    assert "Records rejected: 3 (listed on standard error)" in out
    status, _, err = run_cli(capsys, "due", str(path), *READING, "--as-of", "2024-04-30")
    assert status == 2
    assert "3 records of 4 were rejected" in err


def test_the_report_states_rows_records_and_what_was_excluded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The report's data section and its JSON ``read`` count rows and records apart."""
    path = write_file(tmp_path, MESSY)
    options = ("report", str(path), *READING, "--year", "2024", "--max-rejected", "100%")
    status, out, err = run_cli(capsys, *options, "--engine", "object")
    assert status == 0, err
    assert "| Rows read | 5 from " in out
    assert "| Records (a complaint's rows joined) | 4 |" in out
    assert "| Complaints checked | 1 |" in out
    assert "| Records excluded | 3 |" in out
    assert "(3 records rejected: see complaintcode check)" in err
    _, out, _ = run_cli(capsys, *options, "--format", "json")
    read = json.loads(out)["read"]
    assert (read["rows"], read["records"], read["checked"], read["rejected"]) == (5, 4, 1, 3)


def test_the_page_counts_rows_and_records() -> None:
    """The page shows rows and records, and offers a results file of one row per record."""
    pytest.importorskip("starlette")
    from complaintcode.calendar import WorkingDayCalendar
    from complaintcode.records import ColumnMap
    from complaintcode.server.exports import check_upload
    from complaintcode.server.sections import results_page

    results = check_upload(
        MESSY,
        columns=ColumnMap({}, header_row=2),
        date_format="dd/mm/yyyy",
        as_of=None,
        year=None,
        calendar=WorkingDayCalendar.england_and_wales(),
    )
    page = results_page(results, None)
    assert 'data-count="rows">5<' in page
    assert 'data-count="records">4<' in page
    assert '<dt>Records rejected</dt><dd data-count="rejected">3<' in page
    assert "3 of 4 records (75.0%) could not be read" in page
    assert "(CSV, 4 rows)" in page


def test_merging_summaries_adds_rows_where_some_were_joined() -> None:
    """A part whose rows were counted adds them; a part without adds its records."""
    joined, plain, total = BatchSummary(), BatchSummary(), BatchSummary()
    joined.checked, joined.rows = 2, 5  # five stage rows, two complaints
    plain.checked, plain.rejected = 3, 1  # four rows, one record each
    total.merge(plain)
    assert (total.rows, total.records, total.joined) == (4, 4, False)
    total.merge(joined)
    assert (total.rows, total.records, total.joined, total.unit) == (9, 6, True, "record")
