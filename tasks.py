"""Development tasks that work on a fresh machine with only Python 3.11+ and pip.

Usage::

    python3 tasks.py demo    # install into .venv and run the main job on bundled data
    python3 tasks.py test    # lint, format check, mypy --strict, pytest (+doctests), docs build
    python3 tasks.py bench   # run the benchmark scripts and print their figures

Each command creates ``.venv`` beside this file when it is missing and (re)installs the
project with its development extras whenever ``pyproject.toml`` changed since the last
install. Nothing here depends on anything installed on the machine by hand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dev-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


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


def test() -> None:
    """Run every check CI runs."""
    _ensure_venv()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    _run(BIN / "python", "-m", "pytest", "-q")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _run(BIN / "mkdocs", "build", "--strict", "--site-dir", str(VENV / "site"))


def bench() -> None:
    """Run the benchmarks (figures, not pass/fail tests)."""
    _ensure_venv()
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        _run(BIN / "python", script)


TASKS = {"demo": demo, "test": test, "bench": bench}


def main(argv: list[str]) -> None:
    """Dispatch to the named task."""
    if len(argv) != 1 or argv[0] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}}", file=sys.stderr)
        sys.exit(2)
    TASKS[argv[0]]()


if __name__ == "__main__":
    main(sys.argv[1:])
