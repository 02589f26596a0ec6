"""EPCIS 2.0 XML binding → the JSON-LD structure of the same document.

``POST /epcis/capture`` with ``Content-Type: application/xml`` is read here and then takes the
JSON-LD path (schema, hashing, capture) unchanged. The XML comes from outside, so it is parsed
by defusedxml: a DOCTYPE, an entity declaration or an external reference is refused, and
nothing is fetched over the network.

The mapping follows the XML schema of EPCIS 2.0: the standard's elements are unqualified
(``<ObjectEvent>``, ``<epcList><epc>``, ``<bizTransaction type="…">``, sensor metadata and
reports as attributes); EPCIS 1.x ``<extension>`` / ``<baseExtension>`` wrappers are flattened;
namespaced elements and attributes are user extensions, named ``prefix:local`` with their
namespace in the document's ``@context``. Comments are dropped. A problem names the element
(and its line where the parser knows it).
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _

from qualitas.traceability.errors import EpcisProblem

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
_WRAPPERS = {"extension", "baseExtension"}
_EPC_LISTS = {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}
_QTY_LISTS = {"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}
_PARTY_LISTS = {"sourceList": "source", "destinationList": "destination"}
_TEXT = {
    "eventTime",
    "eventTimeZoneOffset",
    "recordTime",
    "eventID",
    "parentID",
    "action",
    "transformationID",
    "bizStep",
    "disposition",
}
_NUMBERS = {"value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"}
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NS = re.compile(r"^\{([^}]*)\}(.*)$")


def _problem(message: Any, element: str, index: int | None = None, **params: Any) -> EpcisProblem:
    """A refusal naming the XML element (and the event's index, when inside one)."""
    problem = EpcisProblem(message, field=element, element=element, **params)
    problem.errors = [{"eventIndex": index, "element": element, "detail": str(problem)}]
    return problem


class _Reader:
    """One document's conversion: the namespace prefixes met, the event being read."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes  # namespace URI → prefix
        self.index: int | None = None

    def name(self, tag: str) -> tuple[str, str]:
        """(namespace, local name) of a tag."""
        m = _NS.match(tag)
        if not m or m.group(1).startswith("urn:epcglobal:epcis:"):  # the standard's own, qualified
            return ("", m.group(2) if m else tag)
        return (m.group(1), m.group(2))

    def curie(self, namespace: str, local: str) -> str:
        if namespace not in self.prefixes:
            self.prefixes[namespace] = f"ns{len(self.prefixes) + 1}"
        return f"{self.prefixes[namespace]}:{local}"

    def where(self, element: Element) -> str:
        namespace, local = self.name(element.tag)
        shown = self.curie(namespace, local) if namespace else local
        event = "" if self.index is None else f" (event {self.index})"
        return f"<{shown}>{event}"

    def text(self, element: Element) -> str:
        value = (element.text or "").strip()
        if not value:
            raise _problem(
                _("The element %(element)s is empty."), self.where(element), index=self.index
            )
        return value

    def extension(self, element: Element) -> Any:
        """A user extension's value: text, or an object of its attributes and children
        (repeated names → lists; an unqualified attribute takes its element's namespace)."""
        children = list(element)
        attributes = {k: v for k, v in element.attrib.items() if self.name(k)[0] != _XSI}
        if not children and not attributes:
            return (element.text or "").strip()
        out: dict[str, Any] = {}
        own = self.name(element.tag)[0]
        for key, value in attributes.items():
            namespace, local = self.name(key)
            namespace = namespace or own
            out[self.curie(namespace, local) if namespace else local] = value
        for child in children:
            namespace, local = self.name(child.tag)
            key = self.curie(namespace, local) if namespace else local
            value = self.extension(child)
            if key in out:
                out[key] = out[key] if isinstance(out[key], list) else [out[key]]
                out[key].append(value)
            else:
                out[key] = value
        return out

    def add(self, out: dict[str, Any], key: str, value: Any) -> None:
        if key in out:
            out[key] = out[key] if isinstance(out[key], list) else [out[key]]
            out[key].append(value)
        else:
            out[key] = value

    def attributes(self, element: Element, numbers: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in element.attrib.items():
            namespace, local = self.name(key)
            if namespace == _XSI:
                continue
            if namespace:
                out[self.curie(namespace, local)] = value
            elif local in numbers:
                out[local] = _number(value, self.where(element), self.index)
            elif local == "booleanValue":
                out[local] = value.strip().lower() in ("true", "1")
            else:
                out[local] = value
        return out

    def sensor_element(self, element: Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in _flat(element, self):
            namespace, local = self.name(child.tag)
            if namespace:
                self.add(out, self.curie(namespace, local), self.extension(child))
            elif local == "sensorMetadata":
                out["sensorMetadata"] = self.attributes(child, set())
            elif local == "sensorReport":
                out.setdefault("sensorReport", []).append(self.attributes(child, _NUMBERS))
            else:
                raise self.unknown(child)
        return out

    def unknown(self, element: Element) -> EpcisProblem:
        return _problem(
            _("The element %(element)s is not part of an EPCIS 2.0 event."),
            self.where(element),
            index=self.index,
        )

    def field(self, out: dict[str, Any], child: Element) -> None:  # noqa: C901, PLR0912
        local = self.name(child.tag)[1]
        if local in _TEXT:
            out[local] = self.text(child)
        elif local in _EPC_LISTS:
            out[local] = [self.text(epc) for epc in child if self.name(epc.tag)[1] == "epc"]
        elif local in _QTY_LISTS:
            out[local] = [self.quantity(q) for q in child]
        elif local in _PARTY_LISTS:
            role = _PARTY_LISTS[local]
            out[local] = [{"type": p.get("type", ""), role: self.text(p)} for p in child]
        elif local == "bizTransactionList":
            out[local] = [
                {
                    **({"type": b.get("type")} if b.get("type") else {}),
                    "bizTransaction": self.text(b),
                }
                for b in child
            ]
        elif local in ("readPoint", "bizLocation"):
            place: dict[str, Any] = {}
            for part in _flat(child, self):
                namespace, name = self.name(part.tag)
                if name == "id" and not namespace:
                    place["id"] = self.text(part)
                else:
                    self.add(place, self.curie(namespace, name), self.extension(part))
            out[local] = place
        elif local == "persistentDisposition":
            disposition: dict[str, list[str]] = {}
            for part in child:
                disposition.setdefault(self.name(part.tag)[1], []).append(self.text(part))
            out[local] = disposition
        elif local == "certificationInfo":
            self.add(out, local, self.text(child))
        elif local == "sensorElementList":
            out[local] = [self.sensor_element(e) for e in child]
        elif local == "ilmd":
            out[local] = self.extension(child) or {}
        elif local == "errorDeclaration":
            out[local] = self.error_declaration(child)
        else:
            raise self.unknown(child)

    def quantity(self, element: Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in element:
            local = self.name(part.tag)[1]
            if local == "quantity":
                out[local] = _number(self.text(part), self.where(part), self.index)
            elif local in ("epcClass", "uom"):
                out[local] = self.text(part)
            else:
                raise self.unknown(part)
        return out

    def error_declaration(self, element: Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in _flat(element, self):
            namespace, local = self.name(part.tag)
            if namespace:
                self.add(out, self.curie(namespace, local), self.extension(part))
            elif local == "correctiveEventIDs":
                out[local] = [self.text(e) for e in part]
            elif local in ("declarationTime", "reason"):
                out[local] = self.text(part)
            else:
                raise self.unknown(part)
        return out

    def event(self, element: Element) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.name(element.tag)[1]}
        for child in _flat(element, self):
            namespace, local = self.name(child.tag)
            if namespace:
                self.add(out, self.curie(namespace, local), self.extension(child))
            else:
                self.field(out, child)
        return out


def _flat(element: Element, reader: _Reader) -> list[Element]:
    """The children, with EPCIS 1.x ``<extension>`` wrappers opened."""
    out: list[Element] = []
    for child in element:
        namespace, local = reader.name(child.tag)
        if not namespace and local in _WRAPPERS:
            out += _flat(child, reader)
        else:
            out.append(child)
    return out


def _number(value: str, where: str, index: int | None) -> int | float:
    try:
        number = float(value)
    except ValueError:
        raise _problem(
            _("The element %(element)s must hold a number, not %(value)s."),
            where,
            value=value,
            index=index,
        ) from None
    return int(number) if number.is_integer() and "e" not in value.lower() else number


def _namespaces(raw: bytes) -> dict[str, str]:
    """namespace URI → the prefix the document gave it (the first one)."""
    out: dict[str, str] = {}
    for prefix, uri in re.findall(rb'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']([^"\']*)["\']', raw):
        out.setdefault(uri.decode("utf-8", "replace"), prefix.decode("ascii", "replace"))
    return out


def document_from_xml(raw: bytes) -> dict[str, Any]:
    """The JSON-LD form of an EPCIS 2.0 XML capture document; an unreadable, unsafe or
    non-conforming one is refused with the element named."""
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise EpcisProblem(
            _("The XML declares a DTD or entities, which are refused (%(error)s)."),
            error=type(exc).__name__,
            field="body",
        ) from exc
    except ParseError as exc:
        raise EpcisProblem(
            _("The body is not well-formed XML: %(error)s"), error=str(exc), field="body"
        ) from exc
    prefixes = _namespaces(raw)
    reader = _Reader(dict(prefixes))
    _namespace, local = reader.name(root.tag)
    if local != "EPCISDocument":
        raise _problem(
            _("The root element is %(element)s; an EPCISDocument is captured."),
            reader.where(root),
        )
    body = next((c for c in root if reader.name(c.tag)[1] == "EPCISBody"), None)
    event_list = (
        next((c for c in body if reader.name(c.tag)[1] == "EventList"), None) if body else None
    )
    if event_list is None:
        raise _problem(_("The element %(element)s is missing."), "<EPCISBody><EventList>")
    events: list[dict[str, Any]] = []
    for element in _flat(event_list, reader):
        reader.index = len(events)
        if reader.name(element.tag)[1] not in EVENT_TYPES:
            raise _problem(
                _("The element %(element)s is not an EPCIS event."),
                reader.where(element),
                index=reader.index,
            )
        events.append(reader.event(element))
    context: list[Any] = [EPCIS_CONTEXT]
    document: dict[str, Any] = {"@context": context, "type": "EPCISDocument"}
    for attribute in ("schemaVersion", "creationDate"):
        if root.get(attribute):
            document[attribute] = root.get(attribute)
    for child in root:  # a document-level list of extensions to leave out of the hashes
        namespace, local = reader.name(child.tag)
        if namespace and local == "ignoreFields":
            document[reader.curie(namespace, local)] = [
                reader.curie(*reader.name(field.tag)) for field in child
            ]
    document["epcisBody"] = {"eventList": events}
    own = {
        prefix: uri
        for uri, prefix in reader.prefixes.items()
        if uri and not uri.startswith("urn:epcglobal:epcis:")
    }
    if own:
        context.append(own)
    return document
