"""Recalls for the tests: one through the whole flow (report → plan → file → publish → progress)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.traceability.helpers import CELLS

PLAN = {
    "product_name": "锂离子电池组 P1",
    "brand": "恒信",
    "model_spec": "P1-48V",
    "batch": "PACK-2026-01",
    "lots": CELLS,
    "production_start": date(2026, 10, 1),
    "production_end": date(2026, 10, 31),
    "production_qty": 1200,
    "recall_qty": 100,
    "origin_type": "domestic",
    "sales_channels": "宁波华达（经销商）",
    "defect_description": "电芯隔膜缺陷，可能引起内部短路。",
    "consequence": "过热，极端情况下起火。",
    "remedy": "replacement",
    "remedy_text": "免费更换电池组。",
    "start_date": date(2026, 11, 10),
    "consumer_contact": "400-000-0000",
    "trigger": "voluntary",
}


def published_recall(world: Any, *, recovered: int = 40) -> Any:
    """A recall of ent_a's battery packs, published, with one progress report."""
    from qualitas.core.access import actor_for
    from qualitas.traceability import services
    from qualitas.traceability.models import Recall

    found = Recall.objects.filter(
        enterprise=world.ent_a, product_name=PLAN["product_name"], status="published"
    ).first()
    if found is not None:
        return found
    producer = actor_for(world.users["enterprise"])
    authority = actor_for(world.users["authority"])
    recall = services.recall_report(
        actor=producer,
        enterprise=world.ent_a,
        defect_source="own_finding",
        product_name=PLAN["product_name"],
        defect_description=PLAN["defect_description"],
        lots=CELLS,
    )
    services.recall_plan(actor=producer, recall=recall, data=dict(PLAN))
    services.recall_file(actor=authority, recall=recall)
    services.recall_publish(actor=authority, recall=recall)
    if recovered:
        services.recall_progress_add(
            actor=producer,
            recall=recall,
            report_date=date(2026, 11, 20),
            units_recovered=recovered,
            channel="经销商",
        )
    return recall
