"""Benchmark: ``worklist`` over 100,000 open complaints, and ``due`` on a long history.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/worklist.py [--rows N]``.
Prints figures; asserts nothing about speed.

100,000 open complaints under the 2024 Code at 2025-06-17, received in the 80 days
before: about a third not yet acknowledged, about 15 % at stage 2 (open), about 10 % with
an extension, and about 10 % with a remedy still to complete. They are built before timing
starts; the figure is for building the sorted queue with its counts, on one core.

The competitor is what a developer wrote by hand before ``worklist`` existed (the embed
guide's old recipe): ``check_all`` at ``as_of`` and a loop over the stages whose status is
``OVERDUE``. It answers less (no acknowledgements, remedies, due-soon states or sorting),
so the ratio is the price of the full answer.

Then ``complaintcode due FILE --as-of DATE --format csv`` end to end (separate processes)
on a generated history of ``--rows`` complaints (200,000 by default, by
``scripts/make_sample.py`` as the other benchmarks make theirs), at the file's last day
and at a day in the middle of it: with ``--engine object`` (every complaint read and
asked) and ``--engine columnar`` (the rows that can owe something picked on whole
columns, only those read as complaints), run alternately ``--repeat`` times, best of each;
the ratio of the two, the peak memory of each, the share of complaints that owe
something, and whether the two queues are the same bytes. This part needs the fast extra (without
it there is nothing to compare, and it says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar module for a script
# run from this folder: take the folder off the path before importing anything else.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

from benchmarking import load_average  # noqa: E402

from complaintcode import (  # noqa: E402
    Complaint,
    Extension,
    Remedy,
    RemedyKind,
    Stage,
    StageStatus,
    WorkingDayCalendar,
    check_all,
    worklist,
)

COUNT = 100_000
SEED = 11
AS_OF = date(2025, 6, 17)
TARGET_SECONDS = 2.0
T = TypeVar("T")
HERE = Path(__file__).resolve().parent
# The generated history's last day (make_sample.LAST_DAY), and a day in its middle.
HISTORY_DAYS = ("2025-12-31", "2024-06-30")


def generate(count: int, seed: int = SEED) -> list[Complaint]:
    """Deterministic, varied, valid open complaints."""
    rng = random.Random(seed)
    cal = WorkingDayCalendar.england_and_wales()
    complaints = []
    for i in range(count):
        received = AS_OF - timedelta(days=rng.randint(0, 80))
        acknowledged = None
        if rng.random() < 0.65:
            acknowledged = min(AS_OF, cal.add_working_days(received, rng.randint(0, 7)))
        extensions = []
        if acknowledged is not None and rng.random() < 0.10:
            notified = min(AS_OF, cal.add_working_days(acknowledged, rng.randint(3, 11)))
            extensions.append(Extension(notified, rng.choice((5, 10)), "awaiting a survey"))
        handler = rng.choice(("A Khan", "J Patel", "R Owen", None))
        stages = [
            Stage(1, received, acknowledged=acknowledged, extensions=extensions, handler=handler)
        ]
        remedies = []
        if rng.random() < 0.25 and acknowledged is not None:
            responded = min(AS_OF, cal.add_working_days(acknowledged, rng.randint(2, 10)))
            if extensions and responded < extensions[0].notified:
                responded = extensions[0].notified
            stages[0] = Stage(
                1,
                received,
                acknowledged=acknowledged,
                responded=responded,
                extensions=extensions,
                handler=handler,
            )
            if rng.random() < 0.6:
                stages.append(
                    Stage(
                        2,
                        min(AS_OF, responded + timedelta(days=rng.randint(0, 15))),
                        handler="B Osei",
                    )
                )
            else:
                remedies.append(
                    Remedy(
                        RemedyKind.ACTION_ON_DELAY,
                        "repair",
                        offered=responded,
                        due=responded + timedelta(days=rng.randint(1, 40)),
                    )
                )
        complaints.append(Complaint(f"W-{i}", stages, remedies=remedies))
    return complaints


def hand_written(complaints: list[Complaint]) -> list[tuple[str, int, date]]:
    """The old embed-guide recipe: overdue responses only, unsorted."""
    rows = []
    for assessment in check_all(complaints, as_of=AS_OF):
        for stage, status in assessment.statuses.items():
            if status is StageStatus.OVERDUE:
                final = assessment.timetable[stage].final_respond_by
                assert final is not None
                rows.append((assessment.reference, stage, final.due))
    return rows


def best_of(runs: int, job: Callable[[], T]) -> tuple[float, float, T]:
    """The best wall time and best CPU time of ``runs`` calls of ``job``, and its result.

    CPU time (this process only) is the fair figure on a machine shared with other work;
    wall time is what a user waits.
    """
    wall = cpu = float("inf")
    result: T | None = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = job()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    assert result is not None
    return wall, cpu, result


def _module(name: str, path: Path) -> Any:
    """A script of this repository as a module (this folder is kept off the import path)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _due(export: Path, as_of: str, engine: str, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "complaintcode", "due", str(export), "--as-of", as_of,
        "--format", "csv", "--output", str(out), "--engine", engine,
    ]  # fmt: skip


