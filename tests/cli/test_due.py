"""The ``due`` command (the work queue) and ``deadlines --format json``.

Expected dates are worked by hand (2024 bank holidays: Mon 6 May, Mon 27 May).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from complaintcode.cli import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE
from support import run_cli

# A: rcv Fri 2024-05-03, ack Tue 05-07 -> respond by 05-07 +10 WD: 8,9,10(3),13-17(8),
#    20,21 -> Tue 05-21.
# B: rcv Tue 2024-05-14, nothing else -> ack by +5 WD: 15,16,17,20,21 -> Tue 05-21;
#    respond by 05-21 +10 WD: 22,23,24(3),(27 BH),28-31(7),Jun 3,4,5 -> Wed 06-05.
# C: answered: owes nothing.
# D: a row with an impossible date: rejected.
EXPORT = (
    "reference,received,acknowledged,responded,handler,team\n"
    "A,2024-05-03,2024-05-07,,Officer K,North\n"
    "B,2024-05-14,,,Officer J,South\n"
    "C,2024-05-01,2024-05-02,2024-05-10,Officer K,North\n"
    "D,2024-05-14,2024-05-13,,Officer J,South\n"
)


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    # The exports here reject rows on purpose (row D, and row E below: up to 2 in 5),
    # more than the default 1 %; the refusal itself is tested at the end.
    if argv[0] == "due" and "--max-rejected" not in argv:
        argv = (*argv, "--max-rejected", "50%")
    return run_cli(capsys, *argv)


def test_due_lists_the_queue_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Wed 2024-05-22: A's response 1 working day late; B's acknowledgement 1 late.

    B's response: left (05-22, 06-05]: 23,24(2),28-31(6),3,4,5(9) -> 9, upcoming.
    """
    status, out, err = _run(capsys, "due", str(_export(tmp_path)), "--as-of", "2024-05-22")
    assert status == EXIT_BREACHES  # something is overdue
    lines = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert [(cells[0], cells[1], cells[2], cells[4]) for cells in lines[:3]] == [
        ("OVERDUE", "2024-05-21", "1", "A"),
        ("OVERDUE", "2024-05-21", "1", "B"),
        ("UPCOMING", "2024-06-05", "9", "B"),
    ]
    assert "Queued 3 actions on 2 of 3 complaints" in out
    assert "(4 rows read, 1 rejected)" in out
    assert "rejected: row 5" in err


def test_due_before_anything_is_late_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Tue 05-21 both deadlines fall today: due today, nothing overdue."""
    status, out, _ = _run(capsys, "due", str(_export(tmp_path)), "--as-of", "2024-05-21")
    assert status == EXIT_OK
    assert "DUE_TODAY 3" in out  # A's response, its extension-notice line, B's acknowledgement


def test_due_needs_as_of(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """There is no "today": without --as-of the command refuses (exit 2)."""
    status, _, err = _run(capsys, "due", str(_export(tmp_path)))
    assert status == EXIT_UNUSABLE
    assert "--as-of" in err


def test_due_csv_grouped_by_handler(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV: one row per action with a group column; numbers stay numbers."""
    _, out, err = _run(
        capsys,
        "due", str(_export(tmp_path)), "--as-of", "2024-05-22", "--by", "handler",
        "--format", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["group"], r["reference"], r["kind"], r["working_days_left"]) for r in rows] == [
        ("Officer K", "A", "RESPOND", "-1"),
        ("Officer J", "B", "ACKNOWLEDGE", "-1"),
        ("Officer J", "B", "RESPOND", "9"),
    ]
    assert rows[0]["basis"] == (
        "2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)"
    )
    assert "Queued 3 actions" in err


def test_due_json_lines_by_an_export_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON Lines grouped by an extra column of the export (team)."""
    _, out, _ = _run(
        capsys,
        "due", str(_export(tmp_path)), "--as-of", "2024-05-22", "--by", "team",
        "--format", "json",
    )  # fmt: skip
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["group"], r["reference"], r["stage"], r["state"]) for r in records] == [
        ("North", "A", 1, "OVERDUE"),
        ("South", "B", 1, "OVERDUE"),
        ("South", "B", 1, "UPCOMING"),
    ]


def test_due_by_an_unknown_field_is_an_error_listing_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt --by is not silently one group: exit 2, naming what --by accepts."""
    status, out, err = _run(
        capsys, "due", str(_export(tmp_path)), "--as-of", "2024-05-22", "--by", "teem"
    )
    assert status == EXIT_UNUSABLE
    assert out == ""
    assert "--by 'teem' is not a field this export records" in err
    assert "choose one of: handler, category, tenure, team" in err


def test_due_by_a_built_in_field_nobody_fills_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--by category is valid, but no row records one: the summary says so."""
    status, out, _ = _run(
        capsys, "due", str(_export(tmp_path)), "--as-of", "2024-05-22", "--by", "category"
    )
    assert status == EXIT_BREACHES
    assert "category: (not recorded) (3 actions)" in out
    assert "no complaint records 'category'" in out


def test_due_within_widens_due_soon(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --within 9, B's response (9 working days left) is due soon."""
    _, out, _ = _run(
        capsys, "due", str(_export(tmp_path)), "--as-of", "2024-05-22", "--within", "9"
    )
    assert "DUE_SOON 2" in out  # B's response and its extension-notice line


def test_deadlines_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The deadlines command's JSON: the dates and the bank holidays skipped.

    rcv Fri 2024-05-03 -> ack by 05-13 (skips 6 May); respond by 05-28, from the
    acknowledgement deadline (skips 27 May).
    """
    status, out, _ = _run(capsys, "deadlines", "2024-05-03", "--format", "json")
    assert status == EXIT_OK
    document = json.loads(out)
    assert document["edition"] == "2024"
    assert document["acknowledge_by"]["due"] == "2024-05-13"
    assert document["respond_by"]["due"] == "2024-05-28"
    assert document["extended_respond_by"] is None
    holidays = [
        d for d in document["non_working_days"] if "Bank" in d["name"] or "May" in d["name"]
    ]
    assert [d["day"] for d in holidays] == ["2024-05-06", "2024-05-27"]


def test_due_rejects_a_row_no_edition_can_judge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A complaint received before 1 July 2020 is a rejected row; the queue goes on."""
    path = tmp_path / "cases.csv"
    path.write_text(EXPORT + "E,2020-06-30,,,Officer K,North\n", encoding="utf-8")
    status, out, err = _run(capsys, "due", str(path), "--as-of", "2024-05-22")
    assert status == EXIT_BREACHES
    assert "Queued 3 actions on 2 of 3 complaints" in out
    assert "(5 rows read, 2 rejected)" in out
    assert "rejected: row 6 (ref E): no edition" in err


def test_due_refuses_a_queue_built_from_mostly_rejected_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """More rejected rows than --max-rejected allows: exit 2 and no queue; 100% accepts."""
    export = tmp_path / "mostly-bad.csv"
    export.write_text(
        "reference,received,acknowledged\nM-1,2024-05-03,\nM-2,not a date,\nM-3,2024-13-45,\n",
        encoding="utf-8",
    )
    args = ("due", str(export), "--as-of", "2024-05-22")
    status, out, err = _run(capsys, *args, "--max-rejected", "1%")
    assert status == EXIT_UNUSABLE
    assert "2 rows of 3 were rejected" in err
    assert "M-1" not in out
    status, out, _ = _run(capsys, *args, "--max-rejected", "100%")
    assert status == EXIT_BREACHES  # M-1's acknowledgement was due 2024-05-10
    assert "M-1" in out
