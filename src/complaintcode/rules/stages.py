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

from complaintcode import _sentences as sentences
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
            sentences.TOO_MANY_STAGES.format(
                count=len(stages),
                n=extra.number,
                received=extra.received_date,
                edition=edition.name,
                most=edition.max_stages,
            ),
        )
    for previous, stage in itertools.pairwise(stages):
        responded = ctx.seen(previous.responded)
        if responded is None or stage.received_date < responded:
            sent = (
                sentences.SENT_ON.format(responded=responded) if responded else sentences.NONE_SENT
            )
            yield ctx.finding(
                "stages.order",
                edition.stage_order,
                stage.number,
                sentences.OUT_OF_ORDER.format(
                    n=stage.number,
                    received=stage.received_date,
                    previous=previous.number,
                    sent=sent,
                ),
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
                sentences.SAME_HANDLER,
            )


def _person(handler: str | None) -> str:
    """A handler's name as compared: inner runs of spaces collapsed, trimmed, case-folded."""
    return " ".join(handler.split()).casefold() if handler else ""
