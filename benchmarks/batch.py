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
   CPU seconds of this process (and wall seconds), beside the baseline's deadline
   arithmetic (``baseline_polars.deadlines``) on the same columns, for the ratio.
4. ``complaintcode report`` and ``self-assessment`` on the same file (wall and CPU
   seconds; CPU seconds of check too); their ratio to 1.
5. ``summarise`` by quarter against by year, in CPU seconds, over the same assessments,
   and over the columnar engine's results for the same complaints.
6. With ``--object``: ``check --engine object`` (one complaint at a time), for the ratio.

The package's modules are compiled to bytecode before anything is timed, as an installed
package's are.
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
import importlib.util  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import make_sample  # noqa: E402
from benchmarking import load_average  # noqa: E402

from complaintcode import Complaint, FinancialYear, WorkingDayCalendar, check_all  # noqa: E402
from complaintcode.columnar import check_columns, check_complaints  # noqa: E402
from complaintcode.columnar._csv import read_columns  # noqa: E402
from complaintcode.columnar._days import NA  # noqa: E402
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


def _baseline_module() -> Any:
    """``baseline_polars.py`` as a module (this folder is kept off the import path)."""
    spec = importlib.util.spec_from_file_location("baseline_polars", HERE / "baseline_polars.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_memory(path: Path) -> tuple[int, float, float, float, float]:
    """The columnar engine and the numpy baseline on the same columns, in memory, one core.

    (complaints, engine CPU seconds without sentences, the same in wall seconds, CPU
    seconds with every finding's sentence, the baseline's CPU seconds); best of three.
    The file is read into columns first (not timed).
    """
    import holidays
    import numpy as np

    baseline_polars = _baseline_module()

    calendar = WorkingDayCalendar.england_and_wales()
    reader = read_columns(path, columns=None, date_format=None, calendar=calendar)
    with reader:
        batches = list(reader)
    count = sum(cols.n for cols in batches)
    quiet = wall = loud = base = float("inf")
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2032))
    busdays = np.busdaycalendar(holidays=np.array(sorted(bank), dtype="datetime64[D]"))
    epoch = 719163  # date(1970, 1, 1).toordinal()
    days = [
        [
            np.where(values == NA, np.iinfo(np.int64).min, values - epoch).view("datetime64[D]")
            for values in (sc.received, sc.acknowledged, sc.responded)
        ]
        for cols in batches
        for sc in cols.stages[:2]
    ]
    for _ in range(3):
        cpu, start = time.process_time(), time.perf_counter()
        for cols in batches:
            check_columns(cols, calendar=calendar).table_columns(messages=False)
        quiet = min(quiet, time.process_time() - cpu)
        wall = min(wall, time.perf_counter() - start)
        cpu = time.process_time()
        for stage, (received, acknowledged, responded) in enumerate(days):
            respond_days = 20 if stage % 2 else 10  # stage 1 then stage 2, batch by batch
            baseline_polars.deadlines(received, acknowledged, responded, respond_days, busdays)
        base = min(base, time.process_time() - cpu)
    cpu = time.process_time()
    for cols in batches:
        check_columns(cols, calendar=calendar).table_columns(messages=True)
    loud = time.process_time() - cpu
    return count, quiet, wall, loud, base


def _summarise_rates(path: Path, count: int) -> tuple[float, float, float, float]:
    """Rows per CPU second summarised by year and by quarter (best of five each).

    From ``check_all``'s assessments, then from the columnar engine's results for the
    same complaints (counted on whole columns). CPU time, because other work on the
    machine moves wall time by more than the difference measured here.
    """
    complaints = [c for c in itertools.islice(read_cases(path), count) if isinstance(c, Complaint)]
    sources = (list(check_all(complaints)), check_complaints(complaints))
    rates = []
    for source in sources:
        summarise(source, period=FinancialYear(2023))  # warm up (imports, caches)
        for by in (None, "quarter"):
            best = float("inf")
            for _ in range(5):
                start = time.process_time()
                summarise(source, period=FinancialYear(2023), by=by)
                best = min(best, time.process_time() - start)
            rates.append(len(complaints) / best)
    return rates[0], rates[1], rates[2], rates[3]


def _compile_package() -> None:
    """Compile complaintcode's modules to bytecode once, before any timed run.

    An installed package has its bytecode (pip writes it on install); a checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set would compile every module again in each timed run
    (0.1 to 0.3 s), which is not what a user's run costs.
    """
    import compileall

    import complaintcode

    compileall.compile_dir(Path(complaintcode.__file__).parent, quiet=1)


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
        _compile_package()
        print(f"load average before (1, 5, 15 min): {load_average()}")

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

        count, quiet, wall, loud, base = _in_memory(export)
        per_million = quiet * 1_000_000 / count
        print(
            f"3. columnar engine in memory, {count:,} complaints, one core: {quiet:.2f} s CPU "
            f"({wall:.2f} s wall) without sentences, {per_million:.2f} s CPU per million "
            f"(target <= {TARGET_IN_MEMORY_S_PER_MILLION:.0f} s: "
            f"{_verdict(per_million <= TARGET_IN_MEMORY_S_PER_MILLION)}); {loud:.2f} s CPU "
            "with every finding's sentence"
        )
        print(
            f"   numpy baseline on the same columns in memory (busday_offset: 4 deadlines and "
            f"late flags, one edition): {base:.2f} s CPU; engine / baseline {quiet / base:.2f}x"
        )

        print(f"load average after the engines (1, 5, 15 min): {load_average()}")
        if args.no_reports:
            return
        year = "2023"
        report = _run(_cli("report", str(export), "--year", year, "--homes", "50000"))
        assessment = _run(_cli("self-assessment", str(export), "--year", year))
        worst = max(report[0], assessment[0])
        print(
            f"4. report: {report[0]:.1f} s wall, {report[3]:.1f} s CPU "
            f"({report[0] / check[0]:.2f}x check's wall), peak {report[1]:,.0f} MB; "
            f"self-assessment: {assessment[0]:.1f} s wall, {assessment[3]:.1f} s CPU "
            f"({assessment[0] / check[0]:.2f}x check's wall), peak {assessment[1]:,.0f} MB; "
            f"check: {check[3]:.1f} s CPU (target <= {TARGET_REPORT_RATIO:.0f}x check: "
            f"{_verdict(worst <= TARGET_REPORT_RATIO * check[0])})"
        )

        year_rate, quarter_rate, columns_year, columns_quarter = _summarise_rates(
            export, args.summarise_rows
        )
        print(
            f"5. summarise, {args.summarise_rows:,} rows, per CPU second: {year_rate:,.0f} "
            f"assessments/s by year, "
            f"{quarter_rate:,.0f}/s by quarter ({quarter_rate / year_rate:.2f}x; target: quarter "
            f"no slower than year: {_verdict(quarter_rate >= 0.95 * year_rate)}, within 5 % "
            f"noise); the columnar results of the same rows: {columns_year:,.0f} rows/s by "
            f"year, {columns_quarter:,.0f}/s by quarter ({columns_year / year_rate:.1f}x the "
            "assessments)"
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
