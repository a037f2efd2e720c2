"""``report`` and ``self-assessment`` give the same bytes with either engine.

With the fast extra, both commands read a plain CSV export with the columnar engine and
add the results up on whole columns; ``--engine object`` checks one complaint at a time
and adds up the assessments. Every figure, line and exit status must be the same: on the
bundled sample (every format and grouping), on generated files with odd cells and
rejected rows, on real-export variants from the issue-10 corpus, and on an export that
lacks columns (the rules they evidence are "not evidenced" in both).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintcode import sample_path
from complaintcode.cli import main
from complaintcode.cli.options import UsageError
from corpus import NAMES, clean_rows, variants


def _module(relative: str) -> Any:
    """Another test module, loaded by path to reuse its file generators as they are."""
    path = Path(__file__).resolve().parent.parent / relative
    spec = importlib.util.spec_from_file_location(f"_reused_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_CSV = _module("columnar/test_csv.py")  # generated files with odd cells and rows


def _run(command: str, path: Path, engine: str, *options: str) -> tuple[int | str, str, str]:
    out = path.with_suffix(f".{command}.{engine}.out")
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status: int | str = main(
                [command, str(path), "--output", str(out), "--engine", engine, *options]
            )
        except (UsageError, SystemExit) as stop:  # refused runs must be refused alike
            status = f"{type(stop).__name__}: {stop}"
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return status, text, err.getvalue()


def _same(command: str, path: Path, *options: str) -> tuple[int | str, str, str]:
    columnar = _run(command, path, "columnar", *options)
    assert columnar == _run(command, path, "object", *options)
    return columnar


_REPORTS = [
    ("report", "--year", "2023"),
    ("report", "--year", "2024", "--by", "quarter", "--format", "csv"),
    ("report", "--year", "2024", "--by", "tenure", "--homes", "LCRA=4500,LCHO=300"),
    ("report", "--year", "2022", "--by", "handler", "--ch02-basis", "received"),
    ("report", "--year", "2024", "--by", "team", "--format", "json", "--homes", "5000"),
    ("report", "--year", "2023", "--by", "category", "--as-of", "2025-12-31"),
    ("self-assessment", "--year", "2024"),
    ("self-assessment", "--year", "2023", "--format", "csv"),
    ("self-assessment", "--year", "2022", "--edition", "2024", "--format", "json"),
]


@pytest.mark.parametrize("command", _REPORTS, ids=" ".join)
def test_the_sample_gives_the_same_bytes(tmp_path: Path, command: tuple[str, ...]) -> None:
    """The bundled sample: every format, grouping, CH01/CH02 option and edition."""
    path = tmp_path / "sample.csv"
    path.write_bytes(sample_path().read_bytes())
    status, text, _ = _same(command[0], path, *command[1:])
    assert status == 0
    assert "3,000" in text or '"rows": 3000' in text  # every row of the sample was read


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    _CSV._files(),
    st.sampled_from(_REPORTS[:1] + _REPORTS[2:4] + _REPORTS[6:7]),
    st.sampled_from([[], ["--max-rejected", "100"]]),
)
def test_generated_files_give_the_same_bytes(
    tmp_path: Path, text: str, command: tuple[str, ...], options: list[str]
) -> None:
    """Odd cells, short, blank and repeated rows: the same figures, refusals and notes."""
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    year = ["--year", "2024"]
    _same(command[0], path, *command[1:2], *year, *command[3:], *options)


@pytest.mark.parametrize("name", NAMES)
def test_real_export_variants_give_the_same_bytes(tmp_path: Path, name: str) -> None:
    """Issue 10's corpus, each variant with its reading options.

    Times on dates, empty-value words, dd/mm/yyyy, one row per stage, separate extensions,
    a workbook, Windows-1252 text.
    """
    header, rows = clean_rows()
    path, given = variants(tmp_path, header, rows)[name]()
    options: list[str] = []
    for key, value in given.items():
        options += [f"--{key.replace('_', '-')}", str(value)]
    for command in (_REPORTS[1], _REPORTS[6]):
        status, _, _ = _same(command[0], path, *command[1:], *options)
        assert status == 0


def test_absent_columns_are_not_evidenced_by_either_engine(tmp_path: Path) -> None:
    """No ``acknowledged`` column: the acknowledgement figures are not evidenced in both.

    Received Friday 3 May 2024 and answered 17 May, within 10 working days of the
    acknowledgement deadline (Friday 10 May): answered on time. Whether it was
    acknowledged on time the export cannot say, so 6.2's row says "not evidenced".
    """
    path = tmp_path / "export.csv"
    path.write_text("reference,received,responded\nA-1,2024-05-03,2024-05-17\n", "utf-8")
    status, text, err = _same("self-assessment", path, "--year", "2024", "--format", "csv")
    assert status == 0
    assert "not evidenced: the export has no 'acknowledged' column" in text
    assert "no 'acknowledged' column" in err
    status, text, _ = _same("report", path, "--year", "2024", "--format", "csv")
    assert "Not evidenced: stage1.acknowledgement" in text


def test_an_unknown_by_is_refused_by_either_engine(tmp_path: Path) -> None:
    """``--by`` naming a column the export does not record: a usage error from both."""
    path = tmp_path / "sample.csv"
    path.write_bytes(sample_path().read_bytes())
    status, text, err = _same("report", path, "--year", "2024", "--by", "patch")
    assert status == 2
    assert not text
    assert "--by 'patch' is not a field this export records" in err
