"""The progress line of long runs: on a terminal only, after two seconds, never on stdout."""

from __future__ import annotations

import io

from complaintcode.cli.progress import Progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, as an interactive standard error does."""

    def isatty(self) -> bool:
        return True


def _started_seconds_ago(stream: io.StringIO, seconds: float) -> Progress:
    progress = Progress(stream)
    progress.started -= seconds
    return progress


def test_a_long_run_on_a_terminal_shows_rows_rate_and_share_read() -> None:
    """After 10 s and 2,000 rows: one line with the bar, the share read, the rows and the rate."""
    terminal = Terminal()
    progress = _started_seconds_ago(terminal, 10.0)
    progress.update(2000, 0.5)
    line = terminal.getvalue()
    assert line.startswith("\rcomplaintcode: [")
    # Half the file read: 15 of the 30 cells of the bar are filled.
    assert "[" + "#" * 15 + "." * 15 + "]  50% " in line
    assert "2,000 rows checked (" in line
    assert line.endswith("/s)")
    progress.done()
    assert terminal.getvalue().endswith("\n")


def test_the_bar_is_left_out_when_the_share_read_is_unknown() -> None:
    """A source that cannot say how much is read (a pipe) shows the row count alone."""
    terminal = Terminal()
    progress = _started_seconds_ago(terminal, 10.0)
    progress.update(1000)
    assert terminal.getvalue().startswith("\rcomplaintcode: 1,000 rows checked (")
    assert "[" not in terminal.getvalue()


def test_updates_are_drawn_once_per_thousand_rows() -> None:
    """Between two drawn lines at least 1,000 more rows: fewer redraws, no flicker."""
    terminal = Terminal()
    progress = _started_seconds_ago(terminal, 10.0)
    progress.update(999)
    assert terminal.getvalue() == ""
    progress.update(1000)
    progress.update(1999)
    assert terminal.getvalue().count("\r") == 1
    progress.update(2000)
    assert terminal.getvalue().count("\r") == 2


def test_a_short_run_shows_nothing_and_ends_no_line() -> None:
    """A run under two seconds draws no line, so `done` writes nothing either."""
    terminal = Terminal()
    progress = Progress(terminal)
    progress.update(5000, 1.0)
    progress.done()
    assert terminal.getvalue() == ""


def test_nothing_is_written_when_the_stream_is_not_a_terminal() -> None:
    """A log file or a pipe gets no progress line, however long the run."""
    log = io.StringIO()
    progress = _started_seconds_ago(log, 60.0)
    progress.update(100_000, 0.9)
    progress.done()
    assert log.getvalue() == ""
