"""The conformance kit: the hand-worked golden cases as language-neutral JSON, and a runner.

Another implementation of the Complaint Handling Code (a case system's own deadline logic,
in any language) can be checked against the same hand-worked cases this library is tested
on. Each :class:`ConformanceCase` holds:

* **in**: a complaint as a JSON document in the published complaint schema, the date to
  check it as at (``as_of``, or ``null``) and an edition to force (or ``null``: the edition
  in force when stage 1 was received);
* **out**: the expected edition, deadlines per stage (``acknowledge_by``, ``respond_by``,
  ``extended_respond_by``; ``null`` where the stage has none), statuses per stage, the rule
  ids of every finding (as a multiset: order does not matter, repeats do), and for some
  findings their ``due`` and ``actual`` dates and ``working_days_late``.

The expected values were worked out by hand on a printed calendar (the reasoning is in
``tests/rules/golden/*.toml`` in the source distribution), never produced by complaintcode.

:func:`run` feeds each case's input to another system's command, one process per case
(JSON on standard input, JSON on standard output), and :func:`evaluate` does the same with
a Python function. Both return a :class:`ConformanceReport` naming every case that
disagrees and how. The answer a system writes is an object with ``edition``,
``timetable``, ``statuses`` and ``findings`` shaped as in the published assessment schema
(extra keys are ignored; a deadline may be written as ``{"due": "2024-05-13", ...}`` or
just ``"2024-05-13"``). The library's own answer is :func:`reference_answer`, also
available as a command: ``python -m complaintcode.conformance`` reads one case input on
standard input and writes the answer.

>>> report = evaluate(reference_answer)
>>> report.exit_code, report.total == report.passed, report.total >= 100
(0, True, True)
"""

from __future__ import annotations

import functools
import json
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs

from complaintcode.errors import InvalidArgument

__all__ = [
    "Aspect",
    "CaseOutcome",
    "CaseResult",
    "ConformanceCase",
    "ConformanceReport",
    "cases",
    "compare",
    "evaluate",
    "export",
    "reference_answer",
    "run",
]

FORMAT = 1
"""The version of the case format this module reads and writes."""

Aspect = Literal["edition", "timetable", "statuses", "findings"]
"""What a case compares; a system may be checked on some of them only (see :func:`run`)."""
ASPECTS: tuple[Aspect, ...] = ("edition", "timetable", "statuses", "findings")

CaseOutcome = Literal["pass", "disagree", "unusable"]
"""A case's result: the answer agrees; it disagrees; or there was no usable answer."""

_DEADLINES = ("acknowledge_by", "respond_by", "extended_respond_by")
_MAX_SHOWN = 200  # characters of a system's output quoted when it is not usable


@attrs.frozen
class ConformanceCase:
    """One hand-worked case: the input to send, and the answer expected back.

    >>> case = cases()[0]
    >>> sorted(case.input), case.expected["edition"]
    (['as_of', 'complaint', 'edition'], '2022')
    """

    id: str
    """The case's identifier (the complaint's reference), e.g. ``"G22-001"``."""
    name: str
    """What the case shows, as a sentence."""
    source: str
    """The golden file (in the source distribution) where it was worked by hand."""
    input: Mapping[str, Any]
    """What a system is given: ``complaint`` (a complaint document), ``as_of`` and
    ``edition`` (an ISO date and an edition name, each or both ``null``)."""
    expected: Mapping[str, Any]
    """``edition``, ``timetable``, ``statuses``, ``findings`` (rule ids) and
    ``finding_details`` (some findings' ``due``, ``actual`` and ``working_days_late``)."""

    def to_json(self) -> dict[str, Any]:
        """The case as the JSON object written by :func:`export`."""
        return {
            "type": "conformance_case",
            "format": FORMAT,
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "input": self.input,
            "expected": self.expected,
        }


@attrs.frozen
class CaseResult:
    """How one case went: its outcome and, unless it passed, what was wrong.

    >>> result = evaluate(reference_answer, ids=["G22-001"]).results[0]
    >>> result.case_id, result.outcome, result.problems
    ('G22-001', 'pass', ())
    """

    case_id: str
    name: str
    outcome: CaseOutcome
    problems: tuple[str, ...] = ()
    """One line per difference (``disagree``) or the reason there was no answer."""


