"""Benchmark: historical cases at scale.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/batch.py [--rows N]``.
Prints figures; asserts nothing about speed.

1. ``check_all`` over 100,000 complaints already in memory, on one core.
2. A generated 1,000,000-row CSV through ``complaintcode check --format csv`` (a separate
   process, streaming end to end): wall time and the child's peak memory (max RSS).
3. The baseline an analyst would write today — pandas ``apply`` with ``holidays``'
   ``get_nth_working_day`` for the four deadlines — on a 50,000-row sample of the same
   CSV, against complaintcode reading and checking the same 50,000 rows; the speed ratio.
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
import itertools  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

import holidays  # noqa: E402
import make_sample  # noqa: E402
import pandas as pd  # noqa: E402

from complaintcode import Complaint, check, check_all  # noqa: E402
from complaintcode.records import read_cases  # noqa: E402

TARGET_IN_MEMORY = 100_000
TARGET_WALL_S = 30.0
TARGET_RSS_MB = 300.0


def _in_memory(rows_path: Path, count: int) -> float:
    items = itertools.islice(read_cases(rows_path), count)
    complaints = [c for c in items if isinstance(c, Complaint)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _assessment in check_all(complaints):
            pass
        best = min(best, time.perf_counter() - start)
    return len(complaints) / best


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in kB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(ln for ln in status.splitlines() if ln.startswith("VmRSS:")).split()[1]
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _cli(path: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, peak memory of the whole process tree in MB (sampled), exit status."""
    command = [
        sys.executable,
        "-m",
        "complaintcode",
        "check",
        str(path),
        "--format",
        "csv",
        "--output",
        str(out),
    ]
    start = time.perf_counter()
    child = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    # The largest single process, as the kernel recorded it, can only be lower than the sum.
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return wall, peak / 1024, child.returncode


def _pandas_baseline(path: Path) -> float:
    """Seconds for the four deadlines with pandas apply + holidays, as analysts do today."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2028))
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def deadlines(row: pd.Series) -> pd.Series:
        received = date.fromisoformat(row["received"][:10])
        ack_by = bank.get_nth_working_day(bank.get_nth_working_day(received, 0), 5)
        start1 = date.fromisoformat(row["acknowledged"]) if row["acknowledged"] else ack_by
        respond_by = bank.get_nth_working_day(bank.get_nth_working_day(start1, 0), 10)
        ack2_by = respond2_by = None
        if row["escalation_received"]:
            escalated = date.fromisoformat(row["escalation_received"])
            ack2_by = bank.get_nth_working_day(bank.get_nth_working_day(escalated, 0), 5)
            start2 = (
                date.fromisoformat(row["escalation_acknowledged"])
                if row["escalation_acknowledged"]
                else ack2_by
            )
            respond2_by = bank.get_nth_working_day(bank.get_nth_working_day(start2, 0), 20)
        return pd.Series([ack_by, respond_by, ack2_by, respond2_by])

    frame[["ack_by", "respond_by", "ack2_by", "respond2_by"]] = frame.apply(deadlines, axis=1)
    return time.perf_counter() - start


def _ours_on_same_rows(path: Path) -> float:
    start = time.perf_counter()
    for item in read_cases(path):
        if isinstance(item, Complaint):
            check(item)
    return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=50_000)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.csv"
        small = Path(tmp) / "small.csv"
        start = time.perf_counter()
        make_sample.write(big, args.rows, seed=2)
        size_mb = big.stat().st_size / 1e6
        took = time.perf_counter() - start
        print(f"generated {args.rows:,} rows ({size_mb:,.0f} MB) in {took:.0f} s")
        make_sample.write(small, args.baseline_rows, seed=3)

        rate = _in_memory(big, 100_000)
        print(
            f"1. check_all in memory: {rate:,.0f} complaints/s on one core "
            f"(target >= {TARGET_IN_MEMORY:,}: {'met' if rate >= TARGET_IN_MEMORY else 'MISSED'})"
        )

        wall, rss, status = _cli(big, Path(tmp) / "out.csv")
        print(
            f"2. complaintcode check --format csv on {args.rows:,} rows: {wall:.1f} s wall, "
            f"peak memory {rss:,.0f} MB (all processes together), exit status {status} "
            f"(targets <= {TARGET_WALL_S:.0f} s: {'met' if wall <= TARGET_WALL_S else 'MISSED'}; "
            f"<= {TARGET_RSS_MB:.0f} MB: {'met' if rss <= TARGET_RSS_MB else 'MISSED'})"
        )

        baseline = _pandas_baseline(small)
        ours = _ours_on_same_rows(small)
        print(
            f"3. {args.baseline_rows:,} rows: pandas apply + holidays (4 deadlines only) "
            f"{baseline:.1f} s; complaintcode read + full check {ours:.1f} s; "
            f"ratio {baseline / ours:.1f}x"
        )


if __name__ == "__main__":
    main()
