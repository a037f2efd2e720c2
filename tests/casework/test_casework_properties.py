"""Laws of the casework API, stated as properties over generated complaints.

* an action's due date is the matching deadline of check()'s timetable (or the remedy's
  target date);
* a complaint whose every action is taken on its due date has no timing finding;
* a compliant generated history never shows as overdue something it did on time;
* a work queue is ordered (overdue first, then by due date) and its counts add up;
* the lifecycle helpers build the same complaint as the constructor.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from complaintcode import (
    Complaint,
    Extension,
    Remedy,
    RemedyKind,
    Stage,
    WorkingDayCalendar,
    check,
    edition_for,
)
from complaintcode.casework import (
    Action,
    ActionKind,
    ActionState,
    next_actions,
    worklist,
)
from complaintcode.strategies import complaints

ENG = WorkingDayCalendar.england_and_wales()
TIMING_RULES = ("acknowledgement", "response", "extension-notice", "extension-length")


def _event_days(c: Complaint) -> list[date]:
    """Every day the history records something on."""
    days: list[date] = []
    for s in c.stages:
        days.append(s.received_date)
        days += [d for d in (s.acknowledged, s.responded) if d is not None]
        days += [e.notified for e in s.extensions]
    for r in c.remedies:
        days += [d for d in (r.offered, r.due, r.completed) if d is not None]
    if c.refusal is not None:
        days.append(c.refusal.decided)
    return days


@st.composite
def complaints_and_days(draw: st.DrawFn, compliant: bool | None = None) -> tuple[Complaint, date]:
    """A generated complaint and a day from its stage 1 receipt to 60 days after its end."""
    complaint = draw(complaints(compliant=compliant))
    first, last = complaint.received, max(_event_days(complaint))
    day = draw(st.dates(first, last + timedelta(days=60)))
    return complaint, day


@settings(max_examples=150)
@given(complaints_and_days(), st.integers(0, 15))
def test_an_actions_due_date_is_the_matching_timetable_deadline(
    case: tuple[Complaint, date], within: int
) -> None:
    """Every action's due date is check()'s deadline for it (or the remedy's target)."""
    complaint, day = case
    assessment = check(complaint, as_of=day)
    for action in next_actions(complaint, as_of=day, within=within):
        if action.kind is ActionKind.COMPLETE_REMEDY:
            assert action.remedy is not None
            target = action.remedy.due
            assert target is not None
            # The target date, or the next working day when it is not one.
            assert action.due >= target
            assert ENG.is_working_day(action.due)
            assert ENG.working_days_between(target, action.due) <= 1
            continue
        assert action.stage is not None
        table = assessment.timetable[action.stage]
        if action.kind in (ActionKind.ACKNOWLEDGE, ActionKind.DECIDE_ESCALATION):
            expected = table.acknowledge_by
        else:
            expected = table.final_respond_by
        assert expected is not None
        assert action.deadline == expected
        assert action.due == expected.due
        overdue = action.state is ActionState.OVERDUE
        assert overdue == (day > action.due)
        assert (action.working_days_left < 0) == overdue


@settings(max_examples=150)
@given(complaints_and_days())
def test_an_action_is_overdue_exactly_when_check_finds_it_late(
    case: tuple[Complaint, date],
) -> None:
    """Overdue actions are check()'s timing findings at as_of, as many working days late."""
    complaint, day = case
    late = {
        (f.rule, f.stage, f.due, f.working_days_late)
        for f in check(complaint, as_of=day).findings
        if f.actual is None and f.working_days_late
    }
    for action in next_actions(complaint, as_of=day):
        if action.kind is ActionKind.EXTENSION_NOTICE:
            continue
        key: tuple[str, int | None, date | None, int]
        if action.kind is ActionKind.COMPLETE_REMEDY:
            assert action.remedy is not None
            key = ("remedy.completion", None, action.remedy.due, -action.working_days_left)
        else:
            what = "response" if action.kind is ActionKind.RESPOND else "acknowledgement"
            key = (
                f"stage{action.stage}.{what}",
                action.stage,
                action.due,
                -action.working_days_left,
            )
        assert (key in late) == (action.state is ActionState.OVERDUE), (action, late)


@st.composite
def plans(draw: st.DrawFn) -> tuple[date, int, list[int], bool]:
    """Where a simulated complaint starts, how many stages, escalation gaps, a remedy."""
    edition = draw(st.sampled_from(["2020", "2022", "2024"]))
    start = {"2020": date(2020, 7, 1), "2022": date(2022, 4, 1), "2024": date(2024, 4, 1)}
    first = start[edition]
    received = draw(st.dates(first, first + timedelta(days=700)))
    stages = draw(st.integers(1, edition_for(received).max_stages))
    gaps = draw(st.lists(st.integers(0, 30), min_size=stages - 1, max_size=stages - 1))
    return received, stages, gaps, draw(st.booleans())


def _take(complaint: Complaint, action: Action, extend_days: int) -> Complaint:
    """Do ``action`` on its due date, with the lifecycle helpers."""
    assert action.stage is not None or action.kind is ActionKind.COMPLETE_REMEDY
    if action.kind in (ActionKind.ACKNOWLEDGE, ActionKind.DECIDE_ESCALATION):
        assert action.stage is not None
        return complaint.acknowledge(action.stage, action.due)
    if action.kind is ActionKind.EXTENSION_NOTICE:
        assert action.stage is not None
        notice = Extension(
            action.due, extend_days, "awaiting a report", ombudsman_details_given=True
        )
        return complaint.extend(action.stage, notice)
    if action.kind is ActionKind.RESPOND:
        assert action.stage is not None
        return complaint.respond(action.stage, action.due)
    assert action.remedy is not None
    return complaint.complete_remedy(action.remedy, action.due)


@settings(max_examples=100)
@given(plans(), st.integers(1, 10), st.booleans())
def test_taking_every_action_on_its_due_date_gives_no_timing_finding(
    plan: tuple[date, int, list[int], bool], extend_days: int, extend: bool
) -> None:
    """Each action done on its due date (an extension on its last day) breaches no timescale."""
    received, stage_count, gaps, with_remedy = plan
    complaint = Complaint("SIM-1", [Stage(1, received)])
    day = received
    extended: set[int] = set()
    for _ in range(50):
        actions = next_actions(complaint, as_of=day, within=10**6)
        if not actions:
            answered = complaint.stages[-1].responded
            if answered is not None and with_remedy and not complaint.remedies:
                remedy = Remedy(
                    RemedyKind.OTHER, "repair", offered=answered, due=answered + timedelta(days=9)
                )
                complaint = complaint.add_remedy(remedy)
                continue
            if answered is not None and len(complaint.stages) < stage_count:
                escalated = answered + timedelta(days=gaps[len(complaint.stages) - 1])
                complaint = complaint.escalate(escalated)
                day = max(day, escalated)  # as_of must see every event recorded so far
                continue
            break
        action = actions[0]  # the earliest, in stage order
        if action.kind is ActionKind.RESPOND and extend and action.stage not in extended:
            notice = next(a for a in actions if a.kind is ActionKind.EXTENSION_NOTICE)
            extended.add(notice.stage or 0)
            action = notice
        elif action.kind is ActionKind.EXTENSION_NOTICE:
            action = next(a for a in actions if a.kind is ActionKind.RESPOND)
        complaint = _take(complaint, action, extend_days)
        day = action.due
    else:
        raise AssertionError("the simulation did not finish")
    assert len(complaint.stages) == stage_count
    for as_of in (None, day, day + timedelta(days=400)):
        findings = check(complaint, as_of=as_of).findings
        timing = [
            f for f in findings if f.rule.endswith(TIMING_RULES) or f.rule == "remedy.completion"
        ]
        assert timing == [], (as_of, timing)


@settings(max_examples=150)
@given(complaints_and_days(compliant=True))
def test_a_compliant_history_never_shows_as_overdue_what_it_did_on_time(
    case: tuple[Complaint, date],
) -> None:
    """At any day, an overdue action of a compliant history is one it never took."""
    complaint, day = case
    for action in next_actions(complaint, as_of=day):
        if action.state is not ActionState.OVERDUE:
            continue
        if action.kind is ActionKind.COMPLETE_REMEDY:
            assert action.remedy is not None
            assert action.remedy.completed is None
            continue
        assert action.stage is not None
        stage = complaint.stage(action.stage)
        assert stage.responded is None, action
        if action.kind is not ActionKind.RESPOND:
            assert stage.acknowledged is None, action


@settings(max_examples=60)
@given(
    st.lists(complaints(min_received=date(2024, 4, 1)), max_size=8),
    st.dates(date(2024, 4, 1), date(2027, 12, 31)),
    st.integers(0, 20),
)
def test_a_work_queue_is_ordered_and_its_counts_add_up(
    cases: list[Complaint], day: date, within: int
) -> None:
    """Overdue first, then by due date; counts by state and kind sum to the actions."""
    queue = worklist(iter(cases), as_of=day, within=within)
    actions = list(queue)
    assert len(actions) == sum(len(next_actions(c, as_of=day, within=within)) for c in cases)
    keys = [(a.state is not ActionState.OVERDUE, a.due) for a in actions]
    assert keys == sorted(keys)
    assert sum(queue.by_state.values()) == len(actions) == sum(queue.by_kind.values())
    for state in ActionState:
        assert queue.by_state[state] == sum(a.state is state for a in actions)
    for kind in ActionKind:
        assert queue.by_kind[kind] == sum(a.kind is kind for a in actions)
    assert queue.complaints == len(cases)
    assert queue.with_actions == sum(1 for c in cases if next_actions(c, as_of=day))


def _rebuilt(c: Complaint) -> Complaint:
    """``c`` built again event by event with the lifecycle helpers."""
    first = c.stages[0]
    built = Complaint(
        c.reference,
        [Stage(1, first.received, handler=first.handler)],
        issue_date=c.issue_date,
        aware_date=c.aware_date,
        category=c.category,
        tenure=c.tenure,
        attributes=c.attributes,
    )
    for stage in c.stages:
        if stage.number > 1:
            built = built.escalate(stage.received, handler=stage.handler)
        if stage.acknowledged is not None:
            built = built.acknowledge(stage.number, stage.acknowledged)
        for extension in stage.extensions:
            built = built.extend(stage.number, extension)
        if stage.responded is not None:
            built = built.respond(
                stage.number, stage.responded, outcome=stage.outcome, items=stage.response_items
            )
    for index, remedy in enumerate(c.remedies):
        built = built.add_remedy(
            Remedy(
                remedy.kind,
                remedy.description,
                offered=remedy.offered,
                due=remedy.due,
                amount=remedy.amount,
            )
        )
        if remedy.completed is not None:
            built = built.complete_remedy(index, remedy.completed)
    if c.refusal is not None:
        built = built.refuse(c.refusal)
    return built


@settings(max_examples=150)
@given(complaints())
def test_lifecycle_helpers_give_the_same_complaint_as_the_constructor(c: Complaint) -> None:
    """Recording the history one event at a time builds an equal complaint."""
    assert _rebuilt(c) == c
