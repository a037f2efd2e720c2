"""Reading an export for a command, and saying honestly what was read.

:func:`open_batch` starts :func:`complaintcode.batch.check_export` with the source options;
:func:`too_many_rejected` applies ``--max-rejected`` (and refuses a run that judged
nothing); :func:`reading_lines` states rows read, checked and excluded, and why, for the
summary of ``check`` and the data section of the reports. :func:`assess_all` gives every
assessment at once, for the commands that total them up.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from complaintcode._text import counted, markdown_table, plural
from complaintcode.batch import Batch, BatchSummary, Checked, check_export, not_evidenced
from complaintcode.cli.options import (
    STANDARD_STREAM,
    UsageError,
    as_of_from,
    calendar_from,
    judging_from,
    reading_options,
    source_from,
)
from complaintcode.documents import looks_like_json_lines
from complaintcode.results import Assessment

if TYPE_CHECKING:
    from complaintcode.report import FinancialYear


def open_batch(
    args: argparse.Namespace,
    as_of: date | None,
    *,
    jobs: int | None = 1,
    render: Callable[[Checked], Any] = Checked.itself,
) -> tuple[Batch[Any], str]:
    """The batch over the export the source options name, and the export's name."""
    source, where = source_from(args)
    batch = check_export(
        source,
        **reading_options(args),
        **judging_from(args),
        as_of=as_of,
        jobs=jobs,
        render=render,
    )
    return batch, where


def is_json_lines(args: argparse.Namespace) -> bool:
    """Whether the export is JSON Lines: its first character (past a BOM) is ``{``."""
    if args.sample:
        return False
    if str(args.file) == STANDARD_STREAM:
        peek = getattr(sys.stdin.buffer, "peek", None)
        return peek is not None and looks_like_json_lines(peek(64)[:64])
    try:
        with open(args.file, "rb") as f:
            return looks_like_json_lines(f.read(64))
    except OSError:
        return False  # the CSV reader reports it


def too_many_rejected(summary: BatchSummary, args: argparse.Namespace) -> str | None:
    """Why the run must not succeed (exit 2), or ``None``.

    Too many rows rejected, no row checked, or nothing judged.
    """
    if summary.rows == 0:
        return "the export has no data rows: there is nothing to check"
    unit, records = summary.unit, summary.records
    if summary.checked == 0:
        return f"every {unit} was rejected ({summary.read_text()}): nothing was checked"
    limit = args.max_rejected
    if summary.rejected > limit * records:
        share = _percent(summary.rejected, records)
        joined = f", read from {counted(summary.rows, 'row')}" if summary.joined else ""
        return (
            f"{counted(summary.rejected, unit)} of {records:,} ({share}{joined}) "
            f"{plural(summary.rejected, 'was', 'were')} rejected, "
            f"more than --max-rejected {_percent(limit.numerator, limit.denominator)}: figures "
            "built from the rest would not describe the export (fix the rows or the column "
            "map, or raise --max-rejected)"
        )
    if summary.judged == 0:
        return "no complaint had been received by the --as-of date: nothing to judge"
    return None


def _percent(part: int, whole: int) -> str:
    value = 100 * part / whole
    return f"{value:.1f}%" if value != int(value) else f"{int(value)}%"


def reading_lines(
    summary: BatchSummary, where: str, as_of: date | None = None
) -> list[tuple[str, str]]:
    """What was read, as (label, figure) pairs: rows read, checked, excluded and why.

    Where a complaint's rows were joined into one record (one row per stage), the records
    are counted too, and what was excluded is counted in records.
    """
    lines = [("Rows read", f"{summary.rows:,} from {where}")]
    if summary.joined:
        lines.append(("Records (a complaint's rows joined)", f"{summary.records:,}"))
    lines += [
        ("Complaints checked", f"{summary.checked:,}"),
        (f"{summary.unit.capitalize()}s excluded", f"{summary.rejected:,}"),
    ]
    for reason, count in sorted(summary.rejected_by_reason.items(), key=lambda kv: -kv[1]):
        lines.append((f"Excluded: {reason}", f"{count:,}"))
    if summary.not_received:
        day = as_of.isoformat() if as_of is not None else "the reference date"
        lines.append((f"Received after {day} (not judged)", f"{summary.not_received:,}"))
    return lines


def reason_lines(summary: BatchSummary) -> list[str]:
    """The rejected rows grouped by reason, most frequent first, as indented text lines."""
    if not summary.rejected_by_reason:
        return []
    counts = sorted(summary.rejected_by_reason.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(f"{n:,}") for _, n in counts)
    return [f"  {n:>{width},}  {reason}" for reason, n in counts]


def _reasons_detail(summary: BatchSummary) -> str:
    """The rejections by reason, as lines to follow an error message ("" when none)."""
    reasons = reason_lines(summary)
    if not reasons:
        return ""
    return f"\n{summary.unit.capitalize()}s rejected by reason:\n" + "\n".join(reasons)


