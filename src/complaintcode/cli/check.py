"""``complaintcode check``: check every complaint of an export, then summarise.

The export is a CSV file or, recognised from its content (the first character is ``{``),
complaint documents as JSON Lines, read by
:func:`complaintcode.documents.read_numbered_documents`; ``-`` reads standard input.
For CSV, a thin layer over :func:`complaintcode.batch.check_export`: it chooses the rendering
(text, CSV or JSON Lines), writes each row's result in file order, shows progress on a
terminal and ends with the summary (rejected rows grouped by reason; the reference date,
or that there was none). Exit status 0 with no breaches, 1 with breaches, 2 when the
input or the arguments are unusable: among them more than ``--max-rejected`` of the rows
rejected, or no row checked.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import itertools
import os
import sys
import threading
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from complaintcode._text import counted
from complaintcode.batch import BatchSummary, Checked
from complaintcode.checking import check
from complaintcode.cli.cases import (
    add_engine_option,
    fewer_collections,
    is_json_lines,
    not_evidenced_text,
    open_batch,
    open_rendered,
    reason_lines,
    too_many_rejected,
    warn_not_evidenced,
)
from complaintcode.cli.options import (
    UsageError,
    add_listing_options,
    add_source_options,
    as_of_from,
    calendar_from,
    exit_status,
    judging_from,
    process_count,
    source_from,
)
from complaintcode.cli.output import CaseLines, csv_header, output
from complaintcode.cli.progress import Progress
from complaintcode.documents import DocumentError, read_numbered_documents
from complaintcode.editions import edition_label
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint
from complaintcode.provenance import Provenance
from complaintcode.records import RecordError
from complaintcode.rules import RULES

NAME = "check"
HELP = "check every complaint in a CSV export against the Code"
DESCRIPTION = (
    "Check every complaint in a CSV export (one row per complaint; see the docs' "
    "'Check your export' page) against the edition of the Code in force when it was "
    "received. Prints per-case verdicts and findings, then a summary. Exit status: "
    "0 no breaches, 1 breaches found, 2 unusable input or arguments."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``check`` options."""
    add_source_options(
        parser,
        "judge each complaint as it stood at the end of DATE (open cases past a deadline "
        "become breaches); 'today' is accepted as an explicit word. Without it, the record "
        "is judged as it is and open cases are not judged against any date",
    )
    add_listing_options(parser, "complaint", "write results to FILE (- for standard output)")
    parser.add_argument(
        "--jobs",
        type=process_count,
        metavar="N",
        help="worker processes. One complaint at a time (--engine object, or JSON): "
        "default one for files under 20 MB, else one per CPU. Columnar engine: N workers "
        "check whole blocks of a plain CSV file (Linux); default none (this process)",
    )
    add_engine_option(
        parser,
        "auto (default): the columnar engine (whole columns at once) for text and csv "
        "when the fast extra is installed, else one complaint at a time; columnar: insist "
        "on it; object: one complaint at a time (with --jobs). The output is the same",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="text format: print only cases with findings, rejected rows and the summary",
    )


def _check_documents(args: argparse.Namespace, as_of: date | None) -> int:
    """``check`` over JSON Lines: one complaint document per line, every line accounted for."""
    source, where = source_from(args)
    render = CaseLines(args.format, args.quiet, _provenance(args))
    summary = BatchSummary()
    judging = judging_from(args)
    with output(args.output) as stream:
        if args.format == "csv":
            stream.write(csv_header())
        for line, item in read_numbered_documents(source):
            if isinstance(item, Complaint):
                try:
                    assessment = check(item, as_of=as_of, **judging)
                except ComplaintCodeError as error:
                    item = DocumentError(line, item.reference, (("", str(error)),))
                else:
                    checked = Checked(line, assessment)
                    summary.add(checked)
                    stream.write(render(checked))
                    continue
            for pointer, message in item.problems[:1]:  # counted once, by its first problem
                counted_as = RecordError(line, item.reference, pointer or None, None, message)
                summary.add(Checked(line, counted_as))
            stream.write(render.rejected(item))
        _write_summary(
            args, stream, summary_lines(summary, where, as_of, args.as_of == "today", _made(args))
        )
    problem = too_many_rejected(summary, args)
    if problem is not None:
        raise UsageError(f"{where}: {problem}")
    return exit_status(summary.with_breaches)


