"""Rule ``response.content``: a response letter missing items the edition requires.

Checked only where the stage records ``response_items`` and the edition lists required
contents for that stage; the finding names each missing item.
"""

from __future__ import annotations

from collections.abc import Iterator

from complaintcode import _sentences as sentences
from complaintcode.model import ResponseItem
from complaintcode.results import Finding
from complaintcode.rules._context import Context

__all__ = ["letter_findings"]

_ORDER = tuple(ResponseItem)


def letter_findings(ctx: Context) -> Iterator[Finding]:
    """Findings of the letter-content rule."""
    edition = ctx.edition
    for stage in ctx.stages[: edition.max_stages]:
        items = stage.response_items
        responded = ctx.seen(stage.responded)
        if items is None or responded is None or ctx.refused(stage.number):
            continue
        rules = edition.stage(stage.number)
        required, provision = rules.letter_items, rules.letter_provision
        if required is None or provision is None:
            continue
        missing = [item for item in _ORDER if item in required and item not in items]
        if missing:
            yield ctx.finding(
                "response.content",
                provision,
                stage.number,
                sentences.LETTER_INCOMPLETE.format(
                    n=stage.number,
                    responded=responded,
                    missing=sentences.LETTER_ITEMS.join(item.label for item in missing),
                ),
            )
