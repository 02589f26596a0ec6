"""Query-count ceilings of the traceability list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "traceability",
    # the trace form without an identifier, the methodology and the report form: fixed size
    fixed=("traceability:trace", "traceability:recall_methodology", "traceability:recall_new"),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more captures with an event each (ent_a's, by its user), named queries of that user,
    and published recalls of ent_a with a progress report each."""
    from qualitas.traceability.models import (
        Capture,
        Event,
        NamedQuery,
        Recall,
        RecallProgress,
    )

    user = world.users["enterprise"]
    start = Event.objects.count()
    for i in range(start, start + n):
        capture = Capture.objects.create(
            created_by=user, enterprise=world.ent_a, status="success", event_count=1
        )
        Event.objects.create(
            event_id=f"urn:uuid:qc-{i}",
            event_hash=f"ni:///sha-256;{i}",
            event_type="ObjectEvent",
            action="OBSERVE",
            event_time=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
            time_zone_offset="+08:00",
            enterprise=world.ent_a,
            capture=capture,
            document={"type": "ObjectEvent", "eventID": f"urn:uuid:qc-{i}", "bizStep": "shipping"},
        )
        NamedQuery.objects.create(owner=user, name=f"q{i}", params={"EQ_bizStep": "shipping"})
        recall = Recall.objects.create(
            enterprise=world.ent_a,
            region_id=world.ent_a.region_id,
            producer_name=world.ent_a.name_zh,
            defect_source="own_finding",
            product_name=f"产品 {i}",
            defect_description="缺陷说明",
            recall_qty=100,
            status="published",
            published_at=timezone.now() - timedelta(days=i % 40),
        )
        RecallProgress.objects.create(
            recall=recall, report_date=timezone.localdate(), units_recovered=10
        )
    return {}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
