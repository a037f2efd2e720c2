"""Assembling a complaint from several rows: one row per stage, and separate files.

Role: joining rows. An export with one row per stage (recognised by its ``stage``
column) holds a complaint's rows anywhere in the file; extensions and remedies may come
as files of their own, joined by reference (and stage). Each complaint is put together
as one wide row in canonical column order (the layout
:class:`~complaintcode.records.rows.RowParser` reads), with the original row number of
every cell kept, so that an error names the row it came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

import attrs

from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    DATES,
    EXT_FIELDS,
    GROUPING,
    REFUSAL,
    REMEDY,
    REMEDY_COLUMNS,
    S1_EXTS,
    STAGE1,
    STAGE_COLUMN,
    ext_columns,
)
from complaintcode.records.errors import RecordError, shown
from complaintcode.records.rows import STAGES
from complaintcode.records.vocabularies import words

POSITION: Final = {name: i for i, name in enumerate(CANONICAL_COLUMNS)}
"""Each canonical column's position in an assembled row."""

STAGE_ROW_COLUMNS: Final[tuple[str, ...]] = (
    *STAGE1,
    STAGE_COLUMN,
    *ext_columns(S1_EXTS),
    *DATES,
    *REFUSAL,
    *REMEDY,
    *GROUPING,
)
"""The canonical columns of a one-row-per-stage export: a stage's own columns under the
stage 1 names (``received``, ``s1_ext1_days``…) and the complaint's columns."""

_COMPLAINT_LEVEL: Final = (*DATES, *REFUSAL, *REMEDY, *GROUPING)


def wide_name(name: str, stage: int) -> str | None:
    """The canonical column a stage row's column stands for at this stage (None: none)."""
    if stage == 1 or name in _COMPLAINT_LEVEL:
        return name
    columns = STAGES[stage - 1]
    if name.startswith("s1_ext"):
        prefix = name.split("_", 2)[1]  # ext1, ext2
        chosen = f"s{stage}_{prefix}"
        return name.replace(f"s1_{prefix}", chosen) if chosen in columns.extensions else None
    full = columns.prefix + name
    return full if full in POSITION else None


@attrs.define
class Assembly:
    """One complaint being put together: cells in canonical order and their rows."""

    first_row: int
    cells: list[str]
    rows: list[int]
    stages: dict[int, int] = attrs.field(factory=dict)  # stage → its row
    extensions: dict[int, int] = attrs.field(factory=dict)  # stage → extensions placed
    remedies: list[tuple[int, list[str]]] = attrs.field(factory=list)

    @classmethod
    def new(cls, first_row: int, width: int) -> Assembly:
        """An empty assembly with ``width`` blank cells."""
        return cls(first_row, [""] * width, [first_row] * width)

    def put(self, position: int, value: str, row: int) -> None:
        """Fill a blank cell (a cell already filled keeps its first value)."""
        if value.strip() and not self.cells[position].strip():
            self.cells[position] = value
            self.rows[position] = row


def stage_number(label: str, stages: Mapping[str, int]) -> int | None:
    """The stage a label names, from the vocabulary (``Stage 2``, ``Escalation``…)."""
    return stages.get(words(label))


@attrs.frozen
class SideRow:
    """One row of an extensions or remedies file."""

    file: str
    number: int
    reference: str
    stage: int
    cells: tuple[str, ...]  # in the order of EXT_FIELDS or REMEDY_COLUMNS[2:]


def place_extension(assembly: Assembly, side: SideRow) -> str | None:
    """Put an extension in its stage's next free extension columns, or say why not."""
    groups = STAGES[side.stage - 1].extensions if 1 <= side.stage <= len(STAGES) else ()
    used = assembly.extensions.get(side.stage, 0)
    if used >= len(groups):
        return (
            f"stage {side.stage} of {side.reference} has more extensions than complaintcode "
            f"holds ({len(groups)} a stage): this one is not joined"
            if groups
            else f"stage {side.stage} takes no extensions"
        )
    assembly.extensions[side.stage] = used + 1
    prefix = groups[used]
    for field, value in zip(EXT_FIELDS, side.cells, strict=True):
        assembly.put(POSITION[f"{prefix}_{field}"], value, side.number)
    return None


def place_remedy(assembly: Assembly, side: SideRow) -> str | None:
    """Put a remedy in the remedy columns, or say why not (the reader holds one)."""
    position = POSITION["remedy_kind"]
    if any(assembly.cells[position + i].strip() for i in range(len(REMEDY))):
        return (
            f"{side.reference} has more than one remedy; complaintcode holds one a complaint: "
            "this one is not joined"
        )
    for i, value in enumerate(side.cells):
        assembly.put(position + i, value, side.number)
    return None


def side_error(side: SideRow, message: str) -> RecordError:
    """A problem of a side-file row, as a row error naming the file."""
    return RecordError(side.number, side.reference or None, None, None, f"{side.file}: {message}")


def read_side_rows(
    name: str,
    rows: Iterator[tuple[int, list[str] | str]],
    header: Sequence[str],
    wanted: Sequence[str],
    theirs: Mapping[str, str],
    stages: Mapping[str, int] | None,
) -> tuple[list[SideRow], list[RecordError]]:
    """The rows of a side file, and the errors of the rows that cannot be joined."""
    positions = {cell.strip().casefold(): i for i, cell in enumerate(header)}
    index = {w: positions.get(theirs.get(w, w).casefold()) for w in wanted}
    found: list[SideRow] = []
    errors: list[RecordError] = []
    for number, cells in rows:
        if isinstance(cells, str):
            errors.append(RecordError(number, None, None, None, f"{name}: {cells}"))
            continue
        if not "".join(cells).strip():
            continue
        values = [cells[i] if i is not None and i < len(cells) else "" for i in index.values()]
        reference = values[0].strip()
        stage = 0
        if stages is not None:
            stage_text = values[1].strip()
            number_of = stage_number(stage_text, stages) if stage_text else 1
            if number_of is None:
                errors.append(
                    RecordError(
                        number,
                        reference or None,
                        STAGE_COLUMN,
                        stage_text[:200],
                        f"{name}: {shown(stage_text)} is not a stage (map it in [stages])",
                    )
                )
                continue
            stage = number_of
        if not reference:
            errors.append(RecordError(number, None, "reference", "", f"{name}: missing reference"))
            continue
        rest = values[2:] if stages is not None else values[1:]
        found.append(SideRow(name, number, reference, stage, tuple(rest)))
    return found, errors


REMEDY_FIELDS: Final = REMEDY_COLUMNS[1:]  # kind … amount, as in REMEDY
