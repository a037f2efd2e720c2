"""Hand-worked golden scenarios, one per table in tests/rules/golden/*.toml.

Every expected date and finding in those files was counted by hand on a printed calendar
from the Code's rules (the count is written in a comment beside each date); none was
produced by running complaintcode. The schema is closed: an unknown key fails the test,
so a typo cannot silently drop an expectation.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from complaintcode import Assessment, Complaint, StageStatus, check
from complaintcode.results import Deadline
from support import closed, golden_complaint, golden_scenarios

GOLDEN = Path(__file__).parent / "golden"

SCENARIO_KEYS = {"name", "as_of", "edition", "force_edition", "complaint", "expect"}
EXPECT_KEYS = {"findings", "stage", "finding"}
EXPECT_STAGE_KEYS = {"number", "acknowledge_by", "respond_by", "extended_respond_by", "status"}
EXPECT_FINDING_KEYS = {"rule", "stage", "due", "actual", "working_days_late"}

SCENARIOS = golden_scenarios(GOLDEN)


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
    closed(scenario, SCENARIO_KEYS, "scenario")
    expect = scenario["expect"]
    closed(expect, EXPECT_KEYS, "expect")
    assessment = _assess(
        engine,
        golden_complaint(scenario["complaint"]),
        edition=scenario.get("force_edition"),
        as_of=scenario.get("as_of"),
    )
    assert assessment.edition.name == scenario["edition"]
    got = Counter(f.rule for f in assessment.findings)
    assert got == Counter(expect["findings"]), "\n".join(str(f) for f in assessment.findings)
    for raw in expect.get("stage", []):
        closed(raw, EXPECT_STAGE_KEYS, "expect.stage")
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
        closed(raw, EXPECT_FINDING_KEYS, "expect.finding")
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
