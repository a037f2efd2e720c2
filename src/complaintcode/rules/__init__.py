"""The rules of the Code, one module per topic, and the rule catalogue.

Each rule has a stable identifier. :func:`catalogue` lists, for every rule and edition,
the provision it rests on and the limit it applies — the data behind the docs' rule
catalogue page and ``complaintcode rules``.

>>> [row.provision for row in catalogue() if row.rule == "stage1.response"]
['stage one timescale (number not verified)', '5.1', '6.3']
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from complaintcode.editions import EDITIONS, CodeEdition, Provision

__all__ = ["RULES", "CatalogueRow", "catalogue"]

RULES: dict[str, str] = {
    "stage1.acknowledgement": "stage 1 acknowledged late (or not at all by as_of)",
    "stage1.response": "stage 1 response late, or open past its deadline at as_of",
    "stage1.extension-notice": "an extension notified after the then-current deadline",
    "stage1.extension-length": "extensions total more than the cap with no good reason recorded",
    "stage1.extension-reason": "an extension with no reason given",
    "stage1.extension-ombudsman-details": "an extension without the Ombudsman's contact details",
    "stage2.acknowledgement": "stage 2 acknowledged late (or not at all by as_of)",
    "stage2.response": "stage 2 response late, or open past its deadline at as_of",
    "stage2.extension-notice": "a stage 2 extension notified after the then-current deadline",
    "stage2.extension-length": "stage 2 extensions over the cap with no good reason recorded",
    "stage2.extension-reason": "a stage 2 extension with no reason given",
    "stage2.extension-ombudsman-details": (
        "a stage 2 extension without the Ombudsman's contact details"
    ),
    "stage3.response": "stage 3 response late, or open past its deadline at as_of",
    "stage3.extension-notice": "a stage 3 extension notified after the then-current deadline",
    "stage3.extension-length": "stage 3 extensions over the cap with no good reason recorded",
    "stage3.extension-reason": "a stage 3 extension with no reason given",
    "stages.count": "more stages than the edition allows",
    "stages.order": "a stage started before the previous stage's response was sent",
    "stages.handler-independence": "the same person handled stage 1 and stage 2",
    "exclusion.time-limit": "refused as out of time although within the 12-month window",
    "refusal.explanation": (
        "a refusal without reasons or without the right to go to the Ombudsman"
    ),
    "response.content": "a response letter missing required items (names the missing items)",
    "remedy.target-date": "a remedy with no target date",
    "remedy.completion": "a remedy not completed by its target date",
}
"""Every rule identifier and what it means."""


@attrs.frozen
class CatalogueRow:
    """One rule under one edition: its provision, obligation, certainty and limit."""

    rule: str
    edition: str
    provision: str
    obligation: str
    certainty: str
    limit: str


def _provisions(rule: str, edition: CodeEdition) -> tuple[Provision | None, str]:
    """The provision a rule rests on in an edition (None: not a rule there) and its limit."""
    if rule.startswith("stage") and rule[5].isdigit():
        number = int(rule[5])
        if number > edition.max_stages:
            return None, ""
        rules = edition.stage(number)
        kind = rule.split(".", 1)[1]
        if kind == "acknowledgement":
            ack = rules.acknowledge
            if ack is None:
                return None, ""
            return ack.provision, f"{ack.working_days} working days after {ack.runs_from}"
        if kind == "response":
            return (
                rules.respond.provision,
                f"{rules.respond.working_days} working days after {rules.respond.runs_from}",
            )
        if kind == "extension-length":
            cap = rules.extension_cap
            return cap.provision, f"{cap.working_days} working days without good reason"
        if kind == "extension-notice":
            return rules.extension_notice, "by the then-current deadline"
        if kind == "extension-reason":
            return rules.extension_reason, ""
        if kind == "extension-ombudsman-details":
            return rules.extension_ombudsman_details, ""
    simple: dict[str, tuple[Provision | None, str]] = {
        "stages.count": (edition.stage_count, f"{edition.max_stages} stages at most"),
        "stages.order": (edition.stage_order, ""),
        "stages.handler-independence": (edition.handler_independence, ""),
        "exclusion.time-limit": (
            edition.time_limit,
            f"{edition.time_limit_months} months" if edition.time_limit_months else "",
        ),
        "refusal.explanation": (
            edition.refusal_to_accept,
            "refusal to accept"
            + (" or to escalate" if edition.refusal_to_escalate is not None else ""),
        ),
        "response.content": (
            edition.stage(1).letter_provision,
            ", ".join(
                f"stage {i + 1}: {len(s.letter_items)} items"
                for i, s in enumerate(edition.stages)
                if s.letter_items is not None
            ),
        ),
        "remedy.target-date": (edition.remedy_target, ""),
        "remedy.completion": (edition.remedy_completion, ""),
    }
    return simple[rule]


def catalogue() -> Iterator[CatalogueRow]:
    """Every (rule, edition) pair under which the rule applies, oldest edition first."""
    for rule in RULES:
        for edition in EDITIONS:
            provision, limit = _provisions(rule, edition)
            if provision is None:
                continue
            number = provision.number
            if rule == "refusal.explanation" and edition.refusal_to_escalate is not None:
                number = f"{number} (accept); {edition.refusal_to_escalate.number} (escalate)"
            if rule == "response.content":
                numbers = [s.letter_provision.number for s in edition.stages if s.letter_provision]
                number = " / ".join(numbers)
            yield CatalogueRow(
                rule, edition.name, number, provision.obligation, provision.certainty, limit
            )
