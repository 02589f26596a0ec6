"""Query-count ceilings of the supervision list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest

from qualitas.supervision.models import Campaign
from tests.generic_queries import check_route, list_routes
from tests.supervision.factories import published_fast

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "supervision",
    also=("supervision:result",),
    # the method page, the form and the rules shipped with the app: the same size whatever the rows
    fixed=(
        "supervision:methodology",
        "supervision:campaign_new",
        "supervision:rules",
        "GET /api/supervision/rules",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published campaigns, each with a qualified sample of ent_a; the first one
    gets ``n`` more samples (its result page lists them)."""
    from qualitas.supervision.models import Sample

    start = Campaign.objects.count()
    first = Campaign.objects.order_by("pk").first()
    for i in range(n):
        published_fast(world, f"QC-{start + i}")
    first = first or Campaign.objects.order_by("pk").first()
    base = first.samples.first()
    k = first.samples.count()
    for i in range(n):
        Sample.objects.create(
            campaign=first,
            enterprise=world.ent_b if i % 2 else world.ent_a,
            rule=base.rule,
            code=f"{first.code}-x{k + i}",
            draw_order=k + i + 1,
            status="final",
            verdict="fail",
            final_verdict="fail" if i % 2 else "pass",
            laboratory=base.laboratory,
        )
    return {"campaign_pk": first.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
