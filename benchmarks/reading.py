"""Benchmark: reading exports (CSV throughput, and a large Excel workbook checked).

Run with ``.venv/bin/python benchmarks/reading.py [--rows N] [--against 0.1.0] [--repeat N]
[--xlsx N]``.
Prints figures; asserts nothing about speed.

1. ``read_cases`` over a generated CSV of ``--rows`` complaints (default 200,000), best
   of three, in complaints per second of CPU time (the machine is shared; CPU time is
   steadier than wall time there). With ``--baseline SRC`` (a source tree of another
   version, e.g. an export of the previous release's ``src``) or ``--against REV`` (a git
   revision whose ``src`` is exported for the run; ``--against 0.1.0`` is the release
   0.1.0, see ``RELEASES``) the same file is read by that version in a child process in
   the same run, ``--repeat`` times, alternately, and each ratio and the median are
   printed. The acceptance target is a ratio of 0.90 or more against 0.1.0.
2. With a baseline, ``complaintcode check FILE --format csv --jobs 1`` on the same file
   (one complaint at a time, the default engine), this version and the baseline, in CPU
   seconds of the process, alternately, and the ratio of their throughputs (the batch
   throughput of ``check`` on CSV; ``benchmarks/batch.py`` compares the columnar engine
   with a polars script instead).
3. With ``--xlsx N`` (and the ``excel`` extra installed): the same kind of data written as
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
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import make_sample  # noqa: E402

TARGET_XLSX_S = 20.0
TARGET_RATIO = 0.90

RELEASES = {"0.1.0": "6b3fb19"}
"""Git revisions of releases (no tags in the repository): 0.1.0 is the last commit of 22
November 2026, the date of its changelog section."""

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
    parser.add_argument("--against", help="a git revision (or 0.1.0) to compare with")
    parser.add_argument("--repeat", type=int, default=1, help="alternate runs of each")
    parser.add_argument("--xlsx", type=int, default=0, help="rows of the workbook to check")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        baseline = args.baseline
        if args.against:
            baseline = _export_src(RELEASES.get(args.against, args.against), Path(tmp))
        csv_path = Path(tmp) / "rows.csv"
        make_sample.write(csv_path, args.rows, seed=4)
        ratios = []
        for _ in range(max(1, args.repeat)):
            ours = _rate(csv_path, None)
            line = f"1. read_cases on {args.rows:,} CSV rows: {ours:,.0f} rows/s"
            if baseline:
                theirs = _rate(csv_path, baseline)
                ratios.append(ours / theirs)
                line += (
                    f"; {args.against or 'baseline'} {theirs:,.0f} rows/s; ratio {ratios[-1]:.3f}"
                )
            print(line)
        if ratios:
            _median(ratios)
            checks = []
            for _ in range(max(1, args.repeat)):
                ours = _check_cpu(csv_path, None)
                theirs = _check_cpu(csv_path, baseline)
                checks.append(theirs / ours)
                print(
                    f"2. check --format csv --jobs 1 (default engine) on {args.rows:,} CSV rows: "
                    f"{args.rows / ours:,.0f} rows/s; {args.against or 'baseline'} "
                    f"{args.rows / theirs:,.0f} rows/s; ratio {checks[-1]:.3f}"
                )
            _median(checks)
        if args.xlsx:
            _xlsx(Path(tmp), args.xlsx)


def _median(ratios: list[float]) -> None:
    median = statistics.median(ratios)
    verdict = "met" if median >= TARGET_RATIO else "MISSED"
    print(
        f"   median ratio {median:.3f} over {len(ratios)} run(s) "
        f"(target >= {TARGET_RATIO:.2f}: {verdict})"
    )


def _check_cpu(path: Path, source: str | None) -> float:
    """CPU seconds of ``complaintcode check --format csv --jobs 1`` on ``path``."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    else:
        env.pop("PYTHONPATH", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = path.with_suffix(".out.csv")
    subprocess.run(
        [sys.executable, "-m", "complaintcode", "check", str(path), "--format", "csv"]
        + ["--jobs", "1", "--output", str(out), "--max-rejected", "100%"] * (source is None)
        + ["--jobs", "1", "--output", str(out)] * (source is not None),
        env=env,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _export_src(revision: str, folder: Path) -> str:
    """The ``src`` folder of a git revision, exported under ``folder``; its path."""
    target = folder / "baseline"
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", revision, "src"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return str(target / "src")


def _xlsx(folder: Path, rows: int) -> None:
    """Write a workbook of ``rows`` complaints and time ``complaintcode check`` on it."""
    from datetime import date, datetime

    import xlsxwriter

    path = folder / "rows.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Complaints")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    header = list(make_sample.COLUMNS)
    sheet.write_row(0, 0, header)
    dated = {i for i, name in enumerate(header) if _is_date(name)}
    for r, row in enumerate(make_sample.generate_rows(rows, seed=5), start=1):
        for c, name in enumerate(header):
            value = row.get(name, "")
            if not value:
                continue
            if c in dated:
                moment = (
                    datetime.fromisoformat(value)
                    if len(value) > 10
                    else datetime.combine(date.fromisoformat(value), datetime.min.time())
                )
                sheet.write_datetime(r, c, moment.replace(tzinfo=None), stamp)
            else:
                sheet.write_string(r, c, value)
    book.close()
    size = path.stat().st_size / 1e6
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "complaintcode",
            "check",
            str(path),
            "--format",
            "csv",
            "--output",
            str(folder / "out.csv"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    verdict = "met" if wall <= TARGET_XLSX_S else "MISSED"
    print(
        f"3. complaintcode check on a {rows:,}-row .xlsx ({size:.0f} MB): {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU, exit status {done.returncode} "
        f"(target <= {TARGET_XLSX_S:.0f} s wall: {verdict})"
    )


def _is_date(name: str) -> bool:
    return name.endswith(
        ("received", "acknowledged", "responded", "notified", "_date", "decided", "_offered")
    ) or name in ("remedy_due", "remedy_completed")


if __name__ == "__main__":
    main()
