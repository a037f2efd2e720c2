"""Argument types and the options several commands share.

Every date typed on the command line is ISO 8601 and nothing is guessed. The types here
turn a word into a value or raise :class:`argparse.ArgumentTypeError` (argparse prints it
and exits 2); the option groups add the same options, with the same help, to each command
that needs them.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar

from complaintcode.calendar import LONDON, WorkingDayCalendar
from complaintcode.editions import CODE_NAMES, CodeEdition, edition_named
from complaintcode.errors import InvalidEdition
from complaintcode.records import ColumnMap
from complaintcode.records.columns import DELIMITER_CHOICES, delimiter_named
from complaintcode.results import LateAcknowledgement

if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Commands = argparse._SubParsersAction
"""What each command module's ``add_parser`` adds its sub-command to."""

EXIT_OK = 0
EXIT_BREACHES = 1
EXIT_UNUSABLE = 2
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a process ended by SIGINT."""

STANDARD_STREAM = "-"
"""The file name that means standard input (for FILE) or standard output (for --output)."""

DEFAULT_MAX_REJECTED = Fraction(1, 100)

_T = TypeVar("_T")


def exit_status(found: object) -> int:
    """``EXIT_BREACHES`` when something was found (breaches, overdue actions), else ``EXIT_OK``."""
    return EXIT_BREACHES if found else EXIT_OK


class UsageError(Exception):
    """Bad arguments or unusable input: printed, exit status 2."""


# -- argument types ------------------------------------------------------------------------


def parsed(text: str, parse: Callable[[str], _T], what: str) -> _T:
    """``parse(text)``; a ValueError becomes the ArgumentTypeError "'text' is not ``what``"."""
    try:
        return parse(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None


def _ten_character_date(text: str) -> date:
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


def iso_date(text: str) -> date:
    """Parse an ISO 8601 date (YYYY-MM-DD) and nothing else."""
    return parsed(text, _ten_character_date, "an ISO 8601 date (YYYY-MM-DD, e.g. 2024-05-07)")


def iso_event(text: str) -> date | datetime:
    """Parse an ISO 8601 date or date-time (``2024-05-07`` or ``2024-05-07T16:45``)."""
    if len(text) == 10:
        return iso_date(text)
    return parsed(
        text,
        datetime.fromisoformat,
        "an ISO 8601 date or date-time (e.g. 2024-05-07T16:45:00+01:00)",
    )


def as_of_day(text: str) -> date | str:
    """``--as-of``: an ISO 8601 date, or the explicit word ``today``."""
    if text == "today":
        return text
    return iso_date(text)


def share(text: str) -> Fraction:
    """A share of the rows, as a percentage: ``1%``, ``0.5%``, ``100%`` (``%`` optional)."""
    number = text.strip().removesuffix("%").strip()
    try:
        value = Fraction(number) / 100
    except (ValueError, ZeroDivisionError):
        value = Fraction(-1)
    if not 0 <= value <= 1 or len(number) > 20:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a percentage of the rows from 0% to 100% (e.g. 1%, 5%, 100%)"
        )
    return value


def whole_number(text: str, low: int, high: int | None, refusal: str) -> int:
    """``text`` as a whole number from ``low`` to ``high`` (``None``: no upper bound).

    Anything else raises :class:`argparse.ArgumentTypeError` with ``refusal``, in which
    ``{text!r}`` stands for the word typed.
    """
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if value < low or (high is not None and value > high):
        raise argparse.ArgumentTypeError(refusal.format(text=text))
    return value


def process_count(text: str) -> int:
    """``--jobs``: a whole number of processes, 1 to 256."""
    return whole_number(
        text, 1, 256, "{text!r} is not a number of worker processes (a whole number from 1 to 256)"
    )


def year(text: str) -> int:
    """``--year``: the calendar year a financial year starts in (2023 = 2023-24)."""
    return whole_number(
        text, 1990, 2098, "{text!r} is not a financial year from 1990 to 2098 (2023 means 2023-24)"
    )


def hh_mm(text: str) -> time:
    """Parse a time of day (HH:MM)."""
    return parsed(text, time.fromisoformat, "a time of day (HH:MM)")


def whole_days(text: str) -> int:
    """Parse a whole number of days, 0 or more."""
    return whole_number(text, 0, None, "{text!r} is not a whole number of days, 0 or more")


def edition_choice(text: str) -> str | CodeEdition:
    """``auto``, the name of an edition, or a user edition's TOML file (loaded here)."""
    names = ["auto", *CODE_NAMES]
    if text in names:
        return text
    if text.endswith(".toml") or Path(text).is_file():
        try:
            return CodeEdition.from_toml(text)
        except InvalidEdition as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    raise argparse.ArgumentTypeError(
        f"{text!r} is not one of {', '.join(names)}, nor a user edition's .toml file"
    )


