"""``check`` by the columnar engine: what the run builds once, and its worker processes."""

from __future__ import annotations

import contextlib
import functools
import io
import threading
from datetime import date
from pathlib import Path

import pytest

from complaintcode import sample_path
from complaintcode.cli import EXIT_BREACHES, EXIT_OK, main
from complaintcode.cli.app import parser
from complaintcode.cli.check import _RowWriter
from complaintcode.cli.options import calendar_from


def test_the_calendar_is_built_once_per_command_line(tmp_path: Path) -> None:
    """Judging and the provenance line share one calendar, holding the closure days."""
    closures = tmp_path / "closures.txt"
    closures.write_text("2024-12-27,office closed\n", encoding="utf-8")
    args = parser().parse_args(["check", "--sample", "--closures", str(closures)])
    first = calendar_from(args)
    assert calendar_from(args) is first
    # 27 December 2024 is a Friday, a working day but for the closure.
    assert not first.is_working_day(date(2024, 12, 27))
    other = parser().parse_args(["check", "--sample"])
    assert calendar_from(other).is_working_day(date(2024, 12, 27))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_two_workers_write_what_one_process_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    """The sample by the columnar engine with --jobs 2: the same bytes, summary and status."""
    export = tmp_path / "export.csv"
    export.write_bytes(sample_path().read_bytes())
    one = _run(capsys, "check", str(export), "--format", fmt, "--as-of", "2025-03-31")
    two = _run(
        capsys, "check", str(export), "--format", fmt, "--as-of", "2025-03-31", "--jobs", "2"
    )
    assert one == two
    assert one[0] == EXIT_BREACHES


def test_an_export_not_cut_into_blocks_is_checked_in_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Latin-1 text (not read by Arrow in blocks) with --jobs 2: read by the reader, the same.

    Received Friday 3 May 2024, acknowledged Tuesday 7 May (2 working days, within 5:
    1.4) and answered Friday 17 May (10 working days after receipt, on time): compliant.
    """
    export = tmp_path / "export.csv"
    export.write_bytes(
        "reference,received,acknowledged,responded,handler\n"
        "A-1,2024-05-03,2024-05-07,2024-05-17,Zoë\n".encode("latin-1")
    )
    options = ["check", str(export), "--format", "csv", "--encoding", "latin-1"]
    one = _run(capsys, *options)
    assert _run(capsys, *options, "--jobs", "2") == one
    assert one[0] == EXIT_OK
    assert ",compliant," in one[1]


def test_csv_rows_reach_a_standard_output_that_takes_only_text(tmp_path: Path) -> None:
    """Standard output with no bytes beneath it (a StringIO): the rows are written as text.

    The same text as the file ``--output`` writes (where the rows go as bytes).
    """
    export = tmp_path / "export.csv"
    export.write_bytes(sample_path().read_bytes())
    written = tmp_path / "out.csv"
    with contextlib.redirect_stderr(io.StringIO()):
        to_file = ["check", str(export), "--format", "csv", "--output", str(written)]
        assert main(to_file) == EXIT_BREACHES
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert main(["check", str(export), "--format", "csv"]) == EXIT_BREACHES
    assert out.getvalue() == written.read_text(encoding="utf-8")
    assert out.getvalue().count("\n") == 3001


def _rows(number: int) -> bytes:
    """A batch's rows as the second thread renders them, with the thread that did."""
    return f"batch {number} on {threading.current_thread().name}\n".encode()


def test_batches_rendered_on_a_second_thread_are_written_in_file_order(tmp_path: Path) -> None:
    """A file takes bytes at its descriptor: each batch is rendered and written behind."""
    written = tmp_path / "out.csv"
    with written.open("w", encoding="utf-8", newline="") as stream:
        stream.write("header\n")
        with _RowWriter(stream, behind=True) as write:
            for number in range(5):
                write(functools.partial(_rows, number))
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines == ["header"] + [f"batch {n} on complaintcode-writer" for n in range(5)]


def _broken() -> bytes:
    raise ValueError("the rows could not be rendered")


def test_an_error_on_the_second_thread_is_raised_on_the_first(tmp_path: Path) -> None:
    """Raised when the next batch is handed over, which is not written."""
    written = tmp_path / "out.csv"
    with written.open("w", encoding="utf-8", newline="") as stream:
        raised = pytest.raises(ValueError, match="could not be rendered")
        with raised, _RowWriter(stream, behind=True) as write:
            write(functools.partial(_rows, 0))
            write(_broken)
            write(functools.partial(_rows, 2))
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines == ["batch 0 on complaintcode-writer"]