def _write_summary(args: argparse.Namespace, stream: IO[str], summary: list[str]) -> None:
    # In text format the summary follows the cases; otherwise stdout stays
    # machine-readable and the summary goes to stderr.
    if args.format == "text":
        stream.write("\n" + "\n".join(summary) + "\n")
    else:
        sys.stderr.write("\n".join(summary) + "\n")


def run(args: argparse.Namespace) -> int:
    """Check the export; write the results and the summary."""
    as_of = as_of_from(args)
    if is_json_lines(args):
        return _check_documents(args, as_of)
    if _columnar(args):
        return _run_columnar(args, as_of)
    # Open the input first: an unusable file stops here (exit 2) before any output exists.
    batch, where = open_batch(
        args, as_of, jobs=args.jobs, render=CaseLines(args.format, args.quiet, _provenance(args))
    )
    warn_not_evidenced(batch.not_evidenced)
    progress = Progress(sys.stderr)
    with batch, output(args.output) as stream, fewer_collections():
        if args.format == "csv":
            stream.write(csv_header())
        write = stream.write
        for text in batch:
            if text:
                write(text)
            progress.update(batch.summary.rows, batch.fraction_read)
        progress.done()
        summary = summary_lines(batch.summary, where, as_of, args.as_of == "today", _made(args))
        _write_summary(args, stream, summary + _not_evidenced_lines(batch.not_evidenced))
    problem = too_many_rejected(batch.summary, args)
    if problem is not None:
        raise UsageError(f"{where}: {problem}")
    return exit_status(batch.summary.with_breaches)


def _columnar(args: argparse.Namespace) -> bool:
    """Whether the columnar engine writes this run.

    By default (``--engine auto``) it writes every text and CSV run when the fast extra
    is installed, whatever the export and its reading options: the reader reads what
    Arrow cannot, so the bytes are the object engine's. ``--engine object`` forces one
    complaint at a time (as JSON Lines always are); ``--engine columnar`` insists (and
    says why it cannot).
    """
    if args.engine == "object":
        return False
    installed = all(importlib.util.find_spec(name) for name in ("numpy", "pyarrow"))
    usable = installed and args.format in ("text", "csv")
    if args.engine == "columnar" and not usable:
        raise UsageError(
            "--engine columnar writes --format text or csv and needs the fast extra "
            "(pip install 'complaintcode[fast]')"
        )
    return usable


_Rows = str | bytes | memoryview  # a batch's rows: text, or CSV as UTF-8 bytes


def _run_columnar(args: argparse.Namespace, as_of: date | None) -> int:
    """Text or CSV by the columnar engine: the same bytes, whole columns at once."""
    from complaintcode.columnar._batch import csv_rows, text_rows

    csv = args.format == "csv"
    render = csv_rows if csv else functools.partial(text_rows, quiet=args.quiet)
    batches, where, missing = open_rendered(args, as_of, render)
    first = next(batches, None)
    summary = BatchSummary()
    progress = Progress(sys.stderr)
    with output(args.output) as stream:
        if csv:
            stream.write(csv_header())
        with _RowWriter(stream, behind=csv) as write:
            for rendering, part in itertools.chain([] if first is None else [first], batches):
                write(rendering)
                summary.merge(part)
                progress.update(summary.rows)
        progress.done()
        lines = summary_lines(summary, where, as_of, args.as_of == "today", _made(args))
        _write_summary(args, stream, lines + _not_evidenced_lines(missing))
    problem = too_many_rejected(summary, args)
    if problem is not None:
        raise UsageError(f"{where}: {problem}")
    return exit_status(summary.with_breaches)