@attrs.frozen
class ConformanceReport:
    """The results of every case run, with the counts and the exit status they give.

    Exit status: 0 when every case passed, 1 when some disagreed (and none was unusable),
    2 when the system gave no usable answer for some case (it failed, timed out or wrote
    something other than a JSON object) or no case was run.

    >>> report = evaluate(lambda document: {}, ids=["G22-001"])
    >>> report.exit_code, report.disagreed
    (1, 1)
    >>> print(report.render())  # doctest: +ELLIPSIS
    conformance: 1 case: 0 pass, 1 disagree, 0 unusable
    DISAGREE G22-001: a 2022-code complaint answered on time ...
      edition: expected '2022', got nothing
    ...
    """

    results: tuple[CaseResult, ...]
    aspects: tuple[Aspect, ...] = ASPECTS

    @property
    def total(self) -> int:
        """How many cases were run."""
        return len(self.results)

    @property
    def passed(self) -> int:
        """How many cases agreed on every aspect compared."""
        return sum(1 for r in self.results if r.outcome == "pass")

    @property
    def disagreed(self) -> int:
        """How many cases were answered, but differently."""
        return sum(1 for r in self.results if r.outcome == "disagree")

    @property
    def unusable(self) -> int:
        """How many cases got no usable answer."""
        return sum(1 for r in self.results if r.outcome == "unusable")

    @property
    def exit_code(self) -> int:
        """0 all passed; 1 some disagreed; 2 some answer was unusable or nothing ran."""
        if self.unusable or not self.results:
            return 2
        return 1 if self.disagreed else 0

    def render(self) -> str:
        """The report as text: the counts, then each case that did not pass and why."""
        plural = "" if self.total == 1 else "s"
        lines = [
            f"conformance: {self.total} case{plural}: {self.passed} pass, "
            f"{self.disagreed} disagree, {self.unusable} unusable"
        ]
        if self.aspects != ASPECTS:
            lines.append(f"compared: {', '.join(self.aspects)} only")
        for result in self.results:
            if result.outcome != "pass":
                lines.append(f"{result.outcome.upper()} {result.case_id}: {result.name}")
                lines.extend(f"  {problem}" for problem in result.problems)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready object (counts, then one entry per case)."""
        return {
            "type": "conformance_report",
            "format": FORMAT,
            "aspects": list(self.aspects),
            "total": self.total,
            "passed": self.passed,
            "disagreed": self.disagreed,
            "unusable": self.unusable,
            "exit_code": self.exit_code,
            "cases": [
                {
                    "id": r.case_id,
                    "name": r.name,
                    "outcome": r.outcome,
                    "problems": list(r.problems),
                }
                for r in self.results
            ],
        }


@functools.cache
def _shipped() -> tuple[ConformanceCase, ...]:
    text = (
        resources.files("complaintcode")
        .joinpath("data", "conformance", "cases.json")
        .read_text(encoding="utf-8")
    )
    document = json.loads(text)
    return tuple(
        ConformanceCase(c["id"], c["name"], c["source"], c["input"], c["expected"])
        for c in document["cases"]
    )


def cases(ids: Iterable[str] | None = None) -> tuple[ConformanceCase, ...]:
    """The shipped cases (all of them, or those with the given ids, in the shipped order).

    >>> [case.id for case in cases(["G24-001", "G22-002"])]
    ['G22-002', 'G24-001']

    Raises:
        InvalidArgument: for an id that no case has.
    """
    every = _shipped()
    if ids is None:
        return every
    wanted = set(ids)
    unknown = wanted - {case.id for case in every}
    if unknown:
        raise InvalidArgument("ids", sorted(unknown), "ids of shipped conformance cases")
    return tuple(case for case in every if case.id in wanted)


def export(directory: str | Path) -> list[Path]:
    """Write every case to ``directory/ID.json`` and an ``index.json`` listing them.

    The directory is created if needed; files of the same names are replaced.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = export(folder)
    ...     index = json.loads((Path(folder) / "index.json").read_text())
    >>> written[0].name, index["format"], len(index["cases"]) == len(written) - 1
    ('index.json', 1, True)
    """
    from complaintcode._version import __version__

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    every = cases()
    index = {
        "type": "conformance_index",
        "format": FORMAT,
        "complaintcode": __version__,
        "cases": [{"id": c.id, "name": c.name, "file": f"{c.id}.json"} for c in every],
    }
    written = [folder / "index.json"]
    written[0].write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for case in every:
        path = folder / f"{case.id}.json"
        path.write_text(json.dumps(case.to_json(), indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def reference_answer(document: Mapping[str, Any]) -> dict[str, Any]:
    """Complaintcode's own answer to a case input: the assessment record of the check.

    >>> answer = reference_answer(cases(["G22-002"])[0].input)
    >>> answer["type"], answer["edition"], answer["timetable"][0]["acknowledge_by"]["due"]
    ('assessment', '2022', '2022-06-10')
    """
    from complaintcode.checking import check
    from complaintcode.model import Complaint
    from complaintcode.serialize import from_dict, to_dict

    complaint = from_dict(document["complaint"], Complaint)
    as_of = document.get("as_of")
    assessment = check(
        complaint,
        edition=document.get("edition"),
        as_of=None if as_of is None else date.fromisoformat(as_of),
    )
    return {"type": "assessment", **to_dict(assessment)}


# --- comparing an answer with the expected one ---------------------------------------------


class _NoAnswer(Exception):
    """A system's command gave no answer: why, in words."""