def read_record(summary: BatchSummary) -> dict[str, Any]:
    """What was read, for a JSON record: rows, records, checked, rejected, not received.

    ``records`` = ``checked`` + ``rejected``; ``rows`` is more where rows were joined.
    """
    return {
        "rows": summary.rows,
        "records": summary.records,
        "checked": summary.checked,
        "rejected": summary.rejected,
        "rejected_by_reason": dict(summary.rejected_by_reason),
        "not_received": summary.not_received,
    }


def checked_by(by: str | None, built_in: Iterable[str], attributes: Iterable[str]) -> str | None:
    """``--by`` as given, once it names a built-in group or a column the export records.

    Raises UsageError (exit 2) listing the valid names otherwise: a misspelt field is
    never one silent "(not recorded)" group.

    >>> checked_by("team", ("handler",), {"team"})
    'team'
    >>> checked_by("teem", ("handler",), {"team"})
    Traceback (most recent call last):
    ...
    complaintcode.cli.options.UsageError: --by 'teem' is not a field this export records; \
choose one of: handler, team
    """
    if by is None:
        return None
    fixed = list(built_in)
    valid = [*fixed, *sorted(set(attributes) - set(fixed))]
    if by not in valid:
        raise UsageError(
            f"--by {by!r} is not a field this export records; choose one of: {', '.join(valid)}"
        )
    return by


