"""The editions of the Complaint Handling Code, loaded from the package's data files.

Each edition is a frozen record of parameters — time limits, extension caps, how many
stages, what a response letter must contain — and every parameter carries the provision
it comes from, whether that provision is a "must" or a "should", how certain it is and
the source it was read in. The parameters live in TOML files inside the package
(``complaintcode/data/editions/``, one per edition, keyed by its in-force date) and are
read once, the first time an edition is needed (``import complaintcode`` reads nothing).
The rules read these records; they never hard-code 5, 10 or 20. Adding an edition is a
new data file, not new branches in the rules.

An edition applies to a complaint by the date its stage 1 was received:

>>> from datetime import date
>>> edition_for(date(2024, 3, 28)).name
'2022'
>>> edition_for(date(2024, 4, 2)).name
'2024'
>>> from complaintcode.editions import CODE_2024
>>> CODE_2024.stage(1).respond.working_days
10

Certainty matters: the 2020 Code's provision numbers could not be verified, so its
parameters say so (``certainty="unverified"``) and findings under it cite a description of
the provision rather than a number.

A landlord's own, stricter targets load from a TOML file of their own as a *user
edition* (:meth:`CodeEdition.from_toml`): it names itself, names the Code edition it
tightens, and may only tighten it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal, get_args

import attrs

from complaintcode._data import Table, package_data_names, read_package_toml, read_toml_file
from complaintcode.errors import EditionError
from complaintcode.model import ResponseItem

__all__ = [
    "CODE_2020",
    "CODE_2022",
    "CODE_2024",
    "CODE_NAMES",
    "EDITIONS",
    "Certainty",
    "ClockStart",
    "CodeEdition",
    "Limit",
    "Obligation",
    "Provision",
    "RequirementName",
    "StageRules",
    "citation",
    "edition_for",
    "edition_label",
    "edition_named",
]

Certainty = Literal["verified", "partly verified", "unverified"]
"""How sure we are of a provision's number and wording (see the docs' editions page)."""

Obligation = Literal["must", "should"]
""""must" provisions give BREACH findings; "should" provisions give ADVISORY ones."""

ClockStart = Literal["receipt", "acknowledgement"]
"""The event a stage's clock runs from. At stage 2 and 3, "receipt" is the escalation request."""

RequirementName = Literal[
    "stage_count",
    "stage_order",
    "handler_independence",
    "time_limit",
    "refusal_to_accept",
    "refusal_to_escalate",
    "remedy_target",
    "remedy_completion",
]
"""The edition-wide requirements (beside the per-stage ones), as named in the data files."""

_REQUIREMENTS: tuple[RequirementName, ...] = get_args(RequirementName)
_ALWAYS: frozenset[str] = frozenset(
    {"stage_count", "stage_order", "refusal_to_accept", "remedy_target", "remedy_completion"}
)

CODE_NAMES: tuple[str, ...] = ("2020", "2022", "2024")
"""The names of the Code's own editions, oldest first (a user edition may not take one)."""


def citation(edition: str, number: str) -> str:
    """How a provision is cited in explanations and findings.

    A provision of the Code is "<edition> Code <number>"; under a user edition the
    citation names the user edition, then the user's own reference text.

    >>> citation("2024", "6.3")
    '2024 Code 6.3'
    >>> citation("Acme 2025", "Acme policy 4.2")
    "user edition 'Acme 2025': Acme policy 4.2"
    """
    if edition in CODE_NAMES:
        return f"{edition} Code {number}"
    return f"user edition '{edition}': {number}"


def edition_label(name: str) -> str:
    """An edition's name in words: "2024 Code", or "user edition '<name>'".

    >>> edition_label("2022"), edition_label("Acme 2025")
    ('2022 Code', "user edition 'Acme 2025'")
    """
    return f"{name} Code" if name in CODE_NAMES else f"user edition '{name}'"


@attrs.frozen
class Provision:
    """A provision of one edition of the Code.

    ``number`` is the provision's number in that edition (``"6.3"``) or, where it could
    not be verified, a short description ending "(number not verified)". Under a user
    edition it is the user's own reference text. ``source`` says what the number, the
    wording and the certainty rest on.

    >>> Provision("6.3", "must", "verified").cite("2024")
    '2024 Code 6.3'
    >>> from complaintcode.editions import CODE_2024
    >>> CODE_2024.stage(2).extension_ombudsman_details.certainty
    'verified'
    """

    number: str
    obligation: Obligation = "must"
    certainty: Certainty = "verified"
    source: str = attrs.field(default="", repr=False)

    def cite(self, edition: str) -> str:
        """The citation as it appears in explanations."""
        return citation(edition, self.number)


