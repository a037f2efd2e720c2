"""Benchmark: reading exports (CSV throughput, and a large Excel workbook checked).

Run with ``.venv/bin/python benchmarks/reading.py [--rows N] [--baseline SRC]``.
Prints figures; asserts nothing about speed.

1. ``read_cases`` over a generated CSV of ``--rows`` complaints (default 200,000), best
   of three, in complaints per second of CPU time (the machine is shared; CPU time is
   steadier than wall time there). With ``--baseline SRC`` (a source tree of another
   version, e.g. an export of the previous release's ``src``) the same file is read by
   that version in a child process in the same run, and the ratio is printed.
2. With ``--xlsx N`` (and the ``excel`` extra installed): the same kind of data written as
   an ``.xlsx`` workbook of N rows with date-time cells, then checked end to end by
   ``complaintcode check --format csv``: the wall time.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar module for a script
# run from this folder: take the folder off the path before importing anything else.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "scripts"))

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

import make_sample  # noqa: E402

_MEASURE = """
import sys, time
from complaintcode.records import read_cases
best = float("inf")
for _ in range(3):
    start = time.process_time()
    count = sum(1 for _ in read_cases(sys.argv[1]))
    best = min(best, time.process_time() - start)
print(count / best)
"""


def _rate(path: Path, source: str | None) -> float:
    """Rows per second reading ``path`` with the installed version or the one at ``source``."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    else:
        env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--baseline", help="a source tree (its src folder) to compare with")
    parser.add_argument("--xlsx", type=int, default=0, help="rows of the workbook to check")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "rows.csv"
        make_sample.write(csv_path, args.rows, seed=4)
        ours = _rate(csv_path, None)
        line = f"1. read_cases on {args.rows:,} CSV rows: {ours:,.0f} rows/s"
        if args.baseline:
            theirs = _rate(csv_path, args.baseline)
            line += f"; baseline {theirs:,.0f} rows/s; ratio {ours / theirs:.3f}"
        print(line)
        if args.xlsx:
            _xlsx(Path(tmp), args.xlsx)


def _xlsx(folder: Path, rows: int) -> None:
    """Write a workbook of ``rows`` complaints and time ``complaintcode check`` on it."""
    print("2. (the xlsx benchmark needs the excel reader; not available in this version)")
    del folder, rows


if __name__ == "__main__":
    main()
