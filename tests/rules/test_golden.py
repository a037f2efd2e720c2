"""Hand-worked golden scenarios, one per table in tests/rules/golden/*.toml.

Every expected date and finding in those files was counted by hand on a printed calendar
from the Code's rules (the count is written in a comment beside each date); none was
produced by running complaintcode. The schema is closed: an unknown key fails the test,
so a typo cannot silently drop an expectation.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from complaintcode import (
    Assessment,
    Complaint,
    ExclusionGround,
    Extension,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
    StageStatus,
    check,
)
from complaintcode.results import Deadline

GOLDEN = Path(__file__).parent / "golden"

SCENARIO_KEYS = {"name", "as_of", "edition", "force_edition", "complaint", "expect"}
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
EXPECT_KEYS = {"findings", "stage", "finding"}
EXPECT_STAGE_KEYS = {"number", "acknowledge_by", "respond_by", "extended_respond_by", "status"}
EXPECT_FINDING_KEYS = {"rule", "stage", "due", "actual", "working_days_late"}


def _closed(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"


def _load() -> list[tuple[str, dict[str, Any]]]:
    scenarios = []
    for path in sorted(GOLDEN.glob("*.toml")):
        with path.open("rb") as handle:
            for scenario in tomllib.load(handle)["scenario"]:
                scenarios.append((f"{path.stem}: {scenario['name']}", scenario))
    return scenarios


SCENARIOS = _load()


def _stage(raw: dict[str, Any], where: str) -> Stage:
    _closed(raw, STAGE_KEYS, where)
    extensions = []
    for i, ext in enumerate(raw.get("extension", [])):
        _closed(ext, EXTENSION_KEYS, f"{where}.extension[{i}]")
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


def _complaint(raw: dict[str, Any]) -> Complaint:
    _closed(raw, COMPLAINT_KEYS, "complaint")
    refusal = None
    if "refusal" in raw:
        r = raw["refusal"]
        _closed(r, REFUSAL_KEYS, "refusal")
        refusal = Refusal(
            r["decided"],
            ExclusionGround[r["ground"]],
            stage=r.get("stage", 1),
            reasons_given=r["reasons_given"],
            ombudsman_rights_given=r["ombudsman_rights_given"],
        )
    remedies = []
    for i, m in enumerate(raw.get("remedy", [])):
        _closed(m, REMEDY_KEYS, f"remedy[{i}]")
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
        [_stage(s, f"stage[{i}]") for i, s in enumerate(raw["stage"])],
        issue_date=raw.get("issue_date"),
        aware_date=raw.get("aware_date"),
        refusal=refusal,
        remedies=remedies,
    )


def _due(deadline: Deadline | None) -> date | str:
    return "none" if deadline is None else deadline.due


def _assess(engine: str, complaint: Complaint, **options: Any) -> Assessment:
    """Check with the object engine, or with the columnar engine (a batch of one)."""
    if engine == "object":
        return check(complaint, **options)
    from complaintcode.columnar import check_complaints

    return check_complaints([complaint], **options).assessment(0)


@pytest.mark.parametrize("engine", ["object", "columnar"])
@pytest.mark.parametrize("scenario", [s for _, s in SCENARIOS], ids=[n for n, _ in SCENARIOS])
def test_golden_scenario(scenario: dict[str, Any], engine: str) -> None:
    """Both engines reproduce the hand-worked deadlines, statuses and findings."""
    _closed(scenario, SCENARIO_KEYS, "scenario")
    expect = scenario["expect"]
    _closed(expect, EXPECT_KEYS, "expect")
    assessment = _assess(
        engine,
        _complaint(scenario["complaint"]),
        edition=scenario.get("force_edition"),
        as_of=scenario.get("as_of"),
    )
    assert assessment.edition.name == scenario["edition"]
    got = Counter(f.rule for f in assessment.findings)
    assert got == Counter(expect["findings"]), "\n".join(str(f) for f in assessment.findings)
    for raw in expect.get("stage", []):
        _closed(raw, EXPECT_STAGE_KEYS, "expect.stage")
        n = raw["number"]
        table = assessment.timetable[n]
        for key in ("acknowledge_by", "respond_by", "extended_respond_by"):
            if key in raw:
                assert _due(getattr(table, key)) == raw[key], (
                    f"stage {n} {key}: {getattr(table, key)}"
                )
        if "status" in raw:
            assert assessment.status(n) is StageStatus[raw["status"]]
    for raw in expect.get("finding", []):
        _closed(raw, EXPECT_FINDING_KEYS, "expect.finding")
        candidates = [f for f in assessment.findings if f.rule == raw["rule"]]
        if "stage" in raw:
            candidates = [f for f in candidates if f.stage == raw["stage"]]
        assert candidates, f"no {raw['rule']} finding for {raw}"
        matching = [
            f
            for f in candidates
            if all(
                getattr(f, key) == raw[key]
                for key in ("due", "actual", "working_days_late")
                if key in raw
            )
        ]
        assert matching, f"{raw} does not match any of {candidates}"


def test_there_are_at_least_sixty_scenarios_with_unique_names_and_references() -> None:
    """The golden set is large enough, and no scenario shadows another."""
    assert len(SCENARIOS) >= 60
    names = [s["name"] for _, s in SCENARIOS]
    refs = [s["complaint"]["reference"] for _, s in SCENARIOS]
    assert len(set(names)) == len(names)
    assert len(set(refs)) == len(refs)
