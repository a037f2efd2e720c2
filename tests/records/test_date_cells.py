"""Date cells that start like an ISO date but are not one: a row error naming field and value."""

from __future__ import annotations

import pytest

from complaintcode.records import RecordError
from support import read_text


@pytest.mark.parametrize("cell", ["2024-05-03x", "2024-0a-03", "2024-05-03/x"])
@pytest.mark.parametrize(
    ("date_format", "expected"),
    [
        ("iso", "is not an ISO 8601 date or date-time"),
        ("dd/mm/yyyy", "is not a date (dd/mm/yyyy or YYYY-MM-DD)"),
    ],
)
def test_a_date_with_trailing_or_non_digit_characters_is_refused(
    cell: str, date_format: str, expected: str
) -> None:
    (item,) = read_text(f"reference,received\nA-1,{cell}\n", date_format=date_format)
    assert isinstance(item, RecordError)
    assert (item.field, item.value) == ("received", cell)
    assert f"received: {cell!r} {expected}" in str(item)
