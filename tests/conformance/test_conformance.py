"""The conformance kit: the shipped cases are the golden scenarios, and the runner judges.

The cases are generated from the hand-worked golden TOML by scripts/export_conformance.py
(structure only: the expected values are copied, never computed), so the shipped JSON must
equal what that script writes today. The library answers every case as expected; a
deliberately wrong implementation (tests/conformance/calendar_days.py, which counts
calendar days) is failed, with the cases named and the differences given.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from complaintcode import conformance
from complaintcode.conformance import cases, compare, evaluate, export, reference_answer, run
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint
from complaintcode.serialize import from_dict, schema

ROOT = Path(__file__).resolve().parent.parent.parent
TOY = Path(__file__).with_name("calendar_days.py")
SHIPPED = ROOT / "src" / "complaintcode" / "data" / "conformance" / "cases.json"
# Cases the calendar-day toy gets wrong, for reasons a reader can check on a calendar:
# G22-002 spans the Platinum Jubilee holidays; G24-001 is an ordinary 2024 complaint whose
# five working days cross a weekend.
TOY_CASES = ["G22-001", "G22-002", "G22-003", "G24-001", "G24-002"]


def _script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "export_conformance", ROOT / "scripts" / "export_conformance.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_cases_are_what_the_script_makes_of_the_golden_toml() -> None:
    """Change a golden scenario, then run scripts/export_conformance.py, or this fails."""
    expected = _script().render()
    assert SHIPPED.read_text(encoding="utf-8") == expected, (
        "src/complaintcode/data/conformance/cases.json is stale: "
        "run python3 scripts/export_conformance.py"
    )


def test_every_golden_scenario_is_a_case_and_every_input_is_a_valid_document() -> None:
    """One case per scenario, unique ids, each complaint valid by the schema and from_dict."""
    every = cases()
    golden = sum(
        text.count("[[scenario]]")
        for text in (p.read_text() for p in (ROOT / "tests/rules/golden").glob("*.toml"))
    )
    assert len(every) == golden
    assert len({case.id for case in every}) == len(every)
    validator = jsonschema.Draft202012Validator(
        schema("complaint"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for case in every:
        validator.validate(case.input["complaint"])
        assert from_dict(case.input["complaint"], Complaint).reference == case.id


def test_the_library_passes_every_case() -> None:
    """Complaintcode's own answers agree with every hand-worked case: 100 %."""
    report = evaluate(reference_answer)
    assert report.total == len(cases()) >= 100
    assert (report.passed, report.exit_code) == (report.total, 0), report.render()


def test_the_reference_adapter_passes_as_a_command() -> None:
    """`python -m complaintcode.conformance` reads a case on stdin and answers on stdout."""
    report = run([sys.executable, "-m", "complaintcode.conformance"], ids=TOY_CASES[:3])
    assert (report.passed, report.exit_code) == (3, 0), report.render()


def test_a_system_counting_calendar_days_fails_and_the_cases_are_named() -> None:
    """The toy's deadlines are off wherever a weekend or bank holiday falls in the count."""
    report = run(f'"{sys.executable}" "{TOY}"', ids=TOY_CASES)
    assert report.exit_code == 1
    text = report.render()
    assert "DISAGREE G22-002: a 2022-code stage 1 received the day before the Platinum" in text
    # received Wed 2022-06-01: 5 calendar days is Mon 06-06; 5 working days skip the
    # jubilee (2, 3 June) and the weekend: Fri 06-10.
    assert "  stage 1 acknowledge_by: expected 2022-06-10, got '2022-06-06'" in text
    failed = {r.case_id for r in report.results if r.outcome == "disagree"}
    assert {"G22-002", "G24-001"} <= failed


def test_the_toy_agrees_on_the_edition_when_only_that_is_compared() -> None:
    """Comparing one aspect only: the toy picks the edition by date as the Code does."""
    report = run([sys.executable, str(TOY)], ids=TOY_CASES, aspects=["edition"])
    assert report.exit_code == 0, report.render()
    assert "compared: edition only" in report.render()


@pytest.mark.parametrize(
    ("program", "reason"),
    [
        ("import sys; sys.exit(3)", "exit status 3"),
        ("print('not json')", "standard output is not JSON: 'not json\\n'"),
        ("print('[1, 2]')", "expected a JSON object; got list"),
        ("print('{\"timetable\": 5}')", "timetable: expected a list of objects"),
    ],
)
def test_an_unusable_answer_makes_the_run_unusable(program: str, reason: str) -> None:
    """No answer, or one that is not shaped as the format says: exit status 2, the reason."""
    report = run([sys.executable, "-c", program], ids=["G22-001"])
    assert (report.unusable, report.exit_code) == (1, 2)
    assert reason in report.results[0].problems[0]


def test_a_missing_command_is_unusable_and_named() -> None:
    """A command that does not exist is reported as such, case by case."""
    report = run("no-such-command-for-complaintcode --flag", ids=["G22-001"])
    assert report.exit_code == 2
    assert report.results[0].problems == (
        "the command 'no-such-command-for-complaintcode' was not found",
    )


