r"""Reading complaints from landlords' exports: CSV or Excel, a row per complaint or per stage.

:func:`read_cases` streams an export in the format described in the "Check your export"
guide and yields, for every data row, either a :class:`~complaintcode.model.Complaint`
or a :class:`RecordError` naming every problem of the row. Nothing is dropped silently:
in a one-row-per-complaint export the number of data rows read equals the complaints
plus the errors yielded. A file that cannot be read at all (empty, not decodable, or
lacking a required column) raises :class:`InvalidRecords` before any row.

:class:`ColumnMap` maps the canonical column names to a landlord's own, and can be
loaded from a small TOML file.

>>> import io
>>> text = '''reference,received,acknowledged,responded,team
... HC-1,2024-05-03,2024-05-07,2024-05-17,North
... HC-2,2024-05-07,2024-05-06,,South
... '''
>>> for item in read_cases(io.StringIO(text)):
...     print(item if isinstance(item, RecordError) else item.reference)
HC-1
row 3 (ref HC-2): acknowledged: 2024-05-06 is before the stage was received on 2024-05-07

Row numbers are the ones a spreadsheet shows: the header is row 1, so the first data
row is row 2. A quoted cell that spans several lines still belongs to one row.

The package's modules each have one role: :mod:`~complaintcode.records.columns` (the
canonical column names), :mod:`~complaintcode.records.columnmap` (the column map),
:mod:`~complaintcode.records.vocabularies` (landlords' words for outcomes, grounds…),
:mod:`~complaintcode.records.cells` (reading one cell),
:mod:`~complaintcode.records.layout` (finding the columns in a header),
:mod:`~complaintcode.records.rows` (one row to one complaint),
:mod:`~complaintcode.records.joins` (one complaint from several rows or files),
:mod:`~complaintcode.records.tables` (CSV text and workbooks as numbered rows),
:mod:`~complaintcode.records.source` (the reader),
:mod:`~complaintcode.records.guess` (a starter column map from an export) and
:mod:`~complaintcode.records.errors` (what can go wrong). Every public name is
importable from ``complaintcode.records``.
"""

from __future__ import annotations

from complaintcode.records.columnmap import ColumnMap
from complaintcode.records.columns import (
    CANONICAL_COLUMNS,
    DATE_FORMATS,
    EXTENSION_COLUMNS,
    LAYOUTS,
    REMEDY_COLUMNS,
    REQUIRED_COLUMNS,
)
from complaintcode.records.errors import InvalidColumnMap, InvalidRecords, RecordError
from complaintcode.records.guess import ColumnGuess, guess_columns
from complaintcode.records.source import CaseReader, read_cases
from complaintcode.records.vocabularies import EMPTY_VALUES

__all__ = [
    "CANONICAL_COLUMNS",
    "DATE_FORMATS",
    "EMPTY_VALUES",
    "EXTENSION_COLUMNS",
    "LAYOUTS",
    "REMEDY_COLUMNS",
    "REQUIRED_COLUMNS",
    "CaseReader",
    "ColumnGuess",
    "ColumnMap",
    "InvalidColumnMap",
    "InvalidRecords",
    "RecordError",
    "guess_columns",
    "read_cases",
]

# The public objects are presented, documented and pickled under the package's name, where
# 0.1.0 defined them (its tracebacks, reprs and doctests say complaintcode.records.X).
for _public in (
    CaseReader,
    ColumnGuess,
    ColumnMap,
    InvalidColumnMap,
    InvalidRecords,
    RecordError,
    guess_columns,
    read_cases,
):
    _public.__module__ = __name__
del _public
