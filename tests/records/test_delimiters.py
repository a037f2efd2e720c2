"""Exports whose cells are separated by semicolons, tabs or pipes, not commas.

Each export here is written twice from the same rows by Python's own ``csv`` writer: once
with commas, once with the delimiter under test. Read with its delimiter (given to
``read_cases`` or by the column map's ``delimiter`` key), every variant must give exactly
the complaints the comma file gives; read with the wrong delimiter, it must never be read
as if it were valid, and the error names the delimiter that would split it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from complaintcode.errors import InvalidArgument
from complaintcode.records import ColumnMap, InvalidColumnMap, InvalidRecords, read_cases
from complaintcode.records.guess import guess_columns, sniff_delimiter

HEADER = [
    "Case Ref",
    "Date Received",
    "Date Acknowledged",
    "Stage 1 Response Date",
    "Stage 1 Officer",
    "Notes",
    "Compensation",
]
ROWS = [
    # The free-text cells hold every delimiter between them, so each file has quoted cells
    # holding its own; one cell spans two lines; one amount has a pound sign (cp1252: 0xA3).
    ["HC-1", "03/05/2024", "07/05/2024", "17/05/2024", "Patel; J", "leak, damp | mould\tx", "£50"],
    ["HC-2", "07/05/2024", "09/05/2024", "", "S Green", "two\nlines; then | more, and\tmore", ""],
    ["HC-3", "08/05/2024", "20/05/2024", "30/05/2024", "Khan | A", "résumé – late", "10.00"],
]  # fmt: skip
MAP = {
    "reference": "Case Ref",
    "received": "Date Received",
    "acknowledged": "Date Acknowledged",
    "responded": "Stage 1 Response Date",
    "handler": "Stage 1 Officer",
    "remedy_amount": "Compensation",
}
DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}
TITLE = "Complaints export - run 2025-12-01"


def export(
    folder: Path,
    delimiter: str,
    *,
    header: list[str] = HEADER,
    rows: list[list[str]] = ROWS,
    title: bool = True,
    encoding: str = "cp1252",
) -> Path:
    """The rows under a title row and a blank row (header on row 3), as ``encoding`` text."""
    text = io.StringIO(newline="")
    if title:
        text.write(f"{TITLE}\r\n\r\n")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]
    path = folder / f"{name}.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def read_all(path: Path, **options: object) -> list[object]:
    with read_cases(path, **options) as reader:  # type: ignore[arg-type]
        return list(reader)


def comma_complaints(folder: Path) -> list[object]:
    cmap = ColumnMap(MAP, date_format="dd/mm/yyyy", encoding="cp1252", header_row=3)
    got = read_all(export(folder, ","), columns=cmap)
    assert [c.reference for c in got] == ["HC-1", "HC-2", "HC-3"]  # type: ignore[attr-defined]
    return got


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_an_export_with_another_delimiter_reads_as_its_comma_twin(
    delimiter: str, tmp_path: Path
) -> None:
    """Under a title, in cp1252, with quoted cells holding the delimiter and a line break."""
    expected = comma_complaints(tmp_path)
    path = export(tmp_path, delimiter)
    cmap = ColumnMap(MAP, date_format="dd/mm/yyyy", encoding="cp1252", header_row=3)
    assert read_all(path, columns=cmap, delimiter=delimiter) == expected
    mapped = ColumnMap(
        MAP, date_format="dd/mm/yyyy", encoding="cp1252", header_row=3, delimiter=delimiter
    )
    assert read_all(path, columns=mapped) == expected
    notes = expected[1].attribute("Notes")  # type: ignore[attr-defined]
    assert notes == "two\nlines; then | more, and\tmore"


WORDS = [("tab", "\t"), ("\\t", "\t"), ("semicolon", ";"), ("pipe", "|"), ("comma", ",")]


@pytest.mark.parametrize(("word", "delimiter"), WORDS)
def test_a_delimiter_can_be_named_by_a_word(word: str, delimiter: str, tmp_path: Path) -> None:
    expected = comma_complaints(tmp_path)
    cmap = ColumnMap(MAP, date_format="dd/mm/yyyy", encoding="cp1252", header_row=3)
    assert read_all(export(tmp_path, delimiter), columns=cmap, delimiter=word) == expected
    assert ColumnMap(delimiter=word).delimiter == delimiter


def test_the_column_map_file_gives_the_delimiter(tmp_path: Path) -> None:
    r"""``delimiter = "\t"`` in TOML is the tab; the reading option overrides the map."""
    written = tmp_path / "map.toml"
    written.write_text('delimiter = "\\t"\n[columns]\nreference = "Ref"\n', encoding="utf-8")
    assert ColumnMap.from_toml(written).delimiter == "\t"
    text = "Ref;received\nA-1;2024-05-03\n"
    got = read_all(write(tmp_path, text), columns=ColumnMap.from_toml(written), delimiter=";")
    assert [c.reference for c in got] == ["A-1"]  # type: ignore[attr-defined]


def write(folder: Path, text: str, name: str = "in.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bad", [":", ";;", "", "space"])
def test_an_unknown_delimiter_is_refused_everywhere(bad: str, tmp_path: Path) -> None:
    path = write(tmp_path, "reference,received\nA,2024-05-03\n")
    with pytest.raises(InvalidArgument, match="delimiter"):
        read_cases(path, delimiter=bad)
    with pytest.raises(InvalidColumnMap, match=f"delimiter must be one of .*; got {bad!r}"):
        ColumnMap(delimiter=bad)
    with pytest.raises(InvalidArgument, match="delimiter"):
        guess_columns(path, delimiter=bad)


def test_a_delimiter_in_the_map_file_must_be_text(tmp_path: Path) -> None:
    written = write(tmp_path, "delimiter = 1\n", "map.toml")
    with pytest.raises(InvalidColumnMap, match="delimiter must be text; got 1"):
        ColumnMap.from_toml(written)


def test_a_one_row_per_stage_export_separated_by_tabs(tmp_path: Path) -> None:
    """Stage rows, in any order, joined into complaints as the comma file's are."""
    header = ["reference", "stage", "received", "acknowledged", "responded", "outcome"]
    rows = [
        ["HC-1", "Stage 2", "2024-06-03", "2024-06-05", "2024-06-20", "not upheld"],
        ["HC-2", "Stage 1", "2024-05-07", "2024-05-09", "", ""],
        ["HC-1", "Stage 1", "2024-05-03", "2024-05-07", "2024-05-17", "Upheld in part"],
    ]
    comma = read_all(export(tmp_path, ",", header=header, rows=rows), header_row=3)
    tabs = export(tmp_path, "\t", header=header, rows=rows)
    got = read_all(tabs, header_row=3, delimiter="tab", encoding="cp1252")
    assert got == comma
    assert [len(c.stages) for c in got] == [2, 1]  # type: ignore[attr-defined]