def not_evidenced_text(missing: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Each rule the export cannot evidence, with why: (rule, "no 'x' column")."""
    return [
        (rule, "the export has no " + " or ".join(repr(c) for c in columns) + " column")
        for rule, columns in missing.items()
    ]


def warn_not_evidenced(missing: dict[str, tuple[str, ...]]) -> None:
    """One warning line on stderr per absent column, naming the rules it leaves unevidenced."""
    by_column: dict[str, list[str]] = {}
    for rule, columns in missing.items():
        for column in columns:
            by_column.setdefault(column, []).append(rule)
    for column, rules in by_column.items():
        print(
            f"complaintcode: warning: the export has no {column!r} column, so "
            f"{', '.join(rules)} {'is' if len(rules) == 1 else 'are'} not evidenced: no "
            "finding comes from a fact the export does not record",
            file=sys.stderr,
        )


def assess_all(
    args: argparse.Namespace, as_of: date | None
) -> tuple[list[Assessment], BatchSummary, str, dict[str, tuple[str, ...]]]:
    """Read and check every complaint: (assessments, counts, the export's name, not evidenced).

    Raises UsageError, after printing nothing, when ``--max-rejected`` is exceeded or
    nothing could be judged.
    """
    batch, where = open_batch(args, as_of)
    warn_not_evidenced(batch.not_evidenced)
    # Keeping every assessment makes the collector rescan a growing heap: tune it as check does.
    with batch, fewer_collections():
        assessments = [item.result for item in batch if isinstance(item.result, Assessment)]
    problem = too_many_rejected(batch.summary, args)
    if problem is not None:
        detail = _reasons_detail(batch.summary)
        raise UsageError(f"{where}: {problem}{detail}")
    return assessments, batch.summary, where, batch.not_evidenced


def add_engine_option(
    parser: argparse.ArgumentParser,
    help: str = "auto (default): whole columns at once when the fast extra is installed, "
    "else one complaint at a time; the figures are the same either way",
) -> None:
    """``--engine auto|columnar|object``: which engine reads and checks the export.

    Every command that reads an export takes it (``help`` says what it means there);
    :func:`columnar_applies` reads it.
    """
    parser.add_argument(
        "--engine", choices=["auto", "columnar", "object"], default="auto", help=help
    )


def columnar_applies(args: argparse.Namespace) -> bool:
    """Whether the columnar engine reads and checks the export for a report.

    It does when numpy and pyarrow are installed, whatever the export (the reader reads
    what Arrow cannot), unless ``--engine object`` is given; ``--engine columnar``
    insists on it.
    """
    engine = getattr(args, "engine", "auto")
    if engine == "object":
        return False
    installed = all(importlib.util.find_spec(name) for name in ("numpy", "pyarrow"))
    if engine == "columnar" and not installed:
        raise UsageError(
            "--engine columnar needs the fast extra (pip install 'complaintcode[fast]')"
        )
    return installed


def open_columns(
    args: argparse.Namespace, as_of: date | None
) -> tuple[Iterator[Any], str, dict[str, tuple[str, ...]]]:
    """The export checked batch by batch by the columnar engine, its name, what it lacks.

    The input is opened first, so an unusable file stops here (exit 2) before any output
    exists; the absent columns are warned about, and the rules they evidence left out.
    """
    from complaintcode.columnar._batch import check_file

    reader, where, missing = _column_reader(args)
    batches = check_file(reader, **judging_from(args), as_of=as_of, unevidenced=frozenset(missing))
    return batches, where, missing


def _column_reader(args: argparse.Namespace) -> tuple[Any, str, dict[str, tuple[str, ...]]]:
    """The export opened for the columnar engine, its name, and the rules it cannot evidence.

    What the export lacks is warned about here.
    """
    from complaintcode.columnar._csv import read_columns

    source, where = source_from(args)
    reader = read_columns(source, **reading_options(args), calendar=calendar_from(args))
    missing = not_evidenced(reader.absent_fields)
    warn_not_evidenced(missing)
    return reader, where, missing


def open_rendered(
    args: argparse.Namespace, as_of: date | None, render: Callable[[Any], Any]
) -> tuple[Iterator[tuple[Callable[[], Any], BatchSummary]], str, dict[str, tuple[str, ...]]]:
    """As :func:`open_columns`, but each batch comes as a function rendering it, and its figures.

    See :func:`~complaintcode.columnar._batch.rendered_rows`.

    ``--jobs N`` (N of 2 or more) has N worker processes check a plain CSV file; by
    default it is checked in this process, which measured as fast on two cores (the
    workers cost a third more CPU time and about 100 MB more memory).
    """
    from complaintcode.columnar._batch import rendered_rows

    reader, where, missing = _column_reader(args)
    jobs = args.jobs or 1
    batches = rendered_rows(
        reader,
        render,
        jobs=jobs,
        **judging_from(args),
        as_of=as_of,
        unevidenced=frozenset(missing),
    )
    return batches, where, missing


def check_columnar(
    args: argparse.Namespace, as_of: date | None, each: Callable[[Any], None]
) -> tuple[BatchSummary, str, dict[str, tuple[str, ...]]]:
    """Check the export with the columnar engine, handing each batch of results to ``each``.

    Returns what :func:`assess_all` returns but the assessments: the counts, the export's
    name and the rules it cannot evidence; raises as it does.
    """
    from complaintcode.columnar._batch import summary_of

    batches, where, missing = open_columns(args, as_of)
    summary = BatchSummary()
    for results in batches:
        summary.merge(summary_of(results))
        each(results)
    problem = too_many_rejected(summary, args)
    if problem is not None:
        detail = _reasons_detail(summary)
        raise UsageError(f"{where}: {problem}{detail}")
    return summary, where, missing


def reference_date(args: argparse.Namespace, period_end: date) -> tuple[date, str]:
    """The day a report judges open cases at, and how to say so.

    ``--as-of`` when given (``today`` included), else the end of the period.
    """
    chosen = as_of_from(args)
    if chosen is None:
        return period_end, f"as at the end of the period, {period_end.isoformat()}"
    word = " (today)" if args.as_of == "today" else ""
    return chosen, f"as at the end of {chosen.isoformat()}{word}, given by --as-of"


@attrs.frozen
class YearRead:
    """An export read and checked for a report on one period: what the report is built from.

    ``reference`` says which day open cases were judged at, and why that day.
    """

    period: FinancialYear
    as_of: date
    reference: str
    assessments: list[Assessment]
    counts: BatchSummary
    where: str
    missing: dict[str, tuple[str, ...]]
    """The rules the export cannot evidence, with the columns each lacks."""
    columnar: bool = False
    """Whether the columnar engine checked it: then ``assessments`` is empty and its
    results went, batch by batch, to the ``each`` given to :func:`read_year`."""

    def read_note(self) -> str:
        """How many complaints were read, from where, and how many rows were rejected."""
        checked = counted(self.counts.checked, "complaint")
        return f"Read {checked} from {self.where}{rejected_note(self.counts)}"

    def data(self, *lines: tuple[str, str]) -> list[tuple[str, str]]:
        """The data section's rows: what was read, ``lines``, the day, what is not evidenced."""
        return [
            *reading_lines(self.counts, self.where, self.as_of),
            *lines,
            ("Open cases judged", self.reference),
            *((f"Not evidenced: {rule}", why) for rule, why in not_evidenced_text(self.missing)),
        ]


def read_year(
    args: argparse.Namespace,
    period: FinancialYear,
    each: Callable[[Any], None] | None = None,
) -> YearRead:
    """Read and check the export for a report on ``period`` (see :func:`assess_all`).

    Open cases are judged at ``--as-of``, else at the end of the period. With ``each``,
    and the columnar engine to hand (:func:`columnar_applies`), the export is checked
    with it and each batch of results goes to ``each`` to be added up on whole columns.
    """
    as_of, reference = reference_date(args, period.end)
    if each is not None and columnar_applies(args):
        counts, where, missing = check_columnar(args, as_of, each)
        return YearRead(period, as_of, reference, [], counts, where, missing, columnar=True)
    assessments, counts, where, missing = assess_all(args, as_of)
    return YearRead(period, as_of, reference, assessments, counts, where, missing)


def data_section(data: list[tuple[str, str]]) -> str:
    """The Markdown section that ends a report: what was read, and the reference date."""
    lines = [
        "",
        "## The data",
        "",
        *markdown_table(["What was read", "Figure"], [list(d) for d in data]),
    ]
    return "\n".join(lines) + "\n"


def rejected_note(counts: BatchSummary) -> str:
    """The words added to a report's note when rows (or, joined, records) were rejected."""
    if not counts.rejected:
        return ""
    return f" ({counted(counts.rejected, counts.unit)} rejected: see complaintcode check)"


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
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
