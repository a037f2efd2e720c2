"""The annual report's rows in words: each stage's rows, the measures, the timescales used.

:class:`complaintcode.report.PerformanceSummary` renders its Markdown, CSV and rows from
these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from complaintcode._text import percent_text, round1
from complaintcode.editions import CodeEdition

if TYPE_CHECKING:
    from complaintcode.report import PerformanceSummary, StageFigures

__all__ = ["measure_rows", "stage_rows", "timescales_sentence"]


def _number(value: int) -> str:
    return f"{value:,}"


# (label, how to render a column's figures, shown only when some column is non-zero)
_STAGE_ROWS: tuple[tuple[str, Callable[[StageFigures], str], str | None], ...] = (
    ("Received", lambda f: _number(f.received), None),
    ("Refused (not counted as received)", lambda f: _number(f.excluded), "excluded"),
    ("Completed on time", lambda f: _number(f.completed_on_time), None),
    ("Completed late", lambda f: _number(f.late), None),
    ("Overdue", lambda f: _number(f.overdue), None),
    ("Open (not yet due)", lambda f: _number(f.open), "open"),
    ("% completed on time", lambda f: percent_text(f.percent_completed_on_time), None),
    ("Upheld", lambda f: _number(f.upheld), None),
    ("Partially upheld", lambda f: _number(f.partly_upheld), None),
    ("Not upheld", lambda f: _number(f.not_upheld), None),
    ("Withdrawn", lambda f: _number(f.withdrawn), "withdrawn"),
    ("No outcome", lambda f: _number(f.no_outcome), None),
)


def stage_rows(summary: PerformanceSummary, number: int) -> list[tuple[str, dict[str, str]]]:
    """Stage ``number``'s rows: (label, the value in each column); rare rows only when used."""
    figures = {c: summary.stage(number, c) for c in summary.columns}
    return [
        (label, {c: render(figures[c]) for c in summary.columns})
        for label, render, only_if in _STAGE_ROWS
        if only_if is None or any(getattr(f, only_if) for f in figures.values())
    ]


def measure_rows(summary: PerformanceSummary) -> list[tuple[str, str]]:
    """The measures' rows: (label, value): escalation rate, CH01, CH02, acknowledgements."""
    rows = []
    if 2 in summary.stages:
        rows.append(
            (
                "Escalation rate (stage 2 received ÷ stage 1 received)",
                percent_text(summary.escalation_rate),
            )
        )
    if summary.homes is not None:
        # The whole stock first; with homes per tenure, each tenure's own figure after it.
        tenures: list[str | None] = [None]
        if isinstance(summary.homes, Mapping):
            tenures += sorted(summary.homes)
        for number in (1, 2):
            for tenure in tenures:
                value = summary.ch01(number, tenure)
                where = f" ({tenure})" if tenure else ""
                rows.append(
                    (
                        f"CH01 stage {number}{where}: complaints per 1,000 homes",
                        "–" if value is None else round1(value),
                    )
                )
    for number in (1, 2):
        rows.append(
            (
                f"CH02 stage {number}: % responded to within Code timescales",
                percent_text(summary.ch02(number)),
            )
        )
    for number in (1, 2):
        rows.append(
            (
                f"Acknowledged on time, stage {number}",
                percent_text(summary.stage(number).percent_acknowledged_on_time),
            )
        )
    return rows


def timescales_sentence(edition: CodeEdition) -> str:
    """The timescales an edition sets, in one sentence (CH02 requires them stated)."""
    parts = []
    for number, rules in enumerate(edition.stages, start=1):
        bits = []
        if rules.acknowledge is not None:
            bits.append(
                f"acknowledged within {rules.acknowledge.working_days} working days of receipt"
            )
        after = "acknowledgement" if rules.respond.runs_from == "acknowledgement" else "receipt"
        bits.append(f"answered within {rules.respond.working_days} working days of {after}")
        bits.append(f"extensions up to {rules.extension_cap.working_days} working days")
        parts.append(f"stage {number} " + ", ".join(bits))
    return f"{edition.label}: " + "; ".join(parts) + "."
