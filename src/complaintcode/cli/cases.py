"""Every assessment of an export at once, for the commands that total them up.

``report`` and ``self-assessment`` need all the assessments before they can write a line;
:func:`assess_all` reads and checks the export with :func:`complaintcode.batch.check_export`
and keeps the assessments and the count of rejected rows.
"""

from __future__ import annotations

import argparse

from complaintcode.batch import check_export
from complaintcode.cli.options import calendar_from, columns_from, forced_edition, source_from
from complaintcode.results import Assessment


def assess_all(args: argparse.Namespace) -> tuple[list[Assessment], int, str]:
    """Read and check every complaint: (assessments, rows rejected, where they came from)."""
    source, where = source_from(args)
    batch = check_export(
        source,
        columns=columns_from(args),
        date_format=args.date_format,
        calendar=calendar_from(args),
        edition=forced_edition(args),
        as_of=args.as_of,
        late_acknowledgement=args.late_acknowledgement,
    )
    with batch:
        assessments = [item.result for item in batch if isinstance(item.result, Assessment)]
    return assessments, batch.summary.rejected, where


def rejected_note(rejected: int) -> str:
    """The words added to a report's note when rows were rejected."""
    return f" ({rejected:,} rows rejected: see complaintcode check)" if rejected else ""
