"""Turning one row of a wide export (one row per complaint) into a :class:`Complaint`.

Role: the row parser. A row arrives already checked for shape (its cell count and
reference) and with one blank cell appended, which stands for every column the file
lacks. :class:`RowParser` reads the stages with one routine parametrised by
:class:`StageColumns`, then the refusal, the remedy and the free columns, and raises
:class:`~complaintcode.records.errors.Bad` for the first cell it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Final

import attrs

from complaintcode._kinds import ExclusionGround, RemedyKind
from complaintcode.model import Complaint, Extension, Refusal, Remedy, Stage
from complaintcode.records.cells import Cells
from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    CANONICAL_SET,
    DATES,
    EXT_FIELDS,
    GROUPING,
    REFUSAL,
    REMEDY,
    S1_EXTS,
    S2_EXTS,
    ext_columns,
)
from complaintcode.records.errors import Bad
from complaintcode.records.vocabularies import (
    EMPTY_VALUES,
    GROUND_WORDS,
    KIND_WORDS,
    OUTCOME_WORDS,
    Vocabularies,
    choices,
)

Getter = Callable[[list[str]], tuple[str, ...]]

_STAGE_FIELDS: Final = ("received", "acknowledged", "responded", "handler", "outcome", "items")


_MODEL_FIELD: Final = re.compile(r"stages\[(\d+)\](?:\.extensions\[(\d+)\])?\.(\w+)")


def getter(indexes: Sequence[int]) -> Getter:
    """A function giving the cells at these positions of a row, as a tuple."""
    get = itemgetter(*indexes)
    if len(indexes) == 1:
        return lambda row: (get(row),)
    return get


@attrs.frozen
class StageColumns:
    """The canonical columns of one stage in the wide layout.

    ``prefix`` is put before each stage field (``escalation_received``); a field with no
    canonical column (stage 3 has no ``acknowledged``) reads as blank. ``extensions`` are
    the prefixes of the stage's extension columns and ``need`` says what a stage that is
    recorded without its received date lacks. ``extensions_first`` reads the extension
    cells before the other stage cells (as 0.1.0 did for stage 1): the order decides which
    problem of a row is named first.
    """

    number: int
    prefix: str
    extensions: tuple[str, ...]
    need: str
    extensions_first: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The stage's canonical column for each of the six stage fields ('' for none)."""
        return tuple(
            self.prefix + f if self.prefix + f in CANONICAL_SET else "" for f in _STAGE_FIELDS
        )


STAGES: Final = (
    StageColumns(
        1, "", S1_EXTS, "every complaint needs the date stage 1 was received", extensions_first=True
    ),
    StageColumns(
        2, "escalation_", S2_EXTS, "a stage 2 needs the date the escalation request was received"
    ),
    StageColumns(3, "stage3_", (), "a stage 3 needs the date it was received"),
)
"""The three stages of the wide layout, in order."""


@attrs.frozen
class _StagePlan:
    """One stage's getters for a particular file."""

    columns: StageColumns
    names: tuple[str, ...]
    cells: Getter  # the six stage fields
    everything: Getter  # the stage fields and every extension cell, to skip a blank stage fast
    extensions: tuple[tuple[str, Getter], ...]  # the extension groups the file has
    extension_cells: Getter | None  # every extension cell, None when the file has none
    optional: bool = attrs.field(init=False)
    number: int = attrs.field(init=False)
    first: bool = attrs.field(init=False)  # the extensions are read before the stage

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "number", self.columns.number)
        object.__setattr__(self, "optional", self.columns.number > 1)
        object.__setattr__(self, "first", self.columns.extensions_first)


