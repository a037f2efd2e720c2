"""The ``complaintcode`` command.

``complaintcode working-days START N`` prints the date N working days after START and
the non-working days it skipped, with their names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime, time

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import ComplaintCodeError

__all__ = ["main"]

EXIT_OK = 0
EXIT_USAGE = 2


def _iso_date(text: str) -> date:
    """Parse an ISO 8601 date (YYYY-MM-DD) and nothing else."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date (YYYY-MM-DD, e.g. 2024-05-07)"
        ) from None


def _iso_event(text: str) -> date | datetime:
    """Parse an ISO 8601 date or date-time (``2024-05-07`` or ``2024-05-07T16:45``)."""
    if len(text) == 10:
        return _iso_date(text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date or date-time (e.g. 2024-05-07T16:45:00+01:00)"
        ) from None


def _hh_mm(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day (HH:MM)") from None


def _whole_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days, 0 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="complaintcode",
        description="The Housing Ombudsman's Complaint Handling Code (England), as code.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wd = commands.add_parser(
        "working-days",
        help="the date N working days after an event, and the days skipped",
        description=(
            "Print the date N working days after START (an ISO 8601 date or date-time) "
            "and every non-working day skipped on the way, with its name."
        ),
    )
    wd.add_argument("start", type=_iso_event, help="the event, e.g. 2023-05-05")
    wd.add_argument("n", type=_whole_days, help="how many working days, 0 or more")
    wd.add_argument(
        "--subdivision",
        default="ENG",
        help="UK nation for bank holidays: ENG (default), WLS, SCT or NIR",
    )
    wd.add_argument(
        "--closure",
        action="append",
        type=_iso_date,
        default=[],
        metavar="DATE",
        help="a landlord closure day (repeat for several)",
    )
    wd.add_argument("--cutoff", type=_hh_mm, help="out-of-hours cut-off, London time (HH:MM)")
    wd.add_argument(
        "--strict",
        action="store_true",
        help="count from the event's own day even when it is not a working day",
    )
    return parser


def _working_days(args: argparse.Namespace) -> int:
    calendar = WorkingDayCalendar(
        subdivision=args.subdivision,
        closures=args.closure,
        cutoff=args.cutoff,
        start_rule="strict" if args.strict else "roll-forward",
    )
    start: date | datetime = args.start
    result = calendar.add_working_days(start, args.n)
    effective = calendar.effective_date(start)
    unit = "working day" if args.n == 1 else "working days"
    print(f"{start.isoformat()} + {args.n} {unit} = {result.isoformat()} ({result:%A})")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> main(["working-days", "2023-05-05", "1"])
    2023-05-05 + 1 working day = 2023-05-09 (Tuesday)
    Non-working days skipped:
      Saturday 2023-05-06
      Sunday 2023-05-07
      Monday 2023-05-08 (Coronation of Charles III)
    0
    """
    args = _parser().parse_args(argv)
    try:
        return _working_days(args)
    except ComplaintCodeError as error:
        print(f"complaintcode: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
