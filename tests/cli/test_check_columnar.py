"""``check`` by the columnar engine: what the run builds once, and its worker processes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from complaintcode.cli.app import parser
from complaintcode.cli.options import calendar_from


def test_the_calendar_is_built_once_per_command_line(tmp_path: Path) -> None:
    """Judging and the provenance line share one calendar, holding the closure days."""
    closures = tmp_path / "closures.txt"
    closures.write_text("2024-12-27,office closed\n", encoding="utf-8")
    args = parser().parse_args(["check", "--sample", "--closures", str(closures)])
    first = calendar_from(args)
    assert calendar_from(args) is first
    # 27 December 2024 is a Friday, a working day but for the closure.
    assert not first.is_working_day(date(2024, 12, 27))
    other = parser().parse_args(["check", "--sample"])
    assert calendar_from(other).is_working_day(date(2024, 12, 27))
