"""Live casework: what each open complaint still needs, by when, and what an extension does.

A case system asks three questions every day, and this module answers them from the same
deadlines :func:`~complaintcode.check` computes (never a second set of rules):

* :func:`next_actions` — what is still owed on one complaint at a moment ``as_of``: each
  :class:`Action` has its kind, stage, due date, the provision and basis of the deadline,
  and its state (``OVERDUE``, ``DUE_TODAY``, ``DUE_SOON``, ``UPCOMING``);
* :func:`worklist` — the same across many complaints, as a work queue: overdue first, then
  by due date, with counts by state and by kind;
* :func:`extension_options`, :func:`preview_extension` and :func:`preview_response` — what
  an extension may still do for a stage, and the assessment after a proposed change,
  without changing anything.

``as_of`` is always an argument (there is no "today" default). It may be a datetime ("now"),
read as :meth:`WorkingDayCalendar.day_of <complaintcode.calendar.WorkingDayCalendar.day_of>`
reads it: its London day, or the next day at or after the calendar's cut-off.

>>> from datetime import date
>>> from complaintcode import Complaint, Stage
>>> complaint = Complaint("W-1", [Stage(1, date(2024, 5, 3))])
>>> for action in next_actions(complaint, as_of=date(2024, 5, 14)):
...     print(action)
W-1 stage 1: acknowledge the complaint, due 2024-05-13, OVERDUE (1 working day late)
W-1 stage 1: send the response, due 2024-05-28, UPCOMING (9 working days left)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime

import attrs

from complaintcode._asof import as_of_day, check_late_acknowledgement, check_within, seen
from complaintcode._previews import (
    ExtensionOptions,
    Preview,
    extension_options,
    preview_extension,
    preview_response,
)
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement
from complaintcode.editions import CodeEdition, citation, edition_for, edition_named
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint, Remedy, Stage
from complaintcode.results import Deadline, Timetable, plural
from complaintcode.rules._context import Context
from complaintcode.rules.timescales import stage_deadlines

# In the order of the reference page (docs/reference/casework.md).
__all__ = [  # noqa: RUF022
    "next_actions",
    "worklist",
    "Action",
    "ActionKind",
    "ActionState",
    "Worklist",
    "extension_options",
    "ExtensionOptions",
    "preview_extension",
    "preview_response",
    "Preview",
    "DEFAULT_WITHIN",
]

# Defined beside the work queue, presented here with it.
for _public in (ExtensionOptions, Preview, extension_options, preview_extension, preview_response):
    _public.__module__ = __name__
del _public

DEFAULT_WITHIN = 5
"""How many working days ahead an action counts as ``DUE_SOON`` unless told otherwise.

