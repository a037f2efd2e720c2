"""Typed JSON records, JSON Lines input and the published, versioned JSON Schemas."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from complaintcode import Complaint, EditionError, Stage, WorkingDayCalendar, check
from complaintcode.documents import (
    DocumentError,
    assessment_record,
    deadlines_record,
    error_record,
    json_pointer,
    percentage,
    problems_record,
    read_documents,
    report_record,
    self_assessment_record,
)
from complaintcode.records import RecordError, read_cases
from complaintcode.report import FinancialYear, summarise
from complaintcode.selfassessment import Thresholds, self_assessment
from complaintcode.serialize import SCHEMA_NAMES, schema, to_dict

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "docs" / "schemas" / "v1"
SAMPLE = ROOT / "src" / "complaintcode" / "data" / "sample.csv"


def _valid(name: str, record: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema(name)).validate(record)  # type: ignore[arg-type]


# -- the published schemas -------------------------------------------------------------------


def test_every_schema_in_the_package_is_named_and_published_unchanged() -> None:
    """docs/schemas/v1 holds exactly the package's schema files, byte for byte."""
    packaged = resources.files("complaintcode").joinpath("schemas")
    files = sorted(p.name for p in packaged.iterdir() if p.name.endswith(".schema.json"))
    assert files == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)
    assert sorted(p.name for p in PUBLISHED.glob("*.json")) == files
    for name in files:
        assert (PUBLISHED / name).read_bytes() == packaged.joinpath(name).read_bytes(), (
            f"docs/schemas/v1/{name} differs from the package's: a schema change must be "
            f"published too (cp src/complaintcode/schemas/{name} docs/schemas/v1/)"
        )


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_is_a_valid_versioned_draft_2020_12_schema(name: str) -> None:
    """Each schema checks as JSON Schema 2020-12 and carries version 1 in its $id."""
    document = schema(name)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$id"] == f"urn:complaintcode:schema:{name}:1"


# -- pointers and errors ---------------------------------------------------------------------


def test_json_pointers_follow_rfc_6901() -> None:
    """Indexes become segments; "/" and "~" in a key are escaped."""
    assert json_pointer("stages[1].extensions[0].notified") == "/stages/1/extensions/0/notified"
    assert json_pointer("attributes.a/b~c") == "/attributes/a~1b~0c"
    assert json_pointer("$") == ""


def test_a_date_time_sent_for_a_date_is_named_as_such() -> None:
    """Schema-generated C#/Java types send date-times for dates: the message says so."""
    line = json.dumps(
        {
            "reference": "DT-1",
            "stages": [
                {"number": 1, "received": "2024-05-03", "acknowledged": "2024-05-07T00:00:00"}
            ],
        }
    )
    (error,) = read_documents([line])
    assert isinstance(error, DocumentError)
    assert error.field == "/stages/0/acknowledged"
    assert "date-time '2024-05-07T00:00:00'" in error.message
    assert "DateOnly" in error.message


def test_every_problem_of_a_line_is_listed_with_its_pointer() -> None:
    """A line with three problems yields one error with all three, and reading goes on."""
    bad = {
        "reference": "B-1",
        "stages": [{"number": "1", "received": "2024-05-03", "handeler": "x"}],
        "remedies": [{"kind": "CASH", "description": "d", "offered": "2024-05-03"}],
    }
    good = {"reference": "G-1", "stages": [{"number": 1, "received": "2024-05-03"}]}
    stream = io.StringIO("\ufeff" + json.dumps(bad) + "\n\n   \n" + json.dumps(good) + "\n")
    error, complaint = read_documents(stream)
    assert isinstance(error, DocumentError)
    assert isinstance(complaint, Complaint)
    assert error.row == 1
    assert error.reference == "B-1"
    assert {p for p, _ in error.problems} == {"/stages/0/number", "/stages/0", "/remedies/0/kind"}
    record = error_record(error)
    _valid("errors", record)
    assert record["type"] == "error"
    assert len(record["problems"]) == 3


def test_lines_that_are_not_documents_become_errors() -> None:
    """Broken JSON, a list, and an impossible history each give an error with a reason."""
    impossible = {
        "reference": "I-1",
        "stages": [{"number": 1, "received": "2024-05-03", "responded": "2024-05-01"}],
    }
    items = list(read_documents(["{not json", "[1, 2]", json.dumps(impossible)]))
    assert all(isinstance(i, DocumentError) for i in items)
    assert [i.row for i in items] == [1, 2, 3]  # type: ignore[union-attr]
    assert "not valid JSON" in items[0].message  # type: ignore[union-attr]
    assert "expected a JSON object" in items[1].message  # type: ignore[union-attr]
    assert items[2].field == "/stages/0/responded"  # type: ignore[union-attr]
    for item in items:
        _valid("errors", error_record(item))


