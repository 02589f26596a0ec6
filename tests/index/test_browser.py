"""The quality digital map in a real browser: open it, change the period, drill into a province
and see its cities, then reach its enterprises."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = "document.getElementById('quality-map').dataset.state === 'drawn'"


@pytest.mark.skip(
    reason="waits with a JavaScript string that the page's CSP (no unsafe-eval) refuses; to be rewritten on data attributes (open defect, closing note)"
)
def test_map_period_drilldown_cities(page, indexed):
    page.goto(page.base + "/index/map/")
    page.wait_for_function(DRAWN)
    m = page.locator("[data-testid=quality-map]")
    assert (
        m.get_attribute("data-level") == "province" and m.get_attribute("data-period") == "2025Q4"
    )
    assert "浙江省" in page.inner_text("[data-testid=map-table]")
    assert "非正式出版地图" in page.inner_text("[data-testid=map-notice]")
    # the map is drawn by MapLibre on a canvas
    assert page.locator("[data-testid=quality-map] canvas").count() >= 1

    # change the period with the slider
    periods = page.evaluate("JSON.parse(document.getElementById('map-config').textContent).periods")
    assert periods[-1] == "2025Q4" and "2025Q2" in periods  # quarters with a published province
    page.locator("[data-testid=map-period]").fill(str(periods.index("2025Q2")))
    page.wait_for_function(
        "document.getElementById('quality-map').dataset.period === '2025Q2' && " + DRAWN
    )
    assert page.inner_text("[data-testid=map-period-label]") == "2025Q2"

    # drill into Zhejiang by clicking its row (the same handler as a click on the map)
    page.click("[data-testid=map-table] tr[data-code='330000']")
    page.wait_for_function(
        "document.getElementById('quality-map').dataset.province === '330000' && " + DRAWN
    )
    assert m.get_attribute("data-level") == "city"
    table = page.inner_text("[data-testid=map-table]")
    assert "杭州市" in table and "宁波市" in table
    assert "浙江省" in page.inner_text("[data-testid=map-crumbs]")

    # then to its enterprises (the registry search with the region filter)
    page.click("[data-testid=map-enterprises]")
    page.wait_for_url("**/enterprises/?region=330000*")
    assert "杭州恒信电池有限公司" in page.inner_text("main")


@pytest.mark.skip(
    reason="waits with a JavaScript string that the page's CSP (no unsafe-eval) refuses; to be rewritten on data attributes (open defect, closing note)"
)
def test_click_on_the_map_itself_drills_down(page, indexed):
    page.goto(page.base + "/index/map/")
    page.wait_for_function(DRAWN)
    box = page.locator("[data-testid=quality-map]").bounding_box()
    # find Zhejiang's pixel through Plotly's own projection, then click there
    xy = page.evaluate("""() => {
        const el = document.getElementById('quality-map');
        const map = el._fullLayout.map._subplot.map;
        const p = map.project([120.2, 29.2]);
        return [p.x, p.y];
    }""")
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_function(
        "document.getElementById('quality-map').dataset.province === '330000' && " + DRAWN
    )
    assert "杭州市" in page.inner_text("[data-testid=map-table]")
