"""Attribute characteristics (issue 11 item 2): counts of nonconforming units (p, np) and of
nonconformities (c, u) per inspected sample are ingested with their sample sizes (API, upload,
MQTT), studied on their chart, frozen, and monitored with alerts like measured values."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pytest

from tests.diagnosis.helpers import T0, actor, batch, upload_dataset

pytestmark = pytest.mark.django_db

API = "/api/diagnosis"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _post(client, url, payload, lang="en"):
    return client.post(
        url, data=json.dumps(payload), content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
    )


def _char(world, chart="p", name="焊点不良 / bad welds"):
    from qualitas.diagnosis.services import characteristic_create

    return characteristic_create(
        actor=actor(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        data={"name": name, "unit": "pcs", "chart_type": chart, "rule_set": "nelson"},
    )


def _counts(m=30, seed=3, rate=0.04):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(150, 250, m)
    return rng.binomial(sizes, rate).astype(float), sizes.astype(float)


def _ingest(ch, counts, sizes, *, start=T0, batch_id="b1"):
    from qualitas.diagnosis.ingest import batch_parse, measurements_ingest

    payload = batch(counts, start=start, batch_id=batch_id, step_s=3600)
    if sizes is not None:
        payload["sizes"] = [float(s) for s in sizes]
    return measurements_ingest(characteristic=ch, batch=batch_parse(payload))


def _frozen(world, chart="p"):
    from qualitas.diagnosis.services import limits_freeze, study_run

    ch = _char(world, chart)
    counts, sizes = _counts()
    _ingest(ch, counts, None if chart == "c" else sizes)
    a = actor(world.users["enterprise"])
    study = study_run(
        actor=a, kind="control_chart", enterprise_id=world.ent_a.pk, characteristic=ch
    )
    limits_freeze(actor=a, characteristic=ch, study=study)
    ch.refresh_from_db()
    return ch, study


def test_create_an_attribute_characteristic_on_the_page(world, client_for):
    c = client_for("enterprise")
    form = c.get("/diagnosis/characteristics/new/", **ZH).content.decode()
    assert "计量型：测量值" in form and "计数型：每个检验样本的计数" in form
    assert "不合格品率（p）" in form or "p" in form
    r = c.post(
        "/diagnosis/characteristics/new/",
        {
            "name": "漏焊",
            "unit": "pcs",
            "subgroup_size": 1,
            "chart_type": "u",
            "rule_set": "nelson",
        },
    )
    assert r.status_code == 302
    from qualitas.diagnosis.models import Characteristic

    ch = Characteristic.objects.get(name="漏焊")
    assert ch.is_attribute and ch.chart_type == "u" and ch.subgroup_size == 1


def test_api_batches_of_counts_need_their_sample_sizes(world, client_for):
    ch = _char(world, "p")
    c = client_for("enterprise")
    url = f"{API}/characteristics/{ch.pk}/batches"
    ok = batch([3, 0, 5], batch_id="ok") | {"sizes": [200, 180, 210]}
    r = _post(c, url, ok)
    assert r.status_code == 201 and r.json()["stored"] == 3
    got = c.get(f"{API}/characteristics/{ch.pk}/measurements").json()
    assert got["values"] == [3.0, 0.0, 5.0] and got["sizes"] == [200.0, 180.0, 210.0]
    for payload, field, words in (
        (batch([3], batch_id="x1"), "sizes", "sample size of each count"),
        (batch([3], batch_id="x2") | {"sizes": [0]}, "sizes", "greater than 0"),
        (batch([300], batch_id="x3") | {"sizes": [200]}, "values", "in a sample of"),
        (batch([2.5], batch_id="x4") | {"sizes": [200]}, "values", "whole number"),
        (batch([-1], batch_id="x5") | {"sizes": [200]}, "values", "whole number"),
        (batch([1], batch_id="x6") | {"sizes": ["a"]}, "sizes", "not a finite number"),
    ):
        r = _post(c, url, payload)
        assert r.status_code == 422, payload
        body = json.dumps(r.json(), ensure_ascii=False)
        assert field in body and words in body, body
    zh = _post(c, url, batch([3], batch_id="x7"), lang="zh-hans").json()
    assert "样本量" in json.dumps(zh, ensure_ascii=False)
    # a variables characteristic takes no sample sizes
    from tests.diagnosis.helpers import make_characteristic

    v = make_characteristic(world, n=0, name="长度")
    r = _post(
        c, f"{API}/characteristics/{v.pk}/batches", batch([1.0], batch_id="v") | {"sizes": [5]}
    )
    assert r.status_code == 422 and "only attribute characteristics" in r.content.decode()


def test_c_chart_counts_need_no_sizes(world, client_for):
    ch = _char(world, "c")
    r = _post(client_for("enterprise"), f"{API}/characteristics/{ch.pk}/batches", batch([4, 2, 7]))
    assert r.status_code == 201


@pytest.mark.parametrize("chart", ["p", "np", "c", "u"])
def test_study_freeze_and_monitor_each_attribute_chart(world, client_for, chart):
    ch, study = _frozen(world, chart)
    assert study.results["chart_type"] == chart
    limits = ch.frozen_limits
    assert ch.monitored and limits["chart"] == chart and limits["center"] > 0
    assert limits["ucl"] > limits["center_at_n"] >= limits["lcl"] >= 0
    # in control: counts at the centre line raise nothing
    rate = limits["center"]
    n = [200.0] * 3
    counts = [round(rate * 200)] * 3 if chart != "c" else [round(rate)] * 3
    res = _ingest(
        ch, counts, None if chart == "c" else n, start=T0 + timedelta(days=5), batch_id="ok"
    )
    assert res.alerts_opened == 0
    # a sample with five times the rate: beyond the upper limit of its own sample size
    high = [60.0] if chart != "c" else [40.0]
    res = _ingest(
        ch, high, None if chart == "c" else [200.0], start=T0 + timedelta(days=6), batch_id="hi"
    )
    assert res.alerts_opened == 1
    alert = ch.alerts.get(rule="nelson-1")
    expected = 60.0 / 200.0 if chart in ("p", "u") else high[0]
    assert alert.points[0]["v"] == pytest.approx(expected)
    c = client_for("enterprise")
    for lang, header in (
        (ZH, {"p": "不合格品率", "np": "不合格品数", "c": "不合格数", "u": "单位不合格数"}[chart]),
        (
            EN,
            {
                "p": "Proportion nonconforming",
                "np": "Number nonconforming",
                "c": "Nonconformities",
                "u": "Nonconformities per unit",
            }[chart],
        ),
    ):
        page = c.get(f"/diagnosis/alerts/{alert.pk}/", **lang).content.decode()
        assert f'<th class="num">{header}</th>' in page
        assert 'id="fig-alert"' in page
        char_page = c.get(f"/diagnosis/characteristics/{ch.pk}/", **lang).content.decode()
        assert 'id="fig-char"' in char_page


def test_p_limits_follow_each_sample_size(world):
    """The same proportion is out of control in a large sample and in control in a small one."""
    ch, _ = _frozen(world, "p")
    rate = ch.frozen_limits["center"]
    p = rate + 3.5 * np.sqrt(rate * (1 - rate) / 1000)  # beyond 3σ at n = 1000, within at n = 20
    res = _ingest(ch, [round(p * 1000)], [1000.0], start=T0 + timedelta(days=7), batch_id="big")
    assert res.alerts_opened == 1
    ch.alerts.all().delete()
    res = _ingest(ch, [round(p * 20)], [20.0], start=T0 + timedelta(days=8), batch_id="small")
    assert "nelson-1" not in {a.rule for a in ch.alerts.all()}


def test_freezing_adopts_the_chart_the_study_chose_for_the_same_counts(world):
    from qualitas.diagnosis.services import limits_freeze, study_run

    ch = _char(world, "p")
    counts, sizes = _counts()
    _ingest(ch, counts, sizes)
    a = actor(world.users["enterprise"])
    study = study_run(
        actor=a,
        kind="control_chart",
        enterprise_id=world.ent_a.pk,
        characteristic=ch,
        options={"chart_type": "u"},
    )
    limits_freeze(actor=a, characteristic=ch, study=study)
    ch.refresh_from_db()
    assert ch.chart_type == "u" and ch.frozen_limits["chart"] == "u"


def test_capability_is_refused_for_counts(world):
    from qualitas.diagnosis.errors import DiagnosisError
    from qualitas.diagnosis.services import study_run

    ch = _char(world, "p")
    _ingest(ch, *_counts())
    with pytest.raises(DiagnosisError) as exc:
        study_run(
            actor=actor(world.users["enterprise"]),
            kind="capability",
            enterprise_id=world.ent_a.pk,
            characteristic=ch,
        )
    assert exc.value.field == "kind"


def test_upload_of_counts_with_a_sample_size_column(world):
    from qualitas.core.models import Job
    from qualitas.diagnosis.imports import dataset_import_run, dataset_import_start

    ch = _char(world, "p")
    text = "time,defective,inspected\n" + "".join(
        f"2025-03-0{1 + i // 10} {8 + i % 10}:00:00,{i % 4},{200 + i}\n" for i in range(20)
    )
    ds = upload_dataset(world, text, "welds")
    from qualitas.diagnosis.errors import DiagnosisError

    a = actor(world.users["enterprise"])
    with pytest.raises(DiagnosisError) as exc:
        dataset_import_start(
            actor=a, dataset=ds, characteristic=ch, mapping={"time": "time", "value": "defective"}
        )
    assert exc.value.field == "size"
    job = dataset_import_start(
        actor=a,
        dataset=ds,
        characteristic=ch,
        mapping={"time": "time", "value": "defective", "size": "inspected"},
    )
    dataset_import_run(job_id=job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.message
    assert sorted(ch.measurements.values_list("size", flat=True))[:2] == [200.0, 201.0]


def test_capability_summary_skips_counts(world):
    from qualitas.diagnosis.summaries import capability_summary_compute

    ch, _ = _frozen(world, "p")
    s = capability_summary_compute(enterprise_id=world.ent_a.pk, now=T0 + timedelta(days=3))
    assert s.monitored == 0
