"""Write the conformance cases from the hand-worked golden scenarios (no complaintcode used).

Reads ``tests/rules/golden/*.toml`` (every date in them counted by hand on a printed
calendar) and writes ``src/complaintcode/data/conformance/cases.json``: for each scenario,
the complaint as a JSON document in the published complaint schema, the options it is
checked with, and the expected edition, deadlines, statuses and findings, copied from the
TOML as they are. The conversion is structural only (key names, dates to ISO strings), so
the shipped cases hold exactly what was worked by hand; ``tests/test_conformance.py`` fails
if the shipped file differs from what this script writes.

Run it after changing a golden scenario::

    python3 scripts/export_conformance.py
"""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "rules" / "golden"
TARGET = ROOT / "src" / "complaintcode" / "data" / "conformance" / "cases.json"
FORMAT = 1
"""The version of the case format; a change that a runner must know about bumps it."""

_DEADLINES = ("acknowledge_by", "respond_by", "extended_respond_by")


def _value(value: Any) -> Any:
    """A TOML value as JSON: dates ISO 8601, lists and tables value by value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    return value


def _renamed(table: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in table.items()}


def _document(complaint: dict[str, Any]) -> dict[str, Any]:
    """A golden complaint table in the complaint schema's key names.

    The TOML says ``[[stage]]``, ``[[extension]]`` and ``[[remedy]]`` where the JSON
    document has plural lists; a refusal's ``stage`` keeps its name.
    """
    document = _renamed(_value(complaint), {"stage": "stages", "remedy": "remedies"})
    document["stages"] = [
        _renamed(stage, {"extension": "extensions"}) for stage in document["stages"]
    ]
    return document


def _deadline(value: Any) -> str | None:
    """A hand-worked deadline: an ISO date, or null where the TOML says "none"."""
    return None if value == "none" else _value(value)


def _expected(scenario: dict[str, Any]) -> dict[str, Any]:
    expect = scenario["expect"]
    timetable = []
    statuses = []
    for stage in expect.get("stage", []):
        row: dict[str, Any] = {"stage": stage["number"]}
        row.update({key: _deadline(stage[key]) for key in _DEADLINES if key in stage})
        if len(row) > 1:
            timetable.append(row)
        if "status" in stage:
            statuses.append({"stage": stage["number"], "status": stage["status"]})
    return {
        "edition": scenario["edition"],
        "findings": sorted(expect["findings"]),
        "finding_details": [_value(finding) for finding in expect.get("finding", [])],
        "timetable": timetable,
        "statuses": statuses,
    }


def _case(source: str, scenario: dict[str, Any]) -> dict[str, Any]:
    complaint = scenario["complaint"]
    return {
        "id": complaint["reference"],
        "name": scenario["name"],
        "source": source,
        "input": {
            "complaint": _document(complaint),
            "as_of": _value(scenario.get("as_of")),
            "edition": scenario.get("force_edition"),
        },
        "expected": _expected(scenario),
    }


def build(golden: Path = GOLDEN) -> dict[str, Any]:
    """Every golden scenario as a conformance case, in file order then scenario order."""
    cases = []
    for path in sorted(golden.glob("*.toml")):
        with path.open("rb") as handle:
            for scenario in tomllib.load(handle)["scenario"]:
                cases.append(_case(f"tests/rules/golden/{path.name}", scenario))
    return {"format": FORMAT, "cases": cases}


def render(golden: Path = GOLDEN) -> str:
    """The text of cases.json: stable key order, one case field per line, a final newline."""
    return json.dumps(build(golden), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    """Write cases.json and say how many cases it holds."""
    text = render()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["cases"])
    print(f"wrote {count} cases to {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
