"""timetable(): one stage's deadlines from its dates alone, by the same engine as check()."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings

from complaintcode import Complaint, Extension, InvalidArgument, check, timetable
from complaintcode.strategies import complaints


def test_a_stage_1_timetable_from_receipt_and_acknowledgement() -> None:
    """Received Fri 3 May 2024, acknowledged Tue 7 May: ack by 13 May, respond by 21 May."""
    # 5 working days after Friday 3 May, skipping the weekend and May Day (Mon 6 May):
    # 7, 8, 9, 10, 13 May. 10 working days after the acknowledgement on Tue 7 May:
    # 8, 9, 10, 13, 14, 15, 16, 17, 20, 21 May (2024 Code 6.2 and 6.3).
    table = timetable(date(2024, 5, 3), acknowledged=date(2024, 5, 7))
    assert table.acknowledge_by is not None
    assert table.respond_by is not None
    assert table.acknowledge_by.due == date(2024, 5, 13)
    assert table.respond_by.due == date(2024, 5, 21)
    assert table.respond_by.provision.number == "6.3"
    assert table.extended_respond_by is None


def test_a_compliant_extension_moves_the_final_deadline() -> None:
    """A 5-day extension of the 21 May deadline ends on 29 May (Spring bank holiday skipped)."""
    # 5 working days after Tue 21 May 2024: 22, 23, 24, (Mon 27 May is the Spring bank
    # holiday), 28, 29 May.
    table = timetable(
        date(2024, 5, 3),
        acknowledged=date(2024, 5, 7),
        extensions=[Extension(date(2024, 5, 20), 5, "survey needed")],
    )
    final = table.final_respond_by
    assert final is not None
    assert final.due == date(2024, 5, 29)


def test_stage_2_takes_its_edition_from_stage_1() -> None:
    """Stage 2 received 1 Mar 2023, stage 1 in Jan 2023: 2022 Code, 20 working days."""
    # March 2023 has no bank holiday: 20 weekdays after Wed 1 March is Wed 29 March.
    table = timetable(date(2023, 3, 1), stage=2, stage1_received=date(2023, 1, 9))
    assert table.respond_by is not None
    assert table.respond_by.due == date(2023, 3, 29)
    assert table.respond_by.edition == "2022"


def test_a_stage_the_edition_does_not_have_has_no_deadlines() -> None:
    """The 2024 Code has two stages: a stage 3 timetable is empty."""
    table = timetable(date(2024, 6, 3), stage=3)
    assert table.lines() == []


def test_an_out_of_hours_receipt_counts_from_the_next_day() -> None:
    """With a 17:00 cut-off, 18:30 on Fri 3 May 2024 counts as received Tue 7 May."""
    from datetime import time

    from complaintcode import WorkingDayCalendar

    calendar = WorkingDayCalendar(cutoff=time(17, 0))
    late = timetable(datetime(2024, 5, 3, 18, 30), calendar=calendar)
    early = timetable(datetime(2024, 5, 3, 9, 30), calendar=calendar)
    assert late.acknowledge_by is not None
    assert early.acknowledge_by is not None
    # 5 working days after Tue 7 May: 8, 9, 10, 13, 14 May; from Fri 3 May: 13 May.
    assert late.acknowledge_by.due == date(2024, 5, 14)
    assert early.acknowledge_by.due == date(2024, 5, 13)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"acknowledged": date(2024, 5, 2)}, "acknowledged"),
        ({"responded": date(2024, 4, 30)}, "responded"),
        ({"stage1_received": date(2024, 5, 4)}, "stage1_received"),
        ({"stage": 0}, "stage"),
        ({"extensions": [Extension(date(2024, 5, 1), 5, "x")]}, "extensions"),
    ],
)
def test_dates_that_cannot_be_true_are_refused(kwargs: dict[str, object], name: str) -> None:
    """A date before the stage was received (or a stage 0) names the argument."""
    with pytest.raises(InvalidArgument) as caught:
        timetable(date(2024, 5, 3), **kwargs)  # type: ignore[arg-type]
    assert caught.value.name == name


@settings(max_examples=60)
@given(complaints())
def test_timetable_agrees_with_check_for_every_stage(complaint: Complaint) -> None:
    """Law: each stage's timetable from its dates alone is the one check() gives it."""
    assessment = check(complaint)
    refused = complaint.refusal.stage if complaint.refusal is not None else None
    for stage in complaint.stages:
        if stage.number == refused:
            continue
        alone = timetable(
            stage.received,
            stage=stage.number,
            acknowledged=stage.acknowledged,
            responded=stage.responded,
            extensions=stage.extensions,
            stage1_received=complaint.received,
        )
        assert alone == assessment.timetable[stage.number]