def test_side_files_are_read_with_the_exports_delimiter(tmp_path: Path) -> None:
    main = "reference;received;acknowledged;responded\nHC-1;2024-05-03;2024-05-07;2024-05-31\n"
    extensions = (
        "reference;stage;notified;days;reason;good_reason;ombudsman_details\n"
        'HC-1;1;2024-05-15;10;"parts; on order";yes;yes\n'
    )
    got = read_all(
        write(tmp_path, main),
        delimiter=";",
        extensions=write(tmp_path, extensions, "ext.csv"),
    )
    (complaint,) = got
    (extension,) = complaint.stages[0].extensions  # type: ignore[attr-defined]
    assert extension.reason == "parts; on order"
    assert extension.working_days == 10


def test_a_side_file_with_another_delimiter_is_refused_with_the_hint(tmp_path: Path) -> None:
    main = write(tmp_path, "reference;received\nHC-1;2024-05-03\n")
    ext = write(tmp_path, "reference,stage,notified,days\nHC-1,1,2024-05-15,10\n", "ext.csv")
    with pytest.raises(InvalidRecords) as caught:
        read_all(main, delimiter=";", extensions=ext)
    assert "the extensions file lacks column(s) 'reference', 'stage'" in str(caught.value)
    assert "give --delimiter ',' (or delimiter = \",\" in the column map)" in str(caught.value)


