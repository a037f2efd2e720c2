"""MkDocs hook: tables generated from the rules' own data, never written by hand.

A docs page that contains one of these markers, alone on a line, gets a Markdown table in
its place when the site is built:

* ``<!-- rule-catalogue -->``: every rule identifier against every edition of the Code,
  with the provision it rests on, its severity, how certain the provision is and the
  limit it applies (from :func:`complaintcode.rules.catalogue` and
  :data:`complaintcode.rules.RULES`);
* ``<!-- editions-table -->``: each edition's parameters (from
  :data:`complaintcode.editions.EDITIONS`), each with its provision and certainty;
* ``<!-- edition-sources -->``: every parameter of every edition whose certainty is not
  "verified", with what its tag rests on (the ``source`` of each value in the data files);
* ``<!-- rule-modules -->``: each rule with the module that implements it (its family).

All read the data files in ``complaintcode/data`` through the library's own loaders.

Because the tables are built from the same records the rules read, the docs cannot drift
from the code. The module is imported by MkDocs (``hooks:`` in ``mkdocs.yml``) and its
doctests run under pytest with the rest of ``docs/``.

>>> table = rule_catalogue_table()
>>> table.splitlines()[0]
'| Rule | Meaning | Edition | Provision | Severity | Certainty | Limit |'
>>> "| `stage1.response` |" in table
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from complaintcode.editions import EDITIONS, CodeEdition, Limit, Provision, StageRules
from complaintcode.rules import RULES, CatalogueRow, catalogue, definitions

RULE_MARKER = "<!-- rule-catalogue -->"
EDITIONS_MARKER = "<!-- editions-table -->"
SOURCES_MARKER = "<!-- edition-sources -->"
MODULES_MARKER = "<!-- rule-modules -->"

_SEVERITY = {"must": "BREACH", "should": "ADVISORY"}
_NOT_A_RULE = "—"


def _row(cells: list[str]) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with a header row."""
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row(cells) for cells in rows)
    return "\n".join(lines)


def rule_catalogue_table() -> str:
    """The rule catalogue: one row per rule and edition, in the order of ``RULES``.

    An edition under which a rule does not apply gets a row saying so, so every rule shows
    all three editions.

    >>> rows = rule_catalogue_table().splitlines()
    >>> [r for r in rows if "`stage2.acknowledgement`" in r][0]
    '| `stage2.acknowledgement` | stage 2 acknowledged late (or not at all by as_of) | 2020 | — | — | — | not a rule under this edition |'
    """  # noqa: E501
    by_key: dict[tuple[str, str], CatalogueRow] = {
        (row.rule, row.edition): row for row in catalogue()
    }
    rows: list[list[str]] = []
    for rule, meaning in RULES.items():
        for i, edition in enumerate(EDITIONS):
            rule_cell = f"`{rule}`" if i == 0 else ""
            meaning_cell = meaning if i == 0 else ""
            found = by_key.get((rule, edition.name))
            if found is None:
                rows.append(
                    [
                        rule_cell,
                        meaning_cell,
                        edition.name,
                        _NOT_A_RULE,
                        _NOT_A_RULE,
                        _NOT_A_RULE,
                        "not a rule under this edition",
                    ]
                )
                continue
            rows.append(
                [
                    rule_cell,
                    meaning_cell,
                    edition.name,
                    found.provision,
                    _SEVERITY.get(found.obligation, found.obligation),
                    found.certainty,
                    found.limit or _NOT_A_RULE,
                ]
            )
    header = ["Rule", "Meaning", "Edition", "Provision", "Severity", "Certainty", "Limit"]
    return _table(header, rows)


def _cite(provision: Provision | None) -> str:
    """A provision as a table cell: number, certainty and, for "should", the severity."""
    if provision is None:
        return "no requirement"
    text = f"{provision.number} ({provision.certainty}"
    if provision.obligation == "should":
        text += "; should: ADVISORY"
    return text + ")"


def _limit(limit: Limit | None) -> str:
    """A time limit as a table cell."""
    if limit is None:
        return "no limit"
    return f"{limit.working_days} WD after {limit.runs_from}: {_cite(limit.provision)}"


def _stage(edition: CodeEdition, number: int) -> StageRules | None:
    """The edition's rules for a stage, or ``None`` when it allows no such stage."""
    return edition.stage(number) if number <= edition.max_stages else None


