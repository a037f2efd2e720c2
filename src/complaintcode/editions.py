"""The editions of the Complaint Handling Code, as data.

Each edition is a frozen record of parameters — time limits, extension caps, how many
stages, what a response letter must contain — and every parameter carries the provision
it comes from and how certain that is. The rules read these records; they never hard-code
5, 10 or 20. Adding an edition is a new record, not new branches in the rules.

An edition applies to a complaint by the date its stage 1 was received:

>>> from datetime import date
>>> edition_for(date(2024, 3, 28)).name
'2022'
>>> edition_for(date(2024, 4, 2)).name
'2024'
>>> CODE_2024.stage(1).respond.working_days
10

Certainty matters: the 2020 Code's provision numbers could not be verified, so its
parameters say so (``certainty="unverified"``) and findings under it cite a description of
the provision rather than a number.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

from complaintcode.errors import EditionError
from complaintcode.model import ResponseItem

__all__ = [
    "CODE_2020",
    "CODE_2022",
    "CODE_2024",
    "EDITIONS",
    "Certainty",
    "ClockStart",
    "CodeEdition",
    "Limit",
    "Obligation",
    "Provision",
    "StageRules",
    "edition_for",
    "edition_named",
]

Certainty = Literal["verified", "partly verified", "unverified"]
"""How sure we are of a provision's number and wording (see the docs' editions page)."""

Obligation = Literal["must", "should"]
""""must" provisions give BREACH findings; "should" provisions give ADVISORY ones."""

ClockStart = Literal["receipt", "acknowledgement"]
"""The event a stage's clock runs from. At stage 2 and 3, "receipt" is the escalation request."""


@attrs.frozen
class Provision:
    """A provision of one edition of the Code.

    ``number`` is the provision's number in that edition (``"6.3"``) or, where it could
    not be verified, a short description ending "(number not verified)".

    >>> Provision("6.3", "must", "verified").cite("2024")
    '2024 Code 6.3'
    """

    number: str
    obligation: Obligation = "must"
    certainty: Certainty = "verified"

    def cite(self, edition: str) -> str:
        """The citation as it appears in explanations."""
        return f"{edition} Code {self.number}"


@attrs.frozen
class Limit:
    """A time limit: ``working_days`` after the event ``runs_from``, under ``provision``.

    >>> CODE_2022.stage(2).respond.runs_from
    'receipt'
    """

    working_days: int
    runs_from: ClockStart
    provision: Provision


@attrs.frozen
class StageRules:
    """What an edition requires at one stage.

    ``acknowledge`` is ``None`` where the edition sets no acknowledgement limit (stage 2
    before 2024). ``extension_cap`` is the most working days of extension allowed without
    a good reason. ``extension_ombudsman_details`` is ``None`` where the edition does not
    require the Ombudsman's details with an extension. ``letter_items`` is ``None`` where
    the edition lists no required contents.
    """

    acknowledge: Limit | None
    respond: Limit
    extension_cap: Limit
    extension_notice: Provision
    extension_reason: Provision
    extension_ombudsman_details: Provision | None = None
    letter_items: frozenset[ResponseItem] | None = None
    letter_provision: Provision | None = None


@attrs.frozen
class CodeEdition:
    """One edition of the Complaint Handling Code and everything the rules read from it.

    ``stages`` holds the rules for stage 1, 2 (and 3 where a third stage is allowed);
    ``max_stages`` is ``len(stages)``.

    >>> CODE_2020.max_stages, CODE_2024.max_stages
    (3, 2)
    """

    name: Literal["2020", "2022", "2024"]
    title: str
    in_force_from: date
    stages: tuple[StageRules, ...]
    stage_count: Provision
    stage_order: Provision
    handler_independence: Provision | None
    time_limit: Provision | None
    time_limit_months: int | None
    refusal_to_accept: Provision
    refusal_to_escalate: Provision | None
    remedy_target: Provision
    remedy_completion: Provision

    @property
    def max_stages(self) -> int:
        """How many stages the edition allows."""
        return len(self.stages)

    def stage(self, number: int) -> StageRules:
        """The rules for stage ``number`` (1-based).

        >>> CODE_2024.stage(2).extension_cap.working_days
        20
        """
        if 1 <= number <= len(self.stages):
            return self.stages[number - 1]
        raise KeyError(f"the {self.name} Code has no stage {number}")

    def cite(self, provision: Provision) -> str:
        """A provision's citation in this edition, e.g. "2024 Code 6.3"."""
        return provision.cite(self.name)


