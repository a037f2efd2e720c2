"""Rules about remedies: ``remedy.target-date`` and ``remedy.completion``.

A remedy needs a "by when" unless it was completed on the day it was offered. A remedy
with a target date breaches the Code when it was completed after that date, or when it is
still not completed at ``as_of`` and ``as_of`` is past the date. A target date on a
non-working day is met by the next working day, and an action on a non-working day counts
as taken on the next one (:meth:`WorkingDayCalendar.working_days_late`).

Messages name a remedy by its position and kind ("Remedy 2 (apology)"), never by its
description: that is free text, which may hold a resident's details.
"""

from __future__ import annotations

from collections.abc import Iterator

from complaintcode import _sentences as sentences
from complaintcode.results import Finding, plural
from complaintcode.rules._context import Context

__all__ = ["remedy_findings"]


def remedy_findings(ctx: Context) -> Iterator[Finding]:
    """Findings of the remedy rules."""
    edition = ctx.edition
    remedies = ctx.complaint.remedies if ctx.complaint is not None else ()
    for number, remedy in enumerate(remedies, start=1):
        if ctx.seen(remedy.offered) is None:
            continue
        name = sentences.REMEDY.format(number=number, kind=remedy.kind.label)
        completed = ctx.seen(remedy.completed)
        if remedy.due is None:
            if completed != remedy.offered:
                yield ctx.finding(
                    "remedy.target-date",
                    edition.remedy_target,
                    None,
                    sentences.NO_TARGET_DATE.format(remedy=name, offered=remedy.offered),
                )
            continue
        # Late when completed after the target date, or still open at a later as_of.
        if completed is not None:
            if completed <= remedy.due:
                continue
            until, template = completed, sentences.COMPLETED_LATE
        elif ctx.as_of is not None and ctx.as_of > remedy.due:
            until, template = ctx.as_of, sentences.NOT_COMPLETED
        else:
            continue
        late = ctx.days_late(remedy.due, until)
        if late == 0:
            continue
        yield ctx.finding(
            "remedy.completion",
            edition.remedy_completion,
            None,
            template.format(
                remedy=name,
                completed=completed,
                as_of=ctx.as_of,
                late=late,
                unit=plural(late),
                due=remedy.due,
            ),
            due=remedy.due,
            actual=completed,
            working_days_late=late,
        )