@attrs.frozen
class Limit:
    """A time limit: ``working_days`` after the event ``runs_from``, under ``provision``.

    >>> from complaintcode.editions import CODE_2022
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
    ``max_stages`` is ``len(stages)``. ``requirements`` holds the edition-wide
    requirements by name (``stage_order``, ``handler_independence``, …), each also an
    attribute; one the edition does not have is absent (its attribute is ``None``).
    ``base`` is ``None`` for the Code's own editions and, for a user edition, the name
    of the Code edition it tightens.

    >>> from complaintcode.editions import CODE_2020, CODE_2024
    >>> CODE_2020.max_stages, CODE_2024.max_stages
    (3, 2)
    >>> CODE_2024.handler_independence.number, CODE_2020.handler_independence is None
    ('6.13', True)
    """

    name: str
    title: str
    in_force_from: date
    stages: tuple[StageRules, ...]
    requirements: tuple[tuple[RequirementName, Provision], ...]
    time_limit_months: int | None = None
    base: str | None = None
    _lookup: dict[str, Provision] = attrs.field(init=False, eq=False, repr=False)
    # Each requirement is also an attribute, set from ``requirements`` (the rules read
    # these on every check, so they are plain slots rather than lookups).
    stage_count: Provision = attrs.field(init=False, eq=False, repr=False)
    stage_order: Provision = attrs.field(init=False, eq=False, repr=False)
    handler_independence: Provision | None = attrs.field(init=False, eq=False, repr=False)
    time_limit: Provision | None = attrs.field(init=False, eq=False, repr=False)
    refusal_to_accept: Provision = attrs.field(init=False, eq=False, repr=False)
    refusal_to_escalate: Provision | None = attrs.field(init=False, eq=False, repr=False)
    remedy_target: Provision = attrs.field(init=False, eq=False, repr=False)
    remedy_completion: Provision = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lookup = dict(self.requirements)
        missing = sorted(_ALWAYS - set(lookup))
        if missing:
            raise EditionError(f"the {self.name} edition has no {', '.join(missing)}")
        object.__setattr__(self, "_lookup", lookup)
        for name in _REQUIREMENTS:
            object.__setattr__(self, name, lookup.get(name))

    def requirement(self, name: RequirementName) -> Provision | None:
        """An edition-wide requirement's provision, or ``None`` where there is none.

        >>> from complaintcode.editions import CODE_2024
        >>> CODE_2024.requirement("stage_order").certainty
        'partly verified'
        """
        return self._lookup.get(name)

    @property
    def max_stages(self) -> int:
        """How many stages the edition allows."""
        return len(self.stages)

    @property
    def is_user_edition(self) -> bool:
        """Whether this is a user's own edition (loaded with :meth:`from_toml`)."""
        return self.base is not None

    @property
    def label(self) -> str:
        """The edition in words: "2024 Code", or "user edition 'Acme 2025'".

        >>> from complaintcode.editions import CODE_2022
        >>> CODE_2022.label
        '2022 Code'
        """
        return edition_label(self.name)

    def stage(self, number: int) -> StageRules:
        """The rules for stage ``number`` (1-based).

        >>> from complaintcode.editions import CODE_2024
        >>> CODE_2024.stage(2).extension_cap.working_days
        20
        """
        if 1 <= number <= len(self.stages):
            return self.stages[number - 1]
        raise KeyError(f"the {self.name} Code has no stage {number}")

    def cite(self, provision: Provision) -> str:
        """A provision's citation in this edition, e.g. "2024 Code 6.3"."""
        return provision.cite(self.name)

    def parameter(self, path: str) -> Limit | Provision | None:
        """A parameter by its path in the data files, or ``None`` where the edition has none.

        Stage parameters are ``stageN.<key>`` (``acknowledge``, ``respond``,
        ``extension_cap``, ``extension_notice``, ``extension_reason``,
        ``extension_ombudsman_details``, ``letter``: the letter's provision); edition-wide
        ones are the names in ``requirements``.

        >>> from complaintcode.editions import CODE_2024
        >>> CODE_2024.parameter("stage2.respond").working_days
        20
        >>> CODE_2024.parameter("stage3.respond") is None
        True
        """
        head, _, key = path.partition(".")
        if not key:
            if head not in _REQUIREMENTS:
                raise KeyError(f"no edition parameter {path!r}")
            return self._lookup.get(head)
        number = _STAGE_KEYS.get(head)
        if number is None or key not in _STAGE_PARAMETERS:
            raise KeyError(f"no edition parameter {path!r}")
        if number > len(self.stages):
            return None
        return _STAGE_PARAMETERS[key](self.stages[number - 1])

    @classmethod
    def from_toml(cls, path: str | Path) -> CodeEdition:
        """A user edition: a landlord's own, stricter rule set, read from a TOML file.

        The file names the edition (``name``, ``title``), the Code edition it tightens
        (``base``: "2020", "2022" or "2024") and, for each parameter it changes, a table
        with the new figure and the user's own reference text (``provision``). It may
        shorten time limits and extension caps, lengthen the 12-month window, add letter
        items, and turn a "should" into a "must"; everything else is the base edition's,
        cited as the Code. Loosening the Code, adding a stage or switching a rule off is
        an error naming the key. See the docs' "Your own timescales" page.

        Raises:
            InvalidEdition: the file is not a valid user edition (names file and key).

        >>> import tempfile, pathlib
        >>> policy = '''
        ... name = "Acme 2025"
        ... title = "Acme Housing complaints policy (2025)"
        ... base = "2024"
        ... [stage1.acknowledge]
        ... working_days = 3
        ... provision = "Acme policy 4.1"
        ... [stage1.respond]
        ... working_days = 7
        ... provision = "Acme policy 4.2"
        ... '''
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     file = pathlib.Path(folder, "acme.toml")
        ...     _ = file.write_text(policy)
        ...     acme = CodeEdition.from_toml(file)
        >>> acme.label, acme.stage(1).respond.working_days, acme.stage(2).respond.working_days
        ("user edition 'Acme 2025'", 7, 20)
        >>> acme.cite(acme.stage(1).respond.provision)
        "user edition 'Acme 2025': Acme policy 4.2"
        >>> acme.cite(acme.handler_independence)
        "user edition 'Acme 2025': 2024 Code 6.13"
        """
        from complaintcode._user_editions import read_user_edition

        return read_user_edition(read_toml_file(path))


