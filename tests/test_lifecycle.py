"""Lifecycle helpers on Complaint: each returns a new, validated complaint."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from complaintcode import (
    Complaint,
    ExclusionGround,
    Extension,
    InvalidArgument,
    InvalidComplaint,
    InvalidType,
    Refusal,
    Remedy,
    RemedyKind,
    Stage,
    WorkingDayCalendar,
    check,
)

OPEN = Complaint("L-1", [Stage(1, date(2024, 5, 3))])
REFUSAL = Refusal(
    date(2024, 5, 8), ExclusionGround.OUT_OF_TIME, reasons_given=True, ombudsman_rights_given=True
)
APOLOGY = Remedy(RemedyKind.APOLOGY, "apology", offered=date(2024, 5, 17), due=date(2024, 5, 24))


def test_helpers_leave_the_original_unchanged() -> None:
    """A helper returns a new complaint; the one it was called on is untouched."""
    acknowledged = OPEN.acknowledge(1, date(2024, 5, 7))
    assert OPEN.stage(1).acknowledged is None
    assert acknowledged.stage(1).acknowledged == date(2024, 5, 7)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.acknowledge(1, date(2024, 5, 2)), "stages[0].acknowledged"),
        (lambda c: c.respond(1, date(2024, 5, 1)), "stages[0].responded"),
        (lambda c: c.acknowledge(2, date(2024, 5, 7)), "stages"),
        (
            lambda c: c.extend(1, Extension(date(2024, 5, 6), 0, "r")),
            "stages[0].extensions[0].working_days",
        ),
        (lambda c: c.escalate(date(2024, 5, 1)), "stages[1].received"),
        (lambda c: c.refuse(REFUSAL).escalate(date(2024, 6, 1)), "refusal.stage"),
        (lambda c: c.refuse(REFUSAL).refuse(REFUSAL), "refusal"),
        (
            lambda c: c.add_remedy(APOLOGY).complete_remedy(0, date(2024, 5, 16)),
            "remedies[0].completed",
        ),
        (lambda c: c.complete_remedy(0, date(2024, 5, 20)), "remedies"),
        (
            lambda c: c.respond(1, date(2024, 5, 17)).respond(1, date(2024, 5, 18)),
            "stages[0].responded",
        ),
        (
            lambda c: c.acknowledge(1, date(2024, 5, 7)).acknowledge(1, date(2024, 5, 8)),
            "stages[0].acknowledged",
        ),
        (
            lambda c: (
                c.add_remedy(APOLOGY)
                .complete_remedy(APOLOGY, date(2024, 5, 20))
                .complete_remedy(0, date(2024, 5, 21))
            ),
            "remedies[0].completed",
        ),
        (
            lambda c: c.respond(1, date(2024, 5, 17)).extend(
                1, Extension(date(2024, 5, 20), 5, "r")
            ),
            "stages[0].extensions[0].notified",
        ),
    ],
)
def test_an_impossible_history_raises_invalid_complaint(change, field) -> None:  # type: ignore[no-untyped-def]
    """Each helper validates like the constructor, naming the field."""
    with pytest.raises(InvalidComplaint) as raised:
        change(OPEN)
    assert raised.value.field == field


def test_a_helper_given_the_wrong_type_raises_invalid_type() -> None:
    """Passing something that is not an Extension, Refusal or Remedy is a type error."""
    with pytest.raises(InvalidType):
        OPEN.extend(1, (date(2024, 5, 6), 5, "r"))  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        OPEN.refuse("out of time")  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        OPEN.add_remedy("apology")  # type: ignore[arg-type]


def test_check_reads_an_as_of_datetime_with_the_cut_off() -> None:
    """check() accepts a datetime as_of: after the cut-off it is the next day.

    Received Fri 2024-05-03, acknowledged Tue 05-07: respond by 05-07 +10 WD:
    8,9,10(3),13-17(8),20,21(10) -> Tue 2024-05-21.
    """
    cal = WorkingDayCalendar(cutoff=time(17, 0))
    c = Complaint("L-9", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    before = check(c, calendar=cal, as_of=datetime(2024, 5, 21, 16, 59))
    after = check(c, calendar=cal, as_of=datetime(2024, 5, 21, 17, 0))
    assert before.as_of == date(2024, 5, 21)
    assert before.findings == ()
    assert after.as_of == date(2024, 5, 22)
    assert [f.rule for f in after.findings] == ["stage1.response"]
    with pytest.raises(InvalidArgument):
        check(c, as_of="2024-05-21")  # type: ignore[arg-type]
