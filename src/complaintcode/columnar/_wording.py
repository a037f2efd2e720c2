"""The columnar engine's findings and explanations, built row by row on demand.

Each ``_name(ev, st, ...)`` returns the ``make(i)`` of a :class:`~complaintcode.columnar.
_evaluation.Slot`: row ``i``'s :class:`~complaintcode.Finding`, worded exactly as the
object engine words it (``complaintcode.rules``), from the evaluation's columns.
:func:`respond_explanation` and :func:`extensions_counted` also serve the deadlines of
:meth:`CheckResults.assessment <complaintcode.columnar.CheckResults.assessment>`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import (
    _ACK_DEADLINE,
    _ACKNOWLEDGEMENT,
    _LATE_ACK,
    Evaluation,
    Slot,
    StageEvaluation,
    _day,
    _iso,
)
from complaintcode.editions import Provision, StageRules
from complaintcode.results import Finding, Severity, plural

__all__ = ["extensions_counted", "respond_explanation"]


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


def _extension_gap(
    ev: Evaluation,
    st: StageEvaluation,
    k: int,
    kind: str,
    gap: str,
    provision_of: Callable[[StageRules], Provision | None],
) -> Callable[[int], Finding]:
    """An extension notice that left something out: no reason, or no Ombudsman details."""

    def make(i: int) -> Finding:
        label, notified = _extension_label(ev, st, i, k)
        provision = provision_of(_rules_of(ev, i, st.number))
        assert provision is not None
        return _finding(
            ev, i, f"stage{st.number}.{kind}", provision, st.number,
            f"{label} notified {notified} {gap}",
        )  # fmt: skip

    return make


def _extension_reason(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    return _extension_gap(
        ev, st, k, "extension-reason", "gave the resident no reason",
        lambda rules: rules.extension_reason,
    )  # fmt: skip


def _extension_details(ev: Evaluation, st: StageEvaluation, k: int) -> Callable[[int], Finding]:
    return _extension_gap(
        ev, st, k, "extension-ombudsman-details",
        "did not give the Ombudsman's contact details",
        lambda rules: rules.extension_ombudsman_details,
    )  # fmt: skip


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
