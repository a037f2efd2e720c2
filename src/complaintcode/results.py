"""What :func:`complaintcode.check` returns: deadlines, statuses and findings.

All are immutable: :class:`Deadline` and :class:`Timetable` are named tuples (the
cheapest immutable records Python builds, as ``check_all`` makes millions), the rest frozen
attrs classes. A :class:`Deadline` knows why it falls where it does; a :class:`Finding` is
one breach (or advisory shortfall) of the Code with the provision it rests on; an
:class:`Assessment` gathers them for one complaint.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Literal, NamedTuple

import attrs

from complaintcode import _sentences as sentences
from complaintcode._text import plural as plural
from complaintcode.calendar import NonWorkingDay, WorkingDayCalendar
from complaintcode.editions import CodeEdition, Provision, citation
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint

if TYPE_CHECKING:
    from complaintcode.provenance import Provenance

# In the order of the reference page (docs/reference/check.md).
__all__ = [  # noqa: RUF022
    "LateAcknowledgement",
    "Assessment",
    "Finding",
    "Severity",
    "StageStatus",
    "Timetable",
    "Deadline",
    "DeadlineEvent",
]


class Severity(enum.Enum):
    """How serious a finding is: a "must" of the Code (``BREACH``) or a "should" (``ADVISORY``).

    >>> Severity.BREACH.value
    'breach'
    """

    BREACH = "breach"
    ADVISORY = "advisory"


class StageStatus(enum.Enum):
    """Where a stage's response stands against its deadlines.

    * ``ON_TIME``: answered by the base deadline;
    * ``WITHIN_EXTENSION``: answered after it, but by the compliantly extended deadline;
    * ``LATE``: answered after every compliant deadline;
    * ``OPEN``: not answered, and not past its deadline (or no ``as_of`` was given);
    * ``OVERDUE``: not answered, and ``as_of`` is past the deadline.

    >>> StageStatus.WITHIN_EXTENSION.completed_on_time
    True
    """

    ON_TIME = "on time"
    WITHIN_EXTENSION = "within extension"
    LATE = "late"
    OPEN = "open"
    OVERDUE = "overdue"

    @property
    def completed_on_time(self) -> bool:
        """Answered within the Code's timescales, counting compliant extensions."""
        return self in (StageStatus.ON_TIME, StageStatus.WITHIN_EXTENSION)


LateAcknowledgement = Literal["moves-clock", "capped"]
"""How a late acknowledgement affects a response clock that runs from acknowledgement.

``"moves-clock"`` (the default, the Code's literal words): the clock runs from the actual,
late acknowledgement. ``"capped"``: it runs from the acknowledgement deadline instead, so a
late acknowledgement never buys the landlord more time.
"""


DeadlineEvent = Literal[
    "receipt",
    "receipt of the escalation request",
    "acknowledgement",
    "acknowledgement deadline",
    "late acknowledgement",
    "extension",
]
"""What a deadline was counted from."""


