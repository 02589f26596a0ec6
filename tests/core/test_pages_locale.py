"""Charts, dates and times in the page's locale: plotly's zh-CN locale on Chinese pages, one date
format per language, times in Asia/Shanghai."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import translation

CHARTS = '<script src="/static/core/charts.js" defer></script>'


@pytest.mark.django_db
def test_every_page_loads_the_chart_script_after_plotly(client):
    for lang in ("zh-hans", "en"):
        html = client.get(f"/?lang={lang}").content.decode()
        assert html.index("core/plotly.min.js") < html.index(CHARTS)


def test_the_chart_script_registers_plotlys_chinese_locale():
    """charts.js carries plotly's zh-CN locale and makes it the default of every plot on a
    Chinese page, so whatever draws a chart after it (its own figures, the quality map, the
    inlined reports and PDFs) has the toolbar and the month names in Chinese."""
    text = Path(finders.find("core/charts.js")).read_text(encoding="utf-8")
    assert 'moduleType: "locale"' in text and 'name: "zh-CN"' in text
    assert '"Zoom": "缩放"' in text and '"Download plot as a PNG"' in text
    assert '"1月", "2月"' in text and "星期一" in text
    assert 'window.Plotly.setPlotConfig({locale: "zh-CN"})' in text
    assert 'locale: zh ? "zh-CN" : "en"' in text


def test_every_place_that_inlines_plotly_inlines_the_chart_script_after_it():
    """Reports and PDFs inline plotly.js; each inlines charts.js after it (with the locale)."""
    src = Path(__file__).resolve().parents[2] / "src" / "qualitas"
    found = 0
    for path in [*src.rglob("*.html"), *src.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"plotly_js(?:\(\))?\s*(?:\|safe)?\s*(?:}}|})</script>", text):
            found += 1
            after = text[m.end() : m.end() + 80]
            assert "charts_js" in after, f"{path}: plotly.js inlined without charts.js after it"
    assert found >= 2  # every PDF's page (core/print.html), the CLI's HTML report


@pytest.mark.parametrize(
    "lang,day,moment",
    [("zh-hans", "2026-12-02", "2026-12-02 04:30"), ("en", "2 Dec 2026", "2 Dec 2026 04:30")],
)
def test_one_date_format_per_language_in_shanghai_time(lang, day, moment):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    # 20:30 UTC on 1 December is 04:30 on 2 December in Shanghai
    instant = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)
    tpl = Template("{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ t|date:'DATETIME_FORMAT' }}")
    with translation.override(lang):
        out = tpl.render(Context({"d": date(2026, 12, 2), "t": instant}))
    assert out == f"{day}|{day}|{moment}"


@pytest.mark.django_db
def test_api_times_are_shanghai_times(world, client_for):
    from qualitas.core.models import Consent

    consent = Consent.objects.create(
        enterprise=world.ent_a, grantee_user=world.users["evaluator"], scope="quality_data"
    )
    Consent.objects.filter(pk=consent.pk).update(
        granted_at=datetime(2026, 12, 1, 20, 30, tzinfo=UTC)
    )
    rows = client_for("enterprise").get("/api/core/consents").json()
    assert [r["granted_at"] for r in rows] == ["2026-12-02T04:30:00+08:00"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_times_are_shanghai_times(fmt):
    import io

    from openpyxl import load_workbook

    from qualitas.core.exports import export_response

    rows = [(1, datetime(2026, 12, 1, 20, 30, tzinfo=UTC))]
    r = export_response(rows=rows, header=["id", "at"], filename="t", fmt=fmt)
    if fmt == "csv":
        text = b"".join(r.streaming_content).decode("utf-8-sig")
        assert text.splitlines()[1] == "1,2026-12-02 04:30:00"
    else:
        ws = load_workbook(io.BytesIO(r.content)).active
        assert [c.value for c in ws[2]] == [1, "2026-12-02 04:30:00"]
