"""Reading an export: each argument and side file a reader cannot use is refused by name.

Every refusal here is an error before any complaint is judged (``InvalidArgument`` for a
wrong argument, ``InvalidRecords`` for a file that cannot be read as an export), or a row
error naming the side file, the row and the complaint: never a silently dropped row.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint
from complaintcode.records import InvalidRecords, RecordError, read_cases

CASES = "reference,received,responded\nHC-1,2024-05-03,2024-06-03\n"


def _files(tmp_path: Path, **texts: str) -> dict[str, Path]:
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("header_row", [0, -1, True, "2", 1.0])
def test_a_header_row_that_is_not_a_row_number_is_refused(header_row: object) -> None:
    """header_row must be a whole row number, 1 or more (a bool or text is not)."""
    with pytest.raises(InvalidArgument, match=r"^header_row must be a row number, 1 or more"):
        read_cases(io.StringIO(CASES), header_row=header_row)  # type: ignore[arg-type]


def test_a_header_row_after_the_end_of_the_file_is_refused_naming_it() -> None:
    """header_row=5 in a two-line file: the file ends before row 5."""
    with pytest.raises(InvalidRecords, match="the file ends before row 5, the header row"):
        read_cases(io.StringIO(CASES), header_row=5)


def test_an_unknown_layout_is_refused_with_the_layouts_there_are() -> None:
    """layout='rows' is neither 'complaints' nor 'stages'."""
    with pytest.raises(InvalidArgument, match=r"^layout must be 'complaints' or 'stages'"):
        read_cases(io.StringIO(CASES), layout="rows")


def test_a_stage_layout_without_a_stage_column_is_refused() -> None:
    """layout='stages' on an export without a stage column cannot tell the stages apart."""
    with pytest.raises(InvalidRecords, match="one-row-per-stage export needs a 'stage' column"):
        read_cases(io.StringIO(CASES), layout="stages")


@pytest.mark.parametrize("kind", ["extensions", "remedies"])
def test_a_side_file_without_a_header_row_is_refused_naming_the_file(
    tmp_path: Path, kind: str
) -> None:
    """An empty extensions or remedies file: refused, naming which file it is."""
    paths = _files(tmp_path, cases=CASES, side=",,\n")
    with pytest.raises(InvalidRecords, match=f"the {kind} file has no header row") as refused:
        read_cases(paths["cases"], **{kind: paths["side"]})  # type: ignore[arg-type]
    assert "side.csv" in str(refused.value)


def test_a_remedies_file_lacking_its_reference_is_refused(tmp_path: Path) -> None:
    """A remedies file without a reference column: refused naming the missing column."""
    paths = _files(tmp_path, cases=CASES, rem="kind,offered\nfinancial,2024-06-03\n")
    with pytest.raises(InvalidRecords, match="the remedies file lacks column\\(s\\) 'reference'"):
        read_cases(paths["cases"], remedies=paths["rem"])


def test_a_second_remedy_for_one_complaint_is_a_row_error_naming_the_file(
    tmp_path: Path,
) -> None:
    """The reader holds one remedy a complaint: the second is rejected, never dropped."""
    paths = _files(
        tmp_path,
        cases=CASES,
        rem="reference,kind,offered\nHC-1,financial,2024-06-03\nHC-1,apology,2024-06-03\n",
    )
    items = list(read_cases(paths["cases"], remedies=paths["rem"]))
    errors = [i for i in items if isinstance(i, RecordError)]
    assert len(errors) == 1
    message = errors[0].message
    assert message.startswith("rem.csv: HC-1 has more than one remedy")
    assert "this one is not joined" in message
    assert errors[0].row == 3


def test_more_extensions_than_the_reader_holds_are_a_row_error(tmp_path: Path) -> None:
    """Three extensions of stage 1: the reader holds two; the third is named, not dropped."""
    rows = "".join(f"HC-1,1,2024-05-{d},5,survey\n" for d in (10, 17, 24))
    paths = _files(tmp_path, cases=CASES, ext="reference,stage,notified,days,reason\n" + rows)
    items = list(read_cases(paths["cases"], extensions=paths["ext"]))
    errors = [i for i in items if isinstance(i, RecordError)]
    complaints = [i for i in items if isinstance(i, Complaint)]
    assert len(errors) == 1
    message = errors[0].message
    assert message.startswith("ext.csv: stage 1 of HC-1 has more extensions than")
    assert "(2 a stage): this one is not joined" in message
    assert errors[0].row == 4
    assert len(complaints) == 1
