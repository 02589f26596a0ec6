"""In a real browser: an enterprise declares the standards of a product with a core indicator;
the public opens the declaration and looks up a product's grade, in Chinese and in English."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import login, public_context
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_declare_then_public_declaration_and_grade_lookup(page, browser, live_server):
    from django.utils import timezone

    from qualitas.core.access import actor_for
    from qualitas.standards import services
    from qualitas.standards.models import Declaration

    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    login(page, "ent", "pw-ent")
    page.goto(page.base + "/standards/mine/new/")
    page.fill("#id_standards", "GB 31241-2022; Q/HZXF 001-2024")
    page.fill("#id_ind-0-name_zh", "额定容量")
    page.fill("#id_ind-0-name_en", "Rated capacity")
    page.select_option("#id_ind-0-limit_kind", "min")
    page.fill("#id_ind-0-value", "5000")
    page.fill("#id_ind-0-unit", "mAh")
    page.click("[data-testid=save-declaration]")
    page.wait_for_selector("[data-testid=declared-standards]")
    d = Declaration.objects.get()
    assert d.status == "published"

    scheme = services.scheme_create(
        actor=actor_for(world.users["admin"]),
        code="battery",
        category="锂离子电池",
        title_zh="锂离子电池质量分级",
        title_en="Li-ion battery grading",
        grades=["AAAAA", "AAAA", "AAA", "AA", "A"],
        indicators=[
            services.SchemeIndicatorInput(
                key="capacity",
                name_zh="额定容量",
                name_en="Rated capacity",
                unit="mAh",
                part="graded",
                comparison="ge",
                thresholds={
                    "AAAAA": "6000",
                    "AAAA": "5500",
                    "AAA": "5000",
                    "AA": "4500",
                    "A": "4000",
                },
            )
        ],
    )
    g = services.grade_record(
        actor=actor_for(world.users["enterprise"]),
        scheme_id=scheme.pk,
        product_id=d.product_id,
        source="report",
        laboratory="浙江检测中心",
        accreditation="CNAS L1234",
        report_no="R-1",
        tested_on=timezone.localdate() - timedelta(days=3),
        values={"capacity": "5200"},
    )

    for lang, standards_word, grade_word in (
        ("zh-hans", "执行标准", "产品质量分级"),
        ("en", "Standards followed", "Product quality grades"),
    ):
        context, pg = public_context(browser, page.base, lang)
        pg.goto(page.base + "/standards/?q=Q/HZXF")
        pg.click(f"[data-testid=declarations] a[href='/standards/declarations/{d.pk}/']")
        pg.wait_for_selector("[data-testid=declared-standards]")
        assert "Q/HZXF 001-2024" in pg.inner_text("[data-testid=declared-standards]")
        assert "≥ 5000 mAh" in pg.inner_text("[data-testid=core-indicators]")
        assert standards_word in pg.content()
        pg.screenshot(path=str(SHOTS / f"standards-declaration-{lang}.png"), full_page=True)

        pg.goto(page.base + "/grades/")
        pg.fill("[data-testid=grade-q]", g.number)
        pg.click("[data-testid=grade-lookup] button[type=submit]")
        pg.click(f"[data-testid=grades] a[href='/grades/{g.pk}/']")
        pg.wait_for_selector("[data-testid=grade-value]")
        assert pg.inner_text("[data-testid=grade-value]").strip() == "AAA"
        assert grade_word in pg.content()
        pg.screenshot(path=str(SHOTS / f"standards-grade-{lang}.png"), full_page=True)
        context.close()
