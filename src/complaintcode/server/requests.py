"""Reading HTTP request bodies: strict JSON, every problem with its JSON Pointer.

The bodies are read with the same cattrs converter as complaint documents
(:mod:`complaintcode.serialize`), so the rules are the same everywhere: ``snake_case``
keys, ISO 8601 dates, no unknown keys, and every problem listed, not only the first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

import attrs
import cattrs

from complaintcode.documents import DocumentError, json_pointer, read_document
from complaintcode.editions import CodeEdition, edition_named
from complaintcode.errors import ComplaintCodeError
from complaintcode.model import Complaint, Extension
from complaintcode.serialize import _converter, _library_error, _problems

__all__ = [
    "BadRequest",
    "CheckRequest",
    "DeadlinesRequest",
    "DueRequest",
    "ReportRequest",
    "complaint_of",
    "complaints_of",
    "cutoff_of",
    "edition_of",
    "parse_json",
    "read_body",
]

T = TypeVar("T")

# A copy: the request hooks below must not change how complaint documents are read.
_requests = _converter.copy()


class BadRequest(Exception):
    """A request that cannot be answered: its status, a title and every problem."""

    def __init__(self, status: int, title: str, problems: list[tuple[str, str]]) -> None:
        self.status = status
        self.title = title
        self.problems = problems
        super().__init__(title)


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(body: bytes) -> Any:
    """The JSON value of a request body (UTF-8), or a 400 naming what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, "the body is not UTF-8", [("", str(exc))]) from None
    try:
        return json.loads(text, parse_constant=_no_constants)
    except ValueError as exc:
        raise BadRequest(400, "the body is not valid JSON", [("", str(exc))]) from None


def read_body(data: Any, cls: type[T], *, what: str) -> T:
    """Build a request object from the parsed body, or a 422 listing every problem."""
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else f"{type(data).__name__}"
        raise BadRequest(
            422, "invalid request", [("", f"expected a JSON object ({what}); got {kind}")]
        )
    try:
        return _requests.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        own = exc if isinstance(exc, ComplaintCodeError) else _library_error(exc)
        if own is not None:
            field = getattr(own, "field", None)
            pointer = json_pointer(field) if isinstance(field, str) else ""
            message = getattr(own, "message", str(own))
            raise BadRequest(422, "invalid request", [(pointer, str(message))]) from None
        problems = [(json_pointer(path), message) for path, message in _problems(exc)]
        raise BadRequest(422, "invalid request", problems) from None


def edition_of(name: str | None, pointer: str = "/edition") -> CodeEdition | None:
    """The forced edition named in a request, or a 422."""
    if name is None:
        return None
    try:
        return edition_named(name)
    except ComplaintCodeError:
        raise BadRequest(
            422, "invalid request", [(pointer, f"expected 2020, 2022 or 2024; got {name!r}")]
        ) from None


def complaints_of(documents: list[Any], pointer: str) -> list[Complaint]:
    """Every complaint of a batch; a 422 listing every problem of every complaint if any."""
    complaints: list[Complaint] = []
    problems: list[tuple[str, str]] = []
    for index, document in enumerate(documents):
        item = read_document(document, index + 1)
        if isinstance(item, DocumentError):
            problems += [(f"{pointer}/{index}{p}", m) for p, m in item.problems]
        else:
            complaints.append(item)
    if problems:
        raise BadRequest(422, "invalid complaint document(s)", problems)
    return complaints


def complaint_of(document: Any, pointer: str) -> Complaint:
    """One complaint from its document, or a 422 with every problem."""
    item = read_document(document, 1)
    if isinstance(item, DocumentError):
        raise BadRequest(
            422, "invalid complaint document", [(pointer + p, m) for p, m in item.problems]
        )
    return item


@attrs.frozen(kw_only=True)
class CheckRequest:
    """``POST /v1/check``: one complaint (``complaint``) or a batch (``complaints``)."""

    complaint: dict[str, Any] | None = None
    complaints: list[Any] | None = None
    as_of: date | None = None
    edition: str | None = None
    late_acknowledgement: str = "moves-clock"


@attrs.frozen(kw_only=True)
class ReportRequest:
    """``POST /v1/report``: the complaints and the report's options."""

    complaints: list[Any]
    year: int
    as_of: date | None = None
    homes: int | dict[str, int] | None = None
    by: str | None = None
    ch02_basis: str = "responded"
    edition: str | None = None


@attrs.frozen(kw_only=True)
class DueRequest:
    """``POST /v1/due``: the complaints, the moment, and the warning window."""

    complaints: list[Any]
    as_of: date | datetime
    within: int = 5
    edition: str | None = None
    late_acknowledgement: str = "moves-clock"


@attrs.frozen(kw_only=True)
class DeadlinesRequest:
    """``POST /v1/deadlines``: one stage's dates."""

    received: date | datetime
    stage: int = 1
    acknowledged: date | None = None
    stage1_received: date | None = None
    edition: str | None = None
    extensions: tuple[Extension, ...] = ()
    cutoff: str | None = None


def cutoff_of(text: str | None) -> time | None:
    """The London cut-off time ``HH:MM`` of a request, or a 422."""
    if text is None:
        return None
    try:
        if len(text) != 5:
            raise ValueError(text)
        return time.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            422, "invalid request", [("/cutoff", f'expected a time "HH:MM"; got {text!r}')]
        ) from None


def _read_list(value: Any, _: Any = None) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list; got {type(value).__name__}")
    return value


def _read_object(value: Any, _: Any = None) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a JSON object; got {type(value).__name__}")
    return dict(value)


def _read_homes(value: Any, _: Any = None) -> int | dict[str, int]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, Mapping) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()
    ):
        return {str(k): int(v) for k, v in value.items()}
    raise ValueError(
        f"expected a whole number of homes, or an object of tenure to homes; got {value!r}"
    )


def _maybe(read: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda value, _: None if value is None else read(value)


_HOOKS: tuple[tuple[Any, Callable[[Any, Any], Any]], ...] = (
    (dict[str, Any] | None, _maybe(_read_object)),
    (list[Any] | None, _maybe(_read_list)),
    (list[Any], _read_list),
    (int | dict[str, int] | None, _maybe(_read_homes)),
)


def _is(kind: Any) -> Callable[[Any], bool]:
    return lambda t: bool(t == kind)


for _kind, _read in _HOOKS:
    _requests.register_structure_hook_func(_is(_kind), _read)
