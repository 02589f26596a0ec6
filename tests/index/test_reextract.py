"""Re-extracting a past quarter: a corrected source value reaches it; past runs still reproduce."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qualitas.core.access import actor_for

pytestmark = pytest.mark.django_db


def _recompute(client, django_capture_on_commit_callbacks, query=""):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/index/recompute{query}")
    assert r.status_code == 202, r.content
    job = client.get(f"/api/index/jobs/{r.json()['id']}").json()
    assert job["status"] == "succeeded" and job["percent"] == 100, job
    return job


def test_corrected_source_value_reaches_the_chosen_past_quarter(
    indexed, client_for, django_capture_on_commit_callbacks
):
    from qualitas.evaluation.models import Framework, Result
    from qualitas.index.models import IndexRun, IndexValue, IndicatorObservation, ObservationArchive
    from qualitas.index.selectors import current_run
    from qualitas.index.services import index_reproduce, version_copy, version_publish
    from tests.factories import make_enterprise

    authority = client_for("authority")
    run1 = current_run()
    old_version = run1.version
    e = make_enterprise(
        name_zh="杭州更正电池有限公司",
        name_en="Hangzhou Corrected Co., Ltd.",
        region="330100",
        industry="C38",
    )
    result = Result.objects.create(
        enterprise=e,
        framework=Framework.objects.first(),
        status="published",
        level=2,
        uncapped_level=2,
        score=Decimal("2.5"),
        evaluated_on=date(2024, 5, 10),
    )
    job = _recompute(authority, django_capture_on_commit_callbacks, "?quarters=2024Q3")
    assert job["result"]["quarters"] == ["2024Q3"]
    run2 = IndexRun.objects.get(pk=job["result"]["run"])
    assert run2.version == old_version

    def obs(quarter):
        return (
            IndicatorObservation.objects.filter(
                enterprise=e, quarter=quarter, indicator="level_score"
            )
            .values_list("num", flat=True)
            .first()
        )

    assert obs("2024Q3") == pytest.approx(2.5)
    assert obs("2024Q4") is None  # not chosen: not extracted

    # a newer published version; the source value is corrected; the past quarter re-extracted
    admin = actor_for(indexed.users["admin"])
    new_version = version_publish(
        actor=admin, version=version_copy(actor=admin, source=old_version, code="2026.1")
    )
    Result.objects.filter(pk=result.pk).update(score=Decimal("4.25"), level=4, uncapped_level=4)
    job = _recompute(
        authority, django_capture_on_commit_callbacks, "?quarters=2024Q3&quarters=2024Q2"
    )
    assert job["result"]["quarters"] == ["2024Q2", "2024Q3"]
    run3 = IndexRun.objects.get(pk=job["result"]["run"])
    assert run3.version == new_version
    assert obs("2024Q3") == pytest.approx(4.25)  # the correction reached the past quarter
    assert ObservationArchive.objects.filter(enterprise=e, quarter="2024Q3").exists()

    def cell(run):
        return IndexValue.objects.get(run=run, region="330100", industry="C38", period="2024Q3")

    assert (
        cell(run3).indicators["level_score"]["value"]
        != cell(run2).indicators["level_score"]["value"]
    )
    # the past runs under the older published version still reproduce, number for number
    for run in (run1, run2):
        check = index_reproduce(run=run)
        assert check["digest_matches"], run
        assert check["cells"] == check["stored_cells"]
        assert check["max_abs_difference"] < 1e-9
    assert index_reproduce(run=run3)["digest_matches"]


def test_quarters_validated_and_page(indexed, client_for, django_capture_on_commit_callbacks):
    authority = client_for("authority")
    for q in ("2099Q1", "2024Q5"):
        r = authority.post(f"/api/index/recompute?quarters={q}")
        assert r.status_code == 422 and "quarters" in r.content.decode(), q
    page = authority.get("/index/recompute/").content.decode()
    assert 'name="quarters"' in page
    from qualitas.index.services import latest_complete_quarter

    latest = latest_complete_quarter()
    assert f'value="{latest}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        r = authority.post("/index/recompute/", {"quarters": [latest]})
    assert r.status_code == 302 and "/index/jobs/" in r["Location"]
    r = authority.post("/index/recompute/", {"quarters": ["1999Q1"]})
    assert r.status_code == 200  # not a choice: the form names the field
    assert (
        client_for("enterprise").post("/index/recompute/", {"quarters": [latest]}).status_code
        == 404
    )