class Deadline(NamedTuple):
    """A date something is due, and why.

    ``working_days`` were counted after ``event`` on ``counted_from`` under
    ``provision`` of the ``edition``; an extended deadline lists the extensions that
    counted, as (working days, date notified). The words are built only when asked for
    (:attr:`explanation`, :attr:`citation`, :attr:`basis`), so checking many complaints
    does not pay for sentences nobody reads.

    >>> from complaintcode import CODE_2024, WorkingDayCalendar
    >>> d = Deadline(date(2024, 5, 21), date(2024, 5, 7), 10, "acknowledgement",
    ...              CODE_2024.stage(1).respond.provision, "2024",
    ...              WorkingDayCalendar.england_and_wales())
    >>> d.basis
    '2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)'
    """

    due: date
    counted_from: date
    working_days: int
    event: DeadlineEvent
    provision: Provision
    edition: str
    calendar: WorkingDayCalendar
    extensions: tuple[tuple[int, date], ...] = ()

    @property
    def explanation(self) -> str:
        """What the date was counted from, in words."""
        days = self.working_days
        unit = plural(days)
        start = self.counted_from
        if self.event == "extension":
            if not self.extensions:
                return sentences.NOT_EXTENDED.format(start=start)
            parts = sentences.EXTENSION_PARTS.join(
                sentences.EXTENSION_PART.format(days=n, unit=plural(n), notified=d)
                for n, d in self.extensions
            )
            if len(self.extensions) == 1:
                return sentences.EXTENDED_ONCE.format(start=start, parts=parts)
            return sentences.EXTENDED.format(start=start, parts=parts, days=days)
        if self.event == "acknowledgement deadline":
            template = sentences.COUNTED_FROM_ACK_DEADLINE
        elif self.event == "late acknowledgement":
            template = sentences.COUNTED_FROM_LATE_ACK
        else:
            template = sentences.COUNTED_FROM_EVENT
        return template.format(days=days, unit=unit, event=self.event, start=start)

    @property
    def citation(self) -> str:
        """The provision, e.g. "2024 Code 6.3"."""
        return self.provision.cite(self.edition)

    @property
    def skipped(self) -> tuple[NonWorkingDay, ...]:
        """Bank holidays and closures (not weekends) between the start and the due date."""
        if self.due <= self.counted_from:
            return ()
        days = self.calendar.non_working_days(self.counted_from, self.due)
        return tuple(d for d in days if d.name not in ("Saturday", "Sunday"))

    @property
    def basis(self) -> str:
        """One line: the date, what it was counted from, the provision, days skipped."""
        text = f"{self.due.isoformat()}: {self.explanation} ({self.citation})"
        skipped = self.skipped
        if skipped:
            text += "; skips " + ", ".join(str(d) for d in skipped)
        return text

    def __str__(self) -> str:
        return self.basis

    def __repr__(self) -> str:
        # The calendar is left out: it is long, and the same for every deadline of a check.
        return (
            f"Deadline(due={self.due!r}, counted_from={self.counted_from!r}, "
            f"working_days={self.working_days!r}, event={self.event!r}, "
            f"provision={self.provision!r}, edition={self.edition!r}, "
            f"extensions={self.extensions!r})"
        )


class Timetable(NamedTuple):
    """The deadlines of one stage (``None`` where the edition sets none).

    ``extended_respond_by`` is ``None`` when no extension was recorded.
    ``acknowledged_on_time`` and ``working_days_to_respond`` are the figures reports add up.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> table = check(Complaint("T-1", [Stage(1, date(2024, 5, 3))])).timetable[1]
    >>> print(table.acknowledge_by.basis)
    2024-05-13: 5 working days after receipt on 2024-05-03 (2024 Code 6.2); skips Monday 2024-05-06 (May Day)
    >>> table.respond_by.due, table.extended_respond_by
    (datetime.date(2024, 5, 28), None)
    """  # noqa: E501

    stage: int
    acknowledge_by: Deadline | None
    respond_by: Deadline | None
    extended_respond_by: Deadline | None = None
    acknowledged_on_time: bool | None = None
    """Acknowledged (or answered) by ``acknowledge_by``; ``None`` where there is no limit."""
    working_days_to_respond: int | None = None
    """Working days from receipt to the response (``None`` while unanswered)."""

    @property
    def final_respond_by(self) -> Deadline | None:
        """The deadline the response is finally judged against."""
        return self.extended_respond_by or self.respond_by

    def lines(self) -> list[str]:
        """Each deadline's basis, labelled, for printing."""
        out = []
        for label, deadline in (
            ("acknowledge by", self.acknowledge_by),
            ("respond by", self.respond_by),
            ("extended respond by", self.extended_respond_by),
        ):
            if deadline is not None:
                out.append(f"stage {self.stage} {label} {deadline.basis}")
        return out


