"""Every rule of every edition, evaluated on whole columns.

:func:`evaluate` reads the same :class:`~complaintcode.CodeEdition` objects as the object
engine (``complaintcode.rules``): each edition's limits, caps and provisions are gathered
into small per-edition arrays and picked per row by the row's edition, so no timescale is
written here. The result, an :class:`Evaluation`, keeps every intermediate column
(deadlines, statuses, days late, which extension counted) and, for each place a finding
can arise, a *slot*: the rule, a mask of the rows where it fires, whether it is a breach
there, and how to word it. Rules, counts and deadlines come out as columns; the findings
themselves (:class:`~complaintcode.Finding`, with their messages) are built only for the
rows asked for.

The slots are in the order the object engine produces findings (per stage: each
extension in notification order, then acknowledgement, then response; then the stage
rules, the refusal rules, letters and remedies), so a row's findings come out in the same
order as :func:`complaintcode.check` gives them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import GROUNDS, ITEMS, KINDS, Columns
from complaintcode.columnar._days import NA, Array, DayIndex, day_index
from complaintcode.editions import EDITIONS, CodeEdition, Provision, StageRules
from complaintcode.model import ExclusionGround
from complaintcode.results import Finding, Severity, StageStatus, plural

__all__ = ["STATUSES", "Evaluation", "Slot", "evaluate"]

STATUSES: tuple[StageStatus, ...] = tuple(StageStatus)
"""Stage statuses by code (``-1``: no status)."""
_ON_TIME, _WITHIN, _LATE, _OPEN, _OVERDUE = (STATUSES.index(s) for s in StageStatus)
# Response clocks: what the respond-by date was counted from.
_RECEIPT, _ACKNOWLEDGEMENT, _ACK_DEADLINE, _LATE_ACK = range(4)
_EPOCH = date(1970, 1, 1).toordinal()
_OUT_OF_TIME = GROUNDS.index(ExclusionGround.OUT_OF_TIME)


@functools.lru_cache(maxsize=8192)
def _iso_of(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _iso(ordinal: Any) -> str:
    return _iso_of(int(ordinal))


def _day(ordinal: Any) -> date:
    return date.fromordinal(int(ordinal))


class Slot:
    """One place a finding can arise: ``fires`` and ``breach`` are row masks.

    ``stage`` is the stage of its findings where one rule has a slot per stage and the
    rule's name does not say which (``response.content``); else ``None``.
    """

    __slots__ = ("breach", "fires", "make", "rule", "stage")

    def __init__(
        self,
        rule: str,
        fires: Array,
        breach: Array,
        make: Callable[[int], Finding],
        stage: int | None = None,
    ) -> None:
        self.rule = rule
        self.fires = fires
        self.breach = breach
        self.make = make
        self.stage = stage


def _per_edition(
    editions: Sequence[CodeEdition], ed: Array, value: Callable[[CodeEdition], Any], fill: Any
) -> Array:
    """``value(edition)`` for each row's edition (``fill`` where it gives ``None``)."""
    table = [value(e) for e in editions]
    array = np.asarray([fill if v is None else v for v in table] + [fill])
    return array[ed]


def _stage_rules(edition: CodeEdition, number: int) -> StageRules | None:
    return edition.stage(number) if number <= edition.max_stages else None


def _is_breach(provision: Provision | None) -> bool:
    return provision is not None and provision.obligation == "must"


