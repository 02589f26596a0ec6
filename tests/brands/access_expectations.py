"""What every role gets from each brands page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets a published brand of ent_a with an evaluation
method, a published list with it accepted, and a draft brand of ent_a."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.brands import services
    from qualitas.brands.models import Brand, BrandList, EvaluationMethod
    from tests.brands.factories import actor, brand, method

    if not EvaluationMethod.objects.exists():
        method(world)
    b = Brand.objects.filter(name_zh="访问品牌").first()
    if b is None:
        b = brand(world, name_zh="访问品牌", trademarks=[])
        brand(world, name_zh="访问草稿", trademarks=[], publish=False)
    draft = Brand.objects.get(name_zh="访问草稿")
    bl = BrandList.objects.filter(code="acc-list").first()
    if bl is None:
        bl = services.list_create(
            actor=actor(world, "admin"), code="acc-list", title_zh="名单", year=2026
        )
        e = services.nominate(actor=actor(world, "admin"), brand_list=bl, brand=b)
        services.review(actor=actor(world, "authority"), entry=e, action="start")
        services.review(actor=actor(world, "authority"), entry=e, action="accept")
        services.list_publish(actor=actor(world, "authority"), brand_list=bl)
    return {"brand_pk": b.pk, "draft_pk": draft.pk, "list_pk": bl.pk}


PAGES = {
    "brands:index": 200,
    "brands:brand_new": only(
        ("enterprise", "other_enterprise", "authority", "admin"), other=404, public=302
    ),
    "brands:mine": only(("enterprise", "other_enterprise"), other=404, public=302),
    "brands:methodology": 200,
    "brands:lists": 200,
    "brands:list": 200,
    "brands:brand": 200,
    "brands:evaluate": only(("evaluator", "authority", "admin"), other=404, public=302),
}

API = {
    "GET /api/brands/brands": 200,
    "GET /api/brands/brands/{brand_pk}": 200,
    "GET /api/brands/brands/{brand_pk}/signals": 200,
    "GET /api/brands/lists": 200,
}
