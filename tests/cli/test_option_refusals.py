"""Command-line values the commands cannot use: exit 2 with a message quoting the value.

argparse refusals (a bad --cutoff, a negative number of days, a percentage that is not a
number) and files named by an option (a closures file that cannot be read, or with a
line that is not a date) all stop before anything is computed, saying what was expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintcode.cli import EXIT_UNUSABLE, main


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The message of a usage error (argparse exits 2), from standard error."""
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 2
    return capsys.readouterr().err


def test_a_start_that_is_neither_a_date_nor_a_date_time_is_quoted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`working-days 2023-05-05T25:00 5`: not an ISO 8601 date or date-time."""
    err = _refused(capsys, "working-days", "2023-05-05T25:00", "5")
    assert "'2023-05-05T25:00' is not an ISO 8601 date or date-time" in err


def test_a_cutoff_that_is_not_a_time_of_day_is_quoted(capsys: pytest.CaptureFixture[str]) -> None:
    """`--cutoff 5pm`: not a time of day (HH:MM)."""
    err = _refused(capsys, "deadlines", "2024-05-03", "--cutoff", "5pm")
    assert "'5pm' is not a time of day (HH:MM)" in err


@pytest.mark.parametrize("days", ["five", "-1", "2.5"])
def test_a_number_of_days_that_is_not_a_whole_number_is_quoted(
    capsys: pytest.CaptureFixture[str], days: str
) -> None:
    """`working-days 2024-05-03 five`: a whole number of days, 0 or more, is expected."""
    err = _refused(capsys, "working-days", "2024-05-03", days)
    assert repr(days) in err
    assert "0 or more" in err


@pytest.mark.parametrize("value", ["ninety", "1/0"])
def test_a_rag_threshold_that_is_not_a_percentage_is_quoted(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """`self-assessment --green ninety` (or 1/0): not a percentage."""
    err = _refused(capsys, "self-assessment", "--sample", "--green", value)
    assert f"{value!r} is not a percentage (e.g. 95)" in err


def test_homes_per_tenure_with_a_blank_tenure_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--homes =100,general needs=4000`: every tenure needs a name and a count above 0."""
    err = _refused(capsys, "report", "--sample", "--homes", "=100,general needs=4000")
    assert "=100,general needs=4000" in err


def test_a_closures_file_that_cannot_be_read_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A closures file that does not exist: exit 2 naming the file, no deadlines printed."""
    missing = tmp_path / "no-such-closures.txt"
    status = main(["deadlines", "2023-12-22", "--closures", str(missing)])
    out, err = capsys.readouterr()
    assert status == EXIT_UNUSABLE
    assert f"cannot read closures file {missing}" in err
    assert out == ""


def test_a_closures_line_that_is_not_a_date_is_named_by_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line 3 reads 27/12/2023: exit 2 naming the file, the line and the value."""
    closures = tmp_path / "closures.txt"
    closures.write_text("# Christmas shutdown\n2023-12-27,shutdown\n27/12/2023\n")
    status = main(["deadlines", "2023-12-22", "--closures", str(closures)])
    _, err = capsys.readouterr()
    assert status == EXIT_UNUSABLE
    assert f"{closures}, line 3: '27/12/2023' is not an ISO 8601 date" in err
