"""Reading a user edition: a landlord's own rule set, as a tightening of one Code edition.

What a user edition may change, and nothing else (each change cites the user's own
``provision`` text):

* ``working_days`` of a stage's ``acknowledge``, ``respond`` and ``extension_cap``: the
  same or fewer than the base edition's;
* ``months`` of ``time_limit``: the same or more (a longer window obliges the landlord to
  accept more complaints);
* ``items`` of a stage's ``letter``: the base edition's items, plus any others;
* ``obligation``: "must" where the base says "should" (never the other way);
* ``provision`` and ``source`` of any parameter the base edition has: the user's own
  reference for it.

A parameter the user edition does not mention is the base edition's, cited as the Code
("2024 Code 6.13"). There is no way to remove a rule, add a stage or change what a clock
runs from: such keys are errors naming the key, as is any key the schema does not know.
"""

from __future__ import annotations

from typing import get_args

from complaintcode._data import Table
from complaintcode.editions import (
    CODE_NAMES,
    OBLIGATIONS,
    CodeEdition,
    Limit,
    Provision,
    RequirementName,
    StageRules,
    citation,
    edition_named,
    read_letter_items,
)
from complaintcode.errors import InvalidEdition
from complaintcode.model import ResponseItem

__all__ = ["read_user_edition"]

_ONLY_TIGHTEN = (
    "a user edition may only tighten the parameters its base edition sets; it cannot "
    "remove or switch off a rule"
)

_REQUIREMENTS: tuple[RequirementName, ...] = get_args(RequirementName)


def _close(table: Table) -> None:
    try:
        table.close()
    except InvalidEdition as err:
        raise InvalidEdition(err.source, err.key, f"{err.message}; {_ONLY_TIGHTEN}") from None


