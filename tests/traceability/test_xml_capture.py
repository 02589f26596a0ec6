"""XML capture (EPCIS 2.0 XML binding): converted to the JSON-LD structure and captured on the
same path; the OpenEPCIS XML documents give the same event hashes as their JSON twins, the GS1
event-hash vectors in XML give the published hashes; unsafe or bad XML is refused naming the
element."""

from __future__ import annotations

import json

import pytest

from qualitas.traceability.errors import EpcisProblem
from qualitas.traceability.hashing import event_hash, ignored_fields
from qualitas.traceability.schema import validate_document
from qualitas.traceability.xml_binding import document_from_xml
from tests.traceability.helpers import COMMISSION, SHIP, document, give_prefixes, post

OPENEPCIS = "epcis/openepcis/core/src/main/resources/2.0/EPCIS"
HASH_VECTORS = "epcis/event_hash/tests/examples"


def _hashes(doc):
    return [
        event_hash(e, document_context=doc.get("@context"), ignore=ignored_fields(doc))
        for e in doc["epcisBody"]["eventList"]
    ]


def test_openepcis_xml_documents_pass_the_schema_and_hash_as_their_json_twins(reference_dir):
    base = reference_dir / OPENEPCIS
    compared = 0
    for path in sorted((base / "XML/Capture/Documents").glob("*.xml")):
        doc = document_from_xml(path.read_bytes())
        assert validate_document(doc) == [], path.name
        twin = base / "JSON/Capture/Documents" / f"{path.stem}.json"
        if twin.exists():
            assert _hashes(doc) == _hashes(json.loads(twin.read_text(encoding="utf-8"))), path.name
            compared += 1
    assert compared >= 30


# the generator's XML vectors; SensorDataExamples.xml is left out: its expected pre-hashes put a
# bizRules attribute inside a sensor report and the sensor list before the transaction list
# (the order of that file, not of the algorithm), and carry a garbled string value
XML_VECTORS = [
    "CertificationInfoAndSensorReportWithCRS",
    "ReferenceEventHashAlgorithm",
    "ReferenceEventHashAlgorithm2",
    "ReferenceEventHashAlgorithm3",
    "epcisDocWith2DifferentTransformationEvents",
    "epcisDocWithSensorComponent",
    "epcisDocWithShippingAndTransportingEvent",
    "epcisDocWithTransformationEventWithExtension",
    "epcisDocWithTransformationEventWithMultipleExtensions",
    "epcisDocWithVariousEventTypes",
    "epcisDocWithXMLstartTagAndErrorDeclaration",
    "epcisEventWithCURIEs",
    "epcisXmlDocHavingEventWithIgnoreFields",
    "persistentDisposition",
]


@pytest.mark.parametrize("name", XML_VECTORS)
def test_xml_event_hash_vectors_give_the_published_hashes(reference_dir, name):
    base = reference_dir / HASH_VECTORS
    doc = document_from_xml((base / f"{name}.xml").read_bytes())
    want = [line.strip() for line in (base / f"{name}.hashes").read_text().splitlines()]
    assert _hashes(doc) == [w for w in want if w]


def test_openepcis_invalid_xml_documents_are_refused(reference_dir):
    """Each is refused: by the conversion (naming the element) or by the schema (pointer)."""
    refused = {}
    for path in sorted((reference_dir / OPENEPCIS / "XML/Capture/Invalid").glob("*.xml")):
        try:
            problems = validate_document(document_from_xml(path.read_bytes()))
            refused[path.stem] = problems[0].pointer if problems else None
        except EpcisProblem as exc:
            refused[path.stem] = str(exc)
    assert "<madeUpField> (event 0)" in refused["ObjectEvent_with_unknown_element"]
    assert "<ObjectEvent>" in refused["ObjectEvent_bare_event_without_action"]
    assert refused["ObjectEvent_with_invalid_action"] == "/epcisBody/eventList/0/action"
    assert refused["ObjectEvent_without_eventTime"] == "/epcisBody/eventList/0"
    # not refused: the XML schema's element order is not checked (the JSON-LD has none)
    assert refused["ObjectEvent_with_wrong_element_order"] is None


