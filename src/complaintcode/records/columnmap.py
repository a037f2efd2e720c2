"""How a landlord's export names the canonical columns: :class:`ColumnMap` and its TOML file.

Role: the column map only (checking it when built, loading it from TOML). Where the
columns are in a particular file is :mod:`complaintcode.records.layout`'s job.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping

import attrs

from complaintcode.records.columns import CANONICAL_COLUMNS, CANONICAL_SET, DATE_FORMATS
from complaintcode.records.errors import InvalidColumnMap


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


@attrs.frozen(init=False)
class ColumnMap:
    """How a landlord's export names the canonical columns.

    ``columns`` maps canonical names (see :data:`CANONICAL_COLUMNS`) to the landlord's
    column names; a canonical column not in the map is looked for under its own name.
    Column names are matched ignoring case and surrounding spaces. ``date_format`` is
    the export's date format (``"iso"`` or ``"dd/mm/yyyy"``; ``None`` leaves the choice
    to :func:`read_cases`). ``attributes`` renames free columns kept for grouping
    (attribute name → the landlord's column) and ``ignore`` lists columns not to keep
    at all (for example residents' names).

    Raises:
        InvalidColumnMap: for an unknown canonical name, an unknown date format, a blank
            column name, or two names mapped to the same column.

    >>> cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"},
    ...                  date_format="dd/mm/yyyy", attributes={"team": "Housing Team"})
    >>> cmap.theirs("received"), cmap.theirs("acknowledged")
    ('Date Received', 'acknowledged')
    """

    columns: tuple[tuple[str, str], ...]
    date_format: str | None
    attributes: tuple[tuple[str, str], ...]
    ignore: tuple[str, ...]

    def __init__(
        self,
        columns: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        *,
        date_format: str | None = None,
        attributes: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        ignore: Iterable[str] = (),
        path: str | None = None,
    ) -> None:
        cols = _pairs(columns)
        attribute_pairs = _pairs(attributes)
        ignored = tuple(ignore)

        def fail(reason: str) -> None:
            raise InvalidColumnMap(path, reason)

        unknown = [c for c, _ in cols if c not in CANONICAL_SET]
        if unknown:
            fail(f"unknown canonical column name(s): {_suggest(unknown, CANONICAL_COLUMNS)}")
        if date_format is not None and date_format not in DATE_FORMATS:
            fail(
                f"date_format must be one of {', '.join(map(repr, DATE_FORMATS))}; "
                f"got {date_format!r}"
            )
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
        self.__attrs_init__(
            tuple(sorted((c, t.strip()) for c, t in cols)),
            date_format,
            tuple(sorted((a, t.strip()) for a, t in attribute_pairs)),
            tuple(n.strip() for n in ignored),
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

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> ColumnMap:
        """Load a column map from a TOML file.

        The file has an optional top-level ``date_format`` and ``ignore`` list, a
        ``[columns]`` table (canonical name = "their column") and an optional
        ``[attributes]`` table (attribute name = "their column")::

            date_format = "dd/mm/yyyy"
            ignore = ["Tenant Name"]

            [columns]
            reference = "Case Ref"
            received = "Date Received"

            [attributes]
            team = "Housing Team"

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
        known = ("date_format", "ignore", "columns", "attributes")
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InvalidColumnMap(where, f"unknown key(s): {_suggest(unknown, known)}")
        columns = data.get("columns", {})
        attributes = data.get("attributes", {})
        ignore = data.get("ignore", [])
        date_format = data.get("date_format")
        for key, value, kind in (
            ("columns", columns, dict),
            ("attributes", attributes, dict),
            ("ignore", ignore, list),
        ):
            if not isinstance(value, kind):
                what = "a table" if kind is dict else "a list of column names"
                raise InvalidColumnMap(where, f"{key} must be {what}; got {value!r}")
        if date_format is not None and not isinstance(date_format, str):
            raise InvalidColumnMap(where, f"date_format must be text; got {date_format!r}")
        return cls(
            columns, date_format=date_format, attributes=attributes, ignore=ignore, path=where
        )
