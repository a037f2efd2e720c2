"""JSON-ready dicts of complaints and assessments, and back: :func:`to_dict`, :func:`from_dict`.

Systems written in other languages send complaints as JSON and read assessments back.
:func:`to_dict` turns a :class:`~complaintcode.Complaint` (or one of its parts) or an
:class:`~complaintcode.Assessment` into plain ``dict``/``list``/``str``/``int``/``bool``/
``None`` values that :func:`json.dumps` writes as they are; :func:`from_dict` builds a
validated complaint from such a dict (for instance what :func:`json.loads` returned).
The conversion is done by one cattrs converter configured with hooks;
the schema it implements is published as JSON Schema files (:func:`schema`) and explained
field by field on the docs' "JSON documents" page.

The schema, in short:

* **Keys are the Python attribute names** (``snake_case``), e.g. ``working_days``.
* **Output is explicit**: every key is always written; an optional value not recorded is
  ``null``, an empty list ``[]``, no free attributes ``{}``, a flag not set ``false``.
* **Input may omit** any key that has a default (the same as writing its default), must
  have every required key, and must not have unknown keys (a misspelt key is an error,
  never silently ignored).
* **Dates** are ISO 8601 strings: ``"2024-05-07"``; a stage's ``received`` may also be a
  date-time, ``"2024-05-07T16:45:00+01:00"`` when time-zone aware, or without an offset
  (``"2024-05-07T16:45:00"``) meaning London local time. Nothing else is read:
  ``"1/2/2024"`` is rejected, never guessed.
* **Money** is a decimal string, ``"150.00"``, never a JSON number (a float cannot hold
  pence exactly).
* **Enumerations** are member names: ``"PARTLY_UPHELD"``, ``"FINANCIAL"``.
* **Response items** are a list of names in alphabetical order (``null`` = not recorded,
  ``[]`` = recorded, and none was included).
* **Free attributes** are a JSON object of strings: ``{"team": "Repairs North"}``.

>>> from datetime import date
>>> from complaintcode import Complaint, Stage
>>> doc = to_dict(Complaint("C-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))]))
>>> doc["stages"][0]["received"], doc["stages"][0]["responded"], doc["remedies"]
('2024-05-03', None, [])
>>> from_dict(doc, Complaint) == Complaint(
...     "C-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
True
>>> doc["stages"][0]["received"] = "3/5/2024"
>>> from_dict(doc, Complaint)
Traceback (most recent call last):
...
complaintcode.errors.InvalidDocument: complaint C-1: invalid document: stages[0].received: expected an ISO 8601 date ("2024-05-07") or date-time ("2024-05-07T16:45:00+01:00"); got '3/5/2024'
"""  # noqa: E501

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any, Literal, TypeVar, get_args

import cattrs
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from complaintcode._text import shown
from complaintcode.errors import ComplaintCodeError, InvalidArgument, InvalidDocument
from complaintcode.model import (
    Complaint,
    Extension,
    Refusal,
    Remedy,
    ResponseItem,
    Stage,
)
from complaintcode.results import Assessment, Deadline, Finding, Timetable

__all__ = [
    "SCHEMA_NAMES",
    "InvalidDocument",
    "SchemaName",
    "complaint_from_dict",
    "from_dict",
    "schema",
    "to_dict",
]

SchemaName = Literal[
    "complaint",
    "assessment",
    "deadlines",
    "report",
    "action",
    "errors",
    "self_assessment",
    "service",
    "conformance",
]
"""The names of the published JSON Schemas (version 1)."""

SCHEMA_NAMES: tuple[SchemaName, ...] = get_args(SchemaName)
"""Every published schema's name; the files are ``schemas/NAME.schema.json``."""

T = TypeVar("T", Complaint, Stage, Extension, Remedy, Refusal)


# --- leaf values: strict readers with messages a caller can act on -------------------------

