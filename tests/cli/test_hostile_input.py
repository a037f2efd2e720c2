"""Hostile and mistaken input on the command line: never a traceback, never a quiet success.

Every test here is bounded in time (small files, a few dozen generated cases). The laws:
no exception ever escapes ``main`` (exit status 0, 1 or 2, one line of error), unusable
input exits 2, rows read = checked + rejected, and no CSV cell the command writes would be
run as a formula by a spreadsheet or split into two rows.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintcode import sample_path
from complaintcode.cli import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE, main
from support import run_cli, write_file

HEADER = "reference,received,acknowledged,responded,tenure,category,handler"
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _assert_safe_csv(text: str) -> list[list[str]]:
    """Every cell of CSV output is safe to open in a spreadsheet; returns the rows."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            assert "\r" not in cell, f"a bare CR would split the row: {cell!r}"
            assert not cell.lstrip(" ").startswith(FORMULA) or cell.startswith("'"), cell
    return rows


def _summary_counts(text: str) -> tuple[int, int, int]:
    """(checked, records read, rejected) from the summary line.

    Records are rows, unless a complaint's stage rows were joined: then the line names
    both ("5 rows read as 4 records; 3 records rejected"), and there are more rows.
    """
    found = re.search(
        r"Checked ([\d,]+) complaints? from .* \(([\d,]+) rows? read"
        r"(?:, ([\d,]+) rejected| as ([\d,]+) records?; ([\d,]+) records? rejected)\)",
        text,
    )
    assert found, text
    checked, rows, rejected, records, rejected_records = (
        None if g is None else int(g.replace(",", "")) for g in found.groups()
    )
    assert checked is not None
    assert rows is not None
    if records is None:
        assert rejected is not None
        return checked, rows, rejected
    assert rejected_records is not None
    assert rows > records
    return checked, records, rejected_records


# -- mistakes that must be refused --------------------------------------------------------


