"""The columnar form of many complaints: one numpy array per fact.

:class:`Columns` holds what :class:`~complaintcode.Complaint` holds, for many complaints
at once: days as ordinals (``NA`` when missing), flags as booleans, enumerations as small
integer codes (``-1`` when missing) and response items as bit masks. Stage ``s`` is
``stages[s - 1]``; a stage's extensions and the complaint's remedies have as many slots
as the busiest row needs. Free text (references, handlers, reasons, descriptions) stays
in object arrays: the rules only compare handlers, and the rest is read back only when a
row's findings or its :class:`~complaintcode.Complaint` are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from complaintcode.calendar import LONDON, WorkingDayCalendar
from complaintcode.columnar._days import NA, Array
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

__all__ = ["ITEMS", "Columns", "StageColumns", "event_day"]

ITEMS: tuple[ResponseItem, ...] = tuple(ResponseItem)
"""Response items in bit order: item ``ITEMS[i]`` is bit ``1 << i``."""
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
GROUNDS: tuple[ExclusionGround, ...] = tuple(ExclusionGround)
KINDS: tuple[RemedyKind, ...] = tuple(RemedyKind)
_ITEM_BIT = {item: 1 << i for i, item in enumerate(ITEMS)}


def event_day(received: date | datetime, cutoff: time | None) -> int:
    """The ordinal of the day a receipt counts from, before rolling to a working day."""
    if isinstance(received, datetime):
        local = received.astimezone(LONDON) if received.tzinfo is not None else received
        if cutoff is not None and local.time() >= cutoff:
            return (local.date() + timedelta(days=1)).toordinal()
        return local.date().toordinal()
    return received.toordinal()


def _days(n: int, slots: int | None = None) -> Array:
    return np.full(n if slots is None else (n, slots), NA, dtype=np.int64)


class StageColumns:
    """One stage's columns; ``received`` is ``NA`` in rows without this stage."""

    def __init__(self, n: int, extensions: int) -> None:
        self.received = _days(n)
        self.event = _days(n)
        self.acknowledged = _days(n)
        self.responded = _days(n)
        self.handler: Array = np.full(n, None, dtype=object)
        self.outcome = np.full(n, -1, dtype=np.int8)
        self.items = np.full(n, -1, dtype=np.int16)
        self.ext_notified = _days(n, extensions)
        self.ext_days = np.zeros((n, extensions), dtype=np.int64)
        self.ext_reason: Array = np.full((n, extensions), "", dtype=object)
        self.ext_reason_blank = np.zeros((n, extensions), dtype=bool)
        self.ext_good = np.zeros((n, extensions), dtype=bool)
        self.ext_details = np.zeros((n, extensions), dtype=bool)
        # The receipt as given (a date or a datetime), for reading a row back; or, where
        # that is None, the seconds into the London day of a naive datetime (-1: a date).
        self.received_value: Array = np.full(n, None, dtype=object)
        self.received_seconds = np.full(n, -1, dtype=np.int64)

    @property
    def extension_slots(self) -> int:
        """How many extensions a row of this stage can hold."""
        return int(self.ext_notified.shape[1])


