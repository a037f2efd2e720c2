"""`working-days` and `deadlines`: the clock's start, stages without deadlines, refusals.

Dates are worked by hand from the calendar: May 2024 has bank holidays on Monday 6 (May
Day) and Monday 27 (Spring Bank Holiday).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintcode.cli import EXIT_OK, EXIT_UNUSABLE, main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_working_days_from_a_time_after_the_cutoff_says_when_the_clock_starts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Tuesday 2024-05-07 at 18:00, cut-off 17:00: the clock starts Wednesday the 8th.

    One working day on from Wednesday is Thursday the 9th; no day off lies between.
    """
    status, out, _ = _run(capsys, "working-days", "2024-05-07T18:00", "1", "--cutoff", "17:00")
    assert status == EXIT_OK
    assert out.splitlines() == [
        "2024-05-07T18:00:00 + 1 working day = 2024-05-09 (Thursday)",
        "The clock starts on 2024-05-08 (Wednesday).",
        "No non-working days skipped.",
    ]


def test_working_days_says_so_when_nothing_is_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    """Tuesday 2024-05-07 + 2 is Thursday the 9th, with no weekend or holiday between."""
    status, out, _ = _run(capsys, "working-days", "2024-05-07", "2")
    assert status == EXIT_OK
    assert out.splitlines() == [
        "2024-05-07 + 2 working days = 2024-05-09 (Thursday)",
        "No non-working days skipped.",
    ]


def test_deadlines_refuses_a_stage_1_received_after_the_stage_itself(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Stage 2 received 2024-05-03 cannot have had its stage 1 on 2024-05-10: exit 2."""
    status, out, err = _run(
        capsys, "deadlines", "2024-05-03", "--stage", "2", "--stage1-received", "2024-05-10"
    )
    assert status == EXIT_UNUSABLE
    assert out == ""
    assert "--stage1-received must not be after the stage's own received date" in err


def test_deadlines_for_a_stage_the_edition_does_not_have_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The 2024 Code has two stages: for stage 3 it sets no deadlines (exit 0, no dates)."""
    status, out, _ = _run(capsys, "deadlines", "2024-05-03", "--stage", "3")
    assert status == EXIT_OK
    assert out.splitlines() == [
        "Stage 3 received 2024-05-03 (Friday), judged under the 2024 Code",
        "  The 2024 Code sets no deadlines for stage 3.",
    ]


def test_deadlines_of_documents_lists_a_refused_line_and_never_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line 1 predates every edition: refused by line number; line 2's stages still printed.

    D-2, stage 1 received Friday 2024-05-03: acknowledge by Monday 13 May (the 6th is a
    bank holiday), respond 10 working days later, Tuesday 28 May (the 27th skipped). Stage 2
    received Monday 3 June: acknowledge by Monday 10 June.
    """
    documents = tmp_path / "complaints.jsonl"
    documents.write_text(
        '{"reference": "D-1", "stages": [{"number": 1, "received": "2019-01-07"}]}\n'
        '{"reference": "D-2", "stages": [{"number": 1, "received": "2024-05-03"},'
        ' {"number": 2, "received": "2024-06-03"}]}\n',
        encoding="utf-8",
    )
    status, out, err = _run(capsys, "deadlines", str(documents))
    assert status == EXIT_UNUSABLE
    lines = out.splitlines()
    assert lines[0].startswith("line 1 refused: /: no edition of the Complaint Handling Code")
    assert "2019-01-07" in lines[0]
    assert "D-2 stage 1 received 2024-05-03, judged under the 2024 Code" in lines
    assert any(line.startswith("  acknowledge by 2024-05-13:") for line in lines)
    assert any(line.startswith("  respond by 2024-05-28:") for line in lines)
    assert any(line.startswith("  acknowledge by 2024-06-10:") for line in lines)
    assert f"1 line(s) of {documents} could not be used (listed above)" in err
