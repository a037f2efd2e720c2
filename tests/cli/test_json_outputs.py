"""Every JSON record the command line writes has a type and validates against its schema.

Real outputs of real commands, each record checked (with format checking, so dates must be
ISO dates) against the published schema its ``type`` names; counts must be integers and
percentages numbers with their numerator and denominator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from complaintcode.cli import main
from complaintcode.serialize import SchemaName, schema

ROOT = Path(__file__).resolve().parents[2]
MESSY = ["examples/messy.csv", "--columns", "examples/columns.toml", "--max-rejected", "100%"]

FORMATTED = re.compile(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?%")
"""A count or percentage formatted for people ("4,230", "75.3%"), not a JSON number."""

SCHEMA_OF_TYPE: dict[str, SchemaName] = {
    "assessment": "assessment",
    "error": "errors",
    "errors": "errors",
    "action": "action",
    "deadlines": "deadlines",
    "report": "report",
    "self_assessment": "self_assessment",
}

COMMANDS = {
    "check on a messy export": ["check", *MESSY, "--as-of", "2024-06-28", "--format", "json"],
    "due on a messy export": ["due", *MESSY, "--as-of", "2024-06-28", "--format", "json"],
    "due grouped by handler": [
        "due", *MESSY, "--as-of", "2024-06-28", "--by", "handler", "--format", "json",
    ],
    "deadlines with an extension's edition": [
        "deadlines", "2024-05-03T17:45", "--cutoff", "17:00", "--acknowledged", "2024-05-08",
        "--format", "json",
    ],
    "report by tenure with homes": [
        "report", "--sample", "--year", "2023", "--homes", "LCRA=4500,LCHO=300", "--by",
        "tenure", "--format", "json",
    ],
    "self-assessment of the sample": [
        "self-assessment", "--sample", "--year", "2023", "--format", "json",
    ],
    "self-assessment of a messy export": [
        "self-assessment", *MESSY, "--year", "2024", "--format", "json",
    ],
}  # fmt: skip


def _records(text: str) -> list[dict[str, Any]]:
    """One record (indented JSON) or one per line (JSON Lines)."""
    stripped = text.strip()
    if stripped.startswith("{\n"):
        return [json.loads(stripped)]
    return [json.loads(line) for line in stripped.splitlines()]


def _numbers_are_typed(node: Any, where: str = "") -> None:
    """No count or percentage is a formatted string ("4,230", "75.3%")."""
    if isinstance(node, dict):
        if {"value", "numerator", "denominator"} <= node.keys():
            assert isinstance(node["numerator"], int), where
            assert isinstance(node["denominator"], int), where
            assert node["value"] is None or isinstance(node["value"], int | float), where
        for key, value in node.items():
            _numbers_are_typed(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _numbers_are_typed(value, f"{where}/{i}")
    elif isinstance(node, str):
        assert not FORMATTED.fullmatch(node), f"{where}: a number written as text: {node!r}"


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_every_record_has_a_type_and_matches_its_schema(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each record names its type and validates against that type's published schema."""
    monkeypatch.chdir(ROOT)
    main(argv)
    records = _records(capsys.readouterr().out)
    assert records
    for record in records:
        kind = record.get("type")
        assert kind in SCHEMA_OF_TYPE, f"a record without a known type: {kind!r}"
        validator = jsonschema.Draft202012Validator(
            schema(SCHEMA_OF_TYPE[kind]),
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        validator.validate(record)
        _numbers_are_typed(record)
