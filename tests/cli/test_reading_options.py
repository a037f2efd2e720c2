"""The command line's reading options and the ``columns`` command, on real-looking exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintcode.cli import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE, main
from support import run_cli

ROOT = Path(__file__).resolve().parents[2]
STAGES = ROOT / "examples" / "stage-export.csv"
STAGE_MAP = ROOT / "examples" / "stage-columns.toml"
EXTENSIONS = ROOT / "examples" / "stage-extensions.csv"


def test_columns_writes_a_map_that_check_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    written = tmp_path / "columns.toml"
    status, _, _ = run_cli(capsys, "columns", str(STAGES), "--output", str(written))
    assert status == EXIT_OK
    text = written.read_text(encoding="utf-8")
    assert 'layout = "stages"' in text
    assert 'encoding = "cp1252"' in text
    assert '# "Resolved" = ?' in text
    status, out, err = run_cli(capsys, "check", str(STAGES), "--columns", str(written), "--quiet")
    # 'Resolved' is not mapped in the guess: those rows are rejected, naming word and column,
    # and more than 1% of the rows rejected is exit 2
    assert "'Resolved' is not an outcome" in out
    assert "[Outcome]" in out
    assert status == EXIT_UNUSABLE
    assert "--max-rejected" in err


def test_check_with_the_settled_map_and_an_extensions_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(
        capsys,
        "check",
        str(STAGES),
        "--columns",
        str(STAGE_MAP),
        "--extensions",
        str(EXTENSIONS),
        "--max-rejected",
        "10%",
    )
    assert status == EXIT_BREACHES
    assert "Checked 10 complaints" in out
    assert "row 14 (ref HC-2410): received [Date Logged]" in out


def test_options_override_the_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Without a map's settings, --encoding, --header-row and --date-format do the same."""
    bare = tmp_path / "bare.toml"
    text = STAGE_MAP.read_text(encoding="utf-8")
    for setting in ('encoding = "cp1252"\n', "header_row = 2\n", 'date_format = "dd/mm/yyyy"\n'):
        text = text.replace(setting, "")
    bare.write_text(text, encoding="utf-8")
    status, _, err = run_cli(capsys, "check", str(STAGES), "--columns", str(bare))
    assert status == EXIT_UNUSABLE
    assert "not UTF-8" in err
    status, out, _ = run_cli(
        capsys,
        "check",
        str(STAGES),
        "--columns",
        str(bare),
        "--encoding",
        "cp1252",
        "--header-row",
        "2",
        "--date-format",
        "dd/mm/yyyy",
        "--layout",
        "stages",
        "--max-rejected",
        "100%",
    )
    assert status == EXIT_BREACHES
    assert "Checked 10 complaints" in out


def test_a_bad_header_row_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", str(STAGES), "--header-row", "0"])
    assert caught.value.code == EXIT_UNUSABLE
    assert "row number" in capsys.readouterr().err
