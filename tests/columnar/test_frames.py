"""check_frame and check_batches: tables in, the CLI's CSV columns out."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from complaintcode import Complaint, Stage, sample_path
from complaintcode.cli import main
from complaintcode.columnar import RESULT_COLUMNS, check_batches, check_complaints, check_frame
from complaintcode.errors import InvalidArgument


def _cli_rows(tmp_path: Path, *options: str) -> list[dict[str, str]]:
    out = tmp_path / "out.csv"
    main(["check", "--sample", "--format", "csv", "--output", str(out), *options])
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sample_as_text() -> pa.Table:
    options = pacsv.ConvertOptions(
        column_types={}, strings_can_be_null=False, auto_dict_encode=False
    )
    table = pacsv.read_csv(sample_path(), convert_options=options)
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))


@pytest.mark.parametrize("as_of", [None, "2025-03-31"])
def test_check_frame_gives_the_cli_csv_cell_for_cell(tmp_path: Path, as_of: str | None) -> None:
    """The bundled sample: every cell of every row equals ``check --format csv``'s."""
    options = ["--as-of", as_of] if as_of else []
    expected = _cli_rows(tmp_path, *options)
    results = check_frame(
        _sample_as_text(), as_of=date.fromisoformat(as_of) if as_of else None
    ).to_pylist()
    assert len(results) == len(expected)
    for mine, theirs in zip(results, expected, strict=True):
        assert list(mine) == list(theirs) == list(RESULT_COLUMNS)
        assert {k: _text(v) for k, v in mine.items()} == theirs


def test_pandas_polars_and_arrow_give_the_same_results() -> None:
    """The kind of table comes back, with the same values, whichever kind went in."""
    table = _sample_as_text().slice(0, 200)
    arrow = check_frame(table)
    pandas = check_frame(table.to_pandas())
    polars = check_frame(pl.from_arrow(table))
    assert isinstance(pandas, pd.DataFrame)
    assert isinstance(polars, pl.DataFrame)
    assert pandas["rules"].tolist() == arrow.column("rules").to_pylist()
    assert polars["findings"].to_list() == arrow.column("findings").to_pylist()


def test_typed_columns_mean_what_their_text_means() -> None:
    """Dates, London date-times, booleans and whole floats are read as the CSV text is."""
    typed = pd.DataFrame(
        {
            "reference": ["T-1", "T-2"],
            "received": pd.to_datetime(["2024-05-03 18:30", "2024-05-07 09:00"]),
            "acknowledged": [date(2024, 5, 7), date(2024, 5, 20)],
            "s1_ext1_notified": [None, date(2024, 5, 20)],
            "s1_ext1_days": [None, 5.0],
            "s1_ext1_reason": [None, ""],
            "s1_ext1_ombudsman_details": [None, True],
        }
    )
    text = pd.DataFrame(
        {
            "reference": ["T-1", "T-2"],
            "received": ["2024-05-03T18:30:00", "2024-05-07T09:00:00"],
            "acknowledged": ["2024-05-07", "2024-05-20"],
            "s1_ext1_notified": ["", "2024-05-20"],
            "s1_ext1_days": ["", "5"],
            "s1_ext1_reason": ["", ""],
            "s1_ext1_ombudsman_details": ["", "yes"],
        }
    )
    as_of = date(2024, 7, 1)
    got = check_frame(typed, as_of=as_of).astype(str)
    want = check_frame(text, as_of=as_of).astype(str)
    assert got.to_dict("records") == want.to_dict("records")
    assert "stage1.extension-reason" in want.loc[1, "rules"]


def test_a_bad_row_is_rejected_with_the_readers_words() -> None:
    """A row the reader rejects stays in the results, as "rejected", with its error."""
    frame = pd.DataFrame({"reference": ["B-1", "B-2"], "received": ["2024-05-03", "3/5/2024"]})
    results = check_frame(frame)
    assert results["result"].tolist() == ["compliant", "rejected"]
    assert results.loc[1, "row"] == 3
    assert results.loc[1, "error"].startswith("received: '3/5/2024'")


def test_row_numbers_run_on_across_batches() -> None:
    """Batches are numbered as one file: the second batch's first row follows the first's."""
    batch = pa.RecordBatch.from_pydict({"reference": ["R-1"], "received": ["2024-05-03"]})
    other = pa.RecordBatch.from_pydict({"reference": ["R-2"], "received": ["2024-05-03"]})
    rows = [b.column("row")[0].as_py() for b in check_batches([batch, other])]
    assert rows == [2, 3]


