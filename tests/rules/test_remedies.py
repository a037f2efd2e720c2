"""The remedy rules (``remedy.target-date``, ``remedy.completion``) over several remedies.

Each remedy is judged on its own: one that needs no finding never stops the next from
being checked. Dates (England & Wales, 2024; no bank holiday falls in June or July 2024):
working days in July 2024 are 1-5, 8-12, 15-19, 22-26, 29-31. The complaint's one stage
is received Mon 2024-06-03, acknowledged 06-04 and answered on time on 06-18.
"""

from __future__ import annotations

from datetime import date

from complaintcode import (
    Complaint,
    Remedy,
    RemedyKind,
    Stage,
    WorkingDayCalendar,
    check,
    edition_named,
)
from complaintcode.rules._context import Context
from complaintcode.rules.remedies import remedy_findings
from support import remedy

D = date
OFFERED = D(2024, 6, 18)


def with_remedies(*remedies: Remedy) -> Complaint:
    """Complaint M-1: the on-time stage above, with these remedies."""
    stage = Stage(1, D(2024, 6, 3), acknowledged=D(2024, 6, 4), responded=D(2024, 6, 18))
    return Complaint("M-1", [stage], remedies=remedies)


LATE = remedy(OFFERED, due=D(2024, 7, 1), completed=D(2024, 7, 2), kind=RemedyKind.APOLOGY)
"""Due Mon 07-01, done Tue 07-02: one working day late."""


def test_a_late_completion_records_its_target_its_day_and_how_late() -> None:
    """The finding carries the target date, the completion date and the working days late."""
    (finding,) = check(with_remedies(LATE)).findings
    assert (
        finding.rule,
        finding.stage,
        finding.due,
        finding.actual,
        finding.working_days_late,
    ) == (
        "remedy.completion",
        None,
        D(2024, 7, 1),
        D(2024, 7, 2),
        1,
    )
    assert finding.provision == "7.3"


def test_a_remedy_done_in_time_does_not_stop_the_next_being_checked() -> None:
    """Remedy 1 done on its target day; remedy 2 one working day late is still found."""
    on_time = remedy(OFFERED, due=D(2024, 7, 1), completed=D(2024, 7, 1))
    (finding,) = check(with_remedies(on_time, LATE)).findings
    assert finding.message == (
        "Remedy 2 (apology) was completed 2024-07-02, 1 working day after its target date "
        "2024-07-01"
    )


def test_a_weekend_target_met_on_the_monday_does_not_stop_the_next_being_checked() -> None:
    """Remedy 1 due Sat 06-29 and done Mon 07-01 is in time (0 working days late)."""
    weekend = remedy(OFFERED, due=D(2024, 6, 29), completed=D(2024, 7, 1))
    (finding,) = check(with_remedies(weekend, LATE)).findings
    assert finding.message.startswith("Remedy 2 (apology) was completed 2024-07-02")


def test_a_remedy_done_the_day_it_was_offered_needs_no_target_and_the_next_is_checked() -> None:
    """Remedy 1 has no target but was done on the day offered; remedy 2, undated, is found."""
    at_once = remedy(OFFERED, completed=OFFERED)
    undated = remedy(OFFERED, kind=RemedyKind.FINANCIAL)
    (finding,) = check(with_remedies(at_once, undated)).findings
    assert (finding.rule, finding.stage, finding.provision) == ("remedy.target-date", None, "7.3")
    assert finding.message == "Remedy 2 (financial remedy) offered 2024-06-18 has no target date"


def test_a_remedy_offered_after_as_of_is_skipped_and_the_next_is_checked() -> None:
    """A remedy not yet offered at as_of is skipped; the next is still checked.

    At as_of Wed 07-10 remedy 1 (offered 07-15) is not yet offered; remedy 2, due Mon 07-01
    and still open, is 7 working days late (2, 3, 4, 5, 8, 9, 10).
    """
    future = remedy(D(2024, 7, 15), due=D(2024, 7, 22))
    open_ = remedy(OFFERED, due=D(2024, 7, 1))
    (finding,) = check(with_remedies(future, open_), as_of=D(2024, 7, 10)).findings
    assert (finding.due, finding.actual, finding.working_days_late) == (D(2024, 7, 1), None, 7)
    assert finding.message == (
        "Remedy 2 (other) was still not completed at 2024-07-10, 7 working days after its "
        "target date 2024-07-01"
    )