def _unverified(description: str) -> Provision:
    return Provision(f"{description} (number not verified)", "must", "unverified")


def _should(provision: Provision) -> Provision:
    """The same provision read as a "should" (its extension sentences are advisory)."""
    return attrs.evolve(provision, obligation="should")


def _advisory_extensions(acknowledge: Limit | None, respond: Limit, cap: int) -> StageRules:
    """A stage whose extension sentences ("may ... should not exceed") are advisory.

    The cap, notice and reason rules all rest on the response provision, read as "should".
    """
    advisory = _should(respond.provision)
    return StageRules(
        acknowledge=acknowledge,
        respond=respond,
        extension_cap=Limit(cap, respond.runs_from, advisory),
        extension_notice=advisory,
        extension_reason=advisory,
    )


_ALL_ITEMS = frozenset(ResponseItem)
_ITEMS_WITHOUT_DEFINITION = _ALL_ITEMS - {ResponseItem.DEFINITION}


# -- 2020 -----------------------------------------------------------------------------------
# Published July 2020. Its provision numbers and most of its figures could not be checked
# against the Code's text; the figures below are those believed to match the 2022 Code
# (reference/code-facts.md §1.3), and every provision is marked unverified. As in 2022,
# the extension sentences are read as "should" (advisory).

_S1_2020 = _unverified("stage one timescale")
_S2_2020 = _unverified("stage two timescale")
_S3_2020 = _unverified("stage three timescale")

CODE_2020 = CodeEdition(
    name="2020",
    title="Complaint Handling Code (July 2020)",
    in_force_from=date(2020, 7, 1),
    stages=(
        _advisory_extensions(
            Limit(5, "receipt", _unverified("acknowledging and logging")),
            Limit(10, "acknowledgement", _S1_2020),
            cap=10,
        ),
        _advisory_extensions(None, Limit(20, "receipt", _S2_2020), cap=10),
        _advisory_extensions(None, Limit(20, "receipt", _S3_2020), cap=10),
    ),
    stage_count=Provision(
        "two stages and an optional third (number not verified)", "must", "partly verified"
    ),
    stage_order=_unverified("escalation after stage one"),
    handler_independence=None,
    time_limit=None,
    time_limit_months=None,
    refusal_to_accept=Provision(
        "refusal explanation (number not verified)", "must", "partly verified"
    ),
    refusal_to_escalate=None,
    remedy_target=_unverified("remedies"),
    remedy_completion=_unverified("remedies"),
)

# -- 2022 -----------------------------------------------------------------------------------
# In force 1 April 2022; numbers from a landlord self-assessment against the March 2022
# revision (shared/seeds/004). The extension sentences are "may ... should not exceed":
# advisory. Stage 3 was allowed (5.16 mentions it) but its provisions were not seen.

_P41 = Provision("4.1")
_P51 = Provision("5.1")
_P513 = Provision("5.13")
_S3_2022 = Provision("stage three timescale (number not verified)", "must", "unverified")

CODE_2022 = CodeEdition(
    name="2022",
    title="Complaint Handling Code (revised, April 2022)",
    in_force_from=date(2022, 4, 1),
    stages=(
        StageRules(
            acknowledge=Limit(5, "receipt", _P41),
            respond=Limit(10, "acknowledgement", _P51),
            extension_cap=Limit(10, "acknowledgement", Provision("5.1", "should")),
            extension_notice=Provision("5.1", "should", "partly verified"),
            extension_reason=Provision("5.1", "should", "partly verified"),
            letter_items=_ITEMS_WITHOUT_DEFINITION,
            letter_provision=Provision("5.8"),
        ),
        StageRules(
            acknowledge=None,
            respond=Limit(20, "receipt", _P513),
            extension_cap=Limit(10, "receipt", Provision("5.13", "should")),
            extension_notice=Provision("5.13", "should", "partly verified"),
            extension_reason=Provision("5.13", "should", "partly verified"),
            letter_items=_ALL_ITEMS,
            letter_provision=Provision("5.16"),
        ),
        _advisory_extensions(None, Limit(20, "receipt", _S3_2022), cap=10),
    ),
    stage_count=Provision("5.16 (a third stage is optional)", "must", "partly verified"),
    stage_order=Provision("5.11"),
    handler_independence=Provision("5.12"),
    time_limit=None,
    time_limit_months=None,
    refusal_to_accept=Provision("1.9"),
    refusal_to_escalate=Provision("5.9"),
    remedy_target=Provision("6.5"),
    remedy_completion=Provision("6.5"),
)

