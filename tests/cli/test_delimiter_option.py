"""``--delimiter`` on every command that reads an export, and its refusals.

The messy example export is rewritten with semicolons, tabs and pipes by Python's own
``csv`` writer (its quoted cells such as ``"Patel, J"`` then hold the new delimiter only
where the example's text does). Each command given the delimiter must print exactly what
it prints for the comma file: the files share a name, each in a folder of its own, so that
even the lines naming the file are the same.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from support import ROOT, run_cli

MESSY = ROOT / "examples" / "messy.csv"
COLUMNS = ROOT / "examples" / "columns.toml"
SPELLINGS = {";": ";", "\t": "tab", "|": "|"}
COMMANDS = {
    "check": ["check", "--format", "csv", "--as-of", "2024-06-01"],
    "check text, two processes": ["check", "--as-of", "2024-06-01", "--jobs", "2"],
    "report": ["report", "--year", "2024"],
    "self-assessment": ["self-assessment", "--year", "2024", "--format", "csv"],
    "due": ["due", "--as-of", "2024-06-01"],
}


def rewrite(folder: Path, delimiter: str) -> Path:
    """The messy example with ``delimiter`` between its cells, as ``folder/export.csv``."""
    with MESSY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    folder.mkdir()
    path = folder / "export.csv"
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    return path


def run_in(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    args = [*argv, "export.csv", "--columns", str(COLUMNS), "--max-rejected", "100%"]
    return run_cli(capsys, *args)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("delimiter", SPELLINGS)
def test_every_command_reads_the_export_with_its_delimiter(
    command: str,
    delimiter: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    comma = rewrite(tmp_path / "comma", ",").parent
    other = rewrite(tmp_path / "other", delimiter).parent
    expected = run_in(comma, capsys, monkeypatch, *COMMANDS[command])
    assert expected[0] in (0, 1), expected[2]
    assert expected[1].count("\n") > 3
    got = run_in(
        other, capsys, monkeypatch, *COMMANDS[command], "--delimiter", SPELLINGS[delimiter]
    )
    assert got == expected


@pytest.mark.parametrize("delimiter", SPELLINGS)
def test_without_the_option_the_export_is_refused_with_the_option_to_give(
    delimiter: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never checked as if valid: exit 2, nothing on standard output, the option named."""
    folder = rewrite(tmp_path / "other", delimiter).parent
    status, out, err = run_in(folder, capsys, monkeypatch, *COMMANDS["check"])
    assert (status, out) == (2, "")
    option = "--delimiter tab" if delimiter == "\t" else f"--delimiter '{delimiter}'"
    assert f"not commas; give {option} (or delimiter = " in err


def test_the_column_map_key_is_overridden_by_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = rewrite(tmp_path / "pipes", "|").parent
    mapped = folder / "map.toml"
    mapped.write_text('delimiter = ";"\n' + COLUMNS.read_text(encoding="utf-8"), "utf-8")
    monkeypatch.chdir(folder)
    base = ["check", "export.csv", "--columns", "map.toml", "--max-rejected", "100%"]
    status, _, err = run_cli(capsys, *base)
    assert status == 2
    assert "not semicolons; give --delimiter '|'" in err
    status, out, _ = run_cli(capsys, *base, "--delimiter", "|")
    assert status in (0, 1)
    assert "HC-1001" in out


def test_standard_input_is_read_with_the_delimiter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rewrite(tmp_path / "tabs", "\t")
    stdin = io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run_cli(
        capsys, "check", "-", "--delimiter", "\\t", "--columns", str(COLUMNS),
        "--max-rejected", "100%", "--format", "csv",
    )  # fmt: skip
    assert status in (0, 1)
    assert out.count("\n") == 28  # the header and the 27 rows


@pytest.mark.parametrize("bad", [":", "semi", ";;"])
def test_an_unknown_delimiter_is_a_usage_error(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli(capsys, "check", "--sample", "--delimiter", bad)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --delimiter: {bad!r} is not a delimiter: give ',', ';', tab" in err


def test_columns_takes_the_delimiter_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rewrite(tmp_path / "semicolons", ";")
    status, out, _ = run_cli(capsys, "columns", str(path))
    assert status == 0
    assert 'delimiter = ";"  # the cells are separated by semicolons, not commas' in out
    status, out, err = run_cli(capsys, "columns", str(path), "--delimiter", "|")
    assert status == 2
    assert "split at pipes, the delimiter given" in err
