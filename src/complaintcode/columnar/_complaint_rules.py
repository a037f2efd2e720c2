"""The rules on the whole complaint, on columns: stages, refusals, letters and remedies.

``stages.count``, ``stages.order`` and ``stages.handler-independence``;
``exclusion.time-limit`` and ``refusal.explanation``; ``response.content`` per stage;
``remedy.target-date`` and ``remedy.completion``. Each adds its slots to the evaluation,
after the stage rules of :func:`~complaintcode.columnar._engine.evaluate`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from complaintcode import _sentences as sentences
from complaintcode.columnar._columns import ITEMS, KINDS
from complaintcode.columnar._days import NA, Array, DayIndex, seen_by
from complaintcode.columnar._evaluation import (
    _EPOCH,
    _OUT_OF_TIME,
    Evaluation,
    Slot,
    StageEvaluation,
    _is_breach,
    _per_edition,
    _stage_rules,
)
from complaintcode.columnar._wording import (
    _finding,
    _rules_of,
)
from complaintcode.columnar._words import Choice, Count, Day, Joined, Pick, Unit, Words
from complaintcode.editions import CodeEdition, Provision
from complaintcode.results import Finding

_KINDS = [kind.label for kind in KINDS]

__all__ = ["add_months"]


def _stage_slots(ev: Evaluation, max_stages: Array) -> None:
    """``stages.count``, ``stages.order`` and ``stages.handler-independence``."""
    editions, ed, cols = ev.editions, ev.ed, ev.cols
    count = ev.seen_stages
    several = ev.ok & (count >= 2)

    def provision_breach(key: str, value: Callable[[CodeEdition], Provision | None]) -> Array:
        return _per_edition(ev, key, lambda e: _is_breach(value(e)), False)

    names = [e.name for e in editions] + [""]

    def words_count(i: Any) -> Words:
        extra = max_stages[i] + 1
        received = np.choose(extra - 1, [sc.received[i] for sc in cols.stages])
        return Words(
            sentences.TOO_MANY_STAGES, count=Count(count[i]), n=Count(extra),
            received=Day(received), edition=Pick(ed[i], names), most=Count(max_stages[i]),
        )  # fmt: skip

    def make_count(i: int, message: str) -> Finding:
        edition = editions[int(ed[i])]
        return _finding(
            ev, i, "stages.count", edition.stage_count, edition.max_stages + 1,
            message,
        )  # fmt: skip

    ev.slots.append(
        Slot("stages.count", several & (count > max_stages),
             provision_breach("stage_count", lambda e: e.stage_count), make_count,
             words=words_count)
    )  # fmt: skip
    for index in range(1, len(cols.stages)):
        previous, stage = ev.stages[index - 1], cols.stages[index]
        both = several & (count > index)
        responded = previous.responded
        fires = both & ((responded == NA) | (stage.received < responded))

        def words_order(i: Any, index: int = index) -> Words:
            responded = ev.stages[index - 1].responded[i]
            sent = Choice(
                responded == NA,
                [Words(sentences.SENT_ON, responded=Day(responded)), sentences.NONE_SENT],
            )
            return Words(
                sentences.OUT_OF_ORDER, n=index + 1, received=Day(cols.stages[index].received[i]),
                previous=index, sent=sent,
            )  # fmt: skip

        def make_order(i: int, message: str, index: int = index) -> Finding:
            return _finding(
                ev, i, "stages.order", editions[int(ed[i])].stage_order, index + 1,
                message, due=ev.stages[index - 1].responded[i],
                actual=cols.stages[index].received[i],
            )  # fmt: skip

        ev.slots.append(
            Slot("stages.order", fires, provision_breach("stage_order", lambda e: e.stage_order),
                 make_order, words=words_order)
        )  # fmt: skip
    wanted = several & _per_edition(
        ev, "independence", lambda e: e.handler_independence is not None, False
    )
    same = _same_person(cols.stages[0].handler, cols.stages[1].handler, wanted)

    def make_handler(i: int, message: str) -> Finding:
        provision = editions[int(ed[i])].handler_independence
        assert provision is not None
        return _finding(
            ev, i, "stages.handler-independence", provision, 2,
            message,
        )  # fmt: skip

    ev.slots.append(
        Slot("stages.handler-independence", same,
             provision_breach("handler_independence", lambda e: e.handler_independence),
             make_handler, words=lambda i: sentences.SAME_HANDLER)
    )  # fmt: skip


def _person(handler: str) -> str:
    """A handler's name as ``rules.stages`` compares it."""
    return " ".join(handler.split()).casefold()


class _People(dict[str | None, int]):
    """Each handler's name (``None``: none) to a number for the person it names (-1: nobody)."""

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[str, int] = {}

    def __missing__(self, value: str | None) -> int:
        name = _person(value) if value is not None else ""
        self[value] = code = self.people.setdefault(name, len(self.people)) if name else -1
        return code