A display choice (one working week of amber warning), not a timescale of the Code.
"""


class ActionKind(enum.Enum):
    """What has to be done. The members are in the order a work queue lists them on a day.

    * ``ACKNOWLEDGE``: acknowledge a stage 1 complaint (by the edition's acknowledgement
      limit);
    * ``DECIDE_ESCALATION``: acknowledge an escalation request, or refuse to escalate it
      (stage 2 or later, where the edition sets an acknowledgement limit: 2024 Code 6.11);
    * ``RESPOND``: send the stage's response (by its compliantly extended deadline);
    * ``EXTENSION_NOTICE``: the last day an extension notice can count, listed beside a
      response that is due today or soon, for when the response cannot be sent in time;
    * ``COMPLETE_REMEDY``: complete a remedy by its target date.

    >>> ActionKind.DECIDE_ESCALATION.label
    'acknowledge or refuse the escalation request'
    """

    ACKNOWLEDGE = "acknowledge the complaint"
    DECIDE_ESCALATION = "acknowledge or refuse the escalation request"
    RESPOND = "send the response"
    EXTENSION_NOTICE = "send an extension notice, if the response will not be sent in time"
    COMPLETE_REMEDY = "complete the remedy"

    @property
    def label(self) -> str:
        """The action in words."""
        return self.value


class ActionState(enum.Enum):
    """Where an action stands at ``as_of``, with ``within`` the amber-warning window.

    * ``OVERDUE``: ``as_of`` is after the due date (at least one working day late);
    * ``DUE_TODAY``: ``as_of`` is the due date;
    * ``DUE_SOON``: due after ``as_of`` with ``within`` working days or fewer left;
    * ``UPCOMING``: due later than that.

    >>> [state.name for state in ActionState]
    ['OVERDUE', 'DUE_TODAY', 'DUE_SOON', 'UPCOMING']
    """

    OVERDUE = "overdue"
    DUE_TODAY = "due today"
    DUE_SOON = "due soon"
    UPCOMING = "upcoming"


_KIND_RANK = {kind: rank for rank, kind in enumerate(ActionKind)}


@attrs.frozen
class Action:
    """One thing still owed on a complaint at ``as_of``.

    ``due`` is the last day on which doing it is on time. ``deadline`` is the timetable's
    own :class:`~complaintcode.results.Deadline` (the same object
    :func:`~complaintcode.check` returns), so the basis is the timetable's; a remedy has no
    counted deadline (its target date was set by the landlord) and ``deadline`` is
    ``None``; its ``due`` is the target date, or the next working day when the target falls
    on a non-working day (as the ``remedy.completion`` rule reads it).
    ``working_days_left`` counts the working days after ``as_of`` up to the due date; when
    overdue it is minus the working days late (always -1 or less), the same number as the
    matching finding of ``check`` at ``as_of``. ``handler`` is the stage's handler (for a
    remedy, the last stage's).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("W-2", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> action = next_actions(c, as_of=date(2024, 5, 20))[0]
    >>> action.kind.name, action.due, action.state.name, action.working_days_left
    ('RESPOND', datetime.date(2024, 5, 21), 'DUE_SOON', 1)
    >>> print(action.basis)
    2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)
    """

    reference: str
    kind: ActionKind
    stage: int | None
    due: date
    state: ActionState
    working_days_left: int
    provision: str
    edition: str
    deadline: Deadline | None = None
    remedy: Remedy | None = None
    handler: str | None = None
    complaint: Complaint | None = attrs.field(default=None, eq=False, repr=False)
    """The complaint the action belongs to (a work queue groups by its fields)."""

    @property
    def citation(self) -> str:
        """The provision the action rests on, cited as findings cite it.

        "2024 Code 6.3" under an edition of the Code; under a user edition, the edition's
        name and then the provision's own reference, e.g. "user edition 'Acme 2025':
        Acme policy 4.1" (never "Acme 2025 Code ...", which no document calls it).
        """
        return citation(self.edition, self.provision)

    @property
    def basis(self) -> str:
        """Why the action is due when it is: the deadline's basis, or the remedy's.

        A remedy is named by its number and kind, never by its description (free text,
        which may hold a resident's details), as findings name it.
        """
        if self.deadline is not None:
            return self.deadline.basis
        remedy = self.remedy
        if remedy is None:  # pragma: no cover - every remedy action carries its remedy
            return f"{self.due}: a remedy's target date ({self.citation})"
        remedies = self.complaint.remedies if self.complaint is not None else (remedy,)
        number = next((i for i, r in enumerate(remedies, start=1) if r is remedy), 1)
        name = f"remedy {number} ({remedy.kind.label}), offered on {remedy.offered}"
        if remedy.due is not None and remedy.due != self.due:
            return (
                f"{self.due}: the target date set for {name} is {remedy.due:%A} "
                f"{remedy.due}, not a working day, so it is met by the next working day "
                f"({self.citation})"
            )
        return f"{self.due}: the target date set for {name} ({self.citation})"

    def __str__(self) -> str:
        where = f"stage {self.stage}" if self.stage is not None else "remedy"
        left = self.working_days_left
        when = f"{-left} {plural(-left)} late" if left < 0 else f"{left} {plural(left)} left"
        return (
            f"{self.reference} {where}: {self.kind.label}, due {self.due}, "
            f"{self.state.name} ({when})"
        )


class _Clock:
    """``as_of`` and the warning window, with the counts every action needs made once."""

    __slots__ = ("after", "calendar", "day", "known", "late_until", "within")

    def __init__(self, calendar: WorkingDayCalendar, day: date, within: int) -> None:
        self.calendar = calendar
        self.day = day
        self.within = within
        # A work queue asks about the same few hundred due dates many times over.
        self.known: dict[date, tuple[ActionState, int]] = {}
        # Working days after ``day`` are counted from ``after`` (``day`` itself when it
        # is a working day); lateness runs to ``late_until``, the first working day on or
        # after ``day``, so that an action is never "0 working days" late.
        if calendar.is_working_day(day):
            self.after: date | None = None
            self.late_until = day
        else:
            self.after = calendar.next_working_day(day)
            self.late_until = self.after

    def working_day_from(self, day: date) -> date:
        """``day`` if it is a working day, else the next working day."""
        cal = self.calendar
        return day if cal.is_working_day(day) else cal.next_working_day(day)

    def working_days_after(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end`` (whatever ``start`` is)."""
        cal = self.calendar
        if cal.is_working_day(start):
            return cal.working_days_between(start, end)
        return cal.working_days_between(cal.next_working_day(start), end) + 1

    def state(self, due: date) -> tuple[ActionState, int]:
        """The state of an action due on ``due``, and its working days left."""
        known = self.known.get(due)
        if known is None:
            known = self.known[due] = self._state(due)
        return known

    def _state(self, due: date) -> tuple[ActionState, int]:
        day = self.day
        if due < day:
            return ActionState.OVERDUE, -self.working_days_after(due, self.late_until)
        if due == day:
            return ActionState.DUE_TODAY, 0
        if self.after is None:
            left = self.calendar.working_days_between(day, due)
        else:
            left = self.calendar.working_days_between(self.after, due) + 1
        return (ActionState.DUE_SOON if left <= self.within else ActionState.UPCOMING), left


def _stage_actions(
    complaint: Complaint,
    stage: Stage,
    table: Timetable,
    edition: CodeEdition,
    clock: _Clock,
) -> Iterator[Action]:
    responded = seen(stage.responded, clock.day)
    if responded is not None:
        return
    n = stage.number
    acknowledge_by = table.acknowledge_by
    if acknowledge_by is not None and seen(stage.acknowledged, clock.day) is None:
        state, left = clock.state(acknowledge_by.due)
        kind = ActionKind.ACKNOWLEDGE if n == 1 else ActionKind.DECIDE_ESCALATION
        yield Action(
            complaint.reference,
            kind,
            n,
            acknowledge_by.due,
            state,
            left,
            acknowledge_by.provision.number,
            edition.name,
            acknowledge_by,
            None,
            stage.handler,
            complaint,
        )
    final = table.final_respond_by
    if final is None:
        return
    state, left = clock.state(final.due)
    provision = table.respond_by.provision.number if table.respond_by is not None else ""
    yield Action(
        complaint.reference,
        ActionKind.RESPOND,
        n,
        final.due,
        state,
        left,
        provision,
        edition.name,
        final,
        None,
        stage.handler,
        complaint,
    )
    if state is ActionState.DUE_TODAY or state is ActionState.DUE_SOON:
        notice = edition.stage(n).extension_notice
        yield Action(
            complaint.reference,
            ActionKind.EXTENSION_NOTICE,
            n,
            final.due,
            state,
            left,
            notice.number,
            edition.name,
            final,
            None,
            stage.handler,
            complaint,
        )


def _actions(complaint: Complaint, ctx: Context, clock: _Clock) -> list[Action]:
    edition = ctx.edition
    actions: list[Action] = []
    for stage in ctx.stages:
        if stage.responded is not None and stage.responded <= clock.day:
            continue  # answered: nothing more is owed on this stage
        table = stage_deadlines(ctx, stage)
        if table.respond_by is None and table.acknowledge_by is None:
            continue  # refused, or a stage the edition does not have
        actions.extend(_stage_actions(complaint, stage, table, edition, clock))
    if complaint.remedies:
        handler = complaint.stages[-1].handler
        provision = edition.remedy_completion.number
        for remedy in complaint.remedies:
            due = remedy.due
            if due is None or remedy.offered > clock.day:
                continue
            if seen(remedy.completed, clock.day) is not None:
                continue
            # A target date on a non-working day is met by the next working day, as the
            # remedy.completion rule reads it: that day is when the action falls due.
            due = clock.working_day_from(due)
            state, left = clock.state(due)
            actions.append(
                Action(
                    complaint.reference,
                    ActionKind.COMPLETE_REMEDY,
                    None,
                    due,
                    state,
                    left,
                    provision,
                    edition.name,
                    None,
                    remedy,
                    handler,
                    complaint,
                )
            )
    return actions


def next_actions(
    complaint: Complaint,
    *,
    as_of: date | datetime,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    within: int = DEFAULT_WITHIN,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> list[Action]:
    """The actions still owed on ``complaint`` at ``as_of``, in the order of the stages.

    Each stage received by ``as_of`` that was not refused and is not yet answered owes its
    acknowledgement (when the edition sets a limit and none is recorded; at stage 2 and
    later, the decision on the escalation request) and its response; each remedy offered
    by ``as_of`` with a target date and not yet completed owes its completion. Events
    dated after ``as_of`` count as not yet happened, as in :func:`~complaintcode.check`,
    whose timetable gives every due date. A closed complaint (every stage answered or
    refused, every remedy completed) owes nothing. A remedy with no target date has no
    due date, so it is not an action (``check`` reports it as ``remedy.target-date``).

    Args:
        complaint: the complaint's history.
        as_of: the moment asked about: a date, or a datetime (its London day; the next
            day at or after the calendar's cut-off). Required.
        calendar: the working-day calendar; default England & Wales.
        edition: force an edition; by default the edition in force when stage 1 was
            received.
        within: an action due after ``as_of`` with this many working days left or fewer
            is ``DUE_SOON``.
        late_acknowledgement: as for :func:`~complaintcode.check`.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("W-3", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7),
    ...                             responded=date(2024, 5, 17))])
    >>> next_actions(c, as_of=date(2024, 6, 3))
    []
    """
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    clock = _Clock(cal, as_of_day(as_of, cal), check_within(within))
    chosen = edition_named(edition) if edition is not None else None
    return _next(complaint, clock, chosen, check_late_acknowledgement(late_acknowledgement))


def _next(
    complaint: Complaint,
    clock: _Clock,
    edition: CodeEdition | None,
    late_acknowledgement: LateAcknowledgement,
) -> list[Action]:
    # The same context and deadline code as check(), without the findings' sentences.
    chosen = edition if edition is not None else edition_for(complaint.received)
    ctx = Context.build(complaint, chosen, clock.calendar, clock.day, late_acknowledgement)
    return _actions(complaint, ctx, clock)


def _queue_key(action: Action) -> tuple[bool, date, str, int, int]:
    return (
        action.state is not ActionState.OVERDUE,
        action.due,
        action.reference,
        action.stage if action.stage is not None else 0,
        _KIND_RANK[action.kind],
    )


@attrs.frozen
class Worklist:
    """A work queue: every action owed across many complaints at ``as_of``.

    ``actions`` are overdue first, then by due date (then reference, stage and kind).
    ``by_state`` and ``by_kind`` count them, with every state and kind present (zero
    where none); each adds up to ``len(actions)``. ``complaints`` is how many complaints
    were read, ``with_actions`` how many of them owe something, and ``skipped`` how many
    could not be judged (see ``on_error`` of :func:`worklist`).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> cases = [Complaint("Q-1", [Stage(1, date(2024, 5, 3))]),
    ...          Complaint("Q-2", [Stage(1, date(2024, 4, 2), acknowledged=date(2024, 4, 3))])]
    >>> queue = worklist(cases, as_of=date(2024, 5, 14))
    >>> for action in queue:
    ...     print(action)
    Q-2 stage 1: send the response, due 2024-04-17, OVERDUE (18 working days late)
    Q-1 stage 1: acknowledge the complaint, due 2024-05-13, OVERDUE (1 working day late)
    Q-1 stage 1: send the response, due 2024-05-28, UPCOMING (9 working days left)
    >>> queue.by_state[ActionState.OVERDUE], queue.by_kind[ActionKind.RESPOND]
    (2, 2)
    """

    as_of: date
    within: int
    actions: tuple[Action, ...]
    complaints: int
    with_actions: int
    by_state: Mapping[ActionState, int]
    by_kind: Mapping[ActionKind, int]
    skipped: int = 0

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)


def worklist(
    complaints: Iterable[Complaint],
    *,
    as_of: date | datetime,
    within: int = DEFAULT_WITHIN,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
    on_error: Callable[[Complaint, ComplaintCodeError], object] | None = None,
) -> Worklist:
    """The work queue of ``complaints`` at ``as_of``: :func:`next_actions` of each, sorted.

    ``complaints`` is read once, one at a time (a generator over a database cursor is
    fine); only the actions are kept. The other arguments are those of
    :func:`next_actions`, and ``on_error``: a complaint that cannot be judged (received
    before the first edition took effect, or with a deadline past the calendar's last day)
    raises its :class:`~complaintcode.errors.ComplaintCodeError`, unless ``on_error`` is
    given: it is then called with the complaint and the error, and the complaint is left
    out of the queue and counted in ``skipped``.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> queue = worklist((Complaint(f"G-{i}", [Stage(1, date(2024, 5, i))]) for i in (1, 2)),
    ...                  as_of=date(2024, 5, 9), within=2)
    >>> [(a.reference, a.kind.name, a.state.name) for a in queue]
    [('G-1', 'ACKNOWLEDGE', 'DUE_TODAY'), ('G-2', 'ACKNOWLEDGE', 'DUE_SOON'), ('G-1', 'RESPOND', 'UPCOMING'), ('G-2', 'RESPOND', 'UPCOMING')]
    """  # noqa: E501
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    clock = _Clock(cal, as_of_day(as_of, cal), check_within(within))
    chosen = edition_named(edition) if edition is not None else None
    check_late_acknowledgement(late_acknowledgement)
    actions: list[Action] = []
    read = owing = 0
    skipped = 0
    for complaint in complaints:
        read += 1
        try:
            found = _next(complaint, clock, chosen, late_acknowledgement)
        except ComplaintCodeError as error:
            if on_error is None:
                raise
            on_error(complaint, error)
            skipped += 1
            continue
        if found:
            owing += 1
            actions.extend(found)
    actions.sort(key=_queue_key)
    by_state = dict.fromkeys(ActionState, 0)
    by_kind = dict.fromkeys(ActionKind, 0)
    for action in actions:
        by_state[action.state] += 1
        by_kind[action.kind] += 1
    return Worklist(clock.day, within, tuple(actions), read, owing, by_state, by_kind, skipped)
