"""JSON documents: to_dict / from_dict round trips, the published schemas, clear errors."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import support
from complaintcode import (
    Assessment,
    Complaint,
    ExclusionGround,
    Extension,
    InvalidArgument,
    InvalidComplaint,
    Outcome,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Severity,
    Stage,
    StageStatus,
    check,
)
from complaintcode.results import Finding, Timetable
from complaintcode.serialize import (
    InvalidDocument,
    complaint_from_dict,
    from_dict,
    schema,
    to_dict,
)
from complaintcode.strategies import complaints

LONDON = ZoneInfo("Europe/London")
_ZONES = (UTC, LONDON, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=3)))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(name),  # type: ignore[arg-type]
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


COMPLAINT_SCHEMA = _validator("complaint")
ASSESSMENT_SCHEMA = _validator("assessment")


def _schema_errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


_free_text = st.text(max_size=12)


@st.composite
def rich_complaints(draw: st.DrawFn) -> Complaint:
    """Valid complaints from complaintcode.strategies, with every optional field exercised.

    Adds what the shared strategy leaves out: category, tenure, free attributes and
    received date-times (naive London time, or aware in several zones, never mixed).
    """
    complaint = draw(complaints())
    received_as = draw(st.sampled_from(["as drawn", "naive", "aware"]))
    stages = list(complaint.stages)
    if received_as != "as drawn":
        zone = draw(st.sampled_from(_ZONES))
        moved = []
        for s in stages:
            at = datetime.combine(s.received_date, draw(st.times()))
            if received_as == "aware":
                # Same instant seen from another zone: still the same London day.
                at = at.replace(tzinfo=LONDON).astimezone(zone)
                london = at.astimezone(LONDON)
                twice = london.replace(fold=1 - london.fold).utcoffset() != london.utcoffset()
                # A clock-change gap, or the hour that happens twice in October: Python never
                # finds a time in that hour equal to one in another zone (PEP 495), so the
                # fixed offset read back would not compare equal.
                if london.date() != s.received_date or twice:
                    at = datetime.combine(s.received_date, time(12), tzinfo=LONDON)
            moved.append(attrs.evolve(s, received=at))
        stages = moved
    return attrs.evolve(
        complaint,
        stages=stages,
        category=draw(st.none() | _free_text),
        tenure=draw(st.none() | _free_text),
        attributes=draw(st.dictionaries(_free_text, _free_text, max_size=3)),
    )


# --- round trip ------------------------------------------------------------------------


@settings(max_examples=300)
@given(rich_complaints())
def test_round_trip_through_json(complaint: Complaint) -> None:
    doc = to_dict(complaint)
    text = json.dumps(doc, allow_nan=False)
    again = complaint_from_dict(json.loads(text))
    assert again == complaint
    # naive stays naive, aware stays aware, and the document is a fixed point
    for before, after in zip(complaint.stages, again.stages, strict=True):
        assert type(before.received) is type(after.received)
        if isinstance(before.received, datetime):
            assert isinstance(after.received, datetime)
            assert (before.received.tzinfo is None) == (after.received.tzinfo is None)
            assert before.received.utcoffset() == after.received.utcoffset()
    assert to_dict(again) == doc


@settings(max_examples=150)
@given(rich_complaints(), st.none() | st.dates(date(2020, 7, 1), date(2029, 12, 31)))
def test_output_validates_against_the_published_schemas(
    complaint: Complaint, as_of: date | None
) -> None:
    doc = to_dict(complaint)
    assert _schema_errors(COMPLAINT_SCHEMA, doc) == []
    assessment = check(complaint, as_of=as_of)
    out = to_dict(assessment)
    assert _schema_errors(ASSESSMENT_SCHEMA, out) == []
    json.dumps(out, allow_nan=False)
    assert "complaint" not in out
    assert out["compliant"] is assessment.compliant
    assert [t["stage"] for t in out["timetable"]] == sorted(assessment.timetable)
    assert {s["stage"]: s["status"] for s in out["statuses"]} == {
        k: v.name for k, v in assessment.statuses.items()
    }


@settings(max_examples=100)
@given(complaints(compliant=False))
def test_findings_are_written_field_by_field(complaint: Complaint) -> None:
    assessment = check(complaint)
    for finding, doc in zip(assessment.findings, to_dict(assessment)["findings"], strict=True):
        assert doc == {
            "rule": finding.rule,
            "provision": finding.provision,
            "edition": finding.edition,
            "stage": finding.stage,
            "severity": finding.severity.name,
            "message": finding.message,
            "due": None if finding.due is None else finding.due.isoformat(),
            "actual": None if finding.actual is None else finding.actual.isoformat(),
            "working_days_late": finding.working_days_late,
        }
        assert to_dict(finding) == doc


# --- the shape of a document -----------------------------------------------------------


def _full_complaint() -> Complaint:
    return Complaint(
        "C-1",
        [
            Stage(
                1,
                datetime(2024, 5, 3, 17, 30),
                acknowledged=date(2024, 5, 7),
                responded=date(2024, 5, 24),
                handler="A Jones",
                extensions=[Extension(date(2024, 5, 14), 5, "survey", good_reason=True)],
                outcome=Outcome.PARTLY_UPHELD,
                response_items={ResponseItem.REMEDY, ResponseItem.DECISION},
            ),
            Stage(2, datetime(2024, 6, 3, 9, 0), handler="B Smith"),
        ],
        issue_date=date(2024, 1, 10),
        aware_date=date(2024, 2, 1),
        remedies=[
            support.remedy(
                date(2024, 5, 24),
                due=date(2024, 6, 7),
                kind=RemedyKind.FINANCIAL,
                description="time and trouble",
                amount=Decimal("150.00"),
            )
        ],
        refusal=support.refusal(
            date(2024, 6, 5),
            ExclusionGround.PREVIOUSLY_CONSIDERED,
            stage=2,
            ombudsman_rights_given=False,
        ),
        category="repairs",
        tenure="LCRA",
        attributes={"team": "Repairs North", "patch": "East"},
    )


def test_a_full_document() -> None:
    doc = to_dict(_full_complaint())
    stage1 = doc["stages"][0]
    assert stage1["received"] == "2024-05-03T17:30:00"  # naive: London time, no offset
    assert stage1["outcome"] == "PARTLY_UPHELD"
    assert stage1["response_items"] == ["DECISION", "REMEDY"]  # alphabetical
    assert doc["remedies"][0]["amount"] == "150.00"
    assert doc["remedies"][0]["kind"] == "FINANCIAL"
    assert doc["refusal"]["ground"] == "PREVIOUSLY_CONSIDERED"
    assert doc["attributes"] == {"patch": "East", "team": "Repairs North"}
    assert list(doc) == [
        "reference",
        "stages",
        "issue_date",
        "aware_date",
        "remedies",
        "refusal",
        "category",
        "tenure",
        "attributes",
    ]
    assert complaint_from_dict(doc) == _full_complaint()


def test_every_key_is_written_even_when_not_recorded() -> None:
    doc = to_dict(Complaint("C-2", [Stage(1, date(2024, 5, 3))]))
    assert doc == {
        "reference": "C-2",
        "stages": [
            {
                "number": 1,
                "received": "2024-05-03",
                "acknowledged": None,
                "responded": None,
                "handler": None,
                "extensions": [],
                "outcome": None,
                "response_items": None,
            }
        ],
        "issue_date": None,
        "aware_date": None,
        "remedies": [],
        "refusal": None,
        "category": None,
        "tenure": None,
        "attributes": {},
    }


def test_keys_with_defaults_may_be_left_out() -> None:
    minimal = {"reference": "C-3", "stages": [{"number": 1, "received": "2024-05-03"}]}
    assert complaint_from_dict(minimal) == Complaint("C-3", [Stage(1, date(2024, 5, 3))])
    assert _schema_errors(COMPLAINT_SCHEMA, minimal) == []


def test_empty_response_items_differ_from_none() -> None:
    doc = to_dict(Complaint("C-4", [Stage(1, date(2024, 5, 3), response_items=frozenset())]))
    assert doc["stages"][0]["response_items"] == []
    assert complaint_from_dict(doc).stages[0].response_items == frozenset()


def test_aware_received_keeps_its_offset() -> None:
    at = datetime(2024, 5, 3, 16, 45, tzinfo=LONDON)
    doc = to_dict(Stage(1, at))
    assert doc["received"] == "2024-05-03T16:45:00+01:00"
    assert from_dict(doc, Stage).received == at
    utc = from_dict({"number": 1, "received": "2024-05-03T15:45:00Z"}, Stage).received
    assert utc == at


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("150.00"), "150.00"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.5"), "0.5"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("12345678901234567890.01"), "12345678901234567890.01"),
    ],
)
def test_money_is_a_plain_decimal_string(amount: Decimal, written: str) -> None:
    remedy = Remedy(RemedyKind.FINANCIAL, "x", offered=date(2024, 5, 3), amount=amount)
    doc = to_dict(remedy)
    assert doc["amount"] == written
    assert from_dict(doc, Remedy) == remedy


def test_parts_round_trip_on_their_own() -> None:
    complaint = _full_complaint()
    stage, remedy, refusal = complaint.stages[0], complaint.remedies[0], complaint.refusal
    assert refusal is not None
    assert from_dict(to_dict(stage), Stage) == stage
    assert from_dict(to_dict(stage.extensions[0]), Extension) == stage.extensions[0]
    assert from_dict(to_dict(remedy), Remedy) == remedy
    assert from_dict(to_dict(refusal), Refusal) == refusal


def test_assessment_document() -> None:
    late = Complaint(
        "A-1",
        [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 24))],
    )
    assessment = check(late)
    doc = to_dict(assessment)
    assert list(doc) == [
        "reference",
        "edition",
        "as_of",
        "compliant",
        "findings",
        "timetable",
        "statuses",
        "refused_stage",
        "provenance",
    ]
    assert doc["edition"] == "2024"
    assert doc["compliant"] is False
    assert doc["statuses"] == [{"stage": 1, "status": "LATE"}]
    table = doc["timetable"][0]
    assert table["respond_by"] == {
        "due": "2024-05-21",
        "basis": "2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)",
    }
    assert table["extended_respond_by"] is None
    assert doc["findings"][0]["working_days_late"] == 3
    assert to_dict(assessment.timetable[1]) == table


# --- the schemas -----------------------------------------------------------------------


def test_schemas_are_valid_draft_2020_12() -> None:
    for name in ("complaint", "assessment"):
        doc = schema(name)
        jsonschema.Draft202012Validator.check_schema(doc)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_returns_a_fresh_copy_and_rejects_unknown_names() -> None:
    first = schema("complaint")
    first["title"] = "changed"
    assert schema("complaint")["title"] == "Complaint"
    with pytest.raises(InvalidArgument, match="complaint"):
        schema("stage")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "where", "name"),
    [
        (Outcome, "complaint", "Outcome"),
        (RemedyKind, "complaint", "RemedyKind"),
        (ResponseItem, "complaint", "ResponseItem"),
        (ExclusionGround, "complaint", "ExclusionGround"),
        (Severity, "assessment", "Severity"),
        (StageStatus, "assessment", "StageStatus"),
    ],
)
def test_schema_enums_list_every_member(kind: type[enum.Enum], where: str, name: str) -> None:
    definition = schema(where)["$defs"][name]  # type: ignore[arg-type]
    assert definition["enum"] == list(kind.__members__)
    for member in kind.__members__:
        assert member in definition["description"]


@pytest.mark.parametrize(
    ("cls", "where", "definition"),
    [
        (Complaint, "complaint", None),
        (Stage, "complaint", "Stage"),
        (Extension, "complaint", "Extension"),
        (Remedy, "complaint", "Remedy"),
        (Refusal, "complaint", "Refusal"),
        (Finding, "assessment", "Finding"),
    ],
)
def test_schema_properties_match_the_classes(cls: type, where: str, definition: str | None) -> None:
    doc = schema(where)  # type: ignore[arg-type]
    part = doc if definition is None else doc["$defs"][definition]
    fields = [f for f in attrs.fields(cls) if f.init]
    assert list(part["properties"]) == [f.name for f in fields]
    if cls is Finding:  # output only: every key is always written
        required = [f.name for f in fields]
    else:  # input: the keys without a default
        required = [f.name for f in fields if f.default is attrs.NOTHING]
    assert sorted(part["required"]) == sorted(required)
    assert part["additionalProperties"] is False
    for name, spec in part["properties"].items():
        assert "description" in spec or "$ref" in spec, name


def test_timetable_and_assessment_keys_match_the_schema() -> None:
    doc = schema("assessment")
    record_only = ["type", "row"]  # written by complaintcode.documents, not by to_dict
    assert doc["required"] == [k for k in doc["properties"] if k not in record_only]
    assert list(Timetable._fields) == list(doc["$defs"]["StageTimetable"]["properties"])
    # The complaint is not written; the calendar is written as part of the provenance.
    assessment_fields = {f.name for f in attrs.fields(Assessment)} - {"complaint", "calendar"}
    assert set(doc["properties"]) == assessment_fields | {"compliant", "provenance", *record_only}


# --- bad input -------------------------------------------------------------------------


def _doc(**stage: Any) -> dict[str, Any]:
    return {"reference": "C-9", "stages": [{"number": 1, "received": "2024-05-03", **stage}]}


@pytest.mark.parametrize(
    ("doc", "field", "words"),
    [
        (_doc(received="1/2/2024"), "stages[0].received", "ISO 8601"),
        (_doc(received="03/05/2024"), "stages[0].received", "got '03/05/2024'"),
        (_doc(received="20240503"), "stages[0].received", "ISO 8601"),
        (_doc(received="2024-5-3"), "stages[0].received", "ISO 8601"),
        (_doc(received="2024-02-30"), "stages[0].received", "not a real date"),
        (_doc(received=20240503), "stages[0].received", "got 20240503"),
        (_doc(acknowledged="2024-05-07T10:00:00"), "stages[0].acknowledged", "ISO 8601 date"),
        (_doc(acknowledged="7 May 2024"), "stages[0].acknowledged", "ISO 8601 date"),
        (_doc(outcome="PARTIAL"), "stages[0].outcome", "one of UPHELD, PARTLY_UPHELD"),
        (_doc(outcome="partly upheld"), "stages[0].outcome", "(Outcome names)"),
        (_doc(response_items=["STAGE", "FOO"]), "stages[0].response_items", "item 1"),
        (_doc(response_items=["STAGE", "STAGE"]), "stages[0].response_items", "twice"),
        (_doc(number="1"), "stages[0].number", "whole number; got '1'"),
        (_doc(number=True), "stages[0].number", "got true"),
        (_doc(number=1.5), "stages[0].number", "got 1.5"),
        (_doc(handler=7), "stages[0].handler", "expected a string"),
        (_doc(extensions="none"), "stages[0].extensions", "expected a list"),
        (
            _doc(extensions=[{"notified": "2024-05-07", "working_days": 5}]),
            "stages[0].extensions[0].reason",
            "required key is missing",
        ),
        (
            _doc(
                extensions=[
                    {
                        "notified": "2024-05-07",
                        "working_days": 5,
                        "reason": "",
                        "good_reason": "yes",
                    }
                ]
            ),
            "stages[0].extensions[0].good_reason",
            "true or false",
        ),
        (_doc(recieved="2024-05-03"), "stages[0]", "unknown key(s) 'recieved'"),
        ({"reference": "C-9"}, "stages", "required key is missing"),
        ({"stages": []}, "reference", "required key is missing"),
        ({"reference": "C-9", "stages": "1"}, "stages", "expected a list"),
        ({"reference": "C-9", "stages": [[]]}, "stages[0]", "expected a JSON object"),
        ({**_doc(), "attributes": {"team": 5}}, "attributes", "attribute 'team'"),
        ({**_doc(), "attributes": [["team", "x"]]}, "attributes", "JSON object"),
    ],
)
def test_bad_documents_name_the_field(doc: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        complaint_from_dict(doc)
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.field == field
    assert words in err.message
    assert f"{field}: " in str(err)
    # the published schema rejects the same document
    assert _schema_errors(COMPLAINT_SCHEMA, doc)


def _remedy_doc(amount: Any) -> dict[str, Any]:
    remedy = {"kind": "FINANCIAL", "description": "x", "offered": "2024-05-24", "amount": amount}
    return {**_doc(), "remedies": [remedy]}


@pytest.mark.parametrize("amount", [150.0, 150, 0.1, "£150", "1e2", "-5.00", "150,00", " 150"])
def test_money_must_be_a_decimal_string(amount: Any) -> None:
    with pytest.raises(InvalidDocument, match=r"remedies\[0\]\.amount: expected money") as caught:
        complaint_from_dict(_remedy_doc(amount))
    if isinstance(amount, float | int):
        assert "not a JSON number" in caught.value.message
    assert _schema_errors(COMPLAINT_SCHEMA, _remedy_doc(amount))


def test_every_problem_is_listed() -> None:
    doc = _doc(received="1/2/2024", outcome="MAYBE", extra=1)
    with pytest.raises(InvalidDocument) as caught:
        complaint_from_dict(doc)
    fields = [path for path, _ in caught.value.problems]
    assert fields == ["stages[0].received", "stages[0].outcome", "stages[0]"]
    assert str(caught.value).startswith("complaint C-9: invalid document: stages[0].received:")
    assert caught.value.reference == "C-9"


def test_a_document_that_is_not_an_object() -> None:
    with pytest.raises(InvalidDocument, match=r"complaint: invalid document: \$: expected a JSON"):
        complaint_from_dict([])  # type: ignore[arg-type]


def test_impossible_history_raises_the_models_error_unwrapped() -> None:
    doc = _doc(acknowledged="2024-05-01")
    with pytest.raises(InvalidComplaint) as caught:
        complaint_from_dict(doc)
    assert type(caught.value) is InvalidComplaint
    assert caught.value.field == "stages[0].acknowledged"
    assert str(caught.value) == (
        "complaint C-9: stages[0].acknowledged: 2024-05-01 is before the stage was "
        "received on 2024-05-03"
    )
    with pytest.raises(InvalidComplaint, match="stage numbers must run"):
        complaint_from_dict(
            {"reference": "C-9", "stages": [{"number": 2, "received": "2024-05-03"}]}
        )
    # A blank reference is one the published schema rejects ("pattern": "\\S"), so it is
    # an invalid document (it was an InvalidComplaint in 0.1.0).
    with pytest.raises(InvalidDocument, match="reference: expected a reference that is not"):
        complaint_from_dict({"reference": " ", "stages": [{"number": 1, "received": "2024-05-03"}]})


def test_parts_name_their_class_in_errors() -> None:
    with pytest.raises(InvalidDocument, match=r"^Extension: invalid document: working_days"):
        from_dict({"notified": "2024-05-20", "working_days": "ten", "reason": ""}, Extension)


def test_unsupported_types_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="obj must be one of Complaint"):
        to_dict(date(2024, 5, 3))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="cls must be"):
        from_dict({}, Assessment)  # type: ignore[type-var]
