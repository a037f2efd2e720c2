"""Which rules an export cannot evidence: the columns each needs, and those it lacks.

A rule that would read a blank cell as "no" rests on nothing when the export has no such
column; :func:`complaintcode.batch.check_export` leaves its findings out and names it.
Exported from :mod:`complaintcode.batch`.
"""

from __future__ import annotations

from collections.abc import Iterable

from complaintcode.records import CANONICAL_COLUMNS, CaseReader, ColumnMap

__all__ = ["RULE_COLUMNS", "absent_fields", "not_evidenced"]


def _stage_columns(n: int, acknowledged: str | None, responded: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {f"stage{n}.response": (responded,)}
    if acknowledged is not None:
        out[f"stage{n}.acknowledgement"] = (acknowledged,)
    if n < 3:
        out |= {
            f"stage{n}.extension-length": (f"s{n}_ext1_good_reason",),
            f"stage{n}.extension-reason": (f"s{n}_ext1_reason",),
            f"stage{n}.extension-ombudsman-details": (f"s{n}_ext1_ombudsman_details",),
        }
    return out


RULE_COLUMNS: dict[str, tuple[str, ...]] = {
    **_stage_columns(1, "acknowledged", "responded"),
    **_stage_columns(2, "escalation_acknowledged", "escalation_responded"),
    **_stage_columns(3, None, "stage3_responded"),
    "refusal.explanation": ("refusal_reasons_given", "refusal_ombudsman_rights_given"),
    "remedy.target-date": ("remedy_due",),
    "remedy.completion": ("remedy_completed",),
}
"""For each rule that would read a blank cell as "no", the canonical columns it needs.

An export without one of these columns does not record the fact at all, so the rule's
findings would rest on nothing: a missing acknowledgement column is not evidence that no
complaint was acknowledged. :func:`check_export` leaves such a rule's findings out and
names it in :attr:`Batch.not_evidenced`, unless the export cannot hold what the rule
looks at anyway (no stage 2 column at all, no extension, refusal or remedy columns): then
the rule has nothing to judge and is not listed. (Rules that need a column to fire at
all, such as ``response.content`` without ``items``, are silent by themselves.)
"""

# The column whose presence lets a rule's subject exist in the export at all.
_SUBJECT = {
    **{f"stage2.{r}": "escalation_received" for r in ("response", "acknowledgement")},
    "stage3.response": "stage3_received",
    **{
        f"stage{n}.extension-{r}": f"s{n}_ext1_notified"
        for n in (1, 2)
        for r in ("length", "reason", "ombudsman-details")
    },
    "refusal.explanation": "refusal_decided",
    "remedy.target-date": "remedy_offered",
    "remedy.completion": "remedy_offered",
}


def not_evidenced(absent: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The rules an export cannot evidence, each with the absent columns it needs.

    >>> not_evidenced({"acknowledged", "category"})
    {'stage1.acknowledgement': ('acknowledged',)}
    >>> not_evidenced({"escalation_received", "escalation_acknowledged"})
    {}
    """
    missing = set(absent)
    return {
        rule: tuple(c for c in columns if c in missing)
        for rule, columns in RULE_COLUMNS.items()
        if missing.intersection(columns) and _SUBJECT.get(rule) not in missing
    }


def absent_fields(reader: CaseReader, columns: ColumnMap | None) -> frozenset[str]:
    """The canonical columns the export lacks under any name.

    The reader's own answer when it gives one; otherwise from the header and the map.
    """
    known = getattr(reader, "absent_fields", None)
    if known is not None:
        return frozenset(known)
    cmap = columns if columns is not None else ColumnMap()
    header = {cell.casefold() for cell in reader.header}
    return frozenset(c for c in CANONICAL_COLUMNS if cmap.theirs(c).casefold() not in header)