def _same_person(first: Array, second: Array, wanted: Array) -> Array:
    """Rows in ``wanted`` where both handlers name the same person, as ``rules.stages`` says.

    Each distinct name is reduced once to the person it names (blank or none: nobody); the
    names of a batch are few, and each row looks its two up.
    """
    same = np.zeros(len(wanted), dtype=bool)
    rows = np.flatnonzero(wanted)
    if not len(rows):
        return same
    person = _People().__getitem__
    a = np.fromiter(map(person, first[rows].tolist()), np.int64, len(rows))
    b = np.fromiter(map(person, second[rows].tolist()), np.int64, len(rows))
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
        ev, "months", lambda e: e.time_limit_months if e.time_limit is not None else None, -1
    )
    # The time limit runs from the later of the two days given; worked out where it applies.
    timed = refused & (months >= 0) & (cols.refusal_ground == _OUT_OF_TIME)
    rows = np.flatnonzero(timed)
    issue, aware = cols.issue[rows], cols.aware[rows]
    start = np.full(cols.n, NA, dtype=np.int64)
    start[rows] = np.where(
        issue == NA, aware, np.where(aware == NA, issue, np.maximum(issue, aware))
    )
    applies = timed & (start != NA)
    window = np.full(cols.n, NA, dtype=np.int64)
    rows = np.flatnonzero(applies)
    window[rows] = add_months(start[rows], months[rows])
    received = cols.stages[0].received

    def words_time_limit(i: Any) -> Words:
        return Words(
            sentences.REFUSED_IN_TIME, refused=Pick(cols.refusal_stage[i] != 1, sentences.REFUSED),
            decided=Day(cols.refusal_decided[i]), received=Day(received[i]),
            months=Count(months[i]), start=Day(start[i]), window=Day(window[i]),
        )  # fmt: skip

    def make_time_limit(i: int, message: str) -> Finding:
        edition = editions[int(ed[i])]
        assert edition.time_limit is not None
        return _finding(
            ev, i, "exclusion.time-limit", edition.time_limit, int(cols.refusal_stage[i]),
            message, due=window[i], actual=received[i],
        )  # fmt: skip

    ev.slots.append(
        Slot("exclusion.time-limit", applies & (received <= window),
             _per_edition(ev, "time_limit", lambda e: _is_breach(e.time_limit), False),
             make_time_limit, words=words_time_limit)
    )  # fmt: skip
    first = cols.refusal_stage == 1
    accept = _per_edition(ev, "accept", lambda e: _is_breach(e.refusal_to_accept), False)
    escalate = _per_edition(ev, "escalate", lambda e: _is_breach(e.refusal_to_escalate), False)
    can_escalate = _per_edition(
        ev, "can_escalate", lambda e: e.refusal_to_escalate is not None, False
    )
    missing = ~cols.refusal_reasons | ~cols.refusal_rights
    fires = refused & (first | can_escalate) & missing

    def words_explanation(i: Any) -> Words:
        gaps = Joined(
            sentences.REFUSAL_GAPS,
            [(~cols.refusal_reasons[i], sentences.NO_REASONS),
             (~cols.refusal_rights[i], sentences.NO_RIGHTS)],
        )  # fmt: skip
        return Words(
            sentences.REFUSAL_UNEXPLAINED,
            what=Pick(cols.refusal_stage[i] != 1, sentences.REFUSAL_TO),
            decided=Day(cols.refusal_decided[i]), gaps=gaps,
        )  # fmt: skip

    def make_explanation(i: int, message: str) -> Finding:
        edition = editions[int(ed[i])]
        stage = int(cols.refusal_stage[i])
        provision = edition.refusal_to_accept if stage == 1 else edition.refusal_to_escalate
        assert provision is not None
        return _finding(ev, i, "refusal.explanation", provision, stage, message)

    ev.slots.append(
        Slot("refusal.explanation", fires, np.where(first, accept, escalate), make_explanation,
             words=words_explanation)
    )  # fmt: skip


