"""Every provision of the 2022 and 2024 Codes, summarised in our own words.

A landlord's annual self-assessment walks through the Code provision by provision. This
module is that list, as data: for each provision its number, section, whether it is a
"must" or a "should", a short summary, and whether a landlord's **case data** can evidence
it (timescales, extensions, letters, refusals, remedies) or only the **landlord**'s own
records can (policy, training, governance).

>>> rows = provisions("2024")
>>> len(rows), rows[0].number, rows[-1].number
(72, '1.2', '9.8')
>>> p = provision("2024", "6.2")
>>> str(p.section), p.obligation, p.evidence
('6 Complaint stages — stage 1', 'must', 'case data')
>>> p.cite()
'2024 Code 6.2'

The catalogues are data (``complaintcode/data/provisions/2022.toml`` and ``2024.toml``),
read the first time they are asked for. The summaries paraphrase the Code; they are not
its text, so read the Code itself before relying on a summary. The numbering follows
landlords' published self-assessments (three against the 2024 Code agree on every number
from 1.2 to 9.8; one against the March 2022 revision gives the 2022 numbers, which omit
6.4, 7.1 and any stage three provisions).
Where the 2024 Code places no "must" on the landlord (8.4: "may be asked"), the catalogue
records a "should".
"""

from __future__ import annotations

import functools
from typing import Literal

import attrs

from complaintcode._data import Table, read_package_toml
from complaintcode.editions import OBLIGATIONS, Certainty, CodeEdition, Obligation, edition_named
from complaintcode.errors import EditionError, InvalidArgument

__all__ = [
    "CATALOGUED_EDITIONS",
    "CodeProvision",
    "CodeSection",
    "EvidenceKind",
    "provision",
    "provisions",
]

EvidenceKind = Literal["case data", "landlord"]
_EVIDENCE: dict[str, EvidenceKind] = {"case data": "case data", "landlord": "landlord"}
""""case data": complaint records can evidence it; "landlord": policy, training, governance."""

CataloguedEdition = Literal["2022", "2024"]
_CATALOGUED: dict[str, CataloguedEdition] = {"2022": "2022", "2024": "2024"}
_CERTAINTY: dict[str, Certainty] = {
    "verified": "verified",
    "partly verified": "partly verified",
    "unverified": "unverified",
}


@attrs.frozen
class CodeSection:
    """A section of the Code: its number and title (section 6 of 2024 is split by stage).

    >>> str(CodeSection(6, "Complaint stages — stage 2"))
    '6 Complaint stages — stage 2'
    """

    number: int
    title: str

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


@attrs.frozen
class CodeProvision:
    """One provision of one edition of the Code, summarised in our own words.

    ``summary`` paraphrases the provision in at most 25 words; ``evidence`` says whether
    complaint records can show compliance (``"case data"``) or only the landlord's own
    documents can (``"landlord"``); ``certainty`` and ``source`` say how sure we are of
    the number and wording, and what that rests on.

    >>> p = provision("2022", "5.12")
    >>> p.edition, p.obligation, p.evidence, str(p.section)
    ('2022', 'must', 'case data', '5 Complaint stages — stage 2')
    """

    edition: CataloguedEdition
    number: str
    section: CodeSection
    obligation: Obligation
    summary: str
    evidence: EvidenceKind
    certainty: Certainty = "verified"
    source: str = attrs.field(default="", repr=False)

    @property
    def key(self) -> tuple[int, int]:
        """The number as a sortable pair: "6.10" is (6, 10), after "6.9".

        >>> provision("2024", "6.10").key > provision("2024", "6.9").key
        True
        """
        major, minor = self.number.split(".")
        return int(major), int(minor)

    def cite(self) -> str:
        """The citation, e.g. "2024 Code 6.2"."""
        return f"{self.edition} Code {self.number}"


def _provision(
    edition: CataloguedEdition, section: CodeSection, table: Table, defaults: tuple[str, str]
) -> CodeProvision:
    certainty, source = defaults
    row = CodeProvision(
        edition,
        table.text("number"),
        section,
        OBLIGATIONS[table.choice("obligation", tuple(OBLIGATIONS))],
        table.text("summary"),
        _EVIDENCE[table.choice("evidence", tuple(_EVIDENCE))],
        _CERTAINTY[table.choice("certainty", tuple(_CERTAINTY), default=certainty)],
        table.text("source", default=source),
    )
    table.close()
    return row


def read_catalogue(top: Table, name: str) -> tuple[CodeProvision, ...]:
    """The catalogue of edition ``name`` from a data file's top table, in number order."""
    edition = _CATALOGUED[top.choice("edition", (name,))]
    defaults = (top.choice("certainty", tuple(_CERTAINTY)), top.text("source"))
    rows: list[CodeProvision] = []
    for table in top.tables("section"):
        section = CodeSection(table.integer("number", minimum=1), table.text("title"))
        rows.extend(
            _provision(edition, section, row, defaults) for row in table.tables("provision")
        )
        table.close()
    top.close()
    numbers = [row.number for row in rows]
    if len(set(numbers)) != len(numbers):
        raise top.error("section", "lists a provision number twice")
    return tuple(sorted(rows, key=lambda p: p.key))


@functools.cache
def _catalogue(name: str) -> tuple[CodeProvision, ...]:
    return read_catalogue(read_package_toml("provisions", f"{name}.toml"), name)


CATALOGUED_EDITIONS: tuple[str, ...] = tuple(_CATALOGUED)
"""The editions with a provision catalogue ("2022", "2024"); the 2020 Code's numbering
could not be verified, so it has none."""


def provisions(edition: str | CodeEdition) -> tuple[CodeProvision, ...]:
    """Every provision of ``edition`` ("2022" or "2024"), in number order.

    Raises:
        EditionError: for an unknown edition, or the 2020 Code, which has no catalogue.

    >>> [p.number for p in provisions("2022")][:4]
    ['1.2', '1.3', '1.4', '1.5']
    >>> sum(p.evidence == "case data" for p in provisions("2024"))
    16
    >>> provisions("2020")
    Traceback (most recent call last):
    ...
    complaintcode.errors.EditionError: no provision catalogue for the 2020 Code (its provision numbers could not be verified); catalogues exist for 2022, 2024
    """  # noqa: E501
    chosen = edition_named(edition)
    name = chosen.name
    if chosen.base is not None:
        raise EditionError(
            f"no provision catalogue for {chosen.label}: self-assess against the Code "
            f"edition it tightens, the {chosen.base} Code"
        )
    if name not in _CATALOGUED:
        raise EditionError(
            f"no provision catalogue for the {name} Code (its provision numbers could not "
            f"be verified); catalogues exist for {', '.join(CATALOGUED_EDITIONS)}"
        )
    return _catalogue(name)


def provision(edition: str | CodeEdition, number: str) -> CodeProvision:
    """The provision numbered ``number`` in ``edition``.

    Raises:
        InvalidArgument: when the edition has no such provision in the catalogue.

    >>> provision("2024", "6.13").summary
    'Someone other than the stage 1 handler considers the complaint at stage 2.'
    >>> provision("2022", "6.4")
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidArgument: number must be a provision of the 2022 Code in the catalogue; got '6.4'
    """  # noqa: E501
    rows = provisions(edition)
    for row in rows:
        if row.number == number:
            return row
    raise InvalidArgument(
        "number", number, f"a provision of the {rows[0].edition} Code in the catalogue"
    )
