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

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NoReturn

import attrs

from complaintcode.calendar import london_day
from complaintcode.errors import InvalidComplaint, InvalidType

__all__ = [
    "Complaint",
    "ExclusionGround",
    "Extension",
    "Outcome",
    "Refusal",
    "Remedy",
    "RemedyKind",
    "ResponseItem",
    "Stage",
]


class _Described(enum.Enum):
    """An enumeration whose values are its members in words."""

    @property
    def label(self) -> str:
        """The member in words (its value)."""
        return str(self.value)


class Outcome(_Described):
    """The decision recorded at the end of a stage (``None`` means none was recorded).

    >>> Outcome["PARTLY_UPHELD"].label
    'partly upheld'
    """

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly upheld"
    NOT_UPHELD = "not upheld"
    WITHDRAWN = "withdrawn"


class RemedyKind(_Described):
    """The ways of putting things right that the Code lists, plus ``OTHER``.

    >>> RemedyKind.ACTION_ON_DELAY.label
    'action on a delay'
    """

    APOLOGY = "apology"
    ACKNOWLEDGEMENT = "acknowledging where things went wrong"
    EXPLANATION = "explanation"
    ACTION_ON_DELAY = "action on a delay"
    RECONSIDERED_DECISION = "reconsidered decision"
    RECORD_AMENDED = "record amended"
    FINANCIAL = "financial remedy"
    POLICY_CHANGE = "change to a policy or procedure"
    OTHER = "other"


class ResponseItem(_Described):
    """What a stage response letter must confirm (2022 Code 5.8/5.16, 2024 Code 6.9/6.19).

    >>> ResponseItem.ESCALATION_ROUTE.label
    'how to escalate the complaint'
    """

    STAGE = "the complaint stage"
    DEFINITION = "the complaint definition"
    DECISION = "the decision"
    REASONS = "the reasons for the decision"
    REMEDY = "any remedy offered"
    OUTSTANDING_ACTIONS = "any outstanding actions"
    ESCALATION_ROUTE = "how to escalate the complaint"


class ExclusionGround(_Described):
    """Why a landlord refused to accept (or escalate) a complaint.

    >>> ExclusionGround.OUT_OF_TIME.label
    'the issue arose more than 12 months before the complaint'
    """

    OUT_OF_TIME = "the issue arose more than 12 months before the complaint"
    LEGAL_PROCEEDINGS = "legal proceedings have started"
    PREVIOUSLY_CONSIDERED = "the matter was considered before"
    OTHER = "another ground"


def _frozen_items(value: Iterable[ResponseItem] | None) -> frozenset[ResponseItem] | None:
    """The response items as a frozenset; names, strings and other values are refused."""
    if value is None:
        return None
    given: object = value  # the annotation is what callers should pass, not what they do
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidType(
            f"Stage.response_items must be None or a collection of ResponseItem; got {value!r}"
        )
    items = frozenset(value)
    for item in items:
        if not isinstance(item, ResponseItem):
            raise InvalidType(
                f"Stage.response_items must hold ResponseItem members (ResponseItem[name] "
                f"gives one from a name); got {item!r}"
            )
    return items


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _check_type(kind: type, *, optional: bool = False, allow_datetime: bool = False) -> _Validator:
    """An attrs validator rejecting a value of the wrong type with a clear InvalidType.

    Dates exclude datetimes unless ``allow_datetime``; whole numbers exclude booleans.
    """
    name = "datetime.date or datetime.datetime" if allow_datetime else kind.__name__
    article = "an" if name[0].lower() in "aeiou" else "a"

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        wrong = (
            not isinstance(value, kind)
            or (kind is date and not allow_datetime and isinstance(value, datetime))
            or (kind is int and isinstance(value, bool))
        )
        if wrong:
            raise InvalidType(
                f"{type(instance).__name__}.{attribute.name} must be "
                f"{'None or ' if optional else ''}{article} {name}; got {value!r}"
            )

    return validate


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
    acknowledged: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
    responded: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
    handler: str | None = attrs.field(
        default=None, kw_only=True, validator=_check_type(str, optional=True)
    )
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
    due: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
    completed: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
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
    issue_date: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
    aware_date: date | None = attrs.field(
        default=None,
        kw_only=True,
        validator=_check_type(date, optional=True),
    )
    remedies: tuple[Remedy, ...] = attrs.field(default=(), kw_only=True, converter=_remedy_tuple)
    refusal: Refusal | None = attrs.field(default=None, kw_only=True)
    category: str | None = attrs.field(
        default=None, kw_only=True, validator=_check_type(str, optional=True)
    )
    tenure: str | None = attrs.field(
        default=None, kw_only=True, validator=_check_type(str, optional=True)
    )
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


