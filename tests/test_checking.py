"""check() and check_all(): every option reaches every assessment.

Dates counted by hand (England & Wales): stage 1 received Mon 3 June 2024, acknowledged
Tue 4 June, so respond by Tue 18 June (5, 6, 7, 10, 11, 12, 13, 14, 17, 18).
"""

from __future__ import annotations

from datetime import date

import pytest

from complaintcode import (
    CalendarRangeError,
    Complaint,
    Stage,
    WorkingDayCalendar,
    check,
    check_all,
)

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