HINTS = {
    ";": "give --delimiter ';' (or delimiter = \";\" in the column map)",
    "\t": 'give --delimiter tab (or delimiter = "\\t" in the column map)',
    "|": "give --delimiter '|' (or delimiter = \"|\" in the column map)",
}


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_read_with_commas_the_export_is_refused_naming_its_delimiter(
    delimiter: str, tmp_path: Path
) -> None:
    """Never read as if valid: refused before any row, with the option that reads it."""
    path = export(tmp_path, delimiter, title=False, encoding="utf-8")
    cmap = ColumnMap(MAP, date_format="dd/mm/yyyy")
    with pytest.raises(InvalidRecords) as caught:
        read_cases(path, columns=cmap)
    message = str(caught.value)
    assert message.startswith(f"{path}: missing required column(s): 'reference'")
    assert (
        f"the header splits into the expected columns at {DELIMITERS[delimiter]}: the file is "
        f"separated by {DELIMITERS[delimiter]}, not commas; {HINTS[delimiter]}"
    ) in message


def test_a_given_delimiter_that_does_not_split_the_header_is_named(tmp_path: Path) -> None:
    comma = write(tmp_path, "reference,received\nA,2024-05-03\n")
    with pytest.raises(InvalidRecords, match="not semicolons; give --delimiter ','"):
        read_cases(comma, delimiter=";")
    alone = write(tmp_path, "reference received\nA 2024-05-03\n")
    with pytest.raises(
        InvalidRecords, match="the header is one cell: nothing in it is separated by pipes, the "
    ):
        read_cases(alone, delimiter="|")
    with pytest.raises(InvalidRecords) as caught:
        read_cases(alone)
    assert "--delimiter" not in str(caught.value)  # a comma, not given: nothing to say


def test_a_header_that_only_might_be_another_delimiter_says_so(tmp_path: Path) -> None:
    """Split at semicolons the header holds no required column: a possibility, not a fact."""
    path = write(tmp_path, "Ref;When\nA;2024-05-03\n")
    with pytest.raises(InvalidRecords) as caught:
        read_cases(path)
    assert (
        "the header is one cell when split at commas, but splits at semicolons: if the file "
        "is separated by semicolons, give --delimiter ';'"
    ) in str(caught.value)


def test_a_workbook_has_no_delimiter_hint() -> None:
    from complaintcode.records.layout import delimiter_hint

    assert delimiter_hint(("reference;received",), ["reference", "received"], None) == ""
    # Two cells already, and no other split gives the columns: nothing to suggest.
    assert delimiter_hint(("Ref;x", "When|y"), ["reference", "received"], ",") == ""


def test_a_header_cell_holding_a_line_end_gets_no_hint_from_it() -> None:
    """The header's one cell holds a carriage return: split at semicolons, it is no header."""
    from complaintcode.records.layout import delimiter_hint

    assert delimiter_hint(("0\r;",), ["reference", "received"], ",") == ""
    with pytest.raises(InvalidRecords):
        read_cases(io.StringIO('"0\r;"\r\n', newline=""))