def percentage(text: str) -> Fraction:
    """A percentage, e.g. ``95`` or ``87.5``."""
    return parsed(text, Fraction, "a percentage (e.g. 95)")


def homes(text: str) -> int | dict[str, int]:
    """``4800`` or ``LCRA=4500,LCHO=300``."""
    try:
        if "=" not in text:
            value = int(text)
            if value <= 0:
                raise ValueError(text)
            return value
        counts = {}
        for part in text.split(","):
            tenure, _, number = part.partition("=")
            counts[tenure.strip()] = int(number)
            if not tenure.strip() or counts[tenure.strip()] <= 0:
                raise ValueError(text)
        return counts
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of homes (4800) or a list like LCRA=4500,LCHO=300"
        ) from None


# -- what the options build -----------------------------------------------------------------


def read_closures(path: Path) -> dict[date, str]:
    """Closure days from a text file: one ISO date per line, optionally ``,name``."""
    closures: dict[date, str] = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read closures file {path}: {error}") from None
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        day_text, _, name = text.partition(",")
        try:
            day = iso_date(day_text.strip())
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"{path}, line {number}: {error}") from None
        closures[day] = name.strip() or "landlord closure"
    return closures


def calendar_from(args: argparse.Namespace) -> WorkingDayCalendar:
    """The working-day calendar the calendar options describe.

    Built once per command line and kept on ``args``: a command asks for it where it
    judges and again where it says what made the results (building it reads a century of
    bank holidays).
    """
    built = getattr(args, "_calendar", None)
    if isinstance(built, WorkingDayCalendar):
        return built
    closures = read_closures(args.closures) if getattr(args, "closures", None) else {}
    calendar = WorkingDayCalendar(
        subdivision=args.subdivision,
        closures=closures,
        cutoff=getattr(args, "cutoff", None),
        start_rule="strict" if getattr(args, "strict", False) else "roll-forward",
    )
    args._calendar = calendar
    return calendar


def forced_edition(args: argparse.Namespace) -> CodeEdition | None:
    """The edition ``--edition`` forces, or ``None`` for ``auto``."""
    return None if args.edition == "auto" else edition_named(args.edition)


class Reading(TypedDict):
    """How the options say the export is read, as keyword arguments of ``check_export``."""

    columns: ColumnMap | None
    date_format: str | None
    reading: dict[str, Any]


def reading_options(args: argparse.Namespace) -> Reading:
    """The column map, the date format and the further reading options."""
    return Reading(
        columns=columns_from(args),
        date_format=args.date_format,
        reading=reading_from(args),
    )


class Judging(TypedDict):
    """How the options say complaints are judged, as keyword arguments of ``check``."""

    calendar: WorkingDayCalendar
    edition: CodeEdition | None
    late_acknowledgement: LateAcknowledgement


def judging_from(args: argparse.Namespace) -> Judging:
    """The calendar, the forced edition and the reading of a late acknowledgement."""
    return Judging(
        calendar=calendar_from(args),
        edition=forced_edition(args),
        late_acknowledgement=args.late_acknowledgement,
    )


