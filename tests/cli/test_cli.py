"""The complaintcode command: check, deadlines, rules, working-days; formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from complaintcode import sample_path
from complaintcode.cli import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE, main
from complaintcode.serialize import schema
from support import run_cli

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "examples" / "messy.csv"
MESSY_MAP = ROOT / "examples" / "columns.toml"


def _data_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return sum(1 for row in rows if "".join(row).strip())


def test_the_sample_is_checked_with_a_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """`check --sample` reads all 3,000 rows, rejects none, and finds breaches (exit 1)."""
    status, out, _ = run_cli(capsys, "check", "--sample", "--quiet")
    assert status == EXIT_BREACHES
    assert "Checked 3,000 complaints from the bundled sample (3,000 rows read, 0 rejected)" in out
    assert "Breaches by rule:" in out
    for edition in ("2020 Code", "2022 Code", "2024 Code"):
        assert edition in out


def test_messy_export_reports_every_bad_row_and_checks_the_good_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each bad row is listed with its row number and field; the good rows are checked."""
    status, out, _ = run_cli(capsys, "check", str(MESSY), "--columns", str(MESSY_MAP))
    rejected = [line for line in out.splitlines() if line.startswith("rejected: row ")]
    checked = [line for line in out.splitlines() if " Code  " in line]
    assert rejected
    assert checked
    assert len(rejected) + len(checked) == _data_rows(MESSY)
    assert any("[Date Received]" in line for line in rejected)
    # More than 1% of the rows rejected: never a success exit code.
    assert status == EXIT_UNUSABLE
    accepted, _, _ = run_cli(
        capsys, "check", str(MESSY), "--columns", str(MESSY_MAP), "--max-rejected", "100%"
    )
    assert accepted in (EXIT_OK, EXIT_BREACHES)


def test_csv_output_has_one_row_per_data_row(tmp_path: Path) -> None:
    """Rows in = assessments out + errors out, in the CSV output file."""
    out = tmp_path / "out.csv"
    main(
        ["check", str(MESSY), "--columns", str(MESSY_MAP), "--format", "csv", "--output", str(out)]
    )
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == _data_rows(MESSY)
    results = {row["result"] for row in rows}
    assert "rejected" in results
    assert all(row["error"] for row in rows if row["result"] == "rejected")