class StageEvaluation:
    """The columns computed for one stage."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.seen: Array = None
        self.active: Array = None
        self.refused: Array = None
        self.has_ack: Array = None
        self.ack_due: Array = None
        self.acknowledged: Array = None
        self.responded: Array = None
        self.clock: Array = None
        self.counted_from: Array = None
        self.respond_days: Array = None
        self.ack_days: Array = None
        self.respond_due: Array = None
        self.extended: Array = None
        self.final: Array = None
        self.status: Array = None
        self.ack_on_time: Array = None
        self.taken: Array = None
        self.ext_order: Array = None
        self.ext_current: list[Array] = []
        self.ext_used: list[Array] = []
        self.ext_counted: list[Array] = []
        self.ext_added: list[Array] = []
        self.ext_late: list[Array] = []
        self.ack_actual: Array = None
        self.ack_late: Array = None
        self.response_late: Array = None


class Evaluation:
    """Everything :func:`evaluate` computed for a batch of rows (see the module docstring)."""

    def __init__(
        self,
        cols: Columns,
        editions: tuple[CodeEdition, ...],
        calendar: WorkingDayCalendar,
        as_of: date | None,
        late_acknowledgement: str,
    ) -> None:
        self.cols = cols
        self.editions = editions
        self.calendar = calendar
        self.as_of = as_of
        self.late_acknowledgement = late_acknowledgement
        self.ed: Array = None
        self.ok: Array = None
        self.failed: Array = None
        self.seen_stages: Array = None
        self.refusal_seen: Array = None
        self.stages: list[StageEvaluation] = []
        self.slots: list[Slot] = []
        self.firing: list[Slot] = []
        self.breaches: Array = None
        self.findings_count: Array = None

    @property
    def fired(self) -> Array:
        """Which slots fire in which rows: a rows × slots matrix of booleans."""
        if not self.slots:
            return np.zeros((self.cols.n, 0), dtype=bool)
        return np.stack([slot.fires for slot in self.slots], axis=1)

    def findings(self, i: int) -> tuple[Finding, ...]:
        """Row ``i``'s findings, in the object engine's order."""
        return tuple(slot.make(i) for slot in self.firing if slot.fires[i])

    def leave_out(self, rules: Collection[str]) -> None:
        """Drop every finding of ``rules`` (the rules an export cannot evidence).

        As :func:`complaintcode.check_export` does for them: the rows keep their
        timetables and statuses, only those findings go.
        """
        if not any(slot.rule in rules for slot in self.slots):
            return
        self.slots = [slot for slot in self.slots if slot.rule not in rules]
        self.count()

    def count(self) -> None:
        """Each row's findings and breaches, over the slots that fire in some row."""
        n = self.cols.n
        self.firing = [slot for slot in self.slots if slot.fires.any()]
        self.findings_count = np.zeros(n, dtype=np.int64)
        self.breaches = np.zeros(n, dtype=np.int64)
        for slot in self.firing:
            self.findings_count += slot.fires
            self.breaches += slot.fires & slot.breach


