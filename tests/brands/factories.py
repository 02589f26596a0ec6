"""Brands test data: the method of the hand-worked example and brands of the test world."""

from __future__ import annotations

from typing import Any

from qualitas.brands import services
from qualitas.core.access import actor_for

# The hand-worked method: inputs 0.4 (strategy weight 2, quality weight 3), outcomes 0.6
# (recognition weight 1, reputation weight 1).
INDICATORS = [
    ("input", "strategy", "品牌战略", "Strategy", "2"),
    ("input", "quality", "产品质量", "Quality", "3"),
    ("outcome", "recognition", "认知度", "Recognition", "1"),
    ("outcome", "reputation", "美誉度", "Reputation", "1"),
]


def actor(world: Any, role: str) -> Any:
    return actor_for(world.users[role])


def method(world: Any, **kw: Any) -> Any:
    return services.method_create(
        actor=actor(world, "admin"),
        code=kw.pop("code", "brand-eval"),
        title_zh="品牌评价方法",
        title_en="Brand evaluation method",
        input_weight=kw.pop("input_weight", "0.4"),
        outcome_weight=kw.pop("outcome_weight", "0.6"),
        indicators=[
            services.IndicatorInput(part=p, key=k, name_zh=zh, name_en=en, weight=w)
            for p, k, zh, en, w in INDICATORS
        ],
    )


def brand(world: Any, *, publish: bool = True, role: str = "enterprise", **kw: Any) -> Any:
    return services.brand_create(
        actor=actor(world, role),
        kind=kw.pop("kind", "enterprise"),
        name_zh=kw.pop("name_zh", "恒信"),
        name_en=kw.pop("name_en", "Hengxin"),
        category=kw.pop("category", "锂离子电池"),
        owner_id=kw.pop("owner_id", world.ent_a.pk),
        trademarks=kw.pop("trademarks", [services.TrademarkInput("12345678", 9)]),
        publish=publish,
        **kw,
    )
