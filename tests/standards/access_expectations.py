"""What every role gets from each standards page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published declaration of ent_a's product
and one draft of ent_a's product (version 2)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.registry.models import Product
    from qualitas.standards.models import Declaration
    from tests.standards.factories import declare

    # a product of its own: the registry's walk deletes ent_a's first product
    product, _ = Product.objects.get_or_create(
        enterprise=world.ent_a, name_zh="锂离子电池Z9", defaults={"category": "锂离子电池"}
    )
    published = Declaration.objects.filter(product=product, version=1).first()
    if published is None:
        published = declare(world, product=product)
        declare(world, product=product, publish=False)
    draft = Declaration.objects.get(product=product, version=2)
    return {
        "declaration_pk": published.pk,
        "draft_pk": draft.pk,
        **_lists_and_grades(world, published),
    }


def _lists_and_grades(world: Any, published: Any) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from qualitas.core.access import actor_for
    from qualitas.standards import services
    from qualitas.standards.models import ForerunnerEntry, ForerunnerList, GradeAssessment

    fl = ForerunnerList.objects.filter(key="acc-capacity").first()
    if fl is None:
        fl = ForerunnerList.objects.create(
            category="锂离子电池",
            key="acc-capacity",
            name_zh="容量",
            year=2026,
            unit="mAh",
            limit_kind="min",
            share="0.2",
            entries_count=1,
            published_at=timezone.now(),
        )
        ForerunnerEntry.objects.create(
            forerunner_list=fl,
            declaration=published,
            enterprise=world.ent_a,
            rank=1,
            value=5000,
            forerunner=True,
        )
    g = GradeAssessment.objects.filter(report_no="ACC-1").first()
    if g is None:
        scheme = services.scheme_create(
            actor=actor_for(world.users["admin"]),
            code="acc",
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
        g = services.grade_record(
            actor=actor_for(world.users["admin"]),
            scheme_id=scheme.pk,
            product_id=published.product_id,
            source="laboratory",
            laboratory="浙江检测中心",
            accreditation="CNAS L1234",
            report_no="ACC-1",
            tested_on=timezone.localdate() - timedelta(days=5),
            values={"capacity": "4500"},
        )
    return {
        "list_pk": fl.pk,
        "fmt": "csv",
        "grade_pk": g.pk,
        "scheme_pk": g.scheme_id,
        "number": g.number,
    }


PAGES = {
    "standards:lookup": 200,
    "standards:catalogue": 200,
    "standards:declaration": 200,
    "standards:my_declarations": only(("enterprise", "other_enterprise"), other=404, public=302),
    "standards:declare": only(("enterprise", "other_enterprise"), other=404, public=302),
    "standards:methodology": 200,
    "standards:forerunners": 200,
    "standards:forerunner_compute": only(("authority", "admin"), other=404, public=302),
    "standards:forerunner_list": 200,
    "standards:forerunner_export": 200,
    "standards:grades": 200,
    "standards:grade_new": only(
        ("enterprise", "other_enterprise", "authority", "admin"), other=404, public=302
    ),
    "standards:grade": 200,
    "standards:scheme": 200,
}

API = {
    "GET /api/standards/catalogue": 200,
    "GET /api/standards/declarations": 200,
    "GET /api/standards/declarations/{declaration_pk}": 200,
    "GET /api/standards/grades": 200,
    "GET /api/standards/grades/{number}": 200,
}
