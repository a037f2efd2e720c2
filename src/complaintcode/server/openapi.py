"""The OpenAPI 3.1 document of the service, built on the package's own JSON Schemas.

The component schemas ``Complaint``, ``Assessment``, ``Deadlines``, ``Report``,
``Action``, ``Errors`` and ``Service`` are the published schema files themselves, their
internal references re-rooted in the document (``#/$defs/Date`` →
``#/components/schemas/Complaint/$defs/Date``) and references to another published schema
by its ``$id`` pointed at its component; the request envelopes and the answers
(``CheckResults``, ``Worklist``, ``Rules``, ``Editions``, ``Health``) refer to them.
"""

from __future__ import annotations

from typing import Any

from complaintcode import __version__
from complaintcode.serialize import SCHEMA_NAMES, SchemaName, schema

__all__ = ["openapi_document"]

_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_EDITION = {"type": ["string", "null"], "enum": ["2020", "2022", "2024", None]}


def _component(name: str, document: dict[str, Any]) -> dict[str, Any]:
    """A published schema as a component: its references re-rooted in the OpenAPI document.

    ``$schema`` goes (the document's ``jsonSchemaDialect`` says the same) and ``$id`` too,
    so that every tool resolves ``#/components/schemas/NAME/$defs/...`` alike; the
    ``$id`` is kept in ``x-schema-id``. Nothing else changes.
    """

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items() if k not in ("$schema", "$id")}
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                out["$ref"] = f"#/components/schemas/{name}/{ref[2:]}"
            elif isinstance(ref, str) and ref.startswith(_ID_PREFIX):
                # another published schema, by its $id: that schema's component
                other = ref.removeprefix(_ID_PREFIX).rsplit(":", 1)[0]
                out["$ref"] = f"#/components/schemas/{_component_name(other)}"
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return {"x-schema-id": document["$id"], **walk(document)}


_ID_PREFIX = "urn:complaintcode:schema:"


def _component_name(schema_name: str) -> str:
    """The component of a published schema: ``self_assessment`` → ``SelfAssessment``."""
    return "".join(part.capitalize() for part in schema_name.split("_"))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [kind, {"type": "null"}]}


def _envelopes() -> dict[str, Any]:
    complaints = {"type": "array", "items": _ref("Complaint")}
    return {
        "CheckRequest": {
            "type": "object",
            "description": 'Exactly one of "complaint" (one document) or "complaints" (a batch). '
            "A batch is all or nothing: one invalid complaint refuses the request, listing "
            "every problem of every complaint.",
            "additionalProperties": False,
            "properties": {
                "complaint": _ref("Complaint"),
                "complaints": complaints,
                "as_of": {
                    **_nullable(_DATE),
                    "description": "Judge open stages as at the end of this day; null: not judged "
                    "against a date (never today by default).",
                },
                "edition": {**_EDITION, "description": "Force an edition of the Code."},
                "late_acknowledgement": {"enum": ["moves-clock", "capped"]},
            },
        },
        "DeadlinesRequest": {
            "type": "object",
            "required": ["received"],
            "additionalProperties": False,
            "properties": {
                "received": {
                    "type": "string",
                    "description": 'A date ("2023-05-05") or a date-time with seconds '
                    '("2023-05-05T17:30:00", London time without an offset).',
                },
                "stage": {"type": "integer", "enum": [1, 2, 3], "default": 1},
                "acknowledged": _nullable(_DATE),
                "stage1_received": {
                    **_nullable(_DATE),
                    "description": "For stage 2 or 3: when stage 1 was received (chooses the "
                    "edition).",
                },
                "edition": _EDITION,
                "extensions": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Complaint/$defs/Extension"},
                },
                "cutoff": {
                    "type": ["string", "null"],
                    "pattern": "^[0-9]{2}:[0-9]{2}$",
                    "description": "Out-of-hours cut-off, London time: a date-time at or after it "
                    "starts the clock on the next working day.",
                },
            },
        },
        "DueRequest": {
            "type": "object",
            "required": ["complaints", "as_of"],
            "additionalProperties": False,
            "properties": {
                "complaints": complaints,
                "as_of": {
                    "type": "string",
                    "description": 'The moment of the queue: a date ("2024-05-14") or a date-time '
                    '("2024-05-14T17:45:00", London time without an offset), read as its London '
                    "day, the next one at or after the cut-off. Required: never today by default.",
                },
                "within": {
                    "type": "integer",
                    "minimum": 0,
                    "default": 5,
                    "description": "Actions due within this many working days are DUE_SOON.",
                },
                "edition": _EDITION,
                "late_acknowledgement": {"enum": ["moves-clock", "capped"]},
            },
        },
        "ReportRequest": {
            "type": "object",
            "required": ["complaints", "year"],
            "additionalProperties": False,
            "properties": {
                "complaints": complaints,
                "year": {"type": "integer", "description": "Financial year: 2023 = 2023-24."},
                "as_of": {
                    **_nullable(_DATE),
                    "description": "Default: the last day of the financial year.",
                },
                "homes": {
                    "oneOf": [
                        {"type": "integer", "minimum": 0},
                        {"type": "object", "additionalProperties": {"type": "integer"}},
                        {"type": "null"},
                    ]
                },
                "by": {"type": ["string", "null"]},
                "ch02_basis": {"enum": ["responded", "received"]},
                "edition": _EDITION,
            },
        },
    }


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