_STAGE_KEYS: dict[str, int] = {f"stage{n}": n for n in range(1, 10)}

_STAGE_PARAMETERS: dict[str, Callable[[StageRules], Limit | Provision | None]] = {
    "acknowledge": lambda s: s.acknowledge,
    "respond": lambda s: s.respond,
    "extension_cap": lambda s: s.extension_cap,
    "extension_notice": lambda s: s.extension_notice,
    "extension_reason": lambda s: s.extension_reason,
    "extension_ombudsman_details": lambda s: s.extension_ombudsman_details,
    "letter": lambda s: s.letter_provision,
}


# -- reading the Code's own editions ------------------------------------------------------


def read_provision(table: Table) -> Provision:
    """A provision's four keys: ``provision``, ``obligation``, ``certainty``, ``source``."""
    number = table.text("provision")
    obligation = OBLIGATIONS[table.choice("obligation", tuple(OBLIGATIONS))]
    certainty = _CERTAINTY[table.choice("certainty", tuple(_CERTAINTY))]
    return Provision(number, obligation, certainty, table.text("source"))


OBLIGATIONS: dict[str, Obligation] = {"must": "must", "should": "should"}
_CERTAINTY: dict[str, Certainty] = {
    "verified": "verified",
    "partly verified": "partly verified",
    "unverified": "unverified",
}
_CLOCK: dict[str, ClockStart] = {"receipt": "receipt", "acknowledgement": "acknowledgement"}


def _limit(table: Table, runs_from: ClockStart | None = None) -> Limit:
    working_days = table.integer("working_days")
    if runs_from is None:
        runs_from = _CLOCK[table.choice("runs_from", tuple(_CLOCK))]
    limit = Limit(working_days, runs_from, read_provision(table))
    table.close()
    return limit


def _provision(table: Table) -> Provision:
    provision = read_provision(table)
    table.close()
    return provision


def read_letter_items(table: Table) -> frozenset[ResponseItem]:
    """The ``items`` of a ``letter`` table, by :class:`ResponseItem` member name."""
    names = table.texts("items")
    items = []
    for name in names:
        if name not in ResponseItem.__members__:
            raise table.error(
                "items", f"{name!r} is not one of {', '.join(ResponseItem.__members__)}"
            )
        items.append(ResponseItem[name])
    if len(set(items)) != len(items):
        raise table.error("items", "lists an item twice")
    return frozenset(items)


