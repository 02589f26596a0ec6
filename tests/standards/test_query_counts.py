"""Query-count ceilings of the standards list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "standards",
    also=("standards:declaration", "standards:forerunner_list", "standards:scheme"),
    # forms and the method page: the same size whatever the rows
    fixed=(
        "standards:declare",
        "standards:methodology",
        "standards:forerunner_compute",
        "standards:grade_new",
        "standards:scheme",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published declarations of ent_a (a product, an enterprise standard and two
    indicators each), ``n`` forerunner lists (the first gets ``n`` more entries) and ``n`` grades."""
    from datetime import timedelta

    from django.utils import timezone

    from qualitas.core.access import actor_for
    from qualitas.registry.models import Product
    from qualitas.standards import services
    from qualitas.standards.models import ForerunnerEntry, ForerunnerList, GradingScheme

    admin = actor_for(world.users["admin"])
    start = Product.objects.count()
    scheme = GradingScheme.objects.filter(code="qc").first() or services.scheme_create(
        actor=admin,
        code="qc",
        category="锂离子电池",
        title_zh="锂离子电池质量分级",
        grades=["AA", "A"],
        indicators=[
            services.SchemeIndicatorInput(
                key="capacity",
                name_zh="容量",
                unit="mAh",
                part="graded",
                comparison="ge",
                thresholds={"AA": "5000", "A": "4000"},
            )
        ],
    )
    decls = []
    for i in range(n):
        p = Product.objects.create(
            enterprise=world.ent_a, name_zh=f"电池{start + i}", category="锂离子电池"
        )
        decls.append(
            services.declaration_create(
                actor=admin,
                product_id=p.pk,
                standards=["GB 31241-2022", f"Q/QC {start + i:03d}-2024"],
                indicators=[
                    services.IndicatorInput(
                        key="capacity",
                        name_zh="容量",
                        unit="mAh",
                        limit_kind="min",
                        value=str(4000 + i),
                    ),
                    services.IndicatorInput(
                        key="mass",
                        name_zh="质量",
                        unit="g",
                        limit_kind="max",
                        value="300",
                        safety=True,
                    ),
                ],
                publish=True,
            )
        )
        services.grade_record(
            actor=admin,
            scheme_id=scheme.pk,
            product_id=p.pk,
            source="laboratory",
            laboratory="浙江检测中心",
            accreditation="CNAS L1234",
            report_no=f"QC-{start + i}",
            tested_on=timezone.localdate() - timedelta(days=3),
            values={"capacity": str(4000 + 40 * i)},
        )
    first_list = ForerunnerList.objects.order_by("pk").first()
    for i in range(n):
        fl = ForerunnerList.objects.create(
            category=f"类别{start + i}",
            key="capacity",
            name_zh="容量",
            year=2026,
            unit="mAh",
            limit_kind="min",
            share="0.2",
            entries_count=1,
            published_at=timezone.now(),
        )
        first_list = first_list or fl
    ForerunnerEntry.objects.bulk_create(
        ForerunnerEntry(
            forerunner_list=first_list,
            declaration=d,
            enterprise=world.ent_a,
            rank=k + 1,
            value=d.indicators.get(key="capacity").value,
            forerunner=k == 0,
        )
        for k, d in enumerate(decls)
    )
    from qualitas.standards.models import Declaration

    first_decl = (
        Declaration.objects.filter(product__name_zh__startswith="电池").order_by("pk").first()
    )
    # the first declaration's page lists its indicators: n more
    from qualitas.standards.models import DeclaredIndicator

    DeclaredIndicator.objects.bulk_create(
        DeclaredIndicator(
            declaration=first_decl,
            key=f"k{start + k}",
            name_zh=f"指标{k}",
            unit="mm",
            limit_kind="max",
            value=k,
        )
        for k in range(n)
    )
    return {"declaration_pk": first_decl.pk, "list_pk": first_list.pk, "scheme_pk": scheme.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
