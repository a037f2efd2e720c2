"""``complaintcode self-assessment``: one row per provision, with figures from the cases.

Checks every complaint of the export and writes the self-assessment rows
(:func:`complaintcode.selfassessment.self_assessment`) for the complaints whose stage 1
was received in the financial year, in Markdown, CSV or JSON (a typed
``self_assessment`` record).
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

import attrs

from complaintcode._text import counted
from complaintcode.cli.cases import (
    assess_all,
    data_section,
    not_evidenced_text,
    read_record,
    reading_lines,
    reference_date,
    rejected_note,
)
from complaintcode.cli.options import (
    EXIT_OK,
    Commands,
    add_publish_options,
    add_source_options,
    percentage,
    year,
)
from complaintcode.cli.output import output, publish
from complaintcode.cli.report import AS_OF_HELP
from complaintcode.editions import edition_for, edition_named
from complaintcode.rules import catalogue
from complaintcode.selfassessment import SelfAssessment

NAME = "self-assessment"


def add_parser(commands: Commands) -> argparse.ArgumentParser:
    """The ``self-assessment`` sub-command and its options."""
    parser = commands.add_parser(
        NAME,
        help="self-assessment rows against every provision, with figures from the cases",
        description=(
            "Check every complaint and produce one row per provision of the Code (provision, "
            "requirement, comply, evidence, commentary): provisions the case data can "
            "evidence get the measured figure and a RAG suggestion; the others are left for "
            "the landlord's own evidence. Complaints count when stage 1 was received in the "
            "financial year."
        ),
    )
    add_source_options(parser, AS_OF_HELP)
    parser.add_argument("--year", type=year, required=True, help="financial year: 2023 = 2023-24")
    parser.add_argument(
        "--green", type=percentage, default=Fraction(95), help="Green from this %% (95)"
    )
    parser.add_argument(
        "--amber", type=percentage, default=Fraction(80), help="Amber from this %% (80)"
    )
    add_publish_options(parser, "the rows")
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the export and publish the self-assessment rows."""
    from complaintcode.report import FinancialYear
    from complaintcode.selfassessment import COLUMNS, Thresholds, self_assessment

    thresholds = Thresholds(green=args.green, amber=args.amber)
    period = FinancialYear(args.year)
    edition = edition_for(period.start) if args.edition == "auto" else edition_named(args.edition)
    as_of, reference = reference_date(args, period.end)
    assessments, counts, where, missing = assess_all(args, as_of)
    in_year = [
        a for a in assessments if a.complaint is not None and period.contains(a.complaint.received)
    ]
    result = _mark_not_evidenced(
        self_assessment(in_year, edition=edition, thresholds=thresholds), missing
    )
    data = [
        *reading_lines(counts, where, as_of),
        (f"Complaints received in {period.label}", f"{len(in_year):,}"),
        ("Open cases judged", reference),
        *((f"Not evidenced: {rule}", why) for rule, why in not_evidenced_text(missing)),
    ]
    note = (
        f"Read {counted(counts.checked, 'complaint')} from {where}"
        f"{rejected_note(counts.rejected)}; {len(in_year):,} were received in {period.label} "
        f"and assessed against the {edition.label}; open cases judged {reference}."
    )
    if args.format == "json":  # a typed record: counts as integers, percentages as numbers
        from complaintcode.documents import self_assessment_record

        record = {
            **self_assessment_record(result),
            "period": {
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "label": period.label,
            },
            "as_of": as_of.isoformat(),
            "received_in_period": len(in_year),
            "read": read_record(counts),
            "not_evidenced": {rule: list(columns) for rule, columns in missing.items()},
        }
        with output(args.output) as stream:
            stream.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        sys.stderr.write(note + "\n")
        return EXIT_OK
    publish(
        args,
        markdown=result.to_markdown() + data_section(data),
        columns=COLUMNS,
        rows=[
            *result.to_rows(),
            *(
                {
                    "provision": "Data",
                    "requirement": label,
                    "comply": "",
                    "evidence": value,
                    "commentary": "",
                }
                for label, value in data
            ),
        ],
        note=note,
    )
    return EXIT_OK


def _mark_not_evidenced(
    result: SelfAssessment, missing: dict[str, tuple[str, ...]]
) -> SelfAssessment:
    """Rows whose provision a rule without its columns evidences: "not evidenced", no RAG.

    A figure built on a column the export lacks would read every blank as "no" (a false
    Red 0.0 %), so the row says what is missing instead.
    """
    if not missing:
        return result
    why: dict[str, list[str]] = {}
    for entry in catalogue():
        if entry.edition == result.edition.name and entry.rule in missing:
            why.setdefault(entry.provision, []).extend(missing[entry.rule])
    rows = []
    for row in result.rows:
        columns = why.get(row.provision.number)
        if columns is None:
            rows.append(row)
            continue
        named = " or ".join(repr(c) for c in dict.fromkeys(columns))
        rows.append(
            attrs.evolve(
                row,
                comply="",
                evidence=f"not evidenced: the export has no {named} column",
                commentary="",
                figures=(),
            )
        )
    return attrs.evolve(result, rows=tuple(rows))
