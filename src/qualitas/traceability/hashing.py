"""Event hash IDs (GS1 CBV 2.0, "Event Hash ID" canonical form, ``ni:///sha-256;…?ver=CBV2.0``).

The canonical pre-hash string concatenates ``name=value`` pairs in the order the algorithm
fixes (event type, event time in UTC with milliseconds, time-zone offset, parent, the EPC and
quantity lists with their elements sorted, action, transformation, business step, disposition,
read point, business location, business transactions, sources, destinations, ILMD), with
identifiers in their canonical GS1 Digital Link form and CBV values as full
``https://ref.gs1.org/cbv/…`` URIs; user extensions follow, with their namespace in braces and
sorted. Its SHA-256 is the hash ID. Fields the algorithm ignores (``eventID``, ``recordTime``,
``errorDeclaration``) are left out, so a repeated capture of one event gives the same hash.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from qualitas.traceability.identifiers import canonical

CBV = "https://ref.gs1.org/cbv/"
_VOCAB_PREFIX = {
    "bizStep": "BizStep-",
    "disposition": "Disp-",
    "bizTransaction_type": "BTT-",
    "source_type": "SDT-",
    "destination_type": "SDT-",
    "errorReason": "ER-",
}
_IGNORED = {
    "eventID",
    "recordTime",
    "errorDeclaration",
    "@context",
    "type",
    "eventTime",
    "eventTimeZoneOffset",
}
_ORDER = (
    "certificationInfo",
    "parentID",
    "epcList",
    "inputEPCList",
    "childEPCs",
    "quantityList",
    "childQuantityList",
    "inputQuantityList",
    "outputEPCList",
    "outputQuantityList",
    "action",
    "transformationID",
    "bizStep",
    "disposition",
    "persistentDisposition",
    "readPoint",
    "bizLocation",
    "bizTransactionList",
    # the reference vectors put destinations before sources
    "destinationList",
    "sourceList",
    "sensorElementList",
    "ilmd",
)


def vocabulary(value: str, kind: str) -> str:
    """A CBV value in its full URI form (``shipping`` → ``https://ref.gs1.org/cbv/BizStep-shipping``);
    URN forms (``urn:epcglobal:cbv:bizstep:shipping``) too; other URIs unchanged."""
    prefix = _VOCAB_PREFIX[kind]
    if value.startswith("urn:epcglobal:cbv:"):
        value = value.rsplit(":", 1)[-1]
    if ":" in value:
        return value
    return CBV + prefix + value


def short_vocabulary(value: str) -> str:
    """A CBV value's bare name (``https://ref.gs1.org/cbv/BizStep-shipping`` → ``shipping``); others unchanged."""
    if value.startswith(CBV) and "-" in value:
        return value[len(CBV) :].split("-", 1)[1]
    if value.startswith("urn:epcglobal:cbv:"):
        return value.rsplit(":", 1)[-1]
    return value


def utc_millis(value: str) -> str:
    """``2020-03-04T11:00:30+01:00`` → ``2020-03-04T10:00:30.000Z``."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    # rounded to the millisecond (…03.1415 → …03.142), as the algorithm does
    moment += timedelta(microseconds=500)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _quantity(q: dict[str, Any]) -> str:
    text = "quantityElementepcClass=" + canonical(str(q.get("epcClass", "")))
    if "quantity" in q:
        number = q["quantity"]
        text += "quantity=" + (str(int(number)) if float(number).is_integer() else str(number))
    if "uom" in q:
        text += "uom=" + str(q["uom"])
    return text


def _extension_key(key: str, context: dict[str, str]) -> str:
    prefix, _sep, name = key.partition(":")
    namespace = context.get(prefix)
    return f"{{{namespace}}}{name}" if namespace else key


def _extension(key: str, value: Any, context: dict[str, str]) -> list[str]:
    name = _extension_key(key, context)
    if isinstance(value, dict):
        inner: list[str] = []
        for k in value:
            inner += _extension(k, value[k], context)
        return [name + "".join(sorted(inner))]
    if isinstance(value, list):
        return [s for v in value for s in _extension(key, v, context)]
    return [f"{name}={value}"]


def _field(key: str, value: Any, context: dict[str, str]) -> str:
    if key in ("epcList", "inputEPCList", "childEPCs", "outputEPCList"):
        return key + "".join(sorted("epc=" + canonical(str(v)) for v in value))
    if key.endswith("QuantityList") or key == "quantityList":
        return key + "".join(sorted(_quantity(q) for q in value))
    if key in ("parentID", "transformationID"):
        return f"{key}={canonical(str(value))}"
    if key in ("bizStep", "disposition"):
        return f"{key}={vocabulary(str(value), key)}"
    if key in ("readPoint", "bizLocation"):
        extras = [s for k, v in value.items() if k != "id" for s in _extension(k, v, context)]
        return f"{key}id={canonical(str(value.get('id', '')))}" + "".join(sorted(extras))
    if key == "bizTransactionList":
        items = sorted(
            (f"type={vocabulary(str(b['type']), 'bizTransaction_type')}" if "type" in b else "")
            + f"bizTransaction={canonical(str(b.get('bizTransaction', '')))}"
            for b in value
        )
        return key + "".join(items)
    if key in ("sourceList", "destinationList"):
        role = key[: -len("List")]
        items = sorted(
            f"type={vocabulary(str(p.get('type', '')), role + '_type')}{role}={canonical(str(p.get(role, '')))}"
            for p in value
        )
        return key + "".join(items)
    if key == "persistentDisposition":
        parts = []
        for k in ("set", "unset"):
            parts += sorted(f"{k}={vocabulary(str(v), 'disposition')}" for v in value.get(k, []))
        return key + "".join(parts)
    if key == "certificationInfo":
        values = value if isinstance(value, list) else [value]
        return "".join(sorted(f"certificationInfo={v}" for v in values))
    if isinstance(value, (dict, list)):
        return key + "".join(_extension(key, value, context)[0:1]).removeprefix(key)
    return f"{key}={value}"


def _context(document_context: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    items = document_context if isinstance(document_context, list) else [document_context]
    for item in items:
        if isinstance(item, dict):
            out.update({k: v for k, v in item.items() if isinstance(v, str)})
    return out


def prehash(event: dict[str, Any], *, document_context: Any = None) -> str:
    """The canonical pre-hash string of one EPCIS 2.0 event (JSON-LD)."""
    context = _context(document_context)
    context.update(_context(event.get("@context")))
    out = [
        f"eventType={event['type']}",
        f"eventTime={utc_millis(event['eventTime'])}",
        f"eventTimeZoneOffset={event['eventTimeZoneOffset']}",
    ]
    for key in _ORDER:
        if key in event and event[key] not in (None, [], {}):
            out.append(_field(key, event[key], context))
    extensions = [
        s
        for k, v in event.items()
        if k not in _ORDER and k not in _IGNORED and ":" in k
        for s in _extension(k, v, context)
    ]
    return "".join(out) + "".join(sorted(extensions))


def event_hash(event: dict[str, Any], *, document_context: Any = None) -> str:
    """The event's hash ID: ``ni:///sha-256;<hex>?ver=CBV2.0``."""
    digest = hashlib.sha256(prehash(event, document_context=document_context).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"
