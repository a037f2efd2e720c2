"""Laws of the rules engine, stated as properties over generated complaints.

Each test is one law: meeting every deadline gives no timing finding; answering later
never removes a timing finding; check() is a pure function; findings do not depend on
where in the year a complaint falls, as long as no bank holiday is crossed; impossible
data raises at construction and never becomes a finding; valid data never makes check()
raise, whatever ``as_of``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from complaintcode import (
    Assessment,
    Complaint,
    ExclusionGround,
    Extension,
    InvalidComplaint,
    Refusal,
    Remedy,
    RemedyKind,
    Stage,
    StageStatus,
    WorkingDayCalendar,
    check,
    check_all,
)
from complaintcode.rules import RULES
from complaintcode.strategies import calendars, complaints

ENG = WorkingDayCalendar.england_and_wales()
EDITION_NAMES = st.sampled_from(["2020", "2022", "2024"])


def timing(assessment: Assessment) -> dict[tuple[str, int | None], int | None]:
    """The timing findings (rules starting "stage"): (rule, stage) -> working days late."""
    return {
        (f.rule, f.stage): f.working_days_late
        for f in assessment.findings
        if f.rule.startswith("stage")
    }


# -- meeting every deadline ------------------------------------------------------------------


@given(data=st.data())
def test_a_complaint_meeting_every_deadline_has_no_timing_findings(data: st.DataObject) -> None:
    """Acknowledged and answered on or before every deadline: no timing finding, on time."""
    calendar = data.draw(st.none() | calendars())
    complaint = data.draw(complaints(compliant=True, calendar=calendar))
    assessment = check(complaint, calendar=calendar)
    assert timing(assessment) == {}
    for number, status in assessment.statuses.items():
        answered = complaint.stage(number).responded is not None
        assert status.completed_on_time if answered else status is StageStatus.OPEN


# -- answering later -------------------------------------------------------------------------


@given(
    complaint=complaints(),
    data=st.data(),
    days_later=st.integers(min_value=1, max_value=60),
)
def test_a_later_response_never_removes_a_timing_finding(
    complaint: Complaint, data: st.DataObject, days_later: int
) -> None:
    """Moving one stage's response later keeps every timing finding, and none gets less late."""
    answered = [s for s in complaint.stages if s.responded is not None]
    assume(answered)
    stage = data.draw(st.sampled_from(answered))
    assert stage.responded is not None
    later = attrs.evolve(stage, responded=stage.responded + timedelta(days=days_later))
    moved = attrs.evolve(complaint, stages=[later if s is stage else s for s in complaint.stages])
    as_of = data.draw(st.none() | st.dates(date(2020, 7, 1), date(2030, 12, 31)))
    before = timing(check(complaint, as_of=as_of))
    after = timing(check(moved, as_of=as_of))
    assert before.keys() <= after.keys()
    for key, late in before.items():
        now = after[key]
        if late is not None and now is not None:
            assert now >= late, key


# -- check() is a pure function --------------------------------------------------------------


@given(
    complaint=complaints(),
    as_of=st.none() | st.dates(date(2020, 7, 1), date(2030, 12, 31)),
)
def test_check_is_deterministic_and_does_not_mutate_its_input(
    complaint: Complaint, as_of: date | None
) -> None:
    """The same complaint gives equal assessments, and is left exactly as it was."""
    snapshot = copy.deepcopy(complaint)
    first = check(complaint, as_of=as_of)
    second = check(complaint, as_of=as_of)
    assert first == second
    assert first.findings == second.findings
    assert complaint == snapshot
    assert [a.findings for a in check_all([complaint, snapshot], as_of=as_of)] == [
        first.findings,
        first.findings,
    ]


# -- shifting by whole weeks -----------------------------------------------------------------

# Spans of the England & Wales calendar with no bank holiday, each inside one edition:
# from the day after the August bank holiday to Christmas Eve (2022: after the State
# Funeral on 19 September). Checked against the `holidays` package below.
QUIET_SPANS = [
    (date(2020, 9, 1), date(2020, 12, 24)),  # 2020 Code
    (date(2021, 8, 31), date(2021, 12, 24)),  # 2020 Code
    (date(2022, 9, 20), date(2022, 12, 23)),  # 2022 Code
    (date(2023, 8, 29), date(2023, 12, 22)),  # 2022 Code
    (date(2024, 8, 27), date(2024, 12, 24)),  # 2024 Code
    (date(2025, 8, 26), date(2025, 12, 24)),  # 2024 Code
]


