"""The sample report shown in the docs is exactly what the command prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintcode.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "annual-report.md"


def test_the_docs_show_the_current_sample_report(capsys: pytest.CaptureFixture[str]) -> None:
    """Regenerate the sample's 2023-24 table and compare it with the how-to page."""
    assert main(["report", "--sample", "--year", "2023", "--homes", "4800"]) == 0
    printed = capsys.readouterr().out
    body = printed.split("\n", 1)[1].strip().replace("## ", "### ")
    # The last line says what produced the figures; it names the installed versions, so
    # the page shows it apart, as an example (the provenance tests check its content).
    lines = body.split("\n")
    (made,) = (i for i, line in enumerate(lines) if line.startswith("Produced by complaintcode "))
    assert lines[made - 1] == ""
    body = "\n".join(lines[: made - 1] + lines[made + 1 :])
    text = DOC.read_text(encoding="utf-8")
    shown = text.split("<!-- sample-report:start -->\n", 1)[1].split(
        "\n<!-- sample-report:end -->", 1
    )[0]
    assert shown.strip() == body
