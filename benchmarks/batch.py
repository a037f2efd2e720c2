"""Benchmark: whole histories, against the fastest script an analyst could write.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/batch.py [--rows N]``.
Prints figures and ratios, all measured in this one run on one generated file; asserts
nothing about speed.

1. ``complaintcode check FILE --format csv`` end to end (a separate process; the columnar
   engine, the default when the fast extra is installed): wall time and peak memory of the
   process tree. With ``--repeat N`` it and the baseline run N times, alternately, and the
   best of each counts (the machine may be shared: the load average is printed too).
2. The polars + numpy baseline (``benchmarks/baseline_polars.py``: four 2024 deadlines and
   late flags, read and written) on the same file, the same way; the ratio of 1 to 2.
3. The columnar engine in memory, on one core: the file read into columns first (not
   timed), then every rule of every edition on every row, with the results table (rule
   ids, counts, statuses, deadlines) but no sentences; and with the findings' sentences.
4. ``complaintcode report`` and ``self-assessment`` on the same file; their ratio to 1.
5. ``summarise`` by quarter against by year, over the same assessments.
6. With ``--object``: ``check --engine object`` (one complaint at a time), for the ratio.
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

import make_sample  # noqa: E402

from complaintcode import Complaint, FinancialYear, WorkingDayCalendar, check_all  # noqa: E402
from complaintcode.columnar import check_columns  # noqa: E402
from complaintcode.columnar._csv import read_columns  # noqa: E402
from complaintcode.records import read_cases  # noqa: E402
from complaintcode.report import summarise  # noqa: E402

TARGET_RATIO = 1.5
TARGET_RSS_MB = 500.0
TARGET_IN_MEMORY_S_PER_MILLION = 1.0
TARGET_REPORT_RATIO = 2.0


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


def _run(command: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak MB of the process tree (sampled), exit status, CPU seconds).

    CPU seconds are user and system time of all its threads and children: on a shared
    machine they are the steadier figure.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, peak / 1024, child.returncode, cpu


def _cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "complaintcode", *arguments]


def _in_memory(path: Path) -> tuple[int, float, float]:
    """(complaints, seconds without sentences, seconds with them), best of three."""
    calendar = WorkingDayCalendar.england_and_wales()
    batches = list(read_columns(path, columns=None, date_format=None, calendar=calendar))
    count = sum(cols.n for cols in batches)
    quiet = loud = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for cols in batches:
            check_columns(cols, calendar=calendar).table_columns(messages=False)
        quiet = min(quiet, time.perf_counter() - start)
    start = time.perf_counter()
    for cols in batches:
        check_columns(cols, calendar=calendar).table_columns(messages=True)
    loud = time.perf_counter() - start
    return count, quiet, loud


def _summarise_rates(path: Path, count: int) -> tuple[float, float]:
    """Assessments per second summarised by year and by quarter (best of three each)."""
    complaints = [c for c in itertools.islice(read_cases(path), count) if isinstance(c, Complaint)]
    assessments = list(check_all(complaints))
    rates = []
    for by in (None, "quarter"):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            summarise(assessments, period=FinancialYear(2023), by=by)
            best = min(best, time.perf_counter() - start)
        rates.append(len(assessments) / best)
    return rates[0], rates[1]


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--object", action="store_true", help="also time --engine object")
    parser.add_argument("--summarise-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of check and the baseline")
    parser.add_argument(
        "--no-reports", action="store_true", help="leave out report, self-assessment, summarise"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        out = Path(tmp) / "out.csv"
        start = time.perf_counter()
        make_sample.write(export, args.rows, seed=2)
        size_mb = export.stat().st_size / 1e6
        took = time.perf_counter() - start
        print(f"generated {args.rows:,} rows ({size_mb:,.0f} MB) in {took:.0f} s")
        print(f"load average before (1, 5, 15 min): {_load()}")

        checks, baselines = [], []
        for _ in range(args.repeat):
            checks.append(_run(_cli("check", str(export), "--format", "csv", "--output", str(out))))
            baselines.append(
                _run(
                    [sys.executable, str(HERE / "baseline_polars.py"), str(export), str(tmp) + "/b"]
                )
            )
        # The best wall and CPU time of each; the highest peak memory of any run.
        check, baseline = (
            (
                min(r[0] for r in runs),
                max(r[1] for r in runs),
                runs[-1][2],
                min(r[3] for r in runs),
            )
            for runs in (checks, baselines)
        )
        ratio = check[0] / baseline[0]
        if args.repeat > 1:
            print(
                "   all runs (s): check "
                + ", ".join(f"{c[0]:.1f}" for c in checks)
                + "; baseline "
                + ", ".join(f"{b[0]:.1f}" for b in baselines)
            )
        print(
            f"1. complaintcode check --format csv: {check[0]:.1f} s wall ({check[3]:.1f} s CPU), "
            f"peak {check[1]:,.0f} MB, exit status {check[2]}"
        )
        print(
            f"2. polars + numpy baseline (4 deadlines, 1 edition): {baseline[0]:.1f} s wall "
            f"({baseline[3]:.1f} s CPU), peak {baseline[1]:,.0f} MB"
        )
        print(
            f"   ratio check / baseline: {ratio:.2f}x wall (target <= {TARGET_RATIO}x: "
            f"{_verdict(ratio <= TARGET_RATIO)}), {check[3] / baseline[3]:.2f}x CPU; peak "
            f"memory <= {TARGET_RSS_MB:.0f} MB: {_verdict(check[1] <= TARGET_RSS_MB)}"
        )

        count, quiet, loud = _in_memory(export)
        per_million = quiet * 1_000_000 / count
        print(
            f"3. columnar engine in memory, {count:,} complaints, one core: {quiet:.2f} s "
            f"without sentences ({per_million:.2f} s per million; target <= "
            f"{TARGET_IN_MEMORY_S_PER_MILLION:.0f} s: "
            f"{_verdict(per_million <= TARGET_IN_MEMORY_S_PER_MILLION)}); {loud:.2f} s with "
            "every finding's sentence"
        )

        print(f"load average after the engines (1, 5, 15 min): {_load()}")
        if args.no_reports:
            return
        year = "2023"
        report = _run(_cli("report", str(export), "--year", year, "--homes", "50000"))
        assessment = _run(_cli("self-assessment", str(export), "--year", year))
        print(
            f"4. report: {report[0]:.1f} s ({report[0] / check[0]:.2f}x check), peak "
            f"{report[1]:,.0f} MB; self-assessment: {assessment[0]:.1f} s "
            f"({assessment[0] / check[0]:.2f}x check), peak {assessment[1]:,.0f} MB "
            f"(target <= {TARGET_REPORT_RATIO:.0f}x: "
            f"{_verdict(max(report[0], assessment[0]) <= TARGET_REPORT_RATIO * check[0])})"
        )

        by_year, by_quarter = _summarise_rates(export, args.summarise_rows)
        print(
            f"5. summarise, {args.summarise_rows:,} rows: {by_year:,.0f} assessments/s by year, "
            f"{by_quarter:,.0f}/s by quarter (target: quarter no slower than year: "
            f"{_verdict(by_quarter >= 0.95 * by_year)}, within 5 % noise)"
        )

        if args.object:
            engine = _run(
                _cli("check", str(export), "--format", "csv", "--output", str(out), "--engine",
                     "object")
            )  # fmt: skip
            print(
                f"6. check --engine object: {engine[0]:.1f} s wall, peak {engine[1]:,.0f} MB "
                f"({engine[0] / check[0]:.1f}x the columnar engine)"
            )


if __name__ == "__main__":
    main()