def _stage(table: Table) -> StageRules:
    acknowledge = table.optional_table("acknowledge")
    respond = _limit(table.table("respond"))
    cap = _limit(table.table("extension_cap"), respond.runs_from)
    details = table.optional_table("extension_ombudsman_details")
    letter = table.optional_table("letter")
    items: frozenset[ResponseItem] | None = None
    letter_provision: Provision | None = None
    if letter is not None:
        items = read_letter_items(letter)
        letter_provision = _provision(letter)
    rules = StageRules(
        acknowledge=None if acknowledge is None else _limit(acknowledge),
        respond=respond,
        extension_cap=cap,
        extension_notice=_provision(table.table("extension_notice")),
        extension_reason=_provision(table.table("extension_reason")),
        extension_ombudsman_details=None if details is None else _provision(details),
        letter_items=items,
        letter_provision=letter_provision,
    )
    table.close()
    return rules


def read_code_edition(top: Table) -> CodeEdition:
    """One of the Code's own editions from its data file's top table (closed schema)."""
    name = top.choice("name", CODE_NAMES)
    stages: list[StageRules] = []
    while top.has(f"stage{len(stages) + 1}"):
        stages.append(_stage(top.table(f"stage{len(stages) + 1}")))
    if not stages:
        raise top.error("stage1", "required key is missing (a table)")
    requirements: list[tuple[RequirementName, Provision]] = []
    months: int | None = None
    for requirement in _REQUIREMENTS:
        if requirement in _ALWAYS:
            table: Table | None = top.table(requirement)
        else:
            table = top.optional_table(requirement)
        if table is None:
            continue
        if requirement == "time_limit":
            months = table.integer("months", minimum=1)
        requirements.append((requirement, _provision(table)))
    edition = CodeEdition(
        name=name,
        title=top.text("title"),
        in_force_from=top.day("in_force_from"),
        stages=tuple(stages),
        requirements=tuple(requirements),
        time_limit_months=months,
    )
    top.close()
    return edition


def _load_code_editions() -> tuple[CodeEdition, ...]:
    editions = [
        read_code_edition(read_package_toml("editions", name))
        for name in package_data_names("editions")
    ]
    editions.sort(key=lambda e: e.in_force_from)
    names = tuple(e.name for e in editions)
    if names != CODE_NAMES:
        raise EditionError(f"the edition data files hold {names}; expected {CODE_NAMES}")
    return tuple(editions)


_loaded: dict[str, CodeEdition] = {}
_loading = threading.Lock()


def _code_editions() -> dict[str, CodeEdition]:
    """The Code's editions by name, read from the data files on first use (once)."""
    if not _loaded:
        with _loading:
            if not _loaded:
                _loaded.update((e.name, e) for e in _load_code_editions())
    return _loaded


EDITIONS: tuple[CodeEdition, ...]
"""Every edition of the Code, oldest first."""

CODE_2020: CodeEdition
"""The original Code, published July 2020 (in force from 2020-07-01)."""

CODE_2022: CodeEdition
"""The revised Code, in force from 2022-04-01."""

CODE_2024: CodeEdition
"""The statutory Code, in force from 2024-04-01."""

_LOADED_NAMES = {"CODE_2020": "2020", "CODE_2022": "2022", "CODE_2024": "2024"}


def __getattr__(name: str) -> object:
    """``EDITIONS`` and ``CODE_2020`` … ``CODE_2024``, loaded on first use.

    ``import complaintcode`` reads no data file: the editions are read the first time
    one is needed, then kept (the same objects every time).
    """
    value: object
    if name == "EDITIONS":
        value = tuple(_code_editions().values())
    elif name in _LOADED_NAMES:
        value = _code_editions()[_LOADED_NAMES[name]]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


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
    editions = tuple(_code_editions().values())
    for edition in reversed(editions):
        if received >= edition.in_force_from:
            return edition
    raise EditionError(
        f"no edition of the Complaint Handling Code was in force on {received.isoformat()}; "
        f"the first took effect on {editions[0].in_force_from.isoformat()}"
    )


def edition_named(name: str | CodeEdition) -> CodeEdition:
    """The edition called ``name`` ("2020", "2022" or "2024"), or the edition itself.

    A user edition (from :meth:`CodeEdition.from_toml`) is passed as the object.

    >>> from complaintcode.editions import CODE_2022
    >>> edition_named("2022") is CODE_2022
    True
    """
    if isinstance(name, CodeEdition):
        return name
    editions = _code_editions()
    try:
        return editions[str(name)]
    except KeyError:
        raise EditionError(
            f"unknown edition {name!r}; expected one of {', '.join(sorted(editions))}"
        ) from None
