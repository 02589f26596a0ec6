"""Builders for standards tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from qualitas.core.access import actor_for


def mandatory_limit(
    *,
    code: str = "GB 31241-2022",
    category: str = "锂离子电池",
    key: str = "surface-temperature",
    name_zh: str = "表面温升",
    unit: str = "°C",
    limit_kind: str = "max",
    value: str = "60",
    safety: bool = True,
) -> Any:
    from qualitas.standards.models import Standard, StandardLimit

    std, _ = Standard.objects.get_or_create(
        code=code,
        defaults={
            "kind": "national",
            "mandatory": True,
            "title_zh": "便携式电子产品用锂离子电池和电池组 安全技术规范",
        },
    )
    return StandardLimit.objects.create(
        standard=std,
        category=category,
        key=key,
        name_zh=name_zh,
        unit=unit,
        limit_kind=limit_kind,
        value=Decimal(value),
        safety=safety,
    )


def declare(
    world: Any, *, enterprise: Any = None, product: Any = None, publish: bool = True, **kw: Any
) -> Any:
    from qualitas.standards import services

    ent = enterprise or world.ent_a
    user = world.users["enterprise"] if ent == world.ent_a else world.users["other_enterprise"]
    kw.setdefault("standards", ["GB 31241-2022"])
    return services.declaration_create(
        actor=actor_for(user),
        product_id=(product or ent.products.order_by("pk").first()).pk,
        publish=publish,
        **kw,
    )
