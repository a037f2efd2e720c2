"""Impossible histories raise InvalidComplaint naming the reference, field and values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from complaintcode import (
    Complaint,
    ExclusionGround,
    Extension,
    InvalidComplaint,
    InvalidType,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
)
from support import refusal, remedy

D = date


def _complaint(**overrides: Any) -> Complaint:
    fields: dict[str, Any] = {
        "reference": "R-1",
        "stages": [Stage(1, D(2024, 5, 3), acknowledged=D(2024, 5, 7))],
    }
    fields.update(overrides)
    return Complaint(**fields)


BAD = [
    (
        "acknowledged before received",
        {"stages": [Stage(1, D(2024, 5, 3), acknowledged=D(2024, 5, 2))]},
        r"complaint R-1: stages\[0\]\.acknowledged: 2024-05-02 is before .* 2024-05-03",
    ),
    (
        "responded before received",
        {"stages": [Stage(1, D(2024, 5, 3), responded=D(2024, 4, 30))]},
        r"stages\[0\]\.responded: 2024-04-30 is before",
    ),
    (
        "stage 2 received before stage 1",
        {"stages": [Stage(1, D(2024, 5, 3)), Stage(2, D(2024, 5, 1))]},
        r"stages\[1\]\.received: stage 2 received 2024-05-01 is before stage 1 .* 2024-05-03",
    ),
    (
        "duplicate stage numbers",
        {"stages": [Stage(1, D(2024, 5, 3)), Stage(1, D(2024, 5, 9))]},
        r"stages: stage numbers must run 1, 2, … in order; got \[1, 1\]",
    ),
    (
        "stages not numbered from 1",
        {"stages": [Stage(2, D(2024, 5, 3))]},
        r"got \[2\]",
    ),
    (
        "no stages at all",
        {"stages": []},
        r"stages: a complaint needs at least stage 1",
    ),
    (
        "a zero-day extension",
        {"stages": [Stage(1, D(2024, 5, 3), extensions=[Extension(D(2024, 5, 10), 0, "x")])]},
        r"stages\[0\]\.extensions\[0\]\.working_days: .* got 0",
    ),
    (
        "a negative extension",
        {"stages": [Stage(1, D(2024, 5, 3), extensions=[Extension(D(2024, 5, 10), -5, "x")])]},
        r"got -5",
    ),
    (
        "an extension notified before the stage was received",
        {"stages": [Stage(1, D(2024, 5, 3), extensions=[Extension(D(2024, 5, 1), 5, "x")])]},
        r"extensions\[0\]\.notified: 2024-05-01 is before",
    ),
    (
        "an extension notified after the response",
        {
            "stages": [
                Stage(
                    1,
                    D(2024, 5, 3),
                    responded=D(2024, 5, 10),
                    extensions=[Extension(D(2024, 5, 13), 5, "x")],
                )
            ]
        },
        r"2024-05-13 is after the response was sent on 2024-05-10",
    ),
    (
        "a remedy completed before it was offered",
        {
            "remedies": [
                remedy(
                    D(2024, 5, 10),
                    completed=D(2024, 5, 9),
                    kind=RemedyKind.APOLOGY,
                    description="sorry",
                )
            ]
        },
        r"remedies\[0\]\.completed: 2024-05-09 is before the remedy was offered on 2024-05-10",
    ),
    (
        "a remedy due before it was offered",
        {
            "remedies": [
                remedy(D(2024, 5, 10), due=D(2024, 5, 1), kind=RemedyKind.OTHER, description="x")
            ]
        },
        r"remedies\[0\]\.due: 2024-05-01 is before",
    ),
    (
        "a negative remedy amount",
        {
            "remedies": [
                remedy(
                    D(2024, 5, 10),
                    kind=RemedyKind.FINANCIAL,
                    description="x",
                    amount=Decimal("-1.00"),
                )
            ]
        },
        r"remedies\[0\]\.amount: .* got -1\.00",
    ),
    (
        "awareness before the issue occurred",
        {"issue_date": D(2024, 1, 10), "aware_date": D(2024, 1, 9)},
        r"aware_date: 2024-01-09 is before the issue occurred on 2024-01-10",
    ),
    (
        "a refusal of a stage that does not exist",
        {"refusal": refusal(D(2024, 5, 10), stage=2)},
        r"refusal\.stage: stage 2 was refused but the complaint has 1 stage",
    ),
    (
        "a refusal decided before the stage was received",
        {"refusal": refusal(D(2024, 5, 1))},
        r"refusal\.decided: 2024-05-01 is before stage 1 was received on 2024-05-03",
    ),
    (
        "a refused stage followed by another stage",
        {
            "stages": [Stage(1, D(2024, 5, 3)), Stage(2, D(2024, 5, 20))],
            "refusal": refusal(D(2024, 5, 10)),
        },
        r"stage 1 was refused, yet the complaint has a stage 2",
    ),
    (
        "naive and aware datetimes mixed",
        {
            "stages": [
                Stage(1, datetime(2024, 5, 3, 9, 0)),
                Stage(2, datetime(2024, 6, 3, 9, 0, tzinfo=UTC)),
            ]
        },
        r"mix naive and time-zone-aware",
    ),
    ("a blank reference", {"reference": "  "}, r"reference: must not be blank"),
]


@pytest.mark.parametrize(("overrides", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_impossible_histories_raise_invalid_complaint(
    overrides: dict[str, Any], message: str
) -> None:
    """Each impossible history raises InvalidComplaint (a ValueError) with a clear message."""
    with pytest.raises(InvalidComplaint, match=message) as caught:
        _complaint(**overrides)
    assert isinstance(caught.value, ValueError)
    assert caught.value.reference == overrides.get("reference", "R-1")


TEXT: Any = "2024-05-03"
FLOAT: Any = 2.5
MONEY_AS_FLOAT: Any = 150.0
NUMBER: Any = 42


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Stage(1, TEXT), r"Stage\.received must be a datetime\.date or"),
        (lambda: Stage(1, D(2024, 5, 3), acknowledged=datetime(2024, 5, 3, 9)), "acknowledged"),
        (lambda: Extension(D(2024, 5, 3), FLOAT, "x"), r"Extension\.working_days must be an int"),
        (lambda: Extension(D(2024, 5, 3), True, "x"), "working_days"),
        (
            lambda: Remedy(RemedyKind.FINANCIAL, "x", offered=D(2024, 5, 3), amount=MONEY_AS_FLOAT),
            r"Remedy\.amount must be None or a Decimal; got 150\.0",
        ),
        (
            lambda: Complaint(NUMBER, [Stage(1, D(2024, 5, 3))]),
            r"Complaint\.reference must be a str",
        ),
    ],
)
def test_wrong_types_raise_type_error(build: Any, message: str) -> None:
    """Strings for dates, floats for money or days are refused with a TypeError."""
    with pytest.raises(InvalidType, match=message):
        build()


def test_a_valid_history_is_frozen_and_keeps_its_values() -> None:
    """A valid complaint is immutable and stores what it was given."""
    complaint = _complaint(
        stages=[
            Stage(
                1,
                D(2024, 5, 3),
                responded=D(2024, 5, 17),
                response_items=[ResponseItem.STAGE],
            )
        ]
    )
    assert complaint.stage(1).response_items == frozenset({ResponseItem.STAGE})
    assert complaint.received == D(2024, 5, 3)
    with pytest.raises(AttributeError):
        complaint.reference = "other"  # type: ignore[misc]
    with pytest.raises(KeyError, match="R-1 has no stage 2"):
        complaint.stage(2)


def test_an_aware_received_datetime_is_read_in_london() -> None:
    """23:30 UTC on 31 March 2024 is already 1 April in London (BST started that day)."""
    stage = Stage(1, datetime(2024, 3, 31, 23, 30, tzinfo=UTC))
    assert stage.received_date == D(2024, 4, 1)


WORD: Any = "no"
FALSE_TEXT: Any = "false"
NAMES: Any = ["STAGE", "DECISION"]
ONE_NAME: Any = "STAGE"
OUTCOME_TEXT: Any = "upheld"
ONE: Any = 1
ZERO: Any = 0


@pytest.mark.parametrize(
    ("build", "message"),
    [
        # A non-empty string is truthy: "no" would silently count as a good reason.
        (
            lambda: Extension(D(2024, 5, 3), 5, "x", good_reason=WORD),
            r"Extension\.good_reason must be a bool; got 'no'",
        ),
        (
            lambda: Extension(D(2024, 5, 3), 5, "x", ombudsman_details_given=ONE),
            r"Extension\.ombudsman_details_given must be a bool; got 1",
        ),
        (
            lambda: Refusal(
                D(2024, 5, 3),
                ExclusionGround.OTHER,
                reasons_given=FALSE_TEXT,
                ombudsman_rights_given=True,
            ),
            r"Refusal\.reasons_given must be a bool; got 'false'",
        ),
        (
            lambda: Refusal(
                D(2024, 5, 3),
                ExclusionGround.OTHER,
                reasons_given=True,
                ombudsman_rights_given=ZERO,
            ),
            r"Refusal\.ombudsman_rights_given must be a bool",
        ),
        # Names never equal the members, so the letter would silently miss every item.
        (
            lambda: Stage(1, D(2024, 5, 3), response_items=NAMES),
            r"Stage\.response_items must hold ResponseItem members .*; got '(STAGE|DECISION)'",
        ),
        # A lone string is iterable too: its letters must not become "items".
        (
            lambda: Stage(1, D(2024, 5, 3), response_items=ONE_NAME),
            r"Stage\.response_items must be None or a collection of ResponseItem",
        ),
        (
            lambda: Stage(1, D(2024, 5, 3), outcome=OUTCOME_TEXT),
            r"Stage\.outcome must be None or an Outcome; got 'upheld'",
        ),
        (lambda: Stage(1, D(2024, 5, 3), handler=NUMBER), r"Stage\.handler must be None or a str"),
        (
            lambda: Complaint("R-1", [Stage(1, D(2024, 5, 3))], tenure=NUMBER),
            r"Complaint\.tenure must be None or a str",
        ),
    ],
)
def test_flags_and_enums_must_be_their_own_types(build: Any, message: str) -> None:
    """Flags are bools and enums their members; look-alike values are an InvalidType."""
    with pytest.raises(InvalidType, match=message):
        build()