_EXTS: Final = ext_columns(S1_EXTS + S2_EXTS)
_KINDS: Final = {  # how each column's cells are read, for RowParser.diagnose, in column order
    name: kind
    for name in CANONICAL_COLUMNS
    for kind, names in (
        ("event", ("received", "escalation_received", "stage3_received")),
        ("day", ("acknowledged", "responded", "escalation_acknowledged", "escalation_responded")),
        ("day", ("stage3_responded", "refusal_decided", "remedy_offered", "remedy_due")),
        ("day", ("remedy_completed", *DATES, *(n for n in _EXTS if n.endswith("_notified")))),
        ("outcome", ("outcome", "escalation_outcome", "stage3_outcome")),
        ("items", ("items", "escalation_items")),
        ("yes_no", ("refusal_reasons_given", "refusal_ombudsman_rights_given")),
        ("yes_no", tuple(n for n in _EXTS if n.endswith(("_good_reason", "_details")))),
        ("whole", ("refusal_stage", *(n for n in _EXTS if n.endswith("_days")))),
        ("ground", ("refusal_ground",)),
        ("kind", ("remedy_kind",)),
        ("money", ("remedy_amount",)),
    )
    if name in names
}


class RowParser(Cells):
    """Turns one row (already checked for shape) into a Complaint, or raises Bad."""

    def __init__(
        self,
        index: Mapping[str, int],
        sentinel: int,
        dmy: bool,
        attribute_columns: Sequence[tuple[int, str]],
        labels: Mapping[str, str],
        empty: Iterable[str] = EMPTY_VALUES,
        vocabularies: Vocabularies | None = None,
    ) -> None:
        super().__init__(dmy, empty, vocabularies)
        self.outcomes = self.vocabularies.outcomes

        def get(names: Sequence[str]) -> Getter:
            return getter([index.get(n, sentinel) for n in names])

        def present(names: Sequence[str]) -> bool:
            return any(n in index for n in names)

        def plan(columns: StageColumns) -> _StagePlan | None:
            names = columns.names
            groups = tuple(
                (p, get(ext_columns((p,))))
                for p in columns.extensions
                if present(ext_columns((p,)))
            )
            if columns.number > 1 and not present(names) and not groups:
                return None
            return _StagePlan(
                columns,
                names,
                get(names),
                get([*names, *ext_columns(columns.extensions)]),
                groups,
                get(ext_columns(columns.extensions)) if groups else None,
            )

        self.labels = labels
        self.attribute_columns = tuple(attribute_columns)
        self.stages = tuple(p for p in map(plan, STAGES) if p is not None)
        self.extension_groups = {p.columns.number: p.extensions for p in self.stages}
        self.checks = tuple(
            (name, index[name], kind) for name, kind in _KINDS.items() if name in index
        )
        self.dates = get(DATES) if present(DATES) else None
        self.refusal = get(REFUSAL) if present(REFUSAL) else None
        self.remedy = get(REMEDY) if present(REMEDY) else None
        self.grouping = get(GROUPING) if present(GROUPING) else None

    def first_filled(self, names: Sequence[str], values: Sequence[str]) -> str | None:
        """The first name whose cell is not blank (a blank name stands for no column)."""
        for name, value in zip(names, values, strict=True):
            if value and name and not self.blank(value):
                return name
        return None

    def diagnose(self, row: list[str]) -> list[Bad]:
        """Every cell of the row that cannot be read on its own, in column order."""
        readers: dict[str, Callable[[str, str], object]] = {
            "event": self.event,
            "day": self.day,
            "items": self.items,
            "yes_no": self.boolean,
            "money": self.money,
            "whole": lambda text, field: (
                None
                if self.blank(text)
                else self.whole(
                    text, field, "working days" if field.endswith("_days") else "stages"
                )
            ),
            "outcome": lambda text, field: self.word(text, field, self.outcomes, OUTCOME_WORDS),
            "ground": lambda text, field: self.word(
                text, field, self.vocabularies.refusal_grounds, GROUND_WORDS
            ),
            "kind": lambda text, field: self.word(
                text, field, self.vocabularies.remedy_kinds, KIND_WORDS
            ),
        }
        found = []
        for name, position, kind in self.checks:
            try:
                readers[kind](row[position], name)
            except Bad as bad:
                found.append(bad)
        return found

    def missing(self, field: str, value: str, filled: str, need: str) -> Bad:
        """The error for a required cell left blank while others of its group are filled."""
        return Bad(field, value, f"missing, but {self.label(filled)} is filled; {need}")

    def label(self, canonical: str) -> str:
        """The file's own name for a canonical column."""
        return self.labels.get(canonical, canonical)

    # -- groups --------------------------------------------------------------

    def extensions(self, row: list[str], groups: Sequence[tuple[str, Getter]]) -> list[Extension]:
        """The extensions recorded in these groups of cells (blank groups skipped)."""
        result = []
        for prefix, get in groups:
            notified_t, days_t, reason_t, good_t, details_t = get(row)
            if not (notified_t or days_t or reason_t or good_t or details_t):
                continue
            names = [f"{prefix}_{f}" for f in EXT_FIELDS]
            filled = self.first_filled(names, (notified_t, days_t, reason_t, good_t, details_t))
            if filled is None:
                continue
            notified = self.day(notified_t, names[0])
            if notified is None:
                raise self.missing(
                    names[0],
                    notified_t,
                    filled,
                    "an extension needs the date the resident was told",
                )
            if self.blank(days_t):
                raise self.missing(names[1], days_t, filled, "an extension needs its working days")
            result.append(
                Extension(
                    notified,
                    self.whole(days_t, names[1], "working days"),
                    self.text(reason_t) or "",
                    good_reason=self.boolean(good_t, names[3]),
                    ombudsman_details_given=self.boolean(details_t, names[4]),
                )
            )
        return result

    def stage(self, plan: _StagePlan, row: list[str], stages: list[Stage]) -> None:
        """Append the stage this plan reads from the row, if the row records it.

        The caller skips an optional stage whose cells are all empty (:meth:`parse`).
        """
        number = plan.number
        values = plan.cells(row)
        received_t, ack_t, resp_t, handler_t, outcome_t, items_t = values
        names = plan.names
        received = self.event(received_t, names[0]) if received_t else None
        if received is None:
            if number == 1:
                raise Bad(names[0], received_t, f"missing; {plan.columns.need}")
            filled = self.first_filled(names, values)
            for prefix, get in plan.extensions:
                if filled is None:
                    filled = self.first_filled([f"{prefix}_{f}" for f in EXT_FIELDS], get(row))
            if filled is not None:
                raise self.missing(names[0], received_t, filled, plan.columns.need)
            return
        if len(stages) < number - 1:
            raise Bad(
                names[0],
                received_t,
                f"a stage {number} is recorded but there is no stage {number - 1} "
                f"({STAGES[number - 2].names[0]} is blank)",
            )
        cells = plan.extension_cells
        if plan.first:  # extension errors come before the stage's own (the reader's order)
            extensions = self.extensions(row, plan.extensions) if cells and any(cells(row)) else ()
        stage = Stage(
            number,
            received,
            acknowledged=self.day(ack_t, names[1]) if ack_t else None,
            responded=self.day(resp_t, names[2]) if resp_t else None,
            handler=self.text(handler_t) if handler_t else None,
            outcome=self.word(outcome_t, names[4], self.outcomes, OUTCOME_WORDS)
            if outcome_t
            else None,
            response_items=self.items(items_t, names[5]) if items_t else None,
            extensions=extensions
            if plan.first
            else (self.extensions(row, plan.extensions) if cells and any(cells(row)) else ()),
        )
        stages.append(stage)

    def parse(self, row: list[str], reference: str) -> Complaint:
        """The complaint in a row (with the sentinel blank cell appended)."""
        stages: list[Stage] = []
        for plan in self.stages:
            if plan.optional and not any(plan.everything(row)):
                continue
            self.stage(plan, row, stages)
        issue_date = aware_date = None
        if self.dates is not None:
            issue_t, aware_t = self.dates(row)
            issue_date = self.day(issue_t, "issue_date") if issue_t else None
            aware_date = self.day(aware_t, "aware_date") if aware_t else None
        refusal = self._refusal(row) if self.refusal is not None else None
        remedies = self._remedy(row) if self.remedy is not None else ()
        category = tenure = None
        if self.grouping is not None:
            category_t, tenure_t = self.grouping(row)
            category = self.text(category_t) if category_t else None
            tenure = self.text(tenure_t) if tenure_t else None
        attributes: list[tuple[str, str]] = []
        for i, name in self.attribute_columns:
            value = row[i]
            if value:
                value = value.strip()
                if value and value.casefold() not in self.empty:
                    attributes.append((name, value))
        return Complaint(
            reference,
            stages,
            issue_date=issue_date,
            aware_date=aware_date,
            remedies=remedies,
            refusal=refusal,
            category=category,
            tenure=tenure,
            attributes=attributes,
        )

    def _refusal(self, row: list[str]) -> Refusal | None:
        assert self.refusal is not None
        values = self.refusal(row)
        if not any(values):
            return None
        filled = self.first_filled(REFUSAL, values)
        if filled is None:
            return None
        decided_t, ground_t, stage_t, reasons_t, rights_t = values
        decided = self.day(decided_t, "refusal_decided")
        if decided is None:
            raise self.missing(
                "refusal_decided", decided_t, filled, "a refusal needs the date it was decided"
            )
        ground = self.word(
            ground_t, "refusal_ground", self.vocabularies.refusal_grounds, GROUND_WORDS
        )
        if ground is None:
            raise self.missing(
                "refusal_ground",
                ground_t,
                filled,
                f"a refusal needs its ground ({choices(ExclusionGround)})",
            )
        return Refusal(
            decided,
            ground,
            stage=self.whole(stage_t, "refusal_stage", "stages") if not self.blank(stage_t) else 1,
            reasons_given=self.boolean(reasons_t, "refusal_reasons_given"),
            ombudsman_rights_given=self.boolean(rights_t, "refusal_ombudsman_rights_given"),
        )

    def _remedy(self, row: list[str]) -> tuple[Remedy, ...]:
        assert self.remedy is not None
        values = self.remedy(row)
        if not any(values):
            return ()
        filled = self.first_filled(REMEDY, values)
        if filled is None:
            return ()
        kind_t, description_t, offered_t, due_t, completed_t, amount_t = values
        kind = self.word(kind_t, "remedy_kind", self.vocabularies.remedy_kinds, KIND_WORDS)
        if kind is None:
            raise self.missing(
                "remedy_kind", kind_t, filled, f"a remedy needs its kind ({choices(RemedyKind)})"
            )
        offered = self.day(offered_t, "remedy_offered")
        if offered is None:
            raise self.missing(
                "remedy_offered", offered_t, filled, "a remedy needs the date it was offered"
            )
        return (
            Remedy(
                kind,
                self.text(description_t) or "",
                offered=offered,
                due=self.day(due_t, "remedy_due"),
                completed=self.day(completed_t, "remedy_completed"),
                amount=self.money(amount_t, "remedy_amount"),
            ),
        )

    def model_field(self, field: str, row: list[str]) -> str:
        """The canonical column behind a model field path such as ``stages[1].responded``."""
        match = _MODEL_FIELD.fullmatch(field)
        if match is not None:
            stage, ext, name = int(match.group(1)), match.group(2), match.group(3)
            if stage >= len(STAGES):
                return field
            if ext is None:
                return STAGES[stage].prefix + name
            groups = self.extension_groups.get(stage + 1, ())
            used = [
                prefix
                for prefix, get in groups
                if self.first_filled([f"{prefix}_{f}" for f in EXT_FIELDS], get(row)) is not None
            ]
            if int(ext) < len(used):
                return f"{used[int(ext)]}_{'days' if name == 'working_days' else name}"
            return field
        if field.startswith("remedies[") and "." in field:
            return "remedy_" + field.rsplit(".", 1)[1]
        if field.startswith("refusal."):
            return "refusal_" + field.split(".", 1)[1]
        return field
