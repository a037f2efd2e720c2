"""``complaintcode deadlines``: one stage's timetable, what is due when and why.

Works the timetable out from the dates typed (:func:`complaintcode.checking.timetable`)
and prints each deadline's basis and the non-working days on the way.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime

from complaintcode.checking import timetable
from complaintcode.cli.options import (
    EXIT_OK,
    UsageError,
    add_calendar_options,
    add_cutoff_option,
    add_edition_option,
    add_format_option,
    calendar_from,
    iso_date,
    iso_event,
)
from complaintcode.editions import edition_for, edition_named

NAME = "deadlines"
HELP = "what is due when, and why"
DESCRIPTION = (
    "Print one stage's timetable with the basis of each deadline and the non-working days skipped."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``deadlines`` options."""
    parser.add_argument("received", type=iso_event, help="when the stage was received")
    parser.add_argument("--acknowledged", type=iso_date, metavar="DATE")
    parser.add_argument("--stage", type=int, choices=[1, 2, 3], default=1)
    parser.add_argument(
        "--stage1-received",
        type=iso_date,
        metavar="DATE",
        help="for stage 2 or 3: when stage 1 was received (chooses the edition)",
    )
    add_edition_option(parser, "auto (default), 2020, 2022 or 2024, or FILE.toml (a user edition)")
    add_cutoff_option(parser)
    add_format_option(
        parser,
        "text",
        "json",
        help="text (default) or json (a deadlines record, each deadline explained)",
    )
    add_calendar_options(parser)


def run(args: argparse.Namespace) -> int:
    """Print the stage's deadlines and the days skipped."""
    calendar = calendar_from(args)
    received: date | datetime = args.received
    received_day = received.date() if isinstance(received, datetime) else received
    first_received = args.stage1_received or received_day
    if args.stage1_received and args.stage1_received > received_day:
        raise UsageError("--stage1-received must not be after the stage's own received date")
    edition = edition_for(first_received) if args.edition == "auto" else edition_named(args.edition)
    table = timetable(
        received,
        stage=args.stage,
        acknowledged=args.acknowledged,
        stage1_received=first_received,
        edition=edition,
        calendar=calendar,
    )
    if getattr(args, "format", "text") == "json":
        from complaintcode.documents import deadlines_record

        record = deadlines_record(table, received=received, edition=edition.name, calendar=calendar)
        print(json.dumps(record, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"Stage {args.stage} received {received.isoformat()} ({received_day:%A}), "
        f"judged under the {edition.label}"
    )
    lines = table.lines()
    if not lines:
        print(f"  The {edition.label} sets no deadlines for stage {args.stage}.")
        return EXIT_OK
    for line in lines:
        print(f"  {line}")
    final = table.final_respond_by or table.acknowledge_by
    assert final is not None
    skipped = calendar.non_working_days(received_day, final.due)
    if skipped:
        print(f"Non-working days from {received_day} to {final.due}:")
        for day in skipped:
            print(f"  {day}")
    return EXIT_OK
