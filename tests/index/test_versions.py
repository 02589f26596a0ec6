"""Methodology versions in the pages and the API: copy to a draft, edit, publish, read-only."""

from __future__ import annotations

import pytest

from qualitas.core.access import actor_for

pytestmark = pytest.mark.django_db


def _current():
    from qualitas.index.services import current_version

    return current_version()


def test_copy_edit_publish_through_services(indexed):
    from qualitas.core.models import AuditEntry
    from qualitas.index.services import (
        IndexInputError,
        index_compute,
        version_copy,
        version_publish,
        version_update,
    )

    admin = actor_for(indexed.users["admin"])
    source = _current()
    draft = version_copy(actor=admin, source=source, code="2026.1")
    assert draft.status == "draft" and draft.indicators == source.indicators
    assert draft.seed == source.seed and draft.base_period == source.base_period
    spec = [dict(i, weight=w) for i, w in zip(draft.indicators, (2, 2, 1, 1), strict=True)]
    from django.utils import translation

    with translation.override("en"):
        draft, notes = version_update(
            actor=admin,
            version=draft,
            data={
                "indicators": spec,
                "min_group_size": 4,
                "replicates": 50,
                "base_period": "2024q4",
            },
        )
    assert notes == ["The weights did not sum to 1 and were rescaled proportionally."]
    weights = [i["weight"] for i in draft.indicators]
    assert sum(weights) == pytest.approx(1.0) and weights[0] == pytest.approx(1 / 3, abs=1e-6)
    assert (draft.min_group_size, draft.replicates, draft.base_period) == (4, 50, "2024Q4")
    # a bad field is named
    for data, field in (
        ({"indicators": [dict(spec[0], weight=-1)]}, f"weight_{spec[0]['key']}"),
        ({"indicators": [dict(spec[0], normalisation="log")]}, f"normalisation_{spec[0]['key']}"),
        ({"indicators": [dict(spec[0], key="nope")]}, "indicators"),
        ({"base_period": "last year"}, "base_period"),
        ({"min_group_size": 0}, "min_group_size"),
        ({"replicates": 10**6}, "replicates"),
    ):
        with pytest.raises(IndexInputError) as err:
            version_update(actor=admin, version=draft, data=data)
        assert err.value.field == field, data
    # only admins
    from qualitas.core.access import Forbidden

    with pytest.raises(Forbidden):
        version_update(
            actor=actor_for(indexed.users["authority"]), version=draft, data={"replicates": 5}
        )
    version_publish(actor=admin, version=draft)
    # published: immutable through the services
    with pytest.raises(IndexInputError) as err:
        version_update(actor=admin, version=draft, data={"replicates": 5})
    assert err.value.field == "status"
    with pytest.raises(IndexInputError):
        version_publish(actor=admin, version=draft)
    assert _current().pk == draft.pk
    run = index_compute(version=draft, evaluate_warnings=False)
    assert run.status == "succeeded"
    assert AuditEntry.objects.filter(
        model="index.methodologyversion", object_pk=str(draft.pk), action="update"
    ).exists()


def test_version_pages_for_admin(indexed, client_for):
    admin = client_for("admin")
    source = _current()
    page = admin.get("/index/methodology/").content.decode()
    assert 'data-testid="version-new"' in page
    r = admin.post("/index/methodology/new/", {"code": "2026.2", "title": "Draft two"})
    assert r.status_code == 302
    from qualitas.index.models import MethodologyVersion

    draft = MethodologyVersion.objects.get(code="2026.2")
    assert r["Location"] == f"/index/methodology/{draft.pk}/"
    page = admin.get(r["Location"]).content.decode()
    assert 'data-testid="version-form"' in page
    keys = [i["key"] for i in source.indicators]
    form = {
        "action": "save",
        "title": "Draft two",
        "base_period": "2024",
        "min_group_size": "5",
        "replicates": "100",
        "notes": "",
    }
    for k in keys:
        form[f"weight_{k}"] = "0.25"
        form[f"normalisation_{k}"] = "ratio"
    bad = dict(form, **{f"weight_{keys[0]}": "-0.5"})
    r = admin.post(f"/index/methodology/{draft.pk}/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    assert f"The weight of {keys[0]} must be a positive number." in r.content.decode()
    r = admin.post(f"/index/methodology/{draft.pk}/", bad, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"{keys[0]} 的权重必须为正数。" in r.content.decode()
    assert "positive" not in r.content.decode()
    r = admin.post(f"/index/methodology/{draft.pk}/", dict(form, replicates="100"), follow=True)
    draft.refresh_from_db()
    assert draft.replicates == 100 and [i["weight"] for i in draft.indicators] == [0.25] * 4
    r = admin.post(f"/index/methodology/{draft.pk}/", {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == "published"
    page = admin.get(f"/index/methodology/{draft.pk}/").content.decode()
    assert 'data-testid="read-only"' in page and 'data-testid="version-form"' not in page
    assert admin.post(f"/index/methodology/{draft.pk}/", form).status_code == 404
    # everyone else: no new-draft page, no editing
    assert client_for("authority").get("/index/methodology/new/").status_code == 404
    assert client_for("authority").post(f"/index/methodology/{draft.pk}/", form).status_code == 404


def test_version_pages_show_runs_per_version(indexed, client_for):
    run = _current().runs.first()
    page = client_for("public").get("/index/methodology/").content.decode()
    assert '<td class="num">1</td>' in page
    page = client_for("public").get(f"/index/methodology/{run.version.pk}/").content.decode()
    assert 'data-testid="version-runs"' in page and f"<td>{run.pk}</td>" in page
    runs = client_for("public").get(f"/api/index/versions/{run.version.pk}/runs").json()
    assert runs[0]["id"] == run.pk and runs[0]["version"] == run.version.code


def test_version_api(indexed, client_for):
    admin = client_for("admin")
    r = admin.post("/api/index/versions", {"code": "2026.3"}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "draft"
    keys = [i["key"] for i in r.json()["indicators"]]
    body = {"indicators": [{"key": k, "weight": 1} for k in keys], "replicates": 20}
    r = admin.patch(f"/api/index/versions/{pk}?lang=en", body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["notes"] == ["The weights did not sum to 1 and were rescaled proportionally."]
    assert r.json()["version"]["indicators"][0]["weight"] == 0.25
    r = admin.patch(
        f"/api/index/versions/{pk}", {"base_period": "x"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "base_period"]
    assert r.json()["detail"][0]["msg"] == "基期格式应为 2024 或 2024Q1。"
    r = admin.patch(
        f"/api/index/versions/{pk}?lang=en", {"base_period": "x"}, content_type="application/json"
    )
    assert r.json()["detail"][0]["msg"] == "The base period looks like 2024 or 2024Q1."
    # drafts are invisible to others; nobody but admins writes
    other = client_for("authority")
    assert (
        other.patch(f"/api/index/versions/{pk}", body, content_type="application/json").status_code
        == 404
    )
    assert (
        other.post(
            "/api/index/versions", {"code": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        client_for("public")
        .post("/api/index/versions", {"code": "x"}, content_type="application/json")
        .status_code
        == 401
    )
    assert admin.post(f"/api/index/versions/{pk}/publish").status_code == 200
    r = admin.patch(f"/api/index/versions/{pk}", {"replicates": 3}, content_type="application/json")
    assert r.status_code == 422 and "status" in r.content.decode()
