"""Demo data of brands (seeded, through the services so the audit chain records it; idempotent).

* the brand evaluation method ``brand-eval`` v1 (four input and four outcome indicators);
* enterprise brands of the first graded garment makers and the first battery makers, a product
  brand, and a regional cluster brand of garment makers of one province; trademarks (numbers
  marked as examples), a brand officer from each owner's contacts;
* an evaluation per brand (seeded scores);
* a published list "famous consumer product brands, tier one" with accepted brands, and an open
  list of the next year with nominations waiting for review.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.brands import services
from qualitas.brands.choices import BrandKind
from qualitas.brands.models import Brand, EvaluationMethod, ListEntry
from qualitas.core.access import actor_for
from qualitas.registry.models import Contact, Enterprise, Product

METHOD = "brand-eval"
INDICATORS = [
    ("input", "strategy", "品牌战略与管理", "Brand strategy and management", "1"),
    ("input", "quality", "产品与服务质量", "Quality of products and services", "2"),
    ("input", "innovation", "创新投入", "Innovation", "1"),
    ("input", "culture", "品牌文化与社会责任", "Brand culture and social responsibility", "1"),
    ("outcome", "recognition", "品牌认知度", "Recognition", "1"),
    ("outcome", "reputation", "美誉度", "Reputation", "2"),
    ("outcome", "loyalty", "用户忠诚度", "Loyalty", "1"),
    ("outcome", "market", "市场表现", "Market performance", "2"),
]


def _user(name: str) -> Any:
    user = get_user_model().objects.filter(username=name).first()
    return actor_for(user) if user else None


def _method(actor: Any) -> EvaluationMethod:
    method = EvaluationMethod.objects.filter(code=METHOD).order_by("-version").first()
    if method is not None:
        return method
    return services.method_create(
        actor=actor,
        code=METHOD,
        title_zh="品牌评价方法",
        title_en="Brand evaluation method",
        input_weight="0.4",
        outcome_weight="0.6",
        indicators=[
            services.IndicatorInput(part=p, key=k, name_zh=zh, name_en=en, weight=w)
            for p, k, zh, en, w in INDICATORS
        ],
        notes="docs/methodology/brand-evaluation.md",
    )


def _owners(category: str, n: int) -> list[Enterprise]:
    ids = list(
        Product.objects.filter(category=category)
        .order_by("pk")
        .values_list("enterprise_id", flat=True)[: n * 3]
    )
    seen: list[int] = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    return list(Enterprise.objects.filter(pk__in=seen[:n]).order_by("pk"))


def _brand(actor: Any, n: int, owner: Enterprise, category: str, **extra: Any) -> Brand:
    name_zh = extra.pop("name_zh", None) or f"{owner.name_zh[:4]}"
    name_en = extra.pop("name_en", None) or (owner.name_en.split(" ")[0] if owner.name_en else "")
    brand = services.brand_create(
        actor=actor,
        kind=extra.pop("kind", BrandKind.ENTERPRISE),
        name_zh=name_zh,
        name_en=name_en,
        category=category,
        owner_id=extra.pop("owner_id", owner.pk),
        trademarks=[services.TrademarkInput(f"DEMO{n:06d}", 25 if category == "服装" else 9)],
        publish=True,
        **extra,
    )
    contact = Contact.objects.filter(enterprise=owner).order_by("pk").first()
    if contact is not None and brand.owner_id:
        services.officer_add(actor=actor, brand=brand, contact_id=contact.pk, duty="品牌官")
    return brand


def _evaluate(actor: Any, rng: Any, method: EvaluationMethod, brand: Brand) -> None:
    scores = {k: int(rng.integers(55, 96)) for _p, k, *_rest in INDICATORS}
    services.evaluation_record(
        actor=actor,
        brand=brand,
        method=method,
        scores=scores,
        evaluated_on=timezone.localdate().replace(month=1, day=15),
        note="示例评价",
    )


def brands_demo_load(*, seed: int = 20261122) -> None:
    """Method, brands, evaluations, a published and an open list (idempotent)."""
    admin = _user_admin()
    if admin is None or Brand.objects.exists():
        return
    reviewer = _user("authority")
    rng = np.random.default_rng(seed + 23)
    year = timezone.localdate().year
    with transaction.atomic():
        method = _method(admin)
        brands: list[Brand] = []
        garment = _owners("服装", 4)
        battery = _owners("锂离子电池", 3)
        for n, owner in enumerate(garment + battery, start=1):
            category = "服装" if owner in garment else "锂离子电池"
            brands.append(_brand(admin, n, owner, category))
        if battery:
            owner = battery[0]
            products = list(
                Product.objects.filter(enterprise=owner, category="锂离子电池").values_list(
                    "pk", flat=True
                )[:2]
            )
            if products:
                brands.append(
                    _brand(
                        admin,
                        100,
                        owner,
                        "锂离子电池",
                        kind=BrandKind.PRODUCT,
                        name_zh=f"{owner.name_zh[:2]}电芯",
                        name_en="Cell",
                        product_ids=products,
                    )
                )
        if garment:
            province = garment[0].province_id
            members = list(
                Enterprise.objects.filter(
                    province_id=province, pk__in=[e.pk for e in garment]
                ).values_list("pk", flat=True)
            ) or [garment[0].pk]
            cluster = services.brand_create(
                actor=admin,
                kind=BrandKind.CLUSTER,
                name_zh=f"{garment[0].province.name_zh if garment[0].province else ''}羽绒服装",
                name_en="Regional down garments",
                category="服装",
                region_code=province,
                member_ids=members,
                trademarks=[services.TrademarkInput("DEMO900001", 25)],
                description="区域品牌（示例）",
                publish=True,
            )
            brands.append(cluster)
        for b in brands:
            _evaluate(admin, rng, method, b)
        published = services.list_create(
            actor=admin,
            code=f"famous-consumer-{year - 1}-t1",
            title_zh=f"{year - 1}年著名消费品品牌（第一档）",
            title_en=f"Famous consumer product brands {year - 1}, tier one",
            year=year - 1,
            tier="一档",
        )
        upcoming = services.list_create(
            actor=admin,
            code=f"famous-consumer-{year}-t1",
            title_zh=f"{year}年著名消费品品牌（第一档）",
            title_en=f"Famous consumer product brands {year}, tier one",
            year=year,
            tier="一档",
        )
        for b in brands[:4]:
            services.nominate(actor=admin, brand_list=upcoming, brand=b, reason="示例提名")
        if reviewer is None:
            return
        for i, b in enumerate(brands[:6]):
            entry = services.nominate(actor=admin, brand_list=published, brand=b, reason="示例提名")
            services.review(actor=reviewer, entry=entry, action="start")
            services.review(
                actor=reviewer,
                entry=entry,
                action="reject" if i == 5 else "accept",
                note="示例：材料不全" if i == 5 else "",
            )
        services.list_publish(actor=reviewer, brand_list=published)
        first = ListEntry.objects.filter(brand_list=upcoming).order_by("pk").first()
        if first is not None:
            services.review(actor=reviewer, entry=first, action="start")


def _user_admin() -> Any:
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return actor_for(user) if user else None