_REFUSED = {
    "400": _json("Errors", "The body is not UTF-8 JSON."),
    "413": _json("Errors", "The body is over the size limit."),
    "415": _json("Errors", "The Content-Type is not application/json."),
    "422": _json("Errors", "The body does not match the schema: every problem, with its pointer."),
}


def _post(summary: str, request: str, response: str, extra: str = "") -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "description": extra or summary,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref(request)}},
            },
            "responses": {"200": _json(response, "The result."), **_REFUSED},
        }
    }


def _get(summary: str, response: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "responses": {"200": _json(response, summary)}}}


_PUBLISHED: tuple[SchemaName, ...] = tuple(
    name for name in SCHEMA_NAMES if name not in ("self_assessment", "conformance")
)
"""The published schemas the service reads or writes."""


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI 3.1 document (``GET /openapi.json``)."""
    components = {
        **{
            _component_name(name): _component(_component_name(name), schema(name))
            for name in _PUBLISHED
        },
        **_envelopes(),
        "Worklist": {"$ref": "#/components/schemas/Action/$defs/Worklist"},
        "CheckResults": {"$ref": "#/components/schemas/Service/$defs/Results"},
        "Rules": {"$ref": "#/components/schemas/Service/$defs/Rules"},
        "Editions": {"$ref": "#/components/schemas/Service/$defs/Editions"},
        "Health": {"$ref": "#/components/schemas/Service/$defs/Health"},
    }
    check_result = {"oneOf": [_ref("Assessment"), _ref("CheckResults")]}
    paths = {
        "/v1/check": _post(
            "Check one complaint or a batch against the Code",
            "CheckRequest",
            "CheckResults",
            "One complaint gives its assessment; a batch gives every assessment and counts.",
        ),
        "/v1/deadlines": _post(
            "One stage's deadlines from its dates, each explained",
            "DeadlinesRequest",
            "Deadlines",
        ),
        "/v1/due": _post(
            "The work queue: every action owed on the complaints at as_of",
            "DueRequest",
            "Worklist",
            "Overdue first, then by due date, with counts by state and kind. A complaint the "
            "Code or the calendar cannot judge refuses the request (422) with its pointer.",
        ),
        "/v1/report": _post("The annual complaints performance figures", "ReportRequest", "Report"),
        "/v1/rules": _get("The rule catalogue: every rule under every edition", "Rules"),
        "/v1/editions": _get("The editions of the Code and their timescales", "Editions"),
        "/healthz": _get("The service is up", "Health"),
    }
    paths["/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = (
        check_result
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "complaintcode",
            "version": __version__,
            "description": "The Housing Ombudsman's Complaint Handling Code (England) as a "
            "stateless JSON API. Nothing sent is stored.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": components},
    }
