"""Demo data of traceability: a battery supply chain over three enterprises (the demo enterprise
user's, a distributor, a retailer) captured as EPCIS events, and a recall in progress. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from qualitas.core.access import Actor, actor_for, may_supervise_recall
from qualitas.core.choices import Role
from qualitas.traceability.models import Capture, CompanyPrefix, Recall
from qualitas.traceability.services import (
    capture_process,
    recall_file,
    recall_plan,
    recall_progress_add,
    recall_publish,
    recall_report,
    recall_scope_compute,
)

PREFIXES = ("6901234", "6905678", "6909876")


def _doc(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat(),
        "epcisBody": {"eventList": events},
    }


def _chain(start: Any) -> list[dict[str, Any]]:
    def at(days: float) -> str:
        return str((start + timedelta(days=days)).isoformat())

    cells = "urn:epc:class:lgtin:6901234.012345.CELL-DEMO-01"
    packs = "urn:epc:class:lgtin:6901234.054321.PACK-DEMO-01"
    pallet = "urn:epc:id:sscc:6901234.0000000101"
    base = {"eventTimeZoneOffset": "+08:00", "readPoint": {"id": "urn:epc:id:sgln:6901234.00001.0"}}
    return [
        {
            **base,
            "type": "ObjectEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000001",
            "eventTime": at(0),
            "action": "ADD",
            "bizStep": "commissioning",
            "quantityList": [{"epcClass": cells, "quantity": 2000, "uom": "H87"}],
        },
        {
            **base,
            "type": "TransformationEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000002",
            "eventTime": at(1),
            "bizStep": "assembling",
            "inputQuantityList": [{"epcClass": cells, "quantity": 1600, "uom": "H87"}],
            "outputQuantityList": [{"epcClass": packs, "quantity": 200, "uom": "H87"}],
        },
        {
            **base,
            "type": "AggregationEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000003",
            "eventTime": at(2),
            "action": "ADD",
            "bizStep": "packing",
            "parentID": pallet,
            "childQuantityList": [{"epcClass": packs, "quantity": 200, "uom": "H87"}],
        },
        {
            **base,
            "type": "ObjectEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000004",
            "eventTime": at(3),
            "action": "OBSERVE",
            "bizStep": "shipping",
            "epcList": [pallet],
            "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:6901234.00000"}],
            "destinationList": [
                {"type": "owning_party", "destination": "urn:epc:id:pgln:6905678.00000"}
            ],
        },
        {
            "type": "ObjectEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000005",
            "eventTime": at(4),
            "eventTimeZoneOffset": "+08:00",
            "action": "OBSERVE",
            "bizStep": "receiving",
            "epcList": [pallet],
            "readPoint": {"id": "urn:epc:id:sgln:6905678.00001.0"},
            "bizLocation": {"id": "urn:epc:id:sgln:6905678.00001.0"},
        },
        {
            "type": "AggregationEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000006",
            "eventTime": at(6),
            "eventTimeZoneOffset": "+08:00",
            "action": "DELETE",
            "bizStep": "unpacking",
            "parentID": pallet,
            "childQuantityList": [{"epcClass": packs, "quantity": 200, "uom": "H87"}],
            "readPoint": {"id": "urn:epc:id:sgln:6905678.00001.0"},
        },
        {
            "type": "ObjectEvent",
            "eventID": "urn:uuid:0d3e0000-0000-4000-8000-000000000007",
            "eventTime": at(7),
            "eventTimeZoneOffset": "+08:00",
            "action": "OBSERVE",
            "bizStep": "shipping",
            "quantityList": [{"epcClass": packs, "quantity": 80, "uom": "H87"}],
            "readPoint": {"id": "urn:epc:id:sgln:6905678.00001.0"},
            "destinationList": [
                {"type": "owning_party", "destination": "urn:epc:id:pgln:6909876.00000"}
            ],
        },
    ]


def traceability_demo_load(*, seed: int) -> dict[str, Any]:
    """Prefixes for three enterprises, their chain, a published recall with progress."""
    from qualitas.registry.models import Enterprise

    user = get_user_model().objects.filter(username="enterprise").first()
    own = getattr(getattr(user, "profile", None), "enterprise", None)
    if own is None:
        return {}
    others = list(Enterprise.objects.exclude(pk=own.pk).order_by("-province_id", "pk")[:2])
    if own is None or len(others) < 2 or Recall.objects.filter(enterprise=own).exists():
        return {}
    for ent, prefix in zip((own, *others), PREFIXES, strict=True):
        CompanyPrefix.objects.get_or_create(prefix=prefix, defaults={"enterprise": ent})
    start = timezone.now() - timedelta(days=60)
    system = Actor(user=None, role=Role.ADMIN)
    capture_process(Capture.objects.create(document=_doc(_chain(start)), event_count=7))
    producer = actor_for(user)
    officer_user = get_user_model().objects.filter(username="authority").first()
    officer = actor_for(officer_user) if officer_user else system
    recall = recall_report(
        actor=producer,
        enterprise=own,
        defect_source="own_finding",
        product_name="储能电池组 ES-48",
        defect_description="部分电芯隔膜存在缺陷，可能导致内部短路。",
        lots="urn:epc:class:lgtin:6901234.012345.CELL-DEMO-01",
    )
    recall_plan(
        actor=producer,
        recall=recall,
        data={
            "brand": "恒信",
            "model_spec": "ES-48 48V/100Ah",
            "batch": "PACK-DEMO-01",
            "production_start": (start - timedelta(days=10)).date(),
            "production_end": start.date(),
            "production_qty": 200,
            "recall_qty": 200,
            "origin_type": "domestic",
            "consequence": "电池过热，极端情况下可能起火。",
            "remedy": "replacement",
            "remedy_text": "免费更换电池组。",
            "start_date": (start + timedelta(days=20)).date(),
            "consumer_contact": "400-000-0000",
            "trigger": "voluntary",
            "sales_channels": "经销商、电商平台",
        },
    )
    recall_scope_compute(actor=producer, recall=recall)
    filer = officer if may_supervise_recall(officer, own.region_id) else system
    recall_file(actor=filer, recall=recall)
    recall_publish(actor=filer, recall=recall)
    for days, units, channel in ((25, 60, "经销商"), (40, 45, "电商平台")):
        recall_progress_add(
            actor=producer,
            recall=recall,
            report_date=(start + timedelta(days=days)).date(),
            units_recovered=units,
            channel=channel,
            region_id=own.region_id,
        )
    return {"recall": recall.pk}
