"""Diagnosis through its public surfaces: the REST API and the pages."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pytest
from django.core import mail

from tests.diagnosis.helpers import T0, batch, make_characteristic, make_diagnosis
from tests.factories import make_user

pytestmark = pytest.mark.django_db

API = "/api/diagnosis"


def post(client, url, payload, *, lang=None):
    """POST JSON; ``lang`` sets Accept-Language (the API answers in it)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": lang} if lang else {}
    return client.post(url, data=json.dumps(payload), content_type="application/json", **headers)


# ------------------------------------------------------------------------------ characteristics


def test_create_characteristic_validates_unit_and_limits(world, client_for):
    c = client_for("enterprise")
    ok = post(
        c, f"{API}/characteristics", {"name": "孔径", "unit": "毫米", "lsl": "4.95", "usl": "5.05"}
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["unit"] == "mm" and ok.json()["enterprise"] == world.ent_a.pk
    bad_unit = post(c, f"{API}/characteristics", {"name": "x", "unit": "furlong"})
    assert bad_unit.status_code == 422 and bad_unit.json()["detail"][0]["loc"] == ["body", "unit"]
    limits = {"name": "x", "unit": "mm", "lsl": 5, "usl": 4}
    bad_limits = post(c, f"{API}/characteristics", limits, lang="en")
    assert bad_limits.status_code == 422 and bad_limits.json()["detail"][0] == {
        "loc": ["body", "usl"],
        "msg": "usl must be greater than lsl",
        "type": "value_error",
    }
    zh = post(c, f"{API}/characteristics", limits, lang="zh-hans").json()["detail"][0]["msg"]
    assert zh == "规格上限须大于规格下限"
    assert (
        post(
            client_for("authority"), f"{API}/characteristics", {"name": "x", "unit": "mm"}
        ).status_code
        == 403
    )


def test_units_list_has_chinese_names(client_for):
    units = client_for("public").get(f"{API}/units").json()
    assert {"symbol": "µm", "name_zh": "微米", "name_en": "micrometre"} in units


# ------------------------------------------------------------------------------ ingest


def test_batch_is_idempotent(world, client_for):
    ch = make_characteristic(world, n=0)
    c = client_for("enterprise")
    payload = batch(np.linspace(9.9, 10.1, 1000), batch_id="gw-0001", subgroups=list(range(1000)))
    first = post(c, f"{API}/characteristics/{ch.pk}/batches", payload)
    assert (
        first.status_code == 201
        and first.json()["stored"] == 1000
        and first.json()["duplicate"] is False
    )
    again = post(c, f"{API}/characteristics/{ch.pk}/batches", payload)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert ch.measurements.count() == 1000


def test_a_reused_batch_id_with_other_data_is_a_conflict(world, client_for):
    """Issue 16 §10: the same batch id with other points was silently discarded; it is a 409
    naming the batch id, and nothing of the second batch is stored."""
    ch = make_characteristic(world, n=0)
    c = client_for("enterprise")
    first = post(c, f"{API}/characteristics/{ch.pk}/batches", batch([10.0, 10.1], batch_id="gw-9"))
    assert first.status_code == 201
    other = post(c, f"{API}/characteristics/{ch.pk}/batches", batch([10.0, 10.2], batch_id="gw-9"))
    assert other.status_code == 409
    detail = other.json()["detail"][0]
    assert detail["loc"][-1] == "batch_id" and "gw-9" in detail["msg"]
    assert sorted(ch.measurements.values_list("value", flat=True)) == [10.0, 10.1]
    # the exact retry is still the idempotent no-op
    same = post(c, f"{API}/characteristics/{ch.pk}/batches", batch([10.0, 10.1], batch_id="gw-9"))
    assert same.status_code == 200 and same.json()["duplicate"] is True


def test_batch_errors_name_the_field(world, client_for):
    ch = make_characteristic(world, n=0)
    c = client_for("enterprise")
    bad_time = {"batch_id": "x", "times": ["2025-01-01T00:00:00Z", "yesterday"], "values": [1, 2]}
    r = post(c, f"{API}/characteristics/{ch.pk}/batches", bad_time, lang="en")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "times"]
    assert r.json()["detail"][0]["msg"] == "times[1] = 'yesterday' is not an ISO 8601 time"
    r = c.post(
        f"{API}/characteristics/{ch.pk}/batches?lang=zh-hans",
        data=json.dumps(bad_time),
        content_type="application/json",
    )
    assert r.json()["detail"][0]["msg"] == "times[1] = 'yesterday' 不是 ISO 8601 时间"
    r = post(
        c,
        f"{API}/characteristics/{ch.pk}/batches",
        {"batch_id": "x", "times": ["2025-01-01T00:00:00Z"], "values": ["a"]},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "values"]
    assert ch.measurements.count() == 0


