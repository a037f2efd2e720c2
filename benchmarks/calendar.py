"""Benchmark: working-day arithmetic against the tools an analyst would use today.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/calendar.py``.
Prints figures; it is not a test and asserts nothing about speed. It does check that
every implementation returns the same dates on the same inputs.

* per-call time of ``WorkingDayCalendar.add_working_days`` over 100,000 random
  (date, n in {5, 10, 20}) pairs from 2019-2027;
* the same inputs through ``holidays``' own ``get_nth_working_day`` (a day-by-day walk)
  and through scalar calls of ``numpy.busday_offset`` with the same holidays;
* the time to build the default calendar, in a fresh interpreter.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder would come first on sys.path and this file would
# shadow the standard library's ``calendar`` module: take the folder off the path.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import os
import platform
import random
import subprocess
import time
from collections.abc import Callable
from datetime import date

import holidays
import numpy as np

from complaintcode import WorkingDayCalendar

PAIRS = 100_000
SEED = 20240401
TARGET_NS = 1_000
TARGET_RATIO = 20.0
TARGET_BUILD_MS = 50.0


def _inputs() -> list[tuple[date, int]]:
    rng = random.Random(SEED)
    first = date(2019, 1, 1).toordinal()
    last = date(2027, 12, 31).toordinal()
    return [
        (date.fromordinal(rng.randint(first, last)), rng.choice((5, 10, 20))) for _ in range(PAIRS)
    ]


def _time_per_call(fn: Callable[[date, int], date], pairs: list[tuple[date, int]]) -> float:
    """Best of three passes, in nanoseconds per call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter_ns()
        for day, n in pairs:
            fn(day, n)
        best = min(best, (time.perf_counter_ns() - start) / len(pairs))
    return best


def _build_time_ms() -> tuple[float, float]:
    """Time to build the default calendar in a fresh interpreter.

    Returns (first build, including the one-off load of the holidays package's UK data;
    a second build with that data loaded).
    """
    code = (
        "import time\n"
        "import complaintcode\n"
        "from complaintcode import WorkingDayCalendar as W\n"
        "t = time.perf_counter(); W(); a = time.perf_counter() - t\n"
        "t = time.perf_counter(); W(); b = time.perf_counter() - t\n"
        "print(a * 1000, b * 1000)\n"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    """Print the figures."""
    pairs = _inputs()
    calendar = WorkingDayCalendar.england_and_wales()
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2018, 2030))
    np_holidays = np.array(sorted(bank), dtype="datetime64[D]")
    busdays = np.busdaycalendar(weekmask="1111100", holidays=np_holidays)

    def ours(day: date, n: int) -> date:
        return calendar.add_working_days(day, n)

    def with_holidays(day: date, n: int) -> date:
        # get_nth_working_day counts n working days after the day itself; roll forward
        # first so that the start rule is the same as ours.
        start = bank.get_nth_working_day(day, 0)
        result: date = bank.get_nth_working_day(start, n)
        return result

    def with_numpy(day: date, n: int) -> date:
        result = np.busday_offset(np.datetime64(day, "D"), n, roll="forward", busdaycal=busdays)
        return date.fromisoformat(str(result))

    # Same answers on the same inputs (a full check, not a sample).
    expected = [ours(d, n) for d, n in pairs]
    assert expected == [with_numpy(d, n) for d, n in pairs], "numpy disagrees"
    sample = pairs[:20_000]
    assert expected[:20_000] == [with_holidays(d, n) for d, n in sample], "holidays disagrees"

    ours_ns = _time_per_call(ours, pairs)
    numpy_ns = _time_per_call(with_numpy, pairs)
    holidays_ns = _time_per_call(with_holidays, sample)
    first_ms, warm_ms = _build_time_ms()
    numpy_ratio = numpy_ns / ours_ns

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"inputs: {PAIRS:,} random (date, n) pairs, dates 2019-2027, n in {{5, 10, 20}}")
    print("results checked equal across all three implementations")
    print(f"complaintcode add_working_days      {ours_ns:8.0f} ns/call")
    print(f"numpy.busday_offset (scalar calls)  {numpy_ns:8.0f} ns/call  ({numpy_ratio:.1f}x ours)")
    print(
        f"holidays get_nth_working_day        {holidays_ns:8.0f} ns/call  "
        f"({holidays_ns / ours_ns:.1f}x ours; timed on {len(sample):,} pairs)"
    )
    print(
        f"default calendar construction       {warm_ms:8.1f} ms "
        f"(first in a process: {first_ms:.1f} ms, including holidays loading its UK data)"
    )
    ok_speed = ours_ns <= TARGET_NS
    ok_ratio = holidays_ns / ours_ns >= TARGET_RATIO
    ok_build = warm_ms <= TARGET_BUILD_MS
    print(
        f"targets: <= {TARGET_NS} ns/call {'met' if ok_speed else 'MISSED'}; "
        f">= {TARGET_RATIO:.0f}x holidays {'met' if ok_ratio else 'MISSED'}; "
        f"construction <= {TARGET_BUILD_MS:.0f} ms {'met' if ok_build else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
