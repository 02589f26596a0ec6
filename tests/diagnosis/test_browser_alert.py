"""In a real browser (issue 11 items 7 and 14): the alert page draws the data around the alert
with its points marked, under the rule's name; plotly's toolbar and date axes speak the page's
language on every page that draws a chart, the study report included. Screenshots in zh and en
are saved under test-artifacts/."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOOLBAR = "document.querySelector('.modebar-btn[data-title]') && Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))"
TICKS = "Array.from(document.querySelectorAll('.xtick text')).map(t => t.textContent)"


def _drawn(page, n: int = 1) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-figure][data-drawn]').length >= {n}", timeout=30000
    )


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"i11-{name}.png"), full_page=True)


def test_alert_page_chart_and_chinese_plotly(page, world):
    from tests.diagnosis.helpers import make_diagnosis

    d = make_diagnosis(world)
    alert = d["char"].alerts.get(rule="nelson-1")
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/diagnosis/alerts/{alert.pk}/?lang=zh-hans", timeout=30000)
    _drawn(page)
    assert page.inner_text("h1") == "报警：Nelson 准则 1"
    names = page.evaluate(
        "document.querySelector('[data-testid=alert-chart]').data.map(t => t.name)"
    )
    assert "本报警的点" in names and "单值" in names
    toolbar = page.evaluate(TOOLBAR)
    assert "下载图表（PNG 图片）" in toolbar and not any("Download" in (t or "") for t in toolbar)
    ticks = page.evaluate(TICKS)
    assert any("月" in t for t in ticks), ticks
    assert not any(m in " ".join(ticks) for m in ("Mar", "Feb", "Apr"))
    assert page.input_value("#id_cause") == "" and page.input_value("#id_action") == ""
    _shot(page, "alert-zh")

    page.goto(page.base + f"/diagnosis/alerts/{alert.pk}/?lang=en", timeout=30000)
    _drawn(page)
    assert page.inner_text("h1") == "Alert: Nelson rule 1"
    assert "Download plot as a PNG" in page.evaluate(TOOLBAR)
    assert any("Mar" in t for t in page.evaluate(TICKS))
    _shot(page, "alert-en")

    # the characteristic page: hover of flagged points names the rule
    page.goto(page.base + f"/diagnosis/characteristics/{d['char'].pk}/?lang=zh-hans")
    _drawn(page)
    texts = page.evaluate(
        "Array.from(document.querySelectorAll('[data-figure]')).flatMap(el => (el.data || [])"
        ".filter(t => t.name === '判异点').flatMap(t => t.text))"
    )
    assert texts and all("nelson-" not in t for t in texts)
    assert any("Nelson 准则 1: 1 个点落在控制限之外" in t for t in texts), texts
    _shot(page, "characteristic-zh")


def test_study_report_draws_with_chinese_plotly(page, world):
    from tests.diagnosis.helpers import make_diagnosis

    d = make_diagnosis(world)
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/diagnosis/studies/{d['study'].pk}/report/?lang=zh-hans")
    _drawn(page)
    toolbar = page.evaluate(TOOLBAR)
    assert "下载图表（PNG 图片）" in toolbar


# every note, the title and the page inside their bounds (the chart's box, the window)
BOUNDS = """() => {
  const chart = document.querySelector('[data-testid=chart]').getBoundingClientRect();
  const inside = (r) => r.left >= chart.left - 1 && r.right <= chart.right + 1;
  const notes = [...document.querySelectorAll('[data-testid=chart] .annotation')]
    .map(a => a.getBoundingClientRect());
  const title = document.querySelector('[data-testid=chart] .gtitle').getBoundingClientRect();
  const overTitle = notes.some(a => a.top < title.bottom && a.bottom > title.top
    && a.left < title.right && a.right > title.left);
  const overlaps = overTitle || notes.some((a, i) => notes.some((b, j) => j > i && a.left < b.right
    && a.right > b.left && a.top < b.bottom && a.bottom > b.top));
  return {notes: notes.length, outside: notes.filter(r => !inside(r)).length, overlaps,
          title: inside(title),
          page: document.documentElement.scrollWidth <= document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_notes_inside_the_chart_and_listed(page, world, width):
    """Issue 11 item 13: acknowledged alerts are numbered notes inside the chart (none cut at an
    edge, none over another), listed below it with their rule, cause and action; on a phone the
    title stays inside the figure and the page no wider than the screen."""
    from qualitas.diagnosis.models import AssignableCause, CorrectiveAction
    from qualitas.diagnosis.services import alert_acknowledge
    from tests.diagnosis.helpers import actor, make_diagnosis

    d = make_diagnosis(world)
    # a transactional test: the causes and actions that migrations load are flushed
    cause = AssignableCause.objects.create(code="T-MAT", name_zh="材料批次", name_en="Material lot")
    action = CorrectiveAction.objects.create(
        code="T-RECAL", name_zh="重新校准", name_en="Recalibrate"
    )
    for a in d["char"].alerts.all():
        alert_acknowledge(
            actor=actor(world.users["enterprise"]), alert=a, cause_id=cause.pk, action_id=action.pk
        )
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    page.set_viewport_size({"width": width, "height": 900})
    for lang, rule, what in (
        ("zh-hans", "Nelson 准则 1", ("材料批次", "重新校准")),
        ("en", "Nelson rule 1", ("Material lot", "Recalibrate")),
    ):
        page.goto(page.base + f"/diagnosis/characteristics/{d['char'].pk}/?lang={lang}")
        page.wait_for_selector("[data-testid=chart][data-drawn] .annotation", state="attached")
        got = page.evaluate(BOUNDS)
        assert got["notes"] >= 1 and got["outside"] == 0 and not got["overlaps"], got
        assert got["title"] and got["page"], got
        listed = page.inner_text("[data-testid=chart-notes]")
        assert rule in listed and all(w in listed for w in what), listed
        _shot(page, f"chart-notes-{width}-{lang}")
