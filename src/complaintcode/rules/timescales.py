"""Stage deadlines, extensions and the timing rules.

Rules: ``stageN.acknowledgement``, ``stageN.response``, ``stageN.extension-notice``,
``stageN.extension-length``, ``stageN.extension-reason``,
``stageN.extension-ombudsman-details``.

For each stage the edition allows (and that was not refused):

* acknowledge-by is the edition's acknowledgement limit after receipt;
* respond-by runs from the event the edition names: the acknowledgement (or, when none
  is recorded, the acknowledgement deadline) or receipt of the escalation request;
* extensions apply in the order notified. One notified after the then-current deadline
  does not move it; days beyond the cap move it only when a good reason is recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from complaintcode import _sentences as sentences
from complaintcode.editions import Limit, StageRules
from complaintcode.model import Stage
from complaintcode.results import Deadline, DeadlineEvent, Finding, StageStatus, Timetable, plural
from complaintcode.rules._context import Context
from complaintcode.rules.ids import STAGE_RULE_IDS

__all__ = ["StageResult", "assess_stage", "stage_deadlines"]


class StageResult(NamedTuple):
    """The timetable, status and timing findings of one stage."""

    timetable: Timetable
    status: StageStatus | None
    findings: list[Finding]


def assess_stage(ctx: Context, stage: Stage) -> StageResult:
    """Deadlines, status and timing findings for one stage."""
    n = stage.number
    refusal = ctx.refusal
    if n > len(ctx.edition.stages) or (refusal is not None and refusal.stage == n):
        return StageResult(Timetable(n, None, None), None, [])
    rules = ctx.edition.stage(n)
    cal = ctx.calendar
    acknowledge_by, respond_by, acknowledged, responded = _base_deadlines(ctx, stage, rules)
    findings: list[Finding] = []
    extended, extension_findings = _apply_extensions(ctx, stage, rules, respond_by)
    findings.extend(extension_findings)
    final = extended.due if extended is not None else respond_by.due

    if acknowledge_by is not None:
        finding = _acknowledgement_finding(ctx, n, acknowledge_by, acknowledged, responded)
        if finding is not None:
            findings.append(finding)

    status, finding = _response_status(ctx, n, respond_by, extended, final, responded)
    if finding is not None:
        findings.append(finding)
    acknowledged_on_time = None
    if acknowledge_by is not None:
        done = acknowledged if acknowledged is not None else responded
        acknowledged_on_time = done is not None and done <= acknowledge_by.due
    taken = None if responded is None else cal.working_days_between(stage.received, responded)
    timetable = Timetable(n, acknowledge_by, respond_by, extended, acknowledged_on_time, taken)
    return StageResult(timetable, status, findings)


def stage_deadlines(ctx: Context, stage: Stage) -> Timetable:
    """The same deadlines as :func:`assess_stage`, without judging anything (no findings).

    The work queue reads these for every open stage; skipping the findings' sentences keeps
    it fast. ``acknowledged_on_time`` and ``working_days_to_respond`` are left ``None``.
    """
    n = stage.number
    refusal = ctx.refusal
    if n > len(ctx.edition.stages) or (refusal is not None and refusal.stage == n):
        return Timetable(n, None, None)
    rules = ctx.edition.stage(n)
    acknowledge_by, respond_by, _, _ = _base_deadlines(ctx, stage, rules)
    extended = None
    if stage.extensions:
        extended, _ = _apply_extensions(ctx, stage, rules, respond_by)
    return Timetable(n, acknowledge_by, respond_by, extended)


def _base_deadlines(
    ctx: Context, stage: Stage, rules: StageRules
) -> tuple[Deadline | None, Deadline, date | None, date | None]:
    """The acknowledgement and (unextended) response deadlines, and the events seen."""
    n = stage.number
    received = stage.received
    received_day = stage.received_date
    what: DeadlineEvent = "receipt" if n == 1 else "receipt of the escalation request"

    acknowledge_by: Deadline | None = None
    if rules.acknowledge is not None:
        acknowledge_by = _counted(rules.acknowledge, received, received_day, what, ctx)

    if ctx.as_of is None:
        acknowledged, responded = stage.acknowledged, stage.responded
    else:
        acknowledged, responded = ctx.seen(stage.acknowledged), ctx.seen(stage.responded)
    # The response clock runs from the event the edition names; with no acknowledgement
    # recorded, from the latest compliant moment for it (its deadline).
    limit = rules.respond
    event: date
    kind: DeadlineEvent
    late_and_capped = (
        ctx.late_acknowledgement == "capped"
        and acknowledge_by is not None
        and acknowledged is not None
        and acknowledged > acknowledge_by.due
    )
    if late_and_capped and acknowledge_by is not None and limit.runs_from == "acknowledgement":
        event = counted_from = acknowledge_by.due
        kind = "late acknowledgement"
    elif limit.runs_from == "acknowledgement" and acknowledged is not None:
        event, counted_from, kind = acknowledged, acknowledged, "acknowledgement"
    elif limit.runs_from == "acknowledgement" and acknowledge_by is not None:
        event = counted_from = acknowledge_by.due
        kind = "acknowledgement deadline"
    else:
        event, counted_from, kind = received, received_day, what
    respond_by = _counted(limit, event, counted_from, kind, ctx)
    return acknowledge_by, respond_by, acknowledged, responded


def _counted(
    limit: Limit, event: date | datetime, counted_from: date, kind: DeadlineEvent, ctx: Context
) -> Deadline:
    """The deadline ``limit`` sets: its working days after ``event``, under the context."""
    cal = ctx.calendar
    return Deadline(
        cal.add_working_days(event, limit.working_days),
        counted_from,
        limit.working_days,
        kind,
        limit.provision,
        ctx.edition.name,
        cal,
    )


def _apply_extensions(
    ctx: Context, stage: Stage, rules: StageRules, respond_by: Deadline
) -> tuple[Deadline | None, list[Finding]]:
    """The compliantly extended deadline (``None`` without extensions) and the findings."""
    if not stage.extensions:
        return None, []
    extensions = sorted(
        (e for e in stage.extensions if ctx.seen(e.notified) is not None),
        key=lambda e: e.notified,
    )
    if not extensions:
        return None, []
    cal = ctx.calendar
    n = stage.number
    cap = rules.extension_cap.working_days
    findings: list[Finding] = []
    current = respond_by.due
    used = 0
    counted_days: list[tuple[int, date]] = []
    for e in extensions:
        label = sentences.EXTENSION_LABEL.format(
            n=n, length=e.working_days, unit=plural(e.working_days)
        )
        if not e.reason.strip():
            findings.append(
                ctx.finding(
                    STAGE_RULE_IDS[n, "extension-reason"],
                    rules.extension_reason,
                    n,
                    sentences.EXTENSION_NO_REASON.format(label=label, notified=e.notified),
                )
            )
        details = rules.extension_ombudsman_details
        if details is not None and not e.ombudsman_details_given:
            findings.append(
                ctx.finding(
                    STAGE_RULE_IDS[n, "extension-ombudsman-details"],
                    details,
                    n,
                    sentences.EXTENSION_NO_DETAILS.format(label=label, notified=e.notified),
                )
            )
        if e.notified > current:
            late = ctx.days_late(current, e.notified)
            findings.append(
                ctx.finding(
                    STAGE_RULE_IDS[n, "extension-notice"],
                    rules.extension_notice,
                    n,
                    sentences.EXTENSION_TOO_LATE.format(
                        label=label,
                        notified=e.notified,
                        late=late,
                        unit=plural(late),
                        current=current,
                    ),
                    due=current,
                    actual=e.notified,
                    working_days_late=late,
                )
            )
            continue
        room = max(0, cap - used)
        counted = e.working_days if e.good_reason else min(e.working_days, room)
        if counted < e.working_days:
            total = used + e.working_days
            findings.append(
                ctx.finding(
                    STAGE_RULE_IDS[n, "extension-length"],
                    rules.extension_cap.provision,
                    n,
                    sentences.EXTENSION_OVER_CAP.format(
                        n=n,
                        notified=e.notified,
                        total=total,
                        over=total - cap,
                        cap=cap,
                        counted=counted,
                        length=e.working_days,
                    ),
                )
            )
        if counted:
            current = cal.add_working_days(current, counted)
            used += counted
            counted_days.append((counted, e.notified))
    extended = Deadline(
        current,
        respond_by.due,
        used,
        "extension",
        rules.extension_cap.provision,
        ctx.edition.name,
        cal,
        tuple(counted_days),
    )
    return extended, findings


def _acknowledgement_finding(
    ctx: Context,
    n: int,
    acknowledge_by: Deadline,
    acknowledged: date | None,
    responded: date | None,
) -> Finding | None:
    due = acknowledge_by.due
    rule = STAGE_RULE_IDS[n, "acknowledgement"]
    provision = acknowledge_by.provision
    if acknowledged is not None:
        if acknowledged <= due:
            return None
        late = ctx.days_late(due, acknowledged)
        return ctx.finding(
            rule,
            provision,
            n,
            sentences.ACKNOWLEDGED_LATE.format(
                n=n,
                acknowledged=acknowledged,
                late=late,
                unit=plural(late),
                due=due,
                basis=acknowledge_by.explanation,
            ),
            due=due,
            actual=acknowledged,
            working_days_late=late,
        )
    if responded is not None and responded <= due:
        return None  # the response itself came within the acknowledgement limit
    if responded is not None:
        late = ctx.days_late(due, responded)
        message = sentences.ANSWERED_UNACKNOWLEDGED.format(
            n=n, responded=responded, late=late, unit=plural(late), due=due,
            basis=acknowledge_by.explanation,
        )  # fmt: skip
    elif ctx.as_of is not None and ctx.as_of > due:
        late = ctx.days_late(due, ctx.as_of)
        message = sentences.NOT_ACKNOWLEDGED.format(
            n=n, as_of=ctx.as_of, late=late, unit=plural(late), due=due,
            basis=acknowledge_by.explanation,
        )  # fmt: skip
    else:
        return None
    return ctx.finding(rule, provision, n, message, due=due, working_days_late=late)


def _response_status(
    ctx: Context,
    n: int,
    respond_by: Deadline,
    extended: Deadline | None,
    final: date,
    responded: date | None,
) -> tuple[StageStatus, Finding | None]:
    rule = STAGE_RULE_IDS[n, "response"]
    provision = respond_by.provision
    if responded is not None:
        if responded <= respond_by.due:
            return StageStatus.ON_TIME, None
        if responded <= final:
            return StageStatus.WITHIN_EXTENSION, None
        basis = _basis(respond_by, extended)
        late = ctx.days_late(final, responded)
        return StageStatus.LATE, ctx.finding(
            rule,
            provision,
            n,
            sentences.RESPONDED_LATE.format(
                n=n, responded=responded, late=late, unit=plural(late), due=final, basis=basis
            ),
            due=final,
            actual=responded,
            working_days_late=late,
        )
    if ctx.as_of is not None and ctx.as_of > final:
        basis = _basis(respond_by, extended)
        late = ctx.days_late(final, ctx.as_of)
        return StageStatus.OVERDUE, ctx.finding(
            rule,
            provision,
            n,
            sentences.NOT_RESPONDED.format(
                n=n, as_of=ctx.as_of, late=late, unit=plural(late), due=final, basis=basis
            ),
            due=final,
            working_days_late=late,
        )
    return StageStatus.OPEN, None


def _basis(respond_by: Deadline, extended: Deadline | None) -> str:
    """Why the final response deadline falls where it does, in words (only for a finding)."""
    if extended is None:
        return respond_by.explanation
    return sentences.THEN_EXTENDED.format(
        basis=respond_by.explanation, extended=extended.explanation
    )
