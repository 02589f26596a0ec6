"""Monitoring signals per brand from spot-checks, recalls and grades (read only through
core.providers), the brand page's chart, and what brands contribute: a public profile section,
search documents and the brand_standing credit factor — nothing from drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qualitas.brands import services
from qualitas.brands.selectors import monitoring
from qualitas.core.providers import collect_credit, collect_profile, collect_search
from tests.brands.factories import actor, brand, method
from tests.supervision.factories import published_fast
from tests.traceability.recall_helpers import published_recall

pytestmark = pytest.mark.django_db


def _grade(world):
    from qualitas.registry.models import Product
    from qualitas.standards import services as standards

    scheme = standards.scheme_create(
        actor=actor(world, "admin"),
        code="bat",
        category="锂离子电池",
        title_zh="锂离子电池质量分级",
        grades=["AA", "A"],
        indicators=[
            standards.SchemeIndicatorInput(
                key="capacity",
                name_zh="容量",
                unit="mAh",
                part="graded",
                comparison="ge",
                thresholds={"AA": "5000", "A": "4000"},
            )
        ],
    )
    return standards.grade_record(
        actor=actor(world, "admin"),
        scheme_id=scheme.pk,
        product_id=Product.objects.filter(enterprise=world.ent_a).first().pk,
        source="laboratory",
        laboratory="浙江检测中心",
        accreditation="CNAS L1234",
        report_no="SIG-1",
        tested_on=timezone.localdate() - timedelta(days=5),
        values={"capacity": "4500"},
    )


def test_signals_from_every_source_on_the_brand_page(world, client_for):
    b = brand(world)
    cluster = services.brand_create(
        actor=actor(world, "authority"),
        kind="cluster",
        name_zh="浙江电池",
        category="锂离子电池",
        region_code="330000",
        member_ids=[world.ent_b.pk],
        publish=True,
    )
    published_fast(world, "SIG-2025-01")
    published_recall(world)
    g = _grade(world)
    mon = monitoring(b)
    kinds = sorted(s.kind for s in mon.signals)
    assert kinds == ["grade", "recall", "spot_check"]
    assert [s.adverse for s in mon.signals if s.kind == "recall"] == [True]
    assert [s.adverse for s in mon.signals if s.kind == "spot_check"] == [False]
    assert [s.label for s in mon.signals if s.kind == "grade"] == [f"{g.product.name} · A"]
    this_month = timezone.localdate().strftime("%Y-%m")
    assert mon.counts["recall"] == {this_month: 1}
    assert mon.adverse == {this_month: 1}
    assert monitoring(cluster).signals == []  # ent_b has none
    page = client_for("public").get(f"/brands/{b.pk}/").content.decode()
    assert 'data-testid="chart-signals"' in page and "fig-signals" in page
    api = client_for("public").get(f"/api/brands/brands/{b.pk}/signals").json()
    assert [s["kind"] for s in api] == [s.kind for s in mon.signals]


def test_contributions_public_only(world):
    m = method(world)
    b = brand(world)
    brand(world, name_zh="草稿品牌", publish=False, trademarks=[])
    services.evaluation_record(
        actor=actor(world, "evaluator"),
        brand=b,
        method=m,
        scores={"strategy": 80, "quality": 90, "recognition": 60, "reputation": 71},
    )
    sections = [
        s
        for s in collect_profile(enterprise_id=world.ent_a.pk, public=True)
        if s.source_app == "brands"
    ]
    assert len(sections) == 1 and sections[0].public
    labels = [str(f.label) for f in sections[0].facts]
    assert labels == ["恒信"]  # the draft stays out
    assert "73.7" in str(sections[0].facts[0].value)
    factor = next(
        f for f in collect_credit(world.ent_a.pk, timezone.localdate()) if f.key == "brand_standing"
    )
    assert factor.value == pytest.approx(0.737)
    none = next(
        f for f in collect_credit(world.ent_c.pk, timezone.localdate()) if f.key == "brand_standing"
    )
    assert none.value is None
    docs = [d for d in collect_search() if d.kind == "brand"]
    assert [d.key for d in docs] == [str(b.pk)]
