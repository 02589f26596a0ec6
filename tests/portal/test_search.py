"""The one public search: every published record that an app offers, grouped by kind, found by
Chinese fragments and English words, filtered by kind, region, industry and date; refusals name
the field; drafts never appear."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from qualitas.core.providers import SearchDocument, bilingual
from qualitas.portal import selectors, services
from qualitas.portal.models import SearchEntry
from tests.registers.factories import BATTERY_ITEMS, make_lab

pytestmark = pytest.mark.django_db


def _search(**kw):
    return selectors.search(selectors.SearchQuery(**kw))


def _titles(result, kind):
    return [h.title for g in result.groups if g.kind == kind for h in g.hits]


def test_enterprises_and_laboratories_are_found_grouped_by_kind(world):
    make_lab(world, items=BATTERY_ITEMS[:2])
    make_lab(
        world,
        code="ZJ-LAB-2",
        name_zh="宁波电磁兼容实验室",
        items=[BATTERY_ITEMS[2]],
        publish=False,
    )
    build = services.search_index_rebuild()
    assert build.counts == {"enterprise": 3, "laboratory": 1}  # the draft is not published

    got = _search(q="电池")  # every enterprise makes a battery; one laboratory tests them
    assert [(g.kind, g.count) for g in got.groups] == [("enterprise", 3), ("laboratory", 1)]
    assert _titles(got, "laboratory") == ["浙江省电池质量检验中心"]
    assert got.total == 4
    assert _titles(_search(q="恒信"), "enterprise") == ["杭州恒信电池有限公司"]
    # a laboratory's test method, an enterprise's product
    assert _titles(_search(q="9.4条"), "laboratory") == ["浙江省电池质量检验中心"]
    assert len(_titles(_search(q="锂离子"), "enterprise")) == 3
    # nothing of the draft laboratory
    assert _search(q="电磁兼容").total == 0


def test_chinese_fragments_must_be_whole_and_english_words_all_present(world):
    services.search_index_rebuild()
    assert _search(q="恒信电池").total == 1
    # 离子·子电·电池 (a product) and 池有 (the name) are all there, but never as written
    assert _search(q="离子电池").total == 3
    assert _search(q="离子电池有").total == 0
    assert _titles(_search(q="hengxin battery"), "enterprise") == ["杭州恒信电池有限公司"]
    assert _search(q="hengxin machinery").total == 0


def test_english_readers_get_english_titles(world):
    from django.utils import translation

    services.search_index_rebuild()
    with translation.override("en"):
        got = _search(q="宁波")
    assert _titles(got, "enterprise") == ["Ningbo Huada Machinery Co., Ltd."]


def test_filters_by_kind_region_industry_and_date(world):
    make_lab(world, items=BATTERY_ITEMS[:2])
    services.search_index_rebuild()
    assert {g.kind for g in _search(kind="laboratory").groups} == {"laboratory"}
    # a city: only Ningbo; a province: the two in Zhejiang
    assert _titles(_search(kind="enterprise", region="330200"), "enterprise") == [
        "宁波华达机械股份有限公司"
    ]
    zhejiang = _search(kind="enterprise", region="330000")
    assert sorted(_titles(zhejiang, "enterprise")) == [
        "宁波华达机械股份有限公司",
        "杭州恒信电池有限公司",
    ]
    assert _titles(_search(kind="enterprise", industry="C39"), "enterprise") == [
        "深圳锐创电子有限公司"
    ]
    lab = SearchEntry.objects.get(kind="laboratory")
    day = timezone.localdate(lab.published_at)
    assert _search(kind="laboratory", since=day, until=day).total == 1
    assert _search(kind="laboratory", since=day + timedelta(days=1)).total == 0


def test_a_rebuild_replaces_the_index_and_drops_what_is_no_longer_published(world):
    lab = make_lab(world, items=BATTERY_ITEMS[:2])
    services.search_index_rebuild()
    assert _search(kind="laboratory").total == 1
    type(lab).objects.filter(pk=lab.pk).update(status="withdrawn")
    services.search_index_rebuild()
    assert _search(kind="laboratory").total == 0
    assert SearchEntry.objects.filter(kind="enterprise").count() == 3


def test_a_provider_offering_the_same_record_twice_is_indexed_once(world, monkeypatch):
    doc = SearchDocument(
        kind="case",
        key="C-1",
        title=bilingual("电池热失控改进案例", "Battery thermal runaway case"),
        text="改进",
        url="/x/",
        source_app="test",
        published_at=datetime(2026, 5, 1, tzinfo=timezone.get_current_timezone()),
    )
    monkeypatch.setattr(services, "collect_search", lambda: iter([doc, doc]))
    build = services.search_index_rebuild()
    assert build.counts == {"case": 1}
    row = SearchEntry.objects.get()
    assert (row.title_zh, row.title_en) == ("电池热失控改进案例", "Battery thermal runaway case")


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "电" * 201}, "q", "200"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "until", "before the start"),
    ],
)
def test_refusals_name_the_field_on_the_page_and_in_the_api(client, world, params, field, message):
    services.search_index_rebuild()
    page = client.get("/search/", {**params, "lang": "en"})
    assert page.status_code == 422
    assert message in page.content.decode()
    r = client.get("/api/portal/search", params, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == field and message in detail["msg"]


def test_page_and_api_answer_the_same(client, world):
    services.search_index_rebuild()
    page = client.get("/search/", {"q": "华达", "lang": "en"}).content.decode()
    assert "Ningbo Huada Machinery Co., Ltd." in page and "1 record found" in page
    body = client.get("/api/portal/search", {"q": "华达"}).json()
    assert body["total"] == 1
    assert body["groups"][0]["kind"] == "enterprise"
    assert body["groups"][0]["hits"][0]["url"] == f"/enterprises/{world.ent_b.pk}/"


def test_the_page_asks_for_a_rebuild_when_the_index_is_old(client, world, monkeypatch, settings):
    from types import SimpleNamespace

    queued = []
    monkeypatch.setattr(
        "qualitas.portal.tasks.run_search_index_rebuild",
        SimpleNamespace(enqueue=queued.append),
    )
    client.get("/search/")
    assert len(queued) == 1  # no index yet
    client.get("/search/")
    assert len(queued) == 1  # asked once, not on every request
    build = services.search_index_rebuild(queued[0])  # the worker runs the queued build
    assert build.pk == queued[0] and build.finished_at is not None
    client.get("/search/")
    assert len(queued) == 1  # fresh: nothing asked
    settings.SEARCH_INDEX_MAX_AGE = 0
    client.get("/search/")
    assert len(queued) == 2  # older than the setting: asked again


def test_cli_rebuilds_and_searches(world):
    from typer.testing import CliRunner

    from qualitas.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["--lang", "en", "search-index"])
    assert out.exit_code == 0, out.output
    assert "enterprise" in out.output
    out = runner.invoke(app, ["search", "恒信", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["total"] == 1
    out = runner.invoke(app, ["--lang", "en", "search", "电" * 201])
    assert out.exit_code == 2 and "200" in out.output and "Traceback" not in out.output


def test_date_helpers_are_inclusive(world):
    # a record published at 23:59 local time on the last day is inside "until"
    tz = timezone.get_current_timezone()
    SearchEntry.objects.create(
        kind="case",
        key="late",
        title_zh="晚间记录",
        url="/x/",
        source_app="t",
        published_at=datetime(2026, 5, 1, 23, 59, tzinfo=tz),
        tokens=" 晚间 间记 记录 ",
    )
    assert _search(until=date(2026, 5, 1)).total == 1
    assert _search(since=date(2026, 5, 2)).total == 0
