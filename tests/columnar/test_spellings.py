"""Dates read on whole columns: the ten-byte shortcut means what the reader means.

A column whose every filled cell is ten bytes is read as a matrix of bytes
(``YYYY-MM-DD`` only); the answer is the one ``date.fromisoformat`` gives for those
cells, and the one the general byte-by-byte reading gives.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from complaintcode.columnar._days import NA
from complaintcode.columnar._spellings import _days_of, parse_days

_DATE = st.builds(
    # Real dates and near misses: day 0, day 29 to 31 of any month, month 0 and 13,
    # year 0, century years that are and are not leap years.
    "{:04d}-{:02d}-{:02d}".format,
    st.sampled_from([0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999]),
    st.integers(0, 13),
    st.integers(0, 32),
)
_CLOCK = st.builds(
    "{}{:02d}:{:02d}{}".format,
    st.sampled_from([" ", "T", "_"]),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":60", ":5x", "+01:00"]),
)
_CELL = st.one_of(
    _DATE,
    st.builds("{}{}".format, _DATE, _CLOCK),
    st.sampled_from(
        ["", "03/05/2024", "03/05/2024 10:00", "2024/05/03", "2024-05-3 ", "2024-5-03x",
         "9/5/2024", "２０２４-05", "2024-05-03 1:00"]
    ),
)  # fmt: skip


def _expected(cell: str) -> int | None:
    try:
        return date.fromisoformat(cell).toordinal() if len(cell) == 10 else None
    except ValueError:
        return None


def _general(cells: list[str], column: pa.Array, dmy: bool) -> tuple[np.ndarray, ...]:
    n = len(cells)
    return _days_of(
        column,
        np.flatnonzero([bool(c) for c in cells]),
        True,
        dmy,
        np.full(n, NA, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        np.zeros(n, dtype=bool),
        np.asarray([not c for c in cells]),
    )


@given(st.lists(_CELL, min_size=1, max_size=40), st.booleans())
def test_dates_read_on_whole_columns_as_the_general_reading_reads_them(
    cells: list[str], dmy: bool
) -> None:
    """Blank cells, real and impossible dates, times, other spellings, with and without dd/mm."""
    column = pa.array(cells, pa.string())
    day, seconds, ok, blank = parse_days(column, times=True, dmy=dmy)
    general = _general(cells, column, dmy)
    assert ok.tolist() == general[2].tolist()
    assert np.where(ok, day, NA).tolist() == np.where(ok, general[0], NA).tolist()
    assert np.where(ok, seconds, -1).tolist() == np.where(ok, general[1], -1).tolist()
    assert blank.tolist() == [not c for c in cells]


@given(st.lists(st.one_of(_DATE, st.just("")), min_size=1, max_size=40))
def test_ten_byte_dates_are_the_days_date_fromisoformat_reads(cells: list[str]) -> None:
    """A column of ``YYYY-MM-DD`` cells (and blanks): the shortcut of ten bytes a row."""
    day, _, ok, _ = parse_days(pa.array(cells, pa.string()), times=False)
    read = [int(d) if k else None for d, k in zip(day, ok, strict=True)]
    assert read == [_expected(c) for c in cells]
