"""The ``complaintcode`` command (also ``python -m complaintcode``).

Sub-commands:

* ``check FILE | --sample``: check every complaint in a CSV export; per-case verdicts and
  findings, then a summary. Exit status 0 with no breaches, 1 with breaches, 2 when the
  input or the arguments are unusable.
* ``deadlines RECEIVED``: what is due when, and why, for one stage.
* ``rules``: the rule catalogue with provisions.
* ``working-days START N``: the date N working days after START and the days skipped.

Output meant for a spreadsheet (``--format csv``) is safe to open in Excel: a cell that
starts with ``=``, ``+``, ``-`` or ``@`` is prefixed with an apostrophe.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import io
import json
import multiprocessing
import os
import sys
import time as clock
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time
from fractions import Fraction
from importlib import resources
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement, check
from complaintcode.editions import EDITIONS, CodeEdition, edition_for, edition_named
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint, Stage
from complaintcode.records import ColumnMap, RecordError, read_cases
from complaintcode.results import Assessment, Severity, plural
from complaintcode.rules import RULES, catalogue

__all__ = ["main", "run", "sample_path"]

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_BREACHES = 1
EXIT_UNUSABLE = 2
_PROGRESS_AFTER_SECONDS = 2.0
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sample_path() -> Path:
    """The bundled sample export (3,000 synthetic complaints, received 2021-2025).

    >>> sample_path().name
    'sample.csv'
    """
    return Path(str(resources.files("complaintcode") / "data" / "sample.csv"))


class UsageError(Exception):
    """Bad arguments or unusable input: printed, exit status 2."""


# -- argument types ------------------------------------------------------------------------


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


def _edition_choice(text: str) -> str:
    names = ["auto", *(e.name for e in EDITIONS)]
    if text not in names:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(names)}")
    return text


def _read_closures(path: Path) -> dict[date, str]:
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
            day = _iso_date(day_text.strip())
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"{path}, line {number}: {error}") from None
        closures[day] = name.strip() or "landlord closure"
    return closures


def _calendar(args: argparse.Namespace) -> WorkingDayCalendar:
    closures = _read_closures(args.closures) if getattr(args, "closures", None) else {}
    return WorkingDayCalendar(
        subdivision=args.subdivision,
        closures=closures,
        cutoff=getattr(args, "cutoff", None),
        start_rule="strict" if getattr(args, "strict", False) else "roll-forward",
    )


# -- the parser ------------------------------------------------------------------------------


def _add_calendar_options(parser: argparse.ArgumentParser) -> None:
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


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    """FILE or --sample, and how to read and judge it (shared by check and report)."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, help="the CSV export")
    source.add_argument("--sample", action="store_true", help="use the bundled sample data")
    parser.add_argument("--columns", type=Path, metavar="MAP.toml", help="your column names")
    parser.add_argument(
        "--date-format",
        choices=["iso", "dd/mm/yyyy"],
        default=None,
        help="dates in the file: iso (default) or dd/mm/yyyy (never guessed)",
    )
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="DATE",
        help="judge each complaint as it stood at the end of DATE (open cases past a deadline "
        "become breaches); default: judge the record as it is",
    )
    parser.add_argument(
        "--edition",
        type=_edition_choice,
        default="auto",
        help="auto (default: by the date stage 1 was received), 2020, 2022 or 2024",
    )
    parser.add_argument(
        "--late-acknowledgement",
        choices=["moves-clock", "capped"],
        default="moves-clock",
        help="a late acknowledgement moves the response clock (default, the Code's words) "
        "or the clock is capped at the acknowledgement deadline",
    )
    _add_calendar_options(parser)


def _percentage(text: str) -> Fraction:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage (e.g. 95)") from None


