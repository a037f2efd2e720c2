"""Where results go, and how each case is written: text, CSV or JSON Lines.

:func:`output` opens the ``--output`` file (or gives standard output); :class:`CaseLines`
renders one checked row in the chosen format (it runs in worker processes too, so it is
picklable); :func:`publish` writes a report or a self-assessment table. Output meant for a
spreadsheet is safe to open in one: a cell that starts with ``=``, ``+``, ``-`` or ``@``
is prefixed with an apostrophe.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from complaintcode.batch import Checked
from complaintcode.cli.options import STANDARD_STREAM, UsageError
from complaintcode.columnar import RESULT_COLUMNS
from complaintcode.documents import DocumentError
from complaintcode.provenance import Provenance
from complaintcode.records import RecordError
from complaintcode.results import Assessment

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# The same columns as the columnar engine's results table: one list for both. The last
# ones (Provenance.COLUMNS) say what made the results, the same on every row.
CSV_COLUMNS = list(RESULT_COLUMNS)
_PER_ROW = len(CSV_COLUMNS) - len(Provenance.COLUMNS)


def excel_safe(value: object) -> str:
    r"""A cell that a spreadsheet will not run as a formula, and that stays one cell.

    A cell whose first character that is not a space starts a formula (``=``, ``+``,
    ``-``, ``@``, their full-width forms, a tab or a line break) gets an apostrophe in
    front. Carriage returns become line feeds, which the CSV writer quotes (it would
    write a lone CR unquoted, and a spreadsheet would split the row there).

    >>> excel_safe("=HYPERLINK(1)"), excel_safe("  +1"), excel_safe("a\rb")
    ("'=HYPERLINK(1)", "'  +1", 'a\nb')
    """
    text = "" if value is None else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text


@contextlib.contextmanager
def output(path: Path | None) -> Iterator[IO[str]]:
    """The ``--output`` file opened for writing (UTF-8), or standard output (none, or ``-``)."""
    if path is None or str(path) == STANDARD_STREAM:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    with handle:
        yield handle


def made_cells(made: Provenance) -> tuple[str, ...]:
    """The provenance cells every row of ``check --format csv`` ends with, made safe."""
    return tuple(excel_safe(cell) for cell in made.cells())


def made_csv(made: Provenance) -> str:
    """Those cells as CSV text, quoted as the rows are, without a line end."""
    text = io.StringIO()
    csv.writer(text, lineterminator="").writerow(made_cells(made))
    return text.getvalue()


def csv_header() -> str:
    """The header line of ``check --format csv``."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(CSV_COLUMNS)
    return text.getvalue()


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


class CaseLines:
    """Renders one checked row as text in ``fmt`` (``text``, ``csv`` or ``json``).

    Called once per row, in this process or in a worker; returns the lines to write
    (an empty string for a compliant case with ``quiet``). ``made`` is what makes the
    results: in CSV every row ends with its cells (:meth:`Provenance.cells`).
    """

    def __init__(self, fmt: str, quiet: bool, made: Provenance | tuple[str, ...]) -> None:
        self.fmt = fmt
        self.quiet = quiet
        self.made = made_cells(made) if isinstance(made, Provenance) else made
        self._buffer: io.StringIO | None = None
        self._csv: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"fmt": self.fmt, "quiet": self.quiet, "made": self.made}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["fmt"], state["quiet"], state["made"])  # type: ignore[misc]

    def __call__(self, item: Checked) -> str:
        """The text of one row's result."""
        result = item.result
        if isinstance(result, RecordError):
            return self.rejected(result)
        return self._assessment(result, item.verdict, item.row)

    def _csv_line(self, cells: list[object]) -> str:
        if self._buffer is None:
            self._buffer = io.StringIO()
            self._csv = csv.writer(self._buffer, lineterminator="\n")
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._csv.writerow(cells)
        return buffer.getvalue()

    def _assessment(self, assessment: Assessment, result: str, row: int) -> str:
        if self.fmt == "text":
            if self.quiet and result in ("compliant", "not-received"):
                return ""
            count = len(assessment.breaches)
            verdict = {
                "compliant": "compliant",
                "breach": f"{count} {'breach' if count == 1 else 'breaches'}",
                "advisory": "advisory findings only",
                "not-received": "not yet received at the --as-of date",
            }[result]
            lines = [f"{assessment.reference}  {assessment.edition.label}  {verdict}\n"]
            lines.extend(f"    {finding}\n" for finding in assessment.findings)
            return "".join(lines)
        if self.fmt == "csv":
            breaches = len(assessment.breaches)
            complaint = assessment.complaint
            return self._csv_line(
                [
                    row,
                    excel_safe(assessment.reference),
                    result,
                    excel_safe(assessment.edition.name),
                    breaches,
                    len(assessment.findings) - breaches,
                    ";".join(f.rule for f in assessment.findings),
                    *_status_cells(assessment, 1),
                    *_status_cells(assessment, 2),
                    excel_safe(complaint.tenure if complaint and complaint.tenure else ""),
                    excel_safe(complaint.category if complaint and complaint.category else ""),
                    excel_safe(" | ".join(f.message for f in assessment.findings)),
                    "",
                    *self.made,
                ]
            )
        from complaintcode.documents import assessment_record

        return json.dumps(assessment_record(assessment, row=row), ensure_ascii=False) + "\n"

    def rejected(self, error: RecordError | DocumentError) -> str:
        """The text of a rejected row (of an export) or line (of JSON Lines)."""
        if self.fmt == "text":
            return f"rejected: {error}\n"
        if self.fmt == "csv":
            return self._csv_line(
                [
                    error.row,
                    excel_safe(error.reference or ""),
                    "rejected",
                    *([""] * (_PER_ROW - 4)),
                    excel_safe(f"{error.field}: {error.message}" if error.field else error.message),
                    *self.made,
                ]
            )
        from complaintcode.documents import error_record

        return json.dumps(error_record(error), ensure_ascii=False) + "\n"


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """Rows as CSV under a header of ``columns``, every cell (the header too) made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([excel_safe(c) for c in columns])
    for row in rows:
        writer.writerow([excel_safe(row.get(c, "")) for c in columns])
    return out.getvalue()


def publish(
    args: argparse.Namespace,
    *,
    markdown: str,
    columns: Sequence[str],
    rows: list[dict[str, str]],
    note: str,
) -> None:
    """Write a report or self-assessment in the chosen format; the note goes to stderr."""
    if args.format == "markdown":
        text = markdown
    elif args.format == "csv":
        text = csv_text(columns, rows)
    else:
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    with output(args.output) as stream:
        stream.write(text)
    sys.stderr.write(note + "\n")
