"""check() and check_all(): every option reaches every assessment.

Dates counted by hand (England & Wales): stage 1 received Mon 3 June 2024, acknowledged
Tue 4 June, so respond by Tue 18 June (5, 6, 7, 10, 11, 12, 13, 14, 17, 18).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from complaintcode import (
    CalendarRangeError,
    Complaint,
    InvalidArgument,
    Stage,
    StageStatus,
    WorkingDayCalendar,
    check,
    check_all,
)
from support import refusal

D = date
ON_TIME = Complaint("K-1", [Stage(1, D(2024, 6, 3), acknowledged=D(2024, 6, 4))])
# Received Fri 3 May 2024: acknowledge by Mon 13 May (7, 8, 9, 10, 13; 6 May a bank holiday);
# acknowledged Wed 15 May, late. Moves-clock: respond by Thu 30 May (16, 17, 20-24, 28, 29,
# 30; 27 May a bank holiday). Capped: by Tue 28 May. Answered Wed 29 May.
LATE_ACK = Complaint(
    "K-2", [Stage(1, D(2024, 5, 3), acknowledged=D(2024, 5, 15), responded=D(2024, 5, 29))]
)


def _respond_by(complaint: Complaint, **options: object) -> date:
    (assessment,) = check_all([complaint], **options)  # type: ignore[arg-type]
    deadline = assessment.timetable[1].respond_by
    assert deadline is not None
    return deadline.due


def test_check_all_uses_the_calendar_it_is_given() -> None:
    """A closure on Mon 10 June moves the 18 June deadline to Wed 19 June."""
    closed = WorkingDayCalendar(closures=[D(2024, 6, 10)])
    assert _respond_by(ON_TIME) == D(2024, 6, 18)
    assert _respond_by(ON_TIME, calendar=closed) == D(2024, 6, 19)


def test_check_all_uses_the_edition_it_is_given() -> None:
    """Received in 2024, the complaint is judged under the 2022 Code when asked."""
    (default,) = check_all([ON_TIME])
    (forced,) = check_all([ON_TIME], edition="2022")
    assert (default.edition.name, forced.edition.name) == ("2024", "2022")


def test_check_all_uses_the_late_acknowledgement_mode_it_is_given() -> None:
    """Capping the clock at the acknowledgement deadline makes the 29 May answer late."""
    (moved,) = check_all([LATE_ACK])
    (capped,) = check_all([LATE_ACK], late_acknowledgement="capped")
    assert [f.rule for f in moved.findings] == ["stage1.acknowledgement"]
    assert sorted(f.rule for f in capped.findings) == ["stage1.acknowledgement", "stage1.response"]


def test_check_all_uses_as_of() -> None:
    """Unanswered at Wed 19 June, the stage is overdue by 1 working day."""
    (assessment,) = check_all([ON_TIME], as_of=D(2024, 6, 19))
    assert [(f.rule, f.working_days_late) for f in assessment.findings] == [("stage1.response", 1)]


def test_check_all_gives_what_check_gives_with_every_option() -> None:
    """check_all is check applied to each complaint with the same options."""
    options = {
        "calendar": WorkingDayCalendar(closures=[D(2024, 5, 16)]),
        "edition": "2022",
        "as_of": D(2024, 6, 30),
        "late_acknowledgement": "capped",
    }
    cases = [ON_TIME, LATE_ACK]
    assert list(check_all(cases, **options)) == [check(c, **options) for c in cases]  # type: ignore[arg-type]


def test_an_as_of_outside_the_calendar_is_called_as_of() -> None:
    """The error names as_of (not "start"), its value and the calendar's bounds."""
    with pytest.raises(CalendarRangeError) as raised:
        check(ON_TIME, as_of=D(2100, 1, 1))
    assert str(raised.value) == (
        "as_of 2100-01-01 is outside the calendar, which covers 1990-01-01 to 2099-12-31"
    )


def test_a_datetime_as_of_is_read_as_its_london_day() -> None:
    """23:30 UTC on Tue 18 June 2024 is 00:30 on Wed 19 June in London: 1 day overdue."""
    assessment = check(ON_TIME, as_of=datetime(2024, 6, 18, 23, 30, tzinfo=UTC))
    assert assessment.as_of == D(2024, 6, 19)
    assert [(f.rule, f.working_days_late) for f in assessment.findings] == [("stage1.response", 1)]


