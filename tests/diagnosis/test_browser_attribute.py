"""In a real browser (issue 11 item 2 and the study form): an attribute characteristic's p chart
with its frozen limits and an alert; the study form shows EWMA λ/L and CUSUM k/h only while
their chart is chosen. Screenshots in zh and en under test-artifacts/."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn(page, n: int = 1) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-figure][data-drawn]').length >= {n}", timeout=30000
    )


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"i11-{name}.png"), full_page=True)


def test_p_chart_characteristic_and_its_alert(page, world):
    from tests.diagnosis.helpers import T0
    from tests.diagnosis.test_attribute_monitoring import _frozen, _ingest

    ch, _study = _frozen(world, "p")
    _ingest(ch, [60.0], [200.0], start=T0 + timedelta(days=6), batch_id="hi")
    alert = ch.alerts.get(rule="nelson-1")
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    for lang in ("zh-hans", "en"):
        page.goto(page.base + f"/diagnosis/characteristics/{ch.pk}/?lang={lang}", timeout=30000)
        _drawn(page)
        names = page.evaluate("document.querySelector('[data-figure]').data.map(t => t.name)")
        assert ("p（不合格品率）" if lang == "zh-hans" else "p (proportion nonconforming)") in names
        chart_type = page.inner_text("[data-testid=chart-type]")
        assert ("计数型" if lang == "zh-hans" else "attribute") in chart_type
        _shot(page, f"p-characteristic-{lang[:2]}")
        page.goto(page.base + f"/diagnosis/alerts/{alert.pk}/?lang={lang}", timeout=30000)
        _drawn(page)
        assert (
            "不合格品率" if lang == "zh-hans" else "Proportion nonconforming"
        ) in page.inner_text("[data-testid=alert-points]")
        _shot(page, f"p-alert-{lang[:2]}")


def test_study_form_shows_ewma_and_cusum_parameters_with_their_chart(page, world):
    from tests.diagnosis.helpers import make_characteristic

    ch = make_characteristic(world, n=60)
    page.set_default_timeout(30000)
    login(page, "ent", "pw-ent")
    page.goto(
        page.base
        + f"/diagnosis/studies/new/?kind=control_chart&characteristic={ch.pk}&lang=zh-hans",
        timeout=30000,
    )
    for name in ("lam", "nsigmas", "k", "h"):
        assert not page.is_visible(f"[name={name}]")
    page.select_option("#id_chart_type", "ewma")
    assert page.is_visible("[name=lam]") and page.is_visible("[name=nsigmas]")
    assert not page.is_visible("[name=k]")
    page.fill("[name=lam]", "0.1")
    _shot(page, "study-form-ewma-zh")
    page.select_option("#id_chart_type", "cusum")
    assert page.is_visible("[name=k]") and page.is_visible("[name=h]")
    assert not page.is_visible("[name=lam]")
    page.select_option("#id_chart_type", "ewma")
    page.click("[data-testid=run]")
    page.wait_for_url("**/diagnosis/studies/*/", timeout=30000)
    _drawn(page)
    assert "λ" in page.content()
    _shot(page, "study-ewma-zh")
    page.goto(
        page.base + f"/diagnosis/studies/new/?kind=control_chart&characteristic={ch.pk}&lang=en",
        timeout=30000,
    )
    page.select_option("#id_chart_type", "cusum")
    assert page.is_visible("text=CUSUM k (reference value in σ)")
    _shot(page, "study-form-cusum-en")
