"""The words landlords write for outcomes, yes/no, refusal grounds, remedy kinds and items.

Role: vocabularies only: each maps a normalised spelling to the model's value. Matching
ignores case, underscores, hyphens and spacing (:func:`words`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from complaintcode.model import ExclusionGround, Outcome, RemedyKind, ResponseItem

BOOLEANS: Final = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def words(text: str) -> str:
    """Normalise enum words: case, underscores, hyphens and spacing do not matter."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def vocabulary(members: Iterable[Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A table from each member's name and value, and the extra spellings, to the member."""
    table: dict[str, Any] = {}
    for m in members:
        table[words(m.name)] = m
        table[words(m.value)] = m
    table.update({words(k): v for k, v in extra.items()})
    return table


OUTCOMES: Final = vocabulary(
    Outcome,
    {
        "partially upheld": Outcome.PARTLY_UPHELD,
        "part upheld": Outcome.PARTLY_UPHELD,
        "upheld in part": Outcome.PARTLY_UPHELD,
        "fully upheld": Outcome.UPHELD,
    },
)
GROUNDS: Final = vocabulary(
    ExclusionGround,
    {
        "over 12 months": ExclusionGround.OUT_OF_TIME,
        "more than 12 months": ExclusionGround.OUT_OF_TIME,
        "outside 12 months": ExclusionGround.OUT_OF_TIME,
        "time limit": ExclusionGround.OUT_OF_TIME,
        "legal action": ExclusionGround.LEGAL_PROCEEDINGS,
        "considered before": ExclusionGround.PREVIOUSLY_CONSIDERED,
    },
)
REMEDY_KINDS: Final = vocabulary(
    RemedyKind,
    {
        "financial": RemedyKind.FINANCIAL,
        "compensation": RemedyKind.FINANCIAL,
        "acknowledging": RemedyKind.ACKNOWLEDGEMENT,
    },
)
ITEMS: Final = vocabulary(ResponseItem, {})
STAGES: Final = {
    words(k): v
    for k, v in {
        "1": 1,
        "stage 1": 1,
        "stage one": 1,
        "s1": 1,
        "2": 2,
        "stage 2": 2,
        "stage two": 2,
        "s2": 2,
        "escalation": 2,
        "escalated": 2,
        "3": 3,
        "stage 3": 3,
        "stage three": 3,
        "s3": 3,
    }.items()
}
EMPTY_VALUES: Final[tuple[str, ...]] = ("-", "N/A", "NA", "TBC", "none", "null")
"""The words read as an empty cell by default (besides a blank cell); case does not matter."""

VOCABULARY_NAMES: Final = ("outcomes", "yes_no", "refusal_grounds", "remedy_kinds", "stages")
"""The vocabularies a column map can add words to."""


def choices(members: Iterable[Any]) -> str:
    """The members' names, for messages."""
    return ", ".join(m.name for m in members)


OUTCOME_WORDS: Final = "an outcome (upheld, partly upheld, not upheld or withdrawn)"
GROUND_WORDS: Final = f"a refusal ground ({choices(ExclusionGround)})"
KIND_WORDS: Final = f"a remedy kind ({choices(RemedyKind)})"


_DEFAULTS: Final[dict[str, Mapping[str, Any]]] = {
    "outcomes": OUTCOMES,
    "yes_no": BOOLEANS,
    "refusal_grounds": GROUNDS,
    "remedy_kinds": REMEDY_KINDS,
    "stages": STAGES,
}


def canonical_value(name: str, value: object) -> Any:
    """The model value a column map's word stands for, or a ``ValueError`` saying why not.

    ``value`` is written as the default vocabulary reads it: an outcome or a ground in
    words or by name, ``yes``/``no`` (or a TOML boolean), a stage number.
    """
    table = _DEFAULTS[name]
    if isinstance(value, bool) and name == "yes_no":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and name == "stages":
        value = str(value)
    if not isinstance(value, str) or words(value) not in table:
        known = sorted({str(v.name if hasattr(v, "name") else v).lower() for v in table.values()})
        raise ValueError(f"{value!r} is not one of {', '.join(known)}")
    return table[words(value)]


@attrs.frozen(init=False)
class Vocabularies:
    """The words of one export: the defaults plus what its column map adds.

    Each argument maps the export's word to what it means (see :func:`canonical_value`).

    >>> v = Vocabularies(outcomes={"Resolved": "upheld"})
    >>> v.outcomes["resolved"].name, v.outcomes["upheld in part"].name
    ('UPHELD', 'PARTLY_UPHELD')
    """

    outcomes: dict[str, Any]
    yes_no: dict[str, Any]
    refusal_grounds: dict[str, Any]
    remedy_kinds: dict[str, Any]
    stages: dict[str, Any]

    def __init__(self, **added: Mapping[str, Any]) -> None:
        tables = {}
        for name in VOCABULARY_NAMES:
            table = dict(_DEFAULTS[name])
            for word, value in added.get(name, {}).items():
                table[words(word)] = canonical_value(name, value)
            tables[name] = table
        self.__attrs_init__(**tables)
