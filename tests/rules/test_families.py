"""Each rule is produced only by the module its catalogue entry names (its family).

The contributor's map lists, from the rule catalogue data, the module that implements each
rule. These tests run every hand-worked golden scenario through each family's function on
its own and check that a family only ever produces its own rules, and that between them
the scenarios see every family produce something: so the map cannot name the wrong module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from complaintcode import WorkingDayCalendar, edition_for, edition_named
from complaintcode.results import Finding
from complaintcode.rules import definition
from complaintcode.rules._context import Context
from complaintcode.rules.exclusions import refusal_findings
from complaintcode.rules.letters import letter_findings
from complaintcode.rules.remedies import remedy_findings
from complaintcode.rules.stages import stage_findings
from complaintcode.rules.timescales import assess_stage
from support import golden_complaint, golden_scenarios

GOLDEN = Path(__file__).parent / "golden"
CALENDAR = WorkingDayCalendar.england_and_wales()


def _timescales(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        yield from assess_stage(ctx, stage)[2]


FAMILIES: dict[str, Callable[[Context], Iterable[Finding]]] = {
    "timescales": _timescales,
    "stages": stage_findings,
    "exclusions": lambda ctx: refusal_findings(ctx) if ctx.refusal is not None else (),
    "letters": letter_findings,
    "remedies": remedy_findings,
}


def _contexts() -> list[Context]:
    contexts = []
    for _, scenario in golden_scenarios(GOLDEN):
        complaint = golden_complaint(scenario["complaint"])
        forced = scenario.get("force_edition")
        edition = edition_named(forced) if forced else edition_for(complaint.received)
        contexts.append(Context.build(complaint, edition, CALENDAR, scenario.get("as_of")))
    return contexts


CONTEXTS = _contexts()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_family_produces_only_its_own_rules(family: str) -> None:
    """Every finding a family's module makes belongs to that family in the catalogue."""
    produced = {f.rule for ctx in CONTEXTS for f in FAMILIES[family](ctx)}
    assert produced, f"no golden scenario makes the {family} module produce a finding"
    strangers = {rule for rule in produced if definition(rule).family != family}
    assert not strangers, f"{family} produced rules catalogued elsewhere: {sorted(strangers)}"
