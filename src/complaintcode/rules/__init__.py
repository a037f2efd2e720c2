"""The rules of the Code, one module per topic, and the rule catalogue.

Each rule has a stable identifier (:data:`RuleId`). The catalogue — each rule's family
(the module that implements it), what it means, and the edition parameters it reads —
is data, in ``complaintcode/data/rules.toml``, checked against :data:`RuleId` when it
is loaded. :func:`catalogue` lists, for every rule and edition, the provision it rests
on and the limit it applies: the data behind the docs' rule catalogue page and
``complaintcode rules``.

>>> [row.provision for row in catalogue() if row.rule == "stage1.response"]
['stage one timescale (number not verified)', '5.1', '6.3']
>>> definition("stages.handler-independence").family
'stages'
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Literal

import attrs

import complaintcode.editions
from complaintcode._data import Table, read_package_toml
from complaintcode.editions import CodeEdition, Limit, Provision
from complaintcode.errors import InvalidEdition
from complaintcode.rules.ids import RULE_IDS, STAGE_RULE_IDS, RuleId, StageRuleKind

__all__ = [
    "RULES",
    "RULE_IDS",
    "STAGE_RULE_IDS",
    "CatalogueRow",
    "RuleDefinition",
    "RuleFamily",
    "RuleId",
    "StageRuleKind",
    "catalogue",
    "definition",
    "definitions",
]

RuleFamily = Literal["timescales", "stages", "exclusions", "letters", "remedies"]
"""The module of :mod:`complaintcode.rules` that implements a rule."""

_FAMILIES: dict[str, RuleFamily] = {
    "timescales": "timescales",
    "stages": "stages",
    "exclusions": "exclusions",
    "letters": "letters",
    "remedies": "remedies",
}


@attrs.frozen
class RuleDefinition:
    """One rule as the catalogue data describes it.

    ``reads`` are the edition parameters the rule rests on (paths as in
    :meth:`CodeEdition.parameter`); the rule applies under an edition that has the first.
    ``labels``, where given, name each of them in the catalogue's provision column.

    >>> definition("stage2.response").reads
    ('stage2.respond',)
    """

    id: RuleId
    family: RuleFamily
    description: str
    reads: tuple[str, ...]
    labels: tuple[str, ...] = ()


def read_definitions(top: Table) -> tuple[RuleDefinition, ...]:
    """The rule definitions in ``rules.toml``'s top table, checked against :data:`RuleId`."""
    rules = top.table("rule")
    found: list[RuleDefinition] = []
    for key, rule_id in zip(rules.names(), RULE_IDS, strict=False):
        if key != rule_id:
            raise rules.error(key, f"expected rule {rule_id!r} here (the order of RuleId)")
        table = rules.table(key)
        reads = tuple(table.texts("reads"))
        labels = tuple(table.texts("labels")) if table.has("labels") else ()
        if not reads or (labels and len(labels) != len(reads)):
            raise table.error("reads", "must name one parameter or more (one per label)")
        for path in reads:
            try:
                complaintcode.editions.CODE_2024.parameter(path)
            except KeyError:
                raise table.error("reads", f"{path!r} is not an edition parameter") from None
        found.append(
            RuleDefinition(
                rule_id,
                _FAMILIES[table.choice("family", tuple(_FAMILIES))],
                table.text("description"),
                reads,
                labels,
            )
        )
        table.close()
    rules.close()
    top.close()
    if len(found) != len(RULE_IDS):
        missing = ", ".join(RULE_IDS[len(found) :])
        raise InvalidEdition(top.source, "rule", f"has no entry for {missing}")
    for (stage, kind), rule_id in STAGE_RULE_IDS.items():
        expected = f"stage{stage}.{_STAGE_PARAMETER[kind]}"
        if found[RULE_IDS.index(rule_id)].reads != (expected,):
            raise InvalidEdition(top.source, f"rule.{rule_id}.reads", f"must be [{expected!r}]")
    return tuple(found)


