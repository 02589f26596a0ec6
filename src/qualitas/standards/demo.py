"""Demo data of standards self-declaration and grading (seeded, through the services so the audit
chain records it; idempotent).

* a small catalogue: GB 31241-2022 (and the 2014 edition it replaced), GB/T 35590-2017,
  GB 18401-2010, GB/T 14272-2021;
* published declarations for the first demo products of two categories — lithium-ion batteries
  (GB 31241-2022 and an enterprise standard with capacity, cycle life, mass and a safety
  indicator) and garments (GB 18401-2010, GB/T 14272-2021 and an enterprise standard with fill
  power and down-cluster content);
* forerunner lists of the current year for battery capacity, cycle life and garment fill power;
* a demo down-garment grading scheme (AAAAA–A; fill-power thresholds after the 2016 down grading
  A–5A of ``grading_gbt44164.csv``; down-cluster content above 50 % as the gate) and grades for
  the declared garments. Laboratory names and accreditation numbers are marked as examples.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.registry.models import Product
from qualitas.standards import services
from qualitas.standards.models import Declaration, ForerunnerList, GradeAssessment, GradingScheme

CATALOGUE = [
    (
        "GB 31241-2022",
        "便携式电子产品用锂离子电池和电池组 安全技术规范",
        "Lithium ion cells and batteries used in portable electronic equipment — Safety technical specification",
        "2022-12-29",
        "2024-01-01",
        "29.220.30",
    ),
    (
        "GB/T 35590-2017",
        "信息技术 便携式数字设备用移动电源通用规范",
        "Information technology — General specification for portable power bank for digital devices",
        "2017-12-29",
        "2018-07-01",
        "35.200",
    ),
    (
        "GB 18401-2010",
        "国家纺织产品基本安全技术规范",
        "National general safety technical code for textile products",
        "2011-01-14",
        "2011-08-01",
        "59.080.01",
    ),
    ("GB/T 14272-2021", "羽绒服装", "Down garments", "2021-10-11", "2022-04-01", "61.020"),
]
SCHEME = "down-garment-demo"
PER_CATEGORY = 24


def _admin() -> Any:
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return actor_for(user) if user else None


def _catalogue(actor: Any) -> None:
    for code, zh, en, issued, effective, ics in CATALOGUE:
        services.standard_upsert(
            actor=actor,
            code=code,
            title_zh=zh,
            title_en=en,
            issued_on=issued,
            effective_on=effective,
            ics=ics,
        )
    services.standard_upsert(
        actor=actor,
        code="GB 31241-2014",
        title_zh="便携式电子产品用锂离子电池和电池组 安全要求",
        replaced_by="GB 31241-2022",
    )


def _declare(actor: Any, rng: Any) -> None:
    batteries = list(Product.objects.filter(category="锂离子电池").order_by("pk")[:PER_CATEGORY])
    garments = list(Product.objects.filter(category="服装").order_by("pk")[:PER_CATEGORY])
    done = set(Declaration.objects.values_list("product_id", flat=True))
    for p in batteries:
        if p.pk in done:
            continue
        code = f"Q/DEMO{p.enterprise_id} 001-2025"
        services.declaration_create(
            actor=actor,
            product_id=p.pk,
            standards=["GB 31241-2022", code],
            indicators=[
                services.IndicatorInput(
                    key="capacity",
                    name_zh="额定容量",
                    name_en="Rated capacity",
                    unit="mAh",
                    limit_kind="min",
                    value=str(int(rng.integers(40, 61)) * 100),
                    standard=code,
                ),
                services.IndicatorInput(
                    key="cycle-life",
                    name_zh="循环寿命",
                    name_en="Cycle life",
                    unit="cycles",
                    limit_kind="min",
                    value=str(int(rng.integers(3, 11)) * 100),
                    standard=code,
                ),
                services.IndicatorInput(
                    key="mass",
                    name_zh="质量",
                    name_en="Mass",
                    unit="g",
                    limit_kind="max",
                    value=str(int(rng.integers(18, 31)) * 10),
                    standard=code,
                ),
                services.IndicatorInput(
                    key="surface-temperature",
                    name_zh="表面温升",
                    name_en="Surface temperature rise",
                    unit="°C",
                    limit_kind="max",
                    value=str(int(rng.integers(45, 56))),
                    safety=True,
                    standard=code,
                ),
            ],
            publish=True,
        )
    for p in garments:
        if p.pk in done:
            continue
        code = f"Q/DEMO{p.enterprise_id} 002-2025"
        services.declaration_create(
            actor=actor,
            product_id=p.pk,
            standards=["GB 18401-2010", "GB/T 14272-2021", code],
            indicators=[
                services.IndicatorInput(
                    key="fill-power",
                    name_zh="蓬松度",
                    name_en="Fill power",
                    unit="cm",
                    limit_kind="min",
                    value=f"{rng.uniform(12.5, 21.0):.1f}",
                    standard=code,
                ),
                services.IndicatorInput(
                    key="down-cluster",
                    name_zh="绒子含量",
                    name_en="Down-cluster content",
                    unit="%",
                    limit_kind="min",
                    value=str(int(rng.integers(60, 96))),
                    safety=True,
                    standard=code,
                ),
            ],
            publish=True,
        )


def _forerunners(actor: Any) -> None:
    year = timezone.localdate().year
    for category, key in (
        ("锂离子电池", "capacity"),
        ("锂离子电池", "cycle-life"),
        ("服装", "fill-power"),
    ):
        if ForerunnerList.objects.filter(category=category, key=key, year=year).exists():
            continue
        try:
            services.forerunner_publish(actor=actor, category=category, key=key, year=year)
        except services.StandardsError:
            continue  # too few declarations in a small demo


def _grades(actor: Any, rng: Any) -> None:
    scheme = GradingScheme.objects.filter(code=SCHEME).order_by("-version").first()
    if scheme is None:
        scheme = services.scheme_create(
            actor=actor,
            code=SCHEME,
            category="服装",
            title_zh="羽绒服装质量分级（示例）",
            title_en="Down garment quality grading (demo)",
            basis="GB/T 44164-2024; GB/T 14272-2021",
            grades=["AAAAA", "AAAA", "AAA", "AA", "A"],
            indicators=[
                services.SchemeIndicatorInput(
                    key="down-cluster",
                    name_zh="绒子含量",
                    name_en="Down-cluster content",
                    unit="%",
                    part="gate",
                    comparison="gt",
                    limit="50",
                ),
                services.SchemeIndicatorInput(
                    key="fill-power",
                    name_zh="蓬松度",
                    name_en="Fill power",
                    unit="cm",
                    part="graded",
                    comparison="gt",
                    thresholds={
                        "AAAAA": "20.0",
                        "AAAA": "18.0",
                        "AAA": "16.0",
                        "AA": "14.0",
                        "A": "12.0",
                    },
                ),
            ],
        )
    graded = set(GradeAssessment.objects.values_list("product_id", flat=True))
    today = timezone.localdate()
    for i, p in enumerate(Product.objects.filter(category="服装").order_by("pk")[:PER_CATEGORY]):
        if p.pk in graded:
            continue
        services.grade_record(
            actor=actor,
            scheme_id=scheme.pk,
            product_id=p.pk,
            source="laboratory",
            laboratory="浙江省纺织品检验研究院（示例）",
            accreditation="CNAS L9999",
            report_no=f"DEMO-{today.year}-{i + 1:04d}",
            tested_on=today - timedelta(days=int(rng.integers(10, 200))),
            values={
                "down-cluster": str(int(rng.integers(45, 96))),
                "fill-power": f"{rng.uniform(11.5, 21.0):.1f}",
            },
        )


def standards_demo_load(*, seed: int = 20261122) -> None:
    """Catalogue, declarations, forerunner lists, a grading scheme and grades (idempotent)."""
    actor = _admin()
    if actor is None:
        return
    rng = np.random.default_rng(seed + 19)
    with transaction.atomic():
        _catalogue(actor)
        _declare(actor, rng)
        _forerunners(actor)
        _grades(actor, rng)
