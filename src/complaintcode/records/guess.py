"""Guessing a starter column map from an export's header and a sample of its rows.

Role: the first draft of a :class:`~complaintcode.records.ColumnMap`. :func:`guess_columns`
reads the header and up to a few hundred rows, maps the column names it recognises
(``Case Ref``, ``Date Received``, ``Stage 1 Response Date``, ``Officer``…) to canonical
ones, and notes the layout, the date format, the encoding, the delimiter, the header row
and the words it saw for outcomes, yes/no and stages. :meth:`ColumnGuess.to_toml` writes it as a
commented TOML file that :meth:`ColumnMap.from_toml` reads; everything it could not
decide is a comment for a person to settle.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Final, cast

import attrs

from complaintcode.errors import InvalidArgument
from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    DELIMITER_CHOICES,
    DELIMITER_NAMES,
    DELIMITERS,
    STAGE_COLUMN,
    delimiter_named,
    delimiter_toml,
)
from complaintcode.records.errors import InvalidRecords
from complaintcode.records.tables import CsvTable, ExcelTable, open_table, sniff
from complaintcode.records.vocabularies import (
    BOOLEANS,
    EMPTY_VALUES,
    OUTCOMES,
    STAGES,
    words,
)

_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "reference": (
        "case ref",
        "case reference",
        "complaint ref",
        "complaint reference",
        "ref",
        "case id",
        "complaint id",
        "case number",
        "complaint number",
        "case no",
    ),
    "received": (
        "date received",
        "received date",
        "date logged",
        "logged",
        "date opened",
        "opened",
        "complaint received",
        "stage 1 received",
        "stage 1 date received",
        "date raised",
        "raised",
        "created",
        "date created",
        "received on",
        "date of complaint",
    ),
    "acknowledged": (
        "date acknowledged",
        "acknowledgement date",
        "acknowledged date",
        "ack date",
        "stage 1 acknowledged",
        "stage 1 acknowledgement date",
        "acknowledged on",
        "date of acknowledgement",
        "acknowledgement sent on",
    ),
    "responded": (
        "stage 1 response date",
        "response date",
        "date responded",
        "responded date",
        "stage 1 responded",
        "stage 1 response",
        "date closed",
        "closed",
        "response sent",
        "date of response",
        "responded on",
        "response sent on",
    ),
    "handler": (
        "officer",
        "case officer",
        "stage 1 officer",
        "handler",
        "handled by",
        "owner",
        "assigned to",
        "stage 1 handler",
    ),
    "outcome": ("stage 1 outcome", "decision", "result", "stage 1 decision"),
    "items": ("response items",),
    "escalation_received": (
        "stage 2 requested",
        "stage 2 received",
        "stage 2 date received",
        "escalation date",
        "date escalated",
        "escalated",
        "escalation requested",
        "escalation received",
    ),
    "escalation_acknowledged": ("stage 2 acknowledged", "stage 2 acknowledgement date"),
    "escalation_responded": (
        "stage 2 response date",
        "stage 2 responded",
        "stage 2 response",
        "escalation response date",
    ),
    "escalation_handler": ("stage 2 officer", "stage 2 handler", "escalation officer"),
    "escalation_outcome": ("stage 2 outcome", "stage 2 decision", "escalation outcome"),
    "stage3_received": ("stage 3 received", "stage 3 requested"),
    "stage3_responded": ("stage 3 response date", "stage 3 responded"),
    "stage3_handler": ("stage 3 officer", "stage 3 handler"),
    "stage3_outcome": ("stage 3 outcome",),
    "s1_ext1_notified": (
        "extension notified",
        "extension date",
        "date extended",
        "extension agreed",
        "extension notified date",
    ),
    "s1_ext1_days": ("extension days", "extension length", "days extended"),
    "s1_ext1_reason": ("extension reason", "reason for extension"),
    "s1_ext1_good_reason": ("good reason", "extension good reason"),
    "s1_ext1_ombudsman_details": ("ombudsman details given", "ombudsman details"),
    "issue_date": ("issue date", "date of issue", "date issue occurred"),
    "aware_date": ("aware date", "date aware", "date resident became aware"),
    "remedy_amount": ("compensation", "compensation amount", "amount paid"),
    "category": ("complaint type", "complaint category", "type", "category"),
    "tenure": ("tenancy type", "tenure type"),
    STAGE_COLUMN: ("stage", "complaint stage", "stage name", "level"),
}
_DATEISH: Final = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
_SAMPLE: Final = 200
_HEADER_ROWS: Final = 20  # the rows a header is looked for in
_HEAD_LINES: Final = 200  # the lines read to find the delimiter
_EMPTY: Final = {w.casefold() for w in EMPTY_VALUES}


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())


_LOOKUP: Final = {
    **{_key(c): c for c in (*CANONICAL_COLUMNS, STAGE_COLUMN)},
    **{_key(s): c for c, synonyms in _SYNONYMS.items() for s in synonyms},
}


@attrs.frozen
class ColumnGuess:
    r"""A starter column map, with what could not be decided.

    ``columns`` maps canonical names to the export's columns; ``unmapped`` lists the
    export's other columns (kept as attributes when read); ``words`` the vocabulary
    words seen that the defaults do not know (vocabulary → words); ``notes`` anything a
    person should check; ``delimiter`` the character between a CSV file's cells (``None``
    for a workbook). ``to_toml()`` writes it for :meth:`ColumnMap.from_toml`.

    >>> import io
    >>> guess = guess_columns(io.StringIO("Case Ref,Date Received,Officer,Tenant\nA-1,2024-05-03,J,x\n"))
    >>> sorted(guess.columns.items())
    [('handler', 'Officer'), ('received', 'Date Received'), ('reference', 'Case Ref')]
    >>> guess.unmapped
    ('Tenant',)
    """  # noqa: E501

    columns: dict[str, str]
    unmapped: tuple[str, ...]
    layout: str
    date_format: str
    encoding: str | None
    header_row: int
    sheet: str | None
    words: dict[str, tuple[str, ...]]
    notes: tuple[str, ...]
    delimiter: str | None = ","

    def to_toml(self, source: str = "the export") -> str:
        """The guess as a commented TOML column map."""
        q = _quote
        lines = [
            f"# A starter column map guessed by complaintcode from {source}.",
            "# Check every line against the export before you rely on it.",
        ]
        lines += [f"# NOTE: {note}" for note in self.notes]
        lines.append("")
        if self.layout == "stages":
            lines.append('layout = "stages"  # one row per stage (it has a stage column)')
        lines.append(f"date_format = {q(self.date_format)}")
        if self.encoding is not None:
            lines.append(f"encoding = {q(self.encoding)}")
        if self.delimiter is not None and self.delimiter != ",":
            lines.append(
                f"delimiter = {delimiter_toml(self.delimiter)}  # the cells are separated by "
                f"{DELIMITER_NAMES[self.delimiter]}, not commas"
            )
        if self.sheet is not None:
            lines.append(f"sheet = {q(self.sheet)}")
        if self.header_row != 1:
            lines.append(f"header_row = {self.header_row}  # the rows above it are titles")
        lines.append(f"# empty_values = {_list(EMPTY_VALUES)}  # the default; replace if needed")
        if self.unmapped:
            lines.append(
                "# Columns not mapped are kept with each complaint (for grouping); put any "
                "personal data in ignore:"
            )
            lines.append(f"# ignore = {_list(self.unmapped)}")
        lines += ["", "[columns]"]
        order = {c: i for i, c in enumerate((*CANONICAL_COLUMNS, STAGE_COLUMN))}
        for canonical, theirs in sorted(self.columns.items(), key=lambda kv: order[kv[0]]):
            lines.append(f"{canonical} = {q(theirs)}")
        if "reference" not in self.columns:
            lines.append('# reference = "?"  # REQUIRED: no column looked like the reference')
        if "received" not in self.columns:
            lines.append('# received = "?"  # REQUIRED: no column looked like the received date')
        for name in self.unmapped:
            lines.append(f"# ? = {q(name)}  # not recognised: map it, or leave it as an attribute")
        meanings = {
            "outcomes": "upheld, partly upheld, not upheld or withdrawn",
            "yes_no": "yes or no",
            "stages": "1, 2 or 3",
        }
        for vocabulary, seen in sorted(self.words.items()):
            lines += [
                "",
                f"[{vocabulary}]",
                f"# words seen that need a meaning ({meanings[vocabulary]}):",
            ]
            lines += [f"# {q(word)} = ?" for word in seen]
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def _encoding(path: str) -> str | None:
    """``None`` for UTF-8 (with or without BOM), else a guess: Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return None


