"""The columnar engine's findings and explanations: their words, for one row or many.

Each ``_name(ev, st, ...)`` returns a ``(make, words)`` pair for a
:class:`~complaintcode.columnar._evaluation.Slot`: ``words(rows)`` is the message of the
finding in each of ``rows`` as a :class:`~complaintcode.columnar._words.Words`, gathered
from the evaluation's columns, and ``make(i, message)`` is row ``i``'s
:class:`~complaintcode.Finding` with its message. The templates are those the object
engine fills (``complaintcode._sentences``), so both engines word a finding alike.
:func:`extensions_counted` also serves the deadlines of
:meth:`CheckResults.assessment <complaintcode.columnar.CheckResults.assessment>`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np

from complaintcode import _sentences as sentences
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import (
    _ACK_DEADLINE,
    _ACKNOWLEDGEMENT,
    _LATE_ACK,
    _RECEIPT,
    Evaluation,
    Slot,
    StageEvaluation,
    _day,
)
from complaintcode.columnar._words import Choice, Count, Day, Joined, Unit, Words
from complaintcode.editions import Provision, StageRules
from complaintcode.results import Finding, Severity

__all__ = ["extensions_counted", "respond_explanation"]

Wording = tuple[Callable[[int, str], Finding], Callable[[Any], Any]]
"""A slot's ``make(i, message)`` and ``words(rows)``."""


def _slot(ev: Evaluation, rule: str, fires: Array, breach: Array, wording: Wording) -> Slot:
    make, words = wording
    return Slot(rule, fires, breach, make, words=words)


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


def _extension_index(st: StageEvaluation, i: Any, k: int) -> Any:
    return k if st.ext_order is None else st.ext_order[i, k]


def _extension_label(ev: Evaluation, st: StageEvaluation, i: Any, k: int) -> tuple[Words, Day]:
    sc = ev.cols.stages[st.number - 1]
    column = _extension_index(st, i, k)
    length = sc.ext_days[i, column]
    label = Words(sentences.EXTENSION_LABEL, n=st.number, length=Count(length), unit=Unit(length))
    return label, Day(sc.ext_notified[i, column])


def _extension_gap(
    ev: Evaluation,
    st: StageEvaluation,
    k: int,
    kind: str,
    template: str,
    provision_of: Callable[[StageRules], Provision | None],
) -> Wording:
    """An extension notice that left something out: no reason, or no Ombudsman details."""

    def words(i: Any) -> Words:
        label, notified = _extension_label(ev, st, i, k)
        return Words(template, label=label, notified=notified)

    def make(i: int, message: str) -> Finding:
        provision = provision_of(_rules_of(ev, i, st.number))
        assert provision is not None
        return _finding(ev, i, f"stage{st.number}.{kind}", provision, st.number, message)

    return make, words


def _extension_reason(ev: Evaluation, st: StageEvaluation, k: int) -> Wording:
    return _extension_gap(
        ev, st, k, "extension-reason", sentences.EXTENSION_NO_REASON,
        lambda rules: rules.extension_reason,
    )  # fmt: skip


def _extension_details(ev: Evaluation, st: StageEvaluation, k: int) -> Wording:
    return _extension_gap(
        ev, st, k, "extension-ombudsman-details", sentences.EXTENSION_NO_DETAILS,
        lambda rules: rules.extension_ombudsman_details,
    )  # fmt: skip


def _extension_notice(ev: Evaluation, st: StageEvaluation, k: int) -> Wording:
    sc = ev.cols.stages[st.number - 1]

    def words(i: Any) -> Words:
        label, notified = _extension_label(ev, st, i, k)
        late = st.ext_late[k][i]
        return Words(
            sentences.EXTENSION_TOO_LATE, label=label, notified=notified, late=Count(late),
            unit=Unit(late), current=Day(st.ext_current[k][i]),
        )  # fmt: skip

    def make(i: int, message: str) -> Finding:
        return _finding(
            ev, i, f"stage{st.number}.extension-notice",
            _rules_of(ev, i, st.number).extension_notice, st.number, message,
            due=st.ext_current[k][i], actual=sc.ext_notified[i, _extension_index(st, i, k)],
            late=st.ext_late[k][i],
        )  # fmt: skip

    return make, words


def _extension_length(ev: Evaluation, st: StageEvaluation, k: int) -> Wording:
    sc = ev.cols.stages[st.number - 1]
    caps = np.asarray(
        [e.stage(st.number).extension_cap.working_days if st.number <= e.max_stages else 0
         for e in ev.editions] + [0]
    )  # fmt: skip

    def words(i: Any) -> Words:
        column = _extension_index(st, i, k)
        length = sc.ext_days[i, column]
        cap = caps[ev.ed[i]]
        total = st.ext_used[k][i] + length
        return Words(
            sentences.EXTENSION_OVER_CAP, n=st.number, notified=Day(sc.ext_notified[i, column]),
            total=Count(total), over=Count(total - cap), cap=Count(cap),
            counted=Count(st.ext_counted[k][i]), length=Count(length),
        )  # fmt: skip

    def make(i: int, message: str) -> Finding:
        provision = _rules_of(ev, i, st.number).extension_cap.provision
        return _finding(ev, i, f"stage{st.number}.extension-length", provision, st.number, message)

    return make, words


def _receipt_words(number: int) -> str:
    return "receipt" if number == 1 else "receipt of the escalation request"