def _homes(text: str) -> int | dict[str, int]:
    """``4800`` or ``LCRA=4500,LCHO=300``."""
    try:
        if "=" not in text:
            value = int(text)
            if value <= 0:
                raise ValueError(text)
            return value
        homes = {}
        for part in text.split(","):
            tenure, _, number = part.partition("=")
            homes[tenure.strip()] = int(number)
            if not tenure.strip() or homes[tenure.strip()] <= 0:
                raise ValueError(text)
        return homes
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of homes (4800) or a list like LCRA=4500,LCHO=300"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="complaintcode",
        description="The Housing Ombudsman's Complaint Handling Code (England), as code.",
    )
    from complaintcode import __version__

    parser.add_argument("--version", action="version", version=f"complaintcode {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chk = commands.add_parser(
        "check",
        help="check every complaint in a CSV export against the Code",
        description=(
            "Check every complaint in a CSV export (one row per complaint; see the docs' "
            "'Check your export' page) against the edition of the Code in force when it was "
            "received. Prints per-case verdicts and findings, then a summary. Exit status: "
            "0 no breaches, 1 breaches found, 2 unusable input or arguments."
        ),
    )
    _add_source_options(chk)
    chk.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help="text (default), csv (one row per complaint) or json (JSON Lines)",
    )
    chk.add_argument("--output", type=Path, metavar="FILE", help="write results to FILE")
    chk.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes (default: one for files under 20 MB, else one per CPU)",
    )
    chk.add_argument(
        "--quiet",
        action="store_true",
        help="text format: print only cases with findings, rejected rows and the summary",
    )

    rp = commands.add_parser(
        "report",
        help="the annual complaints performance table, TSM CH01/CH02",
        description=(
            "Check every complaint in a CSV export and print the table landlords publish: "
            "per stage, received, completed on time and late, overdue, % on time and "
            "outcomes; the escalation rate, CH01 and CH02. A stage counts in the year it "
            "was received."
        ),
    )
    _add_source_options(rp)
    rp.add_argument("--year", type=int, required=True, help="financial year: 2023 = 2023-24")
    rp.add_argument(
        "--homes",
        type=_homes,
        metavar="N|TENURE=N,...",
        help="homes owned, for CH01: a number, or per tenure (LCRA=4500,LCHO=300)",
    )
    rp.add_argument("--by", metavar="FIELD", help="group by tenure, category, quarter, ...")
    rp.add_argument(
        "--ch02-basis",
        choices=["responded", "received"],
        default="responded",
        help="CH02 denominator: responses sent in the year (default) or complaints received",
    )
    rp.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown")
    rp.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE")

    sa = commands.add_parser(
        "self-assessment",
        help="self-assessment rows against every provision, with figures from the cases",
        description=(
            "Check every complaint and produce one row per provision of the Code (provision, "
            "requirement, comply, evidence, commentary): provisions the case data can "
            "evidence get the measured figure and a RAG suggestion; the others are left for "
            "the landlord's own evidence. Complaints count when stage 1 was received in the "
            "financial year."
        ),
    )
    _add_source_options(sa)
    sa.add_argument("--year", type=int, required=True, help="financial year: 2023 = 2023-24")
    sa.add_argument(
        "--green", type=_percentage, default=Fraction(95), help="Green from this %% (95)"
    )
    sa.add_argument(
        "--amber", type=_percentage, default=Fraction(80), help="Amber from this %% (80)"
    )
    sa.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown")
    sa.add_argument("--output", type=Path, metavar="FILE", help="write the rows to FILE")

    dl = commands.add_parser(
        "deadlines",
        help="what is due when, and why",
        description="Print one stage's timetable with the basis of each deadline and the "
        "non-working days skipped.",
    )
    dl.add_argument("received", type=_iso_event, help="when the stage was received")
    dl.add_argument("--acknowledged", type=_iso_date, metavar="DATE")
    dl.add_argument("--stage", type=int, choices=[1, 2, 3], default=1)
    dl.add_argument(
        "--stage1-received",
        type=_iso_date,
        metavar="DATE",
        help="for stage 2 or 3: when stage 1 was received (chooses the edition)",
    )
    dl.add_argument("--edition", type=_edition_choice, default="auto")
    dl.add_argument("--cutoff", type=_hh_mm, help="out-of-hours cut-off, London time (HH:MM)")
    _add_calendar_options(dl)

    rl = commands.add_parser("rules", help="the rule catalogue with provisions")
    rl.add_argument("--edition", type=_edition_choice, default="auto", help="one edition only")

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
    _add_calendar_options(wd)
    wd.add_argument("--cutoff", type=_hh_mm, help="out-of-hours cut-off, London time (HH:MM)")
    wd.add_argument(
        "--strict",
        action="store_true",
        help="count from the event's own day even when it is not a working day",
    )
    return parser


# -- check -------------------------------------------------------------------------------------