@pytest.mark.parametrize(("first", "last"), QUIET_SPANS)
def test_the_quiet_spans_have_no_bank_holiday(first: date, last: date) -> None:
    """The spans used below really hold no England & Wales bank holiday."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    assert [d for d in bank if first <= d <= last] == []


def shifted(complaint: Complaint, delta: timedelta) -> Complaint:
    """The same complaint with every date (and datetime) moved by ``delta``."""

    def move(day: Any) -> Any:
        return None if day is None else day + delta

    def move_stage(s: Stage) -> Stage:
        return attrs.evolve(
            s,
            received=move(s.received),
            acknowledged=move(s.acknowledged),
            responded=move(s.responded),
            extensions=[attrs.evolve(e, notified=move(e.notified)) for e in s.extensions],
        )

    refusal = complaint.refusal
    return attrs.evolve(
        complaint,
        stages=[move_stage(s) for s in complaint.stages],
        issue_date=move(complaint.issue_date),
        aware_date=move(complaint.aware_date),
        remedies=[
            attrs.evolve(r, offered=move(r.offered), due=move(r.due), completed=move(r.completed))
            for r in complaint.remedies
        ],
        refusal=None if refusal is None else attrs.evolve(refusal, decided=move(refusal.decided)),
    )


def days_used(complaint: Complaint, assessment: Assessment) -> list[date]:
    """Every day the working-day counting touches: events, deadlines and ``as_of``."""
    days: list[date | None] = [assessment.as_of]
    for s in complaint.stages:
        days += [s.received_date, s.acknowledged, s.responded]
        days += [e.notified for e in s.extensions]
    for r in complaint.remedies:
        days += [r.offered, r.due, r.completed]
    if complaint.refusal is not None:
        days.append(complaint.refusal.decided)
    for t in assessment.timetable.values():
        days += [d.due for d in (t.acknowledge_by, t.respond_by, t.extended_respond_by) if d]
    return [d for d in days if d is not None]


@st.composite
def quiet_cases(draw: st.DrawFn) -> tuple[Complaint, date | None, int]:
    """A complaint whose dates, shifted by 1 or 2 weeks, all stay in one quiet span."""
    first, last = draw(st.sampled_from(QUIET_SPANS))
    complaint = draw(
        complaints(min_received=first, max_received=first + timedelta(days=20), max_stages=2)
    )
    as_of = draw(st.none() | st.dates(first, last))
    weeks = draw(st.integers(min_value=1, max_value=2))
    days = days_used(complaint, check(complaint, as_of=as_of))
    assume(first <= min(days) and max(days) + timedelta(weeks=weeks) <= last)
    return complaint, as_of, weeks


def month_windows_shift(complaint: Complaint, delta: timedelta) -> bool:
    """Whether the 12-month window from the issue/awareness dates moves by exactly delta.

    Calendar months do not always move with whole weeks (29 February; 31st of a month),
    so the time-limit rule can legitimately change when they do not.
    """
    starts = [d for d in (complaint.issue_date, complaint.aware_date) if d is not None]
    twelve = relativedelta(months=12)
    return all((d + twelve) + delta == (d + delta) + twelve for d in starts)


@given(quiet_cases())
def test_findings_are_unchanged_when_every_date_moves_by_whole_weeks(
    case: tuple[Complaint, date | None, int],
) -> None:
    """Away from bank holidays, a complaint moved by whole weeks has the same findings."""
    complaint, as_of, weeks = case
    delta = timedelta(weeks=weeks)
    assume(month_windows_shift(complaint, delta))
    moved = shifted(complaint, delta)
    before = check(complaint, as_of=as_of)
    after = check(moved, as_of=None if as_of is None else as_of + delta)
    assert after.edition == before.edition
    assert after.statuses == before.statuses

    def key(a: Assessment, shift: timedelta) -> list[tuple[object, ...]]:
        return [
            (
                f.rule,
                f.stage,
                f.severity,
                f.working_days_late,
                None if f.due is None else f.due + shift,
                None if f.actual is None else f.actual + shift,
            )
            for f in a.findings
        ]

    assert key(after, timedelta(0)) == key(before, delta)


# -- data errors versus findings -------------------------------------------------------------

Breaker = Callable[[Complaint, int], dict[str, Any]]


def _stage_change(index: int, **changes: Any) -> Callable[[Complaint], list[Stage]]:
    def apply(c: Complaint) -> list[Stage]:
        stages = list(c.stages)
        stages[index] = attrs.evolve(stages[index], **changes)
        return stages

    return apply


def ack_before_receipt(c: Complaint, k: int) -> dict[str, Any]:
    s = c.stages[-1]
    return {"stages": _stage_change(-1, acknowledged=s.received_date - timedelta(days=k))(c)}


def response_before_receipt(c: Complaint, k: int) -> dict[str, Any]:
    s = c.stages[0]
    return {"stages": _stage_change(0, responded=s.received_date - timedelta(days=k))(c)}


def escalation_before_stage_1(c: Complaint, k: int) -> dict[str, Any]:
    first = c.stages[0].received_date
    extra = Stage(len(c.stages) + 1, first - timedelta(days=k))
    return {"stages": [*c.stages, extra], "refusal": None}


def extension_of_no_days(c: Complaint, k: int) -> dict[str, Any]:
    s = c.stages[0]
    bad = Extension(s.received_date, 1 - k, "waiting for a report")
    return {"stages": _stage_change(0, extensions=[*s.extensions, bad])(c)}


def extension_before_receipt(c: Complaint, k: int) -> dict[str, Any]:
    s = c.stages[0]
    bad = Extension(s.received_date - timedelta(days=k), 5, "waiting for a report")
    return {"stages": _stage_change(0, extensions=[*s.extensions, bad])(c)}


def extension_after_response(c: Complaint, k: int) -> dict[str, Any]:
    s = c.stages[0]
    responded = s.responded or s.received_date
    bad = Extension(responded + timedelta(days=k), 5, "waiting for a report")
    return {"stages": _stage_change(0, responded=responded, extensions=[*s.extensions, bad])(c)}


def stages_misnumbered(c: Complaint, k: int) -> dict[str, Any]:
    return {"stages": _stage_change(-1, number=len(c.stages) + k)(c)}


def remedy_completed_before_offered(c: Complaint, k: int) -> dict[str, Any]:
    offered = c.stages[0].received_date
    bad = Remedy(
        RemedyKind.APOLOGY, "apology", offered=offered, completed=offered - timedelta(days=k)
    )
    return {"remedies": [*c.remedies, bad]}


def remedy_due_before_offered(c: Complaint, k: int) -> dict[str, Any]:
    offered = c.stages[0].received_date
    bad = Remedy(RemedyKind.APOLOGY, "apology", offered=offered, due=offered - timedelta(days=k))
    return {"remedies": [*c.remedies, bad]}


def aware_before_issue(c: Complaint, k: int) -> dict[str, Any]:
    issue = c.received - timedelta(days=100)
    return {"issue_date": issue, "aware_date": issue - timedelta(days=k)}


def refusal_before_receipt(c: Complaint, k: int) -> dict[str, Any]:
    last = c.stages[-1]
    refusal = Refusal(
        last.received_date - timedelta(days=k),
        ExclusionGround.OTHER,
        stage=len(c.stages),
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    return {"refusal": refusal}


def refusal_of_a_missing_stage(c: Complaint, k: int) -> dict[str, Any]:
    refusal = Refusal(
        c.stages[-1].received_date,
        ExclusionGround.OTHER,
        stage=len(c.stages) + k,
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    return {"refusal": refusal}


def refusal_followed_by_a_stage(c: Complaint, k: int) -> dict[str, Any]:
    last = c.stages[-1]
    start = last.responded or last.received_date
    refusal = Refusal(
        last.received_date,
        ExclusionGround.OTHER,
        stage=len(c.stages),
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    extra = Stage(len(c.stages) + 1, start + timedelta(days=k))
    return {"stages": [*c.stages, extra], "refusal": refusal}


def naive_and_aware_datetimes(c: Complaint, k: int) -> dict[str, Any]:
    first = c.stages[0]
    day = first.received_date
    naive = attrs.evolve(first, received=datetime(day.year, day.month, day.day, 9))
    start = first.responded or day
    aware = Stage(2, datetime(start.year, start.month, start.day, 9, tzinfo=UTC) + timedelta(k))
    return {"stages": [naive, aware], "refusal": None}


def blank_reference(c: Complaint, k: int) -> dict[str, Any]:
    return {"reference": " " * (k - 1)}


def no_stages(c: Complaint, k: int) -> dict[str, Any]:
    return {"stages": [], "refusal": None}


IMPOSSIBLE: list[Breaker] = [
    ack_before_receipt,
    response_before_receipt,
    escalation_before_stage_1,
    extension_of_no_days,
    extension_before_receipt,
    extension_after_response,
    stages_misnumbered,
    remedy_completed_before_offered,
    remedy_due_before_offered,
    aware_before_issue,
    refusal_before_receipt,
    refusal_of_a_missing_stage,
    refusal_followed_by_a_stage,
    naive_and_aware_datetimes,
    blank_reference,
    no_stages,
]


@pytest.mark.parametrize("impossible", IMPOSSIBLE, ids=lambda f: f.__name__)
@settings(max_examples=25)  # 16 kinds of impossibility: 400 histories in all
@given(complaint=complaints(), k=st.integers(min_value=1, max_value=30))
def test_impossible_data_raises_at_construction_and_never_reaches_check(
    impossible: Breaker, complaint: Complaint, k: int
) -> None:
    """A history that cannot be true raises InvalidComplaint (a ValueError) when built."""
    changes = impossible(complaint, k)
    with pytest.raises(InvalidComplaint) as raised:
        attrs.evolve(complaint, **changes)
    assert isinstance(raised.value, ValueError)
    assert raised.value.reference == changes.get("reference", complaint.reference)


@given(
    data=st.data(),
    as_of=st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    edition=st.none() | EDITION_NAMES,
)
def test_check_never_raises_for_valid_complaints_at_any_as_of(
    data: st.DataObject, as_of: date | None, edition: str | None
) -> None:
    """Valid data, any as_of, any forced edition: check() returns, never raises."""
    calendar = data.draw(st.none() | calendars())
    complaint = data.draw(complaints(calendar=calendar))
    assessment = check(complaint, calendar=calendar, as_of=as_of, edition=edition)
    assert assessment.reference == complaint.reference
    for finding in assessment.findings:
        assert finding.rule in RULES
        assert finding.edition == assessment.edition.name
        assert finding.message
        assert str(finding)
    for number in assessment.statuses:
        assert isinstance(assessment.status(number), StageStatus)
    for timetable in assessment.timetable.values():
        assert isinstance(timetable.lines(), list)