def _letter_and_remedy_slots(
    ev: Evaluation, days: DayIndex, seen: Callable[[Array], Array], limit: Any
) -> Array:
    """``response.content`` per stage, then ``remedy.target-date``/``remedy.completion``."""
    editions, ed, cols = ev.editions, ev.ed, ev.cols
    for st, sc in zip(ev.stages, cols.stages, strict=True):
        number = st.number
        required = _per_edition(
            ev, ("items", number), functools.partial(_required_items, number=number), -1
        )
        items = sc.items
        # The letters sent, then those of them that left a required item out.
        rows = np.flatnonzero(st.seen & (st.responded != NA) & ~st.refused)
        wanted, given = required[rows], items[rows].astype(np.int64)
        fires = np.zeros(cols.n, dtype=bool)
        fires[rows] = (given >= 0) & (wanted >= 0) & ((wanted & ~given) != 0)

        def words_letter(
            i: Any, st: StageEvaluation = st, required: Array = required, items: Array = items
        ) -> Words:
            missing = required[i] & ~items[i].astype(np.int64)
            gaps = Joined(
                sentences.LETTER_ITEMS,
                [((missing >> bit) & 1 == 1, item.label) for bit, item in enumerate(ITEMS)],
            )
            return Words(
                sentences.LETTER_INCOMPLETE, n=st.number, responded=Day(st.responded[i]),
                missing=gaps,
            )  # fmt: skip

        def make_letter(i: int, message: str, st: StageEvaluation = st) -> Finding:
            provision = _rules_of(ev, i, st.number).letter_provision
            assert provision is not None
            return _finding(ev, i, "response.content", provision, st.number, message)

        ev.slots.append(
            Slot("response.content", fires,
                 _per_edition(ev, ("letter", number),
                              functools.partial(_letter_breach, number=number), False),
                 make_letter, number, words=words_letter)
        )  # fmt: skip
    bad = np.zeros(cols.n, dtype=bool)
    target_breach = _per_edition(ev, "target", lambda e: _is_breach(e.remedy_target), False)
    completion_breach = _per_edition(
        ev, "completion", lambda e: _is_breach(e.remedy_completion), False
    )
    for k in range(cols.remedy_slots):
        # Worked out on the rows with this remedy (``rows``), then put back over the batch.
        rows = np.flatnonzero(ev.ok & seen_by(cols.remedy_offered[:, k], limit))
        offered = cols.remedy_offered[rows, k]
        due = cols.remedy_due[rows, k]
        done = seen(cols.remedy_completed[rows, k])
        no_target = (due == NA) & (done != offered)
        done_late = (due != NA) & (done != NA) & (done > due)
        still_open = (due != NA) & (done == NA)
        still_open &= (limit > due) if limit is not None else False
        when = np.where(done_late, done, limit or 0)
        days_late, err = days.days_late(due, when, done_late | still_open)
        bad[rows] |= err
        # A target on a non-working day is met by the next working day: 0 is in time.
        done_late &= days_late > 0
        still_open &= days_late > 0
        late = np.zeros(cols.n, dtype=np.int64)
        late[rows] = days_late
        completed = np.full(cols.n, NA, dtype=np.int64)
        completed[rows] = done

        def name(i: Any, k: int = k) -> Words:
            return Words(sentences.REMEDY, number=k + 1, kind=Pick(cols.remedy_kind[i, k], _KINDS))

        def words_target(i: Any, k: int = k, name: Callable[[Any], Words] = name) -> Words:
            return Words(
                sentences.NO_TARGET_DATE, remedy=name(i), offered=Day(cols.remedy_offered[i, k])
            )

        def make_target(i: int, message: str) -> Finding:
            return _finding(
                ev, i, "remedy.target-date", editions[int(ed[i])].remedy_target, None,
                message,
            )  # fmt: skip

        def words_completion(
            i: Any,
            k: int = k,
            late: Array = late,
            completed: Array = completed,
            name: Callable[[Any], Words] = name,
        ) -> Choice:
            common = {
                "remedy": name(i), "late": Count(late[i]), "unit": Unit(late[i]),
                "due": Day(cols.remedy_due[i, k]),
            }  # fmt: skip
            return Choice(
                completed[i] == NA,
                [
                    Words(sentences.COMPLETED_LATE, completed=Day(completed[i]), **common),
                    Words(sentences.NOT_COMPLETED, as_of=str(ev.as_of), **common),
                ],
            )

        def make_completion(
            i: int,
            message: str,
            k: int = k,
            late: Array = late,
            completed: Array = completed,
        ) -> Finding:
            return _finding(
                ev, i, "remedy.completion", editions[int(ed[i])].remedy_completion, None,
                message, due=cols.remedy_due[i, k], actual=completed[i], late=late[i],
            )  # fmt: skip

        ev.slots.append(
            Slot(
                "remedy.target-date",
                _put(cols.n, rows, no_target),
                target_breach,
                make_target,
                words=words_target,
            )
        )
        ev.slots.append(
            Slot(
                "remedy.completion",
                _put(cols.n, rows, done_late | still_open),
                completion_breach,
                make_completion,
                words=words_completion,
            )
        )
    return bad


def _put(n: int, rows: Array, mask: Array) -> Array:
    """A mask of ``rows`` over ``n`` rows (false in the others)."""
    out = np.zeros(n, dtype=bool)
    out[rows] = mask
    return out


def _required_items(edition: CodeEdition, number: int) -> int | None:
    rules = _stage_rules(edition, number)
    if rules is None or rules.letter_items is None or rules.letter_provision is None:
        return None
    return sum(1 << bit for bit, item in enumerate(ITEMS) if item in rules.letter_items)


def _letter_breach(edition: CodeEdition, number: int) -> bool:
    rules = _stage_rules(edition, number)
    return rules is not None and _is_breach(rules.letter_provision)
