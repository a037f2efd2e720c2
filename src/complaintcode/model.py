"""The complaint's history: what happened and when.

These are frozen, slotted attrs classes. They record facts only; they never decide whether
the Code was followed (that is :func:`complaintcode.check`). A :class:`Complaint` checks
on construction that its history could be true — a response cannot come before the
complaint was received — and raises :class:`~complaintcode.errors.InvalidComplaint`
naming the reference, the field and the values when it could not.

>>> from datetime import date
>>> complaint = Complaint(
...     "C-1",
...     [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17))],
... )
>>> complaint.stage(1).responded
datetime.date(2024, 5, 17)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal

import attrs

from complaintcode._kinds import ExclusionGround, Outcome, RemedyKind, ResponseItem
from complaintcode._validation import check_type as _check_type
from complaintcode._validation import frozen_items as _frozen_items
from complaintcode._validation import validate_complaint as _validate
from complaintcode.calendar import london_day
from complaintcode.errors import InvalidComplaint, InvalidType

# In the order of the reference page (docs/reference/model.md): the history, then the
# vocabularies it uses.
__all__ = [  # noqa: RUF022
    "Complaint",
    "Stage",
    "Extension",
    "Remedy",
    "Refusal",
    "Outcome",
    "RemedyKind",
    "ResponseItem",
    "ExclusionGround",
]

# Defined with the other vocabularies, presented where 0.1.0 defined them.
for _public in (ExclusionGround, Outcome, RemedyKind, ResponseItem):
    _public.__module__ = __name__
del _public

# The validators several fields share (each names the class, the field and the value).
_MAYBE_DATE = _check_type(date, optional=True)
_MAYBE_TEXT = _check_type(str, optional=True)


@attrs.frozen
class Extension:
    """An extension of a stage's response deadline, as notified to the resident.

    ``working_days`` moves the then-current deadline; ``reason`` is what the resident
    was told (an empty string means no reason was given).

    >>> Extension(date(2024, 5, 20), 10, "awaiting a surveyor's report", good_reason=True)
    Extension(notified=datetime.date(2024, 5, 20), working_days=10, reason="awaiting a surveyor's report", good_reason=True, ombudsman_details_given=False)
    """  # noqa: E501

    notified: date = attrs.field(validator=_check_type(date))
    working_days: int = attrs.field(validator=_check_type(int))
    reason: str = attrs.field(validator=_check_type(str))
    good_reason: bool = attrs.field(default=False, kw_only=True, validator=_check_type(bool))
    ombudsman_details_given: bool = attrs.field(
        default=False, kw_only=True, validator=_check_type(bool)
    )


def _extension_tuple(extensions: Iterable[Extension]) -> tuple[Extension, ...]:
    return tuple(extensions)


@attrs.frozen
class Stage:
    """One stage of a complaint: received, acknowledged, answered.

    ``received`` may be a datetime (aware, or naive meaning London time) so that an
    out-of-hours cut-off can apply; the other events are dates. At stage 2, ``received``
    is when the escalation request arrived.

    >>> Stage(2, date(2024, 6, 3), acknowledged=date(2024, 6, 5), handler="A Jones").handler
    'A Jones'
    """

    number: int = attrs.field(validator=_check_type(int))
    received: date | datetime = attrs.field(validator=_check_type(date, allow_datetime=True))
    acknowledged: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    responded: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    handler: str | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_TEXT)
    extensions: tuple[Extension, ...] = attrs.field(
        default=(), kw_only=True, converter=_extension_tuple
    )
    outcome: Outcome | None = attrs.field(
        default=None, kw_only=True, validator=_check_type(Outcome, optional=True)
    )
    response_items: frozenset[ResponseItem] | None = attrs.field(
        default=None, kw_only=True, converter=_frozen_items
    )
    received_date: date = attrs.field(init=False, eq=False, repr=False)
    """The London calendar day the stage was received (derived from ``received``)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "received_date", london_day(self.received))


