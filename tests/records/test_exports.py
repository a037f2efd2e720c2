"""Reading real exports: layouts, workbooks, encodings, words, and hostile input."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from complaintcode.model import Complaint, Outcome
from complaintcode.records import (
    ColumnMap,
    InvalidColumnMap,
    InvalidRecords,
    RecordError,
    read_cases,
)
from support import read_text


def only(items: list[Complaint | RecordError]) -> Complaint:
    assert len(items) == 1, items
    assert isinstance(items[0], Complaint), items
    return items[0]


def failure(items: list[Complaint | RecordError]) -> RecordError:
    assert len(items) == 1, items
    assert isinstance(items[0], RecordError), items
    return items[0]


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize("word", ["", "-", "N/A", "n/a", "NA", "TBC", "none", "NULL", " tbc "])
def test_empty_value_words_read_as_blank(word: str) -> None:
    c = only(read_text(f"reference,received,acknowledged,handler\nHC-1,2024-05-03,{word},{word}\n"))
    assert (c.stages[0].acknowledged, c.stages[0].handler) == (None, None)


def test_the_column_map_replaces_the_empty_words() -> None:
    cmap = ColumnMap(empty_values=["?"])
    ok = only(read_text("reference,received,acknowledged\nHC-1,2024-05-03,?\n", columns=cmap))
    assert ok.stages[0].acknowledged is None
    err = failure(read_text("reference,received,acknowledged\nHC-1,2024-05-03,TBC\n", columns=cmap))
    assert (err.field, err.value) == ("acknowledged", "TBC")


@pytest.mark.parametrize(
    ("word", "outcome"),
    [
        ("Upheld in part", Outcome.PARTLY_UPHELD),
        ("Partly upheld", Outcome.PARTLY_UPHELD),
        ("Partially upheld", Outcome.PARTLY_UPHELD),
        ("Not upheld", Outcome.NOT_UPHELD),
    ],
)
def test_default_outcome_words(word: str, outcome: Outcome) -> None:
    c = only(read_text(f"reference,received,outcome\nHC-1,2024-05-03,{word}\n"))
    assert c.stages[0].outcome is outcome


def test_the_column_map_adds_words_and_an_unmapped_word_names_value_and_column() -> None:
    text = "Ref,received,Result\nHC-1,2024-05-03,Resolved\n"
    cmap = ColumnMap({"reference": "Ref", "outcome": "Result"})
    err = failure(read_text(text, columns=cmap))
    assert (err.field, err.column, err.value) == ("outcome", "Result", "Resolved")
    assert "'Resolved' is not an outcome" in str(err)
    mapped = ColumnMap({"reference": "Ref", "outcome": "Result"}, outcomes={"Resolved": "upheld"})
    assert only(read_text(text, columns=mapped)).stages[0].outcome is Outcome.UPHELD


def test_a_word_mapped_to_nothing_known_is_refused() -> None:
    with pytest.raises(InvalidColumnMap, match="outcomes: 'Resolved' = 'sorted' is not one of"):
        ColumnMap(outcomes={"Resolved": "sorted"})


def test_vocabularies_and_settings_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text(
        'encoding = "cp1252"\nheader_row = 2\nempty_values = ["--"]\n'
        '[columns]\nreference = "Case"\n[yes_no]\n"Ja" = "yes"\n[outcomes]\n"Done" = "upheld"\n'
        '[stages]\n"Review" = 2\n',
        encoding="utf-8",
    )
    cmap = ColumnMap.from_toml(path)
    assert (cmap.encoding, cmap.header_row, cmap.empty_values) == ("cp1252", 2, ("--",))
    export = tmp_path / "export.csv"
    export.write_bytes(
        "Title £\nCase,received,outcome,s1_ext1_notified,s1_ext1_days,s1_ext1_good_reason\n"
        "HC-1,2024-05-03,Done,2024-05-10,10 days,Ja\n".encode("cp1252")
    )
    c = only(list(read_cases(export, columns=cmap)))
    assert c.stages[0].outcome is Outcome.UPHELD
    assert c.stages[0].extensions[0].good_reason is True
    assert c.stages[0].extensions[0].working_days == 10


@pytest.mark.parametrize("cell", ["10", "10.0", "10.00", "10 days", "10 working days", " 10 "])
def test_whole_numbers_with_a_point_or_a_unit(cell: str) -> None:
    header = "reference,received,s1_ext1_notified,s1_ext1_days"
    c = only(read_text(f"{header}\nHC-1,2024-05-03,2024-05-07,{cell}\n"))
    assert c.stages[0].extensions[0].working_days == 10


# --------------------------------------------------------------------------- dates


def test_received_keeps_its_time_and_other_columns_their_london_day() -> None:
    text = (
        "reference,received,acknowledged,responded\n"
        "HC-1,2024-11-15 16:26:00,2024-11-18T09:00,2024-11-29 23:59:59\n"
    )
    stage = only(read_text(text)).stages[0]
    assert stage.received == datetime(2024, 11, 15, 16, 26)
    assert (stage.acknowledged, stage.responded) == (date(2024, 11, 18), date(2024, 11, 29))


def test_dd_mm_is_never_guessed_even_with_a_time() -> None:
    err = failure(read_text("reference,received\nHC-1,03/01/2025 09:50\n"))
    assert "dd/mm/yyyy dates are read only when you say so" in err.message


@pytest.mark.parametrize("cell", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_date_times_with_no_london_day_are_errors(cell: str) -> None:
    err = failure(read_text(f"reference,received,acknowledged\nHC-1,2024-05-03,{cell}\n"))
    assert err.field == "acknowledged"


# --------------------------------------------------------------------------- rows and files


def test_header_row_skips_title_rows_and_numbers_stay_the_files() -> None:
    text = "Complaints export\n\nreference,received,acknowledged\nHC-1,2024-05-03,soon\n"
    err = failure(read_text(text, header_row=3))
    assert err.row == 4


def test_every_problem_of_a_row_is_reported() -> None:
    header = "reference,received,acknowledged,outcome,s1_ext1_notified,s1_ext1_days"
    err = failure(read_text(f"{header}\nHC-1,2024-05-03,someday,Resolved,2024-05-07,ten\n"))
    assert [p.field for p in err.problems] == ["acknowledged", "outcome", "s1_ext1_days"]
    assert str(err).count(";") >= 2


def test_absent_fields_name_the_columns_the_export_lacks() -> None:
    reader = read_cases(io.StringIO("reference,received,s1_ext1_notified\n"))
    assert "s1_ext1_ombudsman_details" in reader.absent_fields
    assert "s1_ext1_notified" not in reader.absent_fields
    assert "reference" not in reader.absent_fields


STAGES = (
    "reference,stage,received,acknowledged,responded,outcome,team\n"
    "HC-2,Escalation,2024-06-03,2024-06-05,2024-06-20,Not upheld,\n"
    "HC-1,Stage 1,2024-05-03,2024-05-07,2024-05-17,Upheld,North\n"
    "HC-2,Stage 1,2024-05-01,2024-05-02,2024-05-10,Not upheld,South\n"
)


def test_one_row_per_stage_is_recognised_and_joined() -> None:
    reader = read_cases(io.StringIO(STAGES))
    items = list(reader)
    assert reader.layout == "stages"
    by_ref = {c.reference: c for c in items if isinstance(c, Complaint)}
    assert [s.number for s in by_ref["HC-2"].stages] == [1, 2]
    assert by_ref["HC-2"].stages[1].received == date(2024, 6, 3)
    assert by_ref["HC-2"].attribute("team") == "South"
    assert "escalation_items" in reader.absent_fields
    assert "escalation_acknowledged" not in reader.absent_fields


def test_stage_rows_errors_name_the_original_row() -> None:
    text = STAGES.replace("HC-2,Escalation,2024-06-03,2024-06-05", "HC-2,Escalation,2024-06-03,x")
    text += "HC-1,Review,2024-07-01,,,,\nHC-1,1,2024-05-03,,,,\n"
    items = read_text(text)
    errors = {e.row: e for e in items if isinstance(e, RecordError)}
    assert (errors[2].field, errors[2].column, errors[2].reference) == (
        "escalation_acknowledged",
        "acknowledged",
        "HC-2",
    )
    assert "'Review' is not a stage" in errors[5].message
    assert "stage 1 of 'HC-1' is already on row 3" in errors[6].message
    # six stage rows: two rows in error, and two complaints (one of them in error)
    assert len(items) == 4


def test_a_stage_3_row_with_cells_the_reader_cannot_hold_is_an_error() -> None:
    """Stage 3 keeps no acknowledgement, items or extension: the row is refused, by name.

    A dash and N/A are empty-value words, so the second complaint's stage 3 row is fine.
    """
    text = (
        "reference,stage,received,Ack date,responded,items,s1_ext1_notified,s1_ext1_days\n"
        "A,1,2024-05-03,2024-05-07,2024-05-10,,,\nA,2,2024-05-13,2024-05-14,2024-05-20,,,\n"
        "A,3,2024-05-21,2024-05-22,,,2024-05-23,10\n"
        "B,1,2024-05-03,2024-05-07,2024-05-10,,,\nB,2,2024-05-13,2024-05-14,2024-05-20,,,\n"
        "B,3,2024-05-21,-,2024-06-01,N/A,,\n"
    )
    cmap = ColumnMap({"acknowledged": "Ack date"})
    items = read_text(text, columns=cmap)
    errors = [e for e in items if isinstance(e, RecordError)]
    assert len(errors) == 1
    assert (errors[0].row, errors[0].field, errors[0].column) == (4, "acknowledged", "Ack date")
    assert "cannot hold 'Ack date', 's1_ext1_notified', 's1_ext1_days'" in errors[0].message
    stages = {c.reference: len(c.stages) for c in items if isinstance(c, Complaint)}
    assert stages == {"A": 2, "B": 3}


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("reference,received,s1_ext1_days,s1_ext3_days", "s1_ext3_days"),
        ("reference,received,S3_EXT1_NOTIFIED", "S3_EXT1_NOTIFIED"),
        ("reference,stage,received,s2_ext1_days", "s2_ext1_days"),
    ],
)
def test_a_column_for_an_extension_the_reader_does_not_hold_is_refused(
    header: str, column: str
) -> None:
    """Kept as a free column it would silently leave an extension out of the deadlines."""
    with pytest.raises(InvalidRecords, match=f"column '{column}' names an extension"):
        read_text(header + "\nA,2024-05-03,\n")
    # Named under ignore, the user chose to check without it.
    assert read_text(header + "\n", columns=ColumnMap(ignore=(column,))) == []


def test_side_file_rows_beyond_what_the_reader_holds_are_errors(tmp_path: Path) -> None:
    """Three extensions of one stage, two remedies: the third and the second are errors."""
    main = tmp_path / "cases.csv"
    main.write_text("reference,received,responded\nHC-1,2024-05-03,2024-07-03\n")
    ext = tmp_path / "ext.csv"
    ext.write_text(
        "reference,stage,notified,days,reason,good_reason\n"
        + "".join(f"HC-1,1,2024-05-{d},5,survey,yes\n" for d in (10, 13, 14))
    )
    rem = tmp_path / "rem.csv"
    rem.write_text(
        "reference,kind,description,offered,amount\n"
        "HC-1,financial,x,2024-07-03,£50\nHC-1,apology,y,2024-07-03,\n"
    )
    reader = read_cases(main, extensions=ext, remedies=rem)
    items = list(reader)
    complaint = items[0]
    assert isinstance(complaint, Complaint)
    assert len(complaint.stages[0].extensions) == 2
    assert len(complaint.remedies) == 1
    messages = " | ".join(str(e) for e in items[1:] if isinstance(e, RecordError))
    assert len(items) == 3
    assert "row 4 (ref HC-1): ext.csv: stage 1 of HC-1 has more extensions" in messages
    assert "holds (2 a stage): this one is not joined" in messages
    assert "row 3 (ref HC-1): rem.csv: HC-1 has more than one remedy" in messages


def test_extensions_and_remedies_files(tmp_path: Path) -> None:
    main = tmp_path / "cases.csv"
    main.write_text("reference,received,responded\nHC-1,2024-05-03,2024-06-03\n")
    ext = tmp_path / "ext.csv"
    ext.write_text(
        "reference,stage,notified,days,reason,good_reason\n"
        "HC-1,1,2024-05-10,10,surveyor,yes\nHC-9,1,2024-05-10,10,x,no\n"
    )
    rem = tmp_path / "rem.csv"
    rem.write_text("reference,kind,description,offered,amount\nHC-1,financial,x,2024-06-03,£50\n")
    reader = read_cases(main, extensions=ext, remedies=rem)
    items = list(reader)
    c = items[0]
    assert isinstance(c, Complaint)
    assert c.stages[0].extensions[0].working_days == 10
    assert c.remedies[0].amount == 50
    assert isinstance(items[1], RecordError)
    assert "ext.csv: no complaint 'HC-9' in the export" in items[1].message
    assert "s1_ext1_notified" not in reader.absent_fields


# --------------------------------------------------------------------------- workbooks


def _workbook(path: Path) -> Path:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes").write(0, 0, "nothing here")
    sheet = book.add_worksheet("Cases")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write(0, 0, "Complaints report")
    sheet.write_row(1, 0, ["Case Ref", "Date Received", "Days", "Good"])
    sheet.write(2, 0, "HC-1")
    sheet.write_datetime(2, 1, datetime(2024, 11, 15, 16, 26), stamp)
    sheet.write_number(2, 2, 10)
    sheet.write_boolean(2, 3, True)
    book.close()
    return path


def test_a_workbook_is_read_by_content_with_sheet_and_header_row(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    path = _workbook(tmp_path / "export.dat")  # the name says nothing; the content does
    cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"})
    reader = read_cases(path, columns=cmap, sheet="Cases", header_row=2, encoding="ascii")
    c = next(reader)
    assert isinstance(c, Complaint)
    assert c.stages[0].received == datetime(2024, 11, 15, 16, 26)
    assert c.attribute("Days") == "10"
    assert reader.row == 3  # the sheet's own row number
    reader.close()
    same = read_cases(path, columns=cmap, sheet="2", header_row=2)
    assert next(same).reference == "HC-1"
    same.close()
    with pytest.raises(InvalidRecords, match="no sheet 'Data'; its sheets are 'Notes', 'Cases'"):
        read_cases(path, columns=cmap, sheet="Data")


def test_a_workbook_in_a_binary_stream_is_read_in_memory(tmp_path: Path) -> None:
    """Workbook bytes (an upload) are read from an io.BytesIO as from the file."""
    pytest.importorskip("python_calamine")
    data = _workbook(tmp_path / "export.xlsx").read_bytes()
    cmap = ColumnMap({"reference": "Case Ref", "received": "Date Received"})
    reader = read_cases(io.BytesIO(data), columns=cmap, sheet="Cases", header_row=2)
    c = next(reader)
    assert isinstance(c, Complaint)
    assert (c.reference, c.stages[0].received) == ("HC-1", datetime(2024, 11, 15, 16, 26))
    assert reader.row == 3
    reader.close()


def test_a_workbook_without_the_extra_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(tmp_path / "export.xlsx")
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # as if not installed
    with pytest.raises(InvalidRecords, match=r"complaintcode\[excel\]") as caught:
        read_cases(path)
    assert "UTF-8" not in str(caught.value)


# --------------------------------------------------------------------------- hostile input


def test_an_unbalanced_quote_is_an_error_not_a_silent_swallow() -> None:
    text = 'reference,received,handler\nHC-1,2024-05-03,"Smith\nHC-2,2024-05-04,Jones\n'
    items = read_text(text)
    assert len(items) == 2, items
    err, swallowed = items
    assert isinstance(err, RecordError)
    assert isinstance(swallowed, RecordError)
    assert "never closed" in err.message
    assert "Jones" not in str(err)  # no other resident's data in the message
    assert (swallowed.row, swallowed.reference) == (3, None)
    assert "left open on row 2" in swallowed.message
    assert "Jones" not in str(swallowed)


@pytest.mark.parametrize("before", [0, 4094, 4095, 4096])
def test_a_last_quote_closed_by_a_stray_quote_still_counts_the_lines_it_took(
    before: int,
) -> None:
    """A last record's quote, closed by a stray quote on its next line, is left open.

    The csv module gives such a record back without reaching the end of the file. The
    record spans two lines with an odd number of quotes: it is the quote left open, and the
    line it took in is a row of its own. ``before`` puts the record across or at the end
    of a block of 4,096 lines (the reader's unit).
    """
    rows = "".join(f"HC-{n},2024-05-03,Jones\n" for n in range(before))
    text = f'reference,received,handler\n{rows}HC-X,2024-05-03,"Smith\na "stray" note\n'
    items = read_text(text)
    assert len(items) == before + 2
    err, swallowed = items[-2:]
    assert isinstance(err, RecordError)
    assert isinstance(swallowed, RecordError)
    assert err.row == before + 2
    assert "never closed" in err.message
    assert swallowed.row == before + 3
    assert f"left open on row {before + 2}" in swallowed.message


def test_rows_swallowed_by_a_stray_quote_are_counted_and_rejected() -> None:
    """Four data lines, a stray quote on the second: four rows read, one checked.

    Blank lines inside the swallowed text are not rows (as anywhere else in a file).
    """
    text = (
        'reference,received\nA-1,2024-05-03\nA-2,"2024-05-03\nA-3,2024-05-06\n\n,\nA-4,2024-05-07\n'
    )
    cases = read_cases(io.StringIO(text))
    items = list(cases)
    assert cases.rows == 4
    assert [item.row if isinstance(item, RecordError) else 2 for item in items] == [2, 3, 4, 7]
    assert [type(item).__name__ for item in items] == ["Complaint"] + ["RecordError"] * 3


def test_a_huge_number_is_a_row_error() -> None:
    header = "reference,received,s1_ext1_notified,s1_ext1_days"
    err = failure(read_text(f"{header}\nHC-1,2024-05-03,2024-05-07,{'9' * 5000}\n"))
    assert err.field == "s1_ext1_days"
    assert len(str(err)) < 200


def test_a_long_cell_is_one_error_and_no_phantom_rows() -> None:
    text = f'reference,received,notes\nHC-1,2024-05-03,"{"x" * 140_000}"\nHC-2,2024-05-03,ok\n'
    items = read_text(text)
    assert len(items) == 2
    assert isinstance(items[0], RecordError)
    assert isinstance(items[1], Complaint)


def test_a_header_of_data_is_not_echoed() -> None:
    with pytest.raises(InvalidRecords) as caught:
        read_text("HC-1001,Mr A Khan,02/04/2024\nHC-1002,Ms B Lewis,08/04/2024\n")
    assert "Khan" not in str(caught.value)
    assert "header_row" in str(caught.value)


# --------------------------------------------------------------------------- guessing a map


def test_guess_on_the_messy_example_matches_the_hand_written_map() -> None:
    from complaintcode.records import guess_columns

    root = Path(__file__).resolve().parents[2] / "examples"
    guess = guess_columns(root / "messy.csv")
    written = dict(ColumnMap.from_toml(root / "columns.toml").columns)
    agreed = {k: v for k, v in guess.columns.items() if written.get(k) == v}
    # every column the hand-written map names, the guess names the same way
    assert agreed == written
    assert (guess.layout, guess.date_format, guess.encoding) == ("complaints", "dd/mm/yyyy", None)
    assert "Tenant Name" in guess.unmapped
    assert guess.words == {"outcomes": ("Resolved",), "yes_no": ("Maybe",)}


def test_guess_finds_no_header_in_a_file_of_data() -> None:
    from complaintcode.records import guess_columns

    with pytest.raises(InvalidRecords, match="no row in the first 20 looks like a header"):
        guess_columns(io.StringIO("1,2,3\n4,5,6\n"))


def test_a_reader_made_from_the_header_alone_converts_joined_rows(tmp_path: Path) -> None:
    """Worker processes build their reader from the header: joined rows still convert."""
    main = tmp_path / "cases.csv"
    main.write_text("reference,received,team\nHC-1,2024-05-03,North\nHC-2,2024-05-07,South\n")
    ext = tmp_path / "ext.csv"
    ext.write_text("reference,stage,notified,days\nHC-2,1,2024-05-14,10\n")
    reader = read_cases(main, extensions=ext)
    raws = [r for r in reader.raw_rows() if not isinstance(r, RecordError)]
    twin = read_cases(io.StringIO(",".join(reader.header) + "\n"))
    assert [twin.convert(*r) for r in raws] == [reader.convert(*r) for r in raws]
    second = twin.convert(*raws[1])
    assert isinstance(second, Complaint)
    assert second.stages[0].extensions[0].working_days == 10
    assert second.attribute("team") == "South"


def test_side_file_rows_that_cannot_be_joined_are_errors_naming_file_row_and_value(
    tmp_path: Path,
) -> None:
    """Side-file rows that cannot be joined are errors naming the file, the row and the value.

    A blank row is skipped; an unknown stage label, a missing reference and a row that
    cannot be read are each an error; the good row joins.
    """
    main = tmp_path / "cases.csv"
    main.write_text("reference,received,responded\nHC-1,2024-05-03,2024-06-03\n")
    ext = tmp_path / "ext.csv"
    long = "x" * 140_000
    ext.write_text(
        "reference,stage,notified,days,reason,good_reason\n"
        "HC-1,1,2024-05-10,10,surveyor,yes\n"
        ",,,,,\n"
        "HC-1,third,2024-05-10,10,x,no\n"
        ",1,2024-05-10,10,x,no\n"
        f"HC-1,1,2024-05-10,10,{long},no\n"
    )
    complaint, *errors = read_cases(main, extensions=ext)
    assert isinstance(complaint, Complaint)
    assert len(complaint.stages[0].extensions) == 1
    assert all(isinstance(e, RecordError) for e in errors)
    assert [str(e) for e in errors] == [
        "row 4 (ref HC-1): stage: ext.csv: 'third' is not a stage (map it in [stages])",
        "row 5: reference: ext.csv: missing reference",
        "row 6: ext.csv: has a cell of 140,000 characters, more than the 131,072 a cell may "
        "hold (is a quote left open?)",
    ]
    stage_error = errors[0]
    assert isinstance(stage_error, RecordError)
    assert (stage_error.field, stage_error.value) == ("stage", "third")


@pytest.mark.parametrize("stream", [False, True])
def test_a_side_file_that_is_not_there_is_named_before_any_row(
    tmp_path: Path, stream: bool
) -> None:
    """A missing side file stops the read at once, with its path.

    So it does whether the export is a path or a stream, and whether or not another side
    file was opened first.
    """
    main = tmp_path / "cases.csv"
    main.write_text("reference,received\nHC-1,2024-05-03\n")
    ext = tmp_path / "ext.csv"
    ext.write_text("reference,stage,notified,days,reason,good_reason\n")
    missing = tmp_path / "nope.csv"
    source = io.StringIO(main.read_text()) if stream else main
    with pytest.raises(FileNotFoundError) as raised:
        read_cases(source, extensions=ext, remedies=missing)
    assert raised.value.filename == str(missing)
    with pytest.raises(FileNotFoundError) as raised:
        read_cases(source, extensions=missing)
    assert raised.value.filename == str(missing)