def sniff_delimiter(lines: Sequence[str], names: Iterable[str] = ()) -> str | None:
    r"""The delimiter that splits one of the first rows into the most known column names.

    ``lines`` are the first lines of a CSV file; a column name is known when it is a
    canonical name, a common one (``Case Ref``, ``Date Received``…) or one of ``names``
    (a column map's). A delimiter is chosen when it splits a row of the first 20 into two
    or more known names; on a tie the comma wins, then the semicolon, tab and pipe.
    ``None`` when no delimiter does (the file is read with commas, and the reader's
    error then says what it found).

    >>> sniff_delimiter(["Complaints export;;\n", "Case Ref;Date Received;Officer\n"])
    ';'
    >>> sniff_delimiter(["reference\treceived\n"]) == "\t"
    True
    >>> print(sniff_delimiter(["Ref|When\n"]), sniff_delimiter(["Ref|When\n"], ["Ref", "When"]))
    None |
    """
    known = {**_LOOKUP, **{_key(n): n for n in names}}
    best, chosen = 1, None
    for delimiter in DELIMITERS:
        rows = csv.reader(lines, delimiter=delimiter)
        for _ in range(_HEADER_ROWS):
            try:
                cells = next(rows)
            except StopIteration:
                break
            except csv.Error:
                continue  # a row the csv module cannot split: the next may be the header
            score = len({_key(c) for c in cells if _key(c) in known})
            if score > best:
                best, chosen = score, delimiter
    return chosen


