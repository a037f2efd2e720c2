"""`--edition FILE`: the commands check, report on and explain a user edition's timescales.

Hand-worked against `examples/acme-policy.toml` (3 working days to acknowledge, 7 to answer
stage 1 from the acknowledgement, otherwise the 2024 Code), on the England and Wales
calendar of May 2024 (Monday 6 May is the May Day bank holiday):

* HC-7, received Fri 3 May, acknowledged Fri 10 May, answered Thu 23 May. Acknowledge by
  the 3rd working day after 3 May: Tue 7, Wed 8, Thu 9 -> 9 May, so 1 working day late.
  Answer by the 7th working day after 10 May: 13, 14, 15, 16, 17, 20, 21 -> 21 May, so
  2 working days late. Under the 2024 Code both are on time (13 May and 24 May).
* HC-8, received Fri 3 May, acknowledged Thu 9 May (on time), answered Fri 17 May: the
  7th working day after 9 May is Mon 20 May, so on time. Compliant under both.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from complaintcode.cli import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE, main

ROOT = Path(__file__).resolve().parents[2]
ACME = str(ROOT / "examples" / "acme-policy.toml")


@pytest.fixture
def export(tmp_path: Path) -> str:
    path = tmp_path / "cases.csv"
    path.write_text(
        "reference,received,acknowledged,responded\n"
        "HC-7,2024-05-03,2024-05-10,2024-05-23\n"
        "HC-8,2024-05-03,2024-05-09,2024-05-17\n",
        encoding="utf-8",
    )
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:  # argparse exits itself on a bad argument
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_check_under_the_user_edition_finds_the_policy_breaches(
    capsys: pytest.CaptureFixture[str], export: str
) -> None:
    """HC-7 breaches both Acme limits; HC-8 is compliant; the Code finds nothing."""
    status, out, _ = run(capsys, "check", export, "--edition", ACME, "--format", "csv")
    assert status == EXIT_BREACHES
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["HC-7"]["edition"] == "Acme 2025"
    assert rows["HC-7"]["rules"] == "stage1.acknowledgement;stage1.response"
    assert (rows["HC-7"]["stage1_acknowledge_by"], rows["HC-7"]["stage1_respond_by"]) == (
        "2024-05-09",
        "2024-05-21",
    )
    assert rows["HC-8"]["result"] == "compliant"
    assert rows["HC-8"]["stage1_respond_by"] == "2024-05-20"
    status, out, _ = run(capsys, "check", export, "--format", "csv")
    assert status == EXIT_OK
    assert {row["result"] for row in csv.DictReader(io.StringIO(out))} == {"compliant"}


def test_check_text_says_which_rule_set_and_cites_the_policy(
    capsys: pytest.CaptureFixture[str], export: str
) -> None:
    """Each case line and the summary name the user edition; findings cite its text."""
    status, out, _ = run(capsys, "check", export, "--edition", ACME)
    assert status == EXIT_BREACHES
    assert "HC-7  user edition 'Acme 2025'  2 breaches" in out
    assert "(user edition 'Acme 2025': Acme policy 4.2; breach)" in out
    assert "by edition: user edition 'Acme 2025': 2" in out


def test_deadlines_under_the_user_edition(capsys: pytest.CaptureFixture[str]) -> None:
    """`deadlines` explains each date with the policy's own reference."""
    status, out, _ = run(
        capsys, "deadlines", "2024-05-03", "--acknowledged", "2024-05-10", "--edition", ACME
    )
    assert status == EXIT_OK
    assert "judged under the user edition 'Acme 2025'" in out
    assert (
        "stage 1 acknowledge by 2024-05-09: 3 working days after receipt on 2024-05-03 "
        "(user edition 'Acme 2025': Acme policy 4.1)"
    ) in out
    assert (
        "stage 1 respond by 2024-05-21: 7 working days after acknowledgement on 2024-05-10 "
        "(user edition 'Acme 2025': Acme policy 4.2)"
    ) in out


