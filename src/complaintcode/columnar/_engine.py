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

import weakref
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import Columns, StageColumns
from complaintcode.columnar._complaint_rules import (
    _letter_and_remedy_slots,
    _refusal_slots,
    _stage_slots,
)
from complaintcode.columnar._days import NA, Array, DayIndex, day_index, seen_by
from complaintcode.columnar._evaluation import (
    _ACK_DEADLINE,
    _ACKNOWLEDGEMENT,
    _LATE,
    _LATE_ACK,
    _ON_TIME,
    _OPEN,
    _OVERDUE,
    _WITHIN,
    Evaluation,
    StageEvaluation,
    _is_breach,
    _per_edition,
    _stage_rules,
)
from complaintcode.columnar._wording import (
    _acknowledgement,
    _extension_details,
    _extension_length,
    _extension_notice,
    _extension_reason,
    _response,
    _slot,
)
from complaintcode.editions import EDITIONS, CodeEdition, Provision, StageRules

__all__ = ["evaluate"]


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
    evaluation = Evaluation(cols, editions, calendar, as_of, late_acknowledgement)
    # The slots' wording functions reach the evaluation through a weak proxy: the
    # evaluation holds the slots, so a strong reference back would make a cycle that only
    # a full collection frees, keeping each batch's columns alive until one runs.
    ev: Evaluation = weakref.proxy(evaluation)
    days = day_index(calendar)
    n = cols.n
    first = cols.stages[0]
    read = first.received != NA
    if cols.error.tolist().count(None) < n:  # some rows the reader rejected
        read &= np.asarray(cols.error == None, dtype=bool)  # noqa: E711
    ed: Array
    if edition is not None:
        ed = np.zeros(n, dtype=np.int64)
    else:
        # The last edition in force on the day received (-1: none yet), the editions in
        # the order they came into force.
        ed = np.full(n, -1, dtype=np.int64)
        for e in editions:
            ed += first.received >= e.in_force_from.toordinal()
    failed = ~read | (ed < 0)
    ed = np.where(failed, len(editions), ed)  # the fill row of every per-edition table
    ev.ed = ed
    ev.codes = tuple(np.flatnonzero(np.bincount(ed, minlength=len(editions) + 1)).tolist())
    ev.ok = ok = ~failed
    limit = np.int64(as_of.toordinal()) if as_of is not None else None

    def seen(day: Array) -> Array:
        return day if limit is None else np.where(day <= limit, day, NA)

    bad = np.zeros(n, dtype=bool)
    seen_stages = np.zeros(n, dtype=np.int64)
    for sc in cols.stages:
        seen_stages += ok & seen_by(sc.received, limit)
    refusal_seen = ok & seen_by(cols.refusal_decided, limit)
    ev.seen_stages, ev.refusal_seen = seen_stages, refusal_seen
    max_stages = _per_edition(ev, "max_stages", lambda e: e.max_stages, 0)
    capped = late_acknowledgement == "capped"

    for index, sc in enumerate(cols.stages):
        st = StageEvaluation(index + 1)
        ev.stages.append(st)
        st.seen = ok & (seen_stages >= st.number)
        st.refused = refusal_seen & (cols.refusal_stage == st.number)
        bad |= _stage(ev, st, sc, days, seen, limit, max_stages, capped)

    _stage_slots(ev, max_stages)
    _refusal_slots(ev, days)
    bad |= _letter_and_remedy_slots(ev, days, seen, limit)
    ev.failed = failed | bad
    ev.ok = ~ev.failed
    if ev.failed.any():
        for slot in ev.slots:
            slot.fires = slot.fires & ev.ok
    ev.count()
    return evaluation


def _codes(*cases: tuple[int, Array]) -> Array:
    """Each row's code: that of the one mask, among exclusive ``cases``, true there (else 0).

    Summed in bytes (the codes are small), then widened.
    """
    total = np.zeros(len(cases[0][1]), dtype=np.int8)
    for code, mask in cases:
        total += np.int8(code) * mask.view(np.int8)
    return total.astype(np.int64)


