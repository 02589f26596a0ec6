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
import re
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


GS1_VOC = "https://gs1.org/voc/"
# sensor elements' fields in the algorithm's order; the others (extensions) follow, sorted
_SENSOR_METADATA = (
    "time",
    "startTime",
    "endTime",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "bizRules",
)
_SENSOR_REPORT = (
    "type",
    "exception",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "time",
    "microorganism",
    "chemicalSubstance",
    "value",
    "component",
    "stringValue",
    "booleanValue",
    "hexBinaryValue",
    "uriValue",
    "minValue",
    "maxValue",
    "meanValue",
    "sDev",
    "percRank",
    "percValue",
    "uom",
    "coordinateReferenceSystem",
)
_SENSOR_TIMES = {"time", "startTime", "endTime"}
_SENSOR_IDS = {"deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"}
_SENSOR_NUMBERS = {
    "value",
    "minValue",
    "maxValue",
    "meanValue",
    "sDev",
    "percRank",
    "percValue",
}
_COMMENTS = {"rdfs:comment", "comment"}


def vocabulary(value: str, kind: str) -> str:
    """A CBV value in its full URI form (``shipping`` → ``https://ref.gs1.org/cbv/BizStep-shipping``);
    URN forms (``urn:epcglobal:cbv:bizstep:shipping``) and CURIEs (``cbv:BizStep-shipping``)
    too; other URIs unchanged."""
    prefix = _VOCAB_PREFIX[kind]
    if value.startswith("urn:epcglobal:cbv:"):
        value = value.rsplit(":", 1)[-1]
    if value.startswith("cbv:"):
        return CBV + value[4:]
    if ":" in value:
        return value
    return CBV + prefix + value


def gs1_term(value: str, cbv_prefix: str = "") -> str:
    """A term of the GS1 Web vocabulary (a sensor's measurement type or alarm) as a URI:
    ``Temperature`` and ``gs1:Temperature`` → ``https://gs1.org/voc/Temperature``; a CBV
    component (``cbv_prefix`` ``Comp-``) under ``https://ref.gs1.org/cbv/``."""
    if value.startswith("gs1:"):
        return GS1_VOC + value[4:]
    if value.startswith("cbv:"):
        return CBV + value[4:]
    if ":" in value:
        return value
    return (CBV + cbv_prefix if cbv_prefix else GS1_VOC) + value


def short_vocabulary(value: str) -> str:
    """A CBV value's bare name (``https://ref.gs1.org/cbv/BizStep-shipping`` → ``shipping``); others unchanged."""
    if value.startswith(CBV) and "-" in value:
        return value[len(CBV) :].split("-", 1)[1]
    if value.startswith("urn:epcglobal:cbv:"):
        return value.rsplit(":", 1)[-1]
    return value


_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$")


def utc_millis(value: str) -> str:
    """``2020-03-04T11:00:30+01:00`` → ``2020-03-04T10:00:30.000Z``; a fraction of any length
    rounded to the millisecond (``…03.1415`` → ``…03.142``), as the algorithm does."""
    try:  # the common forms (up to 6 fraction digits) in one call
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _utc_millis_long(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    moment += timedelta(microseconds=500)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )


def _utc_millis_long(value: str) -> str:
    """:func:`utc_millis` for a fraction of more than 6 digits (rounded to the microsecond first)."""
    m = _TIME.match(value.strip())
    if not m:
        return value
    whole, fraction, zone = m.group(1), m.group(2) or "0", m.group(3) or "Z"
    moment = datetime.fromisoformat(whole + ("+00:00" if zone == "Z" else zone)).astimezone(UTC)
    micros = round(int(fraction.ljust(7, "0")[:7]) / 10)  # to the microsecond, then the millisecond
    moment += timedelta(microseconds=micros + 500)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def number(value: Any) -> str:
    """A number in its shortest form: ``26.0`` → ``26``, ``"0.180"`` → ``0.18``."""
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return str(value)
    if as_float.is_integer() and abs(as_float) < 1e16:
        return str(int(as_float))
    return repr(as_float)


def _quantity(q: dict[str, Any]) -> str:
    text = "quantityElementepcClass=" + canonical(str(q.get("epcClass", "")))
    if "quantity" in q:
        text += "quantity=" + number(q["quantity"])
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
            if k not in _COMMENTS:
                inner += _extension(k, value[k], context)
        return [name + "".join(sorted(inner))]
    if isinstance(value, list):
        return [s for v in value for s in _extension(key, v, context)]
    if isinstance(value, bool):
        return [f"{name}={'true' if value else 'false'}"]
    text = str(value)
    if text.startswith("urn:epc:"):  # an EPC in an extension: its canonical form too
        text = canonical(text)
    return [f"{name}={text}"]


