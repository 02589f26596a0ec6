"""Control-chart studies draw the chart the data call for (issue 11 item 2): X̄-R for a subgroup
column, X̄-S above 10 per subgroup, I-MR without one, p/c for counts — or the one the user picks."""

from __future__ import annotations

import numpy as np
import pytest

from tests.diagnosis.helpers import upload_dataset as _dataset

pytestmark = pytest.mark.django_db


def _subgroups_csv(m: int, n: int, seed: int = 7) -> str:
    values = np.random.default_rng(seed).normal(10.0, 0.1, m * n)
    return "lot,diameter\n" + "".join(f"L{i // n + 1},{v:.4f}\n" for i, v in enumerate(values))


def _run_on_page(client, form: dict[str, object]):
    from qualitas.diagnosis.models import Study

    before = set(Study.objects.values_list("pk", flat=True))
    r = client.post("/diagnosis/studies/new/", {"kind": "control_chart", **form})
    assert r.status_code == 302, r.content.decode()[:3000]
    (pk,) = set(Study.objects.values_list("pk", flat=True)) - before
    return Study.objects.get(pk=pk)


def test_25_subgroups_of_5_give_an_xbar_r_chart_of_25_points(world, client_for):
    ds = _dataset(world, _subgroups_csv(25, 5), "lots")
    c = client_for("enterprise")
    study = _run_on_page(
        c, {"dataset": ds.pk, "value_column": "diameter", "subgroup_column": "lot"}
    )
    r = study.results
    assert r["chart_type"] == "xbar_r" and study.options["chart_type"] == "xbar_r"
    assert [ch["name"] for ch in r["charts"]] == ["xbar", "r"]
    assert r["n_points"] == 25 and len(r["charts"][0]["points"]) == 25 and r["n_values"] == 125
    assert r["limits"]["chart"] == "xbar_r"
    page = c.get(f"/diagnosis/studies/{study.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="chart-type">Mean and range (X̄-R) · 25 points' in page
    # one point per subgroup in the X̄ figure
    assert len(r["figures"][0]["data"][0]["x"]) == 25


def test_no_subgroup_column_gives_imr_and_large_subgroups_xbar_s(world, client_for):
    c = client_for("enterprise")
    ds = _dataset(world, _subgroups_csv(25, 5), "lots")
    imr = _run_on_page(c, {"dataset": ds.pk, "value_column": "diameter"})
    assert imr.results["chart_type"] == "imr" and imr.results["n_points"] == 125
    big = _dataset(world, _subgroups_csv(20, 12), "big lots")
    xs = _run_on_page(c, {"dataset": big.pk, "value_column": "diameter", "subgroup_column": "lot"})
    assert xs.results["chart_type"] == "xbar_s" and xs.results["n_points"] == 20
    assert [ch["name"] for ch in xs.results["charts"]] == ["xbar", "s"]


def test_chosen_chart_type_wins(world, client_for):
    c = client_for("enterprise")
    ds = _dataset(world, _subgroups_csv(25, 5), "lots")
    form = {"dataset": ds.pk, "value_column": "diameter", "subgroup_column": "lot"}
    for chart, names in (("xbar_s", ["xbar", "s"]), ("ewma", ["ewma"]), ("cusum", ["cusum"])):
        s = _run_on_page(c, {**form, "chart_type": chart})
        assert [ch["name"] for ch in s.results["charts"]] == names
        assert s.results["n_points"] == 25


def test_attribute_data_set_gives_a_p_chart(world, client_for):
    rng = np.random.default_rng(11)
    sizes = rng.integers(80, 120, 30)
    defective = rng.binomial(sizes, 0.04)
    csv = "day,inspected,defective\n" + "".join(
        f"D{i + 1},{n},{d}\n" for i, (n, d) in enumerate(zip(sizes, defective, strict=True))
    )
    ds = _dataset(world, csv, "final inspection")
    c = client_for("enterprise")
    study = _run_on_page(
        c,
        {
            "dataset": ds.pk,
            "count_column": "defective",
            "size_column": "inspected",
            "subgroup_column": "day",
        },
    )
    r = study.results
    assert r["chart_type"] == "p" and [ch["name"] for ch in r["charts"]] == ["p"]
    assert r["n_points"] == 30
    assert abs(r["charts"][0]["center"] - defective.sum() / sizes.sum()) < 1e-12
    page = c.get(f"/diagnosis/studies/{study.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="chart-type">不合格品率控制图（p）' in page
    # the same counts as a number of nonconforming, and defects without sizes as a c chart
    np_study = _run_on_page(
        c,
        {
            "dataset": ds.pk,
            "count_column": "defective",
            "size_column": "inspected",
            "chart_type": "np",
        },
    )
    assert np_study.results["charts"][0]["name"] == "np"
    c_study = _run_on_page(c, {"dataset": ds.pk, "count_column": "defective"})
    assert c_study.results["chart_type"] == "c"


def test_attribute_chart_without_counts_says_so(world, client_for):
    c = client_for("enterprise")
    ds = _dataset(world, _subgroups_csv(25, 5), "lots")
    r = c.post(
        "/diagnosis/studies/new/",
        {"kind": "control_chart", "dataset": ds.pk, "value_column": "diameter", "chart_type": "p"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200
    assert "choose the count column" in r.content.decode()


def test_api_proposes_and_accepts_a_chart_type(world, client_for):
    import json

    ds = _dataset(world, _subgroups_csv(25, 5), "lots")
    c = client_for("enterprise")

    def run(options):
        r = c.post(
            "/api/diagnosis/studies",
            data=json.dumps({"kind": "control_chart", "dataset": ds.pk, "options": options}),
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        return r.json()

    base = {"value_column": "diameter", "subgroup_column": "lot"}
    proposed = run(base)
    assert proposed["options"]["chart_type"] == "xbar_r" and proposed["results"]["n_points"] == 25
    ewma = run({**base, "chart_type": "ewma", "lam": 0.1})
    assert [ch["name"] for ch in ewma["results"]["charts"]] == ["ewma"]
