"""The checks a complaint's history must pass: each field's type, then the whole history.

:mod:`complaintcode.model` runs them on construction; each failure raises an error that
names the class or the complaint, the field and the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from complaintcode._kinds import ResponseItem
from complaintcode.errors import InvalidComplaint, InvalidType

if TYPE_CHECKING:
    from complaintcode.model import Complaint, Stage

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def check_type(kind: type, *, optional: bool = False, allow_datetime: bool = False) -> _Validator:
    """An attrs validator rejecting a value of the wrong type with a clear InvalidType.

    Dates exclude datetimes unless ``allow_datetime``; whole numbers exclude booleans.
    """
    name = "datetime.date or datetime.datetime" if allow_datetime else kind.__name__
    article = "an" if name[0].lower() in "aeiou" else "a"

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        # The exact type is the common case (a reader builds millions): decided at once.
        if type(value) is kind or (value is None and optional):
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


def frozen_items(value: Iterable[ResponseItem] | None) -> frozenset[ResponseItem] | None:
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


def validate_complaint(c: Complaint) -> None:
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
