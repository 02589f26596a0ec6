"""Pages on a 390 px phone and in English (issue 11 items 12 and 13): tables scroll sideways
inside their wrapper and never widen the page, the header shows the whole role name, the
statistics and monitoring pages draw their charts with names (not codes) in the page's
language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE_PAGES = (
    "/registry/stats/",
    "/diagnosis/authority/",
    "/enterprises/",
    "/evaluation/results/",
    "/evaluation/dashboard/",
    "/index/warnings/",
)

LAYOUT = """() => {
  const tables = [...document.querySelectorAll('main table')];
  return {
    page: document.documentElement.scrollWidth,
    view: window.innerWidth,
    unwrapped: tables.filter(t => !t.parentElement.matches('.table-wrap, .scroll-y')).length,
    tables: tables.length,
  };
}"""


def _narrow(page, lang: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + f"/?lang={lang}")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_no_page_is_wider_than_a_phone(page, world, lang):
    from tests.diagnosis.helpers import make_diagnosis
    from tests.evaluation.helpers import make_evaluation

    make_diagnosis(world)
    make_evaluation(world)
    page.set_default_timeout(30000)
    login(page, "auth", "pw-auth")
    _narrow(page, lang)
    for path in WIDE_PAGES:
        page.goto(page.base + path)
        page.wait_for_load_state("load")
        got = page.evaluate(LAYOUT)
        assert got["tables"] >= 1, path
        assert got["unwrapped"] == 0, path
        assert got["page"] <= got["view"], (path, got)


def test_the_english_header_shows_the_whole_role(page, world):
    page.set_default_timeout(30000)
    login(page, "auth", "pw-auth")
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base + "/?lang=en")
        role = page.locator("[data-testid=who-role]")
        assert role.inner_text() == "Authority officer"
        fits = role.evaluate(
            "el => el.scrollWidth <= el.clientWidth + 1 && "
            "el.getBoundingClientRect().right <= window.innerWidth"
        )
        assert fits, width


@pytest.mark.parametrize(
    "lang,province,industry", [("zh-hans", "浙江省", "企业"), ("en", "Zhejiang", "Enterprises")]
)
def test_statistics_and_monitoring_draw_named_charts(page, world, lang, province, industry):
    from tests.diagnosis.helpers import make_diagnosis

    make_diagnosis(world)
    page.set_default_timeout(30000)
    login(page, "auth", "pw-auth")
    page.goto(page.base + f"/registry/stats/?lang={lang}")
    page.wait_for_selector("[data-figure=fig-provinces] .main-svg")
    ticks = page.eval_on_selector_all(
        "[data-figure=fig-provinces] .ytick text", "els => els.map(e => e.textContent)"
    )
    assert province in ticks and "330000" not in ticks
    axis = page.eval_on_selector("[data-figure=fig-provinces] .xtitle", "e => e.textContent")
    assert axis == industry
    assert "数据不足" not in page.inner_text("main")  # the officer lists these enterprises
    page.goto(page.base + f"/diagnosis/authority/?lang={lang}")
    page.wait_for_selector("[data-figure=fig-monitoring] .main-svg")
    legend = page.eval_on_selector_all(
        "[data-figure=fig-monitoring] .legendtext", "els => els.map(e => e.textContent)"
    )
    assert len(legend) == 2 and all(t.strip() for t in legend)
    region = "杭州市" if lang == "zh-hans" else "Hangzhou"
    assert region in page.inner_text("[data-testid=by-enterprise]")


def test_on_a_phone_a_chart_legend_sits_under_the_plot(page, world):
    """A control chart's legend (points, CL, UCL, LCL, violations) beside the plot took a third
    of a phone's width; on a phone it goes under the plot and the plot keeps the width."""
    from tests.diagnosis.helpers import make_diagnosis

    study = make_diagnosis(world)["study"]
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    _narrow(page, "en")
    page.goto(page.base + f"/diagnosis/studies/{study.pk}/?lang=en")
    page.wait_for_selector(".js-plotly-plot .legendtext")
    got = page.evaluate(
        """() => {
      const fig = document.querySelector('.js-plotly-plot');
      const plot = fig.querySelector('.nsewdrag').getBoundingClientRect();
      const legend = fig.querySelector('.legend').getBoundingClientRect();
      return {fig: fig.getBoundingClientRect().width, plot: plot.width,
              plotBottom: plot.bottom, legendTop: legend.top, legendBottom: legend.bottom,
              figBottom: fig.getBoundingClientRect().bottom};
    }"""
    )
    assert got["legendTop"] >= got["plotBottom"], got
    assert got["legendBottom"] <= got["figBottom"] + 0.5, got
    assert got["plot"] >= 0.7 * got["fig"], got
