"""The published complaint schema and from_dict agree on what a valid document is.

A document the schema accepts (with format checking on) is read by from_dict, which may
still find its history impossible (InvalidComplaint, which the schema says it cannot
see); a document the schema rejects is an InvalidDocument, never an InvalidComplaint and
never a traceback. The property test starts from documents that to_dict wrote and spoils
one value at a random place with values chosen to sit on the edges of both readers.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintcode import Complaint, InvalidComplaint, InvalidDocument, from_dict, to_dict
from complaintcode.serialize import schema
from complaintcode.strategies import complaints

VALIDATOR = jsonschema.Draft202012Validator(
    schema("complaint"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

EDGE_VALUES: list[Any] = [
    # date-times: impossible, out of range, or fine
    "2024-13-45T99:99:99",
    "2024-05-07T24:00:00",
    "2024-05-07T23:59:60",
    "2024-05-07T16:45:00\n",
    "2024-05-07T16:45:00",
    "2024-05-07T16:45:00+01:00",
    "2024-05-07T16:45:00Z",
    "2024-05-07T16:45:00.5",
    "2024-05-07T16:45:00.1234567",
    "2024-05-07T16:45:00+24:00",
    "2024-05-07T16:45:00+23:59",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:00:00-02:00",
    "2024-05-07t16:45:00",
    # dates
    "2024-02-29",
    "2023-02-29",
    "1900-02-29",
    "2000-02-29",
    "0000-01-01",
    "0001-01-01",
    "2024-04-31",
    "2024-05-07\n",
    "20240507",
    "٢٠٢٤-٠٥-٠٧",
    # money, enumerations, text
    "150.00",
    "150.00\n",
    "0.10",
    "1e3",
    "-5",
    "£5",
    "UPHELD",
    "FINANCIAL",
    "OUT_OF_TIME",
    "STAGE",
    "",
    " ",
    "\n",
    "\u2003",
    "x" * 300,
    # numbers and other JSON kinds
    0,
    1,
    2,
    4,
    -1,
    1.0,
    10.5,
    10**30,
    float("nan"),
    True,
    False,
    None,
    [],
    {},
    ["STAGE", "STAGE"],
    ["STAGE", "REMEDY"],
    {"team": "north"},
    {"team": 5},
]


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document a value sits (object keys and list items)."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _places(value, (*path, i))
    return found


def _agree(document: Any) -> None:
    schema_ok = VALIDATOR.is_valid(document)
    try:
        from_dict(document, Complaint)
        reader_ok = True
    except InvalidDocument:
        reader_ok = False
    except InvalidComplaint:
        reader_ok = True  # a valid document about an impossible history
    assert schema_ok == reader_ok, (
        f"schema {'accepts' if schema_ok else 'rejects'}, from_dict "
        f"{'accepts' if reader_ok else 'rejects'}: {json.dumps(document)[:2000]}"
    )


@settings(max_examples=300, deadline=None, database=None)
@given(complaints(), st.data())
def test_the_schema_and_from_dict_accept_the_same_documents(
    complaint: Complaint, data: st.DataObject
) -> None:
    """Spoil one place (replace, delete or add a key): both accept, or both reject."""
    document = json.loads(json.dumps(to_dict(complaint)))
    places = _places(document)
    path = data.draw(st.sampled_from(places), label="path")
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]), label="action")
    if action == "replace":
        parent[path[-1]] = data.draw(st.sampled_from(EDGE_VALUES), label="value")
    elif action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "delete":
        parent.pop(path[-1])
    elif isinstance(parent, dict):
        parent["unexpected"] = 1
    _agree(document)


BASE = {"reference": "S-1", "stages": [{"number": 1, "received": "2024-05-07"}]}


def _with_stage(**fields: Any) -> dict[str, Any]:
    return {"reference": "S-1", "stages": [{"number": 1, "received": "2024-05-07", **fields}]}


@pytest.mark.parametrize(
    ("document", "path"),
    [
        (_with_stage(received="2024-13-45T99:99:99"), "stages[0].received"),
        (_with_stage(received="2024-05-07T24:00:00"), "stages[0].received"),
        (_with_stage(received="2024-05-07T23:59:60"), "stages[0].received"),
        (_with_stage(received="2024-05-07T16:45:00+24:00"), "stages[0].received"),
        (_with_stage(received="0001-01-01T00:00:00+01:00"), "stages[0].received"),
        (_with_stage(received="2024-05-07T16:45:00\n"), "stages[0].received"),
        (
            {
                **BASE,
                "remedies": [
                    {
                        "kind": "FINANCIAL",
                        "description": "x",
                        "offered": "2024-05-08",
                        "amount": "150.00\n",
                    }
                ],
            },
            "remedies[0].amount",
        ),
        (_with_stage(number=0), "stages[0].number"),
        ({"reference": "S-1", "stages": []}, "stages"),
        ({"reference": " \t", "stages": BASE["stages"]}, "reference"),
        (
            _with_stage(extensions=[{"notified": "2024-05-08", "working_days": 0, "reason": "x"}]),
            "stages[0].extensions[0].working_days",
        ),
        (
            {
                **BASE,
                "refusal": {
                    "decided": "2024-05-08",
                    "ground": "OTHER",
                    "stage": 0,
                    "reasons_given": True,
                    "ombudsman_rights_given": True,
                },
            },
            "refusal.stage",
        ),
    ],
)
def test_what_the_schema_rejects_is_an_invalid_document(
    document: dict[str, Any], path: str
) -> None:
    """Impossible times, a trailing newline, zero numbers, no stages, a blank reference."""
    assert not VALIDATOR.is_valid(document)
    with pytest.raises(InvalidDocument) as raised:
        from_dict(document, Complaint)
    assert [p for p, _ in raised.value.problems] == [path]


def test_a_huge_value_is_not_echoed_whole() -> None:
    """A 10 MB string in a document: the message quotes its start and end and its length."""
    huge = "9" * 10_000_000
    with pytest.raises(InvalidDocument) as raised:
        from_dict(_with_stage(received=huge, handler=None) | {"reference": huge}, Complaint)
    message = str(raised.value)
    assert len(message) < 500
    assert "(10,000,000 characters)" in message
