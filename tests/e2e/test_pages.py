"""Pages that never strand a user, in a real browser: the styled 404 of another enterprise's
private page in zh and en, /api/docs with the network off. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.core.test_pages_home import add_work
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient(page):
    """The machine these run on may be shared and slow: a minute per step, not 15 s."""
    page.set_default_timeout(60000)
    page.set_default_navigation_timeout(60000)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"pages-{name}.png"), full_page=name != "api-docs-offline")


def test_another_enterprises_page_is_the_styled_page_in_zh_and_en(page, world):
    from qualitas.diagnosis.models import Characteristic

    other = Characteristic.objects.create(enterprise=world.ent_c, name="厚度", unit="mm")
    login(page, "ent", "pw-ent")
    page.goto(page.base + "/diagnosis/")
    response = page.goto(
        page.base + f"/diagnosis/characteristics/{other.pk}/", referer=page.base + "/diagnosis/"
    )
    assert response is not None and response.status == 404
    panel = page.locator("[data-testid=error-page]")
    assert "页面不存在" in panel.inner_text()
    assert "ent" in page.inner_text("[data-testid=who]")  # the site header, still signed in
    assert page.locator("header.topbar nav a").count() >= 3
    assert "厚度" not in page.inner_text("main")
    _shot(page, "404-zh")
    # the way back: the page the user came from, then home
    assert page.get_attribute("[data-testid=error-back]", "href").endswith("/diagnosis/")

    page.click("[data-testid=lang-switch]")  # the header's language switch works here too
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Page not found" in page.inner_text("[data-testid=error-page]")
    _shot(page, "404-en")
    page.click("[data-testid=error-home]")
    page.wait_for_url(page.base + "/")
    assert page.locator("[data-testid=todo]").count() == 1


@pytest.mark.parametrize(
    "username,first_item",
    [
        ("ent", "evaluation.assessments_in_progress"),
        ("eva", "evaluation.assignments_due"),
        ("mgr", "evaluation.assignments_pending"),
        ("rev", "evaluation.results_to_review"),
        ("auth", "index.open_warnings"),
        ("root", "index.open_warnings"),
    ],
)
def test_home_of_each_role_lists_its_work_in_zh_and_en(page, world, username, first_item):
    add_work(world)
    login(page, username, "pw-" + username)
    item = page.locator(f"[data-testid='todo-{first_item}']")
    assert item.count() == 1
    assert page.locator("[data-testid=todo] a .figure").count() >= 1
    _shot(page, f"home-{username}-zh")
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    _shot(page, f"home-{username}-en")
    href = item.get_attribute("href")
    item.click()  # the count leads to the page that lists those things
    page.wait_for_load_state()
    assert page.url.endswith(href)
    assert page.locator("[data-testid=error-page]").count() == 0


def test_api_docs_render_with_the_network_off(page, world):
    blocked: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith((page.base, "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(page.base + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/registry/" in s for s in summaries), summaries[:5]
    assert page.locator(".opblock").count() > 10
    assert "Qualitas API" in page.inner_text(".information-container")
    _shot(page, "api-docs-offline")
    assert blocked == []  # nothing even tried to leave the machine


_DRAW_DATE_CHART = """() => new Promise((resolve) => {
  const src = document.createElement("script");
  src.type = "application/json";
  src.id = "fig-dates";
  src.textContent = JSON.stringify({data: [{type: "scatter", mode: "lines",
    x: ["2026-01-05", "2026-02-10", "2026-03-15", "2026-04-20"], y: [1, 3, 2, 4]}],
    layout: {width: 700, height: 320}});
  const div = document.createElement("div");
  div.dataset.figure = "fig-dates";
  div.id = "chart-dates";
  document.querySelector("main").append(src, div);
  div.addEventListener("qualitas:chart-drawn", () => resolve(true));
  window.qualitasDrawCharts(document);
})"""


@pytest.mark.parametrize("lang,month,zoom", [("zh-hans", "2月", "缩放"), ("en", "Feb", "Zoom")])
def test_charts_speak_the_page_language(page, world, lang, month, zoom):
    page.goto(page.base + f"/?lang={lang}", wait_until="domcontentloaded", timeout=60000)
    page.wait_for_function("!!(window.Plotly && window.qualitasDrawCharts)", timeout=60000)
    page.evaluate(_DRAW_DATE_CHART)
    ticks = page.locator("#chart-dates .xtick text").all_text_contents()
    assert any(month in t for t in ticks), ticks
    titles = page.locator("#chart-dates .modebar-btn").evaluate_all(
        "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert zoom in titles, titles
    if lang == "zh-hans":
        assert not any("Jan" in t or "Feb" in t for t in ticks)
        page.hover("#chart-dates")
        _shot(page, "chart-zh")


def test_expired_form_and_server_error_pages(page, world):
    from django.test import RequestFactory
    from django.utils import translation

    from qualitas.core.views import server_error

    login(page, "auth", "pw-auth")
    # a form posted without its security token (a page left open across a log-out): styled 403
    page.evaluate(
        """() => { const f = document.createElement("form"); f.method = "post";
        f.action = "/logout/"; document.body.append(f); f.submit(); }"""
    )
    page.wait_for_selector("[data-testid=error-page]")
    assert "403" in page.inner_text("[data-testid=error-status]")
    assert "表单已失效" in page.inner_text("[data-testid=error-page]")
    assert "auth" in page.inner_text("[data-testid=who]")  # still signed in
    _shot(page, "403-zh")
    # the 500 page as the handler renders it (no request context, no database), in English
    with translation.override("en"):
        html = server_error(RequestFactory().get("/")).content.decode()
    page.set_content(html)
    assert "Something went wrong" in page.inner_text("[data-testid=error-page]")
    assert page.locator("header.topbar a.brand").count() == 1
    _shot(page, "500-en")
