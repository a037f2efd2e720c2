"""JSON on the command line: JSON Lines in (a file or standard input), typed records out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from complaintcode import Complaint, sample_path
from complaintcode.cli import EXIT_BREACHES, EXIT_OK, main
from complaintcode.records import read_cases
from complaintcode.serialize import schema, to_dict


def _stdin(text: str) -> io.TextIOWrapper:
    """Standard input as the process has it: text over a buffered byte stream."""
    return io.TextIOWrapper(io.BufferedReader(io.BytesIO(text.encode())), encoding="utf-8")


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _sample_as_json_lines(path: Path) -> None:
    with read_cases(sample_path()) as cases:
        lines = [json.dumps(to_dict(c)) for c in cases if isinstance(c, Complaint)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_sample_round_trips_through_json_lines_with_the_csv_results(tmp_path: Path) -> None:
    """Check on the sample as JSON Lines gives the very records check gives on the CSV."""
    jsonl = tmp_path / "sample.jsonl"
    _sample_as_json_lines(jsonl)
    options = ["--format", "json", "--as-of", "2025-06-30"]
    from_csv, from_jsonl = tmp_path / "csv.out", tmp_path / "jsonl.out"
    assert main(["check", "--sample", *options, "--output", str(from_csv)]) == EXIT_BREACHES
    assert main(["check", str(jsonl), *options, "--output", str(from_jsonl)]) == EXIT_BREACHES
    csv_records, jsonl_records = _records(from_csv), _records(from_jsonl)
    assert len(jsonl_records) == len(jsonl.read_text().splitlines())
    # Rows differ by one (the CSV has a header row); everything else is the same.
    assert [r["row"] for r in csv_records] == [r["row"] + 1 for r in jsonl_records]
    for record in (*csv_records, *jsonl_records):
        record.pop("row")
    assert jsonl_records == csv_records
    validator = jsonschema.Draft202012Validator(schema("assessment"))
    for record in jsonl_records[:50]:
        assert record["type"] == "assessment"
        validator.validate(record)


def test_standard_input_takes_json_lines_and_bad_lines_become_error_records(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check -` reads JSON Lines from stdin; a bad line is an error record, the rest go on."""
    good = {"reference": "S-1", "stages": [{"number": 1, "received": "2023-05-05"}]}
    bad = {"reference": "S-2", "stages": [{"number": 1, "received": "2023-05-05",
                                           "acknowledged": "2023-05-09T09:00:00"}]}  # fmt: skip
    text = json.dumps(good) + "\n\n" + json.dumps(bad) + "\nnot json\n"
    monkeypatch.setattr("sys.stdin", _stdin(text))
    # Two of three lines refused is over the default --max-rejected (1 %): allow it here.
    assert main(["check", "-", "--format", "json", "--max-rejected", "100%"]) == EXIT_OK
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["type"] for r in records] == ["assessment", "error", "error"]
    assert [r["row"] for r in records] == [1, 3, 4]
    assert records[1]["problems"][0]["pointer"] == "/stages/0/acknowledged"
    assert "DateOnly" in records[1]["problems"][0]["message"]
    for record in records[1:]:
        jsonschema.Draft202012Validator(schema("errors")).validate(record)
    assert "Checked 1 complaint from standard input (3 rows read, 2 rejected)" in err