def test_a_csv_row_error_becomes_an_error_record() -> None:
    """A reader's row error keeps its field and value; it has no JSON pointer."""
    record = error_record(RecordError(7, "HC-10", "received", "31/02/2024", "not a date"))
    _valid("errors", record)
    assert record["problems"] == [
        {"pointer": None, "field": "received", "value": "31/02/2024", "message": "not a date"}
    ]


def test_a_refused_request_lists_its_problems() -> None:
    """The HTTP error body follows the errors schema."""
    body = problems_record([("/as_of", "expected a date"), ("", "x")], status=422, title="t")
    _valid("errors", body)


# -- output records --------------------------------------------------------------------------


def test_an_assessment_record_is_the_document_with_its_type_and_row() -> None:
    """The type and row come first; the rest is to_dict's document, unchanged."""
    assessment = check(Complaint("A-1", [Stage(1, date(2024, 5, 3))]), as_of=date(2024, 6, 30))
    record = assessment_record(assessment, row=5)
    _valid("assessment", record)
    assert list(record)[:2] == ["type", "row"]
    assert {k: v for k, v in record.items() if k not in ("type", "row")} == to_dict(assessment)


def test_deadlines_over_the_coronation_are_explained() -> None:
    """Received Friday 2023-05-05 (2022 Code): acknowledge by Monday 2023-05-15.

    Counting by hand: Sat 6, Sun 7 and Mon 8 May (the Coronation bank holiday) do not
    count, so the 5 working days are 9, 10, 11, 12 and 15 May (provision 4.1). The
    response is due 10 working days after acknowledgement on the 15th: 16-19, 22-26 and
    30 May — Monday 29 May is the spring bank holiday — so 2023-05-30 (provision 5.1).
    """
    cal = WorkingDayCalendar.england_and_wales()
    assessment = check(
        Complaint("D-1", [Stage(1, date(2023, 5, 5), acknowledged=date(2023, 5, 15))]),
        calendar=cal,
    )
    record = deadlines_record(
        assessment.timetable[1], received=date(2023, 5, 5), edition="2022", calendar=cal
    )
    _valid("deadlines", record)
    acknowledge, respond = record["acknowledge_by"], record["respond_by"]
    assert acknowledge["due"] == "2023-05-15"
    assert acknowledge["provision"] == "4.1"
    assert acknowledge["skipped"] == [{"day": "2023-05-08", "name": "Coronation of Charles III"}]
    assert respond["due"] == "2023-05-30"
    assert respond["counted_from"] == "2023-05-15"
    assert respond["skipped"] == [{"day": "2023-05-29", "name": "Spring Bank Holiday"}]
    assert record["extended_respond_by"] is None
    assert {"day": "2023-05-06", "name": "Saturday"} in record["non_working_days"]


def test_a_date_time_after_hours_starts_the_clock_next_working_day() -> None:
    """A complaint at 17:30 on Friday 5 May 2023 with a 17:00 cut-off starts on Tuesday 9th."""
    from datetime import time

    cal = WorkingDayCalendar(cutoff=time(17, 0))
    received = datetime(2023, 5, 5, 17, 30)
    assessment = check(Complaint("D-2", [Stage(1, received)]), calendar=cal)
    record = deadlines_record(
        assessment.timetable[1], received=received, edition="2022", calendar=cal
    )
    assert record["clock_starts"] == "2023-05-09"
    assert record["received"] == "2023-05-05T17:30:00"
    assert record["acknowledge_by"]["due"] == "2023-05-16"


def test_percentages_are_numbers_with_their_basis() -> None:
    """One decimal place, halves up; null when nothing to divide by."""
    assert percentage(1, 8) == {"value": 12.5, "numerator": 1, "denominator": 8}
    assert percentage(1, 2000)["value"] == 0.1  # 0.05 rounds up
    assert percentage(5, 5)["value"] == 100.0
    assert percentage(0, 0)["value"] is None


