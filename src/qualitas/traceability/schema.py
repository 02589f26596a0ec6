"""The JSON Schema an EPCIS 2.0 capture document must satisfy, and the validator.

Written for this repository from the structure of the standard (GS1 EPCIS 2.0, section 10 and
the JSON/JSON-LD binding): an ``EPCISDocument`` with ``@context``, ``schemaVersion``,
``creationDate`` and ``epcisBody.eventList``; the five event types with their required
fields (``eventTime``, ``eventTimeZoneOffset``, ``action`` where the type has one, a
``bizTransactionList`` on a TransactionEvent, a ``parentID`` on an AssociationEvent) and the
shapes of their lists. It is a subset: user extensions (namespaced keys) are allowed, as the
standard allows them; sensor data is checked only for its shape. Identifiers are
``format: uri``, checked (an absolute URI per RFC 3986: a scheme, then no spaces).

:func:`validate_document` returns every problem with the index of the failing event and the
JSON pointer of the failing value. The same schema is also compiled once to Python code
(fastjsonschema), which decides in a few microseconds whether a value conforms; only a value
that does not is walked by jsonschema for the full list of problems and their pointers (a capture
of thousands of valid events is not slowed by the detailed error reporting it does not need).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_OFFSET = r"^[+-](0[0-9]|1[0-4]):[0-5][0-9]$"

format_checker = FormatChecker(formats=())


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _uri_matches(value)


@lru_cache(maxsize=1 << 16)
def _uri_matches(value: str) -> bool:
    """Remembered: a capture names the same places, lots and vocabularies again and again."""
    return bool(_URI.match(value))


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", value):
        raise ValueError(value)
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def _conforms_date_time(value: str) -> bool:
    try:
        return _is_date_time(value)
    except ValueError:
        return False


format_checker.checks("uri")(_is_uri)
format_checker.checks("date-time", raises=ValueError)(_is_date_time)
_FORMATS: dict[str, Callable[[str], bool]] = {"uri": _is_uri, "date-time": _conforms_date_time}

URI = {"type": "string", "format": "uri"}
URI_LIST = {"type": "array", "items": URI}
QUANTITY = {
    "type": "object",
    "required": ["epcClass"],
    "properties": {
        "epcClass": URI,
        "quantity": {"type": "number", "minimum": 0},
        "uom": {"type": "string", "pattern": "^[A-Z0-9]{2,3}$"},
    },
}
QUANTITY_LIST = {"type": "array", "items": QUANTITY}
PLACE = {"type": "object", "required": ["id"], "properties": {"id": URI}}
VOCAB = {"type": "string", "minLength": 1}
PARTY_LIST_ITEM = {
    "type": "object",
    "properties": {"type": VOCAB, "source": URI, "destination": URI},
}
BIZ_TRANSACTION = {
    "type": "object",
    "required": ["bizTransaction"],
    "properties": {"type": VOCAB, "bizTransaction": URI},
}
ACTION = {"type": "string", "enum": ["ADD", "OBSERVE", "DELETE"]}

COMMON: dict[str, Any] = {
    "@context": {},
    "type": {"type": "string"},
    "eventID": URI,
    "eventTime": {"type": "string", "format": "date-time"},
    "recordTime": {"type": "string", "format": "date-time"},
    "eventTimeZoneOffset": {"type": "string", "pattern": _OFFSET},
    "certificationInfo": {"anyOf": [URI, URI_LIST]},
    "errorDeclaration": {
        "type": "object",
        "required": ["declarationTime"],
        "properties": {
            "declarationTime": {"type": "string", "format": "date-time"},
            "reason": VOCAB,
            "correctiveEventIDs": URI_LIST,
        },
    },
    "readPoint": PLACE,
    "bizLocation": PLACE,
    "bizStep": VOCAB,
    "disposition": VOCAB,
    "persistentDisposition": {
        "type": "object",
        "properties": {
            "set": {"type": "array", "items": VOCAB},
            "unset": {"type": "array", "items": VOCAB},
        },
    },
    "bizTransactionList": {"type": "array", "items": BIZ_TRANSACTION},
    "sourceList": {
        "type": "array",
        "items": {**PARTY_LIST_ITEM, "required": ["type", "source"]},
    },
    "destinationList": {
        "type": "array",
        "items": {**PARTY_LIST_ITEM, "required": ["type", "destination"]},
    },
    "sensorElementList": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["sensorReport"],
            "properties": {
                "sensorMetadata": {"type": "object"},
                "sensorReport": {"type": "array", "items": {"type": "object"}},
            },
        },
    },
    "ilmd": {"type": "object"},
}

_BASE_REQUIRED = ["type", "eventTime", "eventTimeZoneOffset"]


def _event(name: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [*_BASE_REQUIRED, *required],
        "properties": {**COMMON, **properties, "type": {"const": name}},
        # namespaced extensions (prefix:name or a full URI) are allowed; unknown bare keys are not
        "patternProperties": {"^[A-Za-z][A-Za-z0-9_.-]*:": {}},
        "additionalProperties": False,
    }


EVENT_SCHEMAS: dict[str, dict[str, Any]] = {
    "ObjectEvent": _event(
        "ObjectEvent",
        {"action": ACTION, "epcList": URI_LIST, "quantityList": QUANTITY_LIST},
        ["action"],
    ),
    "AggregationEvent": _event(
        "AggregationEvent",
        {
            "action": ACTION,
            "parentID": URI,
            "childEPCs": URI_LIST,
            "childQuantityList": QUANTITY_LIST,
        },
        ["action"],
    ),
    "TransactionEvent": _event(
        "TransactionEvent",
        {"action": ACTION, "parentID": URI, "epcList": URI_LIST, "quantityList": QUANTITY_LIST},
        ["action", "bizTransactionList"],
    ),
    "TransformationEvent": _event(
        "TransformationEvent",
        {
            "transformationID": URI,
            "inputEPCList": URI_LIST,
            "inputQuantityList": QUANTITY_LIST,
            "outputEPCList": URI_LIST,
            "outputQuantityList": QUANTITY_LIST,
        },
        [],
    ),
    "AssociationEvent": _event(
        "AssociationEvent",
        {
            "action": ACTION,
            "parentID": URI,
            "childEPCs": URI_LIST,
            "childQuantityList": QUANTITY_LIST,
        },
        ["action", "parentID"],
    ),
}

DOCUMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["@context", "type", "schemaVersion", "creationDate", "epcisBody"],
    "properties": {
        "@context": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]},
        "type": {"const": "EPCISDocument"},
        "schemaVersion": {"type": "string", "pattern": r"^2\.[0-9]+$"},
        "creationDate": {"type": "string", "format": "date-time"},
        "epcisHeader": {"type": "object"},
        "epcisBody": {
            "type": "object",
            "required": ["eventList"],
            "properties": {
                "eventList": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {"type": {"enum": sorted(EVENT_SCHEMAS)}},
                    },
                }
            },
        },
    },
}

_DOC = Draft7Validator(DOCUMENT_SCHEMA, format_checker=format_checker)
_EVENTS = {k: Draft7Validator(v, format_checker=format_checker) for k, v in EVENT_SCHEMAS.items()}


@cache
def _compiled(kind: str) -> Callable[[Any], Any]:
    """The schema of ``kind`` (an event type, or ``""`` for the document envelope) as compiled
    Python: raises on the first violation. Compiled on first use, once per process."""
    schema = EVENT_SCHEMAS[kind] if kind else DOCUMENT_SCHEMA
    return fastjsonschema.compile(schema, formats=_FORMATS)


def _conforms(kind: str, value: Any) -> bool:
    try:
        _compiled(kind)(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@dataclass(frozen=True)
class SchemaProblem:
    """One failed rule: the event's index (None for the document), its JSON pointer, the message."""

    event_index: int | None
    pointer: str
    message: str