def _head(path: str, encoding: str | None) -> list[str]:
    """The first lines of a text file, decoded (what cannot be decoded is replaced)."""
    with open(path, encoding=encoding or "utf-8-sig", errors="replace", newline="") as f:
        return list(itertools.islice(f, _HEAD_LINES))


class _Lines:
    """Lines already read from a text stream, then the rest of it (for the CSV reader)."""

    def __init__(self, head: list[str], rest: Iterator[str], stream: object) -> None:
        self.lines = itertools.chain(head, rest)
        self.stream = stream

    def __iter__(self) -> Iterator[str]:
        return self.lines

    def close(self) -> None:
        close = getattr(self.stream, "close", None)
        if close is not None:
            close()


def guess_columns(
    source: str | os.PathLike[str] | Iterable[str],
    *,
    sheet: str | None = None,
    sample: int = _SAMPLE,
    delimiter: str | None = None,
) -> ColumnGuess:
    """Guess a column map from an export's header and up to ``sample`` rows.

    ``source`` is a path (CSV or workbook, by content) or a text stream. The header is
    the first of the first 20 rows in which two or more names are recognised. The
    delimiter of a CSV file (comma, semicolon, tab or pipe) is the one that splits
    such a row into the most recognised names, unless ``delimiter`` gives it.

    Raises:
        InvalidRecords: when the file cannot be read, or no row looks like a header.
        InvalidArgument: for a ``delimiter`` that is not one of those.
    """
    encoding = None
    chosen_sheet = None
    given = None if delimiter is None else delimiter_named(delimiter)
    if delimiter is not None and given is None:
        raise InvalidArgument("delimiter", delimiter, DELIMITER_CHOICES)
    separator: str | None = given
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if sniff(path) == "text":
            encoding = _encoding(path)
            separator = given or sniff_delimiter(_head(path, encoding)) or ","
        table: CsvTable | ExcelTable = open_table(
            path, encoding=encoding, sheet=sheet, delimiter=separator or ","
        )
        if isinstance(table, ExcelTable):
            chosen_sheet = table.sheet_name if sheet is not None or _many_sheets(table) else None
    else:
        lines = iter(source)
        head = list(itertools.islice(lines, _HEAD_LINES))
        separator = given or sniff_delimiter(head) or ","
        table = open_table(
            cast(IO[str], _Lines(head, lines, source)),
            encoding=None,
            sheet=None,
            delimiter=separator,
        )
    try:
        rows = table.rows()
        header: list[str] = []
        header_row = 0
        for number, cells in rows:
            if isinstance(cells, str):
                continue
            if sum(_key(c) in _LOOKUP for c in cells) >= 2:
                header, header_row = [c.strip().lstrip("\ufeff") for c in cells], number
                break
            if number >= _HEADER_ROWS:
                break
        if not header:
            tried = (
                f" (split at {DELIMITER_NAMES[given]}, the delimiter given)"
                if given is not None
                else " (tried commas, semicolons, tabs and pipes between the cells)"
                if separator is not None
                else ""
            )
            raise InvalidRecords(
                table.path,
                f"no row in the first {_HEADER_ROWS} looks like a header of column names" + tried,
            )
        data = []
        for number, cells in rows:
            if not isinstance(cells, str):
                data.append(cells)
            if len(data) >= sample or number > header_row + 10 * sample:
                break
    finally:
        table.close()
    return _guess(header, header_row, data, encoding, chosen_sheet, separator)


