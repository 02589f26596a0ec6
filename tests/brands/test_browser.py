"""In a real browser: an enterprise registers its brand with a trademark; after an evaluation
and a published recall, the public finds the brand from the header's menu and reads its page —
trademark, evaluation total, the monitoring chart — in Chinese and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import login, public_context
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_register_brand_then_public_brand_page(page, browser, live_server):
    from qualitas.brands import services
    from qualitas.brands.models import Brand
    from tests.brands.factories import actor, method
    from tests.traceability.recall_helpers import published_recall

    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    login(page, "ent", "pw-ent")  # an enterprise user registers its own brand
    page.goto(page.base + "/brands/new/")
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_name_zh", "恒信")
    page.fill("#id_name_en", "Hengxin")
    page.fill("#id_category", "锂离子电池")
    page.fill("#id_trademark", "30123456")
    page.fill("#id_nice_class", "9")
    page.click("[data-testid=save-brand]")
    page.wait_for_selector("[data-testid=brand-trademarks]")
    b = Brand.objects.get()
    assert b.status == "published" and b.owner_id == world.ent_a.pk
    page.screenshot(path=str(SHOTS / "brands-owner-page.png"), full_page=True)

    services.evaluation_record(
        actor=actor(world, "evaluator"),
        brand=b,
        method=method(world),
        scores={"strategy": 80, "quality": 90, "recognition": 60, "reputation": 71},
    )
    published_recall(world)

    for lang, menu_word, signals_word in (
        ("zh-hans", "品牌", "监测信号"),
        ("en", "Brands", "Monitoring signals"),
    ):
        context, pg = public_context(browser, page.base, lang)
        pg.goto(page.base + "/")
        pg.click("[data-testid=menu-public]")
        pg.click("[data-testid=nav-brands]")
        pg.fill("[data-testid=brand-q]", "30123456")
        pg.click("[data-testid=brand-search] button[type=submit]")
        pg.click(f"[data-testid=brands] a[href='/brands/{b.pk}/']")
        pg.wait_for_selector("[data-testid=brand-evaluation]")
        assert pg.inner_text("[data-testid=brand-total]").strip() == "73.7"
        assert "30123456" in pg.inner_text("[data-testid=brand-trademarks]")
        assert signals_word in pg.inner_text("[data-testid=brand-monitoring]")
        pg.wait_for_selector("[data-testid=chart-signals] .main-svg")
        assert menu_word in pg.inner_text("[data-testid=brand-name]") or menu_word in pg.content()
        assert "brand-officers" not in pg.content()  # officers are private
        pg.screenshot(path=str(SHOTS / f"brands-public-{lang}.png"), full_page=True)
        context.close()


def test_officer_reviews_a_nomination_and_publishes_the_list(page, live_server):
    from qualitas.brands import services
    from tests.brands.factories import actor, brand

    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)
    world = make_world()
    b = brand(world)
    bl = services.list_create(
        actor=actor(world, "admin"),
        code="famous-2026-t1",
        title_zh="2026年著名消费品品牌（第一档）",
        title_en="Famous consumer product brands 2026, tier one",
        year=2026,
        tier="一档",
    )
    services.nominate(actor=actor(world, "enterprise"), brand_list=bl, brand=b, reason="销量领先")
    login(page, "auth", "pw-auth")
    page.goto(page.base + f"/brands/lists/{bl.pk}/")
    page.click("button[value=start]")
    page.wait_for_selector("button[value=accept]")
    assert page.inner_text("[data-testid=entry-status]").strip() == "评审中"
    page.click("button[value=accept]")
    page.wait_for_selector("[data-testid=entry-status]:has-text('已接受')")
    page.screenshot(path=str(SHOTS / "brands-list-review.png"), full_page=True)
    page.click("[data-testid=list-publish]")
    page.wait_for_selector("[data-testid=list-status]:has-text('已发布')")
    bl.refresh_from_db()
    assert bl.status == "published"
    assert [e.status for e in bl.entries.all()] == ["accepted"]
