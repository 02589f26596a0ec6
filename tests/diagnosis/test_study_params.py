"""EWMA λ and L, CUSUM k and h in the study form (issue 11): offered with the control chart,
recorded and used only when their chart is chosen; behaviours.js shows them only then."""

from __future__ import annotations

import re

import pytest

from tests.diagnosis.helpers import make_characteristic

pytestmark = pytest.mark.django_db

NEW = "/diagnosis/studies/new/"


def test_the_form_offers_the_parameters_with_their_chart(world, client_for):
    ch = make_characteristic(world, n=0)
    page = client_for("enterprise").get(
        f"{NEW}?kind=control_chart&characteristic={ch.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = page.content.decode()
    for name, chart in (("lam", "ewma"), ("nsigmas", "ewma"), ("k", "cusum"), ("h", "cusum")):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'data-show-when="chart_type={chart}"' in tag
    assert "EWMA λ（最新点的权重）" in html and "CUSUM h（决策区间，以 σ 计）" in html


@pytest.mark.parametrize(
    ("chart", "posted", "recorded"),
    [
        (
            "ewma",
            {"lam": "0.1", "nsigmas": "2.7", "k": "1", "h": "4"},
            {"lam": 0.1, "nsigmas": 2.7},
        ),
        ("cusum", {"lam": "0.1", "nsigmas": "2.7", "k": "1", "h": "4"}, {"k": 1.0, "h": 4.0}),
        ("imr", {"lam": "0.1", "nsigmas": "2.7", "k": "1", "h": "4"}, {}),
    ],
)
def test_parameters_are_recorded_and_used_only_with_their_chart(
    world, client_for, chart, posted, recorded
):
    from qualitas.diagnosis.models import Study

    ch = make_characteristic(world, n=60)
    r = client_for("enterprise").post(
        f"{NEW}?kind=control_chart&characteristic={ch.pk}",
        {"kind": "control_chart", "characteristic": ch.pk, "chart_type": chart, **posted},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    s = Study.objects.latest("pk")
    params = {k: s.options[k] for k in ("lam", "nsigmas", "k", "h") if k in s.options}
    assert params == recorded
    chart_result = s.results["charts"][0]
    if chart == "ewma":
        # limits at steady state: centre ± L σ √(λ/(2−λ))
        sigma = chart_result["sigma"]
        width = chart_result["ucl"][-1] - chart_result["center"]
        assert width == pytest.approx(2.7 * sigma * (0.1 / 1.9) ** 0.5, rel=0.01)
    if chart == "cusum":
        assert chart_result["ucl"] == pytest.approx(4.0) or chart_result["ucl"][0] == pytest.approx(
            4.0
        )
