"""Compare the command-line outputs on the bundled sample between a git revision and now.

Usage::

    python scripts/compare_outputs.py [REV]     # default REV: v0.1.0's commit, 6b3fb19

Checks out REV into a temporary worktree, runs the same commands against its ``src/`` and
against this tree's ``src/`` (with the interpreter running this script, which must have the
project's dependencies), and prints, for each output, whether the bytes are identical. Exit
status 0 when every output is identical, 1 otherwise. Used to show that a reshaping of the
package changed no behaviour.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "6b3fb19"  # the 0.1.0 release commit

COMMANDS: dict[str, list[str]] = {
    "check.csv": ["check", "--sample", "--format", "csv"],
    "check.jsonl": ["check", "--sample", "--format", "json"],
    "check.txt": ["check", "--sample"],
    "check-as-of.csv": ["check", "--sample", "--format", "csv", "--as-of", "2025-03-31"],
    "report.md": ["report", "--sample", "--year", "2023", "--homes", "4800"],
    "report-quarter.csv": [
        *("report", "--sample", "--year", "2023", "--homes", "4800"),
        *("--by", "quarter", "--format", "csv"),
    ],
    "report-tenure.md": ["report", "--sample", "--year", "2024", "--by", "tenure"],
    "self-assessment.md": ["self-assessment", "--sample", "--year", "2024"],
    "self-assessment.csv": ["self-assessment", "--sample", "--year", "2024", "--format", "csv"],
    "deadlines.txt": ["deadlines", "2024-05-03", "--acknowledged", "2024-05-07"],
    "rules.txt": ["rules"],
    # the command line as a package, and its batch checker in the library
    "check-jobs2.csv": ["check", "--sample", "--format", "csv", "--jobs", "2"],
    "report.csv": ["report", "--sample", "--year", "2023", "--homes", "4800", "--format", "csv"],
    "report.json": ["report", "--sample", "--year", "2023", "--homes", "4800", "--format", "json"],
    "self-assessment-2023.json": [
        "self-assessment",
        "--sample",
        "--year",
        "2023",
        "--format",
        "json",
    ],
    "deadlines-stage2.txt": [
        *("deadlines", "2023-03-01", "--stage", "2", "--stage1-received", "2023-01-09"),
    ],
    "deadlines-stage3.txt": ["deadlines", "2021-03-01", "--stage", "3"],
    "working-days.txt": ["working-days", "2023-05-05", "5"],
}


def _outputs(src: Path) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = {}
    for name, args in COMMANDS.items():
        done = subprocess.run(
            [sys.executable, "-m", "complaintcode", *args],
            env=env,
            capture_output=True,
            check=False,
        )
        out[name] = done.stdout + done.stderr + f"\nexit {done.returncode}\n".encode()
    return out


def main(argv: list[str]) -> int:
    """Run every command on both trees; report identical or different."""
    rev = argv[0] if argv else BASELINE
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), rev],
            check=True,
        )
        try:
            before = _outputs(tree / "src")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True
            )
    after = _outputs(ROOT / "src")
    differ = 0
    for name in COMMANDS:
        same = before[name] == after[name]
        differ += not same
        digest = hashlib.sha256(after[name]).hexdigest()[:12]
        size = len(after[name])
        print(f"{'identical' if same else 'DIFFERENT'}  {name:<22} {size:>9,} bytes  {digest}")
    print(f"{len(COMMANDS) - differ} of {len(COMMANDS)} outputs identical to {rev}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
