"""Cells of ``check --format csv`` built on whole columns are the cells Python's writer writes.

Free text is made safe for a spreadsheet (``excel_safe``) and quoted as the ``csv``
module quotes it; dates are written ``YYYY-MM-DD`` from a table of the days met so far.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from complaintcode.cli.output import excel_safe
from complaintcode.columnar._batch import _cell, _day_cells, _python_cell
from complaintcode.columnar._days import NA

_PIECES = ["", " ", "  ", "a", "Repairs", ",", '"', "\n", "\r", "\r\n", "=", "+", "-", "@",
           "\t", "\uff1d", "\uff0b", "\uff0d", "\uff20", "é", "£", "\uff41"]  # fmt: skip


def _written(text: str) -> str:
    """The cell as the writer writes it in a row of several (alone, a blank one is ``""``)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([excel_safe(text), "next"])
    return out.getvalue().removesuffix(",next\n")


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join), max_size=30))
def test_free_text_cells_are_written_as_the_csv_writer_writes_them(cells: list[str]) -> None:
    """Formula starts (after spaces, full width), quotes, commas, line breaks, CRs, blanks."""
    assert _cell(pa.array(cells, pa.string())).to_pylist() == [_written(c) for c in cells]


@given(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join))
def test_words_made_ready_one_by_one_are_written_as_the_csv_writer_writes_them(text: str) -> None:
    """A tenure, category or error, made ready once for a table of cells, is the same cell."""
    assert _python_cell(text) == _written(text)


_EPOCH = 719_163  # date(1970, 1, 1).toordinal()


@given(
    st.lists(
        st.one_of(st.none(), st.integers(-200_000, 200_000)),  # days from 1970, both ways
        min_size=1,
        max_size=20,
    ),
    st.lists(st.integers(-100_000, 100_000), max_size=3),
    st.booleans(),
)
def test_dates_are_written_as_arrow_writes_them(
    days: list[int | None], before: list[int], comma: bool
) -> None:
    """Blank, far apart (more than 550 years: cast one by one), after other batches."""
    for day in before:  # batches before this one: the table of days may have grown
        _day_cells([np.asarray([_EPOCH + day])], [False])
    ordinals = np.asarray([NA if d is None else _EPOCH + d for d in days], dtype=np.int64)
    written = pc.cast(pa.array(days, pa.date32()), pa.string()).fill_null("").to_pylist()
    expected = [f"{cell}," for cell in written] if comma else written
    assert _day_cells([ordinals], [comma])[0].to_pylist() == expected