def _excel_safe(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


CSV_COLUMNS = [
    "row",
    "reference",
    "result",
    "edition",
    "breaches",
    "advisories",
    "rules",
    *(
        f"stage{n}_{name}"
        for n in (1, 2)
        for name in (
            "received",
            "responded",
            "outcome",
            "status",
            "acknowledge_by",
            "respond_by",
            "final_respond_by",
        )
    ),
    "tenure",
    "category",
    "findings",
    "error",
]


class _Tally:
    """Counts for the summary."""

    def __init__(self) -> None:
        self.cases = 0
        self.compliant = 0
        self.with_breaches = 0
        self.advisory_only = 0
        self.rejected = 0
        self.by_edition: Counter[str] = Counter()
        self.breaches_by_rule: Counter[str] = Counter()
        self.advisories_by_rule: Counter[str] = Counter()

    @property
    def rows(self) -> int:
        """Rows counted so far (checked or rejected)."""
        return self.cases + self.rejected

    def merge(self, other: _Tally) -> None:
        """Add another tally's counts to this one."""
        self.cases += other.cases
        self.compliant += other.compliant
        self.with_breaches += other.with_breaches
        self.advisory_only += other.advisory_only
        self.rejected += other.rejected
        self.by_edition.update(other.by_edition)
        self.breaches_by_rule.update(other.breaches_by_rule)
        self.advisories_by_rule.update(other.advisories_by_rule)

    def add(self, assessment: Assessment) -> str:
        """Count one assessment; return its one-word result."""
        self.cases += 1
        self.by_edition[assessment.edition.name] += 1
        breaches = 0
        for finding in assessment.findings:
            if finding.severity is Severity.BREACH:
                breaches += 1
                self.breaches_by_rule[finding.rule] += 1
            else:
                self.advisories_by_rule[finding.rule] += 1
        if breaches:
            self.with_breaches += 1
            return "breach"
        if assessment.findings:
            self.advisory_only += 1
            return "advisory"
        self.compliant += 1
        return "compliant"

    def lines(self, source: str) -> list[str]:
        """The summary, as text lines."""
        total = self.cases + self.rejected
        out = [
            f"Checked {self.cases:,} complaints from {source} "
            f"({total:,} rows read, {self.rejected:,} rejected)",
            f"  compliant: {self.compliant:,}; with breaches: {self.with_breaches:,}; "
            f"advisory findings only: {self.advisory_only:,}",
            "  by edition: "
            + ", ".join(f"{name} Code: {n:,}" for name, n in sorted(self.by_edition.items())),
        ]
        for title, counts in (
            ("Breaches by rule:", self.breaches_by_rule),
            ("Advisory findings by rule:", self.advisories_by_rule),
        ):
            if counts:
                out.append(title)
                width = max(len(rule) for rule in counts)
                # In catalogue order, so the same rule sits on the same line every run.
                out.extend(f"  {r:<{width}}  {counts[r]:>7,}" for r in RULES if r in counts)
        if self.rejected:
            out.append(f"Rows rejected: {self.rejected:,} (each is listed with its row and field)")
        return out


class _Progress:
    """A one-line progress indicator on stderr, for long runs on a terminal only."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = clock.monotonic()
        self.shown = False
        self.next_check = 1000

    def update(self, rows: int, fraction: float | None = None) -> None:
        if not self.enabled or rows < self.next_check:
            return
        self.next_check = rows + 1000
        elapsed = clock.monotonic() - self.started
        if elapsed < _PROGRESS_AFTER_SECONDS:
            return
        rate = rows / elapsed if elapsed else 0.0
        bar = ""
        if fraction is not None:
            filled = int(fraction * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} "
        self.stream.write(f"\rcomplaintcode: {bar}{rows:,} rows checked ({rate:,.0f}/s)")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _status_cells(assessment: Assessment, stage: int) -> list[str]:
    table = assessment.timetable.get(stage)
    complaint = assessment.complaint
    if table is None or complaint is None:
        return [""] * 7
    record = complaint.stages[stage - 1]
    status = assessment.statuses.get(stage)
    final = table.final_respond_by
    return [
        record.received_date.isoformat(),
        record.responded.isoformat() if record.responded else "",
        record.outcome.name if record.outcome else "",
        status.name if status else ("REFUSED" if assessment.refused_stage == stage else ""),
        table.acknowledge_by.due.isoformat() if table.acknowledge_by else "",
        table.respond_by.due.isoformat() if table.respond_by else "",
        final.due.isoformat() if final else "",
    ]


class _Writer:
    """Writes per-case results in one of the three formats."""

    def __init__(self, fmt: str, stream: IO[str], quiet: bool, *, header: bool = True) -> None:
        self.fmt = fmt
        self.stream = stream
        self.quiet = quiet
        self.csv: Any = None
        if fmt == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            if header:
                self.csv.writerow(CSV_COLUMNS)

    def assessment(self, assessment: Assessment, result: str, row: int | None) -> None:
        if self.fmt == "text":
            if self.quiet and result == "compliant":
                return
            count = len(assessment.breaches)
            verdict = {
                "compliant": "compliant",
                "breach": f"{count} {'breach' if count == 1 else 'breaches'}",
                "advisory": "advisory findings only",
            }[result]
            self.stream.write(
                f"{assessment.reference}  {assessment.edition.name} Code  {verdict}\n"
            )
            for finding in assessment.findings:
                self.stream.write(f"    {finding}\n")
        elif self.fmt == "csv":
            breaches = len(assessment.breaches)
            complaint = assessment.complaint
            self.csv.writerow(
                [
                    "" if row is None else row,
                    _excel_safe(assessment.reference),
                    result,
                    assessment.edition.name,
                    breaches,
                    len(assessment.findings) - breaches,
                    ";".join(f.rule for f in assessment.findings),
                    *_status_cells(assessment, 1),
                    *_status_cells(assessment, 2),
                    _excel_safe(complaint.tenure if complaint and complaint.tenure else ""),
                    _excel_safe(complaint.category if complaint and complaint.category else ""),
                    _excel_safe(" | ".join(f.message for f in assessment.findings)),
                    "",
                ]
            )
        else:
            from complaintcode.serialize import to_dict

            self.stream.write(json.dumps(to_dict(assessment), sort_keys=True) + "\n")

    def rejected(self, error: Any) -> None:
        if self.fmt == "text":
            self.stream.write(f"rejected: {error}\n")
        elif self.fmt == "csv":
            self.csv.writerow(
                [
                    error.row,
                    _excel_safe(error.reference or ""),
                    "rejected",
                    *([""] * (len(CSV_COLUMNS) - 4)),
                    _excel_safe(
                        f"{error.field}: {error.message}" if error.field else error.message
                    ),
                ]
            )
        else:
            record = {
                "row": error.row,
                "reference": error.reference,
                "field": error.field,
                "value": error.value,
                "error": error.message,
            }
            self.stream.write(json.dumps(record, sort_keys=True) + "\n")


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    with handle:
        yield handle


_PARALLEL_FROM_BYTES = 20_000_000
_BATCH_ROWS = 2_000


class _Judge:
    """Turns raw rows into results: convert, check, write and count.

    One lives in the main process for small files; for large ones, one in each worker.
    """

    def __init__(
        self,
        convert: Callable[[int, list[str], str], Complaint | RecordError],
        calendar: WorkingDayCalendar,
        edition: CodeEdition | None,
        as_of: date | None,
        late_acknowledgement: LateAcknowledgement,
        writer: _Writer,
        tally: _Tally,
    ) -> None:
        self.late_acknowledgement = late_acknowledgement
        self.convert = convert
        self.calendar = calendar
        self.edition = edition
        self.as_of = as_of
        self.writer = writer
        self.tally = tally

    def reject(self, error: RecordError) -> None:
        self.tally.rejected += 1
        self.writer.rejected(error)

    def row(self, item: tuple[int, list[str], str] | RecordError) -> None:
        if isinstance(item, RecordError):
            self.reject(item)
            return
        complaint = self.convert(*item)
        if isinstance(complaint, RecordError):
            self.reject(complaint)
            return
        try:
            assessment = check(
                complaint,
                calendar=self.calendar,
                edition=self.edition,
                as_of=self.as_of,
                late_acknowledgement=self.late_acknowledgement,
            )
        except ComplaintCodeError as error:
            # A readable date the calendar or the Code cannot judge (2204, or before July
            # 2020): this row is rejected, the run goes on.
            self.reject(RecordError(item[0], complaint.reference, None, None, str(error)))
            return
        self.writer.assessment(assessment, self.tally.add(assessment), item[0])


# The worker process's own judge (set once by _start_worker; one per process, never shared).
_WORKER: dict[str, Any] = {}


def _start_worker(
    header: tuple[str, ...],
    columns: ColumnMap | None,
    date_format: str | None,
    calendar: WorkingDayCalendar,
    edition: CodeEdition | None,
    as_of: date | None,
    late_acknowledgement: LateAcknowledgement,
    fmt: str,
    quiet: bool,
) -> None:
    text = io.StringIO()
    csv.writer(text).writerow(header)
    text.seek(0)
    _WORKER.update(
        convert=read_cases(text, columns=columns, date_format=date_format).convert,
        calendar=calendar,
        edition=edition,
        as_of=as_of,
        late_acknowledgement=late_acknowledgement,
        fmt=fmt,
        quiet=quiet,
    )


def _work(batch: list[tuple[int, list[str], str] | RecordError]) -> tuple[str, _Tally]:
    out = io.StringIO()
    tally = _Tally()
    judge = _Judge(
        _WORKER["convert"],
        _WORKER["calendar"],
        _WORKER["edition"],
        _WORKER["as_of"],
        _WORKER["late_acknowledgement"],
        _Writer(_WORKER["fmt"], out, _WORKER["quiet"], header=False),
        tally,
    )
    for item in batch:
        judge.row(item)
    return out.getvalue(), tally


def _jobs(args: argparse.Namespace, source: Path) -> int:
    if args.jobs:
        return int(args.jobs)
    try:
        big = source.stat().st_size >= _PARALLEL_FROM_BYTES
    except OSError:
        big = False
    return min(os.cpu_count() or 1, 8) if big else 1


def _check(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    forced = None if args.edition == "auto" else edition_named(args.edition)
    source: Path = sample_path() if args.sample else args.file
    columns = ColumnMap.from_toml(args.columns) if args.columns else None
    tally = _Tally()
    progress = _Progress(sys.stderr)
    jobs = _jobs(args, source)
    # Open the input first: an unusable file stops here (exit 2) before any output exists.
    cases = read_cases(source, columns=columns, date_format=args.date_format)
    with cases, _output(args.output) as stream, _fewer_collections():
        writer = _Writer(args.format, stream, args.quiet)
        if jobs == 1:
            judge = _Judge(
                cases.convert,
                calendar,
                forced,
                args.as_of,
                args.late_acknowledgement,
                writer,
                tally,
            )
            for item in cases.raw_rows():
                judge.row(item)
                progress.update(cases.rows, cases.fraction_read)
        else:
            start = (
                cases.header,
                columns,
                args.date_format,
                calendar,
                forced,
                args.as_of,
                args.late_acknowledgement,
                args.format,
                args.quiet,
            )
            with multiprocessing.Pool(jobs, _start_worker, start) as pool:
                # Results are written in file order; at most a few batches wait at once,
                # so memory stays flat however large the file.
                waiting: deque[AsyncResult[tuple[str, _Tally]]] = deque()
                for batch in _batches(cases.raw_rows(), _BATCH_ROWS):
                    waiting.append(pool.apply_async(_work, (batch,)))
                    while len(waiting) > 2 * jobs + 2 or (waiting and waiting[0].ready()):
                        _emit(waiting.popleft().get(), stream, tally)
                        progress.update(tally.rows, cases.fraction_read)
                while waiting:
                    _emit(waiting.popleft().get(), stream, tally)
                    progress.update(tally.rows)
        progress.done()
        summary = tally.lines("the bundled sample" if args.sample else str(source))
        # In text format the summary follows the cases; otherwise stdout stays
        # machine-readable and the summary goes to stderr.
        if args.format == "text":
            stream.write("\n" + "\n".join(summary) + "\n")
        else:
            sys.stderr.write("\n".join(summary) + "\n")
    return EXIT_BREACHES if tally.with_breaches else EXIT_OK


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while streaming many rows.

    Checking allocates millions of short-lived, acyclic objects; the default thresholds
    make the collector scan them again and again (about 15 % of a large run). The previous
    thresholds are restored afterwards.
    """
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _batches(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _emit(result: tuple[str, _Tally], stream: IO[str], tally: _Tally) -> None:
    text, part = result
    stream.write(text)
    tally.merge(part)


def _assess_all(args: argparse.Namespace) -> tuple[list[Assessment], int, str]:
    """Read and check every complaint: (assessments, rows rejected, where they came from)."""
    calendar = _calendar(args)
    forced = None if args.edition == "auto" else edition_named(args.edition)
    source: Path = sample_path() if args.sample else args.file
    columns = ColumnMap.from_toml(args.columns) if args.columns else None
    rejected = 0
    assessments = []
    with read_cases(source, columns=columns, date_format=args.date_format) as cases:
        for item in cases:
            if isinstance(item, RecordError):
                rejected += 1
                continue
            try:
                assessments.append(
                    check(
                        item,
                        calendar=calendar,
                        edition=forced,
                        as_of=args.as_of,
                        late_acknowledgement=args.late_acknowledgement,
                    )
                )
            except ComplaintCodeError:
                rejected += 1
    return assessments, rejected, "the bundled sample" if args.sample else str(source)


def _report(args: argparse.Namespace) -> int:
    from complaintcode.report import FinancialYear, summarise

    assessments, rejected, where = _assess_all(args)
    summary = summarise(
        assessments,
        period=FinancialYear(args.year),
        homes=args.homes,
        by=args.by,
        ch02_basis=args.ch02_basis,
    )
    _publish(
        args,
        summary,
        f"Read {len(assessments):,} complaints from {where}{_rejected_note(rejected)}; the "
        f"report counts the stages received in {FinancialYear(args.year).label}.",
    )
    return EXIT_OK


def _self_assessment(args: argparse.Namespace) -> int:
    from complaintcode.report import FinancialYear
    from complaintcode.selfassessment import Thresholds, self_assessment

    thresholds = Thresholds(green=args.green, amber=args.amber)
    year = FinancialYear(args.year)
    edition = edition_for(year.start) if args.edition == "auto" else edition_named(args.edition)
    assessments, rejected, where = _assess_all(args)
    in_year = [
        a for a in assessments if a.complaint is not None and year.contains(a.complaint.received)
    ]
    result = self_assessment(in_year, edition=edition, thresholds=thresholds)
    _publish(
        args,
        result,
        f"Read {len(assessments):,} complaints from {where}{_rejected_note(rejected)}; "
        f"{len(in_year):,} were received in {year.label} and assessed against the "
        f"{edition.name} Code.",
    )
    return EXIT_OK


class _Publishable(Protocol):
    def to_markdown(self) -> str: ...
    def to_csv(self) -> str: ...
    def to_rows(self) -> list[dict[str, str]]: ...


def _publish(args: argparse.Namespace, table: _Publishable, note: str) -> None:
    """Write a report or self-assessment in the chosen format; the note goes to stderr."""
    if args.format == "markdown":
        text = table.to_markdown()
    elif args.format == "csv":
        text = table.to_csv()
    else:
        text = json.dumps(table.to_rows(), indent=2, ensure_ascii=False) + "\n"
    with _output(args.output) as stream:
        stream.write(text)
    sys.stderr.write(note + "\n")


def _rejected_note(rejected: int) -> str:
    return f" ({rejected:,} rows rejected: see complaintcode check)" if rejected else ""


# -- deadlines, rules, working-days -------------------------------------------------------------


def _deadlines(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    received: date | datetime = args.received
    received_day = received.date() if isinstance(received, datetime) else received
    first_received = args.stage1_received or received_day
    if args.stage1_received and args.stage1_received > received_day:
        raise UsageError("--stage1-received must not be after the stage's own received date")
    edition = edition_for(first_received) if args.edition == "auto" else edition_named(args.edition)
    stages = [Stage(1, received if args.stage == 1 else first_received)]
    for number in range(2, args.stage + 1):
        stages.append(Stage(number, received if number == args.stage else received_day))
    last = stages[-1]
    stages[-1] = Stage(last.number, last.received, acknowledged=args.acknowledged)
    complaint = Complaint("deadlines", stages)
    assessment = check(complaint, calendar=calendar, edition=edition)
    table = assessment.timetable[args.stage]
    print(
        f"Stage {args.stage} received {received.isoformat()} ({received_day:%A}), "
        f"judged under the {edition.name} Code"
    )
    lines = table.lines()
    if not lines:
        print(f"  The {edition.name} Code sets no deadlines for stage {args.stage}.")
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


def _rules(args: argparse.Namespace) -> int:
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


def _working_days(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    start: date | datetime = args.start
    result = calendar.add_working_days(start, args.n)
    effective = calendar.effective_date(start)
    print(f"{start.isoformat()} + {args.n} {plural(args.n)} = {result.isoformat()} ({result:%A})")
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


_COMMANDS = {
    "check": _check,
    "report": _report,
    "self-assessment": _self_assessment,
    "deadlines": _deadlines,
    "rules": _rules,
    "working-days": _working_days,
}


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
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
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
