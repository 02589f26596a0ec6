"""Query-count ceilings of the credit list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from qualitas.credit.models import CreditRecord
from tests.credit.factories import published_record
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "credit",
    # forms, the method page and the lending aggregates: the same size whatever the rows
    fixed=(
        "credit:record_new",
        "credit:listing_new",
        "credit:methodology",
        "credit:methodology_new",
        "credit:loans",
        "GET /api/credit/loans/statistics",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published fines of ent_a (Hangzhou), in publicity; ``n`` more published red-list
    entries of ent_a; ``n`` more repair applications."""
    from qualitas.credit.models import ListEntry, RepairRequest

    first = CreditRecord.objects.order_by("pk").first() or published_record(
        world, decision_no="QC-0"
    )
    start = CreditRecord.objects.count()
    day = timezone.localdate() - timedelta(days=5)
    CreditRecord.objects.bulk_create(
        CreditRecord(
            enterprise=world.ent_a,
            kind="penalty",
            decision_no=f"QC-{start + i}",
            legal_basis=first.legal_basis,
            facts=first.facts,
            penalty_type="fine",
            amount=1000 + i,
            authority_zh=first.authority_zh,
            region_id="330100",
            decided_on=day,
            publicity_from=day,
            publicity_until=day + timedelta(days=1095),
            status="published",
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    ListEntry.objects.bulk_create(
        ListEntry(
            enterprise=world.ent_a,
            kind="red",
            grounds=f"质量奖 {start + i}",
            authority_zh=first.authority_zh,
            region_id="330100",
            entered_on=day,
            term_until=day + timedelta(days=1095),
            status="published",
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    RepairRequest.objects.bulk_create(
        RepairRequest(
            enterprise=world.ent_a,
            target="penalty",
            record=first,
            evidence=f"整改 {start + i}",
            commitment=True,
            status="refused",
            submitted_on=day,
            due_on=day + timedelta(days=15),
        )
        for i in range(n)
    )
    from qualitas.credit import rating
    from qualitas.credit.models import Methodology, Rating, RatingAppeal

    current = Rating.objects.filter(enterprise=world.ent_a, current=True).first()
    current = current or rating.rate_enterprise(world.ent_a.pk, reason="batch")
    RatingAppeal.objects.bulk_create(
        RatingAppeal(
            enterprise=world.ent_a,
            rating=current,
            grounds=f"申诉 {start + i}",
            status="upheld",
            submitted_on=day,
            due_on=day + timedelta(days=15),
        )
        for i in range(n)
    )
    m = rating.methodology_current()
    Methodology.objects.bulk_create(
        Methodology(
            code=f"QC-{start + i}",
            weights=m.weights,
            thresholds=m.thresholds,
            half_life_days=m.half_life_days,
            status="published",
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    return {"record_pk": first.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
