"""``complaintcode working-days``: the date N working days after an event, and the days skipped."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from complaintcode.cli.options import (
    EXIT_OK,
    add_calendar_options,
    add_cutoff_option,
    calendar_from,
    iso_event,
    whole_days,
)
from complaintcode.results import plural

NAME = "working-days"
HELP = "the date N working days after an event, and the days skipped"
DESCRIPTION = (
    "Print the date N working days after START (an ISO 8601 date or date-time) "
    "and every non-working day skipped on the way, with its name."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``working-days`` options."""
    parser.add_argument("start", type=iso_event, help="the event, e.g. 2023-05-05")
    parser.add_argument("n", type=whole_days, help="how many working days, 0 or more")
    add_calendar_options(parser)
    add_cutoff_option(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="count from the event's own day even when it is not a working day",
    )


def run(args: argparse.Namespace) -> int:
    """Print the date and the non-working days skipped."""
    calendar = calendar_from(args)
    start: date | datetime = args.start
    result = calendar.add_working_days(start, args.n)
    effective = calendar.effective_date(start)
    print(f"{start.isoformat()} + {args.n} {plural(args.n)} = {result.isoformat()} ({result:%A})")
    if effective != start:
        print(f"The clock starts on {effective.isoformat()} ({effective:%A}).")
    first = start.date() if isinstance(start, datetime) else start
    skipped = calendar.non_working_days(first, result) if first <= result else ()
    if skipped:
        print("Non-working days skipped:")
        for day in skipped:
            print(f"  {day}")
    else:
        print("No non-working days skipped.")
    return EXIT_OK