# -- 2024 -----------------------------------------------------------------------------------
# The statutory Code, in force 1 April 2024; numbers read in three landlords' published
# self-assessments (shared/seeds/000-002). 6.15's stage 2 cap of 20 working days is
# confirmed there; stages.order rests on 6.10, which implies rather than states it.

CODE_2024 = CodeEdition(
    name="2024",
    title="Complaint Handling Code (statutory, April 2024)",
    in_force_from=date(2024, 4, 1),
    stages=(
        StageRules(
            acknowledge=Limit(5, "receipt", Provision("6.2")),
            respond=Limit(10, "acknowledgement", Provision("6.3")),
            extension_cap=Limit(10, "acknowledgement", Provision("6.4")),
            extension_notice=Provision("6.4", "must", "partly verified"),
            extension_reason=Provision("6.4"),
            extension_ombudsman_details=Provision("6.5"),
            letter_items=_ALL_ITEMS,
            letter_provision=Provision("6.9"),
        ),
        StageRules(
            acknowledge=Limit(5, "receipt", Provision("6.11")),
            respond=Limit(20, "acknowledgement", Provision("6.14")),
            extension_cap=Limit(20, "acknowledgement", Provision("6.15")),
            extension_notice=Provision("6.15", "must", "partly verified"),
            extension_reason=Provision("6.15"),
            extension_ombudsman_details=Provision("6.16"),
            letter_items=_ALL_ITEMS,
            letter_provision=Provision("6.19"),
        ),
    ),
    stage_count=Provision("5.3"),
    stage_order=Provision("6.10", "must", "partly verified"),
    handler_independence=Provision("6.13"),
    time_limit=Provision("2.3"),
    time_limit_months=12,
    refusal_to_accept=Provision("2.4"),
    refusal_to_escalate=Provision("5.11"),
    remedy_target=Provision("7.3"),
    remedy_completion=Provision("7.3"),
)

EDITIONS: tuple[CodeEdition, ...] = (CODE_2020, CODE_2022, CODE_2024)
"""Every edition, oldest first."""

_BY_NAME: dict[str, CodeEdition] = {edition.name: edition for edition in EDITIONS}


def edition_for(received: date) -> CodeEdition:
    """The edition in force on the day a complaint's stage 1 was received.

    Raises:
        EditionError: before 1 July 2020, when no edition was in force.

    >>> edition_for(date(2022, 3, 31)).name, edition_for(date(2022, 4, 1)).name
    ('2020', '2022')
    >>> edition_for(date(2020, 6, 30))
    Traceback (most recent call last):
    ...
    complaintcode.errors.EditionError: no edition of the Complaint Handling Code was in force on 2020-06-30; the first took effect on 2020-07-01
    """  # noqa: E501
    for edition in reversed(EDITIONS):
        if received >= edition.in_force_from:
            return edition
    raise EditionError(
        f"no edition of the Complaint Handling Code was in force on {received.isoformat()}; "
        f"the first took effect on {EDITIONS[0].in_force_from.isoformat()}"
    )


def edition_named(name: str | CodeEdition) -> CodeEdition:
    """The edition called ``name`` ("2020", "2022" or "2024"), or the edition itself.

    >>> edition_named("2022") is CODE_2022
    True
    """
    if isinstance(name, CodeEdition):
        return name
    try:
        return _BY_NAME[str(name)]
    except KeyError:
        raise EditionError(
            f"unknown edition {name!r}; expected one of {', '.join(sorted(_BY_NAME))}"
        ) from None