def test_an_open_remedy_is_not_late_on_its_target_day_but_is_the_next_working_day() -> None:
    """Due Mon 07-01: open at as_of 07-01, no finding; at Tue 07-02, one working day late."""
    open_ = with_remedies(remedy(OFFERED, due=D(2024, 7, 1)))
    assert check(open_, as_of=D(2024, 7, 1)).findings == ()
    (finding,) = check(open_, as_of=D(2024, 7, 2)).findings
    assert (finding.rule, finding.due, finding.working_days_late) == (
        "remedy.completion",
        D(2024, 7, 1),
        1,
    )
    assert finding.message == (
        "Remedy 1 (other) was still not completed at 2024-07-02, 1 working day after its "
        "target date 2024-07-01"
    )


def test_an_open_remedy_due_on_a_saturday_is_in_time_until_the_monday_has_passed() -> None:
    """An open remedy due on a Saturday is met by the Monday.

    Due Sat 06-29: at as_of Sun 06-30 and Mon 07-01 it is in time; at Tue 07-02 it is one
    working day late. Remedy 2 (due Mon 07-01, done 07-02) is open and in time at 07-01.
    """
    case = with_remedies(remedy(OFFERED, due=D(2024, 6, 29)), LATE)
    for as_of in (D(2024, 6, 30), D(2024, 7, 1)):
        assert check(case, as_of=as_of).findings == ()
    late = check(case, as_of=D(2024, 7, 2)).findings
    assert [(f.message[:9], f.working_days_late) for f in late] == [
        ("Remedy 1 ", 1),
        ("Remedy 2 ", 1),
    ]


def test_a_completion_after_as_of_is_not_yet_seen() -> None:
    """Done Tue 07-02 but checked at Mon 07-01, the target day: open and in time."""
    assert check(with_remedies(LATE), as_of=D(2024, 7, 1)).findings == ()


def test_a_weekend_as_of_in_time_for_one_remedy_does_not_stop_the_next_being_checked() -> None:
    """A remedy in time at a weekend as_of does not stop the next being checked.

    At as_of Sun 06-30, which counts as Mon 07-01: remedy 1, due Sat 06-29, is in time (met
    by the Monday); remedy 2, due Fri 06-28 and still open, is one working day late.
    """
    saturday = remedy(OFFERED, due=D(2024, 6, 29))
    friday = remedy(OFFERED, due=D(2024, 6, 28))
    (finding,) = check(with_remedies(saturday, friday), as_of=D(2024, 6, 30)).findings
    assert finding.message == (
        "Remedy 2 (other) was still not completed at 2024-06-30, 1 working day after its "
        "target date 2024-06-28"
    )


def test_a_single_stage_timetable_has_no_remedies_to_judge() -> None:
    """Without a complaint (a stage's timetable worked out alone) the family finds nothing."""
    stage = Stage(1, D(2024, 6, 3))
    ctx = Context(
        None, edition_named("2024"), WorkingDayCalendar.england_and_wales(), None, (stage,), None
    )
    assert list(remedy_findings(ctx)) == []


def test_a_remedy_done_on_its_target_date_is_in_time_without_counting_days() -> None:
    """A remedy done on its target date is in time, with no working days to count.

    So even a date past the calendar's last day (2099-12-31) gives no finding and no error.
    """
    far = D(2100, 1, 4)
    assert check(with_remedies(remedy(OFFERED, due=far, completed=far))).findings == ()


def test_an_open_remedy_with_no_as_of_does_not_stop_the_next_being_checked() -> None:
    """With no as_of an open remedy cannot be late; remedy 2, done a day late, is found."""
    open_ = remedy(OFFERED, due=D(2024, 7, 1))
    (finding,) = check(with_remedies(open_, LATE)).findings
    assert finding.message.startswith("Remedy 2 (apology) was completed 2024-07-02, 1 working")
