"""Chart labels: every English label the chart builders emit is known and translated, and a page
draws its figures in its own language (core/chart_labels.py + core/static/core/charts.js)."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest
from django.utils import translation

from qualitas.core.chart_labels import ALIASES, LABELS, labels_for_language

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_every_label_has_a_chinese_translation():
    with translation.override("zh-hans"):
        table = labels_for_language()
    missing = [en for en in (*LABELS, *ALIASES) if en not in table]
    assert not missing, f"add to docs/i18n/charts.tsv and run scripts/i18n.py: {missing}"
    assert table["CL"] == "中心线 CL" and table["Individuals"] == "单值"
    assert table["reference"] == "参考值"  # an alias: evaluation's "reference" is a document number
    for en in LABELS:
        if "{}" in en:
            assert "{}" in table[en], en
    with translation.override("en"):
        assert labels_for_language() == {}


def _figures() -> list[dict[str, Any]]:
    from qualitas.analytics import spc
    from qualitas.analytics.capability_nonnormal import capability_by_method
    from qualitas.analytics.msa import gage_rr
    from qualitas.analytics.pareto import pareto
    from qualitas.analytics.reliability import (
        crow_amsaa_fit,
        duane_fit,
        plotting_positions,
        weibull_fit,
    )
    from qualitas.analytics.sampling import LotRecord, oc_curve, simulate_switching
    from qualitas.charts import capability, msa, reliability, sampling
    from qualitas.charts.spc import control_chart_figures

    rng = np.random.default_rng(1)
    x = rng.normal(10, 1, 100)
    x[50] = 20
    figs = control_chart_figures(spc.imr_chart(x, rules="nelson"), times=list(range(100)))
    figs += control_chart_figures(spc.xbar_r_chart(x.reshape(20, 5), rules="nelson"))
    figs += control_chart_figures(spc.xbar_s_chart(x.reshape(20, 5)))
    figs += control_chart_figures([spc.p_chart(rng.integers(0, 10, 30), np.full(30, 100))])
    figs += control_chart_figures([spc.cusum_chart(x)])
    figs += control_chart_figures([spc.ewma_chart(x)])
    for method in ("normal", "percentile", "boxcox"):
        res = capability_by_method(x, method=method, lsl=5, usl=15, target=10)
        figs.append(capability.capability_histogram(res, x))
    figs.append(capability.pareto_chart(pareto(["a", "b", "c"], counts=[5, 3, 1])))
    t = np.sort(rng.weibull(2, 20) * 100)
    xs, fs = plotting_positions(t)
    figs.append(
        reliability.weibull_probability_plot(
            weibull_fit(t), failure_times=xs, plotting_positions=fs
        )
    )
    ct = np.cumsum(rng.exponential(10, 20) * np.arange(1, 21))
    crow = crow_amsaa_fit(ct, target_mtbf=50.0)
    figs += [
        reliability.growth_plot(crow),
        reliability.growth_mtbf_plot(crow, duane_fit(ct, end_time=crow.end_time)),
    ]
    parts = np.repeat(np.arange(10), 6).astype(str)
    ops = np.tile(np.repeat(["A", "B", "C"], 2), 10)
    figs += msa.gage_rr_figures(
        gage_rr(rng.normal(10, 1, 60) + parts.astype(float) * 0.3, parts, ops, tolerance=5.0)
    )
    figs.append(msa.type1_run(x[:25], reference=10, tolerance=5))
    figs.append(
        sampling.oc_curve_figure(oc_curve(sample_size=80, accept=2, reject=3, aql=1.0), aql=1.0)
    )
    figs.append(
        sampling.switching_figure(
            simulate_switching(
                lots=[LotRecord(accepted=i not in (3, 5)) for i in range(12)],
                aql=1.0,
                lot_size=500,
            )
        )
    )
    return figs


def _texts(fig: dict[str, Any]) -> list[str]:
    layout = fig.get("layout", {})
    out = [t.get("name", "") for t in fig["data"]]
    out += [layout.get("title", {}).get("text", "")]
    out += [
        v["title"]["text"]
        for k, v in layout.items()
        if re.match(r"^[xy]axis\d*$", k) and "title" in v
    ]
    out += [a["text"] for a in layout.get("annotations", [])]
    out += [t for k, v in layout.items() if k.startswith("yaxis") for t in v.get("ticktext", [])]
    return [s for s in out if s]


# labels that read the same in Chinese: numbers (tick texts), symbols, operator names, numbers
# filled in by the builder
SAME = re.compile(r"^([\d.]+|%|[A-C]|AQL [\d.]+|Pa \(n=\d+, Ac=\d+\)|P\(d < Re=\d+\))$")


def test_every_label_the_builders_emit_is_known():
    with translation.override("zh-hans"):
        table = labels_for_language()
    patterns = [tuple(k.split("{}")) for k in table if "{}" in k]
    unknown = set()
    for fig in _figures():
        for s in _texts(fig):
            known = (
                s in table
                or CJK.search(s)  # "English / 中文": charts.js shows one side
                or SAME.match(s)
                or any(s.startswith(a) and s.endswith(b) for a, b in patterns)
            )
            if not known:
                unknown.add(s)
    assert not unknown, (
        f"add these to core/chart_labels.py and docs/i18n/charts.tsv: {sorted(unknown)}"
    )


def test_control_chart_y_axis_has_no_stray_chart_code():
    from qualitas.analytics import spc
    from qualitas.charts.spc import control_chart_figure

    chart = spc.imr_chart(np.random.default_rng(2).normal(10, 1, 30))[0]
    assert control_chart_figure(chart)["layout"]["yaxis"]["title"]["text"] == ""
    fig = control_chart_figure(chart, y_title="外径 / outer diameter [mm]")
    assert fig["layout"]["yaxis"]["title"]["text"] == "外径 / outer diameter [mm]"


@pytest.mark.django_db
def test_pages_carry_the_dictionary_of_their_language(client):
    def labels(html: str) -> dict[str, str]:
        m = re.search(r'<script id="chart-labels" type="application/json">(.*?)</script>', html)
        assert m, "base.html emits the chart labels"
        return json.loads(m.group(1))

    zh = labels(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert zh["CL"] == "中心线 CL" and zh["rule violations"] == "判异点"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert labels(client.get("/").content.decode()) == {}


LEGEND = "Array.from(document.querySelectorAll('[data-testid=chart] .legendtext')).map(e => e.textContent)"
TITLES = (
    "Array.from(document.querySelectorAll('[data-testid=chart] .gtitle, "
    "[data-testid=chart] .g-xtitle, [data-testid=chart] .g-ytitle')).map(e => e.textContent)"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_control_chart_is_drawn_in_the_page_language(page, world):
    from tests.diagnosis.helpers import make_characteristic
    from tests.e2e.conftest import login

    ch = make_characteristic(world, n=60, name="外径 / outer diameter")
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/diagnosis/characteristics/{ch.pk}/")
    page.wait_for_selector("[data-testid=chart] .legendtext")
    legend, titles = page.evaluate(LEGEND), page.evaluate(TITLES)
    assert "中心线 CL" in legend and "上控制限 UCL" in legend and "单值" in legend, legend
    assert "Individuals" not in legend and "UCL" not in legend
    assert any("外径 [mm]" in t for t in titles) and not any(
        "outer diameter" in t for t in titles
    ), titles
    assert "时间" in titles and "i" not in titles, titles

    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("html[lang=en] [data-testid=chart] .legendtext")
    legend, titles = page.evaluate(LEGEND), page.evaluate(TITLES)
    assert "CL" in legend and "UCL" in legend and "Individuals" in legend, legend
    assert not any(CJK.search(s) for s in legend)
    assert any("outer diameter [mm]" in t for t in titles) and not any(
        "外径" in t for t in titles
    ), titles
    assert "time" in titles and "i" not in titles, titles
