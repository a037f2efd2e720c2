"""Reading a CSV export: opening and decoding the file, splitting it into rows.

Role: the CSV source. :func:`read_cases` opens the file (or takes a text stream) through
``_opening``, checks the header through :mod:`~complaintcode.records.layout`, joins the
rows of separate files read by ``_sides``, and :class:`CaseReader` yields,
row by row in file order, what :mod:`~complaintcode.records.rows` makes of each row:
a :class:`~complaintcode.model.Complaint` or a
:class:`~complaintcode.records.RecordError`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Final

import attrs

from complaintcode._closing import ClosingIterator
from complaintcode.errors import InvalidComplaint
from complaintcode.model import Complaint
from complaintcode.records._opening import open_tables, read_header, reader_options
from complaintcode.records._sides import read_side_file
from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    STAGE_COLUMN,
)
from complaintcode.records.errors import Bad, InvalidRecords, RecordError, shown
from complaintcode.records.joins import (
    POSITION,
    STAGE_ROW_COLUMNS,
    Assembly,
    SideRow,
    place_extension,
    place_remedy,
    side_error,
    stage_number,
    wide_name,
)
from complaintcode.records.layout import locate
from complaintcode.records.rows import RowParser
from complaintcode.records.tables import CsvTable, ExcelTable
from complaintcode.records.vocabularies import EMPTY_VALUES

_VALUE_LENGTH: Final = 200  # the most of an offending cell a RecordError keeps
_WIDE: Final = len(CANONICAL_COLUMNS)
_ORDER: Final = {name: i for i, name in enumerate(CANONICAL_COLUMNS)}


class CaseReader(ClosingIterator[Complaint | RecordError]):
    r"""The iterator :func:`read_cases` returns: complaints and row errors, in file order.

    Use it in a ``for`` loop, or as a context manager to close the file early.
    ``header`` is the header row as read, ``header_row`` its row number, and ``path`` the
    file (``None`` for a stream without a name). ``rows`` counts the data rows read so
    far (blank rows excluded); ``row`` is the spreadsheet row number (the header is row
    1 unless ``header_row`` says otherwise) of the item last yielded. ``layout`` is
    ``"complaints"`` (one row per complaint) or ``"stages"`` (one row per stage; its
    complaints come once the whole file is read, in the order of their first row).

    ``absent_fields`` is the set of canonical columns (:data:`CANONICAL_COLUMNS`) the
    export does not have, under any name. A fact in such a column is not recorded, which
    is not the same as "no": code that judges complaints uses it to say "not evidenced"
    rather than find a breach.

    >>> import io
    >>> with read_cases(io.StringIO("reference,received\nHC-1,2024-05-03\n")) as cases:
    ...     [c.reference for c in cases], cases.rows
    (['HC-1'], 1)
    >>> "acknowledged" in cases.absent_fields, "received" in cases.absent_fields
    (True, False)
    """

    def __init__(
        self,
        table: CsvTable | ExcelTable,
        owned: bool,
        columns: ColumnMap,
        dmy: bool,
        *,
        layout: str | None = None,
        header_row: int | None = None,
        empty_values: tuple[str, ...] | None = None,
        sides: Mapping[str, CsvTable | ExcelTable] | None = None,
        delimiter: str = ",",
    ) -> None:
        self.path = table.path
        self.rows = 0
        self.row = 1
        self._table = table
        self._owned = owned
        self._sides: dict[str, list[SideRow]] = {}
        # The character between cells (``None`` for a workbook, which has none).
        self.delimiter = delimiter if isinstance(table, CsvTable) else None
        try:
            self._source = table.rows()
            self.header_row = header_row or columns.header_row or 1
            self.header_row, self.header = read_header(self._source, self.header_row, self._fail)
            self.row = self.header_row
            self._setup(columns, dmy, layout, empty_values)
            for kind, side in (sides or {}).items():
                self._read_side(kind, side, columns)
        except BaseException:
            self.close()
            for side in (sides or {}).values():
                side.close()
            raise
        self._items = self._generate()
        self._next = self._items.__next__

    def _fail(self, reason: str) -> InvalidRecords:
        return InvalidRecords(self.path, reason)

    def _setup(
        self, cmap: ColumnMap, dmy: bool, layout: str | None, empty: tuple[str, ...] | None
    ) -> None:
        stage_name = cmap.theirs(STAGE_COLUMN).casefold()
        has_stage = any(cell.casefold() == stage_name for cell in self.header)
        chosen = layout or cmap.layout or ("stages" if has_stage else "complaints")
        if chosen == "stages" and not has_stage:
            raise self._fail(
                f"a one-row-per-stage export needs a {cmap.theirs(STAGE_COLUMN)!r} column"
            )
        self.layout = chosen
        names = STAGE_ROW_COLUMNS if chosen == "stages" else CANONICAL_COLUMNS
        found = locate(self.header, cmap, self._fail, names, self.delimiter)
        self._found = found
        self._cmap = cmap
        self._vocabularies = cmap.vocabularies()
        words = empty if empty is not None else cmap.empty_values
        self._empty = words if words is not None else EMPTY_VALUES
        self._dmy = dmy
        self._assembled = chosen == "stages"
        self._build(found.index)

    def _build(self, index: Mapping[str, int]) -> None:
        """The parser, for rows as the file has them or as assembled (canonical order)."""
        found = self._found
        if self._assembled:
            wide: dict[str, list[str]] = {}  # each column's canonical names in the assembly
            for name in index:
                stages = (1, 2, 3) if self.layout == "stages" else (1,)
                names = {wide_name(name, n) for n in stages} if name != STAGE_COLUMN else set()
                wide[name] = [w for w in names if w is not None and w in POSITION]
            present = {w for names in wide.values() for w in names}
            self._present = present
            positions = dict(POSITION)  # every column: cells the export lacks stay blank
            attributes = tuple((_WIDE + j, name) for j, (_, name) in enumerate(found.attributes))
            width = _WIDE + len(attributes)
            header = self.header
            labels = {
                w: header[index[n]]
                for n in wide
                for w in wide[n]
                if index[n] >= 0 and header[index[n]] != w
            }
        else:
            self._present = set(index)
            positions = dict(index)
            attributes = found.attributes
            width = found.width
            labels = dict(found.labels)
        self._columns = labels
        self._index = positions
        self._width = width
        self._row_length = width + (2 if self._assembled else 1)  # sentinel, origins
        self._parser = RowParser(
            positions,
            width,
            self._dmy,
            attributes,
            labels,
            self._empty,
            self._vocabularies,
        )
        self.absent_fields: frozenset[str] = frozenset(CANONICAL_COLUMNS) - self._present

    def _read_side(self, kind: str, table: CsvTable | ExcelTable, cmap: ColumnMap) -> None:
        """Read a whole extensions or remedies file, to join its rows to the complaints."""
        found, errors, extra = read_side_file(kind, table, cmap, self._vocabularies.stages)
        self._side_errors = [*getattr(self, "_side_errors", []), *errors]
        for side in found:
            self._sides.setdefault(side.reference, []).append(side)
        if not self._assembled:
            self._assembled = True  # the complaints are put together in canonical order
        joined = dict.fromkeys((self._present | extra) & set(POSITION), -1)
        self._build({**joined, **self._found.index})
        self._present |= extra & set(POSITION)
        self.absent_fields = frozenset(CANONICAL_COLUMNS) - self._present

    # -- iteration -------------------------------------------------------------

    def __iter__(self) -> CaseReader:
        return self

    def __next__(self) -> Complaint | RecordError:
        return self._next()

    @property
    def fraction_read(self) -> float | None:
        """How much of the file has been read, from 0 to 1, for progress displays.

        ``None`` when it cannot be known (a stream that is not a file on disk). Read-ahead
        makes it run slightly ahead of the rows yielded.
        """
        return self._table.fraction_read

    def close(self) -> None:
        """Stop reading and close the file if :func:`read_cases` opened it."""
        items = getattr(self, "_items", None)
        if items is not None:
            items.close()
        if self._owned:
            self._table.close()

    def __del__(self) -> None:
        if getattr(self, "_owned", False):
            self._table.close()

    def _error(
        self,
        row: int,
        reference: str | None,
        field: str | None,
        value: str | None,
        message: str,
        **more: object,
    ) -> RecordError:
        column = self._columns.get(field) if field is not None else None
        if value is not None and len(value) > _VALUE_LENGTH:
            value = value[:_VALUE_LENGTH]
        return RecordError(row, reference, field, value, message, column=column, **more)  # type: ignore[arg-type]

    def _generate(self) -> Iterator[Complaint | RecordError]:
        convert = self.convert
        for item in self.raw_rows():
            yield item if isinstance(item, RecordError) else convert(*item)

    def _row_of(self, row: list[str], field: str | None, number: int) -> int:
        """The original row number of a field's cell (assembled rows keep them)."""
        if not self._assembled or field is None or field not in POSITION:
            return number
        origins = row[self._width + 1].split(",")
        return int(origins[POSITION[field]])

    def convert(self, number: int, row: list[str], reference: str) -> Complaint | RecordError:
        """Build the complaint of one row that :meth:`raw_rows` passed, or its error.

        Separate from reading so that rows can be converted elsewhere (the command line
        converts and checks them in worker processes, in file order). A row with several
        problems gives one error listing them all (see :attr:`RecordError.others`).
        """
        if len(row) != self._row_length and not self._assembled:
            # A row put together in canonical order by a reader of the same export that was
            # given separate files: a worker process builds its reader from the header alone.
            return self._joined().convert(number, row, reference)
        parser = self._parser
        try:
            return parser.parse(row, reference)
        except Bad as bad:
            found = [bad, *(b for b in parser.diagnose(row) if b.field != bad.field)]
            found.sort(key=lambda b: _ORDER.get(b.field, len(_ORDER)))
            first, *others = (
                self._error(
                    self._row_of(row, b.field, number), reference, b.field, b.value, b.message
                )
                for b in found
            )
            return attrs.evolve(first, others=tuple(others))
        except InvalidComplaint as exc:
            field = parser.model_field(exc.field, row)
            position = self._index.get(field)
            value = row[position] if position is not None else None
            return self._error(
                self._row_of(row, field, number), reference, field, value, exc.message
            )

    def _joined(self) -> CaseReader:
        """A twin of the reader that converts rows assembled in canonical order (made once)."""
        joined: CaseReader | None = getattr(self, "_joined_reader", None)
        if joined is None:
            joined = copy.copy(self)
            joined._owned = False
            joined._assembled = True
            joined._build({**dict.fromkeys(POSITION, -1), **self._found.index})
            self._joined_reader = joined
        return joined

    def raw_rows(self) -> Iterator[tuple[int, list[str], str] | RecordError]:
        """Each data row as (row number, cells, reference), or its row-level error.

        Row-level checks (the number of cells, a reference, duplicates) happen here, in file
        order; :meth:`convert` does the rest. ``read_cases`` yields ``convert(*row)`` for
        each, so iterating the reader is the same as converting these. For a
        one-row-per-stage export (or one with separate extensions or remedies files) the
        cells are the complaint's, put together in canonical column order.
        """
        try:
            if self.layout == "stages":
                yield from self._stage_rows()
            elif self._assembled:
                for item in self._checked():
                    yield item if isinstance(item, RecordError) else self._assemble(*item)
                yield from self._unjoined()
            else:
                yield from self._checked()
        finally:
            if self._owned:
                self._table.close()

    def _checked(self, unique: bool = True) -> Iterator[tuple[int, list[str], str] | RecordError]:
        """The data rows with the right number of cells and a reference, or their errors.

        With ``unique``, a reference seen before is an error, and each row passed on gets
        one blank cell more: the cell of every column the file lacks.
        """
        width = self._found.width
        i_ref = self._found.index["reference"]
        seen: dict[str, int] = {}
        for number, row in self._source:
            self.row = number
            if isinstance(row, str):
                self.rows += 1
                yield RecordError(number, None, None, None, row)
                continue
            if len(row) != width:
                if not "".join(row).strip():
                    continue  # a blank line: no data, nothing to report
                self.rows += 1
                ref = row[i_ref].strip() if i_ref < len(row) else ""
                yield RecordError(
                    number,
                    ref[:_VALUE_LENGTH] or None,
                    None,
                    None,
                    f"has {len(row)} cell(s) but the header has {width} column(s)",
                )
                continue
            reference = row[i_ref].strip()
            if not reference:
                if not "".join(row).strip():
                    continue
                self.rows += 1
                yield self._error(
                    number,
                    None,
                    "reference",
                    row[i_ref],
                    "missing; every row needs a complaint reference",
                )
                continue
            self.rows += 1
            if unique:
                first = seen.setdefault(reference, number)
                if first != number:
                    yield self._error(
                        number,
                        reference[:_VALUE_LENGTH],
                        "reference",
                        row[i_ref],
                        f"{shown(reference)} was already used on row {first}; "
                        "each complaint must appear once",
                    )
                    continue
                row.append("")  # the cell of every column the file lacks
            yield number, row, reference

    def _assemble(self, number: int, row: list[str], reference: str) -> tuple[int, list[str], str]:
        """A one-row-per-complaint row in canonical order, with its side-file rows joined."""
        assembly = Assembly.new(number, self._width)
        for name, position in self._found.index.items():
            assembly.put(POSITION[name], row[position], number)
        for j, (position, _name) in enumerate(self._found.attributes):
            assembly.put(_WIDE + j, row[position], number)
        return self._finish(assembly, reference)

    def _finish(self, assembly: Assembly, reference: str) -> tuple[int, list[str], str]:
        problems = []
        for side in self._sides.pop(reference, ()):
            place = place_extension if side.stage else place_remedy
            why = place(assembly, side)
            if why is not None:
                problems.append(side_error(side, why))
        self._late_errors = [*getattr(self, "_late_errors", []), *problems]
        return (
            assembly.first_row,
            [*assembly.cells, "", ",".join(map(str, assembly.rows))],
            reference,
        )

    def _unjoined(self) -> Iterator[RecordError]:
        """Side-file rows that could not be joined, once every complaint has been read."""
        for error in [*getattr(self, "_side_errors", []), *getattr(self, "_late_errors", [])]:
            self.rows += 1
            yield error
        for reference, sides in self._sides.items():
            for side in sides:
                self.rows += 1
                yield side_error(side, f"no complaint {reference!r} in the export")

    def _stage_rows(self) -> Iterator[tuple[int, list[str], str] | RecordError]:
        """Read every row, then put each complaint together from its stage rows."""
        index = self._found.index
        i_stage = index[STAGE_COLUMN] if STAGE_COLUMN in index else self._stage_position()
        stages_vocabulary = self._vocabularies.stages
        assemblies: dict[str, Assembly] = {}
        for item in self._checked(unique=False):
            if isinstance(item, RecordError):
                yield item
                continue
            number, row, reference = item
            label = row[i_stage].strip()
            stage = stage_number(label, stages_vocabulary) if label else None
            if stage is None:
                yield self._error(
                    number,
                    reference,
                    STAGE_COLUMN,
                    label,
                    f"{label!r} is not a stage (1, 2, 3, 'Stage 1', 'Escalation'…); "
                    "map the export's word in the column map's [stages] table"
                    if label
                    else "missing; every row of a one-row-per-stage export needs its stage",
                )
                continue
            assembly = assemblies.get(reference)
            if assembly is None:
                assembly = assemblies[reference] = Assembly.new(number, self._width)
            if stage in assembly.stages:
                yield self._error(
                    number,
                    reference,
                    STAGE_COLUMN,
                    label,
                    f"stage {stage} of {reference!r} is already on row {assembly.stages[stage]}",
                )
                continue
            lost = [
                name
                for name, position in index.items()
                if name not in (STAGE_COLUMN, "reference")
                and wide_name(name, stage) is None
                and not self._parser.blank(row[position])
            ]
            if lost:
                # A stage 3 row cannot hold an acknowledgement, response items or an
                # extension: refused, never dropped (an extension would move a deadline).
                yield self._error(
                    number,
                    reference,
                    lost[0],
                    row[index[lost[0]]],
                    f"a stage {stage} row cannot hold "
                    f"{', '.join(repr(self._columns.get(n, n)) for n in lost)}: "
                    f"complaintcode keeps no acknowledgement date, response items or "
                    f"extensions for stage {stage}; leave those cells blank on its rows",
                )
                continue
            assembly.stages[stage] = number
            for name, position in index.items():
                wide = wide_name(name, stage) if name != STAGE_COLUMN else None
                if wide is not None:
                    assembly.put(POSITION[wide], row[position], number)
            for j, (position, _name) in enumerate(self._found.attributes):
                assembly.put(_WIDE + j, row[position], number)
        for reference, assembly in assemblies.items():
            yield self._finish(assembly, reference)
        yield from self._unjoined()

    def _stage_position(self) -> int:
        name = self._cmap.theirs(STAGE_COLUMN).casefold()
        return next(i for i, cell in enumerate(self.header) if cell.casefold() == name)


