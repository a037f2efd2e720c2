"""The hand-worked 2023-24 report: 31 complaints, figures and Markdown worked out by hand.

golden_cases.csv holds the complaints; golden_cases_worked.md the hand working of every
deadline and status; expected_2023.toml every figure and expected_2023.md the exact
Markdown, both written by hand from that working (never by running complaintcode). The
Markdown's "Timescales used:" sentence is generated from the edition data, so the file
holds a placeholder for it.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from complaintcode import Assessment, Complaint, check
from complaintcode.records import read_cases
from complaintcode.report import ALL, FinancialYear, PerformanceSummary, summarise
from support import load_golden

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, Any] = load_golden(HERE / "expected_2023.toml")
HOMES = {"LCRA": 4000, "LCHO": 800}
COUNTS = (
    "received",
    "excluded",
    "on_time",
    "within_extension",
    "completed_on_time",
    "late",
    "overdue",
    "open",
    "upheld",
    "partly_upheld",
    "not_upheld",
    "withdrawn",
    "no_outcome",
    "acknowledged_on_time",
    "acknowledgement_due",
    "extensions_used",
)
EXACT = (
    "percent_completed_on_time",
    "percent_acknowledged_on_time",
    "mean_working_days_to_respond",
    "median_working_days_to_respond",
)


def _exact(text: str) -> Fraction | None:
    return None if text == "None" else Fraction(text)


def _assessments() -> list[Assessment]:
    items = list(read_cases(HERE / "golden_cases.csv"))
    assert all(isinstance(item, Complaint) for item in items), items
    return [check(c, as_of=date(2024, 4, 30)) for c in items if isinstance(c, Complaint)]


def _summary(basis: str = "responded") -> PerformanceSummary:
    return summarise(
        _assessments(),
        period=FinancialYear(2023),
        homes=HOMES,
        by="tenure",
        ch02_basis=basis,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("stage", [1, 2])
@pytest.mark.parametrize("group", EXPECTED["meta"]["groups"])
def test_stage_figures(stage: int, group: str) -> None:
    """Every count and exact figure of every stage and column matches the hand working."""
    figures = _summary().stage(stage, group)
    expected = EXPECTED["stage"][str(stage)][group]
    for name in COUNTS:
        assert getattr(figures, name) == expected[name], name
    for name in EXACT:
        assert getattr(figures, name) == _exact(expected[name]), name


@pytest.mark.parametrize("group", EXPECTED["meta"]["groups"])
def test_escalation_rate(group: str) -> None:
    """Stage 2 received ÷ stage 1 received, per column."""
    summary = _summary()
    assert summary.escalation_rate_of(group) == _exact(EXPECTED["escalation_rate"][group])
    assert summary.escalation_rate == _exact(EXPECTED["escalation_rate"][ALL])


@pytest.mark.parametrize("stage", [1, 2])
def test_ch01(stage: int) -> None:
    """Complaints per 1,000 homes, overall and per tenure."""
    expected = EXPECTED["ch01"][f"stage{stage}"]
    summary = _summary()
    assert summary.ch01(stage) == _exact(expected[ALL])
    for tenure in ("LCRA", "LCHO"):
        assert summary.ch01(stage, tenure) == _exact(expected[tenure])


@pytest.mark.parametrize("basis", ["responded", "received"])
@pytest.mark.parametrize("stage", [1, 2])
def test_ch02(basis: str, stage: int) -> None:
    """CH02 on both bases, overall and per tenure."""
    expected = EXPECTED["ch02"][basis][f"stage{stage}"]
    summary = _summary(basis)
    assert summary.ch02(stage) == _exact(expected["percent"])
    for group, value in expected["groups"].items():
        assert summary.ch02(stage, group) == _exact(value), group


def test_markdown_matches_the_hand_written_report() -> None:
    """to_markdown() reproduces expected_2023.md exactly (bar timescales and provenance)."""
    summary = _summary()
    expected = (HERE / "expected_2023.md").read_text("utf-8")
    expected = expected.replace("TIMESCALES", summary.timescales())
    # The footer names the installed versions and the calendar (tests/test_provenance.py
    # checks its content); the hand-written report marks its place.
    (made,) = summary.provenance
    expected = expected.replace("PROVENANCE", made.sentence())
    assert summary.to_markdown() == expected
