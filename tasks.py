"""Development tasks that work on a fresh machine with only Python 3.11+ and pip.

Usage::

    python3 tasks.py demo    # install into .venv and run the main job on bundled data
    python3 tasks.py test    # lint, format check, mypy --strict, pytest (+doctests) under
                             # coverage, docs build, the core tests again on the minimum
                             # dependency versions, then the coverage summary (fails < 95%,
                             # either statements and branches or branches alone)
    python3 tasks.py bench   # run the benchmark scripts and print their figures
    python3 tasks.py mutation  # mutation testing of the calendar, checking and rules (slow)

Each command creates ``.venv`` beside this file when it is missing and (re)installs the
project with its development extras whenever ``pyproject.toml`` changed since the last
install. ``test`` also keeps a second environment, ``.venv-min``, with the *declared
minimum* version of every runtime dependency installed (``attrs>=25.4`` becomes
``attrs==25.4``) and runs the core tests there, so the floors in ``pyproject.toml`` are
tested, not guessed. Nothing here depends on anything installed on the machine by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dev-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
MIN_VENV = ROOT / ".venv-min"
MIN_STAMP = MIN_VENV / ".min-installed"
MIN_BIN = MIN_VENV / ("Scripts" if os.name == "nt" else "bin")
# The test tools the minimum-versions run needs (the runtime dependencies come pinned).
MIN_TEST_TOOLS = ("pytest", "hypothesis", "jsonschema")
# Tests and modules of the optional extras and of the release machinery, which need more
# than the core (the columnar engine needs numpy and pyarrow; the strategies Hypothesis;
# the service Starlette, uvicorn and a browser).
# (The slow tests, among them the release tests, are left out by their marker.)
MIN_IGNORED = (
    "tests/docs",
    "tests/strategies",
    "tests/columnar",
    "src/complaintcode/columnar",
    "tests/server",
    "src/complaintcode/server",
)
# Tests elsewhere that run an extra's engine beside the core one (e.g. golden cases).
MIN_DESELECTED = "not columnar"


def _run(*args: str | Path, ok: tuple[int, ...] = (0,)) -> None:
    """Run a command from the project root; stop with its exit code if it fails."""
    printable = " ".join(str(a) for a in args)
    print(f"$ {printable}", flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if completed.returncode not in ok:
        sys.exit(completed.returncode)


def _ensure_venv() -> None:
    """Create .venv and install the project with its dev extras when needed."""
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def minimum_versions(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Each runtime dependency pinned to its declared floor: ``attrs>=25.4`` -> ``attrs==25.4``.

    Every runtime dependency must declare a floor (``>=``); one without is an error, since
    its minimum could not be tested.
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        found = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*(.*)", requirement)
        floor = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", requirement)
        if found is None or floor is None:
            sys.exit(f"runtime dependency {requirement!r} declares no minimum version (>=)")
        pins.append(f"{found.group(1)}=={floor.group(1)}")
    return pins


def _test_tool_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The test extra's requirements for the tools the minimum-versions run uses."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = []
    for requirement in project["optional-dependencies"]["test"]:
        name = re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0]
        if name in MIN_TEST_TOOLS:
            wanted.append(requirement)
    return wanted


def _ensure_min_venv() -> None:
    """Create .venv-min: the runtime dependencies at their floors, the project, pytest."""
    if not (MIN_BIN / "python").exists():
        print(f"creating {MIN_VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(MIN_VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if MIN_STAMP.exists() and MIN_STAMP.read_text().strip() == wanted:
        return
    pip = (MIN_BIN / "python", "-m", "pip", "install", "--quiet")
    _run(*pip, "--upgrade", "pip")
    # One resolve: if a test tool cannot live with a floor, pip says so here.
    _run(*pip, *minimum_versions(), *_test_tool_requirements())
    _run(*pip, "--no-deps", "-e", ".")
    MIN_STAMP.write_text(wanted)


def test_min() -> None:
    """The core tests with every runtime dependency at its declared minimum version."""
    _ensure_min_venv()
    pins = " ".join(minimum_versions())
    print(f"core tests on the minimum versions: {pins}", flush=True)
    _run(
        MIN_BIN / "python",
        "-m",
        "pytest",
        "-q",
        "-m",
        "not slow",
        "-k",
        MIN_DESELECTED,
        "--hypothesis-profile=min-versions",
        *(f"--ignore={path}" for path in MIN_IGNORED),
        "tests",
        "src/complaintcode",
    )


SYSTEM_PACKAGES = (
    # (Debian package, what shows it is installed: a command on PATH or a file)
    # The web page's tests drive the system's Chromium through its chromedriver.
    ("chromium", "chromium"),
    ("chromium-driver", "chromedriver"),
    # The guide's Java snippets: compiled with JDK 17 against the system's Jackson.
    ("openjdk-17-jdk-headless", "javac"),
    ("libjackson2-databind-java", "/usr/share/java/jackson-databind.jar"),
    # The guide's C# snippets: compiled with Mono's mcs, with the libraries they use.
    ("mono-mcs", "mcs"),
    ("mono-runtime", "mono"),
    ("libmono-system-net-http4.0-cil", "/usr/lib/mono/4.5/System.Net.Http.dll"),
    (
        "libmono-system-runtime-serialization4.0-cil",
        "/usr/lib/mono/4.5/System.Runtime.Serialization.dll",
    ),
)
"""The system packages the tests use (a browser, a JDK, Mono), installed when missing."""


def _missing_system_packages() -> list[str]:
    """The packages of SYSTEM_PACKAGES whose command or file is not there."""
    return [
        package
        for package, shows in SYSTEM_PACKAGES
        if not (Path(shows).is_file() if shows.startswith("/") else shutil.which(shows))
    ]


def _ensure_system_packages() -> None:
    """Install Chromium and its driver, a JDK and Mono from the system's packages if missing.

    The web page's tests drive a real headless Chromium, and the .NET/Java guide's
    snippets are compiled and run. On Debian or Ubuntu run as root (as CI is), missing
    packages are installed with apt-get; elsewhere this says what to install, the browser
    tests fail (never skip) and the snippet tests skip, naming the packages.
    """
    missing = _missing_system_packages()
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(
            "warning: some tests need system packages that are missing; install "
            f"{' '.join(missing)} (as root: apt-get install ...)",
            flush=True,
        )
        return
    os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
    _run(apt, "update")
    _run(apt, "install", "-y", "--no-install-recommends", *missing)


def demo() -> None:
    """Install; count working days over the Coronation; report on and check the sample."""
    _ensure_venv()
    _run(BIN / "complaintcode", "working-days", "2023-05-05", "5")
    _run(BIN / "complaintcode", "report", "--sample", "--year", "2023", "--homes", "4800")
    # Exit status 1 means "breaches found", which the sample has by design.
    _run(
        BIN / "complaintcode",
        "check",
        "--sample",
        "--format",
        "csv",
        "--output",
        "sample-results.csv",
        ok=(0, 1),
    )
    print("Per-complaint results written to sample-results.csv", flush=True)


def coverage_target(pyproject: Path = ROOT / "pyproject.toml") -> float:
    """The branch-coverage floor, ``fail_under`` in ``[tool.coverage.report]``."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["coverage"]
    return float(config["report"]["fail_under"])