def test_report_under_the_user_edition(capsys: pytest.CaptureFixture[str], export: str) -> None:
    """The report counts on-time against the policy and states the timescales it used."""
    status, out, _ = run(
        capsys, "report", export, "--edition", ACME, "--year", "2024", "--homes", "100"
    )
    assert status == EXIT_OK
    assert "| % completed on time | 50.0% |" in out
    assert "Timescales used: user edition 'Acme 2025': stage 1 acknowledged within 3" in out


def test_rules_lists_the_user_editions_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """`rules --edition FILE` shows the user's citations beside the inherited Code ones."""
    status, out, _ = run(capsys, "rules", "--edition", ACME)
    assert status == EXIT_OK
    lines = out.splitlines()
    assert any(line.startswith("stage1.response") and "Acme policy 4.2" in line for line in lines)
    assert any(line.startswith("stage2.response") and "2024 Code 6.14" in line for line in lines)


def test_a_bad_user_edition_is_unusable_input(
    capsys: pytest.CaptureFixture[str], export: str, tmp_path: Path
) -> None:
    """A looser limit is refused with exit 2, naming the file and the key; no traceback."""
    loose = tmp_path / "loose.toml"
    loose.write_text(
        'name = "Loose"\ntitle = "T"\nbase = "2024"\n'
        '[stage1.respond]\nworking_days = 11\nprovision = "P 1"\n',
        encoding="utf-8",
    )
    status, _, err = run(capsys, "check", export, "--edition", str(loose))
    assert status == EXIT_UNUSABLE
    assert f"{loose}: stage1.respond.working_days: must be 10 or fewer" in err
    assert "Traceback" not in err
    status, _, err = run(capsys, "check", export, "--edition", str(tmp_path / "none.toml"))
    assert status == EXIT_UNUSABLE
    assert "cannot be read" in err


def test_self_assessment_stays_against_the_code(
    capsys: pytest.CaptureFixture[str], export: str
) -> None:
    """A user edition has no provision catalogue: the command says to use the Code."""
    status, _, err = run(capsys, "self-assessment", export, "--edition", ACME, "--year", "2024")
    assert status == EXIT_UNUSABLE
    assert "self-assess against the Code edition it tightens, the 2024 Code" in err


def test_due_cites_the_user_editions_provisions_as_findings_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The queue cites "user edition 'Acme 2025': ...", never "Acme 2025 Code ...".

    HC-9, received Fri 3 May 2024, nothing since: Acme 4.1 wants the acknowledgement by the
    3rd working day after it (Mon 6 May is a bank holiday: Tue 7, Wed 8, Thu 9 -> 9 May),
    and Acme 4.2 the response 7 working days after that deadline (10, 13, 14, 15, 16, 17,
    20 -> 20 May). HC-10's stage 2, acknowledged Thu 2 May, falls under the 2024 Code's
    6.14, which the policy keeps: 20 working days (3, 7-10, 13-17, 20-24, 28-31 May, the
    27th being the Spring bank holiday, then Mon 3 June) -> 3 June.
    """
    path = tmp_path / "open.csv"
    path.write_text(
        "reference,received,acknowledged,responded,escalation_received,escalation_acknowledged\n"
        "HC-9,2024-05-03,,,,\n"
        "HC-10,2024-04-01,2024-04-02,2024-04-10,2024-05-01,2024-05-02\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "due", str(path), "--edition", ACME, "--as-of", "2024-05-08")
    assert status == EXIT_OK
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert (
        "DUE_SOON 2024-05-09 1 left HC-9 stage 1: acknowledge the complaint "
        "(user edition 'Acme 2025': Acme policy 4.1)"
    ) in lines
    assert (
        "UPCOMING 2024-05-20 8 left HC-9 stage 1: send the response "
        "(user edition 'Acme 2025': Acme policy 4.2)"
    ) in lines
    assert any(
        line.startswith("UPCOMING 2024-06-03")
        and line.endswith(
            "HC-10 stage 2: send the response (user edition 'Acme 2025': 2024 Code 6.14)"
        )
        for line in lines
    ), out
    assert "Acme 2025 Code" not in out
