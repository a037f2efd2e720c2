"""Benchmark: ``check_all`` throughput on generated complaints.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/check.py``. Prints
figures; asserts nothing about speed.

100,000 complaints received 2020-07 to 2026-06 (so all three editions apply), about 20 %
escalated to stage 2 and about 10 % with an extension, with realistic lateness. They are
built before timing starts; the figure is for checking only, on one core. Times are CPU
seconds of this process (best of three), which other work on the machine moves less than
wall time. With the fast extra, the same run also times the columnar engine on the same
complaints (already in columns), and ``summarise`` by year and by quarter, over the
assessments and over the columnar results, with the ratios.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar module for a script
# run from this folder: take the folder off the path before importing anything else.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

from complaintcode import (  # noqa: E402
    Complaint,
    Extension,
    FinancialYear,
    Stage,
    WorkingDayCalendar,
    check_all,
    summarise,
)

COUNT = 100_000
SEED = 7
TARGET_PER_SECOND = 50_000


def generate(count: int, seed: int = SEED) -> list[Complaint]:
    """Deterministic, varied, valid complaints."""
    rng = random.Random(seed)
    cal = WorkingDayCalendar.england_and_wales()
    first = date(2020, 7, 1).toordinal()
    last = date(2026, 6, 30).toordinal()
    complaints = []
    for i in range(count):
        received = date.fromordinal(rng.randint(first, last))
        acknowledged = cal.add_working_days(received, rng.choice((1, 2, 3, 4, 5, 5, 6, 8)))
        extensions = []
        if rng.random() < 0.10:
            notified = cal.add_working_days(acknowledged, rng.randint(5, 11))
            extensions.append(
                Extension(
                    notified,
                    rng.choice((5, 10, 15)),
                    rng.choice(("awaiting a surveyor", "")),
                    good_reason=rng.random() < 0.3,
                    ombudsman_details_given=rng.random() < 0.7,
                )
            )
        responded = cal.add_working_days(acknowledged, rng.randint(3, 14))
        if extensions and responded < extensions[0].notified:
            responded = extensions[0].notified
        stages = [
            Stage(
                1,
                received,
                acknowledged=acknowledged,
                responded=responded,
                handler=rng.choice(("A", "B", "C")),
                extensions=extensions,
            )
        ]
        if rng.random() < 0.20:
            escalated = responded + timedelta(days=rng.randint(0, 20))
            ack2 = cal.add_working_days(escalated, rng.randint(1, 7))
            stages.append(
                Stage(
                    2,
                    escalated,
                    acknowledged=ack2,
                    responded=cal.add_working_days(ack2, rng.randint(10, 24)),
                    handler=rng.choice(("A", "D", "E")),
                )
            )
        complaints.append(Complaint(f"B-{i}", stages))
    return complaints


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` timings of ``run``, in CPU seconds of this process."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    """Print the figures."""
    complaints = generate(COUNT)
    editions = Counter(c.received >= date(2024, 4, 1) for c in complaints)
    escalated = sum(len(c.stages) > 1 for c in complaints)
    extended = sum(bool(c.stages[0].extensions) for c in complaints)
    as_of = date(2026, 7, 31)
    findings = sum(len(a.findings) for a in check_all(complaints, as_of=as_of))
    best = _best(lambda: list(check_all(complaints, as_of=as_of)))
    rate = COUNT / best
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"inputs: {COUNT:,} complaints ({editions[True]:,} under the 2024 Code), "
        f"{escalated:,} escalated, {extended:,} with an extension"
    )
    print(f"check_all: {best:.2f} s CPU best of 3 -> {rate:,.0f} complaints/s on one core")
    print(f"findings: {findings:,}")
    print(f"target >= {TARGET_PER_SECOND:,}/s: {'met' if rate >= TARGET_PER_SECOND else 'MISSED'}")
    try:
        from complaintcode.columnar import check_complaints
        from complaintcode.columnar._columns import Columns
    except ImportError:  # pragma: no cover - without the fast extra
        print("columnar engine: not installed (pip install 'complaintcode[fast]')")
        return
    from complaintcode.columnar import check_columns

    calendar = WorkingDayCalendar.england_and_wales()
    columns = Columns.from_complaints(complaints, calendar)
    engine = _best(
        lambda: check_columns(columns, calendar=calendar, as_of=as_of).table_columns(messages=False)
    )
    print(
        f"columnar engine, the same complaints already in columns: {engine:.3f} s CPU "
        f"({engine * 1_000_000 / COUNT:.2f} s per million; {best / engine:.0f}x check_all)"
    )
    assessments = list(check_all(complaints, as_of=as_of))
    results = check_complaints(complaints, as_of=as_of)
    year = FinancialYear(2024)
    sources: tuple[tuple[str, Any], ...] = (
        ("assessments", assessments),
        ("columnar results", results),
    )
    for name, source in sources:

        def year_of(by: str | None, source: Any = source) -> Callable[[], object]:
            return lambda: summarise(source, period=year, by=by)

        year_of(None)()  # warm up
        whole = _best(year_of(None))
        quarters = _best(year_of("quarter"))
        print(
            f"summarise {name}: {COUNT / whole:,.0f}/s by year, {COUNT / quarters:,.0f}/s by "
            f"quarter ({whole / quarters:.2f}x the year's rate; target: no slower: "
            f"{'met' if quarters <= whole * 1.05 else 'MISSED'}, within 5 % noise)"
        )


if __name__ == "__main__":
    main()