# -- option groups --------------------------------------------------------------------------


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    """``--subdivision`` and ``--closures``."""
    parser.add_argument(
        "--subdivision",
        default="ENG",
        help="UK nation for bank holidays: ENG (default), WLS, SCT or NIR",
    )
    parser.add_argument(
        "--closures",
        type=Path,
        metavar="FILE",
        help="landlord closure days: one ISO date per line, optionally followed by ,name",
    )


AS_OF_HELP = (
    "judge each complaint as it stood at the end of DATE ('today' is accepted as an "
    "explicit word; a date is never assumed)"
)


def add_source_options(parser: argparse.ArgumentParser, as_of_help: str = AS_OF_HELP) -> None:
    """FILE or --sample, and how to read and judge it (shared by check and the reports)."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "file", nargs="?", type=Path, help="the export (CSV or a workbook); - reads standard input"
    )
    source.add_argument("--sample", action="store_true", help="use the bundled sample data")
    parser.add_argument("--columns", type=Path, metavar="MAP.toml", help="your column names")
    parser.add_argument(
        "--date-format",
        choices=["iso", "dd/mm/yyyy"],
        default=None,
        help="dates in the file: iso (default) or dd/mm/yyyy (never guessed)",
    )
    add_reading_options(parser)
    parser.add_argument(
        "--as-of",
        type=as_of_day,
        metavar="DATE|today",
        help=as_of_help,
    )
    parser.add_argument(
        "--max-rejected",
        type=share,
        default=DEFAULT_MAX_REJECTED,
        metavar="PERCENT",
        help="exit 2 when more than this share of the rows cannot be read or judged "
        "(default 1%%; 100%% accepts anything)",
    )
    add_edition_option(
        parser,
        "auto (default: by the date stage 1 was received), 2020, 2022 or 2024, or "
        "FILE.toml: your own stricter timescales (a user edition)",
    )
    parser.add_argument(
        "--late-acknowledgement",
        choices=["moves-clock", "capped"],
        default="moves-clock",
        help="a late acknowledgement moves the response clock (default, the Code's words) "
        "or the clock is capped at the acknowledgement deadline",
    )
    add_calendar_options(parser)


def header_row(text: str) -> int:
    """``--header-row``: a row number, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a row number, 1 or more; got {text!r}")
    return int(text)


def delimiter(text: str) -> str:
    r"""``--delimiter``: ``,``, ``;``, ``|`` or ``tab`` (also ``\t``, or the words)."""
    named = delimiter_named(text)
    if named is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a delimiter: give {DELIMITER_CHOICES} (quote ; and | for the shell)"
        )
    return named


def add_delimiter_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--delimiter``: the character between a CSV file's cells."""
    parser.add_argument("--delimiter", type=delimiter, metavar="CHAR", help=help)


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """How to read the export (each overrides the column map's setting)."""
    parser.add_argument(
        "--layout",
        choices=["complaints", "stages"],
        help="one row per complaint, or one row per stage (default: stages when the file "
        "has a stage column)",
    )
    parser.add_argument(
        "--extensions", type=Path, metavar="FILE", help="extensions in a file of their own"
    )
    parser.add_argument(
        "--remedies", type=Path, metavar="FILE", help="remedies in a file of their own"
    )
    add_sheet_option(parser)
    parser.add_argument(
        "--header-row",
        type=header_row,
        metavar="N",
        help="the row holding the column names (default 1; rows above it are skipped)",
    )
    parser.add_argument(
        "--encoding", metavar="NAME", help="the CSV file's text encoding (default UTF-8)"
    )
    add_delimiter_option(
        parser,
        "the character between the CSV file's cells: ',' (default), ';', tab or '|'; "
        "also used for --extensions and --remedies",
    )


