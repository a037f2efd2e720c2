"""Provenance: every assessment, report and self-assessment says what made its figures.

The complaintcode version, the holidays package version and the calendar's fingerprint
(a digest of its settings and of every named non-working day) are recorded, so that a
published figure can be reproduced: a calendar rebuilt from the recorded settings has the
recorded fingerprint.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date, time
from importlib import metadata
from typing import Any

import jsonschema
import pytest

import complaintcode
from complaintcode import Complaint, Stage, WorkingDayCalendar, check, to_dict
from complaintcode.provenance import Provenance
from complaintcode.report import FinancialYear, summarise
from complaintcode.selfassessment import self_assessment
from complaintcode.serialize import schema

DEFAULT = WorkingDayCalendar.england_and_wales()
COMPLAINT = Complaint(
    "P-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17))]
)


@pytest.mark.parametrize(
    "other",
    [
        WorkingDayCalendar(subdivision="SCT"),
        WorkingDayCalendar(closures=[date(2024, 12, 27)]),
        WorkingDayCalendar(closures={date(2024, 12, 27): "shutdown"}),
        WorkingDayCalendar(extra_non_working_days=[date(2031, 5, 5)]),
        WorkingDayCalendar(cutoff=time(17, 0)),
        WorkingDayCalendar(start_rule="strict"),
        WorkingDayCalendar(last_day=date(2090, 12, 31)),
    ],
    ids=["subdivision", "closure", "closure name", "extra day", "cut-off", "start rule", "bounds"],
)
def test_every_setting_changes_the_fingerprint(other: WorkingDayCalendar) -> None:
    """Another subdivision, closure, extra day, cut-off, start rule or bound: another print."""
    assert other.fingerprint != DEFAULT.fingerprint
    assert len(other.fingerprint) == 16


def test_equal_settings_give_the_same_fingerprint() -> None:
    """The fingerprint depends on the settings only, not on the object or its history."""
    assert WorkingDayCalendar().fingerprint == DEFAULT.fingerprint
    assert (
        WorkingDayCalendar(closures={date(2024, 12, 27): "shutdown"}, cutoff=time(17)).fingerprint
        == WorkingDayCalendar(
            closures={date(2024, 12, 27): "shutdown"}, cutoff=time(17)
        ).fingerprint
    )


def test_an_assessment_records_the_versions_and_its_calendar() -> None:
    """check() records complaintcode's and holidays' versions and the calendar it used."""
    shut = WorkingDayCalendar(closures={date(2024, 5, 10): "staff day"})
    made = check(COMPLAINT, calendar=shut).provenance
    assert made is not None
    assert made.complaintcode == complaintcode.__version__ == metadata.version("complaintcode")
    assert made.holidays == metadata.version("holidays")
    assert made.calendar == shut
    assert made.fingerprint == shut.fingerprint != DEFAULT.fingerprint


def _rebuilt(settings: dict[str, Any]) -> WorkingDayCalendar:
    """A calendar from the settings recorded in a JSON document."""
    cutoff = settings["cutoff"]
    return WorkingDayCalendar(
        subdivision=settings["subdivision"],
        closures={date.fromisoformat(d): n for d, n in settings["closures"]},
        extra_non_working_days={
            date.fromisoformat(d): n for d, n in settings["extra_non_working_days"]
        },
        cutoff=None if cutoff is None else time.fromisoformat(cutoff),
        start_rule=settings["start_rule"],
        first_day=date.fromisoformat(settings["first_day"]),
        last_day=date.fromisoformat(settings["last_day"]),
    )


def test_the_json_document_carries_enough_to_rebuild_the_calendar() -> None:
    """From an assessment's JSON alone, the calendar is rebuilt with the same fingerprint."""
    shut = WorkingDayCalendar(
        closures={date(2024, 12, 27): "shutdown"}, cutoff=time(16, 30), start_rule="strict"
    )
    document = to_dict(check(COMPLAINT, calendar=shut))
    jsonschema.validate(document, schema("assessment"))
    recorded = document["provenance"]
    assert recorded["complaintcode"] == complaintcode.__version__
    rebuilt = _rebuilt(recorded["calendar"])
    assert rebuilt == shut
    assert rebuilt.fingerprint == recorded["calendar"]["fingerprint"] == shut.fingerprint