def _validate(c: Complaint) -> None:
    """Raise InvalidComplaint for the first thing in the history that cannot be true."""
    ref = c.reference

    def fail(field: str, message: str) -> NoReturn:
        raise InvalidComplaint(ref, field, message)

    if not ref.strip():
        fail("reference", "must not be blank")
    if not c.stages:
        fail("stages", "a complaint needs at least stage 1")
    numbers = [s.number for s in c.stages]
    if numbers != list(range(1, len(numbers) + 1)):
        fail("stages", f"stage numbers must run 1, 2, … in order; got {numbers}")
    awareness = {
        isinstance(s.received, datetime) and s.received.tzinfo is not None
        for s in c.stages
        if isinstance(s.received, datetime)
    }
    if len(awareness) > 1:
        fail("stages", "received datetimes mix naive and time-zone-aware values")
    previous: Stage | None = None
    for i, s in enumerate(c.stages):
        _validate_stage(s, f"stages[{i}]", fail)
        if previous is not None and s.received_date < previous.received_date:
            fail(
                f"stages[{i}].received",
                f"stage {s.number} received {s.received_date} is before stage "
                f"{previous.number} was received on {previous.received_date}",
            )
        previous = s
    if c.issue_date is not None and c.aware_date is not None and c.aware_date < c.issue_date:
        fail(
            "aware_date",
            f"{c.aware_date} is before the issue occurred on {c.issue_date}",
        )
    for i, r in enumerate(c.remedies):
        if r.due is not None and r.due < r.offered:
            fail(f"remedies[{i}].due", f"{r.due} is before the remedy was offered on {r.offered}")
        if r.completed is not None and r.completed < r.offered:
            fail(
                f"remedies[{i}].completed",
                f"{r.completed} is before the remedy was offered on {r.offered}",
            )
        if r.amount is not None and (not r.amount.is_finite() or r.amount < 0):
            fail(f"remedies[{i}].amount", f"must be a sum of money, 0 or more; got {r.amount}")
    if c.refusal is not None:
        refusal = c.refusal
        if not 1 <= refusal.stage <= len(c.stages):
            fail(
                "refusal.stage",
                f"stage {refusal.stage} was refused but the complaint has {len(c.stages)} stage(s)",
            )
        refused = c.stages[refusal.stage - 1]
        if refusal.decided < refused.received_date:
            fail(
                "refusal.decided",
                f"{refusal.decided} is before stage {refused.number} was received on "
                f"{refused.received_date}",
            )
        if refusal.stage < len(c.stages):
            fail(
                "refusal.stage",
                f"stage {refusal.stage} was refused, yet the complaint has a stage "
                f"{refusal.stage + 1}",
            )


def _validate_stage(s: Stage, where: str, fail: Callable[[str, str], NoReturn]) -> None:
    received = s.received_date
    if s.acknowledged is not None and s.acknowledged < received:
        fail(
            f"{where}.acknowledged",
            f"{s.acknowledged} is before the stage was received on {received}",
        )
    if s.responded is not None and s.responded < received:
        fail(f"{where}.responded", f"{s.responded} is before the stage was received on {received}")
    for j, e in enumerate(s.extensions):
        if e.working_days <= 0:
            fail(
                f"{where}.extensions[{j}].working_days",
                f"an extension must be 1 working day or more; got {e.working_days}",
            )
        if e.notified < received:
            fail(
                f"{where}.extensions[{j}].notified",
                f"{e.notified} is before the stage was received on {received}",
            )
        if s.responded is not None and e.notified > s.responded:
            fail(
                f"{where}.extensions[{j}].notified",
                f"{e.notified} is after the response was sent on {s.responded}",
            )
