"""guess_columns(): what it decides from a header and a sample, and what it leaves to a person."""

from __future__ import annotations

import io

import pytest

from complaintcode.records import InvalidRecords, guess_columns

LONG = "x" * 140_000  # a line longer than any cell may be: a row that cannot be read


def test_missing_required_columns_are_written_as_required_placeholders() -> None:
    guess = guess_columns(io.StringIO("Officer,Tenure\nJ,LCRA\n"))
    assert guess.columns == {"handler": "Officer", "tenure": "Tenure"}
    assert guess.unmapped == ()
    toml = guess.to_toml()
    assert '# reference = "?"  # REQUIRED' in toml
    assert '# received = "?"  # REQUIRED' in toml
    assert "# ignore" not in toml  # every column was recognised: nothing to leave out


def test_dates_named_with_on_are_recognised() -> None:
    # "Received On", "Acknowledged On", "Responded On": how several case systems label them.
    guess = guess_columns(
        io.StringIO(
            "Case Ref,Received On,Acknowledged On,Responded On\nA-1,2024-05-03,2024-05-07,\n"
        )
    )
    assert guess.columns == {
        "reference": "Case Ref",
        "received": "Received On",
        "acknowledged": "Acknowledged On",
        "responded": "Responded On",
    }
    assert guess.unmapped == ()


def test_a_month_over_12_in_the_second_place_is_named_as_month_first() -> None:
    # 04/15/2024 cannot be day-first (there is no 15th month): the export is month-first.
    guess = guess_columns(io.StringIO("Case Ref,Date Received\nA-1,04/15/2024\n"))
    assert guess.date_format == "dd/mm/yyyy"
    assert len(guess.notes) == 1
    assert "04/15/2024" in guess.notes[0]
    assert "month-first" in guess.notes[0]


def test_stage_labels_the_reader_does_not_know_are_listed() -> None:
    guess = guess_columns(io.StringIO("Case Ref,Date Received,Stage\nA-1,2024-05-03,first\n"))
    assert guess.layout == "stages"
    assert guess.words == {"stages": ("first",)}
    assert 'layout = "stages"' in guess.to_toml()


def test_unreadable_rows_and_blank_names_are_passed_over() -> None:
    """Rows that cannot be read are neither the header nor sampled; blank names are dropped.

    A column without a name is neither mapped nor listed as unmapped.
    """
    text = f"{LONG}\nCase Ref,,Date Received\nA-1,x,03/05/2024\n{LONG},1,2\nC-1,y,14/05/2024\n"
    guess = guess_columns(io.StringIO(text))
    assert guess.header_row == 2
    assert guess.columns == {"reference": "Case Ref", "received": "Date Received"}
    assert guess.unmapped == ()
    # 14/05/2024 is day-first (no 14th month), so no note asks to check the order.
    assert guess.date_format == "dd/mm/yyyy"
    assert guess.notes == ()


def test_the_header_is_looked_for_in_the_first_20_rows_only() -> None:
    tail = "Case Ref,Date Received\nA-1,2024-05-03\n"
    assert guess_columns(io.StringIO("title\n" * 19 + tail)).header_row == 20
    with pytest.raises(InvalidRecords, match="no row in the first 20 looks like a header"):
        guess_columns(io.StringIO("title\n" * 20 + tail))