def due_on_a_history(rows: int, repeat: int) -> None:
    """``due`` on one generated history, with each engine: figures and ratios."""
    if not all(importlib.util.find_spec(name) for name in ("numpy", "pyarrow")):
        print("\ndue on a history: needs the fast extra (the columnar engine) to compare")
        return
    make_sample = _module("make_sample", HERE.parent / "scripts" / "make_sample.py")
    # The process runner and memory sampler of the whole-history benchmark.
    run = _module("batch_runner", HERE / "batch.py")._run
    engines = ("object", "columnar")
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "history.csv"
        make_sample.write(export, rows, seed=2)
        size = export.stat().st_size / 1e6
        print(f"\ndue on a generated history of {rows:,} complaints ({size:,.0f} MB)")
        for as_of in HISTORY_DAYS:
            outs = {engine: Path(tmp) / f"{engine}.csv" for engine in engines}
            best: dict[str, tuple[float, float, float]] = {}
            for _ in range(repeat):
                for engine in engines:
                    wall, peak, _, cpu = run(_due(export, as_of, engine, outs[engine]))
                    was = best.get(engine, (wall, cpu, peak))
                    best[engine] = (min(was[0], wall), min(was[1], cpu), max(was[2], peak))
            summary = subprocess.run(
                _due(export, as_of, engines[-1], outs[engines[-1]]),
                capture_output=True, text=True, check=False,
            ).stderr  # fmt: skip
            found = re.search(r"on ([\d,]+) of ([\d,]+) complaints", summary)
            owing, read = (int(g.replace(",", "")) for g in found.groups()) if found else (0, 1)
            print(
                f"  --as-of {as_of}: {owing:,} of {read:,} complaints owe something "
                f"({100 * owing / read:.2f} %); load average {load_average()}"
            )
            for engine, (wall, cpu, peak) in best.items():
                print(
                    f"    --engine {engine:<8} {wall:5.2f} s wall, {cpu:5.2f} s CPU, "
                    f"peak {peak:,.0f} MB (best of {repeat})"
                )
            same = outs["object"].read_bytes() == outs["columnar"].read_bytes()
            ratio = best["object"][1] / best["columnar"][1]
            wall_ratio = best["object"][0] / best["columnar"][0]
            print(
                f"    object / columnar: {ratio:.2f}x CPU, {wall_ratio:.2f}x wall; "
                f"the same queue, byte for byte: {'yes' if same else 'NO'}"
            )


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000, help="complaints in the history")
    parser.add_argument("--repeat", type=int, default=3, help="runs of due per engine")
    args = parser.parse_args()
    complaints = generate(COUNT)
    ours, ours_cpu, queue = best_of(3, lambda: worklist(complaints, as_of=AS_OF, within=5))
    theirs, theirs_cpu, rows = best_of(3, lambda: hand_written(complaints))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"inputs: {COUNT:,} open complaints at {AS_OF} (2024 Code)")
    print(
        f"worklist: {ours:.2f} s wall, {ours_cpu:.2f} s CPU (best of 3) -> "
        f"{COUNT / ours_cpu:,.0f} complaints/s on one core"
    )
    print(f"  actions: {len(queue):,}")
    for state, n in queue.by_state.items():
        print(f"    {state.name:<10} {n:>8,}")
    print(
        f"hand-written overdue loop (check_all + StageStatus.OVERDUE): {theirs:.2f} s wall, "
        f"{theirs_cpu:.2f} s CPU, {len(rows):,} rows"
    )
    print(f"ratio worklist / hand-written (CPU): {ours_cpu / theirs_cpu:.2f}")
    verdict = "met" if ours_cpu <= TARGET_SECONDS else "MISSED"
    print(f"target <= {TARGET_SECONDS:.1f} s CPU on one core: {verdict}")
    due_on_a_history(args.rows, args.repeat)


if __name__ == "__main__":
    main()