def _stage_rows(number: int) -> list[list[str]]:
    """The parameter rows for one stage, one cell per edition."""
    stages = [_stage(edition, number) for edition in EDITIONS]

    def cells(describe: Callable[[StageRules], str]) -> list[str]:
        return ["no such stage" if s is None else describe(s) for s in stages]

    return [
        [f"stage {number} acknowledge", *cells(lambda s: _limit(s.acknowledge))],
        [f"stage {number} respond", *cells(lambda s: _limit(s.respond))],
        [
            f"stage {number} extension cap (without good reason)",
            *cells(
                lambda s: f"{s.extension_cap.working_days} WD: {_cite(s.extension_cap.provision)}"
            ),
        ],
        [f"stage {number} extension notice", *cells(lambda s: _cite(s.extension_notice))],
        [f"stage {number} extension reason", *cells(lambda s: _cite(s.extension_reason))],
        [
            f"stage {number} extension: Ombudsman's details",
            *cells(lambda s: _cite(s.extension_ombudsman_details)),
        ],
        [
            f"stage {number} letter items",
            *cells(
                lambda s: (
                    "none checked"
                    if s.letter_items is None
                    else f"{len(s.letter_items)} items: {_cite(s.letter_provision)}"
                )
            ),
        ],
    ]


def editions_table() -> str:
    """Each edition's parameters, one column per edition, with provision and certainty.

    >>> rows = editions_table().splitlines()
    >>> rows[2]
    '| in force from | 2020-07-01 | 2022-04-01 | 2024-04-01 |'
    >>> [r for r in rows if r.startswith("| stage 2 acknowledge |")][0]
    '| stage 2 acknowledge | no limit | no limit | 5 WD after receipt: 6.11 (verified) |'
    """
    rows: list[list[str]] = [
        ["in force from", *(e.in_force_from.isoformat() for e in EDITIONS)],
        [
            "stages allowed",
            *(f"{e.max_stages} at most: {_cite(e.stage_count)}" for e in EDITIONS),
        ],
        ["stage order", *(_cite(e.stage_order) for e in EDITIONS)],
        ["different stage 2 handler", *(_cite(e.handler_independence) for e in EDITIONS)],
    ]
    for number in range(1, max(e.max_stages for e in EDITIONS) + 1):
        rows.extend(_stage_rows(number))
    rows.extend(
        [
            [
                "12-month window",
                *(
                    f"{e.time_limit_months} months: {_cite(e.time_limit)}"
                    if e.time_limit_months
                    else "no requirement"
                    for e in EDITIONS
                ),
            ],
            ["refusal to accept explained", *(_cite(e.refusal_to_accept) for e in EDITIONS)],
            ["refusal to escalate explained", *(_cite(e.refusal_to_escalate) for e in EDITIONS)],
            ["remedy target date", *(_cite(e.remedy_target) for e in EDITIONS)],
            ["remedy completed by its date", *(_cite(e.remedy_completion) for e in EDITIONS)],
        ]
    )
    header = ["Parameter", *(f"{e.name} Code" for e in EDITIONS)]
    return _table(header, rows)


def _parameters(edition: CodeEdition) -> list[tuple[str, Provision]]:
    """Every parameter the rules read in an edition, by its path in the data files."""
    found: list[tuple[str, Provision]] = []
    for path in dict.fromkeys(path for rule in definitions() for path in rule.reads):
        parameter = edition.parameter(path)
        if parameter is not None:
            found.append((path, parameter.provision if isinstance(parameter, Limit) else parameter))
    return found


def sources_table() -> str:
    """What each tag short of "verified" rests on: edition, parameter, provision, source.

    >>> rows = sources_table().splitlines()
    >>> rows[0]
    '| Edition | Parameter | Provision | Certainty | What it rests on |'
    >>> any("| 2022 | `refusal_to_accept` | 1.9 | partly verified |" in r for r in rows)
    True
    """
    rows = [
        [edition.name, f"`{path}`", provision.number, provision.certainty, provision.source]
        for edition in EDITIONS
        for path, provision in _parameters(edition)
        if provision.certainty != "verified"
    ]
    return _table(["Edition", "Parameter", "Provision", "Certainty", "What it rests on"], rows)


def rule_modules_table() -> str:
    """Each rule against the module that implements it, from the catalogue's ``family``.

    ``tests/rules/test_families.py`` checks the families against what each module produces.

    >>> row = [r for r in rule_modules_table().splitlines() if "`stages.order`" in r][0]
    >>> row.split(" | ")[-1]
    '`src/complaintcode/rules/stages.py` |'
    """
    rows = [
        [f"`{rule.id}`", rule.description, f"`src/complaintcode/rules/{rule.family}.py`"]
        for rule in definitions()
    ]
    return _table(["Rule", "Meaning", "Implemented in"], rows)


def replace_markers(markdown: str) -> str:
    r"""Replace each marker line in ``markdown`` with its generated table.

    >>> replace_markers("before\n<!-- editions-table -->\nafter").splitlines()[1][:25]
    '| Parameter | 2020 Code |'
    """
    generators = {
        RULE_MARKER: rule_catalogue_table,
        EDITIONS_MARKER: editions_table,
        SOURCES_MARKER: sources_table,
        MODULES_MARKER: rule_modules_table,
    }
    lines = markdown.split("\n")
    out: list[str] = []
    for line in lines:
        generate = generators.get(line.strip())
        out.append(generate() if generate is not None else line)
    return "\n".join(out)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: fill in the generated tables before the page is rendered."""
    return replace_markers(markdown)
