"""Exports (issue 11 items 14 and 15, issue 16 item 2): headers and coded values in the reader's
language, machine keys on request, formula injection neutralised, control characters that XLSX
refuses never a 500, and an XLSX on every list taken to a meeting."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from qualitas.core.exports import Column, export_response

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(response) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


COLUMNS = (
    Column("size_class", "Size", choices=[("small", "小型"), ("large", "大型")]),
    Column("active", "Active"),
)


def test_labels_by_default_keys_on_request():
    rows = [("small", True), ("unknown", False)]
    with translation.override("zh-hans"):
        labelled = _csv(export_response(rows=rows, columns=COLUMNS, filename="t", fmt="csv"))
    assert labelled == [["Size", "Active"], ["小型", "是"], ["unknown", "否"]]
    keyed = _csv(export_response(rows=rows, columns=COLUMNS, filename="t", fmt="csv", keys=True))
    assert keyed == [["size_class", "active"], ["small", "True"], ["unknown", "False"]]


DANGEROUS = ["=1+1", "+41", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']


def test_formula_injection_is_neutralised_in_csv():
    rows = [(v, -2, 3.5) for v in DANGEROUS]
    got = _csv(export_response(rows=rows, header=["v", "n", "x"], filename="t", fmt="csv"))
    assert [r[0] for r in got[1:]] == ["'" + v for v in DANGEROUS]
    assert all(r[1:] == ["-2", "3.5"] for r in got[1:])  # numbers stay numbers


def test_formula_injection_is_neutralised_in_xlsx():
    rows = [(v, -2) for v in DANGEROUS]
    r = export_response(rows=rows, header=["=v", "n"], filename="t", fmt="xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=v"
    for i, v in enumerate(DANGEROUS, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.data_type == "s", v  # text, never a formula
        assert cell.value == v.replace("\r", "\n") or cell.value == v
        assert cell.quotePrefix
        assert ws.cell(row=i, column=2).value == -2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_control_characters_do_not_fail_the_download(fmt):
    rows = [("a\x00b\x07c\x1bd", "tab\tand\nnewline")]
    r = export_response(rows=rows, header=["x", "y"], filename="t", fmt=fmt)
    got = _csv(r) if fmt == "csv" else _xlsx(r)
    assert got[1][0] == "a\ufffdb\ufffdc\ufffdd"
    assert got[1][1] == "tab\tand\nnewline"


# ---- the registry's export: page, API, both languages, machine keys ---------------------------


def test_registry_export_speaks_the_readers_language(world, client):
    zh = _csv(client.get("/enterprises/export.csv", {"region": "330100", "lang": "zh-hans"}))
    assert zh[0][0] == "统一社会信用代码" and "规模" in zh[0] and "状态" in zh[0]
    row = dict(zip(zh[0], zh[1], strict=True))
    assert row["规模"] == "小型" and row["状态"] == "存续" and row["地区"] == "杭州市"
    en = _xlsx(client.get("/enterprises/export.xlsx", {"region": "330100", "lang": "en"}))
    assert en[0][0] == "Unified social credit code"
    row = dict(zip(en[0], en[1], strict=True))
    assert row["Size"] == "Small" and row["Status"] == "Active" and row["Region"] == "Hangzhou"


def test_registry_export_machine_keys_on_page_and_api(world, client):
    page = _csv(client.get("/enterprises/export.csv", {"region": "330100", "header": "keys"}))
    api = _csv(
        client.get(
            "/api/registry/enterprises/export",
            {"region": "330100", "format": "csv", "header": "keys"},
        )
    )
    for got in (page, api):
        assert got[0][:2] == ["credit_code", "name_zh"] and got[0][-2:] == ["size_class", "status"]
        assert got[1][-2:] == ["small", "active"]
    bad = client.get("/api/registry/enterprises/export", {"format": "csv", "header": "x"})
    assert bad.status_code == 422 and "header" in bad.content.decode()


# ---- XLSX on every list a user takes to a meeting (issue 11 item 15) ---------------------------


def _sheet(client, url: str, lang: str = "zh-hans") -> list[list[object]]:
    r = client.get(url, {"lang": lang})
    assert r.status_code == 200, url
    assert r["Content-Type"].startswith("application/vnd.openxmlformats"), url
    return _xlsx(r)


def test_evaluation_lists_as_xlsx(world, client_for):
    from tests.evaluation.helpers import make_evaluation

    d = make_evaluation(world)
    manager = client_for("institution_manager")
    results = _sheet(manager, "/evaluation/results/export.xlsx")
    assert results[0][:2] == ["统一社会信用代码", "企业"] and "等级" in results[0]
    row = dict(zip(results[0], results[1], strict=True))
    assert row["状态"] == "已发布" and str(row["等级"]).startswith("L")
    campaign = _sheet(
        client_for("authority"), f"/evaluation/campaigns/{d['campaign'].pk}/export.xlsx"
    )
    assert "评价活动" in campaign[0] and len(campaign) >= 2
    assignments = _sheet(manager, "/evaluation/assignments/export.xlsx", lang="en")
    assert "Lead evaluator" in assignments[0] and len(assignments) >= 2
    dist = _sheet(client_for("authority"), "/evaluation/dashboard/export.xlsx?by=province")
    assert dist[0][:2] == ["代码", "省份"] and dist[0][-1] == "不予显示"
    keys = _csv(manager.get("/evaluation/results/export.csv", {"header": "keys"}))
    assert (
        keys[1][keys[0].index("status")] == "published"
        and keys[1][keys[0].index("level")] in "012345"
    )


def test_monitoring_statistics_and_warnings_as_xlsx(world, client_for):
    from tests.diagnosis.helpers import make_diagnosis

    make_diagnosis(world)
    authority = client_for("authority")
    stats = _sheet(authority, "/registry/stats/provinces.xlsx")
    assert stats[0] == ["代码", "省份", "企业", "不予显示"]
    assert ["330000", "浙江省", 2, "否"] in stats  # two enterprises: shown to the officer
    industries = _sheet(authority, "/diagnosis/authority/industries.xlsx", lang="en")
    assert industries[0][:2] == ["Industry code", "Industry"]
    enterprises = _sheet(authority, "/diagnosis/authority/enterprises.xlsx")
    assert enterprises[0][1] == "企业" and "地区" in enterprises[0]
    assert _sheet(authority, "/index/export/warnings.xlsx")[0][:3] == ["序号", "预警规则", "状态"]
    assert authority.get("/registry/stats/nothing.xlsx").status_code == 404