def test_the_annual_report_ends_with_its_provenance() -> None:
    """Markdown: a footer sentence; CSV (and JSON rows): a Provenance section."""
    summary = summarise([check(COMPLAINT)], period=FinancialYear(2024))
    (made,) = summary.provenance
    assert summary.to_markdown().endswith(f"\n\n{made.sentence()}\n")
    assert f"(fingerprint {DEFAULT.fingerprint})" in made.sentence()
    rows = [
        r for r in csv.DictReader(io.StringIO(summary.to_csv())) if r["section"] == "Provenance"
    ]
    assert [(r["measure"], r["All"]) for r in rows] == [
        ("complaintcode", complaintcode.__version__),
        ("holidays", metadata.version("holidays")),
        ("calendar", made.describe_calendar()),
        ("calendar fingerprint", DEFAULT.fingerprint),
    ]


def test_the_report_json_record_carries_its_provenance() -> None:
    """`report --format json` (report_record): a provenance list, valid by the report schema."""
    from complaintcode.documents import report_record

    strict = WorkingDayCalendar(start_rule="strict")
    summary = summarise([check(COMPLAINT), check(COMPLAINT, calendar=strict)])
    record = report_record(summary)
    jsonschema.Draft202012Validator(
        schema("report"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(record)
    assert record["provenance"] == [made.to_dict() for made in summary.provenance]
    assert [p["calendar"]["fingerprint"] for p in record["provenance"]] == [
        DEFAULT.fingerprint,
        strict.fingerprint,
    ]
    assert record["provenance"][0]["holidays"] == metadata.version("holidays")
    assert report_record(summarise([]))["provenance"] == []


def test_a_report_over_two_calendars_names_both() -> None:
    """Assessments counted on different calendars: one provenance each, in order of use."""
    strict = WorkingDayCalendar(start_rule="strict")
    summary = summarise([check(COMPLAINT), check(COMPLAINT, calendar=strict)])
    assert [p.calendar for p in summary.provenance] == [DEFAULT, strict]
    assert summary.to_markdown().count("Produced by complaintcode") == 2


def test_the_self_assessment_ends_with_its_provenance() -> None:
    """Markdown: a footer sentence; rows (CSV and JSON): a last row named Provenance."""
    sa = self_assessment([check(COMPLAINT)])
    (made,) = sa.provenance
    assert sa.to_markdown().endswith(f"\n\n{made.sentence()}\n")
    last = sa.to_rows()[-1]
    assert last["provision"] == "Provenance"
    assert last["commentary"] == f"calendar fingerprint {DEFAULT.fingerprint}"
    assert self_assessment([]).provenance == ()


def test_an_assessment_made_by_hand_has_no_provenance() -> None:
    """Without a recorded calendar there is nothing to vouch for: None, and null in JSON."""
    made = check(COMPLAINT)
    by_hand = complaintcode.Assessment(
        made.reference, made.edition, made.findings, made.timetable, made.statuses
    )
    assert by_hand.provenance is None
    assert to_dict(by_hand)["provenance"] is None
    assert Provenance.of(DEFAULT).to_dict()["calendar"]["fingerprint"] == DEFAULT.fingerprint


def test_a_calendar_travels_between_processes_by_its_settings() -> None:
    """Pickled (as worker processes send assessments back), a calendar is its settings only."""
    import pickle

    shut = WorkingDayCalendar(closures={date(2024, 12, 27): "shutdown"}, cutoff=time(17))
    data = pickle.dumps(check(COMPLAINT, calendar=shut))
    assert len(data) < 20_000  # not the half-megabyte index
    back = pickle.loads(data)
    assert back.provenance == check(COMPLAINT, calendar=shut).provenance
    assert back.calendar.fingerprint == shut.fingerprint


@pytest.mark.parametrize("form", ["text", "csv", "json", "jsonl-text"])
def test_the_check_command_says_what_made_its_results(
    form: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """check: the summary states the provenance sentence (stdout in text, else stderr).

    JSON records carry it in each assessment's `provenance`; text results, which have no
    place for it per complaint, get it in the summary, as CSV results do besides their
    columns, for every reader (CSV rows and JSON Lines input alike). A closure day shows
    in the sentence and the fingerprint.
    """
    from support import run_cli, write_file

    closed = WorkingDayCalendar(closures=[date(2024, 5, 8)])
    if form == "jsonl-text":
        source = write_file(tmp_path, json.dumps(to_dict(COMPLAINT)) + "\n", "in.jsonl")
        form = "text"
    else:
        source = write_file(tmp_path, "reference,received\nP-1,2024-05-03\n")
    closures = write_file(tmp_path, "2024-05-08\n", "closures.txt")
    status, out, err = run_cli(
        capsys, "check", str(source), "--format", form, "--closures", str(closures)
    )
    assert status == 0
    sentence = Provenance.of(closed).sentence()
    assert f"(fingerprint {closed.fingerprint})" in sentence
    if form == "json":
        (record,) = (json.loads(line) for line in out.splitlines())
        assert record["provenance"]["calendar"]["fingerprint"] == closed.fingerprint
    else:
        summary = out if form == "text" else err
        assert f"\n  {sentence}\n" in summary


_ENGINES = [
    "object",
    pytest.param(
        "columnar",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("pyarrow") is None, reason="needs the fast extra"
        ),
    ),
]


@pytest.mark.parametrize("engine", _ENGINES)
@pytest.mark.parametrize("source", ["csv", "jsonl"])
def test_every_row_of_check_csv_says_what_made_it(
    engine: str, source: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --format csv`: the last three columns hold the provenance, on every row.

    A checked row and a rejected one (a date that does not exist) alike end with the
    complaintcode and holidays versions and the fingerprint of the calendar the options
    describe: here with a closure day, so not the default calendar's fingerprint.
    """
    from support import run_cli, write_file

    if source == "jsonl":
        if engine == "columnar":
            pytest.skip("JSON Lines are checked one complaint at a time")
        bad = {**to_dict(COMPLAINT), "reference": "P-2", "stages": [{"number": 1}]}
        text = json.dumps(to_dict(COMPLAINT)) + "\n" + json.dumps(bad) + "\n"
        export = write_file(tmp_path, text, "in.jsonl")
    else:
        export = write_file(tmp_path, "reference,received\nP-1,2024-05-03\nP-2,2024-02-30\n")
    closures = write_file(tmp_path, "2024-05-08\n", "closures.txt")
    status, out, err = run_cli(
        capsys, "check", str(export), "--format", "csv", "--closures", str(closures),
        "--max-rejected", "100%", *(("--engine", engine) if source == "csv" else ()),
    )  # fmt: skip
    assert status == 0, err
    closed = WorkingDayCalendar(closures=[date(2024, 5, 8)])
    assert closed.fingerprint != DEFAULT.fingerprint
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header[-3:] == ["complaintcode_version", "holidays_version", "calendar_fingerprint"]
    assert [row[2] for row in rows] == ["compliant", "rejected"]
    made = [complaintcode.__version__, metadata.version("holidays"), closed.fingerprint]
    assert [row[-3:] for row in rows] == [made, made]
    assert all(len(row) == len(header) for row in rows)


def test_worker_processes_write_the_same_provenance_cells(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jobs 2 the rows are written in worker processes: the same bytes as one."""
    from support import run_cli, write_file

    export = write_file(tmp_path, "reference,received\nP-1,2024-05-03\nP-2,2024-02-30\n")
    options = ("check", str(export), "--format", "csv", "--engine", "object")
    one = run_cli(capsys, *options, "--jobs", "1", "--max-rejected", "100%")
    two = run_cli(capsys, *options, "--jobs", "2", "--max-rejected", "100%")
    assert one[1] == two[1]
    assert one[1].splitlines()[1].endswith(f",{DEFAULT.fingerprint}")


def test_the_results_table_has_the_csv_provenance_columns() -> None:
    """The columnar results table: the CSV's columns, the provenance constant on each row."""
    pytest.importorskip("pyarrow")
    from complaintcode.columnar import RESULT_COLUMNS, check_complaints

    shut = WorkingDayCalendar(closures={date(2024, 12, 27): "shutdown"})
    table = check_complaints([COMPLAINT, COMPLAINT], calendar=shut).to_arrow()
    assert table.column_names == list(RESULT_COLUMNS)
    assert tuple(RESULT_COLUMNS[-3:]) == Provenance.COLUMNS
    made = list(Provenance.of(shut).cells())
    assert [table[name].to_pylist() for name in Provenance.COLUMNS] == [[v, v] for v in made]


def test_due_says_what_made_its_deadlines_in_the_summary_only(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`due`: the summary states the provenance; the queue's CSV keeps its own columns."""
    from support import run_cli, write_file

    export = write_file(tmp_path, "reference,received\nP-1,2024-05-03\n")
    closures = write_file(tmp_path, "2024-05-08\n", "closures.txt")
    status, out, err = run_cli(
        capsys, "due", str(export), "--as-of", "2024-05-07", "--format", "csv",
        "--closures", str(closures),
    )  # fmt: skip
    assert status == 0, err
    closed = WorkingDayCalendar(closures=[date(2024, 5, 8)])
    assert f"\n  {Provenance.of(closed).sentence()}\n" in err
    header = out.splitlines()[0].split(",")
    assert header[:3] == ["state", "working_days_left", "due"]
    assert not set(Provenance.COLUMNS) & set(header)