def _ack_explanation(ev: Evaluation, st: StageEvaluation, i: Any) -> Words:
    days = st.ack_days[i]
    return Words(
        sentences.COUNTED_FROM_EVENT, days=Count(days), unit=Unit(days),
        event=_receipt_words(st.number), start=Day(ev.cols.stages[st.number - 1].received[i]),
    )  # fmt: skip


def respond_explanation(ev: Evaluation, st: StageEvaluation, i: Any) -> Choice:
    """The respond-by date's explanation, as :attr:`Deadline.explanation` words it."""
    days = st.respond_days[i]
    fields = {"days": Count(days), "unit": Unit(days), "start": Day(st.counted_from[i])}
    branches: list[Any] = [None] * 4
    branches[_RECEIPT] = Words(
        sentences.COUNTED_FROM_EVENT, event=_receipt_words(st.number), **fields
    )
    branches[_ACKNOWLEDGEMENT] = Words(
        sentences.COUNTED_FROM_EVENT, event="acknowledgement", **fields
    )
    branches[_ACK_DEADLINE] = Words(sentences.COUNTED_FROM_ACK_DEADLINE, **fields)
    branches[_LATE_ACK] = Words(sentences.COUNTED_FROM_LATE_ACK, **fields)
    return Choice(st.clock[i], branches)


def extensions_counted(ev: Evaluation, st: StageEvaluation, i: int) -> tuple[tuple[int, date], ...]:
    """The extensions that moved the deadline, as (working days, date notified)."""
    sc = ev.cols.stages[st.number - 1]
    return tuple(
        (int(st.ext_counted[k][i]), _day(sc.ext_notified[i, _extension_index(st, i, k)]))
        for k in range(len(st.ext_added))
        if st.ext_added[k][i]
    )


def _extended_explanation(ev: Evaluation, st: StageEvaluation, i: Any) -> Choice:
    sc = ev.cols.stages[st.number - 1]
    parts = []
    count: Any = 0
    total: Any = 0
    for k in range(len(st.ext_added)):
        added, counted = st.ext_added[k][i], st.ext_counted[k][i]
        notified = Day(sc.ext_notified[i, _extension_index(st, i, k)])
        part = Words(sentences.EXTENSION_PART, days=Count(counted), unit=Unit(counted),
                     notified=notified)  # fmt: skip
        parts.append((added, part))
        count = count + added
        total = total + added * counted
    start = Day(st.respond_due[i])
    joined = Joined(sentences.EXTENSION_PARTS, parts)
    return Choice(
        1 * (count > 0) + (count > 1),
        [
            Words(sentences.NOT_EXTENDED, start=start),
            Words(sentences.EXTENDED_ONCE, start=start, parts=joined),
            Words(sentences.EXTENDED, start=start, parts=joined, days=Count(total)),
        ],
    )


def _acknowledgement(ev: Evaluation, st: StageEvaluation) -> Wording:
    n = st.number

    def words(i: Any) -> Choice:
        late = st.ack_late[i]
        common = {
            "n": n, "late": Count(late), "unit": Unit(late), "due": Day(st.ack_due[i]),
            "basis": _ack_explanation(ev, st, i),
        }  # fmt: skip
        acknowledged, responded = st.acknowledged[i], st.responded[i]
        # 0: acknowledged late; 1: answered, never acknowledged; 2: neither.
        code = (acknowledged == NA) * (1 + (responded == NA))
        return Choice(
            code,
            [
                Words(sentences.ACKNOWLEDGED_LATE, acknowledged=Day(acknowledged), **common),
                Words(sentences.ANSWERED_UNACKNOWLEDGED, responded=Day(responded), **common),
                Words(sentences.NOT_ACKNOWLEDGED, as_of=str(ev.as_of), **common),
            ],
        )

    def make(i: int, message: str) -> Finding:
        rules = _rules_of(ev, i, n)
        assert rules.acknowledge is not None
        acknowledged = st.acknowledged[i]
        return _finding(
            ev, i, f"stage{n}.acknowledgement", rules.acknowledge.provision, n, message,
            due=st.ack_due[i], actual=acknowledged, late=st.ack_late[i],
        )  # fmt: skip

    return make, words


def _response(ev: Evaluation, st: StageEvaluation) -> Wording:
    n = st.number

    def words(i: Any) -> Choice:
        late = st.response_late[i]
        basis = respond_explanation(ev, st, i)

        def extended() -> Words:  # worded only for the rows extended
            return Words(
                sentences.THEN_EXTENDED, basis=basis, extended=_extended_explanation(ev, st, i)
            )

        common = {
            "n": n, "late": Count(late), "unit": Unit(late), "due": Day(st.final[i]),
            "basis": Choice(st.extended[i], [basis, extended]),
        }  # fmt: skip
        responded = st.responded[i]
        return Choice(
            responded == NA,
            [
                Words(sentences.RESPONDED_LATE, responded=Day(responded), **common),
                Words(sentences.NOT_RESPONDED, as_of=str(ev.as_of), **common),
            ],
        )

    def make(i: int, message: str) -> Finding:
        return _finding(
            ev, i, f"stage{n}.response", _rules_of(ev, i, n).respond.provision, n, message,
            due=st.final[i], actual=st.responded[i], late=st.response_late[i],
        )  # fmt: skip

    return make, words
