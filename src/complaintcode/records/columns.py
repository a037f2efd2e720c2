"""The canonical columns of an export: their names, groups and the date formats read.

Role: vocabulary of column names only. Every other module of :mod:`complaintcode.records`
reads the names from here, so the order in which a row's cells are checked is stated once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

STAGE1: Final = (
    "reference",
    "received",
    "acknowledged",
    "responded",
    "handler",
    "outcome",
    "items",
)
EXT_FIELDS: Final = ("notified", "days", "reason", "good_reason", "ombudsman_details")
S1_EXTS: Final = ("s1_ext1", "s1_ext2")
S2_EXTS: Final = ("s2_ext1", "s2_ext2")
STAGE2: Final = (
    "escalation_received",
    "escalation_acknowledged",
    "escalation_responded",
    "escalation_handler",
    "escalation_outcome",
    "escalation_items",
)
STAGE3: Final = ("stage3_received", "stage3_responded", "stage3_handler", "stage3_outcome")
DATES: Final = ("issue_date", "aware_date")
REFUSAL: Final = (
    "refusal_decided",
    "refusal_ground",
    "refusal_stage",
    "refusal_reasons_given",
    "refusal_ombudsman_rights_given",
)
REMEDY: Final = (
    "remedy_kind",
    "remedy_description",
    "remedy_offered",
    "remedy_due",
    "remedy_completed",
    "remedy_amount",
)
GROUPING: Final = ("category", "tenure")


def ext_columns(prefixes: Sequence[str]) -> tuple[str, ...]:
    """The columns of the extensions with these prefixes (``s1_ext1`` → ``s1_ext1_days``…)."""
    return tuple(f"{p}_{f}" for p in prefixes for f in EXT_FIELDS)


CANONICAL_COLUMNS: Final[tuple[str, ...]] = (
    STAGE1
    + ext_columns(S1_EXTS)
    + STAGE2
    + ext_columns(S2_EXTS)
    + STAGE3
    + DATES
    + REFUSAL
    + REMEDY
    + GROUPING
)
"""Every canonical column name, in the order a row's cells are checked."""

REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("reference", "received")
"""The columns every file must have."""

DATE_FORMATS: Final[tuple[str, ...]] = ("iso", "dd/mm/yyyy")
"""The date formats :func:`~complaintcode.records.read_cases` accepts. ISO 8601 is always read."""

CANONICAL_SET: Final = frozenset(CANONICAL_COLUMNS)

STAGE_COLUMN: Final = "stage"
"""The column that makes an export one row per stage (its stage number or label)."""

LAYOUTS: Final[tuple[str, ...]] = ("complaints", "stages")
"""The layouts read: one row per complaint (the columns above) or one row per stage."""

EXTENSION_COLUMNS: Final[tuple[str, ...]] = ("reference", "stage", *EXT_FIELDS)
"""The columns of a separate extensions file: one row per extension."""

REMEDY_COLUMNS: Final[tuple[str, ...]] = (
    "reference",
    "kind",
    "description",
    "offered",
    "due",
    "completed",
    "amount",
)
"""The columns of a separate remedies file: one row per remedy."""

DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t", "|")
"""The characters a CSV export's cells may be separated by: comma (the default), semicolon,
tab and pipe."""

_DELIMITER_WORDS: Final = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
    "|": "|",
    "pipe": "|",
}
DELIMITER_NAMES: Final = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}
"""Each delimiter as messages name it."""

DELIMITER_CHOICES: Final = "',', ';', tab (or \\t) or '|'"
"""The delimiters as a message lists what may be given."""


def delimiter_named(text: str) -> str | None:
    r"""The delimiter a word names (``";"``, ``"tab"``, ``"\t"``, ``"pipe"``…), else ``None``.

    >>> delimiter_named("tab") == "\t", delimiter_named(";"), delimiter_named("x")
    (True, ';', None)
    """
    return _DELIMITER_WORDS.get(text.strip(" ").casefold()) if isinstance(text, str) else None


def delimiter_option(delimiter: str) -> str:
    """How the command line's ``--delimiter`` spells a delimiter (``';'``, ``tab``)."""
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


def delimiter_toml(delimiter: str) -> str:
    r"""How a column map's ``delimiter =`` line spells a delimiter (``";"``, ``"\t"``)."""
    return '"\\t"' if delimiter == "\t" else f'"{delimiter}"'
