"""Breaches: the ways a compliant draft becomes a history with a finding.

Each :class:`_Mutation` names the rule it breaches, says when it applies to a draft and
applies itself, aiming at a stage or remedy and a number of working days late chosen by a
:class:`_Target`. The simplest breach (a late response) comes first, so that shrinking
ends there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

import attrs

from complaintcode.model import (
    ExclusionGround,
    Extension,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
)
from complaintcode.strategies._blocks import _BLANK_REASONS, _DESCRIPTIONS, _HANDLERS, _REASONS
from complaintcode.strategies._drafts import _Draft, _Options, _Plan

_T = TypeVar("_T")


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
    # The rule ignores case, surrounding spaces and runs of inner spaces.
    variant = target.of((name, name.upper(), f" {name.lower()} ", name.replace(" ", "  ")))
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
    cal = options.calendar
    offered = target.of(draft.event_days())
    due = offered + timedelta(days=7 * target.pick)
    # A target on a non-working day is met by the next working day: count late from there
    # (under the strict start rule, 1 working day after a Saturday is the Monday).
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