@attrs.frozen
class Finding:
    """One breach of the Code (``BREACH``) or shortfall against a "should" (``ADVISORY``).

    ``rule`` is a stable identifier (see the rule catalogue), ``provision`` the provision's
    number in ``edition``. ``due``, ``actual`` and ``working_days_late`` are set where the
    finding is about a date.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> late = Complaint("F-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))])
    >>> finding = check(late).findings[0]
    >>> finding.rule, finding.provision, finding.severity.name, finding.working_days_late
    ('stage1.acknowledgement', '6.2', 'BREACH', 2)
    """

    rule: str
    provision: str
    edition: str
    stage: int | None
    severity: Severity
    message: str
    due: date | None = None
    actual: date | None = None
    working_days_late: int | None = None

    def __str__(self) -> str:
        where = citation(self.edition, self.provision)
        return f"[{self.rule}] {self.message} ({where}; {self.severity.value})"


@attrs.frozen
class Assessment:
    """The result of checking one complaint.

    ``compliant`` is true when there is no ``BREACH`` finding (advisory findings do not
    make a complaint non-compliant).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> stage = Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))
    >>> open_case = Complaint("A-1", [stage])
    >>> check(open_case).status(1).name
    'OPEN'
    >>> overdue = check(open_case, as_of=date(2024, 6, 28))
    >>> overdue.status(1).name, overdue.compliant
    ('OVERDUE', False)
    """

    reference: str
    edition: CodeEdition
    findings: tuple[Finding, ...]
    timetable: Mapping[int, Timetable]
    statuses: Mapping[int, StageStatus]
    as_of: date | None = None
    refused_stage: int | None = None
    complaint: Complaint | None = attrs.field(default=None, eq=False, repr=False)
    """The complaint that was checked (reports group by its fields)."""
    calendar: WorkingDayCalendar | None = attrs.field(default=None, eq=False, repr=False)
    """The working-day calendar the deadlines were counted on (see :attr:`provenance`)."""

    @property
    def provenance(self) -> Provenance | None:
        """What made this assessment: complaintcode's and holidays' versions, the calendar.

        ``None`` for an assessment built by hand without its calendar.
        """
        if self.calendar is None:
            return None
        from complaintcode.provenance import Provenance

        return Provenance.of(self.calendar)

    @property
    def compliant(self) -> bool:
        """No finding of severity ``BREACH``."""
        return not any(f.severity is Severity.BREACH for f in self.findings)

    @property
    def breaches(self) -> tuple[Finding, ...]:
        """The findings of severity ``BREACH``."""
        return tuple(f for f in self.findings if f.severity is Severity.BREACH)

    def status(self, stage: int) -> StageStatus:
        """The status of stage ``stage``'s response.

        Raises:
            InvalidArgument: for a stage that does not exist (yet, at ``as_of``), was
                refused, or has no response deadline in this edition.
        """
        try:
            return self.statuses[stage]
        except KeyError:
            if stage == self.refused_stage:
                why = f"stage {stage} was refused, so it has no response deadline"
            elif stage in self.timetable:
                why = f"stage {stage} has no response deadline in the {self.edition.label}"
            else:
                why = f"complaint {self.reference} has no stage {stage}"
            raise InvalidArgument("stage", stage, f"a stage with a status ({why})") from None


def count_by_rule(
    findings: Iterable[Finding], breaches: Counter[str], advisories: Counter[str]
) -> int:
    """Add each finding to ``breaches`` or ``advisories`` under its rule; return the breaches.

    How a summary of many assessments counts their findings (the batch's summary, the
    service's totals).

    >>> from collections import Counter
    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> late = check(Complaint("C-9", [Stage(1, date(2024, 5, 3))]), as_of=date(2024, 6, 3))
    >>> breaches, advisories = Counter(), Counter()
    >>> count_by_rule(late.findings, breaches, advisories), sorted(breaches)
    (2, ['stage1.acknowledgement', 'stage1.response'])
    """
    count = 0
    for finding in findings:
        if finding.severity is Severity.BREACH:
            count += 1
            breaches[finding.rule] += 1
        else:
            advisories[finding.rule] += 1
    return count
