"""Issue 10's corpus of real exports through ``check`` with either engine.

Every variant the corpus generates (times on dates, empty-value words, dd/mm/yyyy dates,
one row per stage with a byte-order mark, separate extensions, an ``.xlsx`` workbook under
a title, Windows-1252 text, semicolons under a title) and the clean file it came from are
checked with the columnar engine (the default) and with ``--engine object``, as CSV and as
text: the rows written, the summary and the exit status are the same, byte for byte. So is
each variant read through the column map guessed from it, and each variant with its rows
spoiled here and there (a repeated reference, a date that does not exist, a stage 2
without its stage 1).
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from complaintcode.cli import main
from complaintcode.cli.app import parser
from complaintcode.cli.check import _columnar
from complaintcode.records.guess import guess_columns
from corpus import NAMES, clean_rows, cli_options, variants, write_csv

pytest.importorskip("pyarrow")


def _check(path: Path, engine: str, options: list[str], fmt: str) -> tuple[int, str, str]:
    out = path.parent / f"{path.name}.{engine}.out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(
            ["check", str(path), "--format", fmt, "--output", str(out), "--engine", engine,
             "--as-of", "2025-12-31", *options]
        )  # fmt: skip
    return status, out.read_text(encoding="utf-8"), err.getvalue()


def _same(path: Path, options: list[str]) -> None:
    for fmt in ("csv", "text"):
        columnar = _check(path, "auto", options, fmt)
        assert columnar == _check(path, "object", options, fmt)
        assert columnar[1].count("\n") > 100  # the rows were read, not refused


def _spoiled(rows: list[dict[str, str]], dates: bool) -> list[dict[str, str]]:
    out = [dict(row) for row in rows]
    out[3]["reference"] = out[2]["reference"]  # a repeated reference
    if dates:  # (the variants rewrite every date, so only the clean file spoils one)
        out[7]["acknowledged"] = "2024-02-30"  # a day that does not exist
    out[9]["outcome"] = "sort of"  # not an outcome
    out[11]["received"] = ""  # stage 2 (if any) without its stage 1
    out[13]["handler"] = "=HYPERLINK(1)"  # a formula, written safely
    return out


@pytest.mark.parametrize("name", ["clean", *NAMES])
def test_the_variant_is_checked_the_same_by_either_engine(name: str, tmp_path: Path) -> None:
    header, rows = clean_rows()
    if name == "clean":
        path, options = write_csv(tmp_path / "clean.csv", header, rows), dict[str, Any]()
    else:
        path, options = variants(tmp_path, header, rows)[name]()
    _same(path, cli_options(options))


@pytest.mark.parametrize(
    "name", ["one row per stage", "separate extensions", "cp1252", "semicolons under a title"]
)
def test_the_variant_read_by_its_guessed_map_is_the_same(name: str, tmp_path: Path) -> None:
    header, rows = clean_rows()
    path, options = variants(tmp_path, header, rows)[name]()
    written = tmp_path / "columns.toml"
    written.write_text(guess_columns(path).to_toml(str(path)), encoding="utf-8")
    extensions = {"extensions": options["extensions"]} if "extensions" in options else {}
    _same(path, ["--columns", str(written), *cli_options(extensions)])


@pytest.mark.parametrize("name", ["clean", "times", "empty-words", "dd/mm/yyyy with times"])
def test_spoiled_rows_are_rejected_the_same_by_either_engine(name: str, tmp_path: Path) -> None:
    header, rows = clean_rows()
    spoiled = _spoiled(rows, name == "clean")
    if name == "clean":
        path, options = write_csv(tmp_path / "clean.csv", header, spoiled), dict[str, Any]()
    else:
        path, options = variants(tmp_path, header, spoiled)[name]()
    _same(path, cli_options(options))
    with path.open(encoding=options.get("encoding", "utf-8"), newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) > 200


def _engine_of(*argv: str) -> bool:
    """Whether ``check`` with these arguments runs the columnar engine."""
    return _columnar(parser().parse_args(["check", *argv]))


def test_the_columnar_engine_is_the_default_for_every_reading_option(tmp_path: Path) -> None:
    """The comparisons above compare two engines: text and CSV are checked by columns."""
    header, rows = clean_rows()
    for name in ["clean", *NAMES]:
        if name == "clean":
            path, options = write_csv(tmp_path / "clean.csv", header, rows), dict[str, Any]()
        else:
            path, options = variants(tmp_path, header, rows)[name]()
        for fmt in (["--format", "csv"], [], ["--format", "text", "--quiet"]):
            assert _engine_of(str(path), *fmt, *cli_options(options)), (name, fmt)
        assert not _engine_of(str(path), "--engine", "object", *cli_options(options))
        assert not _engine_of(str(path), "--format", "json", *cli_options(options))


def test_insisting_on_the_columnar_engine_for_json_is_a_usage_error(tmp_path: Path) -> None:
    header, rows = clean_rows()
    path = write_csv(tmp_path / "clean.csv", header, rows)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["check", str(path), "--format", "json", "--engine", "columnar"])
    assert status == 2
    assert "--engine columnar writes --format text or csv" in err.getvalue()
