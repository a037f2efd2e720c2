"""``complaintcode due``: the work queue of an export at a moment — what is owed, by when.

A thin layer over :func:`complaintcode.worklist`: it reads the export with the same readers
and options as ``check``, builds the queue at ``--as-of`` (required: there is no "today")
and writes it as text, CSV or JSON Lines, optionally grouped ``--by`` the stage handler or
any column the export records. Exit status 0 when nothing is overdue, 1 when something
is, 2 when the input or the arguments are unusable.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

import attrs

from complaintcode._text import counted, plural
from complaintcode.batch import BatchSummary
from complaintcode.casework import DEFAULT_WITHIN, Action, ActionState, Worklist, worklist
from complaintcode.cli.cases import (
    add_engine_option,
    checked_by,
    columnar_applies,
    is_json_lines,
)
from complaintcode.cli.options import (
    Judging,
    UsageError,
    add_listing_options,
    add_source_options,
    as_of_from,
    columns_from,
    exit_status,
    judging_from,
    reading_from,
    reading_options,
    source_from,
    whole_days,
)
from complaintcode.cli.output import excel_safe, output
from complaintcode.documents import DocumentError, read_numbered_documents
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint
from complaintcode.provenance import Provenance
from complaintcode.records import RecordError, read_cases

NAME = "due"
HELP = "the work queue: what is owed on each open complaint, and by when"
DESCRIPTION = (
    "List every action still owed on the complaints of an export at --as-of "
    "(acknowledgements, escalation decisions, responses, extension notices, remedies): "
    "overdue first, then by due date, with counts. Reads exports exactly as 'check' "
    "does. Exit status: 0 nothing overdue, 1 something overdue, 2 unusable input or "
    "arguments."
)

COLUMNS = [
    "state",
    "working_days_left",
    "due",
    "reference",
    "stage",
    "action",
    "kind",
    "handler",
    "provision",
    "edition",
    "basis",
]
"""The columns of ``due --format csv`` (and the keys of ``--format json``); ``group`` is
added first with ``--by``."""

NOT_RECORDED = "(not recorded)"

BUILT_IN_GROUPS = ("handler", "category", "tenure")
"""What ``--by`` accepts besides the free columns (attributes) of the export."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``due`` options."""
    add_source_options(
        parser,
        "the moment of the queue (required; 'today' is accepted as an explicit word): "
        "what is owed at the end of DATE",
    )
    parser.add_argument(
        "--within",
        type=whole_days,
        default=DEFAULT_WITHIN,
        metavar="N",
        help=f"due soon: N working days left or fewer (default {DEFAULT_WITHIN})",
    )
    parser.add_argument(
        "--by",
        metavar="NAME",
        help="group by 'handler' (the stage's) or a column the export records "
        "(category, tenure, or any extra column such as team)",
    )
    add_listing_options(parser, "action", "write the queue to FILE")
    add_engine_option(
        parser,
        "auto (default): when the fast extra is installed, the columnar engine picks "
        "the complaints that can owe something and only those are read as complaints; "
        "object: every complaint is read and asked; the queue is the same either way",
    )


class _Reading:
    """The export's complaints, one at a time, with the rejected rows kept aside.

    The export is CSV, or complaint documents as JSON Lines (recognised from the content).
    ``read`` counts the complaints read (rows not rejected by the reader).
    """

    def __init__(self, args: argparse.Namespace) -> None:
        source, self.where = source_from(args)
        self.documents = is_json_lines(args)
        self.cases: Any = (
            _Lines(source)
            if self.documents
            else read_cases(
                source,
                columns=columns_from(args),
                date_format=args.date_format,
                **reading_from(args),
            )
        )
        self.rows = self.read = 0
        self.rejected: list[RecordError] = []
        self.attributes: set[str] = set()

    def complaints(self) -> Iterator[Complaint]:
        for item in self.cases:
            self.rows += 1
            if isinstance(item, DocumentError):
                pointer, message = item.problems[0]
                self.rejected.append(
                    RecordError(item.row, item.reference, pointer or None, None, message)
                )
            elif isinstance(item, RecordError):
                self.rejected.append(item)
            else:
                self.read += 1
                self.attributes.update(name for name, _ in item.attributes)
                yield item

    def summary(self) -> BatchSummary:
        """What was read: the records (one result each), rejected ones, and the file's rows.

        Only the counts of a :class:`BatchSummary` are filled in: rows, records, rejected.
        """
        read = BatchSummary()
        read.rejected = len(self.rejected)
        read.checked = self.rows - read.rejected  # unjudgeable complaints are in both
        read.rows = self.file_rows()
        return read

    def file_rows(self) -> int:
        """The export's data rows (more than its records where stage rows were joined)."""
        return self.rows if self.documents else int(self.cases.rows)

    def unjudgeable(self, complaint: Complaint, error: ComplaintCodeError) -> None:
        """A readable row the Code or the calendar cannot judge: rejected, as check does."""
        # Called while the complaint is the reader's current row, so its row is the reader's.
        row = self.cases.row
        self.rejected.append(RecordError(row, complaint.reference, None, None, str(error)))

    def close(self) -> None:
        """Close the export."""
        self.cases.close()