def test_standard_input_may_still_be_csv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check -` with a CSV export on stdin reads it as CSV."""
    lines = sample_path().read_text(encoding="utf-8").splitlines()[:4]
    monkeypatch.setattr("sys.stdin", _stdin("\n".join(lines) + "\n"))
    main(["check", "-", "--format", "csv"])
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == 4  # the header and three complaints


def test_deadlines_as_json_explain_the_coronation(capsys: pytest.CaptureFixture[str]) -> None:
    """`deadlines 2023-05-05 --format json`: acknowledge by 2023-05-15, the 8th skipped."""
    assert main(["deadlines", "2023-05-05", "--format", "json"]) == EXIT_OK
    record = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(schema("deadlines")).validate(record)
    assert record["acknowledge_by"]["due"] == "2023-05-15"
    assert record["acknowledge_by"]["skipped"][0]["name"] == "Coronation of Charles III"


def test_deadlines_read_complaint_documents_every_stage_of_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`deadlines FILE|-` gives every stage's deadlines; a bad line is an error record, exit 2.

    Hand-worked (2022 Code): HC-1's stage 1, received Friday 2023-05-05, is acknowledged by
    Monday 15 May (5 working days, the Coronation on the 8th skipped); acknowledged on the
    9th, it is answered by 23 May (10 working days: 10-12, 15-19, 22, 23 May). Its stage 2,
    received Thursday 1 June, is answered by 29 June (20 working days, no bank holiday).
    """
    one = {"reference": "HC-1", "stages": [
        {"number": 1, "received": "2023-05-05", "acknowledged": "2023-05-09"},
        {"number": 2, "received": "2023-06-01"},
    ]}  # fmt: skip
    path = tmp_path / "complaints.jsonl"
    path.write_text(json.dumps(one) + "\n{not json\n", encoding="utf-8")
    assert main(["deadlines", str(path), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["type"], r["row"]) for r in records] == [
        ("deadlines", 1),
        ("deadlines", 1),
        ("error", 2),
    ]
    first, second, refused = records
    assert (first["reference"], first["stage"]) == ("HC-1", 1)
    assert first["acknowledge_by"]["due"] == "2023-05-15"
    assert first["respond_by"]["due"] == "2023-05-23"
    assert (second["stage"], second["respond_by"]["due"]) == (2, "2023-06-29")
    for record in (first, second):
        jsonschema.Draft202012Validator(schema("deadlines")).validate(record)
    jsonschema.Draft202012Validator(schema("errors")).validate(refused)
    assert "1 line(s) of" in err
    monkeypatch.setattr("sys.stdin", _stdin(json.dumps(one) + "\n"))
    assert main(["deadlines", "-"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "HC-1 stage 2 received 2023-06-01, judged under the 2022 Code" in text
    assert "respond by 2023-06-29: 20 working days" in text
    assert main(["deadlines", str(path), "--acknowledged", "2023-05-09"]) == 2
    assert "--acknowledged: only for a stage typed on the command line" in capsys.readouterr().err


def test_the_report_as_json_has_numbers_with_their_basis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`report --format json`: integer counts, percentages as numbers with their basis."""
    assert main(["report", "--sample", "--year", "2023", "--format", "json"]) == EXIT_OK
    record = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(schema("report")).validate(record)
    stage1 = record["stages"][0]
    assert isinstance(stage1["received"], int)
    basis = stage1["percent_completed_on_time"]
    assert isinstance(basis["value"], float)
    assert basis["denominator"] == stage1["received"]


def test_serve_refuses_a_bad_size_limit() -> None:
    """--max-body must be a whole number of megabytes, 1 or more."""
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--max-body", "0"])
    assert stop.value.code == 2


def test_due_reads_json_lines_and_writes_action_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`due` on JSON Lines: the queue as action records (2024 Code, as at 2024-05-14).

    Received Fri 2024-05-03 and not acknowledged: due Mon 13th (6 May is a bank holiday),
    so overdue; the response is due Tue 28th (27 May is a bank holiday).
    """
    jsonl = tmp_path / "open.jsonl"
    jsonl.write_text(
        json.dumps({"reference": "D-1", "stages": [{"number": 1, "received": "2024-05-03"}]})
        + "\n",
        encoding="utf-8",
    )
    status = main(["due", str(jsonl), "--as-of", "2024-05-14", "--format", "json"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1  # something is overdue
    validator = jsonschema.Draft202012Validator(schema("action"))
    for record in records:
        validator.validate(record)
    assert [(r["kind"], r["due"], r["state"]) for r in records] == [
        ("ACKNOWLEDGE", "2024-05-13", "OVERDUE"),
        ("RESPOND", "2024-05-28", "UPCOMING"),
    ]
