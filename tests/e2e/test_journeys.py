"""Journeys a person takes in a real browser: search → profile, log in as each role, switch language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_then_profile(page, world):
    page.goto(page.base + "/enterprises/")
    page.fill("#id_q", "电池")
    page.press("#id_q", "Enter")
    # htmx swaps the results and pushes the URL; wait for the narrowed list, not the full one
    page.wait_for_url("**/enterprises/?q=*")
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共找到 1 家企业')"
    )
    assert page.locator("table.list tbody tr").count() == 1
    page.click("text=杭州恒信电池有限公司")
    page.wait_for_selector("[data-testid=enterprise-name]")
    assert page.inner_text("[data-testid=credit-code]") == world.ent_a.credit_code
    # the public never sees contacts
    assert page.locator("[data-testid=contacts]").count() == 0


def test_english_word_search(page, world):
    page.goto(page.base + "/enterprises/?q=machinery")
    page.wait_for_selector("text=宁波华达机械股份有限公司")
    assert page.locator("table.list tbody tr").count() == 1


@pytest.mark.parametrize(
    "role,username",
    [
        ("enterprise", "ent"),
        ("evaluator", "eva"),
        ("institution_manager", "mgr"),
        ("reviewer", "rev"),
        ("authority", "auth"),
        ("admin", "root"),
    ],
)
def test_login_as_each_role_reaches_home(page, world, role, username):
    login(page, username, "pw-" + username)
    assert username in page.inner_text("[data-testid=who]")
    if role == "enterprise":
        page.click("[data-testid=menu-enterprises]")  # the header's menus open on a click
        page.click("nav >> text=我的企业")
        page.wait_for_selector("[data-testid=contacts]")
    if role == "authority":
        page.click("[data-testid=menu-enterprises]")
        page.click("nav >> text=统计")
        page.wait_for_selector("[data-testid=by-province]")
        assert "浙江省" in page.inner_text("[data-testid=by-province]")
        assert "广东省" not in page.inner_text("[data-testid=by-province]")


def test_language_switch(page, world):
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "企业" in page.inner_text("nav")
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Enterprises" in page.inner_text("nav")
    page.goto(page.base + f"/enterprises/{page_world_pk(world)}/")
    assert "Registration" in page.inner_text("main")
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")


def page_world_pk(world) -> int:
    return world.ent_a.pk
