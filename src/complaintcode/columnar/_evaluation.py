"""What the columnar engine computes for a batch: per-stage columns and finding slots.

An :class:`Evaluation` keeps every intermediate column of :func:`~complaintcode.columnar.
_engine.evaluate` (deadlines, statuses, days late, which extension counted) and, for each
place a finding can arise, a :class:`Slot`: the rule, a mask of the rows where it fires,
whether it is a breach there, and how to word it. :func:`_per_edition` picks an edition's
limit, cap or provision for each row by the row's edition, from the same
:class:`~complaintcode.CodeEdition` objects the object engine reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from datetime import date
from typing import Any

import numpy as np

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.columnar._columns import GROUNDS, Columns
from complaintcode.columnar._days import Array
from complaintcode.editions import CodeEdition, Provision, StageRules
from complaintcode.model import ExclusionGround
from complaintcode.results import Finding, StageStatus

__all__ = ["STATUSES", "Evaluation", "Slot", "StageEvaluation"]

STATUSES: tuple[StageStatus, ...] = tuple(StageStatus)


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

    ``words(rows)`` is the message of the finding in each of ``rows`` (an array), as
    :class:`~complaintcode.columnar._words.Words`; ``make(i, message)`` is row ``i``'s
    finding with that message. ``stage`` is the stage of its findings where one rule has a
    slot per stage and the rule's name does not say which (``response.content``); else
    ``None``.
    """

    __slots__ = (
        "_said", "_texts", "breach", "counts", "fires", "make", "rule", "stage", "words",
    )  # fmt: skip

    def __init__(
        self,
        rule: str,
        fires: Array,
        breach: Array,
        make: Callable[[int, str], Finding],
        stage: int | None = None,
        *,
        words: Callable[[Any], Any],
    ) -> None:
        self.rule = rule
        self.fires = fires
        self.breach = breach
        self.make = make
        self.stage = stage
        self.words = words
        self._said: tuple[Array, Any] | None = None
        self._texts: list[str] | None = None
        # Rows where it fires and, of those, where it is a breach (set by Evaluation.count).
        self.counts = (0, 0)

    def said(self) -> tuple[Array, Any]:
        """The rows where the slot fires, ascending, and their messages (Arrow strings).

        Worded once, on whole columns, the first time they are asked for (``fires`` is
        final by then).
        """
        if self._said is None:
            from complaintcode.columnar._words import say_all

            rows = np.flatnonzero(self.fires)
            self._said = rows, say_all(self.words(rows), len(rows))
        return self._said

    def finding(self, i: int) -> Finding:
        """Row ``i``'s finding (the slot fires there)."""
        rows, words = self.said()
        if self._texts is None:
            self._texts = words.to_pylist()
        return self.make(i, self._texts[int(np.searchsorted(rows, i))])


def _per_edition(
    ev: Evaluation, key: Any, value: Callable[[CodeEdition], Any], fill: Any, ed: Array = None
) -> Array:
    """``value(edition)`` for each row's edition (``fill`` where it gives ``None``).

    For the rows whose editions are ``ed`` (by default, every row of the batch). Where
    every row of the batch gets the same value, a read-only view of that one value
    repeated (no copy per row). ``key`` names what ``value`` gives: its table is made once
    for the editions checked against, not batch by batch. Over every row, two tables that
    give the same values give one (read-only) column, picked once a batch: many rules
    differ between the editions in the same way.
    """
    codes = ev.codes
    found = ev.tables.get((key, codes))
    if found is None:
        array = np.asarray([fill if (v := value(e)) is None else v for e in ev.editions] + [fill])
        same = bool(codes) and all(array[code] == array[codes[0]] for code in codes[1:])
        found = ev.tables[key, codes] = (array[codes[0]] if same else None, array)
    one, array = found
    if ed is None or ed is ev.ed:
        if one is not None:
            return np.broadcast_to(one, ev.ed.shape)
        values = array.dtype.str, array.tobytes()
        picked = ev.picked.get(values)
        if picked is None:
            picked = ev.picked[values] = array.take(ev.ed)
            picked.flags.writeable = False
        return picked
    if one is not None:
        return np.broadcast_to(one, ed.shape)
    return array.take(ed)


# The per-edition tables of each set of editions checked against (see _per_edition), by
# the editions' identities.
_TABLES: dict[tuple[int, ...], tuple[tuple[CodeEdition, ...], dict[Any, Any]]] = {}


def _tables(editions: tuple[CodeEdition, ...]) -> dict[Any, Any]:
    key = tuple(map(id, editions))
    entry = _TABLES.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], editions, strict=True)):
        if len(_TABLES) >= 16:
            _TABLES.clear()
        entry = _TABLES[key] = (editions, {})
    return entry[1]


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
        self.tables = _tables(editions)
        # Per-edition columns over every row, by their table's values (see _per_edition).
        self.picked: dict[tuple[str, bytes], Array] = {}
        self.ed: Array = None
        # The codes in ``ed``, ascending (an edition, or the fill row of a failed row).
        self.codes: tuple[int, ...] = ()
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
        return tuple(slot.finding(i) for slot in self.firing if slot.fires[i])

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
        """Each row's findings and breaches, over the slots that fire in some row.

        Also each firing slot's ``counts``: the rows where it fires and where it is a breach.
        """
        n = self.cols.n
        self.firing = [slot for slot in self.slots if slot.fires.any()]
        # Counted in bytes while no row can have 256 findings (a third of the time).
        wide = len(self.firing) > 255
        findings = np.zeros(n, dtype=np.int64 if wide else np.uint8)
        breaches = np.zeros_like(findings)
        for slot in self.firing:
            fires = slot.fires.view(np.uint8)
            np.add(findings, fires, out=findings)
            breach = slot.breach
            if breach.strides == (0,):  # one answer for every row (see _per_edition)
                broken = fires if breach[0] else None
            else:
                broken = (slot.fires & breach).view(np.uint8)
            if broken is not None:
                np.add(breaches, broken, out=breaches)
            fired = int(np.count_nonzero(fires))
            if broken is None:
                slot.counts = fired, 0
            else:
                slot.counts = fired, fired if broken is fires else int(np.count_nonzero(broken))
        self.findings_count = findings.astype(np.int64)
        self.breaches = breaches.astype(np.int64)