@attrs.frozen
class Remedy:
    """Something the landlord offered to put things right.

    ``amount`` is money in pounds as a :class:`~decimal.Decimal` (never a float).

    >>> from decimal import Decimal
    >>> Remedy(RemedyKind.FINANCIAL, "time and trouble", offered=date(2024, 5, 17),
    ...        due=date(2024, 5, 31), amount=Decimal("150.00")).amount
    Decimal('150.00')
    """

    kind: RemedyKind = attrs.field(validator=_check_type(RemedyKind))
    description: str = attrs.field(validator=_check_type(str))
    offered: date = attrs.field(kw_only=True, validator=_check_type(date))
    due: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    completed: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    amount: Decimal | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(Decimal, optional=True),
    )


@attrs.frozen
class Refusal:
    """A decision not to take a complaint forward.

    ``stage=1`` is a refusal to accept the complaint; ``stage=2`` a refusal to escalate
    it. ``reasons_given`` and ``ombudsman_rights_given`` record whether the resident was
    told why, and told they may take the decision to the Ombudsman.

    >>> Refusal(date(2024, 5, 10), ExclusionGround.OUT_OF_TIME, reasons_given=True,
    ...         ombudsman_rights_given=True).stage
    1
    """

    decided: date = attrs.field(validator=_check_type(date))
    ground: ExclusionGround = attrs.field(validator=_check_type(ExclusionGround))
    stage: int = attrs.field(default=1, kw_only=True, validator=_check_type(int))
    reasons_given: bool = attrs.field(kw_only=True, validator=_check_type(bool))
    ombudsman_rights_given: bool = attrs.field(kw_only=True, validator=_check_type(bool))


def _attribute_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """Normalise free attributes to sorted (name, value) pairs: hashable and comparable."""
    if not value:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    result = {str(k): str(v) for k, v in pairs}
    return tuple(sorted(result.items()))


