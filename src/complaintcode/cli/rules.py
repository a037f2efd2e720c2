"""``complaintcode rules``: the rule catalogue, with each edition's provision."""

from __future__ import annotations

import argparse

from complaintcode.cli.options import (
    EXIT_OK,
    add_edition_option,
)
from complaintcode.editions import CodeEdition
from complaintcode.rules import catalogue

NAME = "rules"
HELP = "the rule catalogue with provisions"
DESCRIPTION = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``rules`` options."""
    add_edition_option(parser, "one edition only: 2020, 2022, 2024, or FILE.toml (a user edition)")


def run(args: argparse.Namespace) -> int:
    """Print the catalogue as an aligned table."""
    if isinstance(args.edition, CodeEdition):
        rows = list(catalogue((args.edition,)))
    else:
        rows = [r for r in catalogue() if args.edition in ("auto", r.edition)]
    headers = ("rule", "edition", "provision", "obligation", "certainty", "limit")
    table = [
        headers,
        *((r.rule, r.edition, r.provision, r.obligation, r.certainty, r.limit) for r in rows),
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(headers))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    return EXIT_OK