def test_the_report_record_has_integer_counts_and_numeric_percentages() -> None:
    """On the sample, the record validates and matches the summary's own figures."""
    with read_cases(SAMPLE) as cases:
        assessments = [check(c, as_of=date(2024, 3, 31)) for c in cases if isinstance(c, Complaint)]
    summary = summarise(assessments, period=FinancialYear(2023), homes=4800, by="tenure")
    record = report_record(summary)
    _valid("report", record)
    assert record["groups"][0] == "All"
    for row in record["stages"]:
        figures = summary.stage(row["stage"], row["group"])
        assert row["received"] == figures.received
        assert type(row["received"]) is int
        assert (
            row["completed_on_time"] + row["late"] + row["overdue"] + row["open"]
            == (row["received"])
        )
        basis = row["percent_completed_on_time"]
        assert (basis["numerator"], basis["denominator"]) == (
            figures.completed_on_time,
            figures.received,
        )
    assert record["ch01"][0]["homes"] == 4800
    assert isinstance(record["ch02"][0]["value"], float)


def test_the_self_assessment_record_carries_each_rows_figures_as_numbers() -> None:
    """Hand-worked: of two stage 1 complaints one was acknowledged late, so 6.2 is 1 of 2.

    Received Friday 2024-05-03: 5 working days (Monday 6 May is a bank holiday) end on
    Friday 10 May. A acknowledged on the 7th is on time; B on the 15th is late.
    """
    cases = [
        Complaint("A", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))]),
        Complaint("B", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))]),
    ]
    sa = self_assessment([check(c) for c in cases], thresholds=Thresholds(green=90, amber=40))
    record = self_assessment_record(sa)
    _valid("self_assessment", record)
    assert (record["type"], record["edition"], record["complaints"]) == (
        "self_assessment",
        "2024",
        2,
    )
    assert record["thresholds"] == {"green": 90, "amber": 40}
    row = next(r for r in record["rows"] if r["provision"] == "6.2")
    assert row["comply"] == "Amber"  # 50 % is under 90 % and at least 40 %
    assert row["evidence_from"] == "case data"
    assert row["figures"][0]["percent"] == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert [r["provision"] for r in record["rows"]] == [r.provision.number for r in sa.rows]
    unmeasured = next(r for r in record["rows"] if r["provision"] == "1.2")
    assert (unmeasured["comply"], unmeasured["figures"]) == (None, [])


def test_json_lines_give_the_same_assessments_as_the_csv() -> None:
    """The sample written as JSON Lines reads back to the very same complaints."""
    with read_cases(SAMPLE) as cases:
        complaints = [c for c in cases if isinstance(c, Complaint)]
    text = "".join(json.dumps(to_dict(c)) + "\n" for c in complaints)
    again = list(read_documents(io.StringIO(text)))
    assert again == complaints
    assert [to_dict(check(c)) for c in again if isinstance(c, Complaint)] == [
        to_dict(check(c)) for c in complaints
    ]


def test_a_refused_document_is_named_by_its_reference_only_when_it_has_a_usable_one() -> None:
    """A blank or non-text reference names nothing: the error is by line alone."""
    named, blank, number = read_documents(
        [
            '{"reference": "R-9", "stages": "nope"}',
            '{"reference": "  ", "stages": 5}',
            '{"reference": 5}',
        ]
    )
    assert isinstance(named, DocumentError)
    assert named.reference == "R-9"
    assert named.problems == (("/stages", "expected a list; got 'nope'"),)
    assert isinstance(blank, DocumentError)
    assert blank.reference is None
    assert ("/reference", "expected a reference that is not blank; got '  '") in blank.problems
    assert isinstance(number, DocumentError)
    assert number.reference is None
    assert ("/reference", "expected a string; got 5") in number.problems


def test_an_error_without_a_field_is_a_problem_of_the_whole_document() -> None:
    error = DocumentError.from_exception(3, EditionError("no edition in force on 1990-05-04"))
    assert error.problems == (("", "no edition in force on 1990-05-04"),)
    assert error.reference is None
    assert str(error) == "line 3: /: no edition in force on 1990-05-04"


def test_a_path_that_starts_with_an_index_points_into_the_top_list() -> None:
    assert json_pointer("[2].received") == "/2/received"
    assert json_pointer("stages[0]") == "/stages/0"


def test_a_stage_number_must_be_a_whole_number_and_a_whole_float_is_one() -> None:
    """JSON Schema counts 1.0 as an integer, so the reader does; null is no number."""
    empty, whole = read_documents(
        [
            '{"reference": "R-1", "stages": [{"number": null, "received": "2024-05-03"}]}',
            '{"reference": "R-2", "stages": [{"number": 1.0, "received": "2024-05-03"}]}',
        ]
    )
    assert isinstance(empty, DocumentError)
    assert empty.problems == (("/stages/0/number", "expected a whole number; got null"),)
    assert isinstance(whole, Complaint)
    assert whole.stages[0].number == 1
    assert type(whole.stages[0].number) is int
