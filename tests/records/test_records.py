"""Reading complaints from CSV: each cell parser, each error kind, column maps, file edges."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from complaintcode.errors import ComplaintCodeError, InvalidArgument
from complaintcode.model import (
    Complaint,
    ExclusionGround,
    Extension,
    Outcome,
    RemedyKind,
    ResponseItem,
)
from complaintcode.records import (
    CANONICAL_COLUMNS,
    CaseReader,
    ColumnMap,
    InvalidColumnMap,
    InvalidRecords,
    RecordError,
    read_cases,
)
from support import read_text

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "examples" / "messy.csv"
COLUMNS = ROOT / "examples" / "columns.toml"


def one(header: str, row: str, **kwargs: object) -> Complaint | RecordError:
    """The single item read from a two-line file."""
    items = read_text(f"{header}\n{row}\n", **kwargs)
    assert len(items) == 1
    return items[0]


def complaint(header: str, row: str, **kwargs: object) -> Complaint:
    item = one(header, row, **kwargs)
    assert isinstance(item, Complaint), str(item)
    return item


def error(header: str, row: str, **kwargs: object) -> RecordError:
    item = one(header, row, **kwargs)
    assert isinstance(item, RecordError), item
    return item


BASE = "reference,received"


def with_cell(column: str, value: str, received: str = "2024-05-03") -> tuple[str, str]:
    """A header and row with reference, received and one more cell (CSV-quoted)."""
    quoted = '"' + value.replace('"', '""') + '"'
    return f"{BASE},{column}", f"HC-1,{received},{quoted}"


# --------------------------------------------------------------------------- happy paths


def test_minimal_row() -> None:
    c = complaint(BASE, "HC-1,2024-05-03")
    assert c.reference == "HC-1"
    assert c.stages[0].received == date(2024, 5, 3)
    assert c.stages[0].acknowledged is None
    assert c.stages[0].extensions == ()
    assert len(c.stages) == 1


FULL_HEADER = ",".join(CANONICAL_COLUMNS) + ",team"


def full_row(**cells: str) -> str:
    values = {
        "reference": "HC-9",
        "received": "2023-01-09T16:45:00+00:00",
        "acknowledged": "2023-01-10",
        "responded": "2023-02-01",
        "handler": "A Jones",
        "outcome": "partly upheld",
        "items": "STAGE;DECISION; reasons ;",
        "s1_ext1_notified": "2023-01-20",
        "s1_ext1_days": "5",
        "s1_ext1_reason": "awaiting a surveyor",
        "s1_ext1_good_reason": "yes",
        "s1_ext1_ombudsman_details": "n",
        "s1_ext2_notified": "2023-01-27",
        "s1_ext2_days": "3",
        "escalation_received": "2023-02-06T09:00:00+00:00",
        "escalation_acknowledged": "2023-02-07",
        "escalation_responded": "2023-03-10",
        "escalation_handler": "B Smith",
        "escalation_outcome": "NOT_UPHELD",
        "escalation_items": "STAGE",
        "s2_ext1_notified": "2023-03-01",
        "s2_ext1_days": "10",
        "s2_ext1_reason": "",
        "s2_ext1_ombudsman_details": "TRUE",
        "stage3_received": "2023-03-20",
        "stage3_responded": "2023-04-05",
        "stage3_handler": "C Patel",
        "stage3_outcome": "upheld",
        "issue_date": "2022-12-01",
        "aware_date": "2022-12-05",
        "remedy_kind": "financial",
        "remedy_description": "time and trouble",
        "remedy_offered": "2023-04-05",
        "remedy_due": "2023-04-19",
        "remedy_amount": "£1,250.50",
        "category": "Repairs",
        "tenure": "General needs",
        "team": "North",
    }
    values.update(cells)
    columns = [*CANONICAL_COLUMNS, "team"]
    return ",".join('"' + values.get(c, "").replace('"', '""') + '"' for c in columns)


def test_full_row_fills_every_part() -> None:
    c = complaint(FULL_HEADER, full_row())
    s1, s2, s3 = c.stages
    assert s1.received == datetime(2023, 1, 9, 16, 45, tzinfo=UTC)
    assert s1.handler == "A Jones"
    assert s1.outcome is Outcome.PARTLY_UPHELD
    assert s1.response_items == frozenset(
        {ResponseItem.STAGE, ResponseItem.DECISION, ResponseItem.REASONS}
    )
    assert s1.extensions == (
        Extension(date(2023, 1, 20), 5, "awaiting a surveyor", good_reason=True),
        Extension(date(2023, 1, 27), 3, ""),
    )
    assert s2.number == 2
    assert s2.outcome is Outcome.NOT_UPHELD
    assert s2.extensions == (Extension(date(2023, 3, 1), 10, "", ombudsman_details_given=True),)
    assert (s3.number, s3.responded, s3.handler) == (3, date(2023, 4, 5), "C Patel")
    assert (c.issue_date, c.aware_date) == (date(2022, 12, 1), date(2022, 12, 5))
    (remedy,) = c.remedies
    assert remedy.kind is RemedyKind.FINANCIAL
    assert remedy.amount == Decimal("1250.50")
    assert remedy.completed is None
    assert (c.category, c.tenure, c.attribute("team")) == ("Repairs", "General needs", "North")
    assert c.refusal is None


def test_refusal_columns() -> None:
    header = f"{BASE},refusal_decided,refusal_ground,refusal_reasons_given"
    c = complaint(header, "HC-1,2024-05-03,2024-05-10,over 12 months,yes")
    assert c.refusal is not None
    assert c.refusal.ground is ExclusionGround.OUT_OF_TIME
    assert c.refusal.stage == 1
    assert c.refusal.reasons_given is True
    assert c.refusal.ombudsman_rights_given is False


def test_text_cells_are_trimmed_and_blank_means_none() -> None:
    c = complaint(f"{BASE},handler,category,team", "  HC-1 , 2024-05-03 , A Jones ,  , ")
    assert c.reference == "HC-1"
    assert c.stages[0].handler == "A Jones"
    assert c.category is None
    assert c.attributes == ()


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-05-03", date(2024, 5, 3)),
        (" 2024-05-03 ", date(2024, 5, 3)),
        (
            "2024-05-03T16:45:00+01:00",
            datetime(2024, 5, 3, 16, 45, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2024-05-03T16:45", datetime(2024, 5, 3, 16, 45)),
        ("2024-05-03 16:45:00", datetime(2024, 5, 3, 16, 45)),
        ("2024-05-03T16:45:00Z", datetime(2024, 5, 3, 16, 45, tzinfo=UTC)),
    ],
)
def test_received_accepts_iso_dates_and_date_times(cell: str, expected: date) -> None:
    assert complaint(BASE, f"HC-1,{cell}").stages[0].received == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("03/05/2024", "dd/mm/yyyy dates are read only when you say so"),
        ("1/2/2024", "dd/mm/yyyy dates are read only when you say so"),
        ("2024-02-30", "'2024-02-30' is not a valid date: day is out of range for month"),
        ("2024-13-01", "month must be in 1..12"),
        ("2024-W19-2", "is not an ISO 8601 date or date-time"),
        ("20240503", "is not an ISO 8601 date or date-time"),
        ("TBD", "'TBD' is not an ISO 8601 date or date-time"),
        ("2024-05-03T25:00", "is not an ISO 8601 date or date-time"),
    ],
)
def test_received_rejects_other_forms(cell: str, fragment: str) -> None:
    err = error(BASE, f"HC-1,{cell}")
    assert (err.row, err.reference, err.field, err.value) == (2, "HC-1", "received", cell)
    assert fragment in err.message


@pytest.mark.parametrize("column", ["acknowledged", "responded", "issue_date", "aware_date"])
def test_date_columns(column: str) -> None:
    header, row = with_cell(column, "2024-05-07", received="2024-05-01")
    assert isinstance(one(header, row), Complaint)
    header, row = with_cell(column, "unknown", received="2024-05-01")
    err = error(header, row)
    assert (err.field, err.value) == (column, "unknown")
    assert str(err) == (
        f"row 2 (ref HC-1): {column}: 'unknown' is not an ISO 8601 date or date-time "
        "(YYYY-MM-DD or YYYY-MM-DD HH:MM)"
    )


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2024-05-07T10:00", date(2024, 5, 7)),
        ("2024-05-07 10:00:00", date(2024, 5, 7)),
        # 23:30 UTC on 7 May is 00:30 on 8 May in London (BST): the London day counts.
        ("2024-05-07T23:30:00+00:00", date(2024, 5, 8)),
    ],
)
def test_every_date_column_takes_a_time_and_keeps_the_london_day(cell: str, day: date) -> None:
    header, row = with_cell("acknowledged", cell)
    assert complaint(header, row).stages[0].acknowledged == day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("03/05/2024", date(2024, 5, 3)),
        ("3/5/2024", date(2024, 5, 3)),
        ("2024-05-03", date(2024, 5, 3)),
        ("03/05/2024 16:45", datetime(2024, 5, 3, 16, 45)),
        ("03/05/2024 16:45:30", datetime(2024, 5, 3, 16, 45, 30)),
    ],
)
def test_dd_mm_yyyy_when_asked(cell: str, expected: date) -> None:
    c = complaint(BASE, f"HC-1,{cell}", date_format="dd/mm/yyyy")
    assert c.stages[0].received == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "04/15/2024",
            "'04/15/2024' has month 15: dates must be dd/mm/yyyy (day and month swapped?)",
        ),
        ("13/25/2024", "'13/25/2024' is not a valid date: month must be in 1..12"),
        ("31/02/2024", "'31/02/2024' is not a valid date: day is out of range for month"),
        ("05/07/24", "'05/07/24' has a two-digit year; write dates as dd/mm/yyyy"),
        ("TBD", "'TBD' is not a date (dd/mm/yyyy or YYYY-MM-DD)"),
        ("03/05/2024 4pm", "'03/05/2024 4pm' is not a date (dd/mm/yyyy or YYYY-MM-DD)"),
        ("03/05/2024 99:00", "'03/05/2024 99:00' has a time that is not HH:MM or HH:MM:SS"),
    ],
)
def test_dd_mm_yyyy_errors(cell: str, message: str) -> None:
    err = error(BASE, f"HC-1,{cell}", date_format="dd/mm/yyyy")
    assert (err.field, err.message) == ("received", message)


def test_dd_mm_yyyy_date_columns_take_a_time() -> None:
    header, row = with_cell("responded", "10/05/2024 10:00")
    c = complaint(header, row, date_format="dd/mm/yyyy")
    assert c.stages[0].responded == date(2024, 5, 10)


# --------------------------------------------------------------------------- other cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        *[("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("no", False), ("n", False)],
        *[("False", False), ("0", False), ("", False), ("  ", False)],
    ],
)
def test_booleans(cell: str, expected: bool) -> None:
    header = f"{BASE},s1_ext1_notified,s1_ext1_days,s1_ext1_good_reason"
    c = complaint(header, f'HC-1,2024-05-03,2024-05-07,5,"{cell}"')
    assert c.stages[0].extensions[0].good_reason is expected


@pytest.mark.parametrize("cell", ["maybe", "yes please", "2", "ja"])
def test_bad_boolean(cell: str) -> None:
    header = f"{BASE},s1_ext1_notified,s1_ext1_days,s1_ext1_good_reason"
    err = error(header, f"HC-1,2024-05-03,2024-05-07,5,{cell}")
    assert err.field == "s1_ext1_good_reason"
    assert err.message == f"{cell!r} is not yes or no (yes/no, true/false, y/n, 1/0)"


@pytest.mark.parametrize(("cell", "days"), [("10", 10), (" 7 ", 7), ("007", 7)])
def test_whole_numbers(cell: str, days: int) -> None:
    header = f"{BASE},s1_ext1_notified,s1_ext1_days"
    c = complaint(header, f"HC-1,2024-05-03,2024-05-07,{cell}")
    assert c.stages[0].extensions[0].working_days == days


@pytest.mark.parametrize("cell", ["ten", "10.5", "1e3", "+5", "٣", "10 weeks", "9" * 5000])
def test_not_whole_numbers(cell: str) -> None:
    header = f"{BASE},s1_ext1_notified,s1_ext1_days"
    err = error(header, f"HC-1,2024-05-03,2024-05-07,{cell}")
    assert (err.field, err.value) == ("s1_ext1_days", cell[:200])
    assert err.message.endswith("is not a whole number of working days")
    assert len(err.message) < 140  # a long cell is cut in the message


@pytest.mark.parametrize("cell", ["0", "-3"])
def test_zero_or_negative_days_are_reported_by_the_model(cell: str) -> None:
    header = f"{BASE},s1_ext1_notified,s1_ext1_days"
    err = error(header, f"HC-1,2024-05-03,2024-05-07,{cell}")
    assert (err.field, err.value) == ("s1_ext1_days", cell)
    assert "an extension must be 1 working day or more" in err.message


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("150", "150"), ("150.00", "150.00"), ("£150.00", "150.00"), ("£ 1,250", "1250"), ("0", "0")],
)
def test_money(cell: str, amount: str) -> None:
    header = f"{BASE},remedy_kind,remedy_offered,remedy_amount"
    c = complaint(header, f'HC-1,2024-05-03,FINANCIAL,2024-05-10,"{cell}"')
    assert c.remedies[0].amount == Decimal(amount)


@pytest.mark.parametrize("cell", ["about £50", "-5", "NaN", "Infinity", "1,2,3", "£"])
def test_not_money(cell: str) -> None:
    header = f"{BASE},remedy_kind,remedy_offered,remedy_amount"
    err = error(header, f'HC-1,2024-05-03,FINANCIAL,2024-05-10,"{cell}"')
    assert err.field == "remedy_amount"
    assert err.message.startswith(f"{cell!r} is not a sum of money")


@pytest.mark.parametrize(
    ("cell", "outcome"),
    [
        ("upheld", Outcome.UPHELD),
        ("UPHELD", Outcome.UPHELD),
        ("Partly Upheld", Outcome.PARTLY_UPHELD),
        ("partially upheld", Outcome.PARTLY_UPHELD),
        ("PARTLY_UPHELD", Outcome.PARTLY_UPHELD),
        ("not-upheld", Outcome.NOT_UPHELD),
        (" withdrawn ", Outcome.WITHDRAWN),
    ],
)
def test_outcome_words(cell: str, outcome: Outcome) -> None:
    header, row = with_cell("outcome", cell)
    assert complaint(header, row).stages[0].outcome is outcome


def test_unknown_outcome() -> None:
    header, row = with_cell("outcome", "Resolved")
    err = error(header, row)
    assert str(err) == (
        "row 2 (ref HC-1): outcome: 'Resolved' is not an outcome "
        "(upheld, partly upheld, not upheld or withdrawn)"
    )


def test_the_word_cache_does_not_hide_errors() -> None:
    rows = ["HC-1,2024-05-03,Upheld", "HC-2,2024-05-03,Resolved", "HC-3,2024-05-03,Upheld"]
    text = "\n".join([f"{BASE},outcome", *rows])
    items = read_text(text)
    assert [type(i).__name__ for i in items] == ["Complaint", "RecordError", "Complaint"]


@pytest.mark.parametrize(
    ("cell", "ground"),
    [
        ("OUT_OF_TIME", ExclusionGround.OUT_OF_TIME),
        ("more than 12 months", ExclusionGround.OUT_OF_TIME),
        ("legal proceedings", ExclusionGround.LEGAL_PROCEEDINGS),
        ("previously considered", ExclusionGround.PREVIOUSLY_CONSIDERED),
        ("other", ExclusionGround.OTHER),
    ],
)
def test_refusal_grounds(cell: str, ground: ExclusionGround) -> None:
    header = f"{BASE},refusal_decided,refusal_ground"
    c = complaint(header, f"HC-1,2024-05-03,2024-05-10,{cell}")
    assert c.refusal is not None
    assert c.refusal.ground is ground


def test_the_same_word_as_a_ground_and_a_remedy_kind_reads_as_each() -> None:
    """The word OTHER names a refusal ground and a remedy kind: each column reads its own.

    (A word remembered from one column was once given back for the other, and the
    remedy then refused its kind: the whole file failed.)
    """
    header = f"{BASE},refusal_decided,refusal_ground,remedy_kind,remedy_description,remedy_offered"
    c = complaint(header, "HC-1,2024-05-03,2024-05-10,OTHER,OTHER,a repair,2024-05-10")
    assert c.refusal is not None
    assert c.refusal.ground is ExclusionGround.OTHER
    assert c.remedies[0].kind is RemedyKind.OTHER


def test_unknown_refusal_ground() -> None:
    header = f"{BASE},refusal_decided,refusal_ground"
    err = error(header, "HC-1,2024-05-03,2024-05-10,too late")
    assert err.field == "refusal_ground"
    assert "is not a refusal ground (OUT_OF_TIME," in err.message


def test_remedy_kinds() -> None:
    header = f"{BASE},remedy_kind,remedy_offered"
    assert complaint(header, "HC-1,2024-05-03,apology,2024-05-10").remedies[0].kind is (
        RemedyKind.APOLOGY
    )
    err = error(header, "HC-1,2024-05-03,flowers,2024-05-10")
    assert err.field == "remedy_kind"
    assert "is not a remedy kind (APOLOGY," in err.message


def test_response_items() -> None:
    header, row = with_cell("items", "stage; definition ;ESCALATION_ROUTE;outstanding actions")
    assert complaint(header, row).stages[0].response_items == frozenset(
        {
            ResponseItem.STAGE,
            ResponseItem.DEFINITION,
            ResponseItem.ESCALATION_ROUTE,
            ResponseItem.OUTSTANDING_ACTIONS,
        }
    )
    header, row = with_cell("items", "")
    assert complaint(header, row).stages[0].response_items is None
    header, row = with_cell("items", "STAGE;APOLOGY")
    err = error(header, row)
    assert (err.field, err.value) == ("items", "STAGE;APOLOGY")
    assert err.message.startswith("'APOLOGY' is not a response item (STAGE, DEFINITION,")


# --------------------------------------------------------------------------- groups

EXT = f"{BASE},s1_ext1_notified,s1_ext1_days,s1_ext1_reason"


def test_extension_needs_notified_and_days() -> None:
    err = error(EXT, "HC-1,2024-05-03,,5,parts")
    assert err.field == "s1_ext1_notified"
    assert err.message == (
        "missing, but s1_ext1_days is filled; an extension needs the date the resident was told"
    )
    err = error(EXT, "HC-1,2024-05-03,2024-05-07,,parts")
    assert err.field == "s1_ext1_days"
    assert complaint(EXT, "HC-1,2024-05-03,,, ").stages[0].extensions == ()


def test_escalation_cells_need_escalation_received() -> None:
    header = f"{BASE},escalation_received,escalation_handler,s2_ext1_days"
    err = error(header, "HC-1,2024-05-03,,B Smith,")
    assert err.field == "escalation_received"
    assert err.message.startswith("missing, but escalation_handler is filled")
    err = error(header, "HC-1,2024-05-03,,,5")
    assert err.message.startswith("missing, but s2_ext1_days is filled")
    assert len(complaint(header, "HC-1,2024-05-03,,,").stages) == 1
    assert len(complaint(header, "HC-1,2024-05-03,2024-06-03,B Smith,").stages) == 2


def test_stage3_needs_stage2() -> None:
    header = f"{BASE},escalation_received,stage3_received,stage3_handler"
    err = error(header, "HC-1,2024-05-03,,2024-07-01,")
    assert err.field == "stage3_received"
    assert "there is no stage 2" in err.message
    err = error(header, "HC-1,2024-05-03,2024-06-03,,C Patel")
    assert err.message.startswith("missing, but stage3_handler is filled")
    assert len(complaint(header, "HC-1,2024-05-03,2024-06-03,2024-07-01,").stages) == 3


def test_refusal_needs_decided_and_ground() -> None:
    header = f"{BASE},refusal_decided,refusal_ground,refusal_stage"
    assert error(header, "HC-1,2024-05-03,,OTHER,").field == "refusal_decided"
    assert error(header, "HC-1,2024-05-03,2024-05-04,,").field == "refusal_ground"
    assert error(header, "HC-1,2024-05-03,2024-05-04,OTHER,one").field == "refusal_stage"
    assert complaint(header, "HC-1,2024-05-03,,,").refusal is None


def test_remedy_needs_kind_and_offered() -> None:
    header = f"{BASE},remedy_kind,remedy_offered,remedy_description"
    assert error(header, "HC-1,2024-05-03,,2024-05-04,sorry").field == "remedy_kind"
    assert error(header, "HC-1,2024-05-03,apology,,sorry").field == "remedy_offered"
    assert complaint(header, "HC-1,2024-05-03,,,").remedies == ()


# --------------------------------------------------------------------------- model errors


def test_impossible_history_names_the_column() -> None:
    header = f"{BASE},acknowledged"
    err = error(header, "HC-1,2024-05-03,2024-05-02")
    assert (err.field, err.value) == ("acknowledged", "2024-05-02")
    assert str(err) == (
        "row 2 (ref HC-1): acknowledged: 2024-05-02 is before the stage was received on 2024-05-03"
    )
    assert isinstance(one(header, "HC-1,2024-05-03,2024-05-03"), Complaint)


NO_EXT1 = {
    f"s1_ext1_{f}": "" for f in ("notified", "days", "reason", "good_reason", "ombudsman_details")
}


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"escalation_responded": "2023-02-01"}, "escalation_responded"),
        ({"escalation_received": "2023-01-02"}, "escalation_received"),
        (
            {**NO_EXT1, "s1_ext2_notified": "2023-03-01"},
            "s1_ext2_notified",
        ),
        ({"s2_ext1_notified": "2023-01-02"}, "s2_ext1_notified"),
        ({"remedy_due": "2023-04-01"}, "remedy_due"),
        ({"aware_date": "2022-11-01"}, "aware_date"),
        ({"escalation_received": "2023-02-06", "stage3_received": "2023-02-01"}, "stage3_received"),
    ],
)
def test_model_fields_map_back_to_columns(cells: dict[str, str], field: str) -> None:
    err = error(FULL_HEADER, full_row(**cells))
    assert err.field == field
    assert err.value == cells.get(field, err.value)


def test_refusal_decided_before_received() -> None:
    header = f"{BASE},refusal_decided,refusal_ground"
    err = error(header, "HC-1,2024-05-03,2024-05-01,OTHER")
    assert (err.field, err.value) == ("refusal_decided", "2024-05-01")


def test_mixed_naive_and_aware_received() -> None:
    header = f"{BASE},escalation_received"
    err = error(header, "HC-1,2024-05-03T10:00+01:00,2024-06-03T10:00")
    assert err.field == "stages"
    assert err.value is None
    assert "mix naive and time-zone-aware" in err.message


# --------------------------------------------------------------------------- row-level errors


def test_duplicate_references() -> None:
    text = f"{BASE}\nHC-1,2024-05-03\nHC-2,2024-05-03\n HC-1 ,2024-05-04\nHC-1,2024-05-05\n"
    items = read_text(text)
    assert [type(i).__name__ for i in items] == ["Complaint", "Complaint", "RecordError"] * 1 + [
        "RecordError"
    ]
    assert [str(i) for i in items[2:]] == [
        "row 4 (ref HC-1): reference: 'HC-1' was already used on row 2; "
        "each complaint must appear once",
        "row 5 (ref HC-1): reference: 'HC-1' was already used on row 2; "
        "each complaint must appear once",
    ]


def test_duplicate_of_a_bad_row_is_still_a_duplicate() -> None:
    items = read_text(f"{BASE}\nHC-1,TBC\nHC-1,2024-05-03\n")
    assert [i.field for i in items if isinstance(i, RecordError)] == ["received", "reference"]


def test_references_differing_in_case_are_distinct() -> None:
    assert all(
        isinstance(i, Complaint) for i in read_text(f"{BASE}\nhc-1,2024-05-03\nHC-1,2024-05-03\n")
    )


def test_missing_reference_and_received() -> None:
    err = error(BASE, " ,2024-05-03")
    assert str(err) == "row 2: reference: missing; every row needs a complaint reference"
    err = error(BASE, "HC-1,")
    assert str(err) == (
        "row 2 (ref HC-1): received: missing; every complaint needs the date stage 1 was received"
    )


def test_wrong_number_of_cells() -> None:
    items = read_text(f"{BASE},handler\nHC-1,2024-05-03\nHC-2,2024-05-03,A,B\nHC-3,2024-05-03,A\n")
    assert [str(i) for i in items[:2]] == [
        "row 2 (ref HC-1): has 2 cell(s) but the header has 3 column(s)",
        "row 3 (ref HC-2): has 4 cell(s) but the header has 3 column(s)",
    ]
    assert isinstance(items[2], Complaint)


def test_blank_rows_are_skipped_but_counted_in_row_numbers() -> None:
    items = read_text(f"{BASE}\n\n , \n,,,\nHC-1,TBC\n")
    assert len(items) == 1
    assert isinstance(items[0], RecordError)
    assert items[0].row == 5


def test_a_cell_longer_than_the_csv_limit_is_one_error_and_reading_goes_on() -> None:
    text = f"{BASE},notes\nHC-1,2024-05-03,{'x' * 200_000}\nHC-2,2024-05-03,short\n"
    items = read_text(text)
    assert len(items) == 2
    assert isinstance(items[0], RecordError)
    assert items[0].row == 2
    assert "has a cell of 200,000 characters, more than the 131,072" in items[0].message
    assert isinstance(items[1], Complaint)


def test_first_problem_in_column_order_wins() -> None:
    header = f"{BASE},acknowledged,responded"
    err = error(header, "HC-1,2024-05-03,soon,never")
    assert err.field == "acknowledged"
    # every problem is reported, in column order, not only the first
    assert [p.field for p in err.problems] == ["acknowledged", "responded"]
    assert str(err) == (
        "row 2 (ref HC-1): acknowledged: 'soon' is not an ISO 8601 date or date-time "
        "(YYYY-MM-DD or YYYY-MM-DD HH:MM); responded: 'never' is not an ISO 8601 date or "
        "date-time (YYYY-MM-DD or YYYY-MM-DD HH:MM)"
    )


# --------------------------------------------------------------------------- whole-file errors


def test_empty_file() -> None:
    with pytest.raises(InvalidRecords, match="the file is empty; expected a header row"):
        read_cases(io.StringIO(""))


def test_blank_first_row() -> None:
    with pytest.raises(InvalidRecords, match="the first row is blank"):
        read_cases(io.StringIO(" , \nHC-1,2024-05-03\n"))


def test_header_only_is_fine() -> None:
    assert read_text(f"{BASE}\n") == []


def test_missing_required_columns() -> None:
    with pytest.raises(InvalidRecords) as caught:
        read_cases(io.StringIO("ref,date\nHC-1,2024-05-03\n"))
    assert caught.value.reason == (
        "missing required column(s): 'reference', 'received'; the header has 'ref', 'date'; "
        "if the export names these columns differently, a column map says which is which; "
        "`complaintcode columns FILE` finds the header row and the columns and writes a "
        "column map to start from"
    )
    assert caught.value.path is None
    assert isinstance(caught.value, ComplaintCodeError)
    assert isinstance(caught.value, ValueError)


def test_a_header_of_data_points_to_the_header_row_and_the_columns_command() -> None:
    with pytest.raises(InvalidRecords) as caught:
        read_cases(io.StringIO("Export of 03/03/2025\nref,date\nHC-1,2024-05-03\n"))
    assert caught.value.reason.endswith(
        "give the row that holds the column names (header_row); `complaintcode columns FILE` "
        "finds the header row and the columns and writes a column map to start from"
    )


def test_a_column_map_gets_no_pointer_to_the_columns_command() -> None:
    cmap = ColumnMap({"reference": "Ref"})
    with pytest.raises(InvalidRecords) as caught:
        read_cases(io.StringIO("ref,date\nHC-1,2024-05-03\n"), columns=cmap)
    assert "complaintcode columns" not in caught.value.reason


def test_missing_required_column_names_the_mapped_name() -> None:
    cmap = ColumnMap({"received": "Date Received"})
    with pytest.raises(
        InvalidRecords, match=r"'received' \(the column map names it 'Date Received'\)"
    ):
        read_cases(io.StringIO("reference,received\nHC-1,2024-05-03\n"), columns=cmap)


def test_semicolon_files_get_a_hint() -> None:
    with pytest.raises(InvalidRecords, match="give --delimiter ';'"):
        read_cases(io.StringIO("reference;received\nHC-1;2024-05-03\n"))


def test_mapped_optional_column_must_exist() -> None:
    cmap = ColumnMap({"acknowledged": "Date Ack"})
    with pytest.raises(InvalidRecords, match=r"acknowledged \(expected as 'Date Ack'\)"):
        read_cases(io.StringIO(f"{BASE}\nHC-1,2024-05-03\n"), columns=cmap)


def test_duplicate_header_names() -> None:
    with pytest.raises(InvalidRecords, match="'Received' appears more than once"):
        read_cases(io.StringIO("reference,received,Received\n"))


def test_undecodable_file_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    good = "".join(f"HC-{i},2024-05-03\n" for i in range(5000))
    path.write_bytes(f"{BASE}\n{good}HC-x,2024-05-03,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidRecords) as caught:
        read_cases(path)
    assert caught.value.path == str(path)
    assert "not UTF-8: byte 0xE9 on line 5002" in caught.value.reason


def test_undecodable_stream_part_way_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "".join(f"HC-{i},2024-05-03\n" for i in range(20000))
    path.write_bytes(f"{BASE}\n{good}HC-x,caf\xe9\n".encode("latin-1"))
    seen: list[object] = []
    with open(path, encoding="utf-8", newline="") as stream:
        cases = read_cases(stream)
        with pytest.raises(InvalidRecords, match="not UTF-8 after row"):
            seen.extend(cases)
    assert 0 < len(seen) <= 20000


def test_binary_stream_is_refused() -> None:
    """A binary stream of CSV bytes is refused: only a workbook may come as bytes."""
    with pytest.raises(InvalidArgument, match="binary stream holding a workbook"):
        read_cases(io.BytesIO(b"reference,received\n"))


def test_unknown_date_format() -> None:
    with pytest.raises(InvalidArgument, match="date_format must be"):
        read_cases(io.StringIO(BASE), date_format="mm/dd/yyyy")


def test_not_a_column_map() -> None:
    with pytest.raises(InvalidArgument):
        read_cases(io.StringIO(BASE), columns={"reference": "Ref"})  # type: ignore[arg-type]


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_cases(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- column maps


def test_column_map_renames_and_matches_loosely() -> None:
    cmap = ColumnMap({"reference": "Case Ref", "received": "date received"})
    items = read_text(
        " CASE REF ,Date Received,Acknowledged\nHC-1,2024-05-03,2024-05-07\n", columns=cmap
    )
    (c,) = items
    assert isinstance(c, Complaint)
    assert c.stages[0].acknowledged == date(2024, 5, 7)


def test_errors_name_the_landlords_column() -> None:
    cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"})
    (err,) = read_text(
        "Case Ref,Date Received\nHC-1,31/02/2024\n", columns=cmap, date_format="dd/mm/yyyy"
    )
    assert isinstance(err, RecordError)
    assert err.column == "Date Received"
    assert str(err) == (
        "row 2 (ref HC-1): received [Date Received]: '31/02/2024' is not a valid date: "
        "day is out of range for month"
    )


def test_column_map_validation() -> None:
    with pytest.raises(InvalidColumnMap, match=r"'recieved' \(did you mean 'received'\?\), 'zzz'"):
        ColumnMap({"recieved": "Date", "zzz": "Other"})
    with pytest.raises(InvalidColumnMap, match="mapped twice"):
        ColumnMap({"acknowledged": "Date", "responded": "date"})
    with pytest.raises(InvalidColumnMap, match="must name a column"):
        ColumnMap({"reference": " "})
    with pytest.raises(InvalidColumnMap, match="date_format must be one of"):
        ColumnMap(date_format="mm/dd/yyyy")
    with pytest.raises(InvalidColumnMap, match="both mapped and ignored"):
        ColumnMap({"reference": "Ref"}, ignore=["ref"])
    assert isinstance(InvalidColumnMap(None, "x"), ValueError)


def test_column_map_is_frozen_and_comparable() -> None:
    a = ColumnMap({"reference": "Ref", "received": "Date"})
    b = ColumnMap([("received", "Date"), ("reference", "Ref")])
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.date_format = "iso"  # type: ignore[misc]


def test_attributes_and_ignore() -> None:
    cmap = ColumnMap(attributes={"team": "Housing Team"}, ignore=["Tenant Name"])
    text = f"{BASE},Tenant Name,Housing Team,Patch,\nHC-1,2024-05-03,Mr A,North,P7,\n"
    (c,) = read_text(text, columns=cmap)
    assert isinstance(c, Complaint)
    assert c.attributes == (("Patch", "P7"), ("team", "North"))


def test_unnamed_columns_are_kept_when_filled() -> None:
    (c,) = read_text(f"{BASE},\nHC-1,2024-05-03,note\n")
    assert isinstance(c, Complaint)
    assert c.attributes == (("column_3", "note"),)


def test_attribute_names_must_not_clash() -> None:
    cmap = ColumnMap(attributes={"team": "Housing Team"})
    with pytest.raises(
        InvalidRecords, match="more than one column would be kept as attribute 'team'"
    ):
        read_cases(io.StringIO(f"{BASE},Housing Team,team\n"), columns=cmap)
    with pytest.raises(InvalidRecords, match="attribute 'team' names column 'Housing Team'"):
        read_cases(io.StringIO(f"{BASE}\n"), columns=cmap)


def test_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text(
        'date_format = "dd/mm/yyyy"\nignore = ["Name"]\n'
        '[columns]\nreference = "Case Ref"\n[attributes]\nteam = "Team"\n',
        encoding="utf-8",
    )
    cmap = ColumnMap.from_toml(path)
    assert cmap == ColumnMap(
        {"reference": "Case Ref"},
        date_format="dd/mm/yyyy",
        attributes={"team": "Team"},
        ignore=["Name"],
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[columns\n", "not valid TOML"),
        ("[column]\nreference = 'x'\n", "unknown key(s): 'column' (did you mean 'columns'?)"),
        ("columns = 3\n", "columns must be a table"),
        ("ignore = 'Name'\n", "ignore must be a list of column names"),
        ("date_format = 1\n", "date_format must be text"),
        ("[columns]\nreceived = 5\n", "columns: 'received' must name a column; got 5"),
        ("[columns]\nrecieved = 'Date'\n", "unknown canonical column name(s): 'recieved'"),
    ],
)
def test_from_toml_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidColumnMap) as caught:
        ColumnMap.from_toml(path)
    assert caught.value.path == str(path)
    assert fragment in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_date_format_comes_from_the_map_unless_given() -> None:
    cmap = ColumnMap(date_format="dd/mm/yyyy")
    text = f"{BASE}\nHC-1,03/05/2024\n"
    assert isinstance(read_text(text, columns=cmap)[0], Complaint)
    assert isinstance(read_text(text, columns=cmap, date_format="iso")[0], RecordError)
    assert isinstance(read_text(text)[0], RecordError)


# --------------------------------------------------------------------------- files and streams

MIXED = (
    f"{BASE},acknowledged,handler\n"
    "HC-1,2024-05-03,2024-05-07,A Jones\n"
    'HC-2,2024-05-03,2024-05-02,"Smith, B"\n'
    "HC-3,TBC,,\n"
    "HC-1,2024-05-03,,\n"
    "\n"
    "HC-4,2024-05-03\n"
    'HC-5,2024-05-06,,"two\nlines"\n'
    ",2024-05-03,,\n"
    "HC-6,2024-05-06,,\n"
)


def test_sum_law() -> None:
    items = read_text(MIXED)
    complaints = [i for i in items if isinstance(i, Complaint)]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert (len(complaints), len(errors)) == (3, 5)
    assert len(items) == 8  # nine records after the header, one of them blank
    assert [e.row for e in errors] == [3, 4, 5, 7, 9]


def test_quoting_and_embedded_newlines() -> None:
    items = read_text(MIXED)
    hc5 = next(i for i in items if isinstance(i, Complaint) and i.reference == "HC-5")
    assert hc5.stages[0].handler == "two\nlines"
    last = items[-1]
    assert isinstance(last, Complaint)
    assert last.reference == "HC-6"


def test_path_and_stream_give_the_same_items(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(MIXED, encoding="utf-8", newline="")
    from_path = list(read_cases(path))
    assert from_path == read_text(MIXED)
    assert from_path == list(read_cases(str(path)))


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(MIXED.replace("\n", newline).encode())
    items = list(read_cases(path))
    assert len(items) == 8
    hc5 = next(i for i in items if isinstance(i, Complaint) and i.reference == "HC-5")
    assert hc5.stages[0].handler == f"two{newline}lines"


def test_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffreference,received\r\nHC-1,2024-05-03\r\n".encode())
    (c,) = read_cases(path)
    assert isinstance(c, Complaint)
    (c,) = read_text("\ufeffreference,received\nHC-1,2024-05-03\n")
    assert isinstance(c, Complaint)


def test_reader_counts_closes_and_reports_header(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(MIXED, encoding="utf-8")
    with read_cases(path) as cases:
        assert isinstance(cases, CaseReader)
        assert cases.header == ("reference", "received", "acknowledged", "handler")
        assert cases.path == str(path)
        next(cases)
        assert cases.rows == 1
    assert cases._table.stream.closed  # type: ignore[union-attr]
    with pytest.raises(StopIteration):
        next(cases)
    reader = read_cases(io.StringIO(MIXED))
    assert reader.path is None
    assert sum(1 for _ in reader) == reader.rows == 8


def test_stream_is_not_closed_by_the_reader() -> None:
    stream = io.StringIO(MIXED)
    list(read_cases(stream))
    assert not stream.closed


# --------------------------------------------------------------------------- the example


def test_messy_example() -> None:
    items = list(read_cases(MESSY, columns=ColumnMap.from_toml(COLUMNS)))
    complaints = [i for i in items if isinstance(i, Complaint)]
    errors = [i for i in items if isinstance(i, RecordError)]
    with MESSY.open(encoding="utf-8", newline="") as f:
        data_rows = sum(1 for line in f.read().splitlines()[1:] if line.strip(", "))
    assert len(items) == data_rows == 27
    assert (len(complaints), len(errors)) == (12, 15)  # TBC and n/a read as empty
    assert all(c.attribute("Tenant Name") is None for c in complaints)
    assert {c.attribute("team") for c in complaints} == {
        "Repairs North",
        "Estates South",
        "Income Team",
    }
    assert all(e.column is not None for e in errors if e.field is not None)


def test_record_error_str_forms() -> None:
    assert str(RecordError(3, None, None, None, "has 2 cell(s)")) == "row 3: has 2 cell(s)"
    assert str(RecordError(3, "R", "received", "x", "bad", column="Date")) == (
        "row 3 (ref R): received [Date]: bad"
    )
