"""The progress bar of long runs: one line on standard error, on a terminal only.

It never writes to standard output, so it cannot mix with results, and it stays silent
when standard error is not a terminal (a log file, a pipe) or the run is short.
"""

from __future__ import annotations

import time as clock
from typing import IO

_SHOW_AFTER_SECONDS = 2.0


class Progress:
    """A one-line progress indicator on ``stream``, shown only when it is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = clock.monotonic()
        self.shown = False
        self.next_check = 1000

    def update(self, rows: int, fraction: float | None = None) -> None:
        """Rows checked so far and the share of the file read (when known)."""
        if not self.enabled or rows < self.next_check:
            return
        self.next_check = rows + 1000
        elapsed = clock.monotonic() - self.started
        if elapsed < _SHOW_AFTER_SECONDS:
            return
        rate = rows / elapsed if elapsed else 0.0
        bar = ""
        if fraction is not None:
            filled = int(fraction * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} "
        self.stream.write(f"\rcomplaintcode: {bar}{rows:,} rows checked ({rate:,.0f}/s)")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the progress line, if one was shown."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
