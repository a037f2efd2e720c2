"""The timing rules: each deadline's basis, the boundaries of every comparison, extensions.

Every date below was counted by hand on a printed calendar (England & Wales bank
holidays); the count is written beside it. The working days used:

* 2024-05: 1-3, 7-10, 13-17, 20-24, 28-31 (6 and 27 May are bank holidays)
* 2024-06: 3-7, 10-14, 17-21, 24-28
* 2024-07: 1-5, 8-12, 15-19, 22-26, 29-31
* 2024-08: 1-2, 5-9, 12-16, 19-23, 27-30 (26 August is a bank holiday)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from complaintcode import (
    CODE_2024,
    Complaint,
    ExclusionGround,
    Refusal,
    Stage,
    StageStatus,
    WorkingDayCalendar,
    check,
    edition_for,
    edition_named,
)
from complaintcode.editions import Limit
from complaintcode.results import Deadline, Timetable
from complaintcode.rules._context import Context
from complaintcode.rules.timescales import assess_stage, stage_deadlines
from support import extension, golden_complaint, golden_scenarios

D = date

GOLDEN = Path(__file__).parent / "golden"
CALENDAR = WorkingDayCalendar.england_and_wales()


def _golden_contexts() -> list[tuple[str, Context]]:
    contexts = []
    for name, scenario in golden_scenarios(GOLDEN):
        complaint = golden_complaint(scenario["complaint"])
        forced = scenario.get("force_edition")
        edition = edition_named(forced) if forced else edition_for(complaint.received)
        ctx = Context.build(complaint, edition, CALENDAR, scenario.get("as_of"))
        contexts.append((name, ctx))
    return contexts


GOLDEN_CONTEXTS = _golden_contexts()


@pytest.mark.parametrize(
    "ctx", [c for _, c in GOLDEN_CONTEXTS], ids=[n for n, _ in GOLDEN_CONTEXTS]
)
def test_the_work_queue_deadlines_are_the_assessments_deadlines(ctx: Context) -> None:
    """``stage_deadlines`` gives every golden stage the deadlines ``assess_stage`` gives it.

    The same dates, counted from the same events under the same provisions; only the
    figures a report adds up (acknowledged on time, working days taken) are left out.
    """
    for stage in ctx.stages:
        full = assess_stage(ctx, stage).timetable
        assert stage_deadlines(ctx, stage) == full._replace(
            acknowledged_on_time=None, working_days_to_respond=None
        )


# -- stage 1 of the 2024 Code, received Mon 2024-06-03 ---------------------------------------
# Acknowledge by Mon 06-10 (4, 5, 6, 7, 10). Acknowledged Tue 06-04: respond by Tue 06-18
# (5, 6, 7, 10, 11, 12, 13, 14, 17, 18).

RECEIVED = D(2024, 6, 3)
RECEIPT = "5 working days after receipt on 2024-06-03"
AFTER_ACK = "10 working days after acknowledgement on 2024-06-04"


def one_stage(**fields: Any) -> Complaint:
    """Complaint T-1: one 2024 stage received Mon 2024-06-03 (acknowledged 06-04 by default)."""
    fields.setdefault("acknowledged", D(2024, 6, 4))
    return Complaint("T-1", [Stage(1, RECEIVED, **fields)])


def two_stages(**second: Any) -> Complaint:
    """Complaint T-2: stage 1 above answered on time, stage 2 received Mon 2024-07-01."""
    first = Stage(1, RECEIVED, acknowledged=D(2024, 6, 4), responded=D(2024, 6, 18))
    return Complaint("T-2", [first, Stage(2, D(2024, 7, 1), **second)])


def test_stage2_deadlines_count_from_the_escalation_request() -> None:
    """Stage 2's acknowledgement deadline is counted from the escalation request.

    Received Mon 2024-07-01: acknowledge by Mon 07-08 (2, 3, 4, 5, 8); the basis says from what.
    """
    acknowledge_by = check(two_stages()).timetable[2].acknowledge_by
    assert acknowledge_by is not None
    assert (acknowledge_by.due, acknowledge_by.event) == (
        D(2024, 7, 8),
        "receipt of the escalation request",
    )
    assert acknowledge_by.explanation == (
        "5 working days after receipt of the escalation request on 2024-07-01"
    )


def test_with_no_acknowledgement_the_response_clock_runs_from_its_deadline() -> None:
    """Unacknowledged, the response is due 10 working days after the acknowledgement deadline.

    Acknowledge by Mon 06-10; respond by Mon 06-24 (11, 12, 13, 14, 17, 18, 19, 20, 21, 24).
    """
    respond_by = check(one_stage(acknowledged=None)).timetable[1].respond_by
    assert respond_by is not None
    assert (respond_by.due, respond_by.counted_from, respond_by.event) == (
        D(2024, 6, 24),
        D(2024, 6, 10),
        "acknowledgement deadline",
    )
    assert respond_by.explanation == (
        "10 working days after the acknowledgement deadline 2024-06-10 "
        "(no acknowledgement recorded)"
    )


def test_an_acknowledgement_on_its_deadline_day_is_not_capped() -> None:
    """An acknowledgement on its deadline day is on time, so capping does not apply.

    Acknowledged Mon 06-10, the deadline itself: the capped mode counts from the
    acknowledgement, not from a "late acknowledgement": respond by Mon 06-24 (11, 12, 13,
    14, 17, 18, 19, 20, 21, 24), with no finding.
    """
    result = check(one_stage(acknowledged=D(2024, 6, 10)), late_acknowledgement="capped")
    respond_by = result.timetable[1].respond_by
    assert respond_by is not None
    assert (respond_by.due, respond_by.event) == (D(2024, 6, 24), "acknowledgement")
    assert respond_by.explanation == "10 working days after acknowledgement on 2024-06-10"
    assert result.findings == ()


def test_a_clock_that_runs_from_receipt_ignores_the_acknowledgement_deadline() -> None:
    """A response clock that runs from receipt is not moved to the acknowledgement deadline.

    An edition that sets an acknowledgement limit but counts the response from receipt
    (none of the Code's editions does; one built in Python can): unacknowledged and
    received Mon 06-03, the response is due Mon 06-17 (4, 5, 6, 7, 10, 11, 12, 13, 14, 17).
    """
    first = CODE_2024.stage(1)
    respond = Limit(10, "receipt", first.respond.provision)
    edition = attrs.evolve(
        CODE_2024, stages=(attrs.evolve(first, respond=respond), *CODE_2024.stages[1:])
    )
    respond_by = check(one_stage(acknowledged=None), edition=edition).timetable[1].respond_by
    assert respond_by is not None
    assert (respond_by.due, respond_by.event) == (D(2024, 6, 17), "receipt")


# -- the acknowledgement rule ------------------------------------------------------------------


def test_a_late_acknowledgement_says_by_how_much_and_from_what() -> None:
    """Acknowledged Tue 06-11, one working day after Mon 06-10; answered in time after it."""
    (finding,) = check(one_stage(acknowledged=D(2024, 6, 11), responded=D(2024, 6, 25))).findings
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.acknowledgement",
        D(2024, 6, 10),
        D(2024, 6, 11),
        1,
    )
    assert finding.message == (
        f"Stage 1 acknowledged 2024-06-11, 1 working day after its 2024-06-10 deadline ({RECEIPT})"
    )


def test_a_response_after_the_acknowledgement_deadline_without_one_says_so() -> None:
    """No acknowledgement, answered Tue 06-11: one working day after the 06-10 deadline."""
    (finding,) = check(one_stage(acknowledged=None, responded=D(2024, 6, 11))).findings
    assert (finding.rule, finding.due, finding.working_days_late) == (
        "stage1.acknowledgement",
        D(2024, 6, 10),
        1,
    )
    assert finding.message == (
        "Stage 1 has no acknowledgement recorded; the response on 2024-06-11 came 1 working "
        f"day after the 2024-06-10 acknowledgement deadline ({RECEIPT})"
    )


def test_an_acknowledgement_is_not_overdue_on_its_deadline_day() -> None:
    """Nothing recorded and as_of is Mon 06-10, the deadline itself: still open, no finding."""
    result = check(one_stage(acknowledged=None), as_of=D(2024, 6, 10))
    assert result.findings == ()
    assert result.status(1) is StageStatus.OPEN


def test_an_acknowledgement_is_overdue_the_next_working_day() -> None:
    """Nothing recorded and as_of is Tue 06-11: one working day overdue."""
    (finding,) = check(one_stage(acknowledged=None), as_of=D(2024, 6, 11)).findings
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.acknowledgement",
        D(2024, 6, 10),
        None,
        1,
    )
    assert finding.message == (
        f"Stage 1 not acknowledged by 2024-06-11, 1 working day after its 2024-06-10 deadline "
        f"({RECEIPT})"
    )


# -- the response rule -------------------------------------------------------------------------


def test_a_response_is_not_overdue_on_its_deadline_day() -> None:
    """Unanswered, as_of Tue 06-18 (the deadline): open, no finding."""
    result = check(one_stage(), as_of=D(2024, 6, 18))
    assert result.findings == ()
    assert result.status(1) is StageStatus.OPEN


def test_a_response_is_overdue_the_next_working_day() -> None:
    """Unanswered, as_of Wed 06-19: overdue by one working day."""
    result = check(one_stage(), as_of=D(2024, 6, 19))
    (finding,) = result.findings
    assert result.status(1) is StageStatus.OVERDUE
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.response",
        D(2024, 6, 18),
        None,
        1,
    )
    assert finding.message == (
        "Stage 1 response still not sent at 2024-06-19, 1 working day after its 2024-06-18 "
        f"deadline ({AFTER_ACK})"
    )


# -- extensions --------------------------------------------------------------------------------


def test_an_unexplained_one_day_extension_is_named_in_the_singular() -> None:
    """A 1-working-day extension notified Mon 06-10 with no reason and no Ombudsman details."""
    case = one_stage(
        extensions=[extension(D(2024, 6, 10), 1, reason=" ", ombudsman_details_given=False)]
    )
    messages = {f.rule: f.message for f in check(case).findings}
    assert messages == {
        "stage1.extension-reason": (
            "Stage 1 extension of 1 working day notified 2024-06-10 gave the resident no reason"
        ),
        "stage1.extension-ombudsman-details": (
            "Stage 1 extension of 1 working day notified 2024-06-10 did not give the "
            "Ombudsman's contact details"
        ),
    }


def test_an_extension_notified_after_the_deadline_does_not_count() -> None:
    """Notified Wed 06-19, one working day after the Tue 06-18 deadline, which stands."""
    result = check(one_stage(extensions=[extension(D(2024, 6, 19), 1)]))
    (finding,) = result.findings
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.extension-notice",
        D(2024, 6, 18),
        D(2024, 6, 19),
        1,
    )
    assert finding.message == (
        "Stage 1 extension of 1 working day was notified 2024-06-19, 1 working day after the "
        "deadline it was meant to extend (2024-06-18), so it does not count"
    )
    extended = result.timetable[1].extended_respond_by
    assert extended is not None
    assert (extended.due, extended.working_days, extended.extensions) == (D(2024, 6, 18), 0, ())


def test_two_extensions_over_the_cap_count_only_up_to_it() -> None:
    """Extensions without a good reason count only up to the cap, and the finding says so.

    6 working days notified Mon 06-10 move the deadline from Tue 06-18 to Wed 06-26 (19,
    20, 21, 24, 25, 26); 6 more notified Thu 06-20 make 12, 2 over the 2024 cap of 10, so
    only 4 count: Tue 07-02 (27, 28, 1 Jul, 2 Jul).
    """
    case = one_stage(extensions=[extension(D(2024, 6, 10), 6), extension(D(2024, 6, 20), 6)])
    result = check(case)
    (finding,) = result.findings
    assert (finding.rule, finding.stage, finding.provision) == (
        "stage1.extension-length",
        1,
        "6.4",
    )
    assert finding.message == (
        "Stage 1 extensions notified by 2024-06-20 total 12 working days, 2 more than the "
        "10-working-day cap, with no good reason recorded; only 4 of this extension's 6 count"
    )
    extended = result.timetable[1].extended_respond_by
    assert extended is not None
    assert extended == Deadline(
        D(2024, 7, 2),
        D(2024, 6, 18),
        10,
        "extension",
        extended.provision,
        "2024",
        extended.calendar,
        ((6, D(2024, 6, 10)), (4, D(2024, 6, 20))),
    )
    assert extended.explanation == (
        "2024-06-18 extended by 6 working days (notified 2024-06-10) and 4 working days "
        "(notified 2024-06-20), 10 in all"
    )


def test_every_extension_notified_too_late_is_found_and_checked() -> None:
    """Every extension notified after the deadline is a finding, and is still checked.

    Two extensions notified after the Tue 06-18 deadline: Wed 06-19 (1 working day late)
    and Thu 06-20 (2 late), the second with no reason. Neither counts.
    """
    late = [extension(D(2024, 6, 19), 5), extension(D(2024, 6, 20), 5, reason="")]
    result = check(one_stage(extensions=late))
    found = [(f.rule, f.actual, f.working_days_late) for f in result.findings]
    assert found == [
        ("stage1.extension-notice", D(2024, 6, 19), 1),
        ("stage1.extension-reason", None, None),
        ("stage1.extension-notice", D(2024, 6, 20), 2),
    ]
    extended = result.timetable[1].extended_respond_by
    assert extended is not None
    assert extended.due == D(2024, 6, 18)


EXTENDED = f"{AFTER_ACK}, then 2024-06-18 extended by 5 working days (notified 2024-06-10)"
"""The basis of a deadline of Tue 06-18 extended by 5 working days to Tue 06-25 (19, 20,
21, 24, 25) by an extension notified Mon 06-10."""


def test_a_response_within_the_extension_is_not_late() -> None:
    """Answered Fri 06-21, after the first deadline but within the extended one."""
    result = check(one_stage(responded=D(2024, 6, 21), extensions=[extension(D(2024, 6, 10), 5)]))
    assert (result.status(1), result.findings) == (StageStatus.WITHIN_EXTENSION, ())


def test_a_response_after_the_extended_deadline_explains_both_deadlines() -> None:
    """Answered Wed 06-26, one working day after the extended deadline of Tue 06-25."""
    case = one_stage(responded=D(2024, 6, 26), extensions=[extension(D(2024, 6, 10), 5)])
    result = check(case)
    (finding,) = result.findings
    assert result.status(1) is StageStatus.LATE
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.response",
        D(2024, 6, 25),
        D(2024, 6, 26),
        1,
    )
    assert finding.message == (
        f"Stage 1 response sent 2024-06-26, 1 working day after its 2024-06-25 deadline "
        f"({EXTENDED})"
    )


def test_an_extended_response_is_overdue_the_day_after_the_extended_deadline() -> None:
    """Unanswered: open at as_of Tue 06-25, overdue by one working day at Wed 06-26."""
    case = one_stage(extensions=[extension(D(2024, 6, 10), 5)])
    assert check(case, as_of=D(2024, 6, 25)).findings == ()
    (finding,) = check(case, as_of=D(2024, 6, 26)).findings
    assert (finding.rule, finding.due, finding.working_days_late) == (
        "stage1.response",
        D(2024, 6, 25),
        1,
    )
    assert finding.message == (
        "Stage 1 response still not sent at 2024-06-26, 1 working day after its 2024-06-25 "
        f"deadline ({EXTENDED})"
    )


# -- the figures a report adds up --------------------------------------------------------------


@pytest.mark.parametrize(
    ("acknowledged", "responded", "on_time", "taken"),
    [
        # Acknowledged on the deadline day (Mon 06-10), answered Mon 06-24: 15 working days
        # after receipt (4-7, 10-14, 17-21, 24 June).
        (D(2024, 6, 10), D(2024, 6, 24), True, 15),
        # Acknowledged Tue 06-11, a day late; answered Tue 06-25 (16 working days).
        (D(2024, 6, 11), D(2024, 6, 25), False, 16),
        # No acknowledgement, but answered on Mon 06-10: the response served (5 days).
        (None, D(2024, 6, 10), True, 5),
        # No acknowledgement, answered Tue 06-11, after the acknowledgement deadline.
        (None, D(2024, 6, 11), False, 6),
        # Acknowledged in time on Tue 06-04 and not yet answered.
        (D(2024, 6, 4), None, True, None),
        # Nothing at all yet.
        (None, None, False, None),
    ],
)
def test_the_timetable_records_whether_acknowledged_in_time_and_the_days_taken(
    acknowledged: date | None, responded: date | None, on_time: bool, taken: int | None
) -> None:
    """Received Mon 06-03, acknowledge by Mon 06-10: the figures reports add up."""
    table = check(one_stage(acknowledged=acknowledged, responded=responded)).timetable[1]
    assert (table.acknowledged_on_time, table.working_days_to_respond) == (on_time, taken)


def test_a_stage_with_no_acknowledgement_limit_has_no_acknowledgement_figure() -> None:
    """The 2022 Code sets no stage 2 acknowledgement limit: neither on time nor late.

    Stage 1 received Mon 2023-06-05, acknowledged 06-06, answered 06-20; stage 2 received
    Mon 07-03 and answered Mon 07-10, 5 working days later (4, 5, 6, 7, 10).
    """
    first = Stage(1, D(2023, 6, 5), acknowledged=D(2023, 6, 6), responded=D(2023, 6, 20))
    second = Stage(2, D(2023, 7, 3), responded=D(2023, 7, 10))
    table = check(Complaint("T-3", [first, second])).timetable[2]
    assert (table.acknowledge_by, table.acknowledged_on_time) == (None, None)
    assert table.working_days_to_respond == 5


def test_a_refused_stage_has_an_empty_timetable_of_its_own_number() -> None:
    """Escalation refused Wed 2024-07-03: stage 2 has no deadlines and no status."""
    refusal = Refusal(
        D(2024, 7, 3),
        ExclusionGround.OTHER,
        stage=2,
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    result = check(attrs.evolve(two_stages(), refusal=refusal))
    assert result.timetable[2] == Timetable(2, None, None)
    assert result.findings == ()