class _Reader:
    """Reads one user edition file against its base edition."""

    def __init__(self, top: Table) -> None:
        self.top = top
        self.name = top.text("name")
        if self.name in CODE_NAMES:
            raise top.error(
                "name", f"{self.name!r} is a Code edition; a user edition needs its own name"
            )
        if len(self.name) > 80 or not self.name.isprintable():
            raise top.error("name", "must be one line of at most 80 characters")
        self.title = top.text("title")
        self.base = edition_named(top.choice("base", CODE_NAMES))

    def inherited(self, provision: Provision) -> Provision:
        """A provision of the base edition, cited as the Code under the user edition."""
        number = citation(self.base.name, provision.number)
        return Provision(number, provision.obligation, provision.certainty, provision.source)

    def own(self, table: Table, base: Provision) -> Provision:
        """The user's provision for a parameter (its reference text, maybe a firmer duty)."""
        number = table.text("provision")
        obligation = OBLIGATIONS[
            table.choice("obligation", tuple(OBLIGATIONS), default=base.obligation)
        ]
        if base.obligation == "must" and obligation == "should":
            raise table.error(
                "obligation",
                f'cannot loosen a "must" of the Code ({self.base.cite(base)}) to "should"',
            )
        source = table.text("source", default=f"{self.title} ({self.name})")
        return Provision(number, obligation, "verified", source)

    def at_most(self, table: Table, key: str, allowed: int, base: Provision) -> int:
        if not table.has(key):
            return allowed
        value = table.integer(key)
        if value > allowed:
            raise table.error(
                key,
                f"must be {allowed} or fewer: the {self.base.name} Code allows {allowed} "
                f"({self.base.cite(base)}), and a user edition may not loosen it",
            )
        return value

    def limit(self, table: Table | None, base: Limit) -> Limit:
        if table is None:
            return Limit(base.working_days, base.runs_from, self.inherited(base.provision))
        if table.has("runs_from"):
            raise table.error("runs_from", f"cannot be changed; {_ONLY_TIGHTEN}")
        days = self.at_most(table, "working_days", base.working_days, base.provision)
        limit = Limit(days, base.runs_from, self.own(table, base.provision))
        _close(table)
        return limit

    def provision(self, table: Table | None, base: Provision) -> Provision:
        if table is None:
            return self.inherited(base)
        provision = self.own(table, base)
        _close(table)
        return provision

    def absent(self, parent: Table, key: str, what: str) -> None:
        if parent.has(key):
            raise parent.error(key, f"the {self.base.name} Code has no {what}; {_ONLY_TIGHTEN}")

    def stage(self, number: int, base: StageRules) -> StageRules:
        table = self.top.optional_table(f"stage{number}")
        if table is None:
            table = Table(self.top.source, f"stage{number}", {})

        acknowledge = None
        if base.acknowledge is None:
            self.absent(table, "acknowledge", f"stage {number} acknowledgement limit")
        else:
            acknowledge = self.limit(table.optional_table("acknowledge"), base.acknowledge)
        details = None
        if base.extension_ombudsman_details is None:
            self.absent(
                table, "extension_ombudsman_details", f"stage {number} Ombudsman's details rule"
            )
        else:
            details = self.provision(
                table.optional_table("extension_ombudsman_details"),
                base.extension_ombudsman_details,
            )
        items, letter = base.letter_items, base.letter_provision
        if items is None or letter is None:
            self.absent(table, "letter", f"stage {number} letter items")
        else:
            items, letter = self.letter(table.optional_table("letter"), items, letter)
        rules = StageRules(
            acknowledge=acknowledge,
            respond=self.limit(table.optional_table("respond"), base.respond),
            extension_cap=self.limit(table.optional_table("extension_cap"), base.extension_cap),
            extension_notice=self.provision(
                table.optional_table("extension_notice"), base.extension_notice
            ),
            extension_reason=self.provision(
                table.optional_table("extension_reason"), base.extension_reason
            ),
            extension_ombudsman_details=details,
            letter_items=items,
            letter_provision=letter,
        )
        _close(table)
        return rules

    def letter(
        self, table: Table | None, items: frozenset[ResponseItem], base: Provision
    ) -> tuple[frozenset[ResponseItem], Provision]:
        if table is None:
            return items, self.inherited(base)
        own = items
        if table.has("items"):
            own = frozenset(read_letter_items(table))
            dropped = sorted(item.name for item in items - own)
            if dropped:
                raise table.error(
                    "items",
                    f"leaves out {', '.join(dropped)}, which the {self.base.name} Code requires "
                    f"({self.base.cite(base)}); {_ONLY_TIGHTEN}",
                )
        provision = self.own(table, base)
        _close(table)
        return own, provision

    def edition(self) -> CodeEdition:
        top, base = self.top, self.base
        for key in top.names():
            number = key.removeprefix("stage")
            if number != key and number.isdigit() and int(number) > base.max_stages:
                raise top.error(
                    key,
                    f"the {base.name} Code allows {base.max_stages} stages; a user edition "
                    "cannot add one",
                )
        stages = tuple(self.stage(n, rules) for n, rules in enumerate(base.stages, start=1))
        requirements: list[tuple[RequirementName, Provision]] = []
        months = base.time_limit_months
        for name in _REQUIREMENTS:
            provision = base.requirement(name)
            if provision is None:
                self.absent(top, name, f"{name} requirement")
                continue
            table = top.optional_table(name)
            if table is not None and name == "time_limit" and months is not None:
                months = self.window(table, months, provision)
            requirements.append((name, self.provision(table, provision)))
        edition = CodeEdition(
            name=self.name,
            title=self.title,
            in_force_from=base.in_force_from,
            stages=stages,
            requirements=tuple(requirements),
            time_limit_months=months,
            base=base.name,
        )
        _close(top)
        return edition

    def window(self, table: Table, months: int, base: Provision) -> int:
        if not table.has("months"):
            return months
        value = table.integer("months", minimum=1)
        if value < months:
            raise table.error(
                "months",
                f"must be {months} or more: the {self.base.name} Code obliges landlords to "
                f"accept complaints within {months} months ({self.base.cite(base)}), and a "
                "user edition may not shorten that",
            )
        return value


def read_user_edition(top: Table) -> CodeEdition:
    """The user edition described by a TOML file's top table (see the module docstring)."""
    return _Reader(top).edition()
