"""Rules about the stages themselves.

Rules: ``stages.count`` (more stages than the edition allows), ``stages.order`` (a stage
started before the previous stage's response was sent) and
``stages.handler-independence`` (the same person handled stage 1 and stage 2; handlers are
compared after trimming spaces, collapsing runs of inner spaces and ignoring case, and an
unknown handler never matches). The finding does not print the handler's name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from complaintcode.results import Finding
from complaintcode.rules._context import Context

__all__ = ["stage_findings"]


def stage_findings(ctx: Context) -> Iterator[Finding]:
    """Findings of the three stage rules."""
    stages = ctx.stages
    edition = ctx.edition
    if len(stages) > edition.max_stages:
        extra = stages[edition.max_stages]
        yield ctx.finding(
            "stages.count",
            edition.stage_count,
            extra.number,
            f"The complaint has {len(stages)} stages (stage {extra.number} received "
            f"{extra.received_date}); the {edition.name} Code allows no more than "
            f"{edition.max_stages}",
        )
    for previous, stage in itertools.pairwise(stages):
        responded = ctx.seen(previous.responded)
        if responded is None or stage.received_date < responded:
            sent = f"sent on {responded}" if responded else "sent (none is recorded)"
            yield ctx.finding(
                "stages.order",
                edition.stage_order,
                stage.number,
                f"Stage {stage.number} started {stage.received_date}, before the stage "
                f"{previous.number} response was {sent}",
                due=responded,
                actual=stage.received_date,
            )
    if edition.handler_independence is not None and len(stages) >= 2:
        first, second = _person(stages[0].handler), _person(stages[1].handler)
        if first and first == second:
            yield ctx.finding(
                "stages.handler-independence",
                edition.handler_independence,
                2,
                "The same person handled stage 1 and stage 2",
            )


def _person(handler: str | None) -> str:
    """A handler's name as compared: inner runs of spaces collapsed, trimmed, case-folded."""
    return " ".join(handler.split()).casefold() if handler else ""