XML_CHAIN = b"""<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:cbvmda="urn:epcglobal:cbv:mda"
    schemaVersion="2.0" creationDate="2026-11-02T08:00:00.000+08:00">
  <EPCISBody>
    <EventList>
      <ObjectEvent>
        <eventTime>2026-11-01T09:00:00.000+08:00</eventTime>
        <eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
        <!-- no eventID: the hash becomes it -->
        <quantityList>
          <quantityElement>
            <epcClass>urn:epc:class:lgtin:6901234.012345.CELL-2026-01</epcClass>
            <quantity>1000</quantity>
            <uom>H87</uom>
          </quantityElement>
        </quantityList>
        <action>ADD</action>
        <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
        <disposition>urn:epcglobal:cbv:disp:active</disposition>
        <readPoint><id>urn:epc:id:sgln:6901234.00001.0</id></readPoint>
        <bizLocation><id>urn:epc:id:sgln:6901234.00001.0</id></bizLocation>
        <ilmd><cbvmda:lotNumber>CELL-2026-01</cbvmda:lotNumber></ilmd>
      </ObjectEvent>
      <ObjectEvent>
        <eventTime>2026-11-02T10:00:00.000+08:00</eventTime>
        <eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
        <epcList><epc>urn:epc:id:sscc:6901234.0000000001</epc></epcList>
        <action>OBSERVE</action>
        <bizStep>shipping</bizStep>
        <disposition>in_transit</disposition>
        <readPoint><id>urn:epc:id:sgln:6901234.00001.0</id></readPoint>
        <bizTransactionList>
          <bizTransaction type="po">urn:epcglobal:cbv:bt:6905678000002:PO-88</bizTransaction>
        </bizTransactionList>
        <sourceList><source type="owning_party">urn:epc:id:pgln:6901234.00000</source></sourceList>
        <destinationList>
          <destination type="owning_party">urn:epc:id:pgln:6905678.00000</destination>
        </destinationList>
      </ObjectEvent>
    </EventList>
  </EPCISBody>
</epcis:EPCISDocument>
"""


def _post_xml(client, body, content_type="application/xml"):
    return client.post("/epcis/capture", data=body, content_type=content_type)


@pytest.mark.django_db
def test_xml_capture_stores_the_events_as_json_ld_would(world, client_for):
    from qualitas.traceability.models import Edge, Event

    give_prefixes(world)
    c = client_for("enterprise")
    response = _post_xml(c, XML_CHAIN)
    assert response.status_code == 202, response.content
    status = c.get(response["Location"]).json()
    assert status["storedCount"] == 2 and status["success"] is True
    assert set(Event.objects.values_list("biz_step", flat=True)) == {"commissioning", "shipping"}
    assert Edge.objects.exists()  # the shipment's genealogy, derived as for JSON-LD
    # the same events in JSON-LD, without eventIDs either: recognised by their hashes
    twins = [
        {k: v for k, v in e.items() if k != "eventID"}
        for e in (COMMISSION, dict(SHIP, bizStep="shipping"))
    ]
    again = c.get(post(c, document(twins))["Location"]).json()
    assert again["duplicateCount"] == 2 and again["storedCount"] == 0, again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"<epcis:EPCISDocument xmlns:epcis='urn:epcglobal:epcis:xsd:2'><EPCISBody>", "XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<epcis:EPCISDocument xmlns:epcis='urn:epcglobal:epcis:xsd:2'>&x;</epcis:EPCISDocument>",
            "DTD",
        ),
        (
            XML_CHAIN.replace(
                b"<action>OBSERVE</action>", b"<action>OBSERVE</action><colour>red</colour>"
            ),
            "<colour> (event 1)",
        ),
        (
            XML_CHAIN.replace(b"<quantity>1000</quantity>", b"<quantity>many</quantity>"),
            "<quantity>",
        ),
        (
            XML_CHAIN.replace(b"epcis:EPCISDocument", b"epcis:EPCISQueryDocument"),
            "EPCISQueryDocument",
        ),
    ],
)
def test_bad_xml_is_a_problem_naming_the_element(world, client_for, body, named):
    from qualitas.traceability.models import Event

    give_prefixes(world)
    response = _post_xml(client_for("enterprise"), body)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "epcisException:ValidationException"
    assert named in problem["detail"], problem
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_xml_schema_violation_names_the_event_and_pointer(world, client_for):
    give_prefixes(world)
    bad = XML_CHAIN.replace(b"<action>ADD</action>", b"<action>CREATE</action>")
    problem = _post_xml(client_for("enterprise"), bad, "text/xml").json()
    assert problem["status"] == 400
    assert any(e["pointer"] == "/epcisBody/eventList/0/action" for e in problem["errors"])
