"""Statistical terms in Chinese on study pages (issue 11 item 9): inspection severity is 正常/加严/
放宽检验 (not 正态, the distribution); capability methods are shown by name, not by code."""

from __future__ import annotations

import re

import pytest

from tests.diagnosis.helpers import make_characteristic, upload_dataset

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _table(page: str, testid: str) -> str:
    part = page[page.index(f'data-testid="{testid}"') :]
    return part[: part.index("</table>")]


def _new_study(client, form):
    r = client.post("/diagnosis/studies/new/", form, **ZH)
    assert r.status_code == 302, r.content.decode()[:3000]
    return r["Location"]


@pytest.mark.parametrize(
    ("severity", "zh", "en"),
    [
        ("normal", "正常检验", "Normal"),
        ("tightened", "加严检验", "Tightened"),
        ("reduced", "放宽检验", "Reduced"),
    ],
)
def test_sampling_severity_reads_as_inspection_not_distribution(
    world, client_for, severity, zh, en
):
    c = client_for("enterprise")
    url = _new_study(
        c,
        {"kind": "sampling", "lot_size": 1000, "aql": "1.0", "level": "II", "inspection": severity},
    )
    page = c.get(url, **ZH).content.decode()
    assert f'<th>检验严格度</th><td data-testid="inspection">{zh}</td>' in page
    assert "正态" not in page
    plan = _table(page, "plan")
    assert "<tr><th>样本量字码</th><td>J</td></tr>" in plan
    assert re.search(r"<tr><th>接收数（Ac）</th><td>\d+</td></tr>", plan)
    assert "code_letter" not in plan and "False" not in plan and "None" not in plan
    # the form offers the three severities under their inspection names
    form = c.get("/diagnosis/studies/new/?kind=sampling", **ZH).content.decode()
    for term in ("正常检验", "加严检验", "放宽检验"):
        assert term in form
    assert f'<td data-testid="inspection">{en}</td>' in c.get(url, **EN).content.decode()
    # a sampling plan records only its own options
    from qualitas.diagnosis.models import Study

    assert set(Study.objects.latest("pk").options) == {"lot_size", "aql", "level", "inspection"}


def test_capability_method_is_named_and_normal_distribution_stays_zhengtai(world, client_for):
    ch = make_characteristic(world, n=120)
    c = client_for("enterprise")
    url = _new_study(c, {"kind": "capability", "characteristic": ch.pk, "method": "normal"})
    page = c.get(url, **ZH).content.decode()
    assert re.search(r'data-testid="method">正态分布法<', page)
    assert "方法 normal" not in page and ">normal<" not in page
    assert "正常检验" not in page
    url = _new_study(c, {"kind": "capability", "characteristic": ch.pk, "method": "boxcox"})
    assert re.search(r'data-testid="method">Box-Cox 变换法<', c.get(url, **ZH).content.decode())
    en = c.get(url, **EN).content.decode()
    assert re.search(r'data-testid="method">Box-Cox transformation<', en)
    # a capability study records no sampling options
    from qualitas.diagnosis.models import Study

    assert not {"level", "inspection", "lot_size"} & set(Study.objects.latest("pk").options)


def test_pareto_page_is_a_table_with_translated_headers(world, client_for):
    ds = upload_dataset(world, "defect,count\n划伤,40\n气泡,25\n毛刺,10\n色差,5\n", "defects")
    c = client_for("enterprise")
    url = _new_study(
        c,
        {
            "kind": "pareto",
            "dataset": ds.pk,
            "category_column": "defect",
            "count_column": "count",
        },
    )
    page = c.get(url, **ZH).content.decode()
    table = _table(page, "pareto")
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", table)
    assert heads[:5] == ["类别", "数量", "占比", "累计占比", "关键少数"]
    assert '<td>划伤</td><td class="num">40</td><td class="num">50.0%</td>' in table
    assert "关键少数为累计占比达到 80% 的前几类" in table
    assert "{'category'" not in page and "cumulative_percent" not in page
    en = c.get(url, **EN).content.decode()
    assert "<th>Category</th>" in en and "The vital few make up the first 80% of the total." in en


def test_capability_warning_in_the_readers_language_without_module_names(world, client_for):
    import numpy as np

    from qualitas.diagnosis.models import Study

    values = np.random.default_rng(4).lognormal(0.0, 0.6, 150)
    ds = upload_dataset(world, "x\n" + "".join(f"{v:.5f}\n" for v in values), "skewed")
    c = client_for("enterprise")
    url = _new_study(
        c,
        {
            "kind": "capability",
            "dataset": ds.pk,
            "value_column": "x",
            "usl": "8",
            "method": "normal",
        },
    )
    # the API keeps the library's text; the pages say it in the reader's language
    assert any("qualitas.analytics" in w for w in Study.objects.latest("pk").results["warnings"])
    zh = c.get(url, **ZH).content.decode()
    warnings_zh = re.findall(r'data-testid="warning">([^<]*)<', zh)
    assert warnings_zh and warnings_zh[0].startswith("Anderson–Darling 检验 p = ")
    assert "数据不像服从正态分布" in warnings_zh[0]
    assert "qualitas" not in zh.split('data-testid="capability"')[1].split("</section>")[0]
    en = c.get(url, **EN).content.decode()
    warnings_en = re.findall(r'data-testid="warning">([^<]*)<', en)
    assert "the data do not look normally distributed" in warnings_en[0]
    assert "capability_nonnormal" not in en


