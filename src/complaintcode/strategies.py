"""Hypothesis strategies for complaints, stages, extensions, calendars and working days.

Use them to property-test your own deadline logic (a case-management system's due dates,
a report's counts) against histories that are known to meet, or known to breach, the
Complaint Handling Code. This module needs the optional extra
(``pip install "complaintcode[hypothesis]"``); the rest of complaintcode never imports
Hypothesis.

**Importing this module registers its strategies** with
:func:`hypothesis.strategies.register_type_strategy`, so that ``st.from_type(Complaint)``,
``st.from_type(Stage)``, ``st.from_type(Extension)`` and
``st.from_type(WorkingDayCalendar)`` (and ``st.builds`` of anything annotated with those
types) draw from :func:`complaints`, :func:`stages`, :func:`extensions` and
:func:`calendars`.

Every strategy takes keyword-only options that are plain values (never strategies),
returns a typed :class:`~hypothesis.strategies.SearchStrategy`, and says what it shrinks
towards. A typical test::

    from hypothesis import given
    from complaintcode import check
    from complaintcode.strategies import complaints

    @given(complaints(edition="2024", compliant=True))
    def test_my_system_agrees(complaint):
        assert my_system.is_on_time(complaint) == check(complaint).compliant

>>> from hypothesis import given, settings, strategies as st
>>> from complaintcode import Complaint
>>> @settings(max_examples=5)
... @given(st.from_type(Complaint))  # registered on import
... def test_complaints_are_complaints(complaint):
...     assert isinstance(complaint, Complaint)
>>> test_complaints_are_complaints()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from complaintcode.calendar import StartRule, WorkingDayCalendar
from complaintcode.editions import EDITIONS, CodeEdition, StageRules, edition_named
from complaintcode.errors import InvalidArgument
from complaintcode.model import (
    Complaint,
    ExclusionGround,
    Extension,
    Outcome,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
)

__all__ = ["calendars", "complaints", "extensions", "stages", "working_days"]

EditionName = Literal["2020", "2022", "2024"]
_T = TypeVar("_T")

_FIRST_RECEIVED = date(2020, 7, 1)
_LAST_RECEIVED = date(2027, 12, 31)
# How far the last date of a generated complaint (a late remedy, a third stage's extended
# deadline, a breach several working days late) can lie after stage 1 was received. The
# calendar must answer for that long after ``max_received``.
_SPAN = timedelta(days=731)

_SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")
_START_RULES: tuple[StartRule, ...] = ("roll-forward", "strict")
_REASONS = (
    "awaiting a surveyor's report",
    "a contractor's inspection is booked",
    "information is needed from a third party",
)
_BLANK_REASONS = ("", "   ")
_HANDLERS = ("A Jones", "B Smith", "C Patel", "D Evans")
_DESCRIPTIONS = ("repair the boiler", "apology letter", "time and trouble payment")
_CATEGORIES = ("repairs", "damp and mould", "anti-social behaviour", "staff conduct")
_TENURES = ("general needs", "leasehold", "shared ownership")
_GROUNDS = tuple(ExclusionGround)
_KINDS = tuple(RemedyKind)
_MAYBE_CATEGORY = st.none() | st.sampled_from(_CATEGORIES)
_MAYBE_TENURE = st.none() | st.sampled_from(_TENURES)
_MAYBE_ITEMS = st.none() | st.frozensets(st.sampled_from(ResponseItem))
_MAYBE_OUTCOME = st.none() | st.sampled_from(Outcome)


# -- small building blocks -------------------------------------------------------------------


def _days_between(first: date, last: date) -> SearchStrategy[date]:
    """Dates from ``first`` to ``last`` inclusive, shrinking towards ``first``."""
    span = (last - first).days
    if span < 0:
        raise AssertionError(f"empty date range {first}..{last}")  # a bug in this module
    return st.integers(min_value=0, max_value=span).map(lambda k: first + timedelta(days=k))


def _draw_day(draw: DrawFn, first: date, last: date) -> date:
    """A date from ``first`` to ``last`` inclusive, shrinking towards ``first``."""
    return first + timedelta(days=draw(st.integers(0, (last - first).days)))


def _draw_optional_day(draw: DrawFn, first: date, last: date) -> date | None:
    """A date from ``first`` to ``last`` or ``None``, shrinking towards ``first``.

    One choice either way, so that ``None`` is no simpler to the shrinker than a date.
    """
    k = draw(st.integers(-1, (last - first).days))
    return None if k < 0 else first + timedelta(days=k)


def _draw_one(draw: DrawFn, items: Sequence[_T]) -> _T:
    """One of ``items`` (a fresh list each time), shrinking towards the first."""
    return items[draw(st.integers(0, len(items) - 1))]


def _check_date(name: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidArgument(name, value, "a datetime.date")
    return value


def _check_bounds(lo_name: str, lo: date, hi_name: str, hi: date) -> None:
    _check_date(lo_name, lo)
    _check_date(hi_name, hi)
    if lo > hi:
        raise InvalidArgument(lo_name, lo, f"on or before {hi_name} {hi}")


def _in_force_until(edition: CodeEdition) -> date | None:
    later = [e.in_force_from for e in EDITIONS if e.in_force_from > edition.in_force_from]
    return min(later) - timedelta(days=1) if later else None


# -- calendars and working days --------------------------------------------------------------


def calendars(
    *,
    subdivisions: Sequence[str] = _SUBDIVISIONS,
    max_closures: int = 5,
    cutoffs: bool = True,
    start_rules: Sequence[StartRule] = _START_RULES,
    first_day: date = date(2019, 1, 1),
    last_day: date = date(2031, 12, 31),
) -> SearchStrategy[WorkingDayCalendar]:
    """Working-day calendars of the UK nations, with optional closures and cut-off.

    Each calendar covers ``first_day`` to ``last_day`` (a short span keeps building one
    cheap). Closure days are drawn between those bounds; the cut-off, when drawn, is any
    time of day.

    Args:
        subdivisions: the nations to draw from ("ENG", "WLS", "SCT", "NIR").
        max_closures: at most this many landlord closure days (0 for none).
        cutoffs: whether to draw an out-of-hours cut-off time at all.
        start_rules: the start rules to draw from.
        first_day: the calendar's first day.
        last_day: the calendar's last day.

    Shrinks towards the first subdivision (England & Wales by default) with no closures, no
    cut-off and the first start rule (roll-forward).

    >>> from hypothesis import Phase, find, settings
    >>> quick = settings(phases=[Phase.generate, Phase.shrink])  # no slow "explain" phase
    >>> cal = find(calendars(), lambda c: True, settings=quick)
    >>> cal.subdivision, cal.closures, cal.cutoff, cal.start_rule
    ('ENG', (), None, 'roll-forward')
    """
    _check_bounds("first_day", first_day, "last_day", last_day)
    if not subdivisions:
        raise InvalidArgument("subdivisions", subdivisions, "at least one subdivision")
    if not start_rules:
        raise InvalidArgument("start_rules", start_rules, "at least one start rule")
    if type(max_closures) is not int or max_closures < 0:
        raise InvalidArgument("max_closures", max_closures, "a whole number, 0 or more")
    # A one-day calendar is cheap to build and checks (and normalises) the names.
    codes = tuple(
        WorkingDayCalendar(subdivision=name, first_day=first_day, last_day=first_day).subdivision
        for name in subdivisions
    )
    return st.builds(
        WorkingDayCalendar,
        subdivision=st.sampled_from(codes),
        closures=st.frozensets(_days_between(first_day, last_day), max_size=max_closures),
        cutoff=st.none() | st.times() if cutoffs else st.none(),
        start_rule=st.sampled_from(tuple(start_rules)),
        first_day=st.just(first_day),
        last_day=st.just(last_day),
    )


def working_days(
    *,
    calendar: WorkingDayCalendar | None = None,
    min_value: date = _FIRST_RECEIVED,
    max_value: date = _LAST_RECEIVED,
) -> SearchStrategy[date]:
    """Dates from ``min_value`` to ``max_value`` that are working days in ``calendar``.

    The calendar defaults to England & Wales. Shrinks towards the first working day on or
    after ``min_value``.

    Raises:
        InvalidArgument: when the bounds are reversed, lie outside the calendar or hold no
            working day.

    >>> from hypothesis import find
    >>> find(working_days(min_value=date(2024, 3, 29)), lambda d: True)  # Good Friday
    datetime.date(2024, 4, 2)
    """
    _check_bounds("min_value", min_value, "max_value", max_value)
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    if min_value < cal.first_day or max_value > cal.last_day:
        raise InvalidArgument(
            "min_value and max_value",
            (min_value, max_value),
            f"within the calendar's bounds {cal.first_day} to {cal.last_day}",
        )
    days = cal.working_days(min_value, max_value)
    if not days:
        raise InvalidArgument(
            "min_value and max_value", (min_value, max_value), "a span with a working day"
        )
    return st.sampled_from(days)


# -- extensions and stages on their own ------------------------------------------------------


def extensions(
    *,
    min_notified: date = _FIRST_RECEIVED,
    max_notified: date = _LAST_RECEIVED,
    max_working_days: int = 20,
) -> SearchStrategy[Extension]:
    """Extensions notified between the two dates, of 1 to ``max_working_days`` days.

    Any valid extension: the reason may be blank, ``good_reason`` and
    ``ombudsman_details_given`` either way. Whether it complies depends on the stage it
    extends; :func:`complaints` builds extensions that fit their stage.

    Shrinks towards a one-working-day extension notified on ``min_notified`` with a reason,
    no good reason recorded and the Ombudsman's details given.

    >>> from hypothesis import find
    >>> find(extensions(min_notified=date(2024, 5, 1)), lambda e: True)
    Extension(notified=datetime.date(2024, 5, 1), working_days=1, reason="awaiting a surveyor's report", good_reason=False, ombudsman_details_given=True)
    """  # noqa: E501
    _check_bounds("min_notified", min_notified, "max_notified", max_notified)
    if type(max_working_days) is not int or max_working_days < 1:
        raise InvalidArgument("max_working_days", max_working_days, "a whole number, 1 or more")
    return _extensions(min_notified, max_notified, max_working_days)


@st.composite
def _extensions(draw: DrawFn, first: date, last: date, most: int) -> Extension:
    return Extension(
        draw(_days_between(first, last)),
        draw(st.integers(min_value=1, max_value=most)),
        draw(st.sampled_from(_REASONS + _BLANK_REASONS)),
        good_reason=draw(st.booleans()),
        ombudsman_details_given=not draw(st.booleans()),
    )


def stages(
    *,
    number: int | None = None,
    min_received: date = _FIRST_RECEIVED,
    max_received: date = _LAST_RECEIVED,
) -> SearchStrategy[Stage]:
    """Valid stages, numbered ``number`` (or 1 to 3), received between the two dates.

    Acknowledgement, response and extensions fall within about two months of receipt and
    in a possible order (nothing before receipt, no extension after the response); whether
    they meet the Code is left to chance. Use :func:`complaints` for whole histories with
    known compliance.

    Shrinks towards stage 1 (or ``number``) received on ``min_received`` with nothing else
    recorded.

    >>> from hypothesis import find
    >>> find(stages(min_received=date(2024, 5, 1)), lambda s: True)
    Stage(number=1, received=datetime.date(2024, 5, 1), acknowledged=None, responded=None, handler=None, extensions=(), outcome=None, response_items=None)
    """  # noqa: E501
    _check_bounds("min_received", min_received, "max_received", max_received)
    if number is not None and (type(number) is not int or number < 1):
        raise InvalidArgument("number", number, "None or a stage number, 1 or more")
    return _stages(number, min_received, max_received)


@st.composite
def _stages(draw: DrawFn, number: int | None, first: date, last: date) -> Stage:
    received = draw(_days_between(first, last))
    acknowledged = draw(st.none() | _days_between(received, received + timedelta(days=30)))
    responded = draw(st.none() | _days_between(received, received + timedelta(days=60)))
    latest_notice = responded if responded is not None else received + timedelta(days=60)
    return Stage(
        number if number is not None else draw(st.integers(min_value=1, max_value=3)),
        received,
        acknowledged=acknowledged,
        responded=responded,
        handler=_draw_optional(draw, _HANDLERS),
        extensions=draw(
            st.lists(_extensions(received, latest_notice, 20), max_size=2).map(
                lambda es: sorted(es, key=lambda e: e.notified)
            )
        ),
        outcome=draw(_MAYBE_OUTCOME),
        response_items=draw(_MAYBE_ITEMS),
    )


# -- whole complaints ------------------------------------------------------------------------


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


def complaints(
    *,
    edition: EditionName | CodeEdition | None = None,
    compliant: bool | None = None,
    calendar: WorkingDayCalendar | None = None,
    min_received: date = _FIRST_RECEIVED,
    max_received: date = _LAST_RECEIVED,
    max_stages: int = 3,
) -> SearchStrategy[Complaint]:
    """Valid complaint histories that meet the Code, breach it, or either.

    Every complaint is valid data: building it never raises
    :class:`~complaintcode.errors.InvalidComplaint`. Compliance is as
    ``check(complaint, calendar=calendar)`` judges it (no ``as_of``):

    * ``compliant=True``: **no finding at all**. Deadlines are counted with ``calendar``
      from the edition's limits, and every acknowledgement and response is on or before
      its deadline (a stage never acknowledged is answered within the acknowledgement
      limit); stage 2 has a different handler from stage 1; letters record every required
      item, or no items are recorded; remedies with a target date are completed by it (or
      not yet); extensions are notified by the then-current deadline, with a reason,
      within the cap (or with a good reason recorded) and, under the 2024 Code, with the
      Ombudsman's details; each escalation comes on or after the previous response; a
      refusal (only ever of the last stage) gives reasons and the right to go to the
      Ombudsman, and one for being out of time is. Only the last stage may be unanswered.
    * ``compliant=False``: **at least one finding** (some findings are advisory, so
      ``check(c).compliant`` can still be true): a compliant history with one breach
      applied: a late response, a late acknowledgement, the same handler at both stages;
      an extension notified late, without a reason, over the cap or (2024) without the
      Ombudsman's details; a letter missing an item; a remedy without a target date or
      completed late; a refusal without reasons or rights, or (2024) refused as out of
      time within the 12-month window; a stage more than the edition allows (when
      ``max_stages`` leaves room); or an escalation before the previous response.
    * ``compliant=None``: either.

    Args:
        edition: "2020", "2022", "2024" or a :class:`~complaintcode.CodeEdition`: stage 1
            is then received while that edition was in force, so that ``check`` picks it.
            ``None`` draws any edition in force between the two dates.
        compliant: as above.
        calendar: the working-day calendar the deadlines are counted with (England &
            Wales by default). It should cover ``min_received`` to two years after
            ``max_received``; where it ends sooner, ``max_received`` is brought forward.
        min_received: the earliest day stage 1 is received, 1 July 2020 or later.
        max_received: the latest day stage 1 is received.
        max_stages: at most this many stages. Compliant complaints never have more stages
            than their edition allows (2 under the 2024 Code, 3 before).

    Shrinks towards a one-stage complaint under the newest edition in range (2024 by
    default), received on the first working day in range, acknowledged and answered that
    same day, with nothing else recorded. With ``compliant=False`` it shrinks towards that
    complaint answered one working day after its response deadline: a single
    ``stage1.response`` finding, one working day late. ``compliant=None`` shrinks towards
    the compliant one.

    Raises:
        InvalidArgument: for bounds that are reversed, before 1 July 2020, outside the
            calendar, or that hold no day on which ``edition`` was in force.

    >>> from hypothesis import given, settings
    >>> from complaintcode import check
    >>> @settings(max_examples=10)
    ... @given(complaints(edition="2022", compliant=False))
    ... def test_breaches_are_found(complaint):
    ...     assert check(complaint).edition.name == "2022"
    ...     assert check(complaint).findings
    >>> test_breaches_are_found()
    """
    if compliant not in (None, True, False):
        raise InvalidArgument("compliant", compliant, "True, False or None")
    return _complaints(
        _options(edition, calendar, min_received, max_received, max_stages), compliant
    )


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
def _complaints(draw: DrawFn, options: _Options, compliant: bool | None) -> Complaint:
    draft = draw(_compliant_drafts(options))
    breach = (not compliant) if compliant is not None else draw(st.booleans())
    if breach:
        mutation = _draw_one(draw, [m for m in _MUTATIONS if m.applies(draft, options)])
        # Every breach draws the same two numbers and nothing else, so that the shrinker
        # prefers the first (a late response) and the smallest (one working day late).
        target = _Target(draw(st.integers(0, 3)), draw(st.integers(1, 20)))
        draft = mutation.apply(draft, options, target)
    return draft.complaint()


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
            plans[-1].received + timedelta(days=draw(st.integers(0, 10))),
            ground,
            stage=count,
            reasons_given=True,
            ombudsman_rights_given=True,
        )
        draft = attrs.evolve(draft, refusal=refusal)
    if refused_last and draft.refusal and draft.refusal.ground is ExclusionGround.OUT_OF_TIME:
        # Out of time: the later of issue and awareness is over 12 months before receipt.
        later = stage1 - relativedelta(months=12) - timedelta(days=draw(st.integers(1, 400)))
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
    # Stages without an acknowledgement limit are still acknowledged within 5 working days.
    ack_window = acknowledge_by or cal.add_working_days(received, 5)
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
        days = draw(st.integers(min_value=1, max_value=max(room, 10) if good_reason else room))
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


_PENCE = st.integers(min_value=0, max_value=500_000).map(lambda pence: Decimal(pence) / 100)


def _amounts(kind: RemedyKind) -> SearchStrategy[Decimal | None]:
    return _PENCE if kind is RemedyKind.FINANCIAL else st.none()


def _draw_optional(draw: DrawFn, items: Sequence[_T]) -> _T | None:
    """``None`` or one of ``items``, shrinking towards ``None``."""
    k = draw(st.integers(0, len(items)))
    return items[k - 1] if k else None


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


# -- breaches --------------------------------------------------------------------------------


@attrs.frozen
class _Target:
    """What a breach aims at: ``pick`` chooses among candidates, ``late`` is 1 or more."""

    pick: int
    late: int

    def of(self, candidates: Sequence[_T]) -> _T:
        return candidates[self.pick % len(candidates)]


@attrs.frozen
class _Mutation:
    """One way to turn a compliant draft into a breach of the Code.

    ``rule`` is the rule it breaches, as a :func:`fnmatch.fnmatch` pattern of rule ids.
    """

    name: str
    rule: str
    applies: Callable[[_Draft, _Options], bool]
    apply: Callable[[_Draft, _Options, _Target], _Draft]


def _has_answerable(draft: _Draft, options: _Options) -> bool:
    return bool(draft.answerable())


def _late_response(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(draft.answerable())
    plan = draft.plans[index]
    # Recording the acknowledgement on its deadline leaves the response clock where it was
    # (it ran from that deadline) and avoids a second finding, for the acknowledgement.
    acknowledged = plan.stage.acknowledged or plan.acknowledge_by
    responded = options.calendar.add_working_days(plan.respond_by, target.late)
    return draft.replace_stage(index, acknowledged=acknowledged, responded=responded)


def _acknowledgeable(draft: _Draft) -> list[int]:
    return [i for i in draft.answerable() if draft.plans[i].acknowledge_by is not None]


def _late_acknowledgement(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(_acknowledgeable(draft))
    due = draft.plans[index].acknowledge_by
    assert due is not None
    late = options.calendar.add_working_days(due, target.late)
    return draft.replace_stage(index, acknowledged=late)


def _same_handler(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    name = draft.plans[0].stage.handler or target.of(_HANDLERS)
    # The rule ignores case and surrounding spaces.
    variant = target.of((name, name.upper(), f" {name.lower()} ", name))
    return draft.replace_stage(0, handler=name).replace_stage(1, handler=variant)


def _late_extension_notice(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(draft.answerable())
    plan = draft.plans[index]
    notified = options.calendar.add_working_days(plan.respond_by, target.late)
    extension = Extension(notified, 1 + target.pick, _REASONS[0], ombudsman_details_given=True)
    responded = plan.stage.responded
    if responded is not None and responded < notified:
        responded = notified  # an extension cannot be notified after the response
    return draft.replace_stage(
        index, extensions=(*plan.stage.extensions, extension), responded=responded
    )


def _flawed_extension(draft: _Draft, index: int, target: _Target, **flaw: Any) -> _Draft:
    """Give one of a stage's extensions a flaw, adding a harmless one where there is none.

    The added extension is notified on receipt with a good reason, so it only ever moves
    the deadline later and the flaw is the one new finding.
    """
    stage = draft.plans[index].stage
    current = list(stage.extensions) or [
        Extension(
            stage.received_date, 1, _REASONS[0], good_reason=True, ombudsman_details_given=True
        )
    ]
    which = target.pick % len(current)
    current[which] = attrs.evolve(current[which], **flaw)
    return draft.replace_stage(index, extensions=current)


def _unexplained_extension(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(draft.answerable())
    return _flawed_extension(draft, index, target, reason=target.of(_BLANK_REASONS))


def _needing_details(draft: _Draft) -> list[int]:
    return [
        i
        for i in draft.answerable()
        if draft.plans[i].rules.extension_ombudsman_details is not None
    ]


def _extension_without_details(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(_needing_details(draft))
    return _flawed_extension(draft, index, target, ombudsman_details_given=False)


def _unextended(draft: _Draft) -> list[int]:
    return [i for i in draft.answerable() if not draft.plans[i].stage.extensions]


def _extension_over_cap(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(_unextended(draft))
    plan = draft.plans[index]
    over = plan.rules.extension_cap.working_days + target.late
    extension = Extension(plan.received, over, _REASONS[0], ombudsman_details_given=True)
    return draft.replace_stage(index, extensions=(extension,))


def _lettered(draft: _Draft) -> list[int]:
    return [
        i
        for i in draft.answerable()
        if draft.plans[i].stage.responded is not None and draft.plans[i].rules.letter_items
    ]


def _letter_missing_an_item(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(_lettered(draft))
    required = draft.plans[index].rules.letter_items
    assert required
    missing = target.of([item for item in ResponseItem if item in required])
    return draft.replace_stage(index, response_items=required - {missing})


def _remedy_without_target_date(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    remedy = Remedy(RemedyKind.APOLOGY, _DESCRIPTIONS[1], offered=target.of(draft.event_days()))
    return attrs.evolve(draft, remedies=(*draft.remedies, remedy))


def _remedy_completed_late(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    offered = target.of(draft.event_days())
    due = offered + timedelta(days=7 * target.pick)
    # A target on a non-working day is met by the next working day (remedy.completion).
    cal = options.calendar
    met_by = due if cal.is_working_day(due) else cal.next_working_day(due)
    completed = cal.add_working_days(met_by, target.late)
    remedy = Remedy(
        RemedyKind.APOLOGY, _DESCRIPTIONS[1], offered=offered, due=due, completed=completed
    )
    return attrs.evolve(draft, remedies=(*draft.remedies, remedy))


def _refuse_last_stage(draft: _Draft, refusal: Refusal) -> _Draft:
    """Refuse the last stage, which is then neither answered nor extended."""
    last = len(draft.plans) - 1
    draft = draft.replace_stage(
        last, responded=None, extensions=(), response_items=None, outcome=None
    )
    return attrs.evolve(draft, refusal=refusal)


def _refusal_explanation_applies(draft: _Draft, options: _Options) -> bool:
    return len(draft.plans) == 1 or draft.edition.refusal_to_escalate is not None


def _unexplained_refusal(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    reasons, rights = target.of([(False, True), (True, False), (False, False)])
    if draft.refusal is not None:
        refusal = attrs.evolve(draft.refusal, reasons_given=reasons, ombudsman_rights_given=rights)
        return attrs.evolve(draft, refusal=refusal)
    grounds = [g for g in ExclusionGround if g is not ExclusionGround.OUT_OF_TIME]
    refusal = Refusal(
        draft.plans[-1].received,
        target.of(grounds),
        stage=len(draft.plans),
        reasons_given=reasons,
        ombudsman_rights_given=rights,
    )
    return _refuse_last_stage(draft, refusal)


def _refused_within_window(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    received = draft.plans[0].received
    issue = received - timedelta(days=30 * target.pick + target.late)
    refusal = Refusal(
        received,
        ExclusionGround.OUT_OF_TIME,
        stage=1,
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    return attrs.evolve(_refuse_last_stage(draft, refusal), issue_date=issue, aware_date=None)


def _room_for_a_stage(draft: _Draft, options: _Options) -> bool:
    return (
        draft.refusal is None
        and len(draft.plans) == draft.edition.max_stages
        and len(draft.plans) < options.max_stages
    )


def _stage_too_many(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    last = draft.plans[-1]
    start = last.stage.responded or last.received
    received = start + timedelta(days=target.late)
    extra = Stage(len(draft.plans) + 1, received)
    plan = _Plan(extra, last.rules, None, received)  # beyond the edition: no deadlines
    return attrs.evolve(draft, plans=(*draft.plans, plan))


def _escalated_unanswered(draft: _Draft, options: _Options, target: _Target) -> _Draft:
    index = target.of(range(len(draft.plans) - 1))
    return draft.replace_stage(index, responded=None, response_items=None, outcome=None)


_MUTATIONS: tuple[_Mutation, ...] = (
    # The simplest breach comes first, so that shrinking ends there.
    _Mutation("late response", "stage?.response", _has_answerable, _late_response),
    _Mutation(
        "late acknowledgement",
        "stage?.acknowledgement",
        lambda d, o: bool(_acknowledgeable(d)),
        _late_acknowledgement,
    ),
    _Mutation(
        "same handler at stages 1 and 2",
        "stages.handler-independence",
        lambda d, o: len(d.plans) >= 2 and d.edition.handler_independence is not None,
        _same_handler,
    ),
    _Mutation(
        "extension notified late",
        "stage?.extension-notice",
        _has_answerable,
        _late_extension_notice,
    ),
    _Mutation(
        "extension without a reason",
        "stage?.extension-reason",
        _has_answerable,
        _unexplained_extension,
    ),
    _Mutation(
        "extension without the Ombudsman's details",
        "stage?.extension-ombudsman-details",
        lambda d, o: bool(_needing_details(d)),
        _extension_without_details,
    ),
    _Mutation(
        "extension over the cap",
        "stage?.extension-length",
        lambda d, o: bool(_unextended(d)),
        _extension_over_cap,
    ),
    _Mutation(
        "letter missing an item",
        "response.content",
        lambda d, o: bool(_lettered(d)),
        _letter_missing_an_item,
    ),
    _Mutation(
        "remedy without a target date",
        "remedy.target-date",
        lambda d, o: True,
        _remedy_without_target_date,
    ),
    _Mutation(
        "remedy completed late", "remedy.completion", lambda d, o: True, _remedy_completed_late
    ),
    _Mutation(
        "refusal without reasons or rights",
        "refusal.explanation",
        _refusal_explanation_applies,
        _unexplained_refusal,
    ),
    _Mutation(
        "refused as out of time within the window",
        "exclusion.time-limit",
        lambda d, o: len(d.plans) == 1 and d.edition.time_limit is not None,
        _refused_within_window,
    ),
    _Mutation(
        "a stage more than the edition allows", "stages.count", _room_for_a_stage, _stage_too_many
    ),
    _Mutation(
        "escalated before a response",
        "stages.order",
        lambda d, o: len(d.plans) >= 2,
        _escalated_unanswered,
    ),
)


# -- registration: st.from_type(Complaint) and friends ----------------------------------------

st.register_type_strategy(WorkingDayCalendar, st.deferred(calendars))
st.register_type_strategy(Extension, st.deferred(extensions))
st.register_type_strategy(Stage, st.deferred(stages))
st.register_type_strategy(Complaint, st.deferred(complaints))
