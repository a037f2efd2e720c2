"""How a landlord's export names the canonical columns: :class:`ColumnMap` and its TOML file.

Role: the column map only (checking it when built, loading it from TOML). Where the
columns are in a particular file is :mod:`complaintcode.records.layout`'s job.
"""

from __future__ import annotations

import codecs
import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    CANONICAL_SET,
    DATE_FORMATS,
    DELIMITER_CHOICES,
    EXTENSION_COLUMNS,
    LAYOUTS,
    REMEDY_COLUMNS,
    STAGE_COLUMN,
    delimiter_named,
)
from complaintcode.records.errors import InvalidColumnMap
from complaintcode.records.vocabularies import VOCABULARY_NAMES, Vocabularies, canonical_value


def _suggest(names: Iterable[str], known: Iterable[str]) -> str:
    known = list(known)
    parts = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1)
        parts.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    return ", ".join(parts)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(items)


_TABLES: Final = ("columns", "attributes", "extension_columns", "remedy_columns")
_WORD_TABLES: Final = VOCABULARY_NAMES
_TEXT_KEYS: Final = ("date_format", "encoding", "layout", "sheet", "delimiter")


@attrs.frozen(init=False)
class ColumnMap:
    r"""How a landlord's export names the canonical columns, and how to read it.

    ``columns`` maps canonical names (see :data:`CANONICAL_COLUMNS`, plus ``stage`` for
    an export with one row per stage) to the landlord's column names; a canonical
    column not in the map is looked for under its own name. Column names are matched
    ignoring case and surrounding spaces. ``date_format`` is the export's date format
    (``"iso"`` or ``"dd/mm/yyyy"``; ``None`` leaves the choice to :func:`read_cases`).
    ``attributes`` renames free columns kept for grouping (attribute name → the
    landlord's column) and ``ignore`` lists columns not to keep at all (for example
    residents' names).

    The rest say how to read the file; each can also be given to :func:`read_cases`,
    which wins: ``empty_values`` replaces the words read as an empty cell (see
    :data:`EMPTY_VALUES`); ``outcomes``, ``yes_no``, ``refusal_grounds``,
    ``remedy_kinds`` and ``stages`` add the export's own words to the default
    vocabularies (their word → what it means, e.g. ``{"Resolved": "upheld"}``);
    ``encoding`` names the text encoding of a CSV file and ``delimiter`` the character
    between its cells (``","``, ``";"``, ``"\t"`` or ``"|"``; the words ``"tab"``,
    ``"semicolon"``, ``"pipe"`` and ``"comma"`` are read too); ``layout`` is
    ``"complaints"`` (one row per complaint) or ``"stages"`` (one row per stage);
    ``sheet`` picks a workbook's sheet and ``header_row`` the row that holds the column
    names (1 = the first). ``extension_columns`` and ``remedy_columns`` name the columns of separate
    extensions and remedies files (see :data:`EXTENSION_COLUMNS`, :data:`REMEDY_COLUMNS`).

    Raises:
        InvalidColumnMap: for an unknown canonical name, an unknown date format, a blank
            column name, two names mapped to the same column, or a word mapped to
            something its vocabulary does not have.

    >>> cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"},
    ...                  date_format="dd/mm/yyyy", attributes={"team": "Housing Team"})
    >>> cmap.theirs("received"), cmap.theirs("acknowledged")
    ('Date Received', 'acknowledged')
    >>> ColumnMap(outcomes={"Resolved": "upheld"}).vocabularies().outcomes["resolved"].name
    'UPHELD'
    """

    columns: tuple[tuple[str, str], ...]
    date_format: str | None
    attributes: tuple[tuple[str, str], ...]
    ignore: tuple[str, ...]
    empty_values: tuple[str, ...] | None = None
    words: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    encoding: str | None = None
    layout: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    extension_columns: tuple[tuple[str, str], ...] = ()
    remedy_columns: tuple[tuple[str, str], ...] = ()
    delimiter: str | None = None

    def __init__(
        self,
        columns: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        *,
        date_format: str | None = None,
        attributes: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        ignore: Iterable[str] = (),
        empty_values: Iterable[str] | None = None,
        outcomes: Mapping[str, Any] | None = None,
        yes_no: Mapping[str, Any] | None = None,
        refusal_grounds: Mapping[str, Any] | None = None,
        remedy_kinds: Mapping[str, Any] | None = None,
        stages: Mapping[str, Any] | None = None,
        encoding: str | None = None,
        layout: str | None = None,
        sheet: str | None = None,
        header_row: int | None = None,
        extension_columns: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        remedy_columns: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        delimiter: str | None = None,
        path: str | None = None,
    ) -> None:
        cols = _pairs(columns)
        attribute_pairs = _pairs(attributes)
        ignored = tuple(ignore)

        def fail(reason: str) -> None:
            raise InvalidColumnMap(path, reason)

        unknown = [c for c, _ in cols if c not in CANONICAL_SET and c != STAGE_COLUMN]
        if unknown:
            fail(f"unknown canonical column name(s): {_suggest(unknown, CANONICAL_COLUMNS)}")
        if date_format is not None and date_format not in DATE_FORMATS:
            fail(
                f"date_format must be one of {', '.join(map(repr, DATE_FORMATS))}; "
                f"got {date_format!r}"
            )
        side = {"extension_columns": extension_columns, "remedy_columns": remedy_columns}
        side_pairs = {}
        for label, known_names in (
            ("extension_columns", EXTENSION_COLUMNS),
            ("remedy_columns", REMEDY_COLUMNS),
        ):
            side_pairs[label] = _pairs(side[label])
            odd = [c for c, _ in side_pairs[label] if c not in known_names]
            if odd:
                fail(f"{label}: unknown column name(s): {_suggest(odd, known_names)}")
            for name, theirs in side_pairs[label]:
                if not isinstance(theirs, str) or not theirs.strip():
                    fail(f"{label}: {name!r} must name a column; got {theirs!r}")
        seen: dict[str, str] = {}
        for label, pairs in (("columns", cols), ("attributes", attribute_pairs)):
            for name, theirs in pairs:
                if not isinstance(theirs, str) or not theirs.strip():
                    fail(f"{label}: {name!r} must name a column; got {theirs!r}")
                if not isinstance(name, str) or not name.strip():
                    fail(f"{label}: names must be non-blank text; got {name!r}")
                key = theirs.strip().casefold()
                if key in seen:
                    fail(f"column {theirs!r} is mapped twice: to {seen[key]!r} and {name!r}")
                seen[key] = name
        for name in ignored:
            if not isinstance(name, str) or not name.strip():
                fail(f"ignore: column names must be non-blank text; got {name!r}")
            if name.strip().casefold() in seen:
                fail(f"column {name!r} is both mapped and ignored")
        empties = None if empty_values is None else tuple(empty_values)
        if empties is not None and not all(isinstance(w, str) for w in empties):
            fail(f"empty_values must be a list of words; got {empties!r}")
        given = {
            "outcomes": outcomes,
            "yes_no": yes_no,
            "refusal_grounds": refusal_grounds,
            "remedy_kinds": remedy_kinds,
            "stages": stages,
        }
        vocab: list[tuple[str, tuple[tuple[str, Any], ...]]] = []
        for name, table in given.items():
            if not table:
                continue
            for word, meaning in table.items():
                try:
                    canonical_value(name, meaning)
                except ValueError as exc:
                    fail(f"{name}: {word!r} = {exc}")
            vocab.append((name, tuple(sorted(table.items()))))
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except (LookupError, TypeError):
                fail(f"encoding: {encoding!r} is not a text encoding Python knows")
        if layout is not None and layout not in LAYOUTS:
            fail(f"layout must be one of {', '.join(map(repr, LAYOUTS))}; got {layout!r}")
        if header_row is not None and (
            isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
        ):
            fail(f"header_row must be a row number (1 or more); got {header_row!r}")
        separator = None if delimiter is None else delimiter_named(delimiter)
        if delimiter is not None and separator is None:
            fail(f"delimiter must be one of {DELIMITER_CHOICES}; got {delimiter!r}")
        self.__attrs_init__(
            tuple(sorted((c, t.strip()) for c, t in cols)),
            date_format,
            tuple(sorted((a, t.strip()) for a, t in attribute_pairs)),
            tuple(n.strip() for n in ignored),
            empties,
            tuple(vocab),
            encoding,
            layout,
            sheet,
            header_row,
            tuple(sorted((c, t.strip()) for c, t in side_pairs["extension_columns"])),
            tuple(sorted((c, t.strip()) for c, t in side_pairs["remedy_columns"])),
            separator,
        )

    def theirs(self, canonical: str) -> str:
        """The landlord's name for a canonical column (its own name when not mapped).

        >>> ColumnMap({"reference": "Case Ref"}).theirs("reference")
        'Case Ref'
        """
        for name, theirs in self.columns:
            if name == canonical:
                return theirs
        return canonical

    def vocabularies(self) -> Vocabularies:
        """The default vocabularies with this map's words added."""
        return Vocabularies(**{name: dict(pairs) for name, pairs in self.words})

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> ColumnMap:
        """Load a column map from a TOML file.

        The file has optional top-level settings (``date_format``, ``ignore``,
        ``empty_values``, ``encoding``, ``delimiter``, ``layout``, ``sheet``,
        ``header_row``), a
        ``[columns]`` table (canonical name = "their column"), and optional
        ``[attributes]`` (attribute name = "their column"), ``[extension_columns]``,
        ``[remedy_columns]`` and vocabulary tables (``[outcomes]``, ``[yes_no]``,
        ``[refusal_grounds]``, ``[remedy_kinds]``, ``[stages]``: "their word" = meaning)::

            date_format = "dd/mm/yyyy"
            delimiter = ";"
            ignore = ["Tenant Name"]
            empty_values = ["-", "N/A", "TBC"]

            [columns]
            reference = "Case Ref"
            received = "Date Received"

            [attributes]
            team = "Housing Team"

            [outcomes]
            "Resolved" = "upheld"

        Raises:
            InvalidColumnMap: for a file that is not valid TOML, an unknown key, or any
                problem :class:`ColumnMap` itself rejects; the message names the file.

        >>> cmap = ColumnMap.from_toml("examples/columns.toml")
        >>> cmap.theirs("reference"), cmap.date_format
        ('Case Ref', 'dd/mm/yyyy')
        """
        where = os.fspath(path)
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidColumnMap(where, f"not valid TOML: {exc}") from None
        known = (*_TEXT_KEYS, "ignore", "empty_values", "header_row", *_TABLES, *_WORD_TABLES)
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InvalidColumnMap(where, f"unknown key(s): {_suggest(unknown, known)}")
        for key in (*_TABLES, *_WORD_TABLES):
            if not isinstance(data.get(key, {}), dict):
                raise InvalidColumnMap(where, f"{key} must be a table; got {data[key]!r}")
        for key in ("ignore", "empty_values"):
            if not isinstance(data.get(key, []), list):
                what = "a list of column names" if key == "ignore" else "a list of words"
                raise InvalidColumnMap(where, f"{key} must be {what}; got {data[key]!r}")
        for key in _TEXT_KEYS:
            if not isinstance(data.get(key, ""), str):
                raise InvalidColumnMap(where, f"{key} must be text; got {data[key]!r}")
        return cls(
            data.get("columns", {}),
            date_format=data.get("date_format"),
            attributes=data.get("attributes", {}),
            ignore=data.get("ignore", []),
            empty_values=data.get("empty_values"),
            encoding=data.get("encoding"),
            layout=data.get("layout"),
            sheet=data.get("sheet"),
            header_row=data.get("header_row"),
            extension_columns=data.get("extension_columns", {}),
            remedy_columns=data.get("remedy_columns", {}),
            delimiter=data.get("delimiter"),
            path=where,
            **{key: data[key] for key in _WORD_TABLES if key in data},
        )