def evaluate(
    cols: Columns,
    *,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: str,
) -> Evaluation:
    """Evaluate every rule on every row of ``cols``.

    Rows that :func:`complaintcode.check` would refuse to judge (a day outside the
    calendar, no edition in force, a row the reader rejected) come out in
    ``Evaluation.failed`` and have no findings.
    """
    editions = (edition,) if edition is not None else EDITIONS
    ev = Evaluation(cols, editions, calendar, as_of, late_acknowledgement)
    days = day_index(calendar)
    n = cols.n
    first = cols.stages[0]
    read = np.asarray(cols.error == None, dtype=bool) & (first.received != NA)  # noqa: E711
    ed: Array
    if edition is not None:
        ed = np.zeros(n, dtype=np.int64)
    else:
        starts = np.asarray([e.in_force_from.toordinal() for e in editions], dtype=np.int64)
        ed = np.searchsorted(starts, first.received, side="right") - 1
    failed = ~read | (ed < 0)
    ed = np.where(failed, len(editions), ed)  # the fill row of every per-edition table
    ev.ed = ed
    ev.ok = ok = ~failed
    limit = np.int64(as_of.toordinal()) if as_of is not None else None

    def seen(day: Array) -> Array:
        return day if limit is None else np.where(day <= limit, day, NA)

    bad = np.zeros(n, dtype=bool)
    seen_stages = np.zeros(n, dtype=np.int64)
    for sc in cols.stages:
        seen_stages += ok & (seen(sc.received) != NA)
    refusal_seen = ok & (seen(cols.refusal_decided) != NA)
    ev.seen_stages, ev.refusal_seen = seen_stages, refusal_seen
    max_stages = _per_edition(editions, ed, lambda e: e.max_stages, 0)
    capped = late_acknowledgement == "capped"

    for index, sc in enumerate(cols.stages):
        number = index + 1
        st = StageEvaluation(number)
        ev.stages.append(st)

        def rules(e: CodeEdition, number: int = number) -> StageRules | None:
            return _stage_rules(e, number)

        def param(value: Callable[[StageRules], Any], fill: Any) -> Array:
            return _per_edition(
                editions, ed, lambda e: None if (r := rules(e)) is None else value(r), fill
            )

        st.seen = ok & (seen_stages >= number)
        st.refused = refusal_seen & (cols.refusal_stage == number)
        st.active = active = st.seen & (number <= max_stages) & ~st.refused
        ack_days = param(lambda r: r.acknowledge.working_days if r.acknowledge else None, -1)
        st.ack_days = ack_days
        st.has_ack = has_ack = active & (ack_days >= 0)
        st.ack_due, err = days.add(sc.event, np.maximum(ack_days, 0), has_ack)
        bad |= err
        ack_due = st.ack_due
        st.acknowledged = acknowledged = np.where(st.seen, seen(sc.acknowledged), NA)
        st.responded = responded = np.where(st.seen, seen(sc.responded), NA)
        from_ack = param(lambda r: r.respond.runs_from == "acknowledgement", False)
        st.respond_days = respond_days = param(lambda r: r.respond.working_days, 0)
        acked = acknowledged != NA
        late_capped = has_ack & acked & (acknowledged > ack_due) if capped else np.zeros(n, bool)
        on_late = late_capped & from_ack
        on_ack = ~on_late & from_ack & acked
        on_deadline = ~on_late & ~on_ack & from_ack & has_ack
        # The three are exclusive; none of them: the clock runs from receipt.
        st.clock = _LATE_ACK * on_late + _ACKNOWLEDGEMENT * on_ack + _ACK_DEADLINE * on_deadline
        from_deadline = on_late | on_deadline
        base = np.where(on_ack, acknowledged, np.where(from_deadline, ack_due, sc.event))
        st.counted_from = np.where(
            on_ack, acknowledged, np.where(from_deadline, ack_due, sc.received)
        )
        st.respond_due, err = days.add(base, respond_days, active)
        bad |= err

        # Extensions, in the order notified (those not yet notified at as_of left out).
        current = st.respond_due
        used = np.zeros(n, dtype=np.int64)
        cap = param(lambda r: r.extension_cap.working_days, 0)
        wants_details = param(lambda r: r.extension_ombudsman_details is not None, False)
        slots_k = sc.extension_slots
        extended = np.zeros(n, dtype=bool)
        order = None
        if slots_k:
            key = np.where(active[:, None], seen(sc.ext_notified), NA)
            # Usually the extensions are already in the order notified: no sort needed.
            if slots_k > 1 and not (key[:, 1:] >= key[:, :-1]).all():
                order = np.argsort(key, axis=1, kind="stable")
                key = np.take_along_axis(key, order, axis=1)
            extended = active & (key[:, 0] != NA)
        st.ext_order = order
        rows = np.arange(n) if order is not None else None

        def pick(values: Array, k: int, order: Array = order, rows: Array = rows) -> Array:
            return values[:, k] if order is None else values[rows, order[:, k]]

        for k in range(slots_k):
            notified = key[:, k]
            valid = notified != NA
            length = pick(sc.ext_days, k)
            good = pick(sc.ext_good, k)
            too_late = valid & (notified > current)
            late, err = days.days_late(current, notified, too_late)
            bad |= err
            counts = valid & ~too_late
            room = np.maximum(0, cap - used)
            counted = np.where(good, length, np.minimum(length, room))
            added = counts & (counted > 0)
            moved, err = days.add(current, np.maximum(counted, 0), added)
            bad |= err
            st.ext_current.append(current)
            st.ext_used.append(used)
            st.ext_counted.append(counted)
            st.ext_added.append(added)
            st.ext_late.append(late)
            reason_missing = valid & pick(sc.ext_reason_blank, k)
            details_missing = valid & wants_details & ~pick(sc.ext_details, k)
            over_cap = counts & (counted < length)
            ev.slots += [
                _slot(ev, f"stage{number}.extension-reason", reason_missing,
                      param(lambda r: _is_breach(r.extension_reason), False),
                      _extension_reason(ev, st, k)),
                _slot(ev, f"stage{number}.extension-ombudsman-details", details_missing,
                      param(lambda r: _is_breach(r.extension_ombudsman_details), False),
                      _extension_details(ev, st, k)),
                _slot(ev, f"stage{number}.extension-notice", too_late,
                      param(lambda r: _is_breach(r.extension_notice), False),
                      _extension_notice(ev, st, k)),
                _slot(ev, f"stage{number}.extension-length", over_cap,
                      param(lambda r: _is_breach(r.extension_cap.provision), False),
                      _extension_length(ev, st, k)),
            ]  # fmt: skip
            current = np.where(added, moved, current)
            used = used + np.where(added, counted, 0)
        st.extended = extended
        st.final = final = np.where(extended, current, st.respond_due)

        # The acknowledgement finding.
        answered = responded != NA
        ack_late = has_ack & acked & (acknowledged > ack_due)
        answer_late = has_ack & ~acked & answered & (responded > ack_due)
        never = has_ack & ~acked & ~answered
        if limit is not None:
            never &= limit > ack_due
        else:
            never &= False
        st.ack_actual = np.where(ack_late, acknowledged, np.where(answer_late, responded, NA))
        ack_fires = ack_late | answer_late | never
        when = np.where(ack_late, acknowledged, np.where(answer_late, responded, limit or 0))
        st.ack_late, err = days.days_late(ack_due, when, ack_fires)
        bad |= err
        ev.slots.append(
            _slot(ev, f"stage{number}.acknowledgement", ack_fires,
                  param(lambda r: _is_breach(r.acknowledge.provision if r.acknowledge else None),
                        False),
                  _acknowledgement(ev, st))
        )  # fmt: skip

        # The response status and finding.
        on_time = active & answered & (responded <= st.respond_due)
        within = active & answered & ~on_time & (responded <= final)
        late_answer = active & answered & (responded > final)
        overdue = active & ~answered & (limit > final if limit is not None else False)
        # Exclusive, and each within ``active`` (-1: no status).
        st.status = np.where(
            active,
            _ON_TIME * on_time
            + _WITHIN * within
            + _LATE * late_answer
            + _OVERDUE * overdue
            + _OPEN * (active & ~(on_time | within | late_answer | overdue)),
            -1,
        )
        response_fires = late_answer | overdue
        when = np.where(late_answer, responded, limit or 0)
        st.response_late, err = days.days_late(final, when, response_fires)
        bad |= err
        ev.slots.append(
            _slot(ev, f"stage{number}.response", response_fires,
                  param(lambda r: _is_breach(r.respond.provision), False), _response(ev, st))
        )  # fmt: skip
        done = np.where(acked, acknowledged, responded)
        st.ack_on_time = np.where(has_ack, (done != NA) & (done <= ack_due), False)
        st.taken, err = days.between(sc.event, responded, active & answered)
        bad |= err

    _stage_slots(ev, max_stages)
    _refusal_slots(ev, days)
    bad |= _letter_and_remedy_slots(ev, days, seen, limit)
    ev.failed = failed | bad
    ev.ok = ~ev.failed
    for slot in ev.slots:
        slot.fires = slot.fires & ev.ok
    ev.count()
    return ev