def _many_sheets(table: ExcelTable) -> bool:
    return len(table.book.sheet_names) > 1


def _guess(
    header: list[str],
    header_row: int,
    data: list[list[str]],
    encoding: str | None,
    sheet: str | None,
    delimiter: str | None,
) -> ColumnGuess:
    columns: dict[str, str] = {}
    unmapped = []
    for name in header:
        if not name:
            continue
        canonical = _LOOKUP.get(_key(name))
        if canonical is not None and canonical not in columns:
            columns[canonical] = name
        else:
            unmapped.append(name)
    position = {name: i for i, name in enumerate(header)}

    def values(canonical: str) -> list[str]:
        theirs = columns.get(canonical)
        if theirs is None:
            return []
        i = position[theirs]
        return [row[i].strip() for row in data if i < len(row) and row[i].strip()]

    notes = []
    layout = "stages" if STAGE_COLUMN in columns else "complaints"
    date_columns = [c for c in columns if c.endswith(("received", "acknowledged", "responded"))]
    date_columns += [c for c in columns if c.endswith(("notified", "_date"))]
    slashed = [v for c in date_columns for v in values(c) if _DATEISH.match(v)]
    date_format = "iso"
    if slashed:
        date_format = "dd/mm/yyyy"
        parts = [_DATEISH.match(v) for v in slashed]
        if any(m is not None and int(m.group(2)) > 12 for m in parts):
            notes.append(
                "some dates have a 'month' over 12 (e.g. 04/15/2024): they look month-first, "
                "which is not read; fix the export"
            )
        elif not any(m is not None and int(m.group(1)) > 12 for m in parts):
            notes.append(
                "every slashed date seen could be day-first or month-first: check that they "
                "are dd/mm/yyyy"
            )
    if encoding is not None:
        notes.append(f"the file is not UTF-8; {encoding} (Windows' Western European) is a guess")
    seen: dict[str, tuple[str, ...]] = {}
    outcome_columns = [c for c in columns if c.endswith("outcome")]
    unknown = Counter(
        v
        for c in outcome_columns
        for v in values(c)
        if words(v) not in OUTCOMES and v.casefold() not in _EMPTY
    )
    if unknown:
        seen["outcomes"] = tuple(sorted(unknown))
    flags = [c for c in columns if c.endswith(("good_reason", "details", "given"))]
    odd = {v for c in flags for v in values(c) if words(v) not in BOOLEANS}
    odd -= {v for v in odd if v.casefold() in _EMPTY}
    if odd:
        seen["yes_no"] = tuple(sorted(odd))
    if layout == "stages":
        labels = {v for v in values(STAGE_COLUMN) if words(v) not in STAGES}
        if labels:
            seen["stages"] = tuple(sorted(labels))
    return ColumnGuess(
        columns,
        tuple(unmapped),
        layout,
        date_format,
        encoding,
        header_row,
        sheet,
        seen,
        tuple(notes),
        delimiter,
    )