def coverage_below(report: dict[str, Any], target: float) -> list[str]:
    """The measured files whose coverage (statements and branches) is under ``target``."""
    files = report["files"]
    return sorted(
        name for name, data in files.items() if data["summary"]["percent_covered"] < target
    )


def branch_share(report: dict[str, Any]) -> float:
    """The share of the package's branches that the tests take (in %)."""
    totals = report["totals"]
    branches = totals["num_branches"]
    return 100.0 * totals["covered_branches"] / branches if branches else 100.0


def coverage_line(report: dict[str, Any], target: float) -> str:
    """One line: the package's coverage, what it counts, and the target."""
    totals = report["totals"]
    return (
        f"coverage of complaintcode: {totals['percent_covered']:.1f}% of statements and "
        f"branches (branches alone {branch_share(report):.1f}%, {totals['covered_branches']} "
        f"of {totals['num_branches']}); the test command fails when either is under {target:g}%"
    )


def _coverage_report() -> None:
    """Combine the data of every process, print the summary, fail under the target."""
    _run(BIN / "coverage", "combine", "--quiet")
    data = VENV / "coverage.json"
    _run(BIN / "coverage", "json", "--quiet", "--fail-under=0", "-o", data)
    report = json.loads(data.read_text(encoding="utf-8"))
    target = coverage_target()
    below = coverage_below(report, target)
    if below:
        print(f"modules under {target:g}% (the missing lines and branches):", flush=True)
        _run(
            BIN / "coverage",
            "report",
            "--show-missing",
            "--fail-under=0",
            f"--include={','.join(below)}",
        )
    line = coverage_line(report, target)
    print(line, flush=True)
    if report["totals"]["percent_covered"] < target or branch_share(report) < target:
        sys.exit(f"coverage under the target: {line}")


