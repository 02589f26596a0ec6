"""The quality digital map in a real browser: open it, change the period, drill into a province
and see its cities, then reach its enterprises.

The page's CSP (no ``unsafe-eval``) refuses Playwright's waits on JavaScript strings, so the
tests wait on the data attributes map.js sets when a map is drawn (state, level, period,
province)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = "#quality-map[data-state=drawn]"
SETTLED = "#quality-map[data-state=drawn], #quality-map[data-state=error]"


def _open_map(page, lang: str = "zh-hans") -> list[str]:
    """Open the map page and wait until the map is drawn; the page's console errors (a map that
    cannot draw fails with them, not with a bare timeout)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(45000)  # WebGL in software on a shared machine
    page.goto(page.base + f"/index/map/?lang={lang}")
    page.wait_for_selector(SETTLED, state="attached")
    m = page.locator("#quality-map")
    assert m.get_attribute("data-state") == "drawn", (m.inner_text(), errors)
    return errors


def test_map_period_drilldown_cities(page, indexed):
    _open_map(page)
    m = page.locator("[data-testid=quality-map]")
    assert (
        m.get_attribute("data-level") == "province" and m.get_attribute("data-period") == "2025Q4"
    )
    assert "浙江省" in page.inner_text("[data-testid=map-table]")
    assert "非正式出版地图" in page.inner_text("[data-testid=map-notice]")
    # the map is drawn by MapLibre on a canvas
    assert page.locator("[data-testid=quality-map] canvas").count() >= 1
    # the country has no "list its enterprises" button (a province has)
    assert not page.locator("[data-testid=map-enterprises]").is_visible()

    # change the period with the slider
    periods = json.loads(page.locator("#map-config").text_content())["periods"]
    assert periods[-1] == "2025Q4" and "2025Q2" in periods  # quarters with a published province
    page.locator("[data-testid=map-period]").fill(str(periods.index("2025Q2")))
    page.wait_for_selector(DRAWN + "[data-period='2025Q2']")
    assert page.inner_text("[data-testid=map-period-label]") == "2025Q2"

    # drill into Zhejiang by clicking its row (the same handler as a click on the map)
    page.click("[data-testid=map-table] tr[data-code='330000']")
    page.wait_for_selector(DRAWN + "[data-province='330000']")
    assert m.get_attribute("data-level") == "city"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index-map-zhejiang-zh-hans.png"))
    table = page.inner_text("[data-testid=map-table]")
    assert "杭州市" in table and "宁波市" in table
    assert "浙江省" in page.inner_text("[data-testid=map-crumbs]")

    # then to its enterprises (the registry search with the region filter)
    page.click("[data-testid=map-enterprises]")
    page.wait_for_url("**/enterprises/?region=330000*")
    assert "杭州恒信电池有限公司" in page.inner_text("main")


def test_click_on_the_map_itself_drills_down(page, indexed):
    _open_map(page, "en")
    box = page.locator("[data-testid=quality-map]").bounding_box()
    # find Zhejiang's pixel through Plotly's own projection, then click there
    xy = page.evaluate("""() => {
        const el = document.getElementById('quality-map');
        const map = el._fullLayout.map._subplot.map;
        const p = map.project([120.2, 29.2]);
        return [p.x, p.y];
    }""")
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_selector(DRAWN + "[data-province='330000']")
    assert "Hangzhou" in page.inner_text("[data-testid=map-table]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index-map-zhejiang-en.png"))


# the colour bar's title and its bar as drawn, and whether the ranking says it scrolls
PHONE = """() => {
  const box = (el) => el && el.getBoundingClientRect();
  const bar = box(document.querySelector('#quality-map .colorbar .cbfills'));
  const title = box(document.querySelector('#quality-map .colorbar .cbtitle text'));
  const scroller = document.querySelector('[data-testid=map-table-scroll]');
  return {
    page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
    overlap: !!(bar && title) && title.left < bar.right && title.right > bar.left
      && title.top < bar.bottom && title.bottom > bar.top,
    drawnBar: !!bar && !!title,
    scrolls: scroller.scrollHeight > scroller.clientHeight,
    cue: document.querySelector('[data-testid=map-table-count]').textContent,
  };
}"""


@pytest.mark.parametrize(
    ("lang", "zhejiang", "more"), [("zh-hans", "浙江省", "滚动"), ("en", "Zhejiang", "scroll")]
)
def test_map_on_a_phone(page, indexed, lang, zhejiang, more):
    """Issue 11 item 13 at 390 px: the map is drawn, the colour
    bar's title stands clear of the bar, a ranking longer than its panel says that it scrolls,
    nothing widens the page; names are in the page's language even when the browser asks for
    another (the page opened with ?lang=)."""
    page.set_viewport_size({"width": 390, "height": 844})
    _open_map(page, lang)
    page.wait_for_selector("#quality-map .colorbar .cbtitle text", state="attached")
    got = page.evaluate(PHONE)
    assert got["drawnBar"] and not got["overlap"], got
    assert got["page"] <= got["view"], got
    assert zhejiang in page.inner_text("[data-testid=map-table]")
    # the cue is there exactly when the list is longer than its panel
    assert (more in got["cue"]) == got["scrolls"], got
    assert page.locator("[data-testid=map-enterprises]").is_hidden()  # nothing to list nationally
