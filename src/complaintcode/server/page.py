"""The web page at ``/``."""

from __future__ import annotations

from typing import Any

from complaintcode.calendar import WorkingDayCalendar


def routes(calendar: WorkingDayCalendar, max_body: int) -> list[Any]:
    """The page's routes."""
    return []