def test_importing_complaintcode_does_not_import_the_columnar_stack() -> None:
    """A case system that never checks tables does not pay for numpy or pyarrow."""
    code = (
        "import sys, complaintcode, complaintcode.columnar; "
        "print(sorted(m for m in ('numpy', 'pyarrow', 'polars', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_empty_table_gives_an_empty_result() -> None:
    """No rows in, no rows out, with every result column."""
    table = pa.table(
        {"reference": pa.array([], pa.string()), "received": pa.array([], pa.string())}
    )
    assert check_frame(table).column_names == list(RESULT_COLUMNS)


def _late_and_on_time() -> list[Complaint]:
    # Received Friday 2024-05-03; Monday the 6th is a bank holiday, so acknowledgement is due
    # Monday 13 May (2024 Code 6.2): the 15th is late, the 7th is on time. The response is
    # due 10 working days after the acknowledgement: L-1 never sent one; L-2's on Friday 17th
    # is on time (due Tuesday 21 May).
    on_time = Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17))
    return [
        Complaint("L-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))]),
        Complaint("L-2", [on_time]),
    ]


def test_the_three_table_kinds_of_check_complaints_hold_the_same_values() -> None:
    """to_arrow, to_pandas and to_polars: the same columns, rows and cells."""
    results = check_complaints(_late_and_on_time(), as_of=date(2024, 6, 28))
    arrow = results.to_arrow().to_pylist()
    pandas = results.to_pandas()
    polars = results.to_polars()
    assert list(pandas.columns) == list(polars.columns) == list(RESULT_COLUMNS)
    assert [r["rules"] for r in arrow] == ["stage1.acknowledgement;stage1.response", ""]
    for name in ("reference", "result", "rules", "findings"):
        # A missing cell is None in arrow and polars, NaN in pandas: compared as text.
        mine = [_text(v) for v in pandas[name].tolist()]
        assert mine == [_text(v) for v in polars[name].to_list()]
        assert mine == [_text(r[name]) for r in arrow]
    # The count columns are whole numbers in every kind (pandas' nullable Int64).
    assert str(pandas["breaches"].dtype) == "Int64"
    assert pandas["breaches"].tolist() == polars["breaches"].to_list() == [2, 0]


def test_without_messages_the_findings_column_is_empty_but_the_rules_are_kept() -> None:
    """messages=False: rule ids still listed; no finding text is built."""
    table = check_complaints(_late_and_on_time(), as_of=date(2024, 6, 28)).to_pandas(messages=False)
    assert table["rules"].tolist()[0] == "stage1.acknowledgement;stage1.response"
    assert set(table["findings"].tolist()) <= {None, ""}


def test_a_datetime_as_of_is_read_as_its_london_day() -> None:
    """as_of 2024-05-13 23:30 UTC is 00:30 on the 14th in London: the 13th deadline has passed."""
    late = [Complaint("L-3", [Stage(1, date(2024, 5, 3))])]
    utc = datetime(2024, 5, 13, 23, 30, tzinfo=UTC)
    assert [f.rule for f in check_complaints(late, as_of=utc).findings(0)] == [
        "stage1.acknowledgement"
    ]
    on_the_day = datetime(2024, 5, 13, 22, 30, tzinfo=UTC)  # 23:30 in London, still the 13th
    assert check_complaints(late, as_of=on_the_day).findings(0) == ()


def test_options_that_check_would_refuse_are_refused_by_name() -> None:
    """as_of as text and an unknown late_acknowledgement: InvalidArgument naming the option."""
    with pytest.raises(InvalidArgument, match=r"as_of.*'2024-06-28'"):
        check_complaints(_late_and_on_time(), as_of="2024-06-28")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"late_acknowledgement.*'late'"):
        check_complaints(_late_and_on_time(), late_acknowledgement="late")  # type: ignore[arg-type]


def test_a_record_batch_and_a_batch_reader_are_checked_as_tables() -> None:
    """check_frame takes one RecordBatch, or a RecordBatchReader, and gives record batches."""
    batch = pa.RecordBatch.from_pydict({"reference": ["R-1"], "received": ["2024-05-03"]})
    one = check_frame(batch)
    reader = pa.RecordBatchReader.from_batches(batch.schema, [batch, batch])
    streamed = check_frame(reader)
    assert one.column("result").to_pylist() == ["compliant"]
    assert streamed.column("row").to_pylist() == [2, 3]


def test_something_that_is_not_a_table_is_refused_naming_its_type() -> None:
    """A number is no table: InvalidArgument naming ``data``, its type and what is accepted."""
    with pytest.raises(
        InvalidArgument, match=r"^data must be a pandas or polars DataFrame.*; got 'int'$"
    ):
        check_frame(42)
