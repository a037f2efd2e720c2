"""Reading a CSV export into columns means what the reader means, row for row.

Every generated file is read twice: straight into columns (the fast path, which hands
any row outside the canonical spelling to the reader) and by the reader alone. Checked
with the columnar engine, both give the same results table, cell for cell, including row
numbers, rejected rows and their errors.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from datetime import date, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintcode import WorkingDayCalendar, sample_path
from complaintcode.cli import main
from complaintcode.columnar import check_columns
from complaintcode.columnar._csv import (
    _blocks,
    _by_reader,
    blank_columns,
    parse_block,
    read_columns,
)
from complaintcode.records import CANONICAL_COLUMNS, read_cases

_CELLS = {
    "date": ["", "2024-05-03", "2024-05-07", "2024-05-20", "2024-06-28", "2024-02-30",
             "03/05/2024", " 2024-05-09", "TBC", "2024-05-09 10:00", "n/a", "09/05/2024 16:26:45",
             "9/5/2024", "30/02/2024", "05/13/2024", "2024-05-09T10:00:00", "10/05/2024T10:00"],
    "event": ["2024-05-03", "2024-05-03 17:30", "2024-05-04T09:00:00", "2024-05-03T25:00",
              "2024-05-03T10:00+01:00", "", "bad", "2024-05-03T10", "-", "03/05/2024 17:30",
              "04/05/2024 09:00:00", "03/05/2024  10:00", "03/05/2024 24:00"],
    "whole": ["", "5", "10", "20", "0", "-3", "10.0", "ten", "10 days", "0000000005",
              "1234567890", "N/A"],
    "flag": ["", "yes", "no", "true", "Y", "maybe", "none", "Yes"],
    "outcome": ["", "upheld", "PARTLY_UPHELD", "not upheld", "Upheld in part", "null"],
    "items": ["", "STAGE;DECISION", "STAGE;DEFINITION;DECISION;REASONS;REMEDY;"
              "OUTSTANDING_ACTIONS;ESCALATION_ROUTE", "STAGE;NOPE", " STAGE", "STAGE;", "NA"],
    "ground": ["", "OUT_OF_TIME", "legal proceedings have started", "nope", "TBC"],
    "kind": ["", "FINANCIAL", "apology", "compensation", "-"],
    "money": ["", "150", "150.00", "£1,250", "lots", "150.", "1,250", "9" * 41, "n/a"],
    "text": ["", "Officer A", "officer a ", "awaiting a survey", "Repairs, North", " ",
             "N/A", " tbc ", "-", 'say "hi"', "=SUM(1)", "a\rb"],
}  # fmt: skip


def _kind(column: str) -> str:
    if column in ("received", "escalation_received", "stage3_received"):
        return "event"
    if column.endswith(("_days", "refusal_stage")):
        return "whole"
    if column.endswith(("good_reason", "ombudsman_details", "_given")):
        return "flag"
    if column.endswith("outcome"):
        return "outcome"
    if column.endswith("items"):
        return "items"
    if column == "refusal_ground":
        return "ground"
    if column == "remedy_kind":
        return "kind"
    if column == "remedy_amount":
        return "money"
    if column in (
        "reference",
        "handler",
        "escalation_handler",
        "stage3_handler",
        "category",
        "tenure",
        "remedy_description",
    ) or column.endswith("reason"):
        return "text"
    return "date"  # fmt: skip


@st.composite
def _files(draw: st.DrawFn) -> str:
    columns = draw(
        st.lists(st.sampled_from(CANONICAL_COLUMNS[2:]), unique=True, max_size=20).map(
            lambda extra: ["reference", "received", *extra, "team"]
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for number in range(draw(st.integers(1, 12))):
        row: list[Any] = []
        for column in columns:
            if column == "reference":
                row.append(draw(st.sampled_from([f"R{number}", "R0", "", f" R{number} "])))
            elif column == "team":
                row.append(draw(st.sampled_from(["North", "", "South ", "NULL", "-"])))
            else:
                row.append(draw(st.sampled_from(_CELLS[_kind(column)])))
        shape = draw(st.sampled_from(["plain"] * 30 + ["short", "blank", "empty"]))
        if shape == "short":
            row = row[:-1]
        elif shape == "blank":
            row = [""] * len(columns)
        if shape == "empty":
            out.write("\n")
        else:
            writer.writerow(row)
    return out.getvalue()


def _table(batches: Any, as_of: date | None) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for cols in batches:
        for name, values in check_columns(cols, as_of=as_of).table_columns().items():
            out.setdefault(name, []).extend(str(v) for v in values)
    return out


def _both(path: Path, as_of: date | None = None) -> None:
    cal = WorkingDayCalendar.england_and_wales()
    for dates in (None, "dd/mm/yyyy"):
        with read_cases(path, date_format=dates) as reader:
            slow = _table(_by_reader(reader, cal, 0), as_of)
        # In one batch, and in batches of a few rows (repeats across batches, fallbacks part
        # way).
        for block in (1 << 22, 512):
            fast = read_columns(
                path, columns=None, date_format=dates, calendar=cal, block_bytes=block
            )
            assert _table(fast, as_of) == slow


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_files(), st.sampled_from([None, date(2024, 7, 31)]))
def test_any_file_reads_the_same_both_ways(tmp_path: Path, text: str, as_of: date | None) -> None:
    """Canonical and odd spellings, short, blank and empty rows, repeated references."""
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    _both(path, as_of)


def test_the_sample_reads_the_same_both_ways() -> None:
    """The bundled sample (every rule family) gives the same table both ways."""
    _both(sample_path())
    _both(sample_path(), date(2025, 3, 31))


def test_a_receipt_after_the_cut_off_keeps_its_day_both_ways(tmp_path: Path) -> None:
    """A receipt only the reader reads (a time with its offset), after a 17:00 cut-off.

    The batch's other receipts are plain dates. Received at 18:30 on Friday 3 May 2024
    (London), the complaint was received that day; its count starts on Saturday 4 May,
    so both engines give the same table and the received day stays 3 May.
    """
    path = tmp_path / "export.csv"
    path.write_text(
        "reference,received,acknowledged\n"
        "A,2024-05-03,2024-05-07\n"
        "B,2024-05-03T18:30:00+01:00,2024-05-07\n",
        encoding="utf-8",
    )
    cal = WorkingDayCalendar(cutoff=time(17))
    with read_cases(path) as reader:
        slow = list(_by_reader(reader, cal, 0))
    fast = list(read_columns(path, columns=None, date_format=None, calendar=cal))
    for batches in (slow, fast):
        (cols,) = batches
        stage = cols.stages[0]
        assert stage.received.tolist() == [date(2024, 5, 3).toordinal()] * 2
        assert stage.event.tolist() == [date(2024, 5, 3).toordinal(), date(2024, 5, 4).toordinal()]
    assert _table(fast, None) == _table(slow, None)


def _cli(path: Path, engine: str, *options: str) -> tuple[int, str, str]:
    out = path.with_suffix(f".{engine}.out")
    err = io.StringIO()
    chosen = [] if "--format" in options else ["--format", "csv"]
    with contextlib.redirect_stderr(err):
        status = main(
            ["check", str(path), *chosen, "--output", str(out), "--engine", engine, *options]
        )
    return status, out.read_text(encoding="utf-8"), err.getvalue()


_FORMATS = [["--format", "csv"], ["--format", "text"], ["--format", "text", "--quiet"]]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    _files(),
    st.sampled_from([[], ["--as-of", "2024-07-31"], ["--date-format", "dd/mm/yyyy"]]),
    st.sampled_from(_FORMATS),
)
def test_check_writes_the_same_bytes_with_either_engine(
    tmp_path: Path, text: str, options: list[str], fmt: list[str]
) -> None:
    """``check``, CSV and text: the same rows, summary and exit status, byte for byte."""
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert _cli(path, "columnar", *options, *fmt) == _cli(path, "object", *options, *fmt)


def test_check_on_the_sample_is_the_same_with_either_engine(tmp_path: Path) -> None:
    """The bundled sample through both engines, as of a year end and without a date."""
    path = tmp_path / "sample.csv"
    path.write_bytes(sample_path().read_bytes())
    for options in ([], ["--as-of", "2025-03-31"]):
        for fmt in _FORMATS:
            assert _cli(path, "columnar", *options, *fmt) == _cli(path, "object", *options, *fmt)


def test_columns_the_export_lacks_are_not_evidenced_by_either_engine(tmp_path: Path) -> None:
    """No acknowledgement column: neither engine reports late acknowledgements.

    Received Friday 3 May 2024; acknowledgement was due 5 working days later (Friday 10
    May, 1.4). With no ``acknowledged`` column at all the export does not say whether it
    was acknowledged, so ``stage1.acknowledgement`` is not evidenced; the response on 17
    May is within 10 working days (due 17 May), so the row is compliant.
    """
    path = tmp_path / "export.csv"
    path.write_text("reference,received,responded\nA-1,2024-05-03,2024-05-17\n", "utf-8")
    columnar = _cli(path, "columnar", "--as-of", "2024-07-31")
    assert columnar == _cli(path, "object", "--as-of", "2024-07-31")
    status, rows, err = columnar
    assert status == 0
    assert rows.splitlines()[1].split(",")[2] == "compliant"
    assert "no 'acknowledged' column" in err
    assert "stage1.acknowledgement: the export has no 'acknowledged' column" in err


def test_a_last_row_without_a_line_end_reads_the_same_both_ways(tmp_path: Path) -> None:
    """The last line of a file need not end in a newline: it is a row all the same."""
    path = tmp_path / "export.csv"
    path.write_text("reference,received\nA-1,2024-05-03\nA-2,2024-05-07", encoding="utf-8")
    _both(path)
    cal = WorkingDayCalendar.england_and_wales()
    fast = read_columns(path, columns=None, date_format=None, calendar=cal)
    assert _table(fast, None)["reference"] == ["A-1", "A-2"]


def test_a_column_blank_so_far_is_read_whole_when_it_fills(tmp_path: Path) -> None:
    """Columns blank in one block are expected blank in the next; any cell there still counts.

    Blocks of 512 bytes: the stage 2 handler, an extension's days and a remedy's amount are
    blank for the first rows, then hold a value, a quoted empty cell, a space or ``N/A``.
    """
    path = tmp_path / "export.csv"
    header = "reference,received,escalation_received,escalation_handler,s1_ext1_days,remedy_amount"
    blank = [f"B-{k},2024-05-03,,,," for k in range(40)]
    later = [
        "L-1,2024-05-03,2024-06-03,Officer B,,",
        'L-2,2024-05-03,,"",,',
        "L-3,2024-05-03,,, ,",
        "L-4,2024-05-03,,,N/A,",
        "L-6,2024-05-03,,,,150",
        "L-5,2024-05-03,,,,",
    ]
    # Each odd row after some 40 blank ones, so that its block expects the column blank.
    lines = [header, *[line for row in later for line in (*blank[:40], row)], *blank[:3]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _both(path)
    cal = WorkingDayCalendar.england_and_wales()
    table = _table(read_columns(path, columns=None, date_format=None, calendar=cal), None)
    rows = {ref: k for k, ref in enumerate(table["reference"]) if ref.startswith("L")}
    assert table["stage2_received"][rows["L-1"]] == "2024-06-03"


def test_a_column_expected_blank_parses_as_without_the_expectation() -> None:
    """Expecting a column blank changes how it is parsed, never what it holds."""
    cells = (b"x", b'""', b" ", b"N/A", b"NA", b"NULL", b"null", b"-")
    for data in (b"1,\n2,\n", b"1,\n2\n", *(b"1,\n2," + cell + b"\n" for cell in cells)):
        guessed = parse_block(data, 2, False, blank=[1])
        plain = parse_block(data, 2, False)
        if plain is None:
            assert guessed is None
            continue
        assert guessed.schema == plain.schema
        assert guessed.to_pylist() == plain.to_pylist()
    table = parse_block(b"1,,a\n2,,b\n", 3, False, text=[0])
    assert blank_columns(table) == {1}
    assert blank_columns(parse_block(b"1,,a\n2,x,b\n", 3, False, text=[0])) == frozenset()


def test_a_cell_longer_than_a_cell_may_be_reads_the_same_both_ways(tmp_path: Path) -> None:
    """A cell of 140,000 characters is the reader's error for its row, by either path.

    The reader takes cells of up to 131,072 characters; the rows around it are judged.
    """
    path = tmp_path / "export.csv"
    long = "x" * 140_000
    path.write_text(
        f"reference,received,notes\nA-1,2024-05-03,\nA-2,2024-05-03,{long}\nA-3,2024-05-03,\n",
        encoding="utf-8",
    )
    _both(path)
    cal = WorkingDayCalendar.england_and_wales()
    table = _table(read_columns(path, columns=None, date_format=None, calendar=cal), None)
    assert table["result"] == ["compliant", "rejected", "compliant"]
    assert "140,000 characters" in table["error"][1]


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet="ab,\r", max_size=30), max_size=12),
    st.booleans(),
    st.integers(1, 40),
    st.data(),
)
def test_blocks_cut_a_file_at_line_ends(
    tmp_path: Path, lines: list[str], ended: bool, size: int, data: st.DataObject
) -> None:
    """Blocks put back together are the file from the start given, each cut after a line end.

    A block is longer than the size asked for only where its first line is; only the last
    block may end without a line end.
    """
    content = ("\n".join(lines) + ("\n" if ended and lines else "")).encode()
    path = tmp_path / "blocks.csv"
    path.write_bytes(content)
    starts = [0] + [i + 1 for i, byte in enumerate(content) if byte == 10]
    start = data.draw(st.sampled_from(starts))
    blocks = [(offset, bytes(block)) for offset, block in _blocks(path, size, start)]
    assert b"".join(block for _, block in blocks) == content[start:]
    ends = itertools.accumulate([len(block) for _, block in blocks], initial=start)
    assert [offset for offset, _ in blocks] == list(ends)[:-1]
    for _, block in blocks[:-1]:
        assert block.endswith(b"\n")
    for _, block in blocks:
        assert block
        assert len(block) <= size or b"\n" not in block[:size]
