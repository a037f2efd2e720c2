"""Builders and the golden-data loader shared by the tests.

Builders make the small, hand-worked complaints the rule tests are written with;
:func:`read_text` and :func:`run_cli` run the readers and the command line in the test's
own process. Every
date a test depends on is passed by the test itself; the defaults are only the facts a
test does not care about (a reason, a description, the Ombudsman's details given), set so
that they never cause a finding on their own.

Golden data is TOML, one format everywhere (``tests/rules/golden/*.toml`` for scenarios,
``tests/report/expected_*.toml`` for report figures, ``tests/golden/calendar.toml`` for
working-day counts), read by :func:`load_golden`.
:func:`golden_complaint` turns a scenario's ``[scenario.complaint]`` table into a
:class:`~complaintcode.Complaint`; its schema is closed, so a misspelt key fails loudly
instead of silently dropping a fact.
"""

from __future__ import annotations

import ast
import io
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from complaintcode import (
    Complaint,
    ExclusionGround,
    Extension,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
    read_cases,
)
from complaintcode.cli import main
from complaintcode.records import RecordError

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (examples/, docs/ and src/ are below it)."""

ALL_ITEMS = frozenset(ResponseItem)
"""Every response item: a letter that says everything."""


# -- builders ------------------------------------------------------------------------------


def extension(
    notified: date,
    working_days: int,
    *,
    reason: str = "waiting for a contractor's report",
    good_reason: bool = False,
    ombudsman_details_given: bool = True,
) -> Extension:
    """An extension with a reason and the Ombudsman's details unless the test says otherwise."""
    return Extension(
        notified,
        working_days,
        reason,
        good_reason=good_reason,
        ombudsman_details_given=ombudsman_details_given,
    )


def complaint(*stages: Stage, reference: str = "E-1", **fields: Any) -> Complaint:
    """A complaint with the given stages (other fields by keyword)."""
    return Complaint(reference, stages, **fields)


def refusal(
    decided: date,
    ground: ExclusionGround = ExclusionGround.OTHER,
    *,
    stage: int = 1,
    reasons_given: bool = True,
    ombudsman_rights_given: bool = True,
) -> Refusal:
    """A refusal that explains itself unless the test says otherwise."""
    return Refusal(
        decided,
        ground,
        stage=stage,
        reasons_given=reasons_given,
        ombudsman_rights_given=ombudsman_rights_given,
    )


def remedy(
    offered: date,
    *,
    due: date | None = None,
    completed: date | None = None,
    kind: RemedyKind = RemedyKind.OTHER,
    description: str = "repair gate",
    amount: Decimal | None = None,
) -> Remedy:
    """A remedy offered on a given day, with its target and completion dates if any."""
    return Remedy(kind, description, offered=offered, due=due, completed=completed, amount=amount)


# -- running readers and the command line ----------------------------------------------


def read_text(text: str, **options: object) -> list[Complaint | RecordError]:
    """Every item :func:`~complaintcode.read_cases` reads from ``text`` (a CSV export)."""
    return list(read_cases(io.StringIO(text), **options))  # type: ignore[arg-type]


def write_file(folder: Path, text: str, name: str = "in.csv") -> Path:
    """``text`` written as UTF-8 to the file ``name`` in ``folder``, byte for byte."""
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, standard output, standard error)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# -- golden data ---------------------------------------------------------------------------


def load_golden(path: Path) -> dict[str, Any]:
    """One golden TOML file, as a dictionary (dates are ``datetime.date``)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def golden_scenarios(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every ``[[scenario]]`` of every TOML file in a folder, as (test id, scenario)."""
    return [
        (f"{path.stem}: {scenario['name']}", scenario)
        for path in sorted(folder.glob("*.toml"))
        for scenario in load_golden(path)["scenario"]
    ]


def closed(table: dict[str, Any], allowed: set[str], where: str) -> None:
    """Fail when a golden table has a key its schema does not know."""
    unknown = set(table) - allowed
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"


COMPLAINT_KEYS = {"reference", "issue_date", "aware_date", "stage", "refusal", "remedy"}
STAGE_KEYS = {
    "number",
    "received",
    "acknowledged",
    "responded",
    "handler",
    "response_items",
    "extension",
}
EXTENSION_KEYS = {"notified", "working_days", "reason", "good_reason", "ombudsman_details_given"}
REFUSAL_KEYS = {"decided", "ground", "stage", "reasons_given", "ombudsman_rights_given"}
REMEDY_KEYS = {"kind", "description", "offered", "due", "completed", "amount"}


def _golden_stage(raw: dict[str, Any], where: str) -> Stage:
    closed(raw, STAGE_KEYS, where)
    extensions = []
    for i, ext in enumerate(raw.get("extension", [])):
        closed(ext, EXTENSION_KEYS, f"{where}.extension[{i}]")
        extensions.append(
            Extension(
                ext["notified"],
                ext["working_days"],
                ext["reason"],
                good_reason=ext.get("good_reason", False),
                ombudsman_details_given=ext.get("ombudsman_details_given", False),
            )
        )
    items = raw.get("response_items")
    return Stage(
        raw["number"],
        raw["received"],
        acknowledged=raw.get("acknowledged"),
        responded=raw.get("responded"),
        handler=raw.get("handler"),
        extensions=extensions,
        response_items=None if items is None else frozenset(ResponseItem[i] for i in items),
    )


def golden_complaint(raw: dict[str, Any]) -> Complaint:
    """The complaint a golden scenario's ``[scenario.complaint]`` table describes."""
    closed(raw, COMPLAINT_KEYS, "complaint")
    refused = None
    if "refusal" in raw:
        r = raw["refusal"]
        closed(r, REFUSAL_KEYS, "refusal")
        refused = Refusal(
            r["decided"],
            ExclusionGround[r["ground"]],
            stage=r.get("stage", 1),
            reasons_given=r["reasons_given"],
            ombudsman_rights_given=r["ombudsman_rights_given"],
        )
    remedies = []
    for i, m in enumerate(raw.get("remedy", [])):
        closed(m, REMEDY_KEYS, f"remedy[{i}]")
        remedies.append(
            Remedy(
                RemedyKind[m["kind"]],
                m["description"],
                offered=m["offered"],
                due=m.get("due"),
                completed=m.get("completed"),
                amount=Decimal(m["amount"]) if "amount" in m else None,
            )
        )
    return Complaint(
        raw["reference"],
        [_golden_stage(s, f"stage[{i}]") for i, s in enumerate(raw["stage"])],
        issue_date=raw.get("issue_date"),
        aware_date=raw.get("aware_date"),
        refusal=refused,
        remedies=remedies,
    )


# -- the Code's figures written into code -------------------------------------------------

# The rules and the strategies read these from the edition; tests check neither writes them.
FORBIDDEN_NUMBERS = {5, 10, 20}
FORBIDDEN_WORDS = ("12 months", "12-month", "twelve months")


def literals(source: str) -> list[tuple[int, object]]:
    """Every number and piece of text written in ``source``, docstrings included."""
    found: list[tuple[int, object]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str):
            found.append((node.lineno, node.value))
    return found


def offending(source: str) -> list[tuple[int, object]]:
    """The Code's figures (5, 10, 20 working days, a 12-month window) written in ``source``."""
    bad: list[tuple[int, object]] = []
    for line, value in literals(source):
        if isinstance(value, str):
            words = " ".join(value.split())
            if any(word in words for word in FORBIDDEN_WORDS):
                bad.append((line, value))
        elif not isinstance(value, bool) and value in FORBIDDEN_NUMBERS:
            bad.append((line, value))
    return bad