def test_csv_output_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    """Cells starting with =, +, -, @ are prefixed with an apostrophe."""
    source = tmp_path / "in.csv"
    source.write_text(
        "reference,received\n"
        '"=HYPERLINK(""http://x"")",2024-05-03\n'
        "+1,2024-05-03\n"
        "-2,2024-05-03\n"
        "@3,2024-05-03\n"
        "ok,2024-05-03\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    main(["check", str(source), "--format", "csv", "--output", str(out)])
    with out.open(encoding="utf-8", newline="") as handle:
        refs = [row["reference"] for row in csv.DictReader(handle)]
    assert refs == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@3", "ok"]


def test_json_lines_validate_against_the_assessment_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--format json writes one JSON document per line, valid against the published schema."""
    status, out, err = run_cli(
        capsys, "check", "--sample", "--format", "json", "--as-of", "2026-01-31"
    )
    lines = out.splitlines()
    assert len(lines) == 3000
    validator = jsonschema.Draft202012Validator(schema("assessment"))
    for line in lines[:300]:
        validator.validate(json.loads(line))
    assert "Checked 3,000 complaints" in err  # the summary goes to stderr
    assert status == EXIT_BREACHES


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "does-not-exist.csv"],
        ["check", "--sample", "--edition", "2019"],
        ["check", "--sample", "--as-of", "1/2/2024"],
        ["check"],
        ["deadlines", "03/05/2024"],
        ["working-days", "2024-05-03", "-1"],
    ],
)
def test_unusable_arguments_or_input_exit_2(argv: list[str]) -> None:
    """Bad arguments and unreadable input exit with status 2."""
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse exits 2 itself
        status = int(stop.code or 0)
    assert status == EXIT_UNUSABLE


def test_an_empty_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty export exits 2 with a message naming the file, and writes no output file."""
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out.csv"
    status, _, err = run_cli(capsys, "check", str(empty), "--output", str(out))
    assert status == EXIT_UNUSABLE
    assert "empty" in err
    assert not out.exists()


def test_a_date_outside_the_calendar_rejects_only_that_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A readable date the calendar cannot judge becomes a rejected row; the run goes on."""
    source = tmp_path / "in.csv"
    source.write_text(
        "reference,received\nfar,2204-05-03\nearly,2019-01-07\nfine,2024-05-03\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli(capsys, "check", str(source), "--max-rejected", "100%")
    assert "rejected: row 2 (ref far)" in out
    assert "rejected: row 3 (ref early)" in out
    assert "fine  2024 Code  compliant" in out
    assert "(3 rows read, 2 rejected)" in out
    assert status == EXIT_OK
    assert run_cli(capsys, "check", str(source))[0] == EXIT_UNUSABLE  # 2 of 3 is over 1 %


def test_no_breaches_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose complaints all meet the Code exits 0."""
    source = tmp_path / "in.csv"
    # received Fri 3 May 2024; acknowledged Tue 7 May; answered Tue 21 May (10th working day)
    source.write_text(
        "reference,received,acknowledged,responded\nA,2024-05-03,2024-05-07,2024-05-21\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli(capsys, "check", str(source))
    assert status == EXIT_OK
    assert "A  2024 Code  compliant" in out


def test_as_of_turns_open_cases_into_overdue_breaches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unanswered complaint is fine without --as-of and a breach after its deadline."""
    source = tmp_path / "in.csv"
    # The responded column is there and empty: unanswered (without the column, a response
    # would be "not evidenced" rather than missing).
    source.write_text(
        "reference,received,acknowledged,responded\nA,2024-05-03,2024-05-07,\n", "utf-8"
    )
    assert run_cli(capsys, "check", str(source))[0] == EXIT_OK
    status, out, _ = run_cli(capsys, "check", str(source), "--as-of", "2024-05-22")
    assert status == EXIT_BREACHES
    # respond by 2024-05-21 (10 working days after 7 May); 22 May is 1 working day late
    assert "still not sent at 2024-05-22, 1 working day after its 2024-05-21 deadline" in out


def test_closures_file_moves_deadlines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A closures file is read (ISO dates, optional names, comments) and used."""
    closures = tmp_path / "closures.txt"
    closures.write_text("# Christmas shutdown\n2023-12-27,shutdown\n2023-12-28\n2023-12-29\n")
    status, out, _ = run_cli(capsys, "deadlines", "2023-12-22", "--closures", str(closures))
    assert status == EXIT_OK
    # 22 Dec 2023; 25, 26 bank holidays; 27-29 closed; 1 Jan bank holiday; 2,3,4,5,8 -> 8 Jan
    assert "acknowledge by 2024-01-08" in out
    assert "Wednesday 2023-12-27 (shutdown)" in out


def test_deadlines_explains_what_is_due_when(capsys: pytest.CaptureFixture[str]) -> None:
    """The timetable with its basis and the named non-working days (hand-worked)."""
    status, out, _ = run_cli(capsys, "deadlines", "2024-05-03", "--acknowledged", "2024-05-07")
    assert status == EXIT_OK
    assert out.splitlines()[:3] == [
        "Stage 1 received 2024-05-03 (Friday), judged under the 2024 Code",
        "  stage 1 acknowledge by 2024-05-13: 5 working days after receipt on 2024-05-03 "
        "(2024 Code 6.2); skips Monday 2024-05-06 (May Day)",
        "  stage 1 respond by 2024-05-21: 10 working days after acknowledgement on 2024-05-07 "
        "(2024 Code 6.3)",
    ]
    assert "  Monday 2024-05-06 (May Day)" in out


def test_deadlines_for_a_2022_stage_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A 2022 stage 2 runs 20 working days from the escalation request, with no ack limit."""
    status, out, _ = run_cli(
        capsys, "deadlines", "2023-06-01", "--stage", "2", "--stage1-received", "2023-05-02"
    )
    assert status == EXIT_OK
    # 1 Jun 2023 (Thu) + 20 working days, no bank holidays in June 2023 -> 29 Jun
    assert "stage 2 respond by 2023-06-29: 20 working days after receipt of the escalation" in out
    assert "acknowledge by" not in out


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    """`rules --edition 2024` lists each 2024 rule with its provision."""
    status, out, _ = run_cli(capsys, "rules", "--edition", "2024")
    assert status == EXIT_OK
    assert any(line.startswith("stage1.response") and " 6.3 " in line for line in out.splitlines())
    assert "2022" not in out


def test_no_progress_output_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Progress is shown only on a terminal; captured stderr stays clean."""
    run_cli(capsys, "check", "--sample", "--format", "csv", "--output", str(Path("/dev/null")))
    err = capsys.readouterr().err
    assert "rows checked" not in err


def test_python_dash_m_runs_the_command() -> None:
    """`python -m complaintcode` is the same command."""
    completed = subprocess.run(
        [sys.executable, "-m", "complaintcode", "working-days", "2023-05-05", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("2023-05-05 + 5 working days = 2023-05-15 (Monday)")


@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("4", "4")])
def test_the_command_starts_no_blas_threads_unless_told(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    given: str | None,
    kept: str,
) -> None:
    """The command line tells numpy's OpenBLAS to use one thread; a setting given is kept."""
    from complaintcode.cli.app import run

    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    monkeypatch.setattr(sys, "argv", ["complaintcode", "working-days", "2023-05-05", "1"])
    with pytest.raises(SystemExit) as stopped:
        run()
    assert stopped.value.code == EXIT_OK
    assert "2023-05-09" in capsys.readouterr().out
    assert os.environ["OPENBLAS_NUM_THREADS"] == kept


def test_sample_path_points_at_the_shipped_data() -> None:
    """The sample ships inside the package."""
    path = sample_path()
    assert path.exists()
    with path.open(encoding="utf-8") as handle:
        assert next(io.StringIO(handle.readline())).startswith("reference,received,")


def test_report_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    """`report --sample --year 2023 --homes 4800` prints the published layout."""
    status, out, err = run_cli(capsys, "report", "--sample", "--year", "2023", "--homes", "4800")
    assert status == EXIT_OK
    assert out.startswith("# Complaints performance: 1 April 2023 to 31 March 2024")
    for row in ("| Received |", "| Completed on time |", "| % completed on time |", "CH02"):
        assert row in out
    assert "2023-24" in err


def test_report_reconciles_with_check_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report's stage 1 counts equal the per-case statuses filtered to the year."""
    results = tmp_path / "results.csv"
    # The report judges open cases as at the end of its year; check must use the same day.
    main(
        ["check", "--sample", "--format", "csv", "--output", str(results), "--as-of", "2024-03-31"]
    )
    with results.open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if "2023-04-01" <= r["stage1_received"] <= "2023-12-31"
            or "2024-01-01" <= r["stage1_received"] <= "2024-03-31"
        ]
    capsys.readouterr()
    main(["report", "--sample", "--year", "2023", "--format", "csv"])
    report = {
        (r["section"], r["measure"]): r["All"]
        for r in csv.DictReader(io.StringIO(capsys.readouterr().out))
    }
    statuses = [r["stage1_status"] for r in rows]
    on_time = statuses.count("ON_TIME") + statuses.count("WITHIN_EXTENSION")
    assert report[("Stage 1 complaints", "Completed on time")] == f"{on_time:,}"
    assert report[("Stage 1 complaints", "Completed late")] == f"{statuses.count('LATE'):,}"
    received = len(statuses) - statuses.count("REFUSED")
    assert report[("Stage 1 complaints", "Received")] == f"{received:,}"


def test_report_groups_and_homes_per_tenure(capsys: pytest.CaptureFixture[str]) -> None:
    """--by tenure adds a column per tenure; --homes per tenure gives CH01 per tenure."""
    status, out, _ = run_cli(
        capsys,
        "report",
        "--sample",
        "--year",
        "2023",
        "--homes",
        "LCRA=4200,LCHO=600",
        "--by",
        "tenure",
        "--format",
        "json",
    )
    assert status == EXIT_OK
    record = json.loads(out)
    received = {r["group"]: r["received"] for r in record["stages"] if r["stage"] == 1}
    assert received["LCRA"] + received["LCHO"] == received["All"]
    assert any(r["tenure"] == "LCHO" and r["stage"] == 1 for r in record["ch01"])


def test_report_rejects_bad_homes() -> None:
    """--homes must be a positive number or TENURE=N pairs."""
    with pytest.raises(SystemExit) as stop:
        main(["report", "--sample", "--year", "2023", "--homes", "lots"])
    assert stop.value.code == EXIT_UNUSABLE


def test_self_assessment_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    """`self-assessment --sample --year 2024` lists every provision, figures where evidenced."""
    status, out, err = run_cli(capsys, "self-assessment", "--sample", "--year", "2024")
    assert status == EXIT_OK
    assert "| 1.2 |" in out
    assert "| 9.8 |" in out
    row = next(line for line in out.splitlines() if line.startswith("| 6.2 |"))
    assert "acknowledged within 5 working days" in row
    assert "2024 Code" in err


def test_self_assessment_csv_has_the_published_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CSV output: provision, requirement, comply, evidence, commentary."""
    status, out, _ = run_cli(
        capsys, "self-assessment", "--sample", "--year", "2023", "--format", "csv"
    )
    assert status == EXIT_OK
    header = out.splitlines()[0].lower()
    assert header == "provision,requirement,comply,evidence,commentary"
    assert any(line.startswith("5.1,") for line in out.splitlines())  # the 2022 Code


def test_worker_processes_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    """--jobs 2 (used automatically for large files) writes exactly what --jobs 1 writes."""
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        status = main(
            ["check", "--sample", "--format", "csv", "--output", str(out), "--jobs", jobs]
        )
        assert status == EXIT_BREACHES
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == 3001


def test_worker_processes_report_rejected_rows_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The messy export through two workers: the same rows rejected, the same summary."""
    one = run_cli(capsys, "check", str(MESSY), "--columns", str(MESSY_MAP), "--jobs", "1")
    two = run_cli(capsys, "check", str(MESSY), "--columns", str(MESSY_MAP), "--jobs", "2")
    assert one == two
    assert "rejected: row " in one[1]


def test_late_acknowledgement_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--late-acknowledgement capped makes a response timed from a late ack late."""
    source = tmp_path / "in.csv"
    # ack by 2024-05-13, acknowledged 05-15; moves-clock: due 05-30; capped: due 05-28
    source.write_text(
        "reference,received,acknowledged,responded\nA,2024-05-03,2024-05-15,2024-05-29\n",
        encoding="utf-8",
    )
    _, moved, _ = run_cli(capsys, "check", str(source))
    _, capped, _ = run_cli(capsys, "check", str(source), "--late-acknowledgement", "capped")
    assert "stage1.response" not in moved
    assert "[stage1.response]" in capped
