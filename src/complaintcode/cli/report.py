"""``complaintcode report``: the annual complaints performance table, TSM CH01 and CH02.

Checks every complaint of the export and writes the table landlords publish for one
financial year (:func:`complaintcode.report.summarise`), in Markdown, CSV or JSON.
"""

from __future__ import annotations

import argparse

from complaintcode.cli.cases import assess_all, rejected_note
from complaintcode.cli.options import (
    EXIT_OK,
    Commands,
    add_publish_options,
    add_source_options,
    homes,
)
from complaintcode.cli.output import publish

NAME = "report"


def add_parser(commands: Commands) -> argparse.ArgumentParser:
    """The ``report`` sub-command and its options."""
    parser = commands.add_parser(
        NAME,
        help="the annual complaints performance table, TSM CH01/CH02",
        description=(
            "Check every complaint in a CSV export and print the table landlords publish: "
            "per stage, received, completed on time and late, overdue, % on time and "
            "outcomes; the escalation rate, CH01 and CH02. A stage counts in the year it "
            "was received."
        ),
    )
    add_source_options(parser)
    parser.add_argument("--year", type=int, required=True, help="financial year: 2023 = 2023-24")
    parser.add_argument(
        "--homes",
        type=homes,
        metavar="N|TENURE=N,...",
        help="homes owned, for CH01: a number, or per tenure (LCRA=4500,LCHO=300)",
    )
    parser.add_argument("--by", metavar="FIELD", help="group by tenure, category, quarter, ...")
    parser.add_argument(
        "--ch02-basis",
        choices=["responded", "received"],
        default="responded",
        help="CH02 denominator: responses sent in the year (default) or complaints received",
    )
    add_publish_options(parser, "the report")
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the export and publish the year's table."""
    from complaintcode.report import FinancialYear, summarise

    assessments, rejected, where = assess_all(args)
    summary = summarise(
        assessments,
        period=FinancialYear(args.year),
        homes=args.homes,
        by=args.by,
        ch02_basis=args.ch02_basis,
    )
    publish(
        args,
        summary,
        f"Read {len(assessments):,} complaints from {where}{rejected_note(rejected)}; the "
        f"report counts the stages received in {FinancialYear(args.year).label}.",
    )
    return EXIT_OK
