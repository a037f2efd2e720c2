"""``complaintcode conformance``: the hand-worked cases for other systems, and their runner.

Three actions, over :mod:`complaintcode.conformance`:

* ``export DIR``: write every case as JSON (``index.json`` and ``ID.json`` per case);
* ``run --command CMD``: give each case's input to another system's command (JSON on its
  standard input, its answer as JSON on standard output) and report which cases disagree
  and how. Exit status 0 every case passed, 1 some disagree, 2 some answer was unusable;
* ``reference``: complaintcode's own answer to one case input read on standard input
  (the reference adapter: ``run --command "complaintcode conformance reference"`` passes
  every case).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from complaintcode.cli.options import (
    EXIT_OK,
    UsageError,
    add_format_option,
)
from complaintcode.conformance import Aspect

NAME = "conformance"
HELP = "test another system against the hand-worked cases"
DESCRIPTION = (
    "The hand-worked golden cases as language-neutral JSON: export them, run "
    "another system's command on them, or answer one as complaintcode does."
)
_ASPECTS: tuple[Aspect, ...] = ("edition", "timetable", "statuses", "findings")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``conformance`` actions."""
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write every case as JSON to DIR")
    export.add_argument("directory", type=Path, metavar="DIR", help="where to write them")
    run = actions.add_parser(
        "run",
        help="run a command on every case and report the disagreements",
        description=(
            "Give each case's input (JSON) to CMD on its standard input; CMD writes its "
            "answer (JSON) on standard output. Exit status 0: every case passed; 1: some "
            "disagree; 2: some answer was unusable."
        ),
    )
    run.add_argument(
        "--command",
        required=True,
        metavar="CMD",
        help='the command, split into words as a shell would (e.g. "java -jar dl.jar")',
    )
    run.add_argument(
        "--case", action="append", dest="cases", metavar="ID", help="run this case only"
    )
    run.add_argument(
        "--aspect",
        action="append",
        dest="aspects",
        choices=_ASPECTS,
        help="compare only this (default: all of edition, timetable, statuses, findings)",
    )
    run.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per case (30)")
    add_format_option(run, "text", "json")
    actions.add_parser(
        "reference", help="answer one case input from standard input, as complaintcode does"
    )


def run(args: argparse.Namespace) -> int:
    """Do the chosen action; the exit status."""
    from complaintcode import conformance

    if args.action == "export":
        written = conformance.export(args.directory)
        print(f"wrote {len(written) - 1} cases and index.json to {args.directory}")
        return EXIT_OK
    if args.action == "reference":
        try:
            document = json.load(sys.stdin)
        except ValueError as error:
            raise UsageError(f"standard input is not JSON: {error}") from None
        if not isinstance(document, dict) or not isinstance(document.get("complaint"), dict):
            raise UsageError('expected a case input: {"complaint": {...}, "as_of": ..., ...}')
        json.dump(conformance.reference_answer(document), sys.stdout)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be more than 0 seconds; got {args.timeout:g}")
    report = conformance.run(
        args.command,
        ids=args.cases,
        aspects=args.aspects or _ASPECTS,
        timeout=args.timeout,
    )
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.render())
    return report.exit_code
