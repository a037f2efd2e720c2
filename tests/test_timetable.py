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


AFTER = "on or after the stage was received (2024-05-03)"


@pytest.mark.parametrize(
    ("kwargs", "name", "message", "got"),
    [
        ({"acknowledged": date(2024, 5, 2)}, "acknowledged", AFTER, date(2024, 5, 2)),
        ({"responded": date(2024, 4, 30)}, "responded", AFTER, date(2024, 4, 30)),
        (
            {"stage1_received": date(2024, 5, 4)},
            "stage1_received",
            "on or before the stage was received (2024-05-03)",
            date(2024, 5, 4),
        ),
        ({"stage": 0}, "stage", "a stage number, 1 or more", 0),
        (
            {"extensions": [Extension(date(2024, 5, 1), 5, "x")]},
            "extensions",
            AFTER,
            date(2024, 5, 1),
        ),
        (
            {"late_acknowledgement": "CAPPED"},
            "late_acknowledgement",
            "'moves-clock' or 'capped'",
            "CAPPED",
        ),
    ],
)
def test_dates_that_cannot_be_true_are_refused(
    kwargs: dict[str, object], name: str, message: str, got: object
) -> None:
    """A date before the stage was received (or a stage 0) names the argument and its value."""
    with pytest.raises(InvalidArgument) as caught:
        timetable(date(2024, 5, 3), **kwargs)  # type: ignore[arg-type]
    assert caught.value.name == name
    assert str(caught.value) == f"{name} must be {message}; got {got!r}"


def test_a_stage_2_after_1_april_2024_keeps_the_edition_of_its_stage_1() -> None:
    """Stage 1 received 20 Mar 2024 (2022 Code), stage 2 on Mon 15 Apr 2024.

    Under the 2022 Code (5.13) stage 2 is answered within 20 working days of the request:
    16-19 Apr (4), 22-26 (9), 29 Apr-3 May (14), Mon 6 May is May Day, 7-10 (18), 13, 14
    May (20): Tue 14 May, with no acknowledgement deadline. Judged on its own date, the
    2024 Code would apply instead (acknowledge by 22 Apr, respond by 21 May).
    """
    table = timetable(date(2024, 4, 15), stage=2, stage1_received=date(2024, 3, 20))
    assert table.respond_by is not None
    assert (table.respond_by.due, table.respond_by.edition) == (date(2024, 5, 14), "2022")
    assert table.acknowledge_by is None
    alone = timetable(date(2024, 4, 15), stage=2)
    assert alone.respond_by is not None
    assert (alone.respond_by.due, alone.respond_by.edition) == (date(2024, 5, 21), "2024")


def test_a_forced_edition_is_used() -> None:
    """Received Fri 3 May 2024 but judged under the 2022 Code: acknowledge by 13 May (4.1)."""
    table = timetable(date(2024, 5, 3), edition="2022")
    assert table.acknowledge_by is not None
    assert table.acknowledge_by.provision.number == "4.1"
    assert table.acknowledge_by.edition == "2022"


def test_a_capped_clock_runs_from_the_acknowledgement_deadline() -> None:
    """Received Fri 3 May 2024, acknowledged late on Wed 15 May (due Mon 13 May).

    The literal reading counts 10 working days from 15 May: 16, 17, 20-24, (27 May the
    Spring bank holiday), 28, 29, 30 -> Thu 30 May. Capped, they run from 13 May: 14-17,
    20-24, 28 -> Tue 28 May.
    """
    moved = timetable(date(2024, 5, 3), acknowledged=date(2024, 5, 15))
    capped = timetable(
        date(2024, 5, 3), acknowledged=date(2024, 5, 15), late_acknowledgement="capped"
    )
    assert moved.respond_by is not None
    assert capped.respond_by is not None
    assert (moved.respond_by.due, capped.respond_by.due) == (date(2024, 5, 30), date(2024, 5, 28))


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
