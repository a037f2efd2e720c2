"""A column map that cannot be followed is refused whole, naming the entry and its value.

Each case is a mistake a landlord could make writing ``columns.toml`` (or the same
arguments in Python); none may be half-applied or silently ignored.
"""

from __future__ import annotations

from typing import Any

import pytest

from complaintcode.records import ColumnMap, InvalidColumnMap


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {"extension_columns": {"notice": "Ext date"}},
            "extension_columns: unknown column name(s): 'notice'",
        ),
        (
            {"remedy_columns": {"kind": "  "}},
            "remedy_columns: 'kind' must name a column; got '  '",
        ),
        ({"columns": {"reference": ""}}, "columns: 'reference' must name a column; got ''"),
        ({"attributes": {" ": "Team"}}, "attributes: names must be non-blank text; got ' '"),
        (
            {"columns": {"reference": "Ref"}, "attributes": {"case_id": "ref"}},
            "column 'ref' is mapped twice: to 'reference' and 'case_id'",
        ),
        ({"ignore": [""]}, "ignore: column names must be non-blank text; got ''"),
        (
            {"columns": {"reference": "Ref"}, "ignore": ["REF"]},
            "column 'REF' is both mapped and ignored",
        ),
        ({"empty_values": ["N/A", 0]}, "empty_values must be a list of words; got ('N/A', 0)"),
        ({"encoding": "utf-99"}, "encoding: 'utf-99' is not a text encoding Python knows"),
        ({"layout": "rows"}, "layout must be one of 'complaints', 'stages'; got 'rows'"),
        ({"header_row": 0}, "header_row must be a row number (1 or more); got 0"),
        ({"header_row": True}, "header_row must be a row number (1 or more); got True"),
    ],
)
def test_a_column_map_entry_that_cannot_be_followed_is_named(
    arguments: dict[str, Any], expected: str
) -> None:
    """The error quotes the entry and the value, as the landlord wrote them."""
    with pytest.raises(InvalidColumnMap) as refused:
        ColumnMap(**arguments)
    assert expected in str(refused.value)
