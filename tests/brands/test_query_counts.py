"""Query-count ceilings of the brands list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qualitas.brands.models import Brand, BrandList
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "brands",
    # a brand's signals come from other apps' published records (not made here)
    fixed=(
        "brands:brand_new",
        "brands:methodology",
        "GET /api/brands/brands/{brand_pk}/signals",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published brands of ent_a and ``n`` more published brand lists."""
    now = timezone.now()
    start = Brand.objects.count()
    Brand.objects.bulk_create(
        Brand(
            name_zh=f"品牌{start + i}",
            name_en=f"Brand {start + i}",
            kind="enterprise",
            owner_id=world.ent_a.pk,
            category="锂离子电池",
            status="published",
            published_at=now,
        )
        for i in range(n)
    )
    start = BrandList.objects.count()
    BrandList.objects.bulk_create(
        BrandList(
            code=f"list-{start + i}",
            title_zh=f"名单{start + i}",
            year=2026,
            status="published",
            published_at=now,
        )
        for i in range(n)
    )
    return {"brand_pk": Brand.objects.order_by("pk").values_list("pk", flat=True).first()}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
