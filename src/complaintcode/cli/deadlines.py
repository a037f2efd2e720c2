"""``complaintcode deadlines``: one stage's timetable, what is due when and why.

Works the timetable out from the dates typed (:func:`complaintcode.checking.timetable`)
and prints each deadline's basis and the non-working days on the way. Given complaint
documents instead (JSON Lines, a file or ``-`` for standard input), it prints every
stage's deadlines of every complaint, and each line it cannot use as an error record.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from complaintcode.checking import timetable
from complaintcode.cli.options import (
    EXIT_OK,
    STANDARD_STREAM,
    UsageError,
    add_calendar_options,
    add_cutoff_option,
    add_edition_option,
    add_format_option,
    calendar_from,
    forced_edition,
    iso_date,
    iso_event,
)
from complaintcode.documents import DocumentError
from complaintcode.editions import edition_for, edition_named
from complaintcode.model import Complaint

NAME = "deadlines"
HELP = "what is due when, and why"
DESCRIPTION = (
    "Print one stage's timetable with the basis of each deadline and the non-working days skipped."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``deadlines`` options."""
    parser.add_argument(
        "received",
        type=_event_or_documents,
        help="when the stage was received; or complaint documents as JSON Lines (a file, or - "
        "for standard input): every stage of each",
    )
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


def _event_or_documents(text: str) -> date | datetime | Path:
    """An ISO date or date-time; else ``-`` or an existing file of complaint documents."""
    try:
        return iso_event(text)
    except argparse.ArgumentTypeError:
        if text == STANDARD_STREAM or Path(text).is_file():
            return Path(text)
        raise


def _documents(args: argparse.Namespace) -> int:
    """Every stage's deadlines of each complaint document; refused lines as error records."""
    given = [f"--{n.replace('_', '-')}" for n in _ONE_STAGE if getattr(args, n) not in (None, 1)]
    if given:
        raise UsageError(
            f"{', '.join(given)}: only for a stage typed on the command line; complaint "
            "documents carry their own dates"
        )
    from complaintcode.checking import check
    from complaintcode.documents import deadlines_record, error_record, read_numbered_documents
    from complaintcode.errors import ComplaintCodeError

    calendar = calendar_from(args)
    edition = forced_edition(args)
    path: Path = args.received
    source: Path | IO[str] = path
    where = str(path)
    if where == STANDARD_STREAM:
        source = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        where = "standard input"
    refused = 0
    for line, item in read_numbered_documents(source):
        if isinstance(item, Complaint):
            try:
                assessment = check(item, calendar=calendar, edition=edition)
            except ComplaintCodeError as error:
                item = DocumentError(line, item.reference, (("", str(error)),))
            else:
                for stage in item.stages:
                    table = assessment.timetable.get(stage.number)
                    if table is None:
                        continue
                    record = deadlines_record(
                        table,
                        received=stage.received,
                        edition=assessment.edition.name,
                        calendar=calendar,
                    )
                    _print_stage({**record, "reference": item.reference, "row": line}, args)
                continue
        refused += 1
        if args.format == "json":
            print(json.dumps(error_record(item), ensure_ascii=False))
        else:
            problems = "; ".join(f"{p or '/'}: {m}" for p, m in item.problems)
            print(f"line {line} refused: {problems}")
    if refused:
        raise UsageError(f"{refused:,} line(s) of {where} could not be used (listed above)")
    return EXIT_OK


_ONE_STAGE = ("acknowledged", "stage", "stage1_received")
"""The options that describe a stage typed on the command line."""


def _print_stage(record: dict[str, Any], args: argparse.Namespace) -> None:
    """One stage of a complaint document: a JSON line, or its deadlines in words."""
    if args.format == "json":
        print(json.dumps(record, ensure_ascii=False))
        return
    print(
        f"{record['reference']} stage {record['stage']} received {record['received']}, "
        f"judged under the {record['edition']} Code"
    )
    for key in ("acknowledge_by", "respond_by", "extended_respond_by"):
        deadline = record[key]
        if deadline is not None:
            print(f"  {key.replace('_', ' ')} {deadline['basis']}")


def run(args: argparse.Namespace) -> int:
    """Print the stage's deadlines and the days skipped."""
    if isinstance(args.received, Path):
        return _documents(args)
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
