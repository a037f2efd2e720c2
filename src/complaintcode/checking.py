"""Checking complaints against the Code: :func:`check`, :func:`check_all` and :func:`timetable`.

>>> from datetime import date, datetime
>>> from complaintcode import Complaint, Stage, check
>>> complaint = Complaint("C-100", [
...     Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 24)),
... ])
>>> assessment = check(complaint)
>>> assessment.edition.name
'2024'
>>> print(assessment.timetable[1].respond_by.basis)
2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)
>>> for finding in assessment.findings:
...     print(finding.rule, finding.provision, finding.working_days_late)
stage1.response 6.3 3
>>> print(assessment.findings[0].message)
Stage 1 response sent 2024-05-24, 3 working days after its 2024-05-21 deadline (10 working days after acknowledgement on 2024-05-07)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from complaintcode._asof import check_late_acknowledgement
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import CodeEdition, edition_for, edition_named
from complaintcode.errors import CalendarRangeError, InvalidArgument
from complaintcode.model import Complaint, Extension, Stage
from complaintcode.results import (
    Assessment,
    Deadline,
    Finding,
    LateAcknowledgement,
    Severity,
    StageStatus,
    Timetable,
)
from complaintcode.rules._context import Context
from complaintcode.rules.exclusions import refusal_findings
from complaintcode.rules.letters import letter_findings
from complaintcode.rules.remedies import remedy_findings
from complaintcode.rules.stages import stage_findings
from complaintcode.rules.timescales import assess_stage

# Its functions, then the result types it re-exports from complaintcode.results.
__all__ = [  # noqa: RUF022
    "check",
    "check_all",
    "timetable",
    "Assessment",
    "Deadline",
    "Finding",
    "LateAcknowledgement",
    "Severity",
    "StageStatus",
    "Timetable",
]


def check(
    complaint: Complaint,
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> Assessment:
    """Check one complaint against the Code.

    Args:
        complaint: the complaint's history.
        calendar: the working-day calendar; default England & Wales.
        edition: force an edition (a :class:`CodeEdition` or "2020", "2022", "2024");
            by default the edition in force when stage 1 was received.
        as_of: judge the complaint as it stood at the end of this day: later events are
            treated as not yet happened, and open stages past their deadline are
            ``OVERDUE`` breaches. ``None`` (the default) judges the record as it is, and
            open stages are ``OPEN`` with no timing finding. There is no "today" default.
            A datetime ("now") is read as the day
            :meth:`WorkingDayCalendar.day_of <complaintcode.calendar.WorkingDayCalendar.day_of>`
            gives: its London day, or the next day at or after the calendar's cut-off.
        late_acknowledgement: where a response clock runs from the acknowledgement and the
            acknowledgement was late: ``"moves-clock"`` (default, the Code's literal words)
            counts from the late acknowledgement; ``"capped"`` counts from the
            acknowledgement deadline, so lateness is never rewarded. The late
            acknowledgement is a finding either way.

    Returns:
        The :class:`Assessment`: the edition used, each stage's timetable and status, and
        the findings.

    Raises:
        EditionError: when no edition was in force when stage 1 was received.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("C-7", [Stage(1, date(2023, 5, 5), acknowledged=date(2023, 5, 9))])
    >>> check(c).edition.name, check(c, edition="2024").edition.name
    ('2022', '2024')
    """
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    if isinstance(as_of, datetime):
        as_of = cal.day_of(as_of)
    elif as_of is not None and type(as_of) is not date:
        raise InvalidArgument("as_of", as_of, "a datetime.date, a datetime.datetime or None")
    if as_of is not None and not cal.first_day <= as_of <= cal.last_day:
        raise CalendarRangeError(as_of, cal.first_day, cal.last_day, "as_of")
    check_late_acknowledgement(late_acknowledgement)
    chosen = edition_named(edition) if edition is not None else edition_for(complaint.received)
    ctx = Context.build(
        complaint,
        chosen,
        cal,
        as_of,
        late_acknowledgement,
    )
    findings: list[Finding] = []
    timetable: dict[int, Timetable] = {}
    statuses: dict[int, StageStatus] = {}
    letters = False
    for stage in ctx.stages:
        table, status, stage_findings_ = assess_stage(ctx, stage)
        timetable[stage.number] = table
        if status is not None:
            statuses[stage.number] = status
        if stage_findings_:
            findings += stage_findings_
        letters = letters or stage.response_items is not None
    # The guards skip rule families that have nothing to look at (most complaints).
    if len(ctx.stages) > 1:
        findings.extend(stage_findings(ctx))
    if ctx.refusal is not None:
        findings.extend(refusal_findings(ctx))
    if letters:
        findings.extend(letter_findings(ctx))
    if complaint.remedies:
        findings.extend(remedy_findings(ctx))
    return Assessment(
        reference=complaint.reference,
        edition=chosen,
        findings=tuple(findings),
        timetable=timetable,
        statuses=statuses,
        as_of=as_of,
        refused_stage=ctx.refusal.stage if ctx.refusal is not None else None,
        complaint=complaint,
        calendar=cal,
    )


def check_all(
    complaints: Iterable[Complaint],
    *,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    as_of: date | datetime | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> Iterator[Assessment]:
    """Check complaints one by one, yielding each assessment as it is made (streaming).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> cases = [Complaint(f"C-{i}", [Stage(1, date(2024, 5, i))]) for i in (1, 2)]
    >>> [a.reference for a in check_all(cases)]
    ['C-1', 'C-2']
    """
    forced = edition_named(edition) if edition is not None else None
    for complaint in complaints:
        yield check(
            complaint,
            calendar=calendar,
            edition=forced,
            as_of=as_of,
            late_acknowledgement=late_acknowledgement,
        )


def timetable(
    received: date | datetime,
    *,
    stage: int = 1,
    acknowledged: date | None = None,
    responded: date | None = None,
    extensions: Iterable[Extension] = (),
    stage1_received: date | None = None,
    edition: CodeEdition | str | None = None,
    calendar: WorkingDayCalendar | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> Timetable:
    """One stage's deadlines, worked out from its dates alone (no complaint needed).

    The same engine as :func:`check` computes them, so each :class:`Deadline` carries its
    basis. The edition is the one in force when stage 1 was received: ``stage1_received``
    for a later stage (default: ``received``), unless ``edition`` forces one. A stage the
    edition does not have (stage 3 after 2020) gets a timetable with no deadlines.

    Args:
        received: when the stage was received (for stage 2, the escalation request); a
            datetime lets the calendar's out-of-hours cut-off apply.
        stage: the stage number, 1 or more.
        acknowledged: when the stage was acknowledged, if it was; the response clock may
            run from it.
        responded: when the response was sent, if it was (fills in the figures).
        extensions: extensions of the response deadline notified to the resident.
        stage1_received: for stage 2 or 3, when stage 1 was received.
        edition: force an edition (a :class:`CodeEdition` or its name).
        calendar: the working-day calendar; default England & Wales.
        late_acknowledgement: as for :func:`check`.

    Raises:
        InvalidArgument: a date before the stage was received, or ``stage1_received``
            after it.
        EditionError: when no edition was in force when stage 1 was received.

    >>> from datetime import date
    >>> table = timetable(date(2024, 5, 3), acknowledged=date(2024, 5, 7))
    >>> for line in table.lines():
    ...     print(line)
    stage 1 acknowledge by 2024-05-13: 5 working days after receipt on 2024-05-03 (2024 Code 6.2); skips Monday 2024-05-06 (May Day)
    stage 1 respond by 2024-05-21: 10 working days after acknowledgement on 2024-05-07 (2024 Code 6.3)
    >>> timetable(date(2023, 3, 1), stage=2, stage1_received=date(2023, 1, 9)).respond_by.due
    datetime.date(2023, 3, 29)
    """  # noqa: E501
    if type(stage) is not int or stage < 1:
        raise InvalidArgument("stage", stage, "a stage number, 1 or more")
    record = Stage(
        stage, received, acknowledged=acknowledged, responded=responded, extensions=extensions
    )
    day = record.received_date
    if stage1_received is not None and stage1_received > day:
        raise InvalidArgument(
            "stage1_received", stage1_received, f"on or before the stage was received ({day})"
        )
    for name, value in (
        ("acknowledged", acknowledged),
        ("responded", responded),
        *(("extensions", e.notified) for e in record.extensions),
    ):
        if value is not None and value < day:
            raise InvalidArgument(name, value, f"on or after the stage was received ({day})")
    first = stage1_received if stage1_received is not None else day
    chosen = edition_named(edition) if edition is not None else edition_for(first)
    check_late_acknowledgement(late_acknowledgement)
    ctx = Context(
        None,
        chosen,
        calendar if calendar is not None else WorkingDayCalendar.england_and_wales(),
        None,
        (record,),
        None,
        late_acknowledgement,
    )
    return assess_stage(ctx, record).timetable