def _slot(
    ev: Evaluation, rule: str, fires: Array, breach: Array, make: Callable[[int], Finding]
) -> Slot:
    return Slot(rule, fires, breach, make)


def _finding(
    ev: Evaluation,
    i: int,
    rule: str,
    provision: Provision,
    stage: int | None,
    message: str,
    *,
    due: Any = NA,
    actual: Any = NA,
    late: Any = None,
) -> Finding:
    edition = ev.editions[int(ev.ed[i])]
    return Finding(
        rule=rule,
        provision=provision.number,
        edition=edition.name,
        stage=stage,
        severity=Severity.BREACH if provision.obligation == "must" else Severity.ADVISORY,
        message=message,
        due=None if due == NA else _day(due),
        actual=None if actual == NA else _day(actual),
        working_days_late=None if late is None else int(late),
    )


def _rules_of(ev: Evaluation, i: int, number: int) -> StageRules:
    return ev.editions[int(ev.ed[i])].stage(number)


def _extension_index(st: StageEvaluation, i: int, k: int) -> int:
    return k if st.ext_order is None else int(st.ext_order[i, k])


def _extension_label(ev: Evaluation, st: StageEvaluation, i: int, k: int) -> tuple[str, str]:
    sc = ev.cols.stages[st.number - 1]
    column = _extension_index(st, i, k)
    length = int(sc.ext_days[i, column])
    label = f"Stage {st.number} extension of {length} {plural(length)}"
    return label, _iso(sc.ext_notified[i, column])