def test_the_system_is_never_shown_the_expected_answer() -> None:
    """What a system receives is the input only: complaint, as_of, edition."""
    seen: list[set[str]] = []

    def spy(document: dict[str, Any]) -> dict[str, Any]:
        seen.append(set(document))
        return reference_answer(document)

    evaluate(spy, ids=["G22-001", "G24-001"])
    assert seen == [{"complaint", "as_of", "edition"}] * 2


def test_compare_names_missing_and_unexpected_findings_and_wrong_details() -> None:
    """Each kind of difference in the findings is reported; the right answer has none."""
    (case,) = cases(["G22-003"])  # one stage1.response finding, 1 working day late
    right = reference_answer(case.input)
    assert compare(case, right).outcome == "pass"
    wrong_details = json.loads(json.dumps(right))
    wrong_details["findings"][0]["working_days_late"] = 2
    (problem,) = compare(case, wrong_details).problems
    assert problem.startswith("stage1.response (stage 1): expected ")
    missing = {**right, "findings": []}
    assert compare(case, missing).problems == ("findings missing: stage1.response",)
    extra = {**right, "findings": [*right["findings"], {"rule": "remedy.target-date"}]}
    assert compare(case, extra).problems == ("findings not expected: remedy.target-date",)
    status = {**right, "statuses": [{"stage": 1, "status": "ON_TIME"}]}
    assert compare(case, status).problems == ("stage 1 status: expected LATE, got 'ON_TIME'",)


def test_export_writes_every_case_and_an_index(tmp_path: Path) -> None:
    """export(DIR): index.json, then ID.json per case, each the case's JSON as shipped."""
    written = export(tmp_path / "kit")
    index = json.loads((tmp_path / "kit" / "index.json").read_text())
    assert [c["id"] for c in index["cases"]] == [c.id for c in cases()]
    assert len(written) == len(cases()) + 1
    one = json.loads((tmp_path / "kit" / "G22-002.json").read_text())
    assert one == cases(["G22-002"])[0].to_json()
    assert one["expected"]["timetable"][0]["acknowledge_by"] == "2022-06-10"


def test_unknown_ids_and_aspects_are_refused() -> None:
    """A misspelt case id or aspect is an error, never an empty run that passes."""
    with pytest.raises(InvalidArgument, match="G99-999"):
        cases(["G99-999"])
    with pytest.raises(InvalidArgument, match="aspects"):
        evaluate(reference_answer, ids=["G22-001"], aspects=["deadlines"])  # type: ignore[list-item]
    assert conformance.ConformanceReport(()).exit_code == 2


def test_the_command_line_exports_runs_and_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`complaintcode conformance export|run|reference`, with the exit statuses promised."""
    import io

    from complaintcode.cli import main

    assert main(["conformance", "export", str(tmp_path / "kit")]) == 0
    assert (tmp_path / "kit" / "G24-001.json").exists()
    toy = f'"{sys.executable}" "{TOY}"'
    assert main(["conformance", "run", "--command", toy, "--case", "G22-002"]) == 1
    out = capsys.readouterr().out
    assert "DISAGREE G22-002" in out
    status = main(["conformance", "run", "--command", toy, "--case", "G22-002", "--format=json"])
    assert status == 1
    assert json.loads(capsys.readouterr().out)["cases"][0]["outcome"] == "disagree"
    reference = f'"{sys.executable}" -m complaintcode conformance reference'
    assert main(["conformance", "run", "--command", reference, "--case", "G22-002"]) == 0
    assert capsys.readouterr().out.startswith("conformance: 1 case: 1 pass")
    (case,) = cases(["G22-002"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(case.input)))
    assert main(["conformance", "reference"]) == 0
    assert json.loads(capsys.readouterr().out)["edition"] == "2022"
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json"))
    assert main(["conformance", "reference"]) == 2
    assert "standard input is not JSON" in capsys.readouterr().err


def test_every_file_and_answer_has_a_type_and_matches_its_published_schema(
    tmp_path: Path,
) -> None:
    """Exported cases and index, a run's report and the reference answer all validate."""
    registry: Registry[Any] = Registry().with_resource(
        schema("complaint")["$id"], Resource.from_contents(schema("complaint"))
    )
    kit = jsonschema.Draft202012Validator(
        schema("conformance"),
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    written = export(tmp_path / "kit")
    for path in written:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["type"] in ("conformance_index", "conformance_case")
        kit.validate(document)
    toy = f'"{sys.executable}" "{TOY}"'
    report = run(toy, ids=["G22-002", "G24-001"]).to_json()
    assert report["type"] == "conformance_report"
    assert report["disagreed"] >= 1  # the toy counts calendar days: it must disagree
    kit.validate(report)
    answer = reference_answer(cases(["G24-001"])[0].input)
    assert answer["type"] == "assessment"
    jsonschema.Draft202012Validator(schema("assessment")).validate(answer)
