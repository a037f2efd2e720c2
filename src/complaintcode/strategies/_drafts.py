"""Compliant complaint histories, drawn as drafts that keep the deadlines they were built to.

A draft holds, for each stage, the deadlines the generator counted from the edition's
limits with the chosen calendar, so that a breach (see ``_breaches``) can be placed exactly
one or more working days past one of them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import EDITIONS, CodeEdition, StageRules, edition_named
from complaintcode.errors import InvalidArgument
from complaintcode.model import (
    Complaint,
    ExclusionGround,
    Extension,
    Refusal,
    Remedy,
    RemedyKind,
    Stage,
)
from complaintcode.strategies._blocks import (
    _DESCRIPTIONS,
    _FIRST_RECEIVED,
    _GROUNDS,
    _HANDLERS,
    _KINDS,
    _MAYBE_CATEGORY,
    _MAYBE_ITEMS,
    _MAYBE_OUTCOME,
    _MAYBE_TENURE,
    _REASONS,
    _SPAN,
    EditionName,
    _check_bounds,
    _days_between,
    _draw_day,
    _draw_one,
    _draw_optional,
    _draw_optional_day,
    _in_force_until,
)


@attrs.frozen
class _Plan:
    """A generated stage with the deadlines the generator counted for it.

    ``acknowledge_by`` is ``None`` where the edition sets no acknowledgement limit;
    ``respond_by`` is the compliantly extended response deadline.
    """

    stage: Stage
    rules: StageRules
    acknowledge_by: date | None
    respond_by: date

    @property
    def received(self) -> date:
        return self.stage.received_date


@attrs.frozen
class _Draft:
    """A complaint under construction: compliant until a breach is applied."""

    edition: CodeEdition
    plans: tuple[_Plan, ...]
    reference: str
    issue_date: date | None = None
    aware_date: date | None = None
    remedies: tuple[Remedy, ...] = ()
    refusal: Refusal | None = None
    category: str | None = None
    tenure: str | None = None

    def complaint(self) -> Complaint:
        return Complaint(
            self.reference,
            [p.stage for p in self.plans],
            issue_date=self.issue_date,
            aware_date=self.aware_date,
            remedies=self.remedies,
            refusal=self.refusal,
            category=self.category,
            tenure=self.tenure,
        )

    def replace_stage(self, index: int, **changes: Any) -> _Draft:
        plans = list(self.plans)
        plans[index] = attrs.evolve(plans[index], stage=attrs.evolve(plans[index].stage, **changes))
        return attrs.evolve(self, plans=tuple(plans))

    def answerable(self) -> list[int]:
        """Indexes of the stages with response deadlines (not refused, within the limit)."""
        refused = self.refusal.stage if self.refusal is not None else None
        return [
            i
            for i, p in enumerate(self.plans)
            if p.stage.number <= self.edition.max_stages and p.stage.number != refused
        ]

    def event_days(self) -> list[date]:
        """The days stages were received or answered, in order."""
        days = [p.received for p in self.plans]
        days += [p.stage.responded for p in self.plans if p.stage.responded is not None]
        return sorted(set(days))


@attrs.frozen
class _Window:
    """An edition and how to draw the day stage 1 is received while it is in force."""

    edition: CodeEdition
    received: SearchStrategy[date]


@attrs.frozen
class _Options:
    windows: tuple[_Window, ...]
    calendar: WorkingDayCalendar
    max_stages: int


def _window(edition: CodeEdition, first: date, last: date, cal: WorkingDayCalendar) -> _Window:
    # Mostly a working day (shrinking to the first), sometimes any day (a weekend, say).
    any_day = _days_between(first, last)
    on_working_day = cal.working_days(first, last)
    received = st.sampled_from(on_working_day) | any_day if on_working_day else any_day
    return _Window(edition, received)


def _options(
    edition: EditionName | CodeEdition | None,
    calendar: WorkingDayCalendar | None,
    min_received: date,
    max_received: date,
    max_stages: int,
) -> _Options:
    """Check the options of :func:`complaints` and prepare what its draws need."""
    editions = _edition_windows(edition, min_received, max_received)
    if type(max_stages) is not int or max_stages < 1:
        raise InvalidArgument("max_stages", max_stages, "a whole number of stages, 1 or more")
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    latest = cal.last_day - _SPAN
    fitted = tuple(
        _window(e, max(first, cal.first_day), min(last, latest), cal)
        for e, first, last in editions
        if max(first, cal.first_day) <= min(last, latest)
    )
    if not fitted:
        raise InvalidArgument(
            "calendar",
            cal,
            f"a calendar covering {min_received} to {_SPAN.days} days after {max_received}",
        )
    return _Options(fitted, cal, max_stages)


def _edition_windows(
    edition: EditionName | CodeEdition | None, lo: date, hi: date
) -> tuple[tuple[CodeEdition, date, date], ...]:
    """The editions to draw from, newest first, each with its window for stage 1 receipt."""
    _check_bounds("min_received", lo, "max_received", hi)
    if lo < _FIRST_RECEIVED:
        raise InvalidArgument(
            "min_received", lo, f"on or after {_FIRST_RECEIVED}, when the first Code took effect"
        )
    wanted = EDITIONS if edition is None else (edition_named(edition),)
    windows = []
    for e in reversed(EDITIONS):
        if e not in wanted:
            continue
        until = _in_force_until(e)
        first, last = max(lo, e.in_force_from), hi if until is None else min(hi, until)
        if first <= last:
            windows.append((e, first, last))
    if not windows:
        raise InvalidArgument(
            "edition", edition, f"an edition in force at some time from {lo} to {hi}"
        )
    return tuple(windows)


@st.composite
def _compliant_drafts(draw: DrawFn, options: _Options) -> _Draft:
    cal = options.calendar
    window = _draw_one(draw, options.windows)
    edition = window.edition
    count = draw(st.integers(min_value=1, max_value=min(options.max_stages, edition.max_stages)))
    received = draw(window.received)
    refused_last = draw(st.booleans())
    plans: list[_Plan] = []
    for number in range(1, count + 1):
        if plans:
            previous = plans[-1].stage.responded
            assert previous is not None  # only the last stage is ever unanswered
            received = previous + timedelta(days=draw(st.integers(0, 40)))
        plan = draw(
            _compliant_stages(
                edition,
                number,
                received,
                cal,
                refused=refused_last and number == count,
                may_be_open=number == count,
                other_handler=plans[0].stage.handler if number == 2 else None,
            )
        )
        plans.append(plan)
    draft = _Draft(edition, tuple(plans), f"C-{draw(st.integers(1, 99_999))}")
    stage1 = plans[0].received
    if refused_last:
        ground = _draw_one(draw, _GROUNDS)
        refusal = Refusal(
            # decided within a fortnight of the last stage's receipt
            plans[-1].received + timedelta(days=draw(st.integers(0, 14))),
            ground,
            stage=count,
            reasons_given=True,
            ombudsman_rights_given=True,
        )
        draft = attrs.evolve(draft, refusal=refusal)
    if refused_last and draft.refusal and draft.refusal.ground is ExclusionGround.OUT_OF_TIME:
        # Out of time: the later of issue and awareness is before the edition's window (any
        # earlier day where the edition sets none).
        months = edition.time_limit_months or 0
        later = stage1 - relativedelta(months=months) - timedelta(days=draw(st.integers(1, 400)))
        earlier = later - timedelta(days=draw(st.integers(0, 400)))
        if draw(st.booleans()):
            draft = attrs.evolve(draft, issue_date=earlier, aware_date=later)
        else:
            draft = attrs.evolve(draft, issue_date=later)
    elif draw(st.booleans()):
        issue = stage1 - timedelta(days=draw(st.integers(0, 700)))
        aware = _draw_optional_day(draw, issue, stage1)
        draft = attrs.evolve(draft, issue_date=issue, aware_date=aware)
    remedies: list[Remedy] = []
    while len(remedies) < 2 and draw(st.booleans()):
        remedies.append(_draw_compliant_remedy(draw, draft.event_days()))
    return attrs.evolve(
        draft,
        remedies=tuple(remedies),
        category=draw(_MAYBE_CATEGORY),
        tenure=draw(_MAYBE_TENURE),
    )


@st.composite
def _compliant_stages(
    draw: DrawFn,
    edition: CodeEdition,
    number: int,
    received_day: date,
    cal: WorkingDayCalendar,
    *,
    refused: bool,
    may_be_open: bool,
    other_handler: str | None,
) -> _Plan:
    """One stage that meets every deadline (a refused stage has none to meet)."""
    received: date | datetime = received_day
    if draw(st.booleans()):
        received = datetime.combine(received_day, draw(st.times()))
    rules = edition.stage(number)
    ack_limit = rules.acknowledge
    acknowledge_by = cal.add_working_days(received, ack_limit.working_days) if ack_limit else None
    # Stages without an acknowledgement limit are still acknowledged within the edition's
    # first acknowledgement limit.
    ack_window = acknowledge_by or cal.add_working_days(received, _usual_acknowledgement(edition))
    acknowledged = _draw_optional_day(draw, received_day, ack_window)

    respond = rules.respond
    clock: date | datetime = received
    if respond.runs_from == "acknowledgement":
        clock = acknowledged or acknowledge_by or received
    respond_by = cal.add_working_days(clock, respond.working_days)
    # A stage never acknowledged must be answered within the acknowledgement limit (the
    # response serves as the acknowledgement), and so must every extension before it.
    unacknowledged_by = acknowledge_by if acknowledged is None else None

    extended = respond_by
    notified_from = received_day
    extension_list: list[Extension] = []
    cap = rules.extension_cap.working_days
    used = 0
    while not refused and len(extension_list) < 2 and draw(st.booleans()):
        latest = min(extended, unacknowledged_by) if unacknowledged_by else extended
        notified = _draw_day(draw, notified_from, latest)
        room = max(0, cap - used)
        good_reason = draw(st.booleans()) if room else True
        days = draw(st.integers(min_value=1, max_value=cap if good_reason else room))
        details = True if rules.extension_ombudsman_details else not draw(st.booleans())
        reason = _draw_one(draw, _REASONS)
        extension_list.append(
            Extension(
                notified, days, reason, good_reason=good_reason, ombudsman_details_given=details
            )
        )
        extended = cal.add_working_days(extended, days)
        used += days
        notified_from = notified

    earliest = max(received_day, acknowledged or received_day, notified_from)
    latest = unacknowledged_by or extended
    answer = _draw_optional_day if may_be_open else _draw_day
    responded = None if refused else answer(draw, earliest, latest)
    # Drawn whether or not the stage was answered, so that an open stage is no simpler to
    # the shrinker than an answered one.
    recorded = draw(_MAYBE_ITEMS)
    outcome = draw(_MAYBE_OUTCOME)
    items = None
    if responded is not None and recorded is not None:
        items = (rules.letter_items or frozenset()) | recorded
    handlers = [h for h in _HANDLERS if h != other_handler]
    stage = Stage(
        number,
        received,
        acknowledged=acknowledged,
        responded=responded,
        handler=_draw_optional(draw, handlers),
        extensions=extension_list,
        outcome=outcome if responded is not None else None,
        response_items=items,
    )
    return _Plan(stage, rules, acknowledge_by, extended)


def _usual_acknowledgement(edition: CodeEdition) -> int:
    """The working days the edition's first acknowledgement limit allows."""
    return next(s.acknowledge.working_days for s in edition.stages if s.acknowledge is not None)


_PENCE = st.integers(min_value=0, max_value=500_000).map(lambda pence: Decimal(pence) / 100)


def _amounts(kind: RemedyKind) -> SearchStrategy[Decimal | None]:
    return _PENCE if kind is RemedyKind.FINANCIAL else st.none()


def _draw_compliant_remedy(draw: DrawFn, days: list[date]) -> Remedy:
    offered = _draw_one(draw, days)
    kind = _draw_one(draw, _KINDS)
    description = _draw_one(draw, _DESCRIPTIONS)
    amount = draw(_amounts(kind))
    if draw(st.booleans()):  # done on the spot: no target date needed
        return Remedy(kind, description, offered=offered, completed=offered, amount=amount)
    due = _draw_day(draw, offered, offered + timedelta(days=60))
    completed = _draw_optional_day(draw, offered, due)
    return Remedy(kind, description, offered=offered, due=due, completed=completed, amount=amount)
