"""The index app through its public surfaces: pages, API, services; warnings and permissions."""

from __future__ import annotations

import json
import re

import pytest

from qualitas.core.access import actor_for

pytestmark = pytest.mark.django_db


def _run():
    from qualitas.index.selectors import current_run

    return current_run()


def test_demo_computes_a_run_with_published_and_withheld_cells(indexed):
    from qualitas.index.models import IndexValue

    run = _run()
    assert run is not None and run.status == "succeeded"
    assert run.periods[:2] == ["2024Q1", "2024Q2"] and "2025" in run.periods
    nation = IndexValue.objects.get(run=run, region="100000", industry="C", period="2024")
    assert nation.value == pytest.approx(100.0)  # the base period
    assert nation.lo < 100 < nation.hi
    small = IndexValue.objects.filter(run=run, status="insufficient").first()
    assert small.value is None and small.lo is None and small.hi is None


def test_past_values_reproduce_under_their_version(indexed):
    """Recomputing under the same version on the same observations gives the same numbers; a
    new version does not touch the old run."""
    from qualitas.index.models import IndexValue, MethodologyVersion
    from qualitas.index.services import index_compute, version_create, version_publish

    run1 = _run()
    before = {
        (v.region, v.industry, v.period): (v.value, v.lo, v.hi)
        for v in IndexValue.objects.filter(run=run1)
    }
    run2 = index_compute(version=run1.version, evaluate_warnings=False)
    assert run2.digest == run1.digest
    after = {
        (v.region, v.industry, v.period): (v.value, v.lo, v.hi)
        for v in IndexValue.objects.filter(run=run2)
    }
    assert after == before
    admin = actor_for(indexed.users["admin"])
    spec = [
        dict(i, weight=(0.7 if i["key"] == "level_score" else 0.1)) for i in run1.version.indicators
    ]
    v2 = version_publish(
        actor=admin,
        version=version_create(
            actor=admin, code="2026.1", title="t", base_period="2024", seed=5, indicators=spec
        ),
    )
    run3 = index_compute(version=v2, evaluate_warnings=False)
    assert {
        (v.region, v.industry, v.period): (v.value, v.lo, v.hi)
        for v in IndexValue.objects.filter(run=run1)
    } == before
    assert IndexValue.objects.get(
        run=run3, region="100000", industry="C", period="2024"
    ).value == pytest.approx(100.0)
    # a published version is immutable
    from qualitas.index.models import ImmutableError

    v = MethodologyVersion.objects.get(pk=v2.pk)
    v.base_period = "2025"
    with pytest.raises(ImmutableError):
        v.save()


def test_map_api_public_has_no_private_detail(indexed, client_for):
    r = client_for("public").get("/api/index/map")
    assert r.status_code == 200
    data = r.json()
    assert data["level"] == "province" and data["period"] == "2025Q4"
    zj = next(c for c in data["cells"] if c["code"] == "330000")
    assert zj["value"] is not None and zj["rank"] >= 1 and zj["lo"] < zj["value"] < zj["hi"]
    assert zj["n"] is None and zj["open_alerts"] is None


def test_map_api_authority_sees_detail_of_own_region_only(indexed, client_for):
    data = client_for("authority").get("/api/index/map").json()
    by = {c["code"]: c for c in data["cells"]}
    assert by["330000"]["n"] >= 10
    assert by["440000"]["n"] is None


def test_map_api_cities_of_a_province_and_indicator(indexed, client_for):
    data = (
        client_for("public")
        .get(
            "/api/index/map", {"province": "330000", "indicator": "level_score", "period": "2025Q3"}
        )
        .json()
    )
    assert data["level"] == "city" and data["period"] == "2025Q3"
    codes = {c["code"] for c in data["cells"]}
    assert {"330100", "330200"} <= codes
    assert all(c["lo"] is None for c in data["cells"])  # bands are published for the index only


def test_geometry_is_served_with_gb2260_keys(client_for):
    c = client_for("public")
    prov = json.loads(b"".join(c.get("/index/geo/provinces.geojson").streaming_content))
    codes = {f["properties"]["code"] for f in prov["features"]}
    assert len(codes) == 34 and {"330000", "460000", "710000"} <= codes
    zj = json.loads(b"".join(c.get("/index/geo/330000.geojson").streaming_content))
    assert {f["properties"]["code"] for f in zj["features"]} >= {"330100", "330200"}
    assert c.get("/index/geo/../settings.geojson").status_code == 404


def test_map_page_marks_default_geometry_not_for_publication(indexed, client_for):
    html = client_for("public").get("/index/map/").content.decode()
    assert "非正式出版地图" in html and "map-config" in html