def test_batch_of_100000_points_passes_the_raised_limit_only_there(world, client_for, settings):
    ch = make_characteristic(world, n=0)
    c = client_for("enterprise")
    payload = batch(np.full(100_000, 10.0), batch_id="big", step_s=1)
    body = json.dumps(payload)
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 4
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the global limit stays small
    r = c.post(f"{API}/characteristics/{ch.pk}/batches", data=body, content_type="application/json")
    assert r.status_code == 201, r.content[:300]
    assert ch.measurements.count() == 100_000
    too_many = batch(np.full(100_001, 10.0), batch_id="too-big", step_s=1)
    r = post(c, f"{API}/characteristics/{ch.pk}/batches", too_many, lang="en")
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "at most 100000 points per batch, got 100001"


def test_gateway_token_scoped_to_one_enterprise(world, client_for):
    from qualitas.diagnosis.services import token_create
    from tests.diagnosis.helpers import actor

    ch = make_characteristic(world, n=0)
    _, plain = token_create(
        actor=actor(world.users["enterprise"]), enterprise_id=world.ent_a.pk, name="gw"
    )
    anon = client_for("public")
    r = anon.post(
        f"{API}/characteristics/{ch.pk}/batches",
        data=json.dumps(batch([1.0, 2.0])),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert r.status_code == 201
    assert (
        anon.post(
            f"{API}/characteristics/{ch.pk}/batches",
            data=json.dumps(batch([1.0])),
            content_type="application/json",
            HTTP_AUTHORIZATION="Bearer qd_wrong",
        ).status_code
        == 401
    )
    _, other = token_create(
        actor=actor(world.users["other_enterprise"]), enterprise_id=world.ent_c.pk, name="gw"
    )
    r = anon.post(
        f"{API}/characteristics/{ch.pk}/batches",
        data=json.dumps(batch([1.0], batch_id="z")),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )
    assert r.status_code == 404


# ------------------------------------------------------------------------------ monitoring, alerts


def test_violation_opens_one_alert_per_rule_and_mails(world, client_for):
    mail.outbox.clear()
    world.users["enterprise"].email = "qe@example.cn"
    world.users["enterprise"].save()
    d = make_diagnosis(world)
    ch = d["char"]
    assert ch.monitored and ch.has_frozen_limits
    alerts = list(ch.alerts.filter(rule="nelson-1"))
    assert len(alerts) == 1 and alerts[0].status == "open"
    c = client_for("enterprise")
    r = post(
        c,
        f"{API}/characteristics/{ch.pk}/batches",
        batch([12.5, 7.5], start=T0 + timedelta(days=2), batch_id="again"),
    )
    assert r.status_code == 201 and r.json()["violations"] >= 2 and r.json()["alerts_updated"] >= 1
    assert ch.alerts.filter(rule="nelson-1").count() == 1
    assert ch.alerts.get(rule="nelson-1").occurrences >= 3
    ok = post(
        c,
        f"{API}/characteristics/{ch.pk}/batches",
        batch([ch.frozen_limits["center"]], start=T0 + timedelta(days=3), batch_id="calm"),
    )
    assert ok.json()["violations"] == 0


def test_email_is_sent_on_commit_in_each_readers_language(
    world, django_capture_on_commit_callbacks
):
    world.users["enterprise"].email = "qe@example.cn"  # language never chosen: the site's
    world.users["enterprise"].save()
    english = make_user("qe_en", "enterprise", enterprise=world.ent_a)
    english.email = "qe-en@example.cn"
    english.save()
    english.profile.language = "en"
    english.profile.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_diagnosis(world)
    zh = [m for m in mail.outbox if "qe@example.cn" in m.to]
    en = [m for m in mail.outbox if "qe-en@example.cn" in m.to]
    assert len(zh) == 1 and len(en) == 1 and zh[0] is not en[0]
    # Chinese for the reader of the default language, English for the one who chose it
    assert zh[0].subject.startswith("[Qualitas] ") and zh[0].subject.endswith("条新报警")
    assert "新的失控报警：" in zh[0].body and "New out-of-control" not in zh[0].body
    assert en[0].subject.startswith("[Qualitas] ") and en[0].subject.endswith("new alert(s)")
    assert "New out-of-control alerts:" in en[0].body and "报警" not in en[0].body
    # the rule by name in the reader's language, never the code (issue 11 item 14)
    assert "Nelson 准则 1 — 1 个点落在控制限之外" in zh[0].body
    assert "Nelson rule 1 — 1 point" in en[0].body
    assert "nelson-1" not in zh[0].body + en[0].body


def test_acknowledge_with_cause_and_action(world, client_for):
    from qualitas.diagnosis.models import AssignableCause, CorrectiveAction

    d = make_diagnosis(world)
    c = client_for("enterprise")
    cause = AssignableCause.objects.get(code="MACHINE", enterprise=None)
    action = CorrectiveAction.objects.get(code="REPAIR", enterprise=None)
    r = post(
        c,
        f"{API}/alerts/{d['alert'].pk}/acknowledge",
        {"cause": cause.pk, "action": action.pk, "note": "刀具磨损"},
    )
    assert r.status_code == 200 and r.json()["status"] == "acknowledged" and r.json()["cause_name"]
    assert (
        post(
            client_for("other_enterprise"),
            f"{API}/alerts/{d['alert'].pk}/acknowledge",
            {"cause": cause.pk, "action": action.pk},
        ).status_code
        == 404
    )
    page = c.get(f"/diagnosis/characteristics/{d['char'].pk}/")
    assert (
        page.status_code == 200 and "设备" in page.content.decode()
    )  # the annotation names the cause


# ------------------------------------------------------------------------------ permissions


def test_enterprise_a_never_sees_b(world, client_for):
    d = make_diagnosis(world)
    other = client_for("other_enterprise")
    assert other.get(f"{API}/characteristics").json() == []
    assert other.get(f"{API}/alerts").json() == []
    assert other.get(f"{API}/studies").json() == []
    for url in (
        f"{API}/characteristics/{d['char'].pk}/measurements",
        f"{API}/studies/{d['study'].pk}",
        f"/diagnosis/characteristics/{d['char'].pk}/",
    ):
        assert other.get(url).status_code == 404
    assert (
        post(
            other, f"{API}/characteristics/{d['char'].pk}/batches", batch([1.0], batch_id="evil")
        ).status_code
        == 404
    )


def test_authority_sees_only_aggregates(world, client_for):
    from qualitas.diagnosis.services import capability_summary_compute

    d = make_diagnosis(world)
    capability_summary_compute(enterprise_id=world.ent_a.pk, now=T0 + timedelta(days=5))
    auth = client_for("authority")
    assert auth.get(f"{API}/characteristics").json() == []
    assert auth.get(f"{API}/characteristics/{d['char'].pk}/measurements").status_code == 404
    agg = auth.get(f"{API}/aggregates").json()
    row = next(r for r in agg["by_enterprise"] if r["id"] == world.ent_a.pk)
    assert row["open_alerts"] >= 1 and set(row) == {
        "id",
        "credit_code",
        "name_zh",
        "name_en",
        "industry",
        "region",
        "monitored",
        "open_alerts",
        "below_one",
    }
    # one enterprise, fewer than the minimum group size, but listed row by row just below:
    # not withheld from the officer (core.access.aggregate_min_group)
    assert agg["by_industry"][0]["withheld"] is False
    page = auth.get("/diagnosis/authority/").content.decode()
    assert d["char"].name not in page
    # Guangdong's enterprise is outside Zhejiang: not listed
    make_characteristic_for_c = world.ent_c.pk
    assert all(r["id"] != make_characteristic_for_c for r in agg["by_enterprise"])


# ------------------------------------------------------------------------------ studies


def test_control_chart_study_and_freeze(world, client_for):
    ch = make_characteristic(world, n=120)
    c = client_for("enterprise")
    r = post(c, f"{API}/studies", {"kind": "control_chart", "characteristic": ch.pk})
    assert r.status_code == 201, r.content
    s = r.json()
    assert s["results"]["limits"]["chart"] == "imr" and s["results"]["figures"]
    fr = post(c, f"{API}/characteristics/{ch.pk}/freeze", {"study": s["id"]})
    assert fr.status_code == 200 and fr.json()["monitored"] is True
    assert abs(fr.json()["frozen_limits"]["ucl"] - s["results"]["limits"]["ucl"]) < 1e-12
    page = c.get(f"/diagnosis/studies/{s['id']}/").content.decode()
    assert "rule violations" in page or "violations" in page


def test_capability_study_normal_and_nonnormal(world, client_for):
    ch = make_characteristic(world, n=200)
    c = client_for("enterprise")
    for method in ("normal", "percentile", "boxcox"):
        r = post(
            c,
            f"{API}/studies",
            {"kind": "capability", "characteristic": ch.pk, "options": {"method": method}},
        )
        assert r.status_code == 201, r.content
        cap = r.json()["results"]["capability"]
        assert cap["method"] == method and cap["ppk"] > 1.0
    assert r.json()["results"]["figures"][0]["data"][0]["type"] == "histogram"


def test_subgroup_characteristic_xbar(world, client_for):
    ch = make_characteristic(world, n=0, name="扭矩", subgroup_size=5, chart_type="xbar_r")
    rng = np.random.default_rng(3)
    c = client_for("enterprise")
    r = post(
        c,
        f"{API}/characteristics/{ch.pk}/batches",
        batch(rng.normal(10, 0.1, 250), batch_id="sg", subgroups=[i // 5 for i in range(250)]),
    )
    assert r.status_code == 201
    s = post(c, f"{API}/studies", {"kind": "control_chart", "characteristic": ch.pk}).json()
    assert s["results"]["limits"]["chart"] == "xbar_r" and s["results"]["n_points"] == 50


def _upload(client, text: str, name: str = "d.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"{API}/datasets",
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"), "name": name},
    )


def test_dataset_studies_gage_weibull_growth_pareto(world, client_for):
    c = client_for("enterprise")
    rng = np.random.default_rng(5)
    rows = ["part,operator,value"] + [
        f"P{p},{o},{10 + 0.1 * p + rng.normal(0, 0.02):.4f}"
        for p in range(10)
        for o in "ABC"
        for _ in range(2)
    ]
    ds = _upload(c, "\n".join(rows)).json()
    r = post(
        c,
        f"{API}/studies",
        {
            "kind": "gage_rr",
            "dataset": ds["id"],
            "options": {
                "value_column": "value",
                "part_column": "part",
                "operator_column": "operator",
                "tolerance": 2,
            },
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["results"]["gage_rr"]
    life = _upload(
        c,
        "hours,censored\n"
        + "\n".join(
            f"{t:.1f},{int(i % 5 == 0)}" for i, t in enumerate(rng.weibull(2.0, 30) * 1000 + 1)
        ),
    ).json()
    r = post(
        c,
        f"{API}/studies",
        {
            "kind": "weibull",
            "dataset": life["id"],
            "options": {"time_column": "hours", "censored_column": "censored"},
        },
    )
    assert r.status_code == 201, r.content
    assert 1.0 < r.json()["results"]["weibull"]["shape"] < 3.5
    growth = _upload(
        c,
        "t\n"
        + "\n".join(
            str(x) for x in (33, 76, 145, 347, 555, 811, 1212, 1499, 2000, 2500, 3100, 3900)
        ),
    ).json()
    assert (
        post(
            c,
            f"{API}/studies",
            {"kind": "growth", "dataset": growth["id"], "options": {"time_column": "t"}},
        ).status_code
        == 201
    )
    defects = _upload(c, "defect,count\n划伤,40\n气泡,25\n毛刺,10\n色差,5\n").json()
    r = post(
        c,
        f"{API}/studies",
        {
            "kind": "pareto",
            "dataset": defects["id"],
            "options": {"category_column": "defect", "count_column": "count"},
        },
    )
    assert r.status_code == 201 and r.json()["results"]["figures"]
    not_times = {"kind": "weibull", "dataset": defects["id"], "options": {"time_column": "defect"}}
    bad = post(c, f"{API}/studies", not_times, lang="en")
    assert bad.status_code == 422
    assert bad.json()["detail"][0] == {
        "loc": ["body", 2, "time"],
        "msg": "row 2: column 'defect' has '划伤', not a number",
        "type": "value_error",
    }
    zh = post(c, f"{API}/studies", not_times, lang="zh-hans").json()["detail"][0]["msg"]
    assert zh == "第 2 行：列 'defect' 的值 '划伤' 不是数字"


def test_sampling_plan_study(world, client_for):
    r = post(
        client_for("enterprise"),
        f"{API}/studies",
        {"kind": "sampling", "options": {"lot_size": 1000, "aql": 1.0}},
    )
    assert r.status_code == 201, r.content
    plan = r.json()["results"]["sampling"]
    assert plan["code_letter"] == "J" and plan["sample_size"] == 80 and plan["accept"] == 2


def test_report_html_names_standards_in_both_languages(world, client_for):
    d = make_diagnosis(world)
    c = client_for("enterprise")
    zh = c.get(f"/diagnosis/studies/{d['study'].pk}/report/?lang=zh-hans").content.decode()
    en = c.get(f"/diagnosis/studies/{d['study'].pk}/report/?lang=en").content.decode()
    assert "GB/T 17989.2" in zh and "GB/T 17989.2" in en and 'lang="en"' in en


# ------------------------------------------------------------------------------ data-set import


def test_dataset_import_all_or_nothing(world, client_for, django_capture_on_commit_callbacks):
    ch = make_characteristic(world, n=0)
    c = client_for("enterprise")
    bad = _upload(
        c, "ts,v\n2025-03-01 08:00:00,10.1\nnot a time,10.2\n2025-03-01 08:02:00,abc\n"
    ).json()
    assert bad["columns"] == ["ts", "v"] and bad["row_count"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            c,
            f"{API}/datasets/{bad['id']}/import",
            {"characteristic": ch.pk, "time": "ts", "value": "v"},
            lang="en",
        )
    assert r.status_code == 202
    job = c.get(f"/api/registry/jobs/{r.json()['job']}").json()
    assert job["status"] == "failed" and [e["line"] for e in job["result"]["errors"]] == [3, 4]
    # the background job writes in the language of the user who started it
    assert job["message"] == "2 problems; nothing was imported"
    assert [e["message"] for e in job["result"]["errors"]] == [
        "'not a time' is not a date and time (use e.g. 2025-03-01 08:15:00)",
        "'abc' is not a number",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            c,
            f"{API}/datasets/{bad['id']}/import",
            {"characteristic": ch.pk, "time": "ts", "value": "v"},
            lang="zh-hans",
        )
    job = c.get(f"/api/registry/jobs/{r.json()['job']}").json()
    assert job["message"] == "发现 2 个问题，未导入任何数据"
    assert job["result"]["errors"][1]["message"] == "'abc' 不是数字"
    assert ch.measurements.count() == 0
    good = _upload(
        c,
        "ts,v,sg\n" + "".join(f"2025-03-01 08:{i:02d}:00,{10 + i / 100},{i}\n" for i in range(50)),
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            c,
            f"{API}/datasets/{good['id']}/import",
            {"characteristic": ch.pk, "time": "ts", "value": "v", "subgroup": "sg"},
        )
    job = c.get(f"/api/registry/jobs/{r.json()['job']}").json()
    assert job["status"] == "succeeded", job
    assert ch.measurements.count() == 50
    first = ch.measurements.order_by("time").first()
    assert first.time.hour == 0  # 08:00 China Standard Time = 00:00 UTC
    page = c.get(f"/diagnosis/datasets/{good['id']}/").content.decode()
    assert "2025-03-01 08:00:00" in page  # preview of the first rows


def test_pages_render_for_the_enterprise(world, client_for):
    d = make_diagnosis(world)
    c = client_for("enterprise")
    dash = c.get("/diagnosis/").content.decode()
    assert d["char"].name in dash and "nelson-1" in dash
    assert c.get(f"/diagnosis/alerts/{d['alert'].pk}/").status_code == 200
    assert c.get("/diagnosis/studies/new/?kind=capability").status_code == 200
    r = c.post(
        "/diagnosis/characteristics/new/",
        {"name": "长度", "unit": "mm", "subgroup_size": 1, "chart_type": "imr", "rule_set": "we"},
    )
    assert r.status_code == 302
