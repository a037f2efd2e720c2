"""What-if questions on one stage: what an extension could still do, and what a change would.

:func:`extension_options` says what an extension notice sent on a day could still give;
:func:`preview_extension` and :func:`preview_response` give the assessment before and
after a proposed change, without changing anything. All are exported from
:mod:`complaintcode.casework` and :mod:`complaintcode`, and presented there.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from complaintcode._asof import as_of_day, seen
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import LateAcknowledgement, check
from complaintcode.editions import CodeEdition
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint, Extension
from complaintcode.results import Assessment, Deadline, Finding

__all__ = [
    "ExtensionOptions",
    "Preview",
    "extension_options",
    "preview_extension",
    "preview_response",
]


@attrs.frozen
class ExtensionOptions:
    """What an extension notice sent on ``on`` could still do for one stage.

    * ``deadline``: the stage's response deadline as it stands at ``on`` (after the
      extensions that count so far); ``last_notice_day`` is its date, the last day an
      extension notice counts (the Code: notified before the deadline it extends);
    * ``notice_counts``: whether a notice sent on ``on`` would count;
    * ``cap``, ``used`` and ``room``: the edition's extension cap without a good reason, the
      working days of extension already counted, and ``cap - used`` (never below 0);
    * ``extended``: the deadline a notice on ``on`` for all of ``room`` would give, as a
      :class:`~complaintcode.results.Deadline` (``None`` when it would not count or there
      is no room: a longer extension needs a good reason recorded);
    * ``must_record``: what the notice must give the resident, with the provisions.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("E-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> options = extension_options(c, 1, on=date(2024, 5, 20))
    >>> options.last_notice_day, options.room, options.extended.due
    (datetime.date(2024, 5, 21), 10, datetime.date(2024, 6, 5))
    >>> print(options.extended.basis)
    2024-06-05: 2024-05-21 extended by 10 working days (notified 2024-05-20) (2024 Code 6.4); skips Monday 2024-05-27 (Spring Bank Holiday)
    >>> for item in options.must_record:
    ...     print(item)
    the reason for the extension, explained to the resident (2024 Code 6.4)
    the Ombudsman's contact details (2024 Code 6.5)
    """  # noqa: E501

    reference: str
    stage: int
    on: date
    deadline: Deadline
    notice_counts: bool
    cap: int
    used: int
    room: int
    extended: Deadline | None
    must_record: tuple[str, ...]

    @property
    def last_notice_day(self) -> date:
        """The last day an extension notice can count: the current deadline."""
        return self.deadline.due


def extension_options(
    complaint: Complaint,
    stage: int,
    *,
    on: date | datetime,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> ExtensionOptions:
    """The extension options of stage ``stage`` for a notice sent on ``on``.

    Raises:
        InvalidArgument: for a stage that, at ``on``, does not exist, was refused, has
            no response deadline in the edition, or is already answered.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("E-2", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> extension_options(c, 1, on=date(2024, 5, 22)).notice_counts
    False
    """
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    day = as_of_day(on, cal)
    assessment = check(
        complaint,
        calendar=cal,
        edition=edition,
        as_of=day,
        late_acknowledgement=late_acknowledgement,
    )
    table = assessment.timetable.get(stage)
    final = table.final_respond_by if table is not None else None
    if table is None or final is None or table.respond_by is None:
        raise InvalidArgument(
            "stage",
            stage,
            f"a stage of complaint {complaint.reference} with a response deadline on {day}",
        )
    if seen(complaint.stages[stage - 1].responded, day) is not None:
        raise InvalidArgument(
            "stage", stage, f"a stage not yet answered on {day} (complaint {complaint.reference})"
        )
    rules = assessment.edition.stage(stage)
    cap = rules.extension_cap.working_days
    extended_so_far = table.extended_respond_by
    used = extended_so_far.working_days if extended_so_far is not None else 0
    counted = extended_so_far.extensions if extended_so_far is not None else ()
    room = max(0, cap - used)
    counts = day <= final.due
    extended = None
    if counts and room:
        extended = Deadline(
            cal.add_working_days(final.due, room),
            table.respond_by.due,
            used + room,
            "extension",
            rules.extension_cap.provision,
            assessment.edition.name,
            cal,
            (*counted, (room, day)),
        )
    name = assessment.edition.name
    reason = rules.extension_reason.cite(name)
    must = [f"the reason for the extension, explained to the resident ({reason})"]
    if rules.extension_ombudsman_details is not None:
        must.append(
            f"the Ombudsman's contact details ({rules.extension_ombudsman_details.cite(name)})"
        )
    return ExtensionOptions(
        complaint.reference, stage, day, final, counts, cap, used, room, extended, tuple(must)
    )


@attrs.frozen
class Preview:
    """The assessment before and after a proposed change, both at the same moment.

    ``complaint`` is the changed complaint (the original is untouched). ``added`` are the
    findings the change brings, ``cleared`` those it removes (two findings are the same
    when their rule, stage, dates and working days late are; the wording may differ).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("P-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> p = preview_response(c, 1, date(2024, 5, 24), as_of=date(2024, 5, 20))
    >>> [f.rule for f in p.added], p.after.status(1).name
    (['stage1.response'], 'LATE')
    """

    as_of: date
    before: Assessment
    after: Assessment
    complaint: Complaint = attrs.field(eq=False, repr=False)

    @property
    def added(self) -> tuple[Finding, ...]:
        """Findings after the change that were not there before it."""
        before = {_same(f) for f in self.before.findings}
        return tuple(f for f in self.after.findings if _same(f) not in before)

    @property
    def cleared(self) -> tuple[Finding, ...]:
        """Findings before the change that the change removes."""
        after = {_same(f) for f in self.after.findings}
        return tuple(f for f in self.before.findings if _same(f) not in after)


def _same(finding: Finding) -> tuple[object, ...]:
    """What makes two findings the same breach (their wording may differ)."""
    return (finding.rule, finding.stage, finding.due, finding.actual, finding.working_days_late)


def _preview(
    original: Complaint,
    changed: Complaint,
    change_day: date,
    as_of: date | datetime,
    calendar: WorkingDayCalendar | None,
    edition: CodeEdition | str | None,
    late_acknowledgement: LateAcknowledgement,
) -> Preview:
    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    # Judge both at the later of as_of and the change, so that the change is seen and the
    # "before" says what doing nothing until then would give.
    day = max(as_of_day(as_of, cal), change_day)
    before = check(
        original,
        calendar=cal,
        edition=edition,
        as_of=day,
        late_acknowledgement=late_acknowledgement,
    )
    after = check(
        changed, calendar=cal, edition=edition, as_of=day, late_acknowledgement=late_acknowledgement
    )
    return Preview(day, before, after, changed)


def preview_extension(
    complaint: Complaint,
    stage: int,
    extension: Extension,
    *,
    as_of: date | datetime,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> Preview:
    """The assessment if ``extension`` were recorded on stage ``stage``; nothing changes.

    Both assessments are made at the later of ``as_of`` and the notice's date.

    Raises:
        InvalidComplaint: when the extension could not be part of the history.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Extension, Stage
    >>> c = Complaint("P-2", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> late = Extension(date(2024, 5, 22), 5, "surveyor", ombudsman_details_given=True)
    >>> [f.rule for f in preview_extension(c, 1, late, as_of=date(2024, 5, 22)).added]
    ['stage1.extension-notice']
    """
    changed = complaint.extend(stage, extension)
    return _preview(
        complaint, changed, extension.notified, as_of, calendar, edition, late_acknowledgement
    )


def preview_response(
    complaint: Complaint,
    stage: int,
    on: date,
    *,
    as_of: date | datetime,
    calendar: WorkingDayCalendar | None = None,
    edition: CodeEdition | str | None = None,
    late_acknowledgement: LateAcknowledgement = "moves-clock",
) -> Preview:
    """The assessment if stage ``stage`` were answered on ``on``; nothing changes.

    Both assessments are made at the later of ``as_of`` and ``on``.

    Raises:
        InvalidComplaint: when the stage is already answered, or ``on`` could not be part
            of the history.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> c = Complaint("P-3", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
    >>> p = preview_response(c, 1, date(2024, 5, 21), as_of=date(2024, 5, 20))
    >>> p.after.status(1).name, p.after.findings
    ('ON_TIME', ())
    """
    changed = complaint.respond(stage, on)
    return _preview(complaint, changed, on, as_of, calendar, edition, late_acknowledgement)