def test() -> None:
    """Run every check CI runs."""
    _ensure_venv()
    _ensure_system_packages()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    # pytest under coverage ([tool.coverage] in pyproject.toml): every process the tests
    # start (pytest-xdist's workers, one a core; the CLI as a subprocess; the batch
    # checker's workers) writes its own data.
    _run(BIN / "coverage", "erase")
    _run(BIN / "coverage", "run", "-m", "pytest", "-q", "-n", "auto")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _run(BIN / "mkdocs", "build", "--strict", "--site-dir", str(VENV / "site"))
    test_min()
    _coverage_report()


# mutmut's result for a mutant: 0, the tests passed (survived); None, 33 or 34, not run
# (no test covers it, or skipped); anything else, the tests failed, crashed or timed out
# (killed: the mutant was detected).
_SURVIVED, _NOT_RUN = {0}, {None, 33, 34}
MUTATION_TARGET = 90.0
# Survivors reviewed as equivalent (no test can tell them from the original), each named
# in backquotes with its reason. The target applies to the score without them.
SURVIVORS = ROOT / "mutation" / "survivors.md"
_MUTANT_NAME = re.compile(r"`(complaintcode\.[^`\s]+__mutmut_\d+)`")


def mutation_results(mutants: Path) -> dict[str, dict[str, int | None]]:
    """Per module: each mutant's name and mutmut's exit code, from its result files."""
    results: dict[str, dict[str, int | None]] = {}
    for meta in sorted(mutants.glob("src/**/*.py.meta")):
        module = str(meta.relative_to(mutants / "src")).removesuffix(".py.meta")
        results[module.replace("/", ".")] = json.loads(meta.read_text())["exit_code_by_key"]
    return results


def mutation() -> None:
    """Mutation testing (mutmut) of the calendar, the checking core and the rules.

    Not part of ``test`` (it takes many minutes). Prints each module's score, the killed
    share of the mutants that ran, both raw and without the survivors that
    ``mutation/survivors.md`` lists as equivalent; exits 1 when a module's score without
    them is under the target.
    """
    _ensure_venv()
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "mutmut>=3.3")
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    _run(BIN / "mutmut", "run", "--max-children", str(os.cpu_count() or 1), ok=(0, 1))
    listed = set(_MUTANT_NAME.findall(SURVIVORS.read_text())) if SURVIVORS.exists() else set()
    below: list[str] = []
    all_survived: set[str] = set()
    print(f"{'module':<40} {'raw':>6} {'score':>6}  (score: listed equivalents left out)")
    for module, codes in mutation_results(ROOT / "mutants").items():
        survived = {name for name, code in codes.items() if code in _SURVIVED}
        idle = sum(1 for code in codes.values() if code in _NOT_RUN)
        killed = len(codes) - len(survived) - idle
        equivalent = survived & listed
        all_survived |= survived
        raw = 100.0 * killed / (killed + len(survived)) if killed + len(survived) else 100.0
        counted = killed + len(survived) - len(equivalent)
        score = 100.0 * killed / counted if counted else 100.0
        print(
            f"{module:<40} {raw:5.1f}% {score:5.1f}%  killed {killed}, survived"
            f" {len(survived) - len(equivalent)}, equivalent {len(equivalent)}, not run {idle}"
        )
        if score < MUTATION_TARGET:
            below.append(module)
    print(f"equivalent survivors, each with its reason: {SURVIVORS.relative_to(ROOT)}")
    if stale := sorted(listed - all_survived):
        print(f"listed there but not surviving this run (review them): {', '.join(stale)}")
    print("list the survivors with `.venv/bin/mutmut results`; show one with `mutmut show NAME`")
    if below:
        print(f"under {MUTATION_TARGET:.0f}%: {', '.join(below)}")
        sys.exit(1)


def bench() -> None:
    """Run the benchmarks (figures, not pass/fail tests)."""
    _ensure_venv()
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        _run(BIN / "python", script)


TASKS = {
    "demo": demo,
    "test": test,
    "test-min": test_min,
    "bench": bench,
    "mutation": mutation,
}


def main(argv: list[str]) -> None:
    """Dispatch to the named task."""
    if len(argv) != 1 or argv[0] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}}", file=sys.stderr)
        sys.exit(2)
    TASKS[argv[0]]()


if __name__ == "__main__":
    main(sys.argv[1:])
