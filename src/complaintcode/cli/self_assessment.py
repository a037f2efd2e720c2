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
from typing import Any

import attrs

from complaintcode._text import plural
from complaintcode.cli.cases import add_engine_option, data_section, read_record, read_year
from complaintcode.cli.options import (
    EXIT_OK,
    add_publish_options,
    add_source_options,
    add_year_option,
    percentage,
)
from complaintcode.cli.output import output, publish
from complaintcode.cli.report import AS_OF_HELP
from complaintcode.editions import edition_for, edition_named
from complaintcode.rules import catalogue
from complaintcode.selfassessment import SelfAssessment

NAME = "self-assessment"
HELP = "self-assessment rows against every provision, with figures from the cases"
DESCRIPTION = (
    "Check every complaint and produce one row per provision of the Code (provision, "
    "requirement, comply, evidence, commentary): provisions the case data can "
    "evidence get the measured figure and a RAG suggestion; the others are left for "
    "the landlord's own evidence. Complaints count when stage 1 was received in the "
    "financial year."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``self-assessment`` options."""
    add_source_options(parser, AS_OF_HELP)
    add_year_option(parser)
    parser.add_argument(
        "--green", type=percentage, default=Fraction(95), help="Green from this %% (95)"
    )
    parser.add_argument(
        "--amber", type=percentage, default=Fraction(80), help="Amber from this %% (80)"
    )
    add_engine_option(parser)
    add_publish_options(parser, "the rows")


def run(args: argparse.Namespace) -> int:
    """Check the export and publish the self-assessment rows."""
    from complaintcode.report import FinancialYear
    from complaintcode.selfassessment import COLUMNS, Thresholds, _Counts

    thresholds = Thresholds(green=args.green, amber=args.amber)
    period = FinancialYear(args.year)
    edition = edition_for(period.start) if args.edition == "auto" else edition_named(args.edition)
    counts = _Counts.empty(edition)
    first, last = period.start.toordinal(), period.end.toordinal()
    received_in_year = 0

    def each(results: Any) -> None:  # the columnar engine's results, batch by batch
        from complaintcode.columnar._summary import count_assessments

        nonlocal received_in_year
        ev = results.evaluation
        received = ev.cols.stages[0].received
        rows = ev.ok & (received >= first) & (received <= last)
        received_in_year += int(rows.sum())
        count_assessments(results, counts, rows)

    year = read_year(args, period, each)
    if not year.columnar:
        chosen = [
            a
            for a in year.assessments
            if a.complaint is not None and period.contains(a.complaint.received)
        ]
        for assessment in chosen:
            counts.add_any(assessment)
        received_in_year = len(chosen)
    result = _mark_not_evidenced(counts.assessment(thresholds), year.missing)
    in_year = received_in_year
    data = year.data((f"Complaints received in {period.label}", f"{in_year:,}"))
    note = (
        f"{year.read_note()}; {in_year:,} {plural(in_year, 'was', 'were')} "
        f"received in {period.label} "
        f"and assessed against the {edition.label}; open cases judged {year.reference}."
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
            "as_of": year.as_of.isoformat(),
            "received_in_period": in_year,
            "read": read_record(year.counts),
            "not_evidenced": {rule: list(columns) for rule, columns in year.missing.items()},
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
