"""The map's colour bar and ranking panel (issue 11 item 13): the colour bar's title runs along
the bar (on top it covered the bar's first ticks), the ranking list scrolls inside its panel
with its header kept and says how many regions it holds."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = "[data-testid=quality-map][data-state=drawn]"  # a selector: the page's CSP refuses eval


@pytest.mark.parametrize("lang,count", [("zh-hans", "共 "), ("en", " regions")])
def test_colour_bar_title_and_ranking_panel(page, indexed, lang, count):
    page.set_default_timeout(90000)  # MapLibre without a GPU, on a loaded machine
    page.set_default_navigation_timeout(90000)
    page.goto(page.base + f"/index/map/?lang={lang}")
    page.wait_for_selector(DRAWN)
    side = page.evaluate(
        "[...document.getElementById('quality-map').data]"
        ".filter(t => t.colorbar).map(t => t.colorbar.title.side)"
    )
    assert side and set(side) == {"right"}
    assert count in page.inner_text("[data-testid=map-table-count]")
    scroller = page.locator("[data-testid=map-table-scroll]")
    assert scroller.evaluate("el => getComputedStyle(el).overflowY") == "auto"
    sticky = page.locator("[data-testid=map-table] thead th >> nth=0")
    assert sticky.evaluate("el => getComputedStyle(el).position") == "sticky"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
