"""Exports separated by semicolons, tabs or pipes, through ``columns`` and both engines.

The corpus's clean export is written again with another delimiter (no title row, so that
row numbers stay the same). ``complaintcode columns`` guesses its map (delimiter
included); ``check --columns MAP --format csv`` then writes, with the columnar engine and
with the object engine, exactly the bytes the comma file gives. Arrow, given the
delimiter, splits any small export (cells holding delimiters, quotes and line breaks,
short and blank rows) as the reader does.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintcode import WorkingDayCalendar
from complaintcode.cli import main
from complaintcode.columnar import check_columns
from complaintcode.columnar._csv import _by_reader, read_columns
from complaintcode.records import read_cases
from corpus import clean_rows, write_csv

pytest.importorskip("pyarrow")


def _check(path: Path, engine: str, *options: str) -> bytes:
    out = path.parent / f"{path.stem}.{engine}.out"
    with contextlib.redirect_stderr(io.StringIO()):
        status = main(
            ["check", str(path), "--format", "csv", "--output", str(out), "--engine", engine,
             "--as-of", "2025-12-31", *options]
        )  # fmt: skip
    assert status in (0, 1)
    return out.read_bytes()


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_guessed_map_then_check_writes_the_comma_files_bytes(
    delimiter: str, tmp_path: Path
) -> None:
    header, rows = clean_rows()
    expected = _check(write_csv(tmp_path / "comma.csv", header, rows), "object")
    assert expected.count(b"\n") > 200
    path = write_csv(tmp_path / "other.csv", header, rows, delimiter=delimiter)
    written = tmp_path / "map.toml"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["columns", str(path), "--output", str(written)]) == 0
    assert "delimiter = " in written.read_text(encoding="utf-8")
    for engine in ("auto", "object"):
        assert _check(path, engine, "--columns", str(written)) == expected, engine
    for engine in ("auto", "object"):
        assert _check(path, engine, "--delimiter", delimiter) == expected, engine


_TEXT = ["", "Officer A", "Repairs, North", "a; b", "tab\there", "pipe | here", 'say "hi"',
         "two\nlines", " ", "N/A", "=SUM(1)"]  # fmt: skip
_DATES = ["", "2024-05-03", "2024-05-07", "03/05/2024", "2024-02-30", "TBC", "bad"]


@st.composite
def _exports(draw: st.DrawFn) -> tuple[str, str]:
    """A small export (text and its delimiter): cells holding delimiters, quotes, breaks."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    columns = ["reference", "received", "acknowledged", "handler", "team"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for number in range(draw(st.integers(1, 10))):
        row = [
            draw(st.sampled_from([f"R{number}", "R0", ""])),
            draw(st.sampled_from(_DATES)),
            draw(st.sampled_from(_DATES)),
            draw(st.sampled_from(_TEXT)),
            draw(st.sampled_from(_TEXT)),
        ]
        shape = draw(st.sampled_from(["plain"] * 8 + ["short", "blank"]))
        writer.writerow(row[:-1] if shape == "short" else [""] * 5 if shape == "blank" else row)
    return out.getvalue(), delimiter


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_exports())
def test_arrow_and_the_reader_split_any_delimiter_alike(
    tmp_path: Path, export: tuple[str, str]
) -> None:
    """The fast path given a delimiter gives the reader's columns, row for row."""
    text, delimiter = export
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    cal = WorkingDayCalendar.england_and_wales()

    def table(batches: Any) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for cols in batches:
            for name, values in check_columns(cols).table_columns().items():
                out.setdefault(name, []).extend(str(v) for v in values)
        return out

    with read_cases(path, delimiter=delimiter) as reader:
        slow = table(_by_reader(reader, cal, 0))
    fast = read_columns(
        path, columns=None, date_format=None, calendar=cal, reading={"delimiter": delimiter}
    )
    assert table(fast) == slow