def _extension_reason(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        label, notified = _extension_label(ev, st, i, k)
        return _finding(
            ev, i, f"stage{st.number}.extension-reason",
            _rules_of(ev, i, st.number).extension_reason, st.number,
            f"{label} notified {notified} gave the resident no reason",
        )  # fmt: skip

    return make


def _extension_details(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        label, notified = _extension_label(ev, st, i, k)
        provision = _rules_of(ev, i, st.number).extension_ombudsman_details
        assert provision is not None
        return _finding(
            ev, i, f"stage{st.number}.extension-ombudsman-details", provision, st.number,
            f"{label} notified {notified} did not give the Ombudsman's contact details",
        )  # fmt: skip

    return make


def _extension_notice(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        label, notified = _extension_label(ev, st, i, k)
        late = int(st.ext_late[k][i])
        current = st.ext_current[k][i]
        sc = ev.cols.stages[st.number - 1]
        return _finding(
            ev, i, f"stage{st.number}.extension-notice",
            _rules_of(ev, i, st.number).extension_notice, st.number,
            f"{label} was notified {notified}, {late} {plural(late)} after the deadline it "
            f"was meant to extend ({_iso(current)}), so it does not count",
            due=current, actual=sc.ext_notified[i, _extension_index(st, i, k)], late=late,
        )  # fmt: skip

    return make


def _extension_length(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        sc = ev.cols.stages[st.number - 1]
        column = _extension_index(st, i, k)
        length = int(sc.ext_days[i, column])
        rules = _rules_of(ev, i, st.number)
        cap = rules.extension_cap.working_days
        total = int(st.ext_used[k][i]) + length
        n = st.number
        return _finding(
            ev, i, f"stage{n}.extension-length", rules.extension_cap.provision, n,
            f"Stage {n} extensions notified by {_iso(sc.ext_notified[i, column])} total "
            f"{total} working days, {total - cap} more than the {cap}-working-day cap, with "
            f"no good reason recorded; only {int(st.ext_counted[k][i])} of this extension's "
            f"{length} count",
        )  # fmt: skip

    return make


def _receipt_words(number: int) -> str:
    return "receipt" if number == 1 else "receipt of the escalation request"


def _ack_explanation(ev: Evaluation, st: StageEvaluation, i: int) -> str:
    days = int(st.ack_days[i])
    received = _iso(ev.cols.stages[st.number - 1].received[i])
    return f"{days} {plural(days)} after {_receipt_words(st.number)} on {received}"


def respond_explanation(ev: Evaluation, st: StageEvaluation, i: int) -> str:
    """The respond-by date's explanation, as :attr:`Deadline.explanation` words it."""
    days = int(st.respond_days[i])
    unit = plural(days)
    start = _iso(st.counted_from[i])
    clock = int(st.clock[i])
    if clock == _ACK_DEADLINE:
        return (
            f"{days} {unit} after the acknowledgement deadline {start} "
            "(no acknowledgement recorded)"
        )
    if clock == _LATE_ACK:
        return (
            f"{days} {unit} after the acknowledgement deadline {start} "
            "(the acknowledgement was late; the clock is capped at its deadline)"
        )
    event = "acknowledgement" if clock == _ACKNOWLEDGEMENT else _receipt_words(st.number)
    return f"{days} {unit} after {event} on {start}"


def extensions_counted(ev: Evaluation, st: StageEvaluation, i: int) -> tuple[tuple[int, date], ...]:
    """The extensions that moved the deadline, as (working days, date notified)."""
    sc = ev.cols.stages[st.number - 1]
    return tuple(
        (int(st.ext_counted[k][i]), _day(sc.ext_notified[i, _extension_index(st, i, k)]))
        for k in range(len(st.ext_added))
        if st.ext_added[k][i]
    )


def _extended_explanation(ev: Evaluation, st: StageEvaluation, i: int) -> str:
    start = _iso(st.respond_due[i])
    counted = extensions_counted(ev, st, i)
    if not counted:
        return f"{start}, not extended (no extension counted)"
    parts = " and ".join(f"{n} {plural(n)} (notified {d})" for n, d in counted)
    if len(counted) == 1:
        return f"{start} extended by {parts}"
    return f"{start} extended by {parts}, {sum(n for n, _ in counted)} in all"


def _acknowledgement(ev: Evaluation, st: StageEvaluation) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        n = st.number
        due = st.ack_due[i]
        late = int(st.ack_late[i])
        words = f"{late} {plural(late)}"
        why = _ack_explanation(ev, st, i)
        acknowledged, responded = st.acknowledged[i], st.responded[i]
        actual = NA
        if acknowledged != NA:
            actual = acknowledged
            message = (
                f"Stage {n} acknowledged {_iso(acknowledged)}, {words} after its {_iso(due)} "
                f"deadline ({why})"
            )
        elif responded != NA:
            message = (
                f"Stage {n} has no acknowledgement recorded; the response on "
                f"{_iso(responded)} came {words} after the {_iso(due)} acknowledgement "
                f"deadline ({why})"
            )
        else:
            message = (
                f"Stage {n} not acknowledged by {ev.as_of}, {words} after its {_iso(due)} "
                f"deadline ({why})"
            )
        rules = _rules_of(ev, i, n)
        assert rules.acknowledge is not None
        return _finding(
            ev, i, f"stage{n}.acknowledgement", rules.acknowledge.provision, n, message,
            due=due, actual=actual, late=late,
        )  # fmt: skip

    return make


def _response(ev: Evaluation, st: StageEvaluation) -> Callable[[int], Finding]:
    def make(i: int) -> Finding:
        n = st.number
        final = st.final[i]
        late = int(st.response_late[i])
        basis = respond_explanation(ev, st, i)
        if st.extended[i]:
            basis += f", then {_extended_explanation(ev, st, i)}"
        responded = st.responded[i]
        if responded != NA:
            message = (
                f"Stage {n} response sent {_iso(responded)}, {late} {plural(late)} after its "
                f"{_iso(final)} deadline ({basis})"
            )
        else:
            message = (
                f"Stage {n} response still not sent at {ev.as_of}, {late} {plural(late)} "
                f"after its {_iso(final)} deadline ({basis})"
            )
        return _finding(
            ev, i, f"stage{n}.response", _rules_of(ev, i, n).respond.provision, n, message,
            due=final, actual=responded, late=late,
        )  # fmt: skip

    return make


def _stage_slots(ev: Evaluation, max_stages: Array) -> None:
    """``stages.count``, ``stages.order`` and ``stages.handler-independence``."""
    editions, ed, cols = ev.editions, ev.ed, ev.cols
    count = ev.seen_stages
    several = ev.ok & (count >= 2)

    def provision_breach(value: Callable[[CodeEdition], Provision | None]) -> Array:
        return _per_edition(editions, ed, lambda e: _is_breach(value(e)), False)

    def make_count(i: int) -> Finding:
        edition = editions[int(ed[i])]
        extra = edition.max_stages + 1
        received = _iso(cols.stages[extra - 1].received[i])
        return _finding(
            ev, i, "stages.count", edition.stage_count, extra,
            f"The complaint has {int(count[i])} stages (stage {extra} received {received}); "
            f"the {edition.name} Code allows no more than {edition.max_stages}",
        )  # fmt: skip

    ev.slots.append(
        Slot("stages.count", several & (count > max_stages),
             provision_breach(lambda e: e.stage_count), make_count)
    )  # fmt: skip
    for index in range(1, len(cols.stages)):
        previous, stage = ev.stages[index - 1], cols.stages[index]
        both = several & (count > index)
        responded = previous.responded
        fires = both & ((responded == NA) | (stage.received < responded))

        def make_order(i: int, index: int = index) -> Finding:
            responded = ev.stages[index - 1].responded[i]
            sent = f"sent on {_iso(responded)}" if responded != NA else "sent (none is recorded)"
            edition = editions[int(ed[i])]
            received = cols.stages[index].received[i]
            return _finding(
                ev, i, "stages.order", edition.stage_order, index + 1,
                f"Stage {index + 1} started {_iso(received)}, before the stage {index} "
                f"response was {sent}",
                due=responded, actual=received,
            )  # fmt: skip

        ev.slots.append(
            Slot("stages.order", fires, provision_breach(lambda e: e.stage_order), make_order)
        )
    wanted = several & _per_edition(
        editions, ed, lambda e: e.handler_independence is not None, False
    )
    same = _same_person(cols.stages[0].handler, cols.stages[1].handler, wanted)

    def make_handler(i: int) -> Finding:
        provision = editions[int(ed[i])].handler_independence
        assert provision is not None
        return _finding(
            ev, i, "stages.handler-independence", provision, 2,
            "The same person handled stage 1 and stage 2",
        )  # fmt: skip

    ev.slots.append(
        Slot("stages.handler-independence", same,
             provision_breach(lambda e: e.handler_independence), make_handler)
    )  # fmt: skip


def _person(handler: str) -> str:
    """A handler's name as ``rules.stages`` compares it."""
    return " ".join(handler.split()).casefold()


def _same_person(first: Array, second: Array, wanted: Array) -> Array:
    """Rows in ``wanted`` where both handlers name the same person, as ``rules.stages`` says.

    Each distinct name is compared once: the two columns are dictionary-encoded together
    and each name in the dictionary is reduced to the person it names (blank: nobody).
    """
    import pyarrow as pa

    same = np.zeros(len(wanted), dtype=bool)
    rows = np.flatnonzero(wanted)
    if not len(rows):
        return same
    both = np.concatenate([first[rows], second[rows]])
    encoded = pa.array(both, type=pa.string()).dictionary_encode()
    people: dict[str, int] = {}
    person = np.asarray(
        [
            people.setdefault(name, len(people)) if (name := _person(value)) else -1
            for value in encoded.dictionary.to_pylist()
        ]
        + [-1],
        dtype=np.int64,
    )
    codes = encoded.indices.fill_null(len(person) - 1).to_numpy(zero_copy_only=False)
    ids = person[codes]
    a, b = ids[: len(rows)], ids[len(rows) :]
    same[rows] = (a >= 0) & (a == b)
    return same


def add_months(ordinal: Array, months: Array) -> Array:
    """``day + relativedelta(months=months)`` on ordinals (the day clamped to the month)."""
    day = (ordinal - _EPOCH).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    into = (day - month.astype("datetime64[D]")).astype(np.int64)
    target = month + months.astype("timedelta64[M]")
    last = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    result = np.minimum(target.astype("datetime64[D]") + into, last)
    return result.astype(np.int64) + _EPOCH


def _refusal_slots(ev: Evaluation, days: DayIndex) -> None:
    """``exclusion.time-limit`` and ``refusal.explanation``."""
    editions, ed, cols = ev.editions, ev.ed, ev.cols
    refused = ev.refusal_seen
    months = _per_edition(
        editions, ed, lambda e: e.time_limit_months if e.time_limit is not None else None, -1
    )
    issue, aware = cols.issue, cols.aware
    start = np.where(issue == NA, aware, np.where(aware == NA, issue, np.maximum(issue, aware)))
    applies = refused & (months >= 0) & (cols.refusal_ground == _OUT_OF_TIME) & (start != NA)
    window = np.full(cols.n, NA, dtype=np.int64)
    rows = np.flatnonzero(applies)
    window[rows] = add_months(start[rows], months[rows])
    received = cols.stages[0].received

    def make_time_limit(i: int) -> Finding:
        edition = editions[int(ed[i])]
        assert edition.time_limit is not None
        stage = int(cols.refusal_stage[i])
        what = "Refused" if stage == 1 else "Escalation refused"
        return _finding(
            ev, i, "exclusion.time-limit", edition.time_limit, stage,
            f"{what} on {_iso(cols.refusal_decided[i])} as out of time, but the complaint "
            f"was received {_iso(received[i])}, within {int(months[i])} months of "
            f"{_iso(start[i])} (the later of when the issue occurred and when the resident "
            f"became aware of it; the window ran to {_iso(window[i])})",
            due=window[i], actual=received[i],
        )  # fmt: skip

    ev.slots.append(
        Slot("exclusion.time-limit", applies & (received <= window),
             _per_edition(editions, ed, lambda e: _is_breach(e.time_limit), False),
             make_time_limit)
    )  # fmt: skip
    first = cols.refusal_stage == 1
    accept = _per_edition(editions, ed, lambda e: _is_breach(e.refusal_to_accept), False)
    escalate = _per_edition(editions, ed, lambda e: _is_breach(e.refusal_to_escalate), False)
    can_escalate = _per_edition(editions, ed, lambda e: e.refusal_to_escalate is not None, False)
    missing = ~cols.refusal_reasons | ~cols.refusal_rights
    fires = refused & (first | can_escalate) & missing

    def make_explanation(i: int) -> Finding:
        edition = editions[int(ed[i])]
        stage = int(cols.refusal_stage[i])
        provision = edition.refusal_to_accept if stage == 1 else edition.refusal_to_escalate
        assert provision is not None
        gaps = []
        if not cols.refusal_reasons[i]:
            gaps.append("gave no reasons")
        if not cols.refusal_rights[i]:
            gaps.append("did not tell the resident of the right to go to the Ombudsman")
        what = "to accept the complaint" if stage == 1 else "to escalate to stage 2"
        return _finding(
            ev, i, "refusal.explanation", provision, stage,
            f"The refusal {what} on {_iso(cols.refusal_decided[i])} " + " and ".join(gaps),
        )  # fmt: skip

    ev.slots.append(
        Slot("refusal.explanation", fires, np.where(first, accept, escalate), make_explanation)
    )


def _letter_and_remedy_slots(
    ev: Evaluation, days: DayIndex, seen: Callable[[Array], Array], limit: Any
) -> Array:
    """``response.content`` per stage, then ``remedy.target-date``/``remedy.completion``."""
    editions, ed, cols = ev.editions, ev.ed, ev.cols
    for st, sc in zip(ev.stages, cols.stages, strict=True):
        number = st.number
        required = _per_edition(
            editions,
            ed,
            functools.partial(_required_items, number=number),
            -1,
        )
        items = sc.items.astype(np.int64)
        fires = (
            st.seen
            & (items >= 0)
            & (st.responded != NA)
            & ~st.refused
            & (required >= 0)
            & ((required & ~items) != 0)
        )

        def make_letter(i: int, st: StageEvaluation = st) -> Finding:
            rules = _rules_of(ev, i, st.number)
            assert rules.letter_items is not None
            assert rules.letter_provision is not None
            recorded = int(ev.cols.stages[st.number - 1].items[i])
            missing = [
                item.label
                for bit, item in enumerate(ITEMS)
                if item in rules.letter_items and not recorded & (1 << bit)
            ]
            return _finding(
                ev, i, "response.content", rules.letter_provision, st.number,
                f"Stage {st.number} response of {_iso(st.responded[i])} does not set out "
                + ", ".join(missing),
            )  # fmt: skip

        ev.slots.append(
            Slot("response.content", fires,
                 _per_edition(editions, ed,
                              functools.partial(_letter_breach, number=number), False),
                 make_letter, number)
        )  # fmt: skip
    bad = np.zeros(cols.n, dtype=bool)
    target_breach = _per_edition(editions, ed, lambda e: _is_breach(e.remedy_target), False)
    completion_breach = _per_edition(editions, ed, lambda e: _is_breach(e.remedy_completion), False)
    for k in range(cols.remedy_slots):
        offered = cols.remedy_offered[:, k]
        present = ev.ok & (seen(offered) != NA)
        completed = seen(cols.remedy_completed[:, k])
        due = cols.remedy_due[:, k]
        no_target = present & (due == NA) & (completed != offered)
        done_late = present & (due != NA) & (completed != NA) & (completed > due)
        still_open = present & (due != NA) & (completed == NA)
        still_open &= (limit > due) if limit is not None else False
        when = np.where(done_late, completed, limit or 0)
        late, err = days.days_late(due, when, done_late | still_open)
        bad |= err
        # A target on a non-working day is met by the next working day: 0 is in time.
        done_late &= late > 0
        still_open &= late > 0

        def name(i: int, k: int = k) -> str:
            kind = KINDS[int(cols.remedy_kind[i, k])]
            return f"Remedy {k + 1} ({kind.label})"

        def make_target(i: int, k: int = k, name: Callable[[int], str] = name) -> Finding:
            return _finding(
                ev, i, "remedy.target-date", editions[int(ed[i])].remedy_target, None,
                f"{name(i)} offered {_iso(cols.remedy_offered[i, k])} has no target date",
            )  # fmt: skip

        def make_completion(
            i: int,
            k: int = k,
            late: Array = late,
            completed: Array = completed,
            name: Callable[[int], str] = name,
        ) -> Finding:
            days_late = int(late[i])
            words = f"{days_late} {plural(days_late)}"
            target = _iso(cols.remedy_due[i, k])
            if completed[i] != NA:
                message = (
                    f"{name(i)} was completed {_iso(completed[i])}, {words} after its "
                    f"target date {target}"
                )
            else:
                message = (
                    f"{name(i)} was still not completed at {ev.as_of}, {words} after its "
                    f"target date {target}"
                )
            return _finding(
                ev, i, "remedy.completion", editions[int(ed[i])].remedy_completion, None,
                message, due=cols.remedy_due[i, k], actual=completed[i], late=days_late,
            )  # fmt: skip

        ev.slots.append(Slot("remedy.target-date", no_target, target_breach, make_target))
        ev.slots.append(
            Slot("remedy.completion", done_late | still_open, completion_breach, make_completion)
        )
    return bad


def _required_items(edition: CodeEdition, number: int) -> int | None:
    rules = _stage_rules(edition, number)
    if rules is None or rules.letter_items is None or rules.letter_provision is None:
        return None
    return sum(1 << bit for bit, item in enumerate(ITEMS) if item in rules.letter_items)


def _letter_breach(edition: CodeEdition, number: int) -> bool:
    rules = _stage_rules(edition, number)
    return rules is not None and _is_breach(rules.letter_provision)