def reading_from(args: argparse.Namespace) -> dict[str, Any]:
    """The reading options given on the command line, for ``read_cases``."""
    given = {
        "layout": args.layout,
        "extensions": args.extensions,
        "remedies": args.remedies,
        "sheet": args.sheet,
        "header_row": args.header_row,
        "encoding": args.encoding,
        "delimiter": args.delimiter,
    }
    return {name: value for name, value in given.items() if value is not None}


def add_publish_options(parser: argparse.ArgumentParser, what: str) -> None:
    """``--format`` and ``--output`` for a table (the report, the self-assessment)."""
    add_format_option(parser, "markdown", "csv", "json")
    add_output_option(parser, f"write {what} to FILE (- for standard output)")


def add_listing_options(parser: argparse.ArgumentParser, row: str, output_help: str) -> None:
    """``--format`` text, csv (one row per ``row``) or json, and ``--output``."""
    add_format_option(
        parser,
        "text",
        "csv",
        "json",
        help=f"text (default), csv (one row per {row}) or json (JSON Lines)",
    )
    add_output_option(parser, output_help)


def add_format_option(
    parser: argparse.ArgumentParser, *choices: str, help: str | None = None
) -> None:
    """``--format``: one of ``choices``, the first by default."""
    parser.add_argument("--format", choices=list(choices), default=choices[0], help=help)


def add_output_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--output FILE``: where the command writes."""
    parser.add_argument("--output", type=Path, metavar="FILE", help=help)


def add_edition_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--edition``: ``auto``, an edition's name, or a user edition's TOML file."""
    parser.add_argument("--edition", type=edition_choice, default="auto", help=help)


def add_sheet_option(parser: argparse.ArgumentParser) -> None:
    """``--sheet``: which sheet of a workbook to read."""
    parser.add_argument("--sheet", metavar="NAME", help="a workbook's sheet (name or number)")


def add_cutoff_option(parser: argparse.ArgumentParser) -> None:
    """``--cutoff``: the out-of-hours cut-off."""
    parser.add_argument("--cutoff", type=hh_mm, help="out-of-hours cut-off, London time (HH:MM)")


def add_year_option(parser: argparse.ArgumentParser) -> None:
    """``--year``: the financial year a report covers (required)."""
    parser.add_argument("--year", type=year, required=True, help="financial year: 2023 = 2023-24")


def source_from(args: argparse.Namespace) -> tuple[Path | IO[str], str]:
    """The export the source options name (a path, or standard input), and its name."""
    if args.sample:
        from complaintcode.samples import sample_path

        return sample_path(), "the bundled sample"
    path: Path = args.file
    _refuse_output_over_an_input(args)
    if str(path) == STANDARD_STREAM:
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        return stream, "standard input"
    return path, str(path)


# The files a command reads beside the export, by option; --output must not name any.
_OTHER_INPUTS = ("columns", "extensions", "remedies", "closures")


def _refuse_output_over_an_input(args: argparse.Namespace) -> None:
    """--output naming the export or another file read (--closures, ...) is an error."""
    output: Path | None = getattr(args, "output", None)
    if output is None or str(output) == STANDARD_STREAM:
        return
    path: Path = args.file
    if str(path) != STANDARD_STREAM and _same_file(path, output):
        raise UsageError(
            f"--output {output} is the input file: writing there would destroy the export "
            "while it is read; choose another file"
        )
    for name in _OTHER_INPUTS:
        other: Path | None = getattr(args, name, None)
        if other is not None and _same_file(other, output):
            raise UsageError(
                f"--output {output} is the --{name} file: writing there would destroy it; "
                "choose another file"
            )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)


def as_of_from(args: argparse.Namespace) -> date | None:
    """The day ``--as-of`` names (``today`` is today's date in London), or ``None``."""
    value: date | str | None = args.as_of
    if value == "today":
        return datetime.now(LONDON).date()
    assert value is None or isinstance(value, date)
    return value


def columns_from(args: argparse.Namespace) -> ColumnMap | None:
    """The column map ``--columns`` names, if any."""
    return ColumnMap.from_toml(args.columns) if args.columns else None
