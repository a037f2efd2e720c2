"""What every rule reads: the complaint as it stood at ``as_of``, the edition, the calendar."""

from __future__ import annotations

from datetime import date

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import CodeEdition, Provision
from complaintcode.model import Complaint, Refusal, Stage
from complaintcode.results import Finding, LateAcknowledgement, Severity
from complaintcode.rules.ids import RuleId


class Context:
    """The inputs of one check. ``stages`` and ``refusal`` hold only what happened by ``as_of``.

    ``complaint`` is ``None`` when one stage's timetable is worked out from its dates alone
    (:func:`complaintcode.checking.timetable`); the complaint-wide rules then have nothing
    to read.

    A plain slotted class, made once per check and never changed: building it is on the
    hot path of :func:`complaintcode.check_all`.
    """

    __slots__ = (
        "as_of",
        "calendar",
        "complaint",
        "edition",
        "late_acknowledgement",
        "refusal",
        "stages",
    )

    def __init__(
        self,
        complaint: Complaint | None,
        edition: CodeEdition,
        calendar: WorkingDayCalendar,
        as_of: date | None,
        stages: tuple[Stage, ...],
        refusal: Refusal | None,
        late_acknowledgement: LateAcknowledgement = "moves-clock",
    ) -> None:
        self.late_acknowledgement = late_acknowledgement
        self.complaint = complaint
        self.edition = edition
        self.calendar = calendar
        self.as_of = as_of
        self.stages = stages
        self.refusal = refusal

    @classmethod
    def build(
        cls,
        complaint: Complaint,
        edition: CodeEdition,
        calendar: WorkingDayCalendar,
        as_of: date | None,
        late_acknowledgement: LateAcknowledgement = "moves-clock",
    ) -> Context:
        """The context, with stages received after ``as_of`` left out."""
        stages = complaint.stages
        refusal = complaint.refusal
        if as_of is not None:
            stages = tuple(s for s in stages if s.received_date <= as_of)
            if refusal is not None and refusal.decided > as_of:
                refusal = None
        return cls(complaint, edition, calendar, as_of, stages, refusal, late_acknowledgement)

    def seen(self, day: date | None) -> date | None:
        """``day`` if it had happened by ``as_of``, else ``None``."""
        if day is None or self.as_of is None or day <= self.as_of:
            return day
        return None

    def days_late(self, due: date, actual: date) -> int:
        """Working days late (0: in time); see :meth:`WorkingDayCalendar.working_days_late`.

        A due date or an action on a non-working day counts as the next working day, so a
        late action is never "0 working days" late, whatever the start rule.
        """
        return self.calendar.working_days_late(due, actual)

    def refused(self, stage: int) -> bool:
        """Whether stage ``stage`` was refused (by ``as_of``)."""
        return self.refusal is not None and self.refusal.stage == stage

    def finding(
        self,
        rule: RuleId,
        provision: Provision,
        stage: int | None,
        message: str,
        *,
        due: date | None = None,
        actual: date | None = None,
        working_days_late: int | None = None,
    ) -> Finding:
        """A finding under this context's edition, with severity from the provision."""
        severity = Severity.BREACH if provision.obligation == "must" else Severity.ADVISORY
        return Finding(
            rule=rule,
            provision=provision.number,
            edition=self.edition.name,
            stage=stage,
            severity=severity,
            message=message,
            due=due,
            actual=actual,
            working_days_late=working_days_late,
        )