def _sensor_value(key: str, value: Any) -> str:
    if key in _SENSOR_TIMES:
        return utc_millis(str(value))
    if key in _SENSOR_IDS:
        return canonical(str(value))
    if key in _SENSOR_NUMBERS:
        return number(value)
    if key in ("type", "exception"):
        return gs1_term(str(value))
    if key == "component":
        return gs1_term(str(value), "Comp-")
    if key == "booleanValue":
        return str(value).lower()
    return str(value)


def _sensor_part(
    name: str, part: dict[str, Any], order: tuple[str, ...], context: dict[str, str]
) -> str:
    text = name + "".join(f"{k}={_sensor_value(k, part[k])}" for k in order if k in part)
    extensions = [
        s
        for k, v in part.items()
        if k not in order and k not in _COMMENTS
        for s in _extension(k, v, context)
    ]
    return text + "".join(sorted(extensions))


def _sensor_element(element: dict[str, Any], context: dict[str, str]) -> str:
    text = "sensorElement"
    if isinstance(element.get("sensorMetadata"), dict):
        text += _sensor_part("sensorMetadata", element["sensorMetadata"], _SENSOR_METADATA, context)
    reports = element.get("sensorReport") or []
    text += "".join(
        sorted(
            _sensor_part("sensorReport", r, _SENSOR_REPORT, context)
            for r in reports
            if isinstance(r, dict)
        )
    )
    extensions = [
        s
        for k, v in element.items()
        if k not in ("sensorMetadata", "sensorReport", "type") and k not in _COMMENTS
        for s in _extension(k, v, context)
    ]
    return text + "".join(sorted(extensions))


def _field(key: str, value: Any, context: dict[str, str]) -> str:
    if key == "sensorElementList":
        return key + "".join(
            sorted(_sensor_element(e, context) for e in value if isinstance(e, dict))
        )
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


# prefixes the EPCIS 2.0 context defines that documents use without declaring them; the CBV
# master-data namespace as the XML binding writes it, so that both bindings hash alike
_STANDARD_PREFIXES = {"cbvmda": "urn:epcglobal:cbv:mda"}


def _context(document_context: Any) -> dict[str, str]:
    out: dict[str, str] = dict(_STANDARD_PREFIXES)
    items = document_context if isinstance(document_context, list) else [document_context]
    for item in items:
        if isinstance(item, dict):
            out.update({k: v for k, v in item.items() if isinstance(v, str)})
    return out


def ignored_fields(document: Any) -> frozenset[str]:
    """The user extensions a document asks to leave out of its events' hashes (a document-level
    ``…:ignoreFields`` list, as the GS1 reference vectors carry: a repository's own annotations
    such as a capture ID or a stored hash)."""
    body = document.get("epcisBody") if isinstance(document, dict) else None
    results = body.get("queryResults") if isinstance(body, dict) else None
    for holder in (document, body, results):
        if not isinstance(holder, dict):
            continue
        for key, value in holder.items():
            if key.split(":")[-1] == "ignoreFields" and isinstance(value, list):
                return frozenset(str(v) for v in value)
    return frozenset()


def prehash(
    event: dict[str, Any], *, document_context: Any = None, ignore: frozenset[str] = frozenset()
) -> str:
    """The canonical pre-hash string of one EPCIS 2.0 event (JSON-LD). Comments
    (``rdfs:comment``) and the fields named in ``ignore`` are left out."""
    context = _context(document_context)
    if "@context" in event:
        context.update(_context(event["@context"]))
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
        if ":" in k
        and k not in _ORDER
        and k not in _IGNORED
        and k not in _COMMENTS
        and k not in ignore
        for s in _extension(k, v, context)
    ]
    return "".join(out) + "".join(sorted(extensions))


def event_hash(
    event: dict[str, Any], *, document_context: Any = None, ignore: frozenset[str] = frozenset()
) -> str:
    """The event's hash ID: ``ni:///sha-256;<hex>?ver=CBV2.0``."""
    text = prehash(event, document_context=document_context, ignore=ignore)
    return f"ni:///sha-256;{hashlib.sha256(text.encode()).hexdigest()}?ver=CBV2.0"
