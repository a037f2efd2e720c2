"""``complaintcode report``: the annual complaints performance table, TSM CH01 and CH02.

Checks every complaint of the export and writes the table landlords publish for one
financial year (:func:`complaintcode.report.summarise`), in Markdown, CSV or JSON. Open
cases are judged as at the end of the year unless ``--as-of`` names another day; every
format ends with what was read: rows read, checked and excluded (and why), and that date.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from complaintcode.cli.cases import (
    add_engine_option,
    checked_by,
    data_section,
    read_record,
    read_year,
)
from complaintcode.cli.options import (
    EXIT_OK,
    add_publish_options,
    add_source_options,
    add_year_option,
    homes,
)
from complaintcode.cli.output import output, publish
from complaintcode.results import Assessment

NAME = "report"
HELP = "the annual complaints performance table, TSM CH01/CH02"
DESCRIPTION = (
    "Check every complaint in a CSV export and print the table landlords publish: "
    "per stage, received, completed on time and late, overdue, % on time and "
    "outcomes; the escalation rate, CH01 and CH02. A stage counts in the year it "
    "was received."
)

AS_OF_HELP = (
    "judge open cases as at the end of DATE ('today' is accepted as an explicit word); "
    "default: the end of the financial year, so that a case still unanswered then and past "
    "its deadline is overdue"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``report`` options."""
    add_source_options(parser, AS_OF_HELP)
    add_year_option(parser)
    parser.add_argument(
        "--homes",
        type=homes,
        metavar="N|TENURE=N,...",
        help="homes owned, for CH01: a number, or per tenure (LCRA=4500,LCHO=300)",
    )
    parser.add_argument(
        "--by",
        metavar="FIELD",
        help="group by tenure, category, handler, quarter or any other column of the export",
    )
    parser.add_argument(
        "--ch02-basis",
        choices=["responded", "received"],
        default="responded",
        help="CH02 denominator: responses sent in the year (default) or complaints received",
    )
    add_engine_option(parser)
    add_publish_options(parser, "the report")


BUILT_IN_GROUPS = ("tenure", "category", "handler", "quarter")
"""What ``--by`` accepts besides the attributes (free columns) of the export."""


def run(args: argparse.Namespace) -> int:
    """Check the export and publish the year's table."""
    from complaintcode.report import ALL, FinancialYear, Tallies, summarise

    period = FinancialYear(args.year)
    tallies = Tallies(period, args.by)
    names: set[str] = set()

    def each(results: Any) -> None:  # the columnar engine's results, batch by batch
        from complaintcode.columnar._summary import add_up, attribute_names

        add_up(results, tallies)
        names.update(attribute_names(results))

    year = read_year(args, period, each)
    counts = year.counts
    if year.columnar:
        _checked_by(args.by, names)
        summary = tallies.summary(args.homes, args.ch02_basis)
    else:
        summary = summarise(
            year.assessments,
            period=period,
            homes=args.homes,
            by=_checked_by(args.by, _attributes(year.assessments)),
            ch02_basis=args.ch02_basis,
        )
    data = year.data()
    if args.format == "json":  # a typed record: counts as integers, percentages as numbers
        from complaintcode.documents import report_record

        record = {
            **report_record(summary),
            "as_of": year.as_of.isoformat(),
            "complaints": counts.checked,
            "read": read_record(counts),
        }
        with output(args.output) as stream:
            stream.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        sys.stderr.write(f"{year.read_note()}; open cases judged {year.reference}.\n")
        return EXIT_OK
    publish(
        args,
        markdown=summary.to_markdown() + data_section(data),
        columns=["section", "measure", *summary.columns],
        rows=[
            *summary.to_rows(),
            *({"section": "Data", "measure": label, ALL: value} for label, value in data),
        ],
        note=f"{year.read_note()}; the report counts the stages received in {period.label}; "
        f"open cases judged {year.reference}.",
    )
    return EXIT_OK


def _attributes(assessments: list[Assessment]) -> set[str]:
    """The free attributes the assessed complaints record."""
    return {
        name for a in assessments if a.complaint is not None for name, _ in a.complaint.attributes
    }


def _checked_by(by: str | None, attributes: set[str]) -> str | None:
    """``--by`` as given, once it names something this export records."""
    return checked_by(by, BUILT_IN_GROUPS, attributes)