def _stage_tuple(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(stages)


def _remedy_tuple(remedies: Iterable[Remedy]) -> tuple[Remedy, ...]:
    return tuple(remedies)


@attrs.frozen
class Complaint:
    """A complaint's whole history, validated on construction.

    Stages must be numbered 1, 2, … in order. ``issue_date`` is when the issue occurred
    and ``aware_date`` when the resident became aware of it (for the 12-month window).
    ``category``, ``tenure`` and ``attributes`` (any other named values, such as a team)
    are free text kept for grouping in reports; the rules never read them.

    Raises:
        InvalidComplaint: when the history could not be true; the message names the
            reference, the field and the values.

    >>> Complaint("C-2", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 2))])
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidComplaint: complaint C-2: stages[0].acknowledged: 2024-05-02 is before the stage was received on 2024-05-03
    """  # noqa: E501

    reference: str = attrs.field(validator=_check_type(str))
    stages: tuple[Stage, ...] = attrs.field(converter=_stage_tuple)
    issue_date: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    aware_date: date | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_DATE)
    remedies: tuple[Remedy, ...] = attrs.field(default=(), kw_only=True, converter=_remedy_tuple)
    refusal: Refusal | None = attrs.field(default=None, kw_only=True)
    category: str | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_TEXT)
    tenure: str | None = attrs.field(default=None, kw_only=True, validator=_MAYBE_TEXT)
    attributes: tuple[tuple[str, str], ...] = attrs.field(
        default=(), kw_only=True, converter=_attribute_pairs
    )

    def __attrs_post_init__(self) -> None:
        _validate(self)

    def attribute(self, name: str) -> str | None:
        """A free-text attribute kept for grouping (a team, a patch, a scheme), or ``None``.

        ``category`` and ``tenure`` are answered too.

        >>> c = Complaint("C-4", [Stage(1, date(2024, 5, 3))], tenure="LCRA",
        ...               attributes={"team": "Repairs North"})
        >>> c.attribute("team"), c.attribute("tenure"), c.attribute("patch")
        ('Repairs North', 'LCRA', None)
        """
        if name == "category":
            return self.category
        if name == "tenure":
            return self.tenure
        for key, value in self.attributes:
            if key == name:
                return value
        return None

    def stage(self, number: int) -> Stage:
        """The stage with this number.

        >>> Complaint("C-3", [Stage(1, date(2024, 5, 3))]).stage(1).number
        1
        """
        if 1 <= number <= len(self.stages):
            return self.stages[number - 1]
        raise KeyError(f"complaint {self.reference} has no stage {number}")

    @property
    def received(self) -> date:
        """The London calendar day stage 1 was received (this chooses the edition)."""
        return self.stages[0].received_date

    # -- lifecycle: each returns a new, validated complaint ---------------------------------
    # A case system records events one at a time. Each helper builds the next complaint
    # through the constructor (attrs.evolve), so the same validation runs as when a history
    # is built whole, and an event that is already recorded is never silently overwritten.

    def acknowledge(self, stage: int, on: date) -> Complaint:
        """Return this complaint with stage ``stage`` acknowledged on ``on``.

        Raises:
            InvalidComplaint: for a stage that does not exist or is already acknowledged,
                or a date the history cannot have (before the stage was received).

        >>> c = Complaint("L-1", [Stage(1, date(2024, 5, 3))])
        >>> c.acknowledge(1, date(2024, 5, 7)).stage(1).acknowledged
        datetime.date(2024, 5, 7)
        >>> c.acknowledge(1, date(2024, 5, 2))
        Traceback (most recent call last):
        ...
        complaintcode.errors.InvalidComplaint: complaint L-1: stages[0].acknowledged: 2024-05-02 is before the stage was received on 2024-05-03
        """  # noqa: E501
        current = self._open_stage(stage, "acknowledged")
        return self._with_stage(attrs.evolve(current, acknowledged=on))

    def respond(
        self,
        stage: int,
        on: date,
        *,
        outcome: Outcome | None = None,
        items: Iterable[ResponseItem] | None = None,
    ) -> Complaint:
        """Return this complaint with stage ``stage`` answered on ``on``.

        ``outcome`` is the decision and ``items`` what the response letter confirmed
        (``None``: not recorded).

        Raises:
            InvalidComplaint: for a stage that does not exist or is already answered, a
                date before the stage was received, or before an extension was notified.

        >>> c = Complaint("L-2", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
        >>> answered = c.respond(1, date(2024, 5, 17), outcome=Outcome.UPHELD,
        ...                      items=[ResponseItem.DECISION, ResponseItem.REASONS])
        >>> answered.stage(1).responded, answered.stage(1).outcome.name
        (datetime.date(2024, 5, 17), 'UPHELD')
        """
        current = self._open_stage(stage, "responded")
        changed = attrs.evolve(current, responded=on, outcome=outcome, response_items=items)
        return self._with_stage(changed)

    def extend(self, stage: int, extension: Extension) -> Complaint:
        """Return this complaint with ``extension`` recorded on stage ``stage``.

        Raises:
            InvalidComplaint: for a stage that does not exist, an extension of no days,
                or one notified before the stage was received or after its response.

        >>> c = Complaint("L-3", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
        >>> c.extend(1, Extension(date(2024, 5, 20), 5, "a surveyor's report")).stage(1).extensions
        (Extension(notified=datetime.date(2024, 5, 20), working_days=5, reason="a surveyor's report", good_reason=False, ombudsman_details_given=False),)
        """  # noqa: E501
        if not isinstance(extension, Extension):
            raise InvalidType(f"extension must be an Extension; got {extension!r}")
        current = self._existing_stage(stage)
        return self._with_stage(attrs.evolve(current, extensions=(*current.extensions, extension)))

    def escalate(self, received: date | datetime, *, handler: str | None = None) -> Complaint:
        """Return this complaint with its next stage started: the escalation request ``received``.

        Raises:
            InvalidComplaint: when the request comes before the previous stage was
                received, or the last stage was refused.

        >>> c = Complaint("L-4", [Stage(1, date(2024, 5, 3), responded=date(2024, 5, 17))])
        >>> c.escalate(date(2024, 6, 3), handler="A Jones").stage(2).received
        datetime.date(2024, 6, 3)
        """
        following = Stage(len(self.stages) + 1, received, handler=handler)
        return attrs.evolve(self, stages=(*self.stages, following))

    def refuse(self, refusal: Refusal) -> Complaint:
        """Return this complaint with ``refusal`` recorded (to accept it, or to escalate it).

        Raises:
            InvalidComplaint: when a refusal is already recorded, the refused stage does
                not exist or is not the last one, or the decision predates the stage.

        >>> from complaintcode.model import ExclusionGround
        >>> c = Complaint("L-5", [Stage(1, date(2024, 5, 3))])
        >>> c.refuse(Refusal(date(2024, 5, 8), ExclusionGround.OUT_OF_TIME,
        ...                  reasons_given=True, ombudsman_rights_given=True)).refusal.stage
        1
        """
        if not isinstance(refusal, Refusal):
            raise InvalidType(f"refusal must be a Refusal; got {refusal!r}")
        if self.refusal is not None:
            raise InvalidComplaint(
                self.reference,
                "refusal",
                f"a refusal is already recorded (stage {self.refusal.stage}, decided "
                f"{self.refusal.decided})",
            )
        return attrs.evolve(self, refusal=refusal)

    def add_remedy(self, remedy: Remedy) -> Complaint:
        """Return this complaint with ``remedy`` offered.

        Raises:
            InvalidComplaint: for a target or completion date before the offer, or an
                amount that is not a sum of money.

        >>> c = Complaint("L-6", [Stage(1, date(2024, 5, 3))])
        >>> c.add_remedy(Remedy(RemedyKind.APOLOGY, "apology", offered=date(2024, 5, 17),
        ...                     due=date(2024, 5, 24))).remedies[0].due
        datetime.date(2024, 5, 24)
        """
        if not isinstance(remedy, Remedy):
            raise InvalidType(f"remedy must be a Remedy; got {remedy!r}")
        return attrs.evolve(self, remedies=(*self.remedies, remedy))

    def complete_remedy(self, remedy: int | Remedy, on: date) -> Complaint:
        """Return this complaint with a remedy (its index in ``remedies``, or itself) completed.

        Raises:
            InvalidComplaint: for a remedy the complaint does not have, one already
                completed, or a completion date before the offer.

        >>> c = Complaint("L-7", [Stage(1, date(2024, 5, 3))], remedies=[
        ...     Remedy(RemedyKind.APOLOGY, "apology", offered=date(2024, 5, 17))])
        >>> c.complete_remedy(0, date(2024, 5, 20)).remedies[0].completed
        datetime.date(2024, 5, 20)
        """
        index = self._remedy_index(remedy)
        found = self.remedies[index]
        if found.completed is not None:
            raise InvalidComplaint(
                self.reference,
                f"remedies[{index}].completed",
                f"the remedy was already completed on {found.completed}",
            )
        remedies = list(self.remedies)
        remedies[index] = attrs.evolve(found, completed=on)
        return attrs.evolve(self, remedies=remedies)

    def _existing_stage(self, number: int) -> Stage:
        if type(number) is not int or not 1 <= number <= len(self.stages):
            raise InvalidComplaint(
                self.reference,
                "stages",
                f"there is no stage {number!r} (the complaint has {len(self.stages)})",
            )
        return self.stages[number - 1]

    def _open_stage(self, number: int, event: str) -> Stage:
        """Stage ``number``, when ``event`` has not been recorded on it yet."""
        stage = self._existing_stage(number)
        already = getattr(stage, event)
        if already is not None:
            raise InvalidComplaint(
                self.reference,
                f"stages[{number - 1}].{event}",
                f"stage {number} was already {event} on {already}",
            )
        return stage

    def _with_stage(self, stage: Stage) -> Complaint:
        stages = list(self.stages)
        stages[stage.number - 1] = stage
        return attrs.evolve(self, stages=stages)

    def _remedy_index(self, remedy: int | Remedy) -> int:
        if isinstance(remedy, Remedy):
            for index, candidate in enumerate(self.remedies):
                if candidate == remedy:
                    return index
        elif type(remedy) is int and 0 <= remedy < len(self.remedies):
            return remedy
        raise InvalidComplaint(
            self.reference,
            "remedies",
            f"no such remedy {remedy!r} (the complaint has {len(self.remedies)})",
        )