def test_rule_violations_name_the_rule_and_what_it_tests(world, client_for):
    values = [10.0 + 0.01 * ((i * 7) % 5) for i in range(40)]
    values[25] = 11.0  # far beyond the limits
    ds = upload_dataset(world, "x\n" + "".join(f"{v}\n" for v in values), "shift")
    c = client_for("enterprise")
    url = _new_study(c, {"kind": "control_chart", "dataset": ds.pk, "value_column": "x"})
    zh = c.get(url, **ZH).content.decode()
    table = _table(zh, "violations")
    assert (
        '<td>单值</td><td data-rule="nelson-1">Nelson 准则 1<br><small class="sub">1 个点落在控制限之外</small></td><td class="num">26</td>'
        in table
    )
    en = c.get(url, **EN).content.decode()
    assert 'Nelson rule 1<br><small class="sub">1 point beyond the control limits</small>' in en


def test_options_are_listed_by_name_in_the_readers_language(world, client_for):
    ds = upload_dataset(
        world, "lot,d\n" + "".join(f"L{i // 5},{10 + (i % 3) * 0.01}\n" for i in range(50)), "lots"
    )
    c = client_for("enterprise")
    url = _new_study(
        c,
        {"kind": "control_chart", "dataset": ds.pk, "value_column": "d", "subgroup_column": "lot"},
    )
    zh = c.get(url, **ZH).content.decode()
    options = _table(zh, "options")
    assert "<tr><th>控制图</th><td>均值-极差图（X̄-R）</td></tr>" in options
    assert "<tr><th>子组列</th><td>lot</td></tr>" in options
    assert "chart_type" not in options and "xbar_r" not in options
    en = c.get(url, **EN).content.decode()
    assert "<tr><th>Control chart</th><td>Mean and range (X̄-R)</td></tr>" in en


def test_pareto_cumulative_axis_has_its_own_percent_ticks(world, client_for):
    from qualitas.diagnosis.models import Study

    ds = upload_dataset(world, "defect,count\n划伤,40\n气泡,25\n毛刺,10\n色差,5\n", "defects")
    _new_study(
        client_for("enterprise"),
        {"kind": "pareto", "dataset": ds.pk, "category_column": "defect", "count_column": "count"},
    )
    layout = Study.objects.latest("pk").results["figures"][0]["layout"]
    y2 = layout["yaxis2"]
    assert (y2["tickmode"], y2["tick0"], y2["dtick"], y2["ticksuffix"]) == ("linear", 0, 20, "%")
    assert layout["xaxis"]["automargin"] is True


def test_gage_weibull_and_growth_results_are_named_not_dumped(world, client_for):
    import numpy as np

    rng = np.random.default_rng(5)
    gage = upload_dataset(
        world,
        "part,operator,value\n"
        + "".join(
            f"P{p},{o},{10 + 0.1 * p + rng.normal(0, 0.02):.4f}\n"
            for p in range(10)
            for o in "ABC"
            for _ in range(2)
        ),
        "gage",
    )
    life = upload_dataset(
        world, "hours\n" + "".join(f"{v:.1f}\n" for v in rng.weibull(1.8, 20) * 1000), "life"
    )
    growth = upload_dataset(
        world, "t\n" + "".join(f"{v:.1f}\n" for v in np.cumsum(rng.exponential(50, 15))), "growth"
    )
    c = client_for("enterprise")
    g = _new_study(
        c,
        {
            "kind": "gage_rr",
            "dataset": gage.pk,
            "value_column": "value",
            "part_column": "part",
            "operator_column": "operator",
        },
    )
    zh = c.get(g, **ZH).content.decode()
    gage_table = _table(zh, "gage")
    assert "<th>重复性</th>" in gage_table and "<th>零件间</th>" in gage_table
    assert re.search(
        r"<th>量具重复性与再现性（Gage R&amp;R）</th><td class=\"num\">[\d.]+%</td>", gage_table
    )
    assert "<th>结论</th>" in _table(zh, "results") and "variance_components" not in zh
    w = _new_study(c, {"kind": "weibull", "dataset": life.pk, "time_column": "hours"})
    zh = c.get(w, **ZH).content.decode()
    assert re.search(r"<th>形状参数 β</th><td>[\d.]+</td>", _table(zh, "results"))
    assert "B10 寿命" in zh and "loglik" not in zh
    gr = _new_study(c, {"kind": "growth", "dataset": growth.pk, "time_column": "t"})
    zh = c.get(gr, **ZH).content.decode()
    assert "<th>瞬时 MTBF</th>" in _table(zh, "results") and "mtbf_instantaneous" not in zh
    en = c.get(gr, **EN).content.decode()
    assert "<th>Instantaneous MTBF</th>" in _table(en, "results")