def read_cases(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    columns: ColumnMap | None = None,
    date_format: str | None = None,
    layout: str | None = None,
    extensions: str | os.PathLike[str] | None = None,
    remedies: str | os.PathLike[str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    empty_values: Iterable[str] | None = None,
    delimiter: str | None = None,
) -> CaseReader:
    r"""Read complaints from an export: a CSV file or text stream, or an Excel workbook.

    Yields, in file order, one item per data row: a :class:`~complaintcode.model.Complaint`,
    or a :class:`RecordError` naming the row, the column and every problem found.
    Reading goes on after a bad row; rows with no data at all (blank lines, or only
    commas) are skipped. Memory stays constant apart from the set of references seen
    (to find duplicates), except for a one-row-per-stage export, whose rows are all
    read before its complaints are put together.

    ``source`` is a path or an open text stream, or a seekable binary stream holding a
    workbook (such as an upload in an ``io.BytesIO``). A path is read as a workbook when
    its content is one (``.xlsx``, ``.xls``, ``.ods``; needs the ``excel`` extra), else as
    CSV text in ``encoding`` (default UTF-8, a byte-order mark allowed). ``columns``
    maps the landlord's column names and words; ``date_format`` is ``"iso"`` or
    ``"dd/mm/yyyy"`` (ISO dates are read in either case) and defaults to the column
    map's, else ``"iso"``. ``layout`` is ``"complaints"`` or ``"stages"`` (by default,
    ``"stages"`` when the header has a ``stage`` column). ``extensions`` and
    ``remedies`` name separate files of extensions (reference, stage, notified, days,
    reason, good_reason, ombudsman_details) and remedies (reference, kind, description,
    offered, due, completed, amount). ``sheet`` picks a workbook's sheet (its name, or
    its number from 1); ``header_row`` the row holding the column names (rows above it,
    such as a title, are skipped); ``empty_values`` replaces the words read as an empty
    cell; ``delimiter`` is the character between a CSV file's cells (``","`` by default,
    ``";"``, ``"\t"`` or ``"|"``; the words ``"tab"``, ``"semicolon"``, ``"pipe"`` and
    ``"comma"`` are read too), used for the separate files as well. Each of these
    overrides the column map's setting. A header that lacks the required columns but
    would have them split at another delimiter is an error naming that delimiter.

    Raises:
        InvalidRecords: at once, before any row, when the file is empty, cannot be decoded,
            is a workbook without the ``excel`` extra installed, or lacks a required
            column or a column the map names. A stream that turns out not to be
            decodable part-way through raises it when reached.
        InvalidArgument: for an unknown ``date_format``, ``layout`` or ``delimiter``, or a
            binary stream that does not hold a workbook.
        OSError: when the file cannot be opened.

    >>> cases = read_cases("examples/messy.csv", columns=ColumnMap.from_toml("examples/columns.toml"))
    >>> first = next(cases)
    >>> first.reference, first.received, first.attribute("team")
    ('HC-1001', datetime.date(2024, 4, 2), 'Repairs North')
    >>> cases.close()
    """  # noqa: E501
    cmap, dmy, text_encoding, options = reader_options(
        columns, date_format, layout, header_row, encoding, empty_values, delimiter
    )
    sides = {"extensions": extensions, "remedies": remedies}
    owned, table, opened = open_tables(
        source, sides, text_encoding, sheet or cmap.sheet, str(options["delimiter"])
    )
    return CaseReader(table, owned, cmap, dmy, sides=opened, **options)  # type: ignore[arg-type]