class _Unusable(Exception):
    """The answer is not shaped as the format says, so it cannot be compared."""


def _rows(answer: Mapping[str, Any], key: str) -> dict[int, Mapping[str, Any]]:
    """An answer's per-stage list (``timetable`` or ``statuses``) keyed by stage number."""
    rows = answer.get(key, [])
    if not isinstance(rows, list) or not all(
        isinstance(row, Mapping) and isinstance(row.get("stage"), int) for row in rows
    ):
        raise _Unusable(f"{key}: expected a list of objects, each with a whole-number stage")
    return {row["stage"]: row for row in rows}


def _due(value: object) -> object:
    """A deadline as written by a system: ``null``, an ISO date, or ``{"due": ...}``."""
    return value.get("due") if isinstance(value, Mapping) else value


def _show(value: object) -> str:
    return "nothing" if value is _MISSING else repr(value)


_MISSING = object()


def _compare_timetable(expected: Mapping[str, Any], answer: Mapping[str, Any]) -> list[str]:
    problems = []
    rows = _rows(answer, "timetable")
    for row in expected["timetable"]:
        stage = row["stage"]
        got_row = rows.get(stage)
        for key in _DEADLINES:
            if key not in row:
                continue
            got = _MISSING if got_row is None or key not in got_row else _due(got_row[key])
            if got != row[key]:
                problems.append(
                    f"stage {stage} {key}: expected {row[key] or 'none'}, got {_show(got)}"
                )
    return problems


def _compare_statuses(expected: Mapping[str, Any], answer: Mapping[str, Any]) -> list[str]:
    problems = []
    rows = _rows(answer, "statuses")
    for row in expected["statuses"]:
        stage = row["stage"]
        got = rows[stage].get("status", _MISSING) if stage in rows else _MISSING
        if got != row["status"]:
            problems.append(f"stage {stage} status: expected {row['status']}, got {_show(got)}")
    return problems


def _compare_findings(expected: Mapping[str, Any], answer: Mapping[str, Any]) -> list[str]:
    findings = answer.get("findings", [])
    if not isinstance(findings, list) or not all(
        isinstance(f, Mapping) and isinstance(f.get("rule"), str) for f in findings
    ):
        raise _Unusable("findings: expected a list of objects, each with a rule id")
    problems = []
    want, got = Counter(expected["findings"]), Counter(f["rule"] for f in findings)
    missing, extra = sorted((want - got).elements()), sorted((got - want).elements())
    if missing:
        problems.append(f"findings missing: {', '.join(missing)}")
    if extra:
        problems.append(f"findings not expected: {', '.join(extra)}")
    for detail in expected["finding_details"]:
        candidates = [
            f
            for f in findings
            if f["rule"] == detail["rule"]
            and ("stage" not in detail or f.get("stage") == detail["stage"])
        ]
        keys = [k for k in ("due", "actual", "working_days_late") if k in detail]
        if candidates and not any(all(f.get(k) == detail[k] for k in keys) for f in candidates):
            wanted = ", ".join(f"{k} {detail[k]}" for k in keys)
            shown = "; ".join(", ".join(f"{k} {f.get(k)}" for k in keys) for f in candidates)
            where = f" (stage {detail['stage']})" if "stage" in detail else ""
            problems.append(f"{detail['rule']}{where}: expected {wanted}; got {shown}")
    return problems