def test_output_naming_the_input_is_refused_and_the_export_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output pointing at the export exits 2 before writing; the export is untouched."""
    source = write_file(tmp_path, f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,\n")
    before = source.read_bytes()
    for spelled in (str(source), str(tmp_path / "." / "in.csv")):
        status, _, err = run_cli(capsys, "check", str(source), "--output", spelled)
        assert status == EXIT_UNUSABLE
        assert "is the input file" in err
        assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("--closures", "2024-05-08\n"),
        ("--columns", '[columns]\nreference = "reference"\n'),
        ("--extensions", "reference,stage,notified,working_days,reason\n"),
        ("--remedies", "reference,kind,description,offered\n"),
    ],
)
def test_output_naming_another_input_file_is_refused_and_the_file_kept(
    option: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output over the --closures (or columns, extensions, remedies) file: exit 2, kept."""
    source = write_file(tmp_path, f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,\n")
    other = write_file(tmp_path, text, "other.txt")
    for command in (["check"], ["report", "--year", "2024"]):
        status, _, err = run_cli(
            capsys, *command, str(source), option, str(other), "--output", str(other)
        )
        assert status == EXIT_UNUSABLE, err
        assert f"is the {option} file" in err
        assert other.read_text(encoding="utf-8") == text


def test_a_file_whose_every_row_is_rejected_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even with --max-rejected 100%, nothing checked is never a success."""
    source = write_file(tmp_path, f"{HEADER}\nA,31/02/2024,,,,,\nB,not a date,,,,,\n")
    for extra in ([], ["--max-rejected", "100%"]):
        status, out, err = run_cli(capsys, "check", str(source), *extra)
        assert status == EXIT_UNUSABLE
        assert "every row was rejected" in err
        assert "(2 rows read, 2 rejected)" in out
    status, _, err = run_cli(capsys, "report", str(source), "--year", "2023")
    assert status == EXIT_UNUSABLE
    assert "every row was rejected" in err


def test_a_header_without_rows_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No data rows: nothing to check, exit 2 (not "0 breaches", exit 0)."""
    source = write_file(tmp_path, HEADER + "\n")
    status, _, err = run_cli(capsys, "check", str(source))
    assert status == EXIT_UNUSABLE
    assert "no data rows" in err


def test_more_rejected_than_allowed_exits_2_with_reasons_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """3 of 5 rows unreadable (60 %): exit 2, and the summary groups them by reason."""
    rows = [
        "A,2024-05-03,2024-05-07,2024-05-10,,,",
        "B,2024-05-03,2024-05-07,2024-05-10,,,",
        "C,31/02/2024,,,,,",
        "D,01/03/2024,,,,,",
        "E,2024-05-03,tomorrow,,,,",
    ]
    source = write_file(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    status, out, err = run_cli(capsys, "check", str(source))
    assert status == EXIT_UNUSABLE
    assert "3 rows of 5 (60%) were rejected, more than --max-rejected 1%" in err
    assert _summary_counts(out) == (2, 5, 3)
    reasons = out.split("by reason:", 1)[1].splitlines()
    # Two rows share the reason "received: … is not an ISO 8601 date"; one has its own.
    counts = sorted(int(line.split()[0]) for line in reasons if line.strip())
    assert counts == [1, 2]
    assert run_cli(capsys, "check", str(source), "--max-rejected", "60%")[0] == EXIT_OK
    assert run_cli(capsys, "check", str(source), "--max-rejected", "59%")[0] == EXIT_UNUSABLE


def test_one_rejected_row_is_worded_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1 of 3 rows rejected: "1 row of 3 (33.3%) was rejected", never "were"."""
    rows = ["A,2024-05-03,2024-05-07,2024-05-10,,,", "B,31/02/2024,,,,,"]
    rows.append("C,2024-05-03,2024-05-07,2024-05-10,,,")
    source = write_file(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    status, out, err = run_cli(capsys, "check", str(source))
    assert status == EXIT_UNUSABLE
    assert "1 row of 3 (33.3%) was rejected, more than --max-rejected 1%" in err
    assert _summary_counts(out) == (2, 3, 1)


def test_a_stray_quote_counts_every_line_it_swallowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quote left open on the second of four rows: 4 rows read = 1 checked + 3 rejected."""
    rows = ["A,2024-05-03,2024-05-07,2024-05-10,,,", 'B,"2024-05-03,2024-05-07,,,,,']
    rows += ["C,2024-05-03,2024-05-07,2024-05-10,,,", "D,2024-05-03,2024-05-07,2024-05-10,,,"]
    source = write_file(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    status, out, _ = run_cli(capsys, "check", str(source))
    assert status == EXIT_UNUSABLE
    assert _summary_counts(out) == (1, 4, 3)
    assert "row 5: read into the quoted cell left open on row 3" in out


def test_as_of_before_receipt_is_not_called_compliant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A complaint received after --as-of is "not yet received", never "compliant"."""
    source = write_file(
        tmp_path,
        f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,\nB,2024-01-08,2024-01-09,2024-01-10,,,\n",
    )
    status, out, _ = run_cli(
        capsys, "check", str(source), "--as-of", "2024-02-01", "--format", "csv"
    )
    assert status == EXIT_OK
    results = {row[1]: row[2] for row in _assert_safe_csv(out)[1:]}
    assert results == {"A": "not-received", "B": "compliant"}
    status, out, err = run_cli(capsys, "check", str(source), "--as-of", "2020-01-01")
    assert status == EXIT_UNUSABLE
    assert "nothing to judge" in err
    assert "received after 2020-01-01, so not judged: 2" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--sample", "--as-of", "10000-01-01"],
        ["check", "--sample", "--as-of", "2024-13-01"],
        ["check", "--sample", "--as-of", "yesterday"],
        ["check", "--sample", "--jobs", "0"],
        ["check", "--sample", "--jobs", "-1"],
        ["check", "--sample", "--jobs", "many"],
        ["check", "--sample", "--jobs", "99999999999999999999"],
        ["check", "--sample", "--max-rejected", "101%"],
        ["check", "--sample", "--max-rejected", "-1%"],
        ["check", "--sample", "--max-rejected", "lots"],
        ["report", "--sample", "--year", "99999"],
        ["report", "--sample", "--year", "-5"],
        ["report", "--sample", "--year", "1" + "0" * 5000],
        ["report", "--sample", "--year", "2023", "--by", "nonsense"],
        ["report", "--sample", "--year", "2023", "--homes", "0"],
        ["self-assessment", "--sample", "--year", "99999"],
        ["self-assessment", "--sample", "--year", "2023", "--green", "1e99999"],
        ["working-days", "9999-12-31", "5"],
        ["working-days", "2023-05-05", "1" + "0" * 50],
        ["deadlines", "0001-01-01"],
        ["deadlines", "2024-05-03T10:00:00+14:00", "--acknowledged", "2024-05-01"],
        ["check", "--sample", "--subdivision", "XX"],
    ],
)
def test_unusable_arguments_exit_2_without_a_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each unusable argument is one line on stderr and exit 2; no traceback."""
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse's own refusals exit 2 too
        status = int(stop.code or 0)
    _, err = capsys.readouterr()
    assert status == EXIT_UNUSABLE, err
    assert "Traceback" not in err
    assert err.strip()


def test_by_an_unknown_field_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    """--by with a misspelt field names the fields this export can be grouped by."""
    status, _, err = run_cli(capsys, "report", "--sample", "--year", "2023", "--by", "tenur")
    assert status == EXIT_UNUSABLE
    assert "choose one of: tenure, category, handler, quarter" in err


def test_by_handler_groups_each_stage_under_its_handler(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--by handler gives a column per handler, with "|" escaped in Markdown."""
    source = write_file(
        tmp_path,
        f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,Ann | Bo\n"
        "B,2024-05-03,2024-05-07,2024-05-10,,,Cy\n",
    )
    status, out, _ = run_cli(capsys, "report", str(source), "--year", "2024", "--by", "handler")
    assert status == EXIT_OK
    assert "| | All | Ann \\| Bo | Cy |" in out


# -- spreadsheet safety -------------------------------------------------------------------


def test_formula_cells_and_carriage_returns_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check and report CSV: formulas get an apostrophe; a CR stays inside its cell."""
    source = write_file(
        tmp_path,
        f"{HEADER}\n"
        '"=HYPERLINK(""http://x"")",2024-05-03,2024-05-07,2024-05-10,"=HYPERLINK(1)",'
        '"cat\r=1+1",h\n'
        '" @SUM(A1)",2024-05-03,2024-05-07,2024-05-10,"+44",-1,h\n',
    )
    status, out, _ = run_cli(capsys, "check", str(source), "--format", "csv")
    assert status == EXIT_OK
    rows = _assert_safe_csv(out)
    assert len(rows) == 3  # the header and two complaints: the CR split nothing
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    status, out, _ = run_cli(
        capsys, "report", str(source), "--year", "2024", "--by", "tenure", "--format", "csv"
    )
    assert status == EXIT_OK
    header = _assert_safe_csv(out)[0]
    assert "'=HYPERLINK(1)" in header
    assert "'+44" in header


# -- streams, pipes, signals --------------------------------------------------------------


def test_dash_reads_standard_input_and_writes_standard_output() -> None:
    """`check - --output -` reads the export from stdin and writes to stdout."""
    data = sample_path().read_bytes()
    piped = subprocess.run(
        [sys.executable, "-m", "complaintcode", "check", "-", "--format", "csv", "--output", "-"],
        input=data,
        capture_output=True,
        check=False,
        timeout=120,
    )
    direct = subprocess.run(
        [sys.executable, "-m", "complaintcode", "check", "--sample", "--format", "csv"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert piped.returncode == direct.returncode == EXIT_BREACHES
    assert piped.stdout == direct.stdout
    assert b"standard input" in piped.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])  # csv: written by a second thread
def test_a_closed_pipe_is_quiet(fmt: str) -> None:
    """Reading one line and closing the pipe (`| head -1`) leaves nothing on stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "complaintcode", "check", "--sample", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == EXIT_OK
    assert b"Traceback" not in err
    assert b"BrokenPipe" not in err


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_a_traceback(jobs: str) -> None:
    """SIGINT while reading exits 130 with one line, in one process or with workers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "complaintcode", "check", "-", "--jobs", jobs],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,\n".encode())
    process.stdin.flush()  # the export stays open: the command waits for more rows
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"Traceback" not in err
    assert b"interrupted" in err


def test_one_complaint_is_counted_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One complaint: "Checked 1 complaint ... (1 row read, 0 rejected)"."""
    source = write_file(tmp_path, f"{HEADER}\nA,2024-05-03,2024-05-07,2024-05-10,,,\n")
    _, out, _ = run_cli(capsys, "check", str(source))
    assert f"Checked 1 complaint from {source} (1 row read, 0 rejected)" in out


# -- generated hostile exports --------------------------------------------------------------

_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "2024-05-03",
            "2024-05-07",
            "2024-05-10 09:30",
            "31/02/2024",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "9" * 5000,
            '=HYPERLINK("x")',
            "+1",
            "-1",
            "@A1",
            " =1",
            "a,b",
            'say "hi"',
            "line\rbreak",
            "line\nbreak",
            "N/A",
            "TBC",
            "Upheld",
            "yes",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(_CELLS, min_size=7, max_size=7), min_size=1, max_size=8))
def test_generated_hostile_exports_never_crash_and_count_every_row(
    rows: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any export: exit 0, 1 or 2, no traceback; safe CSV; rows read = checked + rejected."""
    folder = tmp_path_factory.mktemp("hostile")
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for number, row in enumerate(rows):
        writer.writerow([f"R{number}-{row[0]}", *row[1:]])
    source = folder / "hostile.csv"
    source.write_text(text.getvalue(), encoding="utf-8", newline="")
    output = folder / "out.csv"
    errors = io.StringIO()
    stderr = sys.stderr
    sys.stderr = errors
    try:
        status = main(
            [
                "check",
                str(source),
                "--format",
                "csv",
                "--output",
                str(output),
                "--max-rejected",
                "100%",
            ]
        )
    finally:
        sys.stderr = stderr
    err = errors.getvalue()
    assert status in (EXIT_OK, EXIT_BREACHES, EXIT_UNUSABLE)
    assert "Traceback" not in err
    if output.exists():
        results = _assert_safe_csv(output.read_text(encoding="utf-8"))
        if "Checked" in err:
            checked, read, rejected = _summary_counts(err)
            assert read == checked + rejected == len(results) - 1


def test_an_absent_column_is_not_evidenced_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No acknowledged column: a warning names it; 6.2 is "not evidenced", never Red 0 %."""
    # Received Fri 3 May 2024, answered Mon 20 May: after the 13 May acknowledgement
    # deadline, so a blank cell would be a breach of 6.2; a missing column is not a "no".
    source = write_file(tmp_path, "reference,received,responded\nA,2024-05-03,2024-05-20\n")
    status, out, err = run_cli(capsys, "check", str(source))
    assert status == EXIT_OK
    assert "the export has no 'acknowledged' column" in err
    assert "stage1.acknowledgement: the export has no 'acknowledged' column" in out
    status, out, err = run_cli(
        capsys, "self-assessment", str(source), "--year", "2024", "--format", "csv"
    )
    assert status == EXIT_OK
    assert "the export has no 'acknowledged' column" in err
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["provision"] == "6.2")
    assert row["comply"] == ""
    assert row["evidence"] == "not evidenced: the export has no 'acknowledged' column"
    status, out, err = run_cli(capsys, "report", str(source), "--year", "2024", "--format", "json")
    assert status == EXIT_OK
    assert "the export has no 'acknowledged' column" in err
