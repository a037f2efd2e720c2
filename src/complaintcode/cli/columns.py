"""The ``columns`` sub-command: a starter column map guessed from an export.

It reads the export's header and a sample of its rows
(:func:`complaintcode.records.guess_columns`) and writes a commented TOML column map: the
columns it recognised, the layout, the date format, the encoding, the delimiter and the
header row, with a comment on everything it could not map. ``check --columns`` reads the result.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from complaintcode.cli.options import (
    EXIT_OK,
    add_delimiter_option,
    add_output_option,
    add_sheet_option,
)
from complaintcode.cli.output import output
from complaintcode.records import guess_columns

NAME = "columns"
HELP = "guess a starter column map (TOML) from an export"
DESCRIPTION = (
    "Read an export's header and a sample of its rows and write a starter column "
    "map: the columns recognised, the layout, date format, encoding, delimiter (comma, "
    "semicolon, tab or pipe, found from the rows) and header row, "
    "and a comment on everything that could not be mapped. Check it, then give it "
    "to check, report or self-assessment with --columns."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``columns`` options."""
    parser.add_argument("file", type=Path, help="the export: CSV or a workbook")
    add_sheet_option(parser)
    add_delimiter_option(
        parser,
        "the character between the CSV file's cells: ',', ';', tab or '|' (default: guessed)",
    )
    add_output_option(parser, "write the map to FILE (default: stdout)")


def run(args: argparse.Namespace) -> int:
    """Guess the column map and write it."""
    guess = guess_columns(args.file, sheet=args.sheet, delimiter=args.delimiter)
    with output(args.output) as stream:
        stream.write(guess.to_toml(str(args.file)))
    return EXIT_OK