def _pointer(path: Any) -> str:
    return (
        "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) if path else ""
    )


def _problems(
    validator: Draft7Validator, value: Any, base: list[Any], index: int | None
) -> list[SchemaProblem]:
    out = []
    for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
        out.append(SchemaProblem(index, _pointer([*base, *error.absolute_path]), error.message))
    return out


def validate_event(event: Any, *, index: int, base: list[Any] | None = None) -> list[SchemaProblem]:
    """The problems of one event (pointer under ``base``, by default ``/epcisBody/eventList/i``)."""
    base = base if base is not None else ["epcisBody", "eventList", index]
    kind = event.get("type") if isinstance(event, dict) else None
    validator = _EVENTS.get(kind or "")
    if validator is None:
        return [SchemaProblem(index, _pointer([*base, "type"]), f"unknown event type {kind!r}")]
    if _conforms(kind or "", event):
        return []
    return _problems(validator, event, base, index)


def validate_document(document: Any) -> list[SchemaProblem]:
    """Every problem of an EPCIS document: the envelope first, then each event's."""
    problems = [] if _conforms("", document) else _problems(_DOC, document, [], None)
    if problems:
        return problems
    out: list[SchemaProblem] = []
    for i, event in enumerate(document["epcisBody"]["eventList"]):
        out += validate_event(event, index=i)
    return out