# -- guessing the delimiter ------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_the_guess_finds_the_delimiter_under_a_title(delimiter: str, tmp_path: Path) -> None:
    path = export(tmp_path, delimiter)
    guess = guess_columns(path)
    assert (guess.delimiter, guess.header_row, guess.encoding) == (delimiter, 3, "cp1252")
    assert guess.columns["remedy_amount"] == "Compensation"
    written = write(tmp_path, guess.to_toml(str(path)), "map.toml")
    spelt = {";": '";"', "\t": '"\\t"', "|": '"|"'}[delimiter]
    assert (
        f"delimiter = {spelt}  # the cells are separated by {DELIMITERS[delimiter]}, not commas"
        in written.read_text(encoding="utf-8")
    )
    cmap = ColumnMap.from_toml(written)
    assert cmap.delimiter == delimiter
    assert read_all(path, columns=cmap) == comma_complaints(tmp_path)


def test_a_comma_export_writes_no_delimiter_line(tmp_path: Path) -> None:
    guess = guess_columns(export(tmp_path, ","))
    assert guess.delimiter == ","
    assert "delimiter" not in guess.to_toml()


def test_the_guess_reads_a_stream_with_its_delimiter() -> None:
    text = f"{TITLE}\n\nCase Ref|Date Received|Officer\nA-1|2024-05-03|Jo\n"
    guess = guess_columns(io.StringIO(text))
    assert (guess.delimiter, guess.header_row, guess.columns["handler"]) == ("|", 3, "Officer")


def test_a_delimiter_given_to_the_guess_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "Case Ref;Date Received\nA-1;2024-05-03\n")
    with pytest.raises(InvalidRecords, match="split at pipes, the delimiter given"):
        guess_columns(path, delimiter="|")
    assert guess_columns(path, delimiter="semicolon").delimiter == ";"


def test_a_file_with_no_header_under_any_delimiter_says_what_was_tried(tmp_path: Path) -> None:
    path = write(tmp_path, "one;two\nthree|four\n")
    with pytest.raises(
        InvalidRecords, match="tried commas, semicolons, tabs and pipes between the cells"
    ):
        guess_columns(path)


def test_sniffing_prefers_the_delimiter_that_finds_the_most_names() -> None:
    """A comma inside a semicolon file's names does not win over the semicolons."""
    lines = ["Case Ref;Date Received, logged;Officer;Outcome\n"]
    assert sniff_delimiter(lines) == ";"
    tie = ["reference,received\n", "handler;outcome\n"]
    assert sniff_delimiter(tie) == ","  # a tie goes to the comma
    assert sniff_delimiter(tie[::-1]) == ","
    assert sniff_delimiter(['"unclosed\n'] * 3) is None
    assert sniff_delimiter(["a\rb,c\n", "reference;received\n"]) == ";"  # past a bad row


def test_the_guess_reads_a_list_of_lines() -> None:
    guess = guess_columns(["Case Ref\tDate Received\n", "A-1\t2024-05-03\n"])
    assert (guess.delimiter, guess.columns["reference"]) == ("\t", "Case Ref")


def test_a_delimiter_that_is_not_text_is_refused() -> None:
    with pytest.raises(InvalidColumnMap, match="delimiter must be one of"):
        ColumnMap(delimiter=1)  # type: ignore[arg-type]


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    pytest.importorskip("python_calamine")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def test_a_workbook_has_no_delimiter_to_guess_or_hint(tmp_path: Path) -> None:
    """A workbook's cells are its own: no delimiter is tried, guessed or suggested."""
    book = _workbook(tmp_path / "title.xlsx", [["Complaints export; 2025"], ["one;two"]])
    with pytest.raises(InvalidRecords) as caught:
        guess_columns(book)
    assert str(caught.value).endswith("no row in the first 20 looks like a header of column names")
    side = _workbook(tmp_path / "ext.xlsx", [["reference;stage;notified;days"]])
    main = write(tmp_path, "reference,received\nHC-1,2024-05-03\n")
    with pytest.raises(InvalidRecords) as caught:
        read_all(main, extensions=side)
    assert str(caught.value).endswith("the extensions file lacks column(s) 'reference', 'stage'")
