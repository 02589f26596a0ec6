"""EPCIS 2.0 example documents written for these tests, following the standard's JSON-LD binding.

A small battery supply chain: enterprise A (GS1 company prefix 6901234, Hangzhou) commissions a
lot of cells, transforms cells into packs, packs them on a pallet (SSCC) and ships it to B
(6905678, Ningbo), which receives it. C (6909999, Shenzhen) is a stranger to all of it.
"""

from __future__ import annotations

import copy
import json
from typing import Any

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
PREFIX_A, PREFIX_B, PREFIX_C = "6901234", "6905678", "6909999"

CELLS = "urn:epc:class:lgtin:6901234.012345.CELL-2026-01"
PACKS = "urn:epc:class:lgtin:6901234.054321.PACK-2026-01"
PALLET = "urn:epc:id:sscc:6901234.0000000001"
SITE_A = "urn:epc:id:sgln:6901234.00001.0"
SITE_B = "urn:epc:id:sgln:6905678.00001.0"
PARTY_A = "urn:epc:id:pgln:6901234.00000"
PARTY_B = "urn:epc:id:pgln:6905678.00000"


def document(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-02T08:00:00.000+08:00",
        "epcisBody": {"eventList": copy.deepcopy(events)},
    }


COMMISSION = {
    "type": "ObjectEvent",
    "eventID": "urn:uuid:6a1f0c1e-0000-4000-8000-000000000001",
    "eventTime": "2026-11-01T09:00:00.000+08:00",
    "eventTimeZoneOffset": "+08:00",
    "action": "ADD",
    "bizStep": "commissioning",
    "disposition": "active",
    "quantityList": [{"epcClass": CELLS, "quantity": 1000, "uom": "H87"}],
    "readPoint": {"id": SITE_A},
    "bizLocation": {"id": SITE_A},
    "ilmd": {"cbvmda:lotNumber": "CELL-2026-01"},
}
TRANSFORM = {
    "type": "TransformationEvent",
    "eventID": "urn:uuid:6a1f0c1e-0000-4000-8000-000000000002",
    "eventTime": "2026-11-01T14:00:00.000+08:00",
    "eventTimeZoneOffset": "+08:00",
    "inputQuantityList": [{"epcClass": CELLS, "quantity": 800, "uom": "H87"}],
    "outputQuantityList": [{"epcClass": PACKS, "quantity": 100, "uom": "H87"}],
    "bizStep": "assembling",
    "disposition": "active",
    "readPoint": {"id": SITE_A},
}
PACK = {
    "type": "AggregationEvent",
    "eventID": "urn:uuid:6a1f0c1e-0000-4000-8000-000000000003",
    "eventTime": "2026-11-02T08:00:00.000+08:00",
    "eventTimeZoneOffset": "+08:00",
    "action": "ADD",
    "parentID": PALLET,
    "childQuantityList": [{"epcClass": PACKS, "quantity": 100, "uom": "H87"}],
    "bizStep": "packing",
    "disposition": "in_progress",
    "readPoint": {"id": SITE_A},
}
SHIP = {
    "type": "ObjectEvent",
    "eventID": "urn:uuid:6a1f0c1e-0000-4000-8000-000000000004",
    "eventTime": "2026-11-02T10:00:00.000+08:00",
    "eventTimeZoneOffset": "+08:00",
    "action": "OBSERVE",
    "epcList": [PALLET],
    "bizStep": "shipping",
    "disposition": "in_transit",
    "readPoint": {"id": SITE_A},
    "bizTransactionList": [
        {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:6905678000002:PO-88"}
    ],
    "sourceList": [{"type": "owning_party", "source": PARTY_A}],
    "destinationList": [{"type": "owning_party", "destination": PARTY_B}],
}
RECEIVE = {
    "type": "ObjectEvent",
    "eventTime": "2026-11-03T09:30:00.000+08:00",
    "eventTimeZoneOffset": "+08:00",
    "action": "OBSERVE",
    "epcList": [PALLET],
    "bizStep": "receiving",
    "disposition": "in_progress",
    "readPoint": {"id": SITE_B},
    "bizLocation": {"id": SITE_B},
}
CHAIN_A = [COMMISSION, TRANSFORM, PACK, SHIP]


def give_prefixes(world: Any) -> None:
    from qualitas.traceability.models import CompanyPrefix

    for ent, prefix in ((world.ent_a, PREFIX_A), (world.ent_b, PREFIX_B), (world.ent_c, PREFIX_C)):
        CompanyPrefix.objects.get_or_create(prefix=prefix, defaults={"enterprise": ent})


def post(client: Any, doc: Any, **headers: Any) -> Any:
    body = doc if isinstance(doc, (bytes, str)) else json.dumps(doc)
    return client.post("/epcis/capture", data=body, content_type="application/ld+json", **headers)


def capture_chain(world: Any, client_for: Any) -> None:
    """A's chain captured by A, B's receipt by B."""
    give_prefixes(world)
    assert post(client_for("enterprise"), document(CHAIN_A)).status_code == 202
    from django.test import Client

    b = Client()
    b.force_login(_user_of(world.ent_b))
    assert post(b, document([RECEIVE])).status_code == 202


def _user_of(enterprise: Any) -> Any:
    from django.contrib.auth import get_user_model

    from tests.factories import make_user

    found = get_user_model().objects.filter(profile__enterprise=enterprise).first()
    return found or make_user(f"ent_{enterprise.pk}", "enterprise", enterprise=enterprise)