class _RowWriter:
    """Writes each batch's rows (text, or CSV rows as UTF-8 bytes), rendering them first.

    With ``behind``, when the stream writes UTF-8 with line ends as they are to a file
    descriptor, a second thread renders each batch and writes its bytes to the descriptor
    while this one reads and checks the next batch (Arrow's kernels and the write let go
    of the interpreter's lock): one batch at a time, in file order, and an error of the
    second thread is raised here, on the next batch or at the end. Else the rows are
    rendered here and written through the stream, bytes to the bytes beneath it where it
    can take them as they are.
    """

    def __init__(self, stream: IO[str], *, behind: bool) -> None:
        self.stream = stream
        buffer: Any = getattr(stream, "buffer", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        self.buffer = buffer if encoding == "utf8" and os.linesep == "\n" else None
        self.fd: int | None = None
        if behind and self.buffer is not None:
            try:
                self.fd = stream.fileno()
            except (OSError, ValueError):  # io.UnsupportedOperation is both
                self.fd = None
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def __enter__(self) -> Callable[[Callable[[], _Rows]], None]:
        if self.fd is not None:
            self.stream.flush()  # what was written as text goes first
        return self.write

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.wait()
        elif not issubclass(kind, KeyboardInterrupt):
            # The batch before the error is written whole, as when one thread writes (its
            # own error, if any, gives way to this one). After Ctrl-C nothing waits: the
            # writer may be blocked on a reader that stopped reading.
            with contextlib.suppress(Exception):
                self.wait()

    def write(self, rendering: Callable[[], _Rows]) -> None:
        """Render a batch's rows and write them, or hand both to the second thread."""
        if self.fd is None:
            self._write(rendering())
            return
        self.wait()
        self.thread = threading.Thread(
            target=self._behind, args=(rendering,), name="complaintcode-writer", daemon=True
        )
        self.thread.start()

    def wait(self) -> None:
        """Wait for the second thread's batch; raise its error."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        failure, self.failure = self.failure, None
        if failure is not None:
            raise failure

    def _behind(self, rendering: Callable[[], _Rows]) -> None:
        assert self.fd is not None
        try:
            text = rendering()
            view = memoryview(text.encode("utf-8") if isinstance(text, str) else text)
            while view:
                view = view[os.write(self.fd, view) :]
        except BaseException as error:  # raised again in the main thread
            self.failure = error

    def _write(self, text: _Rows) -> None:
        if isinstance(text, str):
            self.stream.write(text)
        elif self.buffer is not None:
            self.stream.flush()  # what was written as text goes first
            self.buffer.write(text)
        else:
            self.stream.write(str(text, "utf-8"))


def _not_evidenced_lines(missing: dict[str, tuple[str, ...]]) -> list[str]:
    """The summary's lines on the rules the export cannot evidence (none when it can)."""
    if not missing:
        return []
    return [
        "Not evidenced (no finding from them):",
        *(f"  {rule}: {why}" for rule, why in not_evidenced_text(missing)),
    ]


def _provenance(args: argparse.Namespace) -> Provenance:
    """What makes the results: the versions, and the calendar the options describe."""
    return Provenance.of(calendar_from(args))


def _made(args: argparse.Namespace) -> str:
    """What made the results (versions, the calendar and its fingerprint), in one sentence."""
    return _provenance(args).sentence()


def summary_lines(
    summary: BatchSummary,
    source: str,
    as_of: date | None = None,
    today: bool = False,
    made: str | None = None,
) -> list[str]:
    """The summary, as text lines; ``made`` (the provenance) follows its first lines.

    The summary says what made the results before the counts by rule and the rejected
    rows: text results have no place per complaint for it (CSV rows end with it too).
    """
    out = [
        f"Checked {counted(summary.checked, 'complaint')} from {source} ({summary.read_text()})",
        f"  compliant: {summary.compliant:,}; with breaches: {summary.with_breaches:,}; "
        f"advisory findings only: {summary.advisory_only:,}",
        "  by edition: "
        + ", ".join(
            f"{edition_label(name)}: {n:,}" for name, n in sorted(summary.by_edition.items())
        ),
    ]
    if summary.joined:
        out.append(
            "  A record is one complaint's rows joined together, or a row that could not "
            "be joined to one: records read = complaints checked + records rejected"
        )
    if as_of is None:
        out.append(
            "  Open cases were not judged against a date (no --as-of): an unanswered stage "
            "is open, never overdue"
        )
    else:
        word = " (today)" if today else ""
        out.append(f"  Judged as at the end of {as_of.isoformat()}{word}")
        if summary.not_received:
            out.append(
                f"  received after {as_of.isoformat()}, so not judged: {summary.not_received:,}"
            )
    if made is not None:
        out.append(f"  {made}")
    for title, counts in (
        ("Breaches by rule:", summary.breaches_by_rule),
        ("Advisory findings by rule:", summary.advisories_by_rule),
    ):
        if counts:
            out.append(title)
            width = max(len(rule) for rule in counts)
            # In catalogue order, so the same rule sits on the same line every run.
            out.extend(f"  {r:<{width}}  {counts[r]:>7,}" for r in RULES if r in counts)
    if summary.rejected:
        out.append(
            f"{summary.unit.capitalize()}s rejected: {summary.rejected:,} (each is listed "
            "with its row and field); by reason:"
        )
        out.extend(reason_lines(summary))
    return out