def test_dashboard_public_and_authority(indexed, client_for):
    public = client_for("public").get("/index/").content.decode()
    assert 'data-testid="province-ranking"' in public and "open-warnings" not in public
    auth = client_for("authority").get("/index/").content.decode()
    assert 'data-testid="open-warnings"' in auth


@pytest.mark.parametrize("table", ["provinces", "cities", "industries", "trend"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports(indexed, client_for, table, fmt):
    r = client_for("public").get(f"/index/export/{table}.{fmt}", {"province": "330000"})
    assert r.status_code == 200
    body = b"".join(r.streaming_content) if r.streaming else r.content
    if fmt == "csv":
        assert body.startswith("\ufeff".encode())
        assert len(body.decode("utf-8-sig").splitlines()) > 1


def test_warnings_fire_with_numbers_and_enterprises(indexed):
    from qualitas.index.models import Warning

    assert Warning.objects.exists()
    w = Warning.objects.filter(rule__kind="alert_surge").first() or Warning.objects.first()
    assert w.numbers and w.enterprise_ids
    assert w.numbers.get("driver")


def test_warning_rules_fire_on_a_constructed_fall(indexed):
    """A cell whose index falls by more than the rule's amount fires, with the numbers that made it fire."""
    from qualitas.index.models import IndicatorObservation, Warning, WarningRule
    from qualitas.index.services import index_compute

    WarningRule.objects.create(
        name="Hangzhou fall", kind="fall_previous", amount=1, region_prefix="3301", industry="C38"
    )
    IndicatorObservation.objects.filter(
        enterprise__region_id="330100",
        enterprise__industry_id="C38",
        quarter="2025Q4",
        indicator="level_share",
    ).update(num=0.0)
    IndicatorObservation.objects.filter(
        enterprise__region_id="330100",
        enterprise__industry_id="C38",
        quarter="2025Q4",
        indicator="level_score",
    ).update(num=20.0)
    run = index_compute(version=_run().version)
    w = Warning.objects.get(run=run, rule__name="Hangzhou fall", period="2025Q4")
    assert (w.region, w.industry, w.period) == ("330100", "C38", "2025Q4")
    assert w.numbers["change"] < -1 and w.numbers["compared_with"] == "2025Q3"
    assert w.numbers["driver"] in ("level_share", "level_score")
    assert len(w.enterprise_ids) >= 5


def test_warning_pages_for_authority(indexed, client_for):
    from qualitas.index.models import Warning

    auth = client_for("authority")
    html = auth.get("/index/warnings/").content.decode()
    assert 'data-testid="warnings"' in html
    mine = Warning.objects.filter(region__startswith="33")
    for w in mine[:5]:
        assert auth.get(f"/index/warnings/{w.pk}/").status_code == 200
    for w in Warning.objects.filter(rule__kind="alert_surge")[:2]:
        assert client_for("admin").get(f"/index/warnings/{w.pk}/").status_code == 200
    assert client_for("admin").get("/index/warnings/").status_code == 200
    for fmt in ("csv", "xlsx"):
        assert auth.get(f"/index/export/warnings.{fmt}").status_code == 200
    for rule in client_for("admin").get("/api/index/rules").json():
        assert client_for("admin").get(f"/index/rules/{rule['id']}/").status_code == 200
    assert client_for("admin").get("/index/recompute/").status_code == 200


def test_acknowledge_and_permissions(indexed, client_for):
    from qualitas.index.models import Warning

    zj = Warning.objects.filter(region__startswith="33").first()
    gd = Warning.objects.exclude(region__startswith="33").first()
    auth = client_for("authority")
    if zj is None:
        pytest.skip("the demo raised no Zhejiang warning")
    assert auth.get(f"/index/warnings/{zj.pk}/").status_code == 200
    if gd is not None:
        assert auth.get(f"/index/warnings/{gd.pk}/").status_code == 404
        assert (
            auth.post(
                f"/api/index/warnings/{gd.pk}/acknowledge",
                {"note": "x"},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert client_for("enterprise").get(f"/index/warnings/{zj.pk}/").status_code == 404
    r = auth.post(
        f"/api/index/warnings/{zj.pk}/acknowledge", {"note": ""}, content_type="application/json"
    )
    assert r.status_code == 422
    r = auth.post(
        f"/api/index/warnings/{zj.pk}/acknowledge",
        {"note": "已约谈企业 / met the enterprises"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    zj.refresh_from_db()
    assert zj.acknowledged_by == indexed.users["authority"] and zj.note.startswith("已约谈")
    from qualitas.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        model="index.warning", action="acknowledge", object_pk=str(zj.pk)
    ).exists()


def test_thresholds_configurable_by_authority_within_regions(indexed, client_for):
    from qualitas.index.models import WarningRule

    national = WarningRule.objects.filter(region_prefix="").first()
    auth = client_for("authority")
    # a national rule: read, not change
    assert (
        auth.patch(
            f"/api/index/rules/{national.pk}", {"amount": "3"}, content_type="application/json"
        ).status_code
        == 404
    )
    ok = auth.post(
        "/index/rules/",
        {
            "name": "浙江指数下降",
            "kind": "fall_previous",
            "amount": "4",
            "window": 4,
            "region_prefix": "33",
            "industry": "C",
            "active": "on",
        },
    )
    assert ok.status_code == 302
    rule = WarningRule.objects.get(name="浙江指数下降")
    r = auth.patch(
        f"/api/index/rules/{rule.pk}", {"amount": "6.5"}, content_type="application/json"
    )
    assert r.status_code == 200 and float(r.json()["amount"]) == 6.5
    bad = auth.post(
        "/index/rules/",
        {
            "name": "广东",
            "kind": "fall_previous",
            "amount": "4",
            "window": 4,
            "region_prefix": "44",
            "active": "on",
        },
    )
    assert bad.status_code == 200 and not WarningRule.objects.filter(name="广东").exists()
    assert client_for("enterprise").get("/index/rules/").status_code == 404


def test_recompute_job_with_progress(indexed, client_for, django_capture_on_commit_callbacks):
    from qualitas.index.models import IndexRun

    n = IndexRun.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for("authority").post("/api/index/recompute")
    assert r.status_code == 202
    job = r.json()
    detail = client_for("authority").get(f"/api/index/jobs/{job['id']}").json()
    assert detail["status"] == "succeeded" and detail["percent"] == 100
    # the job's message and the recompute page in the reader's language, not the stored English
    zh = (
        client_for("authority")
        .get(f"/api/index/jobs/{job['id']}", HTTP_ACCEPT_LANGUAGE="zh-hans")
        .json()
    )
    assert re.fullmatch(r"\d+ 个单元，\d+ 个已发布", zh["message"]), zh["message"]
    en = client_for("authority").get(f"/api/index/jobs/{job['id']}", HTTP_ACCEPT_LANGUAGE="en")
    assert re.fullmatch(r"\d+ cells, \d+ published", en.json()["message"])
    page = client_for("authority").get("/index/recompute/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "个单元" in page.content.decode() and " cells" not in page.content.decode()
    assert IndexRun.objects.count() == n + 1
    assert client_for("enterprise").post("/api/index/recompute").status_code == 403


def test_methodology_pages(indexed, client_for):
    run = _run()
    assert "2025.1" in client_for("public").get("/index/methodology/").content.decode()
    assert client_for("public").get(f"/index/methodology/{run.version.pk}/").status_code == 200
    assert client_for("public").get("/api/index/indicators").json()[0]["key"] == "level_share"


def test_sources_plug_in_evaluation_and_diagnosis(world):
    """The registry's source adapters read the evaluation and diagnosis models as of each quarter end."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from qualitas.diagnosis.models import CapabilitySummary
    from qualitas.evaluation.models import Framework, Result
    from qualitas.index.indicators import extract

    fw = Framework.objects.first()
    assert fw is not None, "the evaluation app loads its default framework on migrate"
    Result.objects.create(
        enterprise=world.ent_a,
        framework=fw,
        status="published",
        level=4,
        uncapped_level=4,
        score=Decimal("4.25"),
        evaluated_on=date(2025, 5, 10),
    )
    Result.objects.create(
        enterprise=world.ent_b,
        framework=fw,
        status="draft",
        level=5,
        uncapped_level=5,
        score=Decimal("5"),
        evaluated_on=date(2025, 5, 10),
    )
    CapabilitySummary.objects.create(
        enterprise=world.ent_c,
        computed_at=datetime(2025, 8, 1, tzinfo=UTC),
        window_start=datetime(2025, 5, 1, tzinfo=UTC),
        window_end=datetime(2025, 8, 1, tzinfo=UTC),
        monitored=10,
        assessed=8,
        capable=6,
    )
    got = extract(
        ["2025Q1", "2025Q2", "2025Q3"], ["level_share", "level_score", "capability", "open_alerts"]
    )
    share = got["level_share"]
    assert share[["enterprise", "quarter", "num", "den"]].values.tolist() == [
        [world.ent_a.pk, "2025Q2", 1.0, 1.0],
        [world.ent_a.pk, "2025Q3", 1.0, 1.0],
    ]
    assert got["level_score"]["num"].tolist() == [4.25, 4.25]
    cap = got["capability"]
    assert cap[["enterprise", "quarter", "num", "den"]].values.tolist() == [
        [world.ent_c.pk, "2025Q3", 6.0, 8.0]
    ]
    alerts = got["open_alerts"]
    assert alerts[["enterprise", "quarter", "num", "den"]].values.tolist() == [
        [world.ent_c.pk, "2025Q3", 0.0, 10.0]
    ]
