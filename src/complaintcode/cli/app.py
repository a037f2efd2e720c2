"""The command line's front: the parser, the registry of sub-commands, and :func:`main`.

Each sub-command is a module of this package with a ``NAME``, an ``add_parser(commands)``
that adds the sub-command and its options, and a ``run(args)`` that does the work and
returns the exit status. To add a command, write its module and name it in
:data:`COMMANDS`; nothing else changes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from complaintcode.cli.options import EXIT_OK, EXIT_UNUSABLE, UsageError
from complaintcode.errors import ComplaintCodeError

COMMANDS: tuple[str, ...] = (
    "check",
    "due",
    "report",
    "self_assessment",
    "deadlines",
    "rules",
    "working_days",
)
"""The modules of :mod:`complaintcode.cli` that each add one sub-command, in help order."""


def parser() -> argparse.ArgumentParser:
    """The whole command line: every registered sub-command with its options."""
    from complaintcode import __version__

    top = argparse.ArgumentParser(
        prog="complaintcode",
        description="The Housing Ombudsman's Complaint Handling Code (England), as code.",
    )
    top.add_argument("--version", action="version", version=f"complaintcode {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"complaintcode.cli.{name}")
        sub = module.add_parser(commands)
        sub.set_defaults(handler=module.run)
    return top


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
    args = parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): stop quietly, as Unix tools do.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except (UsageError, ComplaintCodeError, OSError) as error:
        print(f"complaintcode: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
