"""Where the canonical columns are in a particular file's header.

Role: matching a header row against a :class:`~complaintcode.records.ColumnMap`. It finds
each canonical column's position, the free columns kept as attributes, and raises
:class:`~complaintcode.records.InvalidRecords` for a header that cannot be used (a
repeated name, a missing required column, a mapped column the file lacks).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from typing import Final

import attrs

from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    DELIMITER_NAMES,
    DELIMITERS,
    REQUIRED_COLUMNS,
    delimiter_option,
    delimiter_toml,
)
from complaintcode.records.errors import InvalidRecords, shown

_DATA: Final = re.compile(r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}")
_EXTENSION: Final = re.compile(
    r"(s\d+_ext\d+)_(notified|days|reason|good_reason|ombudsman_details)", re.IGNORECASE
)


# Where a user whose export names its columns its own way starts.
_GUIDE: Final = (
    "; `complaintcode columns FILE` finds the header row and the columns and writes a column "
    "map to start from"
)


@attrs.frozen
class Layout:
    """The columns of one file.

    ``index`` gives each canonical column the file has its position; ``labels`` the
    file's own name for each canonical column it names differently; ``attributes`` the
    free columns kept (position, attribute name); ``width`` the number of header cells.
    """

    index: dict[str, int]
    labels: dict[str, str]
    attributes: tuple[tuple[int, str], ...]
    width: int


def locate(
    header: tuple[str, ...],
    cmap: ColumnMap,
    fail: Callable[[str], InvalidRecords],
    names: tuple[str, ...] = CANONICAL_COLUMNS,
    delimiter: str | None = None,
) -> Layout:
    """The layout of a file with this header, or the error ``fail`` makes of a problem.

    ``names`` are the canonical columns looked for (another list for a one-row-per-stage
    export). ``delimiter`` is the character the header was split at (``None`` for a
    workbook): a header lacking the required columns that another delimiter would split
    into them gets an error naming that delimiter.
    """
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        key = name.casefold()
        if key in positions:
            raise fail(
                f"column {name!r} appears more than once in the header (columns "
                f"{positions[key] + 1} and {i + 1}); give each column its own name"
            )
        positions[key] = i
    mapped = dict(cmap.columns)
    index: dict[str, int] = {}
    missing_mapped = []
    mapped = {c: t for c, t in mapped.items() if c in names}
    for canonical in names:
        theirs = mapped.get(canonical, canonical)
        position = positions.get(theirs.casefold())
        if position is not None:
            index[canonical] = position
        elif canonical in mapped:
            missing_mapped.append(f"{canonical} (expected as {theirs!r})")
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        expected = [
            f"{c!r} (the column map names it {mapped[c]!r})" if c in mapped else repr(c)
            for c in missing
        ]
        if any(_DATA.search(cell) for cell in header):
            raise fail(
                f"missing required column(s): {', '.join(expected)}; the first row holds data "
                "(a date), not column names: give the row that holds the column names "
                f"(header_row){_GUIDE}"
            )
        wanted = [mapped.get(c, c) for c in REQUIRED_COLUMNS]
        hint = delimiter_hint(header, wanted, delimiter)
        if not hint and not mapped:
            hint = (
                "; if the export names these columns differently, a column map says which "
                f"is which{_GUIDE}"
            )
        raise fail(
            f"missing required column(s): {', '.join(expected)}; the header has "
            f"{', '.join(shown(cell) for cell in header)}{hint}"
        )
    if missing_mapped:
        raise fail(
            "the column map names column(s) the file does not have: " + ", ".join(missing_mapped)
        )
    used = set(index.values())
    renamed = {theirs.casefold(): name for name, theirs in cmap.attributes}
    for name, theirs in cmap.attributes:
        if theirs.casefold() not in positions:
            raise fail(
                f"the column map's attribute {name!r} names column {theirs!r}, "
                "which the file does not have"
            )
    ignored = {n.casefold() for n in cmap.ignore}
    attribute_columns = tuple(
        (i, renamed.get(name.casefold(), name) if name else f"column_{i + 1}")
        for i, name in enumerate(header)
        if i not in used and name.casefold() not in ignored
    )
    _refuse_extensions_not_read(attribute_columns, set(renamed.values()), names, fail)
    counts = Counter(name for _, name in attribute_columns)
    clashes = sorted(n for n, k in counts.items() if k > 1)
    if clashes:
        raise fail(
            f"more than one column would be kept as attribute {clashes[0]!r}; "
            "rename one in the file or the column map"
        )
    labels = {c: header[i] for c, i in index.items() if header[i] != c}
    return Layout(index, labels, attribute_columns, len(header))


def delimiter_hint(header: tuple[str, ...], wanted: list[str], delimiter: str | None) -> str:
    r"""What to say of a header lacking the ``wanted`` columns when split at ``delimiter``.

    When the header, put back together, splits at another delimiter into cells that
    include every wanted column, the hint names that delimiter as the option and the
    column map's key spell it; when it is one cell that another delimiter would split, it
    names that delimiter as a possibility. Otherwise it is empty.

    >>> print(delimiter_hint(("reference;received;team",), ["reference", "received"], ","))
    ; the header splits into the expected columns at semicolons: the file is separated by semicolons, not commas; give --delimiter ';' (or delimiter = ";" in the column map)
    >>> print(delimiter_hint(("Case Ref,received",), ["reference", "received"], "|"))
    ; the header is one cell when split at pipes, but splits at commas: if the file is separated by commas, give --delimiter ',' (or delimiter = "," in the column map)
    >>> print(delimiter_hint(("reference received",), ["reference", "received"], "|"))
    ; the header is one cell: nothing in it is separated by pipes, the delimiter given
    >>> delimiter_hint(("Complaints export",), ["reference", "received"], ",")
    ''
    """  # noqa: E501
    if delimiter is None:
        return ""
    line = delimiter.join(header)
    wanted_keys = {name.casefold() for name in wanted}
    possible = None
    for other in DELIMITERS:
        if other == delimiter or other not in line:
            continue
        try:
            cells = next(csv.reader([line], delimiter=other), [])
        except csv.Error:  # a line end in a cell: not a header this delimiter splits
            continue
        keys = {cell.strip().lstrip("\ufeff").strip().casefold() for cell in cells}
        advice = (
            f"give --delimiter {delimiter_option(other)} "
            f"(or delimiter = {delimiter_toml(other)} in the column map)"
        )
        if wanted_keys <= keys:
            return (
                f"; the header splits into the expected columns at {DELIMITER_NAMES[other]}: "
                f"the file is separated by {DELIMITER_NAMES[other]}, not "
                f"{DELIMITER_NAMES[delimiter]}; {advice}"
            )
        if possible is None and len(header) == 1 and len(cells) > 1:
            possible = (
                f"; the header is one cell when split at {DELIMITER_NAMES[delimiter]}, but "
                f"splits at {DELIMITER_NAMES[other]}: if the file is separated by "
                f"{DELIMITER_NAMES[other]}, {advice}"
            )
    if possible is None and len(header) == 1 and delimiter != ",":
        possible = (
            f"; the header is one cell: nothing in it is separated by "
            f"{DELIMITER_NAMES[delimiter]}, the delimiter given"
        )
    return possible or ""


def _refuse_extensions_not_read(
    attributes: tuple[tuple[int, str], ...],
    chosen: set[str],
    names: tuple[str, ...],
    fail: Callable[[str], InvalidRecords],
) -> None:
    """A free column named like an extension the reader does not hold is an error.

    Kept as an attribute, a third extension (``s1_ext3_days``) or one of stage 3 would
    be silently left out of the deadlines; a column the map keeps as an attribute by name
    is the user's choice.
    """
    held = sorted({m.group(1) for n in names if (m := _EXTENSION.fullmatch(n))})
    rows = (
        "; on a one-row-per-stage export, each stage row uses the s1_ names"
        if ("stage" in names)
        else ""
    )
    for _, name in attributes:
        if name not in chosen and _EXTENSION.fullmatch(name):
            raise fail(
                f"column {name!r} names an extension complaintcode does not read: this "
                f"export's extensions are {', '.join(p + '_…' for p in held)} (at most two a "
                f"stage, none at stage 3){rows}; use those columns, or list the column "
                "under ignore in the column map to check without it"
            )
