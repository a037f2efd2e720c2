"""The rules read their figures from the edition: no 5, 10, 20 or "12 months" in their code."""

from __future__ import annotations

from pathlib import Path

import pytest

import complaintcode.rules
from support import offending

RULES = Path(complaintcode.rules.__file__).parent


@pytest.mark.parametrize("module", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_no_timescale_is_written_into_a_rule(module: Path) -> None:
    """Each rules module is free of the Code's figures; they come from the edition data."""
    assert offending(module.read_text(encoding="utf-8")) == []


def test_the_check_catches_what_it_is_meant_to() -> None:
    """The scan finds a hard-coded limit, a window in words, and ignores a provision number."""
    source = 'cap = 10\nwindow = "within 12\\n months"\ncite = "5.1"\nx = 5.0\n'
    assert offending(source) == [(1, 10), (2, "within 12\n months"), (4, 5.0)]
