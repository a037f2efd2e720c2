"""Exports separated by semicolons, tabs or pipes, through ``columns`` and both engines.

The corpus's clean export is written again with another delimiter (no title row, so that
row numbers stay the same). ``complaintcode columns`` guesses its map (delimiter
included); ``check --columns MAP --format csv`` then writes, with the columnar engine and
with the object engine, exactly the bytes the comma file gives.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from complaintcode.cli import main
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
