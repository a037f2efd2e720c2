"""What the benchmark scripts print about the machine they ran on."""

from __future__ import annotations

from pathlib import Path


def load_average() -> str:
    """The load average over 1, 5 and 15 minutes (Linux), or ``"unknown"``."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"
