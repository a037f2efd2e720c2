"""The analyst's own script, the floor to beat: polars + numpy, four deadlines, late flags.

Reads a canonical export with polars, counts the 2024 Code's four deadlines with
``numpy.busday_offset`` over England's bank holidays (acknowledge stage 1 in 5 working
days, answer it 10 after the acknowledgement; the same for stage 2 with 5 and 20), flags
the late responses and writes a CSV. It does far less than complaintcode (one edition, no
extensions, no refusals, remedies, letters or explanations): it is what a fast hand-written
script costs, and ``benchmarks/batch.py`` times it beside ``complaintcode check``.

Usage: ``python benchmarks/baseline_polars.py EXPORT.csv OUT.csv``
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar module for a script
# run from this folder: take the folder off the path before importing anything else.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from typing import Any  # noqa: E402

import holidays  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402


def _days(frame: pl.DataFrame, column: str) -> Any:
    """A column of ISO dates (or date-times) as ``datetime64[D]``, NaT where blank."""
    if column not in frame.columns:
        return np.full(frame.height, np.datetime64("NaT"), dtype="datetime64[D]")
    parsed = frame[column].str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return parsed.to_numpy().astype("datetime64[D]")


def _add(days: Any, n: int, calendar: Any) -> Any:
    """``n`` working days after each day (rolled forward to a working day first)."""
    out = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[D]")
    known = ~np.isnat(days)
    start = np.busday_offset(days[known], 0, roll="forward", busdaycal=calendar)
    out[known] = np.busday_offset(start, n, roll="forward", busdaycal=calendar)
    return out


def deadlines(
    received: Any, acknowledged: Any, responded: Any, respond_days: int, calendar: Any
) -> tuple[Any, Any, Any]:
    """One stage's acknowledge-by and respond-by dates and late flags (``datetime64[D]``).

    Acknowledge 5 working days after receipt; respond ``respond_days`` after the
    acknowledgement (or its deadline when there is none). ``benchmarks/batch.py`` also
    times this alone, in memory, beside the columnar engine.
    """
    acknowledge_by = _add(received, 5, calendar)
    clock = np.where(np.isnat(acknowledged), acknowledge_by, acknowledged)
    respond_by = _add(clock, respond_days, calendar)
    return acknowledge_by, respond_by, ~np.isnat(responded) & (responded > respond_by)


def main(source: str, target: str) -> None:
    """Read, count, flag, write."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2032))
    calendar = np.busdaycalendar(holidays=np.array(sorted(bank), dtype="datetime64[D]"))
    frame = pl.read_csv(source, infer_schema=False)
    out: dict[str, Any] = {"reference": frame["reference"]}
    for stage, (prefix, respond_days) in enumerate((("", 10), ("escalation_", 20)), start=1):
        received = _days(frame, f"{prefix}received" if prefix else "received")
        acknowledged = _days(frame, f"{prefix}acknowledged")
        responded = _days(frame, f"{prefix}responded")
        acknowledge_by, respond_by, late = deadlines(
            received, acknowledged, responded, respond_days, calendar
        )
        out[f"stage{stage}_acknowledge_by"] = acknowledge_by
        out[f"stage{stage}_respond_by"] = respond_by
        out[f"stage{stage}_late"] = late
    pl.DataFrame(out).write_csv(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
