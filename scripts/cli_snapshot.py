"""Save, then compare, what the command line writes for the bundled sample.

A refactoring of the command line must not change a byte of its output. Run this before
the change and after it::

    .venv/bin/python scripts/cli_snapshot.py save /tmp/before
    # ... change the code ...
    .venv/bin/python scripts/cli_snapshot.py compare /tmp/before

``compare`` prints each command whose standard output, standard error or exit status
differs and exits 1 if any does. Commands run in a child process (``python -m
complaintcode``), exactly as a user runs them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

COMMANDS: dict[str, list[str]] = {
    "check-text": ["check", "--sample"],
    "check-text-quiet-as-of": ["check", "--sample", "--quiet", "--as-of", "2025-03-31"],
    "check-csv": ["check", "--sample", "--format", "csv"],
    "check-json": ["check", "--sample", "--format", "json"],
    "check-csv-jobs2": ["check", "--sample", "--format", "csv", "--jobs", "2"],
    "report-markdown": ["report", "--sample", "--year", "2023", "--homes", "4800"],
    "report-csv": ["report", "--sample", "--year", "2023", "--homes", "4800", "--format", "csv"],
    "report-json": ["report", "--sample", "--year", "2023", "--homes", "4800", "--format", "json"],
    "report-by-tenure": ["report", "--sample", "--year", "2023", "--by", "tenure"],
    "self-assessment-markdown": ["self-assessment", "--sample", "--year", "2023"],
    "self-assessment-csv": ["self-assessment", "--sample", "--year", "2023", "--format", "csv"],
    "self-assessment-json": ["self-assessment", "--sample", "--year", "2023", "--format", "json"],
    "deadlines": ["deadlines", "2024-05-03", "--acknowledged", "2024-05-07"],
    "deadlines-stage2": [
        "deadlines",
        "2023-03-01",
        "--stage",
        "2",
        "--stage1-received",
        "2023-01-09",
    ],
    "deadlines-stage3-2020": ["deadlines", "2021-03-01", "--stage", "3"],
    "rules": ["rules"],
    "working-days": ["working-days", "2023-05-05", "5"],
}


def _run(argv: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "complaintcode", *argv], capture_output=True, check=False
    )
    return {"status": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def save(folder: Path) -> None:
    """Run every command and keep its outputs in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, argv in COMMANDS.items():
        result = _run(argv)
        (folder / f"{name}.stdout").write_bytes(result["stdout"])  # type: ignore[arg-type]
        (folder / f"{name}.stderr").write_bytes(result["stderr"])  # type: ignore[arg-type]
        (folder / f"{name}.status").write_text(str(result["status"]))
        digest = hashlib.sha256(result["stdout"]).hexdigest()[:16]  # type: ignore[arg-type]
        print(f"{name:28} exit {result['status']}  stdout sha256 {digest}")


def compare(folder: Path) -> int:
    """Run every command again; report each difference from the saved outputs."""
    differences = []
    for name, argv in COMMANDS.items():
        result = _run(argv)
        for part in ("stdout", "stderr"):
            if (folder / f"{name}.{part}").read_bytes() != result[part]:
                differences.append(f"{name}: {part} differs")
        if (folder / f"{name}.status").read_text() != str(result["status"]):
            differences.append(f"{name}: exit status {result['status']}")
    print(json.dumps({"commands": len(COMMANDS), "differences": differences}, indent=2))
    return 1 if differences else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "save":
        save(args.folder)
    else:
        sys.exit(compare(args.folder))