def test_an_as_of_that_is_not_a_date_is_refused_by_name() -> None:
    """Text is never read as a date: the error names as_of, the value and what it must be."""
    with pytest.raises(InvalidArgument) as raised:
        check(ON_TIME, as_of="2024-06-19")  # type: ignore[arg-type]
    assert str(raised.value) == (
        "as_of must be a datetime.date, a datetime.datetime or None; got '2024-06-19'"
    )


def test_an_as_of_on_the_calendars_first_or_last_day_is_accepted() -> None:
    """A calendar for 2024 only: as_of may be Mon 1 Jan or Tue 31 Dec 2024 itself.

    Received Mon 1 Jan 2024 (New Year's Day), the clock starts Tue 2 Jan; acknowledged
    that day, the response is due 10 working days later, Tue 16 Jan (3, 4, 5, 8-12, 15,
    16), and was sent Wed 10 Jan. At the end of 1 Jan nothing has been sent yet.
    """
    year = WorkingDayCalendar(first_day=D(2024, 1, 1), last_day=D(2024, 12, 31))
    case = Complaint(
        "K-3", [Stage(1, D(2024, 1, 1), acknowledged=D(2024, 1, 2), responded=D(2024, 1, 10))]
    )
    assert check(case, calendar=year, as_of=D(2024, 1, 1)).statuses[1] is StageStatus.OPEN
    assert check(case, calendar=year, as_of=D(2024, 12, 31)).statuses[1] is StageStatus.ON_TIME


# Stage 1 as ON_TIME but answered Wed 19 June, 1 working day late. Stage 2 received Mon
# 24 June: acknowledge by Mon 1 July (25, 26, 27, 28 June, 1 July; 2024 Code 6.11),
# acknowledged Tue 2 July, 1 working day late; respond within 20 working days of that
# (6.14): 3-5, 8-12, 15-19, 22-26, 29, 30 July -> Tue 30 July, and answered that day.
TWO_LATE = Complaint(
    "K-4",
    [
        Stage(1, D(2024, 6, 3), acknowledged=D(2024, 6, 4), responded=D(2024, 6, 19)),
        Stage(2, D(2024, 6, 24), acknowledged=D(2024, 7, 2), responded=D(2024, 7, 30)),
    ],
)


def test_the_findings_of_every_stage_are_kept() -> None:
    """A late stage 1 response and a late stage 2 acknowledgement are both reported."""
    findings = check(TWO_LATE).findings
    assert [(f.rule, f.stage, f.working_days_late) for f in findings] == [
        ("stage1.response", 1, 1),
        ("stage2.acknowledgement", 2, 1),
    ]


def test_a_stage_received_on_the_as_of_day_is_part_of_the_record() -> None:
    """At the end of Mon 24 June, the escalation received that day is in the assessment."""
    assessment = check(TWO_LATE, as_of=D(2024, 6, 24))
    assert sorted(assessment.timetable) == [1, 2]
    assert assessment.statuses[2] is StageStatus.OPEN


def test_the_assessment_records_what_it_was_made_from() -> None:
    """The complaint, the calendar, the as_of day and the refused stage travel with it."""
    closed = WorkingDayCalendar(closures=[D(2024, 6, 10)])
    assessment = check(ON_TIME, calendar=closed, as_of=D(2024, 6, 30))
    assert assessment.complaint is ON_TIME
    assert assessment.calendar is closed
    assert assessment.as_of == D(2024, 6, 30)
    assert assessment.refused_stage is None


def test_a_refusal_decided_on_the_as_of_day_has_happened() -> None:
    """Refused on Wed 5 June: judged at the end of that day, stage 1 stands refused."""
    refused = Complaint("K-5", [Stage(1, D(2024, 6, 3))], refusal=refusal(D(2024, 6, 5)))
    assert check(refused).refused_stage == 1
    assert check(refused, as_of=D(2024, 6, 5)).refused_stage == 1
    assert check(refused, as_of=D(2024, 6, 4)).refused_stage is None


def test_the_status_of_a_stage_the_complaint_lacks_is_refused_naming_it() -> None:
    """A complaint with only stage 1 has no stage 2 to report on: an error naming both."""
    one_stage = Complaint("K-6", [Stage(1, D(2024, 6, 3))])
    assessment = check(one_stage, as_of=D(2024, 6, 4))
    assert assessment.status(1).name == "OPEN"
    with pytest.raises(InvalidArgument, match=r"complaint K-6 has no stage 2\); got 2$") as raised:
        assessment.status(2)
    assert raised.value.name == "stage"