# The shapes; whether a date or time is real is then up to date/datetime.fromisoformat, which
# is what the schemas' patterns spell out digit by digit (month 01-12, hour 00-23, ...).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_MONEY = re.compile(r"[0-9]+(\.[0-9]+)?")
_NOT_BLANK = re.compile(r"\S")
# A date-time in the first or last year representable could not be moved to London time.
_DATETIME_YEARS = range(2, 9999)
_DATE_WORDS = 'an ISO 8601 date ("2024-05-07")'
_DATETIME_WORDS = 'date-time ("2024-05-07T16:45:00+01:00")'


def _got(value: object) -> str:
    """How a wrong value is shown in a message: JSON's name for its kind and the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown(value)


def _read_date(value: object, _: object = None) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{shown(value)} is not a real date") from None
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        # What types generated from the schema send when a date became a date-time.
        raise ValueError(
            f"expected a date without a time ({_DATE_WORDS}); got the date-time "
            f"{shown(value)}: send the date only (DateOnly in .NET, LocalDate in Java)"
        )
    raise ValueError(f"expected {_DATE_WORDS}; got {_got(value)}")


def _read_received(value: object, _: object = None) -> date | datetime:
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            return _read_date(value)
        if _DATETIME.fullmatch(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{shown(value)} is not a real date-time") from None
            if moment.year not in _DATETIME_YEARS:
                raise ValueError(f"{shown(value)}: a date-time must be in the years 0002 to 9998")
            return moment
    raise ValueError(f"expected {_DATE_WORDS} or {_DATETIME_WORDS}; got {_got(value)}")


def _write_date(value: date) -> str:
    return value.isoformat()


def _read_money(value: object, _: object = None) -> Decimal:
    if isinstance(value, str) and _MONEY.fullmatch(value):
        return Decimal(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f'expected money as a decimal string such as "150.00", not a JSON number '
            f"(a number cannot hold pence exactly); got {shown(value)}"
        )
    raise ValueError(
        f'expected money as a decimal string such as "150.00" (0 or more, digits and an '
        f"optional decimal point); got {_got(value)}"
    )


def _write_money(value: Decimal) -> str:
    if value == 0:
        value = value.copy_abs()  # never "-0.00"
    return format(value, "f")


def _read_str(value: object, _: object = None) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string; got {_got(value)}")


def _read_int(value: object, _: object = None) -> int:
    # JSON Schema counts 10.0 as an integer, so it is accepted here too.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number; got {_got(value)}")


def _read_positive(value: object, _: object = None) -> int:
    """A whole number of 1 or more (a stage number, an extension's working days)."""
    number = _read_int(value)
    if number < 1:
        raise ValueError(f"expected a whole number of 1 or more; got {number}")
    return number


def _read_reference(value: object, _: object = None) -> str:
    """A complaint's reference: a string with something other than spaces in it."""
    reference = _read_str(value)
    if not _NOT_BLANK.search(reference):
        raise ValueError(f"expected a reference that is not blank; got {shown(reference)}")
    return reference


def _read_bool(value: object, _: object = None) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false; got {_got(value)}")


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _enum_reader(kind: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    names = ", ".join(kind.__members__)

    def read(value: object, _: object = None) -> enum.Enum:
        if isinstance(value, str) and value in kind.__members__:
            return kind[value]
        raise ValueError(f"expected one of {names} ({kind.__name__} names); got {_got(value)}")

    return read


def _write_enum(value: enum.Enum) -> str:
    return value.name


def _read_items(value: object, _: object = None) -> frozenset[ResponseItem]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of ResponseItem names; got {_got(value)}")
    read = _enum_reader(ResponseItem)
    items = []
    for i, item in enumerate(value):
        try:
            items.append(read(item, None))
        except ValueError as exc:
            raise ValueError(f"item {i}: {exc}") from None
    if len(set(items)) != len(items):
        raise ValueError(f"a response item is listed twice: {shown(value)}")
    return frozenset(items)  # type: ignore[arg-type]


def _write_items(value: frozenset[ResponseItem]) -> list[str]:
    return sorted(item.name for item in value)


def _read_attributes(value: object, _: object = None) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a JSON object of strings; got {_got(value)}")
    for key, item in value.items():
        if not isinstance(item, str):
            raise ValueError(f"attribute {shown(key)}: expected a string; got {_got(item)}")
    return tuple(sorted((str(k), v) for k, v in value.items()))


def _write_attributes(value: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(value)


def _write_timetable(value: Timetable) -> dict[str, object]:
    """A stage's timetable: every field, deadlines as {due, basis} or null."""
    return {
        "stage": value.stage,
        "acknowledge_by": _write_optional_deadline(value.acknowledge_by),
        "respond_by": _write_optional_deadline(value.respond_by),
        "extended_respond_by": _write_optional_deadline(value.extended_respond_by),
        "acknowledged_on_time": value.acknowledged_on_time,
        "working_days_to_respond": value.working_days_to_respond,
    }


def _write_optional_deadline(value: Deadline | None) -> dict[str, str] | None:
    return None if value is None else _write_deadline(value)


def _write_deadline(value: Deadline) -> dict[str, str]:
    return {"due": value.due.isoformat(), "basis": value.basis}


def _is_tuple_of(kind: Any) -> bool:
    return (
        getattr(kind, "__origin__", None) is tuple
        and len(kind.__args__) == 2
        and (kind.__args__[1] is Ellipsis)
    )


def _tuple_reader(
    converter: cattrs.Converter, kind: Any
) -> Callable[[object, object], tuple[Any, ...]]:
    """Read a JSON array (only an array: a string is not a list of characters) to a tuple."""
    as_list = list[kind.__args__[0]]
    read_list = converter.get_structure_hook(as_list)

    def read(value: object, _: object = None) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list; got {_got(value)}")
        return tuple(read_list(value, as_list))

    return read


def _object_reader(converter: cattrs.Converter, cls: type[Any], **fields: Any) -> Any:
    """Cattrs' generated reader for an attrs class, refusing anything but a JSON object."""
    generated = make_dict_structure_fn(cls, converter, **fields)

    def read(value: object, _: object = None) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a JSON object ({cls.__name__}); got {_got(value)}")
        return generated(value, cls)

    return read


def _make_converter() -> cattrs.Converter:
    """The converter behind :func:`to_dict` and :func:`from_dict` (built once, never changed)."""
    c = cattrs.Converter(forbid_extra_keys=True)

    c.register_structure_hook(str, _read_str)
    c.register_structure_hook(int, _read_int)
    c.register_structure_hook(bool, _read_bool)
    c.register_structure_hook(date, _read_date)
    c.register_structure_hook(Decimal, _read_money)
    c.register_structure_hook_func(lambda t: t == frozenset[ResponseItem], _read_items)
    c.register_structure_hook_func(lambda t: t == date | datetime, _read_received)
    c.register_structure_hook_factory(_is_enum, _enum_reader)
    c.register_structure_hook_factory(_is_tuple_of, lambda t: _tuple_reader(c, t))

    c.register_unstructure_hook(date, _write_date)  # datetimes too (a date subclass)
    c.register_unstructure_hook(Decimal, _write_money)
    c.register_unstructure_hook_func(lambda t: t == frozenset[ResponseItem], _write_items)
    c.register_unstructure_hook_factory(_is_enum, lambda _: _write_enum)
    c.register_unstructure_hook(Deadline, _write_deadline)

    # What the published schema constrains beyond a field's type is checked here too, so
    # that a document is InvalidDocument exactly when the schema rejects it.
    positive = override(struct_hook=_read_positive)
    c.register_structure_hook(Remedy, _object_reader(c, Remedy))
    c.register_structure_hook(Extension, _object_reader(c, Extension, working_days=positive))
    c.register_structure_hook(Refusal, _object_reader(c, Refusal, stage=positive))
    c.register_structure_hook(Stage, _object_reader(c, Stage, number=positive))
    read_stages = _tuple_reader(c, tuple[Stage, ...])

    def stages(value: object, _: object = None) -> tuple[Stage, ...]:
        result = read_stages(value, None)
        if not result:
            raise ValueError("expected at least one stage; got an empty list")
        return result

    attributes = override(struct_hook=_read_attributes, unstruct_hook=_write_attributes)
    c.register_structure_hook(
        Complaint,
        _object_reader(
            c,
            Complaint,
            attributes=attributes,
            reference=override(struct_hook=_read_reference),
            stages=override(struct_hook=stages),
        ),
    )
    c.register_unstructure_hook(
        Complaint, make_dict_unstructure_fn(Complaint, c, attributes=attributes)
    )

    c.register_unstructure_hook(Timetable, _write_timetable)
    write_assessment = make_dict_unstructure_fn(
        Assessment,
        c,
        edition=override(unstruct_hook=lambda e: e.name),
        timetable=override(
            unstruct_hook=lambda t: [c.unstructure(t[k], Timetable) for k in sorted(t)]
        ),
        statuses=override(
            unstruct_hook=lambda s: [{"stage": k, "status": s[k].name} for k in sorted(s)]
        ),
        complaint=override(omit=True),
        calendar=override(omit=True),
    )

    def assessment(value: Assessment) -> dict[str, Any]:
        out = write_assessment(value)
        return {
            "reference": out.pop("reference"),
            "edition": out.pop("edition"),
            "as_of": out.pop("as_of"),
            "compliant": value.compliant,
            **out,
            "provenance": None if value.provenance is None else value.provenance.to_dict(),
        }

    c.register_unstructure_hook(Assessment, assessment)
    return c


_converter = _make_converter()

_LONGEST_SHOWN = 60  # a longer reference is cut in messages (see _text.shown)

_WRITABLE = (Complaint, Stage, Extension, Remedy, Refusal, Assessment, Finding, Timetable)


def to_dict(
    obj: Complaint | Stage | Extension | Remedy | Refusal | Assessment | Finding | Timetable,
) -> dict[str, Any]:
    """The JSON-ready dict of a complaint, one of its parts, or an assessment.

    Every key is written (``null`` where a value is not recorded); the result holds only
    ``dict``, ``list``, ``str``, ``int``, ``bool`` and ``None``, so :func:`json.dumps`
    writes it as it is. An assessment is written without the complaint it checked; its
    ``timetable`` and ``statuses`` are lists ordered by stage.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> late = Complaint("A-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))])
    >>> doc = to_dict(check(late))
    >>> doc["edition"], doc["compliant"], doc["findings"][0]["rule"], doc["statuses"]
    ('2024', False, 'stage1.acknowledgement', [{'stage': 1, 'status': 'OPEN'}])
    >>> doc["timetable"][0]["acknowledge_by"]["due"]
    '2024-05-13'

    Raises:
        InvalidArgument: for an object of any other type.
    """
    candidate: object = obj  # callers without a type checker may pass anything
    if not isinstance(candidate, _WRITABLE):
        names = ", ".join(cls.__name__ for cls in _WRITABLE)
        raise InvalidArgument("obj", obj, f"one of {names}")
    result: dict[str, Any] = _converter.unstructure(obj, type(obj))
    return result


def from_dict(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build a :class:`~complaintcode.Complaint` (or a Stage, Extension, Remedy or Refusal).

    ``data`` is a document in the schema that :func:`to_dict` writes (for instance what
    :func:`json.loads` returned); keys with a default may be left out.

    >>> from complaintcode import Extension
    >>> from_dict({"notified": "2024-05-20", "working_days": 10, "reason": "survey"}, Extension)
    Extension(notified=datetime.date(2024, 5, 20), working_days=10, reason='survey', good_reason=False, ombudsman_details_given=False)
    >>> from_dict({"notified": "2024-05-20", "working_days": 10.5, "reason": "survey"}, Extension)
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidDocument: Extension: invalid document: working_days: expected a whole number; got 10.5

    Raises:
        InvalidDocument: when the document does not match the schema (a wrong type, a
            date not in ISO 8601, money as a number, an unknown enumeration name, a
            missing required key, an unknown key); every problem is listed with its path.
        InvalidComplaint: when it matches but the history cannot be true, as when the
            complaint is built in Python.
        InvalidArgument: when ``cls`` is not one of the classes above.
    """  # noqa: E501
    if cls not in (Complaint, Stage, Extension, Remedy, Refusal):
        raise InvalidArgument("cls", cls, "Complaint, Stage, Extension, Remedy or Refusal")
    what = "complaint" if cls is Complaint else cls.__name__
    reference = None
    if cls is Complaint and isinstance(data, Mapping):
        candidate = data.get("reference")
        if isinstance(candidate, str) and _NOT_BLANK.search(candidate):
            reference = candidate if len(candidate) <= _LONGEST_SHOWN else shown(candidate)
    try:
        result: T = _converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, ComplaintCodeError):
            raise
        untrue = _library_error(exc)
        if untrue is not None:  # the model's InvalidComplaint passes through as it is
            raise untrue from None
        raise InvalidDocument(reference, _problems(exc), what) from exc
    return result


def complaint_from_dict(data: Mapping[str, Any]) -> Complaint:
    """Build a validated complaint from its JSON document: ``from_dict(data, Complaint)``.

    >>> complaint_from_dict({"reference": "C-7", "stages": [
    ...     {"number": 1, "received": "2024-05-07T16:45:00+01:00", "outcome": "UPHELD"}]}
    ... ).stages[0].received_date
    datetime.date(2024, 5, 7)
    """
    return from_dict(data, Complaint)


def _library_error(exc: BaseException) -> ComplaintCodeError | None:
    """The library's own error (InvalidComplaint) that cattrs wrapped, if that is the cause.

    The model is built only once every field has been read, so such an error is then the
    only one in the group.
    """
    if isinstance(exc, ComplaintCodeError):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _library_error(inner)
        if found is not None:
            return found
    return None


def _describe(exc: BaseException, _: Any = None) -> str:
    """A problem in words (cattrs' ``transform_error`` adds where it was)."""
    if isinstance(exc, KeyError):
        return "required key is missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown key(s) " + ", ".join(shown(k) for k in sorted(exc.extra_fields))
    if isinstance(exc, ValueError | TypeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"  # pragma: no cover - defensive


def _problems(exc: BaseException) -> tuple[tuple[str, str], ...]:
    """(path, message) pairs, with paths like the model's: ``stages[0].received``."""
    out = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_describe):
        message, _, path = line.rpartition(" @ ")
        path = path.removeprefix("$.") or "$"
        out.append((path, message))
    return tuple(out)


@functools.cache
def _schema_text(name: str) -> str:
    return (
        resources.files("complaintcode")
        .joinpath("schemas", f"{name}.schema.json")
        .read_text(encoding="utf-8")
    )


def schema(name: SchemaName) -> dict[str, Any]:
    """A published JSON Schema (draft 2020-12), version 1, by name.

    ``"complaint"`` is the input document; ``"assessment"``, ``"deadlines"``, ``"report"``,
    ``"action"``, ``"errors"`` and ``"self_assessment"`` describe what complaintcode writes
    (see :mod:`complaintcode.documents`); ``"service"`` what only the HTTP service writes
    (batch results, the rules, the editions, its health); ``"conformance"`` the
    conformance kit's cases, index and run report.
    The files ship inside the package (``complaintcode/schemas/NAME.schema.json``) and are
    published on the docs site under ``schemas/v1/``; each call returns a fresh dict.

    >>> s = schema("complaint")
    >>> s["$schema"], s["title"], s["required"]
    ('https://json-schema.org/draft/2020-12/schema', 'Complaint', ['reference', 'stages'])

    Raises:
        InvalidArgument: for a name not in :data:`SCHEMA_NAMES`.
    """
    if name not in SCHEMA_NAMES:
        raise InvalidArgument("name", name, "one of " + ", ".join(SCHEMA_NAMES))
    result: dict[str, Any] = json.loads(_schema_text(name))
    return result
