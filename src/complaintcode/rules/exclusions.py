"""Rules about refusing a complaint.

Rules: ``exclusion.time-limit`` (refused as out of time, at stage 1 or as a refusal to
escalate, although the complaint was received within the edition's window from the later
of the issue and the resident's awareness of it: the 2024 Code's 5.11 holds refusals to
escalate to section 2, which sets the window) and
``refusal.explanation`` (a refusal to accept, or to escalate, that did not give reasons or
did not tell the resident they can take the decision to the Ombudsman).

The window is the edition's ``time_limit_months``, counted in calendar months with
``dateutil``: under the 2024 Code, a window that opens on 29 February 2024 runs to
28 February 2025, and a complaint received on that day is inside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

from complaintcode import _sentences as sentences
from complaintcode.model import ExclusionGround
from complaintcode.results import Finding
from complaintcode.rules._context import Context

__all__ = ["refusal_findings"]


def refusal_findings(ctx: Context) -> Iterator[Finding]:
    """Findings of the refusal rules."""
    refusal = ctx.refusal
    complaint = ctx.complaint
    if refusal is None or complaint is None:
        return
    edition = ctx.edition
    months = edition.time_limit_months
    starts = [d for d in (complaint.issue_date, complaint.aware_date) if d is not None]
    if (
        edition.time_limit is not None
        and months is not None
        and refusal.ground is ExclusionGround.OUT_OF_TIME
        and starts
    ):
        start = max(starts)
        window_ends = start + relativedelta(months=months)
        received = complaint.received
        if received <= window_ends:
            yield ctx.finding(
                "exclusion.time-limit",
                edition.time_limit,
                refusal.stage,
                sentences.REFUSED_IN_TIME.format(
                    refused=sentences.REFUSED[refusal.stage != 1],
                    decided=refusal.decided,
                    received=received,
                    months=months,
                    start=start,
                    window=window_ends,
                ),
                due=window_ends,
                actual=received,
            )
    provision = edition.refusal_to_accept if refusal.stage == 1 else edition.refusal_to_escalate
    if provision is None:
        return
    missing = []
    if not refusal.reasons_given:
        missing.append(sentences.NO_REASONS)
    if not refusal.ombudsman_rights_given:
        missing.append(sentences.NO_RIGHTS)
    if missing:
        yield ctx.finding(
            "refusal.explanation",
            provision,
            refusal.stage,
            sentences.REFUSAL_UNEXPLAINED.format(
                what=sentences.REFUSAL_TO[refusal.stage != 1],
                decided=refusal.decided,
                gaps=sentences.REFUSAL_GAPS.join(missing),
            ),
        )
