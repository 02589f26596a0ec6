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
    assert "本告警的点" in names and "单值" in names
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