_STAGE_PARAMETER: dict[StageRuleKind, str] = {
    "acknowledgement": "acknowledge",
    "response": "respond",
    "extension-notice": "extension_notice",
    "extension-length": "extension_cap",
    "extension-reason": "extension_reason",
    "extension-ombudsman-details": "extension_ombudsman_details",
}

_loaded: list[tuple[RuleDefinition, ...]] = []
_loading = threading.Lock()


def definitions() -> tuple[RuleDefinition, ...]:
    """Every rule's definition, in catalogue order (read from the data on first use).

    >>> len(definitions()), definitions()[0].id
    (24, 'stage1.acknowledgement')
    """
    if not _loaded:
        with _loading:
            if not _loaded:
                _loaded.append(read_definitions(read_package_toml("rules.toml")))
    return _loaded[0]


RULES: dict[str, str]
"""Every rule identifier and what it means (read from the data on first use)."""


def __getattr__(name: str) -> object:
    """``RULES``, built from the rule data on first use."""
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rules = {d.id: d.description for d in definitions()}
    globals()["RULES"] = rules
    return rules


def definition(rule: str) -> RuleDefinition:
    """The definition of rule ``rule``.

    Raises:
        KeyError: for an identifier that is not a rule.
    """
    for found in definitions():
        if found.id == rule:
            return found
    raise KeyError(f"no rule {rule!r}; see complaintcode.rules.RULE_IDS")


@attrs.frozen
class CatalogueRow:
    """One rule under one edition: its provision, obligation, certainty and limit."""

    rule: str
    edition: str
    provision: str
    obligation: str
    certainty: str
    limit: str


def _provision(parameter: Limit | Provision) -> Provision:
    return parameter if isinstance(parameter, Provision) else parameter.provision


# What each kind of parameter limits, in the catalogue's words.
_FIXED_LIMITS = {
    "extension_notice": "by the then-current deadline",
    "refusal_to_accept": "refusal to accept",
    "refusal_to_escalate": "to escalate",
}


def _limit(edition: CodeEdition, path: str, parameter: Limit | Provision) -> str:
    head, _, key = path.partition(".")
    if isinstance(parameter, Limit):
        if key == "extension_cap":
            return f"{parameter.working_days} working days without good reason"
        return f"{parameter.working_days} working days after {parameter.runs_from}"
    if key == "letter":
        items = edition.stage(int(head.removeprefix("stage"))).letter_items or ()
        return f"{head.replace('stage', 'stage ')}: {len(items)} items"
    if head == "stage_count":
        return f"{edition.max_stages} stages at most"
    if head == "time_limit":
        return f"{edition.time_limit_months} months" if edition.time_limit_months else ""
    return _FIXED_LIMITS.get(key or head, "")


def _row(rule: RuleDefinition, edition: CodeEdition) -> CatalogueRow | None:
    present = [
        (label, path, parameter)
        for label, path in zip(rule.labels or rule.reads, rule.reads, strict=True)
        if (parameter := edition.parameter(path)) is not None
    ]
    if not present or present[0][1] != rule.reads[0]:
        return None
    first = _provision(present[0][2])
    numbers = [_provision(parameter).number for _, _, parameter in present]
    limits = [_limit(edition, path, parameter) for _, path, parameter in present]
    if rule.labels and len(present) > 1:
        number = "; ".join(
            f"{n} ({label})" for n, (label, _, _) in zip(numbers, present, strict=True)
        )
        limit = " or ".join(limits)
    else:
        number = " / ".join(numbers)
        limit = ", ".join(text for text in limits if text)
    return CatalogueRow(rule.id, edition.name, number, first.obligation, first.certainty, limit)


def catalogue(editions: tuple[CodeEdition, ...] | None = None) -> Iterator[CatalogueRow]:
    """Every (rule, edition) pair under which the rule applies, oldest edition first.

    ``editions`` defaults to the Code's three; pass a user edition to see its rules.
    """
    chosen = complaintcode.editions.EDITIONS if editions is None else editions
    for rule in definitions():
        for edition in chosen:
            row = _row(rule, edition)
            if row is not None:
                yield row