class _Columns(_Reading):
    """A CSV or Excel export read by the columnar engine, for a long history.

    The engine evaluates each batch of rows at ``as_of`` on whole columns, and only the
    rows that can owe something then (:func:`complaintcode.columnar._casework.owing`)
    become :class:`~complaintcode.Complaint` objects for :func:`worklist`; the others are
    counted as read. The queue, its counts and the rejected rows are what :class:`_Reading`
    gives.
    """

    def __init__(self, args: argparse.Namespace, as_of: date, judging: Judging) -> None:
        from complaintcode.columnar._batch import check_file
        from complaintcode.columnar._csv import read_columns

        source, self.where = source_from(args)
        self.cases = read_columns(source, **reading_options(args), calendar=judging["calendar"])
        self._batches = check_file(self.cases, **judging, as_of=as_of)
        self.documents = False
        self.rows = self.read = self._row = self._lines = 0
        self.rejected = []
        self.attributes = set()

    def complaints(self) -> Iterator[Complaint]:
        from complaintcode.columnar._casework import owing_items
        from complaintcode.columnar._summary import attribute_names

        for results in self._batches:
            readable = results.columns.error == None  # noqa: E711
            self.rows += len(results)
            lines = results.columns.lines
            self._lines += len(results) if lines is None else lines
            self.read += int(readable.sum())
            self.attributes |= attribute_names(results, readable)
            for row, item in owing_items(results):
                if isinstance(item, Complaint):
                    self._row = row
                    yield item
                else:
                    self.rejected.append(item)

    def file_rows(self) -> int:
        """The export's data rows, as the batches counted them."""
        return self._lines

    def unjudgeable(self, complaint: Complaint, error: ComplaintCodeError) -> None:
        """As :meth:`_Reading.unjudgeable`, with the row of the complaint last given."""
        self.rejected.append(RecordError(self._row, complaint.reference, None, None, str(error)))


def _reading(args: argparse.Namespace, as_of: date, judging: Judging) -> _Reading:
    """The export as the engine reads it: by columns when it can (see ``--engine``)."""
    if not is_json_lines(args) and columnar_applies(args):
        return _Columns(args, as_of, judging)
    return _Reading(args)


class _Lines:
    """JSON Lines as the reader of an export: complaints and errors, ``row`` the line."""

    def __init__(self, source: Any) -> None:
        self.row = 0
        self._items = read_numbered_documents(source)

    def __iter__(self) -> Iterator[Complaint | DocumentError]:
        for line, item in self._items:
            self.row = line
            yield item

    def close(self) -> None:
        """Nothing to close: the source is closed by whoever opened it."""


