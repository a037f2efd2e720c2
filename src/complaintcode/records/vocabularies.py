"""The words landlords write for outcomes, yes/no, refusal grounds, remedy kinds and items.

Role: vocabularies only: each maps a normalised spelling to the model's value. Matching
ignores case, underscores, hyphens and spacing (:func:`words`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

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


def choices(members: Iterable[Any]) -> str:
    """The members' names, for messages."""
    return ", ".join(m.name for m in members)


OUTCOME_WORDS: Final = "an outcome (upheld, partly upheld, not upheld or withdrawn)"
GROUND_WORDS: Final = f"a refusal ground ({choices(ExclusionGround)})"
KIND_WORDS: Final = f"a remedy kind ({choices(RemedyKind)})"