def compare(
    case: ConformanceCase, answer: object, aspects: Sequence[Aspect] = ASPECTS
) -> CaseResult:
    """Compare a system's answer to a case with the expected one.

    >>> case = cases(["G22-002"])[0]
    >>> compare(case, reference_answer(case.input)).outcome
    'pass'
    >>> wrong = {"timetable": [{"stage": 1, "acknowledge_by": "2022-06-06"}]}
    >>> for problem in compare(case, wrong, aspects=["timetable"]).problems:
    ...     print(problem)
    stage 1 acknowledge_by: expected 2022-06-10, got '2022-06-06'
    stage 1 respond_by: expected 2022-06-24, got nothing
    stage 1 extended_respond_by: expected none, got nothing
    """
    if not isinstance(answer, Mapping):
        kind = type(answer).__name__
        return CaseResult(case.id, case.name, "unusable", (f"expected a JSON object; got {kind}",))
    problems: list[str] = []
    try:
        if "edition" in aspects and answer.get("edition", _MISSING) != case.expected["edition"]:
            got = _show(answer.get("edition", _MISSING))
            problems.append(f"edition: expected {case.expected['edition']!r}, got {got}")
        if "timetable" in aspects:
            problems += _compare_timetable(case.expected, answer)
        if "statuses" in aspects:
            problems += _compare_statuses(case.expected, answer)
        if "findings" in aspects:
            problems += _compare_findings(case.expected, answer)
    except _Unusable as exc:
        return CaseResult(case.id, case.name, "unusable", (str(exc),))
    return CaseResult(case.id, case.name, "disagree" if problems else "pass", tuple(problems))


# --- running a system on the cases --------------------------------------------------------


def evaluate(
    answer: Callable[[dict[str, Any]], object],
    *,
    ids: Iterable[str] | None = None,
    aspects: Sequence[Aspect] = ASPECTS,
) -> ConformanceReport:
    """Run a Python function on each case's input and compare what it returns.

    ``answer`` is given a fresh copy of the input (``complaint``, ``as_of``, ``edition``),
    never the expected result. An exception from it makes the case unusable.

    >>> evaluate(reference_answer, ids=["G24-001"]).render()
    'conformance: 1 case: 1 pass, 0 disagree, 0 unusable'
    """
    chosen = _aspects(aspects)
    results = []
    for case in cases(ids):
        try:
            got = answer(json.loads(json.dumps(case.input)))
        except Exception as exc:  # any failure of the system under test is reported
            why = str(exc) if isinstance(exc, _NoAnswer) else f"{type(exc).__name__}: {exc}"
            results.append(CaseResult(case.id, case.name, "unusable", (why,)))
            continue
        results.append(compare(case, got, chosen))
    return ConformanceReport(tuple(results), chosen)


def run(
    command: str | Sequence[str],
    *,
    ids: Iterable[str] | None = None,
    aspects: Sequence[Aspect] = ASPECTS,
    timeout: float = 30.0,
) -> ConformanceReport:
    """Run another system's command once per case: the input on stdin, its answer on stdout.

    ``command`` is a program and its arguments, as a list or as one string split the way
    a POSIX shell splits words (no shell runs it: no pipes or variables). The command must
    read one JSON object from standard input, write one JSON object to standard output and
    exit with status 0; anything else (another status, no JSON, more than ``timeout``
    seconds) makes that case unusable, with the reason in the report.

    >>> import sys
    >>> report = run([sys.executable, "-m", "complaintcode.conformance"], ids=["G22-002"])
    >>> report.exit_code, report.passed
    (0, 1)
    """
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if not argv:
        raise InvalidArgument("command", command, "a program to run, with its arguments")

    def answer(document: dict[str, Any]) -> object:
        return _answer_of(argv, document, timeout)

    return evaluate(answer, ids=ids, aspects=aspects)


def _answer_of(argv: list[str], document: dict[str, Any], timeout: float) -> object:
    """One process's answer to one case input; errors say why there is none."""
    try:
        completed = subprocess.run(
            argv,
            input=json.dumps(document),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise _NoAnswer(f"the command {argv[0]!r} was not found") from None
    except subprocess.TimeoutExpired:
        raise _NoAnswer(f"no answer within {timeout:g} seconds") from None
    if completed.returncode != 0:
        said = completed.stderr.strip()[-_MAX_SHOWN:]
        raise _NoAnswer(f"exit status {completed.returncode}; stderr: {said!r}")
    try:
        return json.loads(completed.stdout)
    except ValueError:
        shown = completed.stdout[:_MAX_SHOWN]
        raise _NoAnswer(f"standard output is not JSON: {shown!r}") from None


def _aspects(aspects: Sequence[Aspect]) -> tuple[Aspect, ...]:
    chosen = tuple(a for a in ASPECTS if a in aspects)
    unknown = [a for a in aspects if a not in ASPECTS]
    if unknown or not chosen:
        raise InvalidArgument("aspects", list(aspects), f"one or more of {', '.join(ASPECTS)}")
    return chosen


def main() -> None:
    """The reference adapter: one case input on stdin, complaintcode's answer on stdout."""
    document = json.load(sys.stdin)
    json.dump(reference_answer(document), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