def run(args: argparse.Namespace) -> int:
    """Build the queue; write it and its summary."""
    as_of = as_of_from(args)
    if as_of is None:
        raise UsageError(
            "due needs --as-of DATE: complaintcode never assumes what day it is "
            "(pass today's date, e.g. --as-of 2025-06-17)"
        )
    judging = judging_from(args)
    reading = _reading(args, as_of, judging)
    try:
        queue = worklist(
            reading.complaints(),
            as_of=as_of,
            within=args.within,
            **judging,
            on_error=reading.unjudgeable,
        )
    finally:
        reading.close()
    # The columnar engine hands on only the complaints that can owe something.
    queue = attrs.evolve(queue, complaints=reading.read)
    read = reading.summary()
    if read.records and read.rejected == read.records:
        raise UsageError(
            f"every {read.unit} of {reading.where} was rejected ({read.read_text()}; "
            f"first: {reading.rejected[0]}); no queue was built"
        )
    if read.rejected > args.max_rejected * read.records:
        raise UsageError(
            f"{counted(read.rejected, read.unit)} of {read.records:,} "
            f"{plural(len(reading.rejected), 'was', 'were')} rejected, more than --max-rejected "
            "allows: a queue built from the rest would miss complaints "
            "(fix the rows or the column map, or raise --max-rejected); no queue was built"
        )
    by = checked_by(args.by, BUILT_IN_GROUPS, reading.attributes)
    groups = _groups(queue.actions, by)
    with output(args.output) as stream:
        if args.format == "text":
            _write_text(stream, queue, groups, by)
        elif args.format == "csv":
            _write_csv(stream, groups, by)
        else:
            _write_json(stream, groups, by)
        summary = summary_lines(queue, read, reading.where)
        # The queue's deadlines depend on the calendar: the summary says what made them
        # (the queue's own rows stay a to-do list; see the CLI reference).
        summary.insert(3, "  " + Provenance.of(judging["calendar"]).sentence())
        if by and groups and all(name == NOT_RECORDED for name, _ in groups):
            summary.append(f"Note: no complaint records {by!r}: every action is ungrouped")
        if args.format == "text":
            stream.write("\n" + "\n".join(summary) + "\n")
        else:
            sys.stderr.write("\n".join(summary) + "\n")
    for error in reading.rejected:
        sys.stderr.write(f"rejected: {error}\n")
    return exit_status(queue.by_state[ActionState.OVERDUE])


def _group_of(action: Action, by: str) -> str:
    if by == "handler":
        value = action.handler
    else:
        complaint = action.complaint
        value = complaint.attribute(by) if complaint is not None else None
    return value if value else NOT_RECORDED


def _groups(actions: Iterable[Action], by: str | None) -> list[tuple[str, list[Action]]]:
    """The actions by group (in order of each group's most pressing action), or one group."""
    if not by:
        return [("", list(actions))]
    grouped: dict[str, list[Action]] = {}
    for action in actions:
        grouped.setdefault(_group_of(action, by), []).append(action)
    return list(grouped.items())


def _cells(action: Action, safe: bool = False) -> list[object]:
    """One action's cells; ``safe`` guards the free-text cells for a spreadsheet."""
    text = excel_safe if safe else str
    return [
        action.state.name,
        action.working_days_left,
        action.due.isoformat(),
        text(action.reference),
        "" if action.stage is None else action.stage,
        action.kind.label,
        action.kind.name,
        text(action.handler or ""),
        action.provision,
        action.edition,
        text(action.basis),
    ]


def _write_text(
    stream: IO[str], queue: Worklist, groups: list[tuple[str, list[Action]]], by: str | None
) -> None:
    stream.write(
        f"Work queue at {queue.as_of} ({queue.as_of:%A}); due soon = within {queue.within} "
        "working days\n"
    )
    for name, actions in groups:
        if by:
            stream.write(f"\n{by}: {name} ({counted(len(actions), 'action')})\n")
        for action in actions:
            left = action.working_days_left
            when = f"{-left} late" if left < 0 else f"{left} left"
            where = f"stage {action.stage}" if action.stage is not None else "remedy"
            stream.write(
                f"  {action.state.name:<9} {action.due}  {when:>8}  {action.reference}  "
                f"{where}: {action.kind.label} ({action.citation})\n"
            )


def _write_csv(stream: IO[str], groups: list[tuple[str, list[Action]]], by: str | None) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["group", *COLUMNS] if by else COLUMNS)
    for name, actions in groups:
        for action in actions:
            cells = _cells(action, safe=True)
            writer.writerow([excel_safe(name), *cells] if by else cells)
    stream.write(text.getvalue())


def _write_json(stream: IO[str], groups: list[tuple[str, list[Action]]], by: str | None) -> None:
    from complaintcode.documents import action_record

    for name, actions in groups:
        for action in actions:
            record = action_record(action)
            if by:
                record = {"type": "action", "group": name, **record}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def summary_lines(queue: Worklist, read: BatchSummary, source: str) -> list[str]:
    """The summary, as text lines: what was read, and the counts by state and kind."""
    out = [
        f"Queued {counted(len(queue), 'action')} on {queue.with_actions:,} of "
        f"{counted(queue.complaints - queue.skipped, 'complaint')} from {source} "
        f"({read.read_text()})",
        "  by state: " + ", ".join(f"{s.name} {n:,}" for s, n in queue.by_state.items()),
        "  by kind: " + ", ".join(f"{k.name} {n:,}" for k, n in queue.by_kind.items()),
    ]
    if read.rejected:
        out.append(
            f"{read.unit.capitalize()}s rejected: {read.rejected:,} (listed on standard "
            "error); their complaints are not in the queue"
        )
    return out