def _filled(shape: Any, fill: Any, dtype: Any) -> Array:
    """A new array of ``fill`` (zeroed memory where ``fill`` is 0 or false)."""
    return np.zeros(shape, dtype) if fill == 0 else np.full(shape, fill, dtype)


# Below this share of a batch's rows reaching a stage, the stage is computed on those rows.
_FEW = 0.5


def _stage(
    ev: Evaluation,
    st: StageEvaluation,
    sc: StageColumns,
    days: DayIndex,
    seen: Callable[[Array], Array],
    limit: Any,
    max_stages: Array,
    capped: bool,
) -> Array:
    """One stage's deadlines, statuses and slots; returns the rows outside the calendar.

    ``st.seen`` and ``st.refused`` are set. Where few rows reached the stage (escalations),
    it is computed on those rows alone and each column is put back over the whole batch:
    a row that did not reach the stage has no deadline, status or finding there either way.
    """
    n = ev.cols.n
    number = st.number

    rows = None
    if np.count_nonzero(st.seen) < _FEW * n:
        rows = np.flatnonzero(st.seen)
    m = n if rows is None else len(rows)
    ed = ev.ed if rows is None else ev.ed[rows]

    def param(key: str, value: Callable[[StageRules], Any], fill: Any, ed: Array = ed) -> Array:
        """A limit of this stage's rules for each row computed (``ed=None``: every row)."""
        return _per_edition(
            ev,
            (key, number),
            lambda e: None if (r := _stage_rules(e, number)) is None else value(r),
            fill,
            ed,
        )

    def breach(key: str, provision: Callable[[StageRules], Provision | None]) -> Array:
        return param(key, lambda r: _is_breach(provision(r)), False, None)

    def sub(values: Array) -> Array:
        """The rows computed."""
        return values if rows is None else values[rows]

    def put(values: Array, fill: Any) -> Array:
        """Computed values back over the batch; ``fill`` in the rows not computed."""
        if rows is None:
            return values
        out = _filled((n, *values.shape[1:]), fill, values.dtype)
        out[rows] = values
        return out

    def received(values: Array) -> Array:
        """The rows computed of a day column, as seen by ``as_of`` (NA: not yet, or none)."""
        values = sub(values)
        out = values.copy() if rows is None else values  # values[rows] is a copy already
        out[~(seen_rows & seen_by(values, limit))] = NA
        return out

    seen_rows = sub(st.seen)
    active = seen_rows & (number <= sub(max_stages)) & ~sub(st.refused)
    st.ack_days = param(
        "ack_days", lambda r: r.acknowledge.working_days if r.acknowledge else None, -1, None
    )
    ack_days = sub(st.ack_days)
    has_ack = active & (ack_days >= 0)
    event = sub(sc.event)
    ack_due, bad = days.add(event, np.maximum(ack_days, 0), has_ack)
    acknowledged, responded = received(sc.acknowledged), received(sc.responded)
    from_ack = param("from_ack", lambda r: r.respond.runs_from == "acknowledgement", False)
    st.respond_days = param("respond_days", lambda r: r.respond.working_days, 0, None)
    acked = acknowledged != NA
    late_capped = has_ack & acked & (acknowledged > ack_due) if capped else np.zeros(m, bool)
    on_late = late_capped & from_ack
    on_ack = ~on_late & from_ack & acked
    on_deadline = ~on_late & ~on_ack & from_ack & has_ack
    # The three are exclusive; none of them: the clock runs from receipt.
    clock = _codes((_LATE_ACK, on_late), (_ACKNOWLEDGEMENT, on_ack), (_ACK_DEADLINE, on_deadline))
    from_deadline = on_late | on_deadline
    # The day the clock runs from where it does not run from the event (or receipt).
    shifted = on_ack | from_deadline
    start = np.where(on_ack, acknowledged, ack_due)
    base = np.where(shifted, start, event)
    counted_from = np.where(shifted, start, sub(sc.received))
    respond_due, err = days.add(base, sub(st.respond_days), active)
    bad |= err

    # Extensions, in the order notified (those not yet notified at as_of left out). A row
    # has one where one was notified by as_of; only those rows are looked at further.
    slots_k = sc.extension_slots
    extended = np.zeros(m, dtype=bool)
    if slots_k:
        notified_days = sub(sc.ext_notified)
        for k in range(slots_k):  # a column at a time: any(axis=1) is slow on a narrow matrix
            extended |= seen_by(notified_days[:, k], limit)
        extended &= active
    st.respond_due = put(respond_due, NA)
    # They are worked out on the rows with one (``ext`` among those computed, ``where`` in
    # the batch): the other rows' deadlines stay as they are.
    ext = np.flatnonzero(extended)
    where = ext if rows is None else rows[ext]

    def spread(values: Array, fill: Any) -> Array:
        """The rows with an extension's values over the batch; ``fill`` (or its values) else."""
        out = fill.copy() if isinstance(fill, np.ndarray) else _filled(n, fill, values.dtype)
        out[where] = values
        return out

    current = respond_due[ext]
    used = np.zeros(len(ext), dtype=np.int64)
    ext_bad = np.zeros(len(ext), dtype=bool)
    ext_order = None
    if slots_k:
        key = seen(notified_days[ext])
        # Usually the extensions are already in the order notified: only the rows where
        # they are not are sorted (a row without one has nothing to sort).
        if slots_k > 1:
            unsorted = np.flatnonzero((key[:, 1:] < key[:, :-1]).any(axis=1))
            if len(unsorted):
                ext_order = np.tile(np.arange(slots_k), (len(ext), 1))
                ext_order[unsorted] = np.argsort(key[unsorted], axis=1, kind="stable")
                key[unsorted] = np.take_along_axis(key[unsorted], ext_order[unsorted], axis=1)
        cap = param("cap", lambda r: r.extension_cap.working_days, 0, ed[ext])
        wants_details = param(
            "details", lambda r: r.extension_ombudsman_details is not None, False, ed[ext]
        )
        ext_days, ext_good = sc.ext_days[where], sc.ext_good[where]
        ext_reason_blank, ext_details = sc.ext_reason_blank[where], sc.ext_details[where]
        positions = np.arange(len(ext))
    if ext_order is None:
        st.ext_order = None
    else:  # a row without an extension keeps its (unseen) extensions where they are
        st.ext_order = np.tile(np.arange(slots_k), (n, 1))
        st.ext_order[where] = ext_order

    def pick(values: Array, k: int) -> Array:
        return values[:, k] if ext_order is None else values[positions, ext_order[:, k]]

    reason_breach = breach("reason", lambda r: r.extension_reason)
    details_breach = breach("details", lambda r: r.extension_ombudsman_details)
    notice_breach = breach("notice", lambda r: r.extension_notice)
    length_breach = breach("length", lambda r: r.extension_cap.provision)
    for k in range(slots_k):
        notified = key[:, k]
        valid = notified != NA
        length = pick(ext_days, k)
        good = pick(ext_good, k)
        too_late = valid & (notified > current)
        late, err = days.days_late(current, notified, too_late)
        ext_bad |= err
        counts = valid & ~too_late
        room = np.maximum(0, cap - used)
        counted = np.where(good, length, np.minimum(length, room))
        added = counts & (counted > 0)
        moved, err = days.add(current, np.maximum(counted, 0), added)
        ext_bad |= err
        st.ext_current.append(spread(current, st.respond_due))
        st.ext_used.append(spread(used, 0))
        st.ext_counted.append(spread(counted, 0))
        st.ext_added.append(spread(added, False))
        st.ext_late.append(spread(late, 0))
        reason_missing = valid & pick(ext_reason_blank, k)
        details_missing = valid & wants_details & ~pick(ext_details, k)
        over_cap = counts & (counted < length)
        ev.slots += [
            _slot(ev, f"stage{number}.extension-reason", spread(reason_missing, False),
                  reason_breach, _extension_reason(ev, st, k)),
            _slot(ev, f"stage{number}.extension-ombudsman-details",
                  spread(details_missing, False), details_breach, _extension_details(ev, st, k)),
            _slot(ev, f"stage{number}.extension-notice", spread(too_late, False),
                  notice_breach, _extension_notice(ev, st, k)),
            _slot(ev, f"stage{number}.extension-length", spread(over_cap, False),
                  length_breach, _extension_length(ev, st, k)),
        ]  # fmt: skip
        current = np.where(added, moved, current)
        used = used + np.where(added, counted, 0)
    bad[ext] |= ext_bad
    final = respond_due.copy()
    final[ext] = current

    # The acknowledgement finding.
    answered = responded != NA
    ack_late = has_ack & acked & (acknowledged > ack_due)
    answer_late = has_ack & ~acked & answered & (responded > ack_due)
    never = has_ack & ~acked & ~answered
    if limit is not None:
        never &= limit > ack_due
    else:
        never &= False
    ack_actual = np.where(ack_late, acknowledged, np.where(answer_late, responded, NA))
    ack_fires = ack_late | answer_late | never
    when = np.where(ack_late | answer_late, ack_actual, limit or 0)
    ack_days_late, err = days.days_late(ack_due, when, ack_fires)
    bad |= err

    # The response status and finding.
    on_time = active & answered & (responded <= respond_due)
    within = active & answered & ~on_time & (responded <= final)
    late_answer = active & answered & (responded > final)
    overdue = active & ~answered & (limit > final if limit is not None else False)
    # Exclusive, and each within ``active`` (-1: no status).
    status = _codes(
        (_ON_TIME, on_time), (_WITHIN, within), (_LATE, late_answer), (_OVERDUE, overdue),
        (_OPEN, active & ~(on_time | within | late_answer | overdue)), (-1, ~active),
    )  # fmt: skip
    response_fires = late_answer | overdue
    when = np.where(late_answer, responded, limit or 0)
    response_late, err = days.days_late(final, when, response_fires)
    bad |= err
    done = np.where(acked, acknowledged, responded)
    ack_on_time = np.where(has_ack, (done != NA) & (done <= ack_due), False)
    taken, err = days.between(event, responded, active & answered)
    bad |= err

    st.active, st.has_ack = put(active, False), put(has_ack, False)
    st.ack_due = put(ack_due, NA)
    st.acknowledged, st.responded = put(acknowledged, NA), put(responded, NA)
    st.clock = put(clock, 0)
    if rows is None:
        st.counted_from = counted_from
    else:  # as computed for every row: a row that did not reach the stage, its receipt
        st.counted_from = sc.received.copy()
        st.counted_from[rows] = counted_from
    st.extended, st.final = put(extended, False), put(final, NA)
    st.ack_actual, st.ack_late = put(ack_actual, NA), put(ack_days_late, 0)
    st.status, st.response_late = put(status, -1), put(response_late, 0)
    st.ack_on_time, st.taken = put(ack_on_time, False), put(taken, 0)
    ev.slots.append(
        _slot(ev, f"stage{number}.acknowledgement", put(ack_fires, False),
              breach("acknowledge", lambda r: r.acknowledge.provision if r.acknowledge else None),
              _acknowledgement(ev, st))
    )  # fmt: skip
    ev.slots.append(
        _slot(ev, f"stage{number}.response", put(response_fires, False),
              breach("respond", lambda r: r.respond.provision), _response(ev, st))
    )  # fmt: skip
    return put(bad, False)
