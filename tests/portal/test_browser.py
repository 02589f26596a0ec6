"""The one search in a real browser: a visitor opens it from the header's public menu, searches
a Chinese fragment, sees the records grouped by kind, narrows to one kind and city, and follows
a hit to the record itself (an enterprise's public profile, a laboratory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitas.portal.services import search_index_rebuild
from tests.factories import make_world
from tests.registers.factories import BATTERY_ITEMS, make_lab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_search_group_narrow_and_open_a_record(page, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    make_lab(world, items=BATTERY_ITEMS[:2])
    search_index_rebuild()

    page.goto(page.base + "/")
    page.click("[data-testid=menu-public]")
    page.click("[data-testid=nav-portal-search]")
    page.fill("[data-testid=portal-q]", "电池")
    page.click("[data-testid=portal-search] button[type=submit]")
    page.wait_for_selector("[data-testid=group-laboratory]")
    assert page.inner_text("[data-testid=portal-total]").startswith("找到 4 条记录")
    assert page.inner_text("[data-testid=group-enterprise] h2") == "企业 (3)"
    assert page.inner_text("[data-testid=group-laboratory] h2") == "实验室 (1)"
    page.screenshot(path=str(SHOTS / "portal-search.png"), full_page=True)

    # one kind, one city: only Ningbo's enterprise
    page.select_option("#id_kind", "enterprise")
    page.select_option("#id_region", "330200")
    page.click("[data-testid=portal-search] button[type=submit]")
    page.wait_for_selector("[data-testid=group-enterprise]")
    assert page.locator("[data-testid=group-laboratory]").count() == 0
    hits = page.locator("[data-testid=group-enterprise] li a")
    assert hits.all_inner_texts() == ["宁波华达机械股份有限公司"]
    hits.first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/enterprises/{world.ent_b.pk}/")
    assert "宁波华达机械股份有限公司" in page.inner_text("h1")

    # in English; a refusal names the field
    page.goto(page.base + "/search/?lang=en&q=华达")
    assert page.locator("[data-testid=group-enterprise] li a").all_inner_texts() == [
        "Ningbo Huada Machinery Co., Ltd."
    ]
    page.goto(page.base + "/search/?lang=en&since=2026-05-02&until=2026-05-01")
    errors = page.inner_text("[data-testid=portal-errors]")
    assert "Published until" in errors and "The end date is before the start date." in errors