class Columns:
    """Many complaints as columns (see the module docstring).

    Build one with :meth:`from_complaints`, or with
    :func:`complaintcode.columnar.columns_from_arrow` from a table.
    """

    def __init__(self, n: int, stages: Sequence[int], remedies: int) -> None:
        self.n = n
        self.reference: Array = np.full(n, "", dtype=object)
        # The references as Arrow text, where the reader kept them as they were read.
        self.reference_text: Any = None
        self.row = np.full(n, -1, dtype=np.int64)  # the row number in the file; -1: none
        self.stages = [StageColumns(n, k) for k in stages]
        self.issue = _days(n)
        self.aware = _days(n)
        self.refusal_decided = _days(n)
        self.refusal_ground = np.full(n, -1, dtype=np.int8)
        self.refusal_stage = np.zeros(n, dtype=np.int64)
        self.refusal_reasons = np.zeros(n, dtype=bool)
        self.refusal_rights = np.zeros(n, dtype=bool)
        self.remedy_kind = np.full((n, remedies), -1, dtype=np.int8)
        self.remedy_description: Array = np.full((n, remedies), "", dtype=object)
        self.remedy_offered = _days(n, remedies)
        self.remedy_due = _days(n, remedies)
        self.remedy_completed = _days(n, remedies)
        self.remedy_amount: Array = np.full((n, remedies), None, dtype=object)
        self.tenure: Array = np.full(n, None, dtype=object)
        self.category: Array = np.full(n, None, dtype=object)
        self.attributes: Array = np.full(n, None, dtype=object)
        # Free attributes by name, where rows were read column by column (None: blank).
        self.attribute_columns: dict[str, Array] = {}
        # Tenure and category also as codes into their distinct words, where the reader
        # kept them (-1: a row whose word is only above); only this object holds them.
        self.word_codes: dict[str, tuple[Array, list[str | None]]] = {}
        # Rows that could not be read, with the reason (None: the row is usable).
        self.error: Array = np.full(n, None, dtype=object)
        # The export's data rows these came from, when the reader counted them (a
        # complaint's stage rows make one row here); None: one data row each.
        self.lines: int | None = None

    def clear(self, i: int) -> None:
        """Empty row ``i`` but for its row number and reference (before a complaint goes in)."""
        template = getattr(self, "_template", None)
        if template is None:
            template = Columns(1, [sc.extension_slots for sc in self.stages], self.remedy_slots)
            self._template = template
        for target, source in ((self, template), *zip(self.stages, template.stages, strict=True)):
            for name, value in vars(source).items():
                if isinstance(value, np.ndarray) and name not in ("row", "reference"):
                    getattr(target, name)[i] = value[0]
        for values in self.attribute_columns.values():
            values[i] = None
        for codes, _ in self.word_codes.values():
            codes[i] = -1

    def take(self, rows: Array) -> Columns:
        """A new :class:`Columns` holding only ``rows``, in that order."""
        out = Columns(0, [sc.extension_slots for sc in self.stages], self.remedy_slots)
        out.n = len(rows)
        for target, source in ((out, self), *zip(out.stages, self.stages, strict=True)):
            for name, value in vars(source).items():
                if isinstance(value, np.ndarray):
                    setattr(target, name, value[rows])
        out.attribute_columns = {k: v[rows] for k, v in self.attribute_columns.items()}
        out.word_codes = {k: (codes[rows], w) for k, (codes, w) in self.word_codes.items()}
        if self.reference_text is not None:
            out.reference_text = self.reference_text.take(rows)
        return out

    @property
    def remedy_slots(self) -> int:
        """How many remedies a row can hold."""
        return int(self.remedy_kind.shape[1])

    @classmethod
    def from_complaints(
        cls, complaints: Iterable[Complaint], calendar: WorkingDayCalendar | None = None
    ) -> Columns:
        """Columns holding these complaints, in order.

        ``calendar`` gives the cut-off applied to datetimes of receipt (default: none).

        >>> from datetime import date
        >>> from complaintcode import Complaint, Stage
        >>> cols = Columns.from_complaints([Complaint("A", [Stage(1, date(2024, 5, 3))])])
        >>> cols.n, len(cols.stages)
        (1, 2)
        """
        return cls.from_items([(None, c) for c in complaints], calendar)

    @classmethod
    def from_items(
        cls,
        items: Sequence[tuple[int | None, Complaint | Any]],
        calendar: WorkingDayCalendar | None = None,
    ) -> Columns:
        """Columns from (row number, complaint or reader error) pairs, in order.

        A :class:`~complaintcode.records.RecordError` (anything that is not a complaint)
        becomes a failed row carrying its reference and its text as the error.
        """
        complaints = [c for _, c in items if isinstance(c, Complaint)]
        cutoff = calendar.cutoff if calendar is not None else None
        depth = max([2, *(len(c.stages) for c in complaints)])
        slots = [
            max([0, *(len(c.stages[s].extensions) for c in complaints if len(c.stages) > s)])
            for s in range(depth)
        ]
        remedies = max([0, *(len(c.remedies) for c in complaints)])
        cols = cls(len(items), slots, remedies)
        for i, (row, item) in enumerate(items):
            cols.row[i] = -1 if row is None else row
            if isinstance(item, Complaint):
                cols._put(i, item, cutoff)
            else:
                cols.reference[i] = getattr(item, "reference", None) or ""
                cols.error[i] = item
        return cols

    def _put(self, i: int, c: Complaint, cutoff: time | None) -> None:
        self.reference[i] = c.reference
        for s, stage in enumerate(c.stages):
            sc = self.stages[s]
            sc.received[i] = stage.received_date.toordinal()
            sc.event[i] = event_day(stage.received, cutoff)
            sc.received_value[i] = stage.received
            if stage.acknowledged is not None:
                sc.acknowledged[i] = stage.acknowledged.toordinal()
            if stage.responded is not None:
                sc.responded[i] = stage.responded.toordinal()
            sc.handler[i] = stage.handler
            if stage.outcome is not None:
                sc.outcome[i] = OUTCOMES.index(stage.outcome)
            if stage.response_items is not None:
                sc.items[i] = sum(_ITEM_BIT[item] for item in stage.response_items)
            for k, e in enumerate(stage.extensions):
                sc.ext_notified[i, k] = e.notified.toordinal()
                sc.ext_days[i, k] = e.working_days
                sc.ext_reason[i, k] = e.reason
                sc.ext_reason_blank[i, k] = not e.reason.strip()
                sc.ext_good[i, k] = e.good_reason
                sc.ext_details[i, k] = e.ombudsman_details_given
        if c.issue_date is not None:
            self.issue[i] = c.issue_date.toordinal()
        if c.aware_date is not None:
            self.aware[i] = c.aware_date.toordinal()
        if c.refusal is not None:
            r = c.refusal
            self.refusal_decided[i] = r.decided.toordinal()
            self.refusal_ground[i] = GROUNDS.index(r.ground)
            self.refusal_stage[i] = r.stage
            self.refusal_reasons[i] = r.reasons_given
            self.refusal_rights[i] = r.ombudsman_rights_given
        for k, m in enumerate(c.remedies):
            self.remedy_kind[i, k] = KINDS.index(m.kind)
            self.remedy_description[i, k] = m.description
            self.remedy_offered[i, k] = m.offered.toordinal()
            if m.due is not None:
                self.remedy_due[i, k] = m.due.toordinal()
            if m.completed is not None:
                self.remedy_completed[i, k] = m.completed.toordinal()
            self.remedy_amount[i, k] = m.amount
        self.tenure[i] = c.tenure
        self.category[i] = c.category
        self.attributes[i] = c.attributes

    def complaint(self, i: int) -> Complaint:
        """Row ``i`` read back as a :class:`~complaintcode.Complaint`.

        >>> from datetime import date
        >>> from complaintcode import Complaint, Stage
        >>> c = Complaint("A", [Stage(1, date(2024, 5, 3), responded=date(2024, 5, 9))])
        >>> Columns.from_complaints([c]).complaint(0) == c
        True
        """
        stages = []
        for number, sc in enumerate(self.stages, start=1):
            if sc.received[i] == NA:
                break
            received = sc.received_value[i]
            if received is None:
                received = _day(sc.received[i])
                seconds = int(sc.received_seconds[i])
                if seconds >= 0:
                    received = datetime.combine(
                        received, time(seconds // 3600, seconds // 60 % 60, seconds % 60)
                    )
            items = int(sc.items[i])
            extensions = [
                Extension(
                    _day(sc.ext_notified[i, k]),
                    int(sc.ext_days[i, k]),
                    str(sc.ext_reason[i, k]),
                    good_reason=bool(sc.ext_good[i, k]),
                    ombudsman_details_given=bool(sc.ext_details[i, k]),
                )
                for k in range(sc.extension_slots)
                if sc.ext_notified[i, k] != NA
            ]
            outcome = int(sc.outcome[i])
            stages.append(
                Stage(
                    number,
                    received,
                    acknowledged=_optional_day(sc.acknowledged[i]),
                    responded=_optional_day(sc.responded[i]),
                    handler=sc.handler[i],
                    extensions=extensions,
                    outcome=OUTCOMES[outcome] if outcome >= 0 else None,
                    response_items=None
                    if items < 0
                    else frozenset(item for item in ITEMS if items & _ITEM_BIT[item]),
                )
            )
        refusal = None
        if self.refusal_decided[i] != NA:
            refusal = Refusal(
                _day(self.refusal_decided[i]),
                GROUNDS[int(self.refusal_ground[i])],
                stage=int(self.refusal_stage[i]),
                reasons_given=bool(self.refusal_reasons[i]),
                ombudsman_rights_given=bool(self.refusal_rights[i]),
            )
        remedies = [
            Remedy(
                KINDS[int(self.remedy_kind[i, k])],
                str(self.remedy_description[i, k]),
                offered=_day(self.remedy_offered[i, k]),
                due=_optional_day(self.remedy_due[i, k]),
                completed=_optional_day(self.remedy_completed[i, k]),
                amount=_money(self.remedy_amount[i, k]),
            )
            for k in range(self.remedy_slots)
            if self.remedy_offered[i, k] != NA
        ]
        return Complaint(
            str(self.reference[i]),
            stages,
            issue_date=_optional_day(self.issue[i]),
            aware_date=_optional_day(self.aware[i]),
            remedies=remedies,
            refusal=refusal,
            category=self.category[i],
            tenure=self.tenure[i],
            attributes=self.attributes[i] or self._attributes(i),
        )

    def _attributes(self, i: int) -> tuple[tuple[str, str], ...]:
        return tuple(
            (name, values[i]) for name, values in self.attribute_columns.items() if values[i]
        )


def _day(ordinal: Any) -> date:
    return date.fromordinal(int(ordinal))


def _optional_day(ordinal: Any) -> date | None:
    return None if ordinal == NA else date.fromordinal(int(ordinal))


def _money(value: Any) -> Decimal | None:
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))
