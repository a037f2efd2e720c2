"""The columnar engine: every rule of every edition on whole columns of complaints.

Needs the ``fast`` extra (``pip install complaintcode[fast]``: numpy and pyarrow).
Importing ``complaintcode`` never imports this package's dependencies; they load when a
function here is first called.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement
from complaintcode.editions import CodeEdition, edition_named
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint

if TYPE_CHECKING:
    from complaintcode.columnar._columns import Columns
    from complaintcode.columnar._results import CheckResults

__all__ = ["check_columns", "check_complaints"]


def _options(
    calendar: WorkingDayCalendar | None,
    edition: CodeEdition | str | None,
    as_of: date | None,
    late_acknowledgement: str,
) -> tuple[WorkingDayCalendar, CodeEdition | None]:
    if as_of is not None and type(as_of) is not date:
        raise InvalidArgument("as_of", as_of, "a datetime.date or None")
    if late_acknowledgement not in ("moves-clock", "capped"):
        raise InvalidArgument(
            "late_acknowledgement", late_acknowledgement, "'moves-clock' or 'capped'"
        )
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    return cal, edition_named(edition) if edition is not None else None


def check_columns(
    columns: Columns,
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> CheckResults:
    """Check complaints held as :class:`~complaintcode.columnar._columns.Columns`.

    The options mean what they mean for :func:`complaintcode.check`.
    """
    from complaintcode.columnar._engine import evaluate
    from complaintcode.columnar._results import CheckResults

    cal, forced = _options(calendar, edition, as_of, late_acknowledgement)
    return CheckResults(
        evaluate(
            columns,
            calendar=cal,
            edition=forced,
            as_of=as_of,
            late_acknowledgement=late_acknowledgement,
        )
    )


def check_complaints(
    complaints: Iterable[Complaint],
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> CheckResults:
    """Check :class:`~complaintcode.Complaint` objects with the columnar engine.

    Gives the same answers as :func:`complaintcode.check_all`; it pays off for many
    complaints whose findings are mostly not needed one by one.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> results = check_complaints([Complaint("A-1", [Stage(1, date(2024, 5, 3))])])
    >>> results.assessment(0).timetable[1].acknowledge_by.due
    datetime.date(2024, 5, 13)
    """
    from complaintcode.columnar._columns import Columns

    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    return check_columns(
        Columns.from_complaints(complaints, cal),
        calendar=cal,
        edition=edition,
        as_of=as_of,
        late_acknowledgement=late_acknowledgement,
    )
