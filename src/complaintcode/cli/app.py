"""The command line's front: the parser, the registry of sub-commands, and :func:`main`.

Each sub-command is a module of this package that declares its ``NAME``, its one-line
``HELP`` and its ``DESCRIPTION``, an ``add_arguments(parser)`` that adds its options, and
a ``run(args)`` that does the work and returns the exit status. To add a command, write
its module and name it in :data:`COMMANDS`; nothing else changes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from complaintcode.cli.options import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNUSABLE, UsageError
from complaintcode.errors import ComplaintCodeError

COMMANDS: tuple[str, ...] = (
    "check",
    "due",
    "report",
    "self_assessment",
    "deadlines",
    "rules",
    "working_days",
    "conformance",
    "serve",
    "columns",
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
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Nothing ends in a traceback: unusable input or arguments print one line and give
    status 2; Ctrl-C gives 130; a reader that goes away (``| head``) ends the run quietly.
    Set ``COMPLAINTCODE_TRACEBACK=1`` to see the traceback of an unexpected error.

    >>> main(["working-days", "2023-05-05", "1"])
    2023-05-05 + 1 working day = 2023-05-09 (Tuesday)
    Non-working days skipped:
      Saturday 2023-05-06
      Sunday 2023-05-07
      Monday 2023-05-08 (Coronation of Charles III)
    0
    """
    try:
        args = parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except KeyboardInterrupt:
        print("complaintcode: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): stop quietly, as Unix tools do, and keep
        # Python from complaining when it flushes standard output on the way out.
        _silence_stdout()
        return EXIT_OK
    except (UsageError, ComplaintCodeError, OSError) as error:
        print(f"complaintcode: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as error:
        if os.environ.get("COMPLAINTCODE_TRACEBACK"):
            raise
        print(
            f"complaintcode: error: {type(error).__name__}: {error} (this is a fault in "
            "complaintcode: please report it with the command you ran; set "
            "COMPLAINTCODE_TRACEBACK=1 to see where it happened)",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def run() -> None:
    """Console-script entry point.

    The command line does no linear algebra: numpy's OpenBLAS is told to start no threads
    of its own (unless the environment says otherwise), which otherwise spin on the cores
    for a while after numpy is imported, beside the threads that read, check and write.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
