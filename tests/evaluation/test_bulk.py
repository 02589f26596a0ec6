"""Bulk approve / publish of consolidated results by reviewers: each through the same service,
each audited, a refusal names the result and does not stop the others."""

from __future__ import annotations

import pytest

from qualitas.core.models import AuditEntry
from qualitas.evaluation import services
from qualitas.evaluation.choices import ResultStatus
from qualitas.evaluation.models import Result
from tests.evaluation.conftest import actor, score_all

pytestmark = pytest.mark.django_db


def _drafts(world, onsite) -> list[Result]:
    """Two consolidated drafts: ent_a's and ent_b's (the evaluator put on ent_b's too)."""
    from tests.evaluation.conftest import Onsite

    b = onsite.campaign.assignments.get(enterprise=world.ent_b)
    services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]), assignment=b, lead=onsite.evaluator
    )
    b.refresh_from_db()
    score_all(onsite, upto=2)
    score_all(Onsite(campaign=onsite.campaign, assignment=b, evaluator=onsite.evaluator), upto=3)
    onsite.assignment.refresh_from_db()
    b.refresh_from_db()
    rows = services.evaluations_consolidate(
        actor=actor(world.users["reviewer"]), assignments=[onsite.assignment, b]
    )
    return sorted(rows, key=lambda r: r.enterprise_id != world.ent_a.pk)


def test_page_offers_checkboxes_to_reviewers_only(world, onsite, client_for):
    _drafts(world, onsite)
    page = client_for("reviewer").get("/evaluation/results/").content.decode()
    assert 'data-testid="select-all"' in page and 'name="pk"' in page
    assert 'data-testid="bulk-approve"' in page
    manager = client_for("institution_manager").get("/evaluation/results/").content.decode()
    assert 'data-testid="bulk-publish"' in manager and 'data-testid="bulk-approve"' not in manager
    auth = client_for("authority").get("/evaluation/results/").content.decode()
    assert 'name="pk"' not in auth


def test_bulk_approve_then_publish(world, onsite, client_for):
    r, _ = _drafts(world, onsite)
    c = client_for("reviewer")
    resp = c.post(
        "/evaluation/results/bulk/",
        {"action": "approve", "pk": [r.pk], "next": "/evaluation/results/?status=draft"},
    )
    assert resp.status_code == 302 and resp["Location"] == "/evaluation/results/?status=draft"
    r.refresh_from_db()
    assert r.status == ResultStatus.APPROVED
    resp = c.post(
        "/evaluation/results/bulk/",
        {"action": "publish", "pk": [r.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    r.refresh_from_db()
    assert r.status == ResultStatus.PUBLISHED and r.certificate_code
    assert "Published 1" in resp.content.decode()
    actions = list(
        AuditEntry.objects.filter(model="evaluation.result", object_pk=str(r.pk)).values_list(
            "action", flat=True
        )
    )
    assert "approve" in actions and "publish" in actions


def test_a_refusal_names_the_result_and_the_others_go_on(world, onsite, client_for):
    ra, rb = _drafts(world, onsite)
    rev = actor(world.users["reviewer"])
    services.result_approve(actor=rev, result=rb)  # rb is no longer a draft
    before = AuditEntry.objects.filter(action="approve").count()
    resp = client_for("reviewer").post(
        "/evaluation/results/bulk/",
        {"action": "approve", "pk": [rb.pk, ra.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    ra.refresh_from_db()
    rb.refresh_from_db()
    assert ra.status == ResultStatus.APPROVED and rb.status == ResultStatus.APPROVED
    assert AuditEntry.objects.filter(action="approve").count() == before + 1
    page = resp.content.decode()
    assert f"{rb.enterprise.name} v{rb.version}" in page  # the refused one, named
    assert "only a draft can be approved" in page and "仅草稿可审核" not in page
    assert f"{ra.enterprise.name} v1" in page  # the approved one


def test_service_returns_done_and_refused(world, onsite):
    ra, rb = _drafts(world, onsite)
    rev = actor(world.users["reviewer"])
    done, refused = services.results_bulk(actor=rev, results=[ra, rb], action="approve")
    assert [r.pk for r in done] == [ra.pk, rb.pk] and refused == []
    done, refused = services.results_bulk(actor=rev, results=[ra, rb], action="approve")
    assert done == [] and [r.pk for r, _ in refused] == [ra.pk, rb.pk]
    done, refused = services.results_bulk(actor=rev, results=[ra, rb], action="publish")
    assert len(done) == 2 and all(r.certificate_code for r in done)


def test_bulk_refusals_are_shown_by_name(world, onsite, client_for):
    r, _ = _drafts(world, onsite)
    resp = client_for("reviewer").post(
        "/evaluation/results/bulk/",
        {"action": "publish", "pk": [r.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = resp.content.decode()
    assert r.enterprise.name in page and "仅已审核结果可发布" in page
    assert "only an approved result can be published" not in page
    r.refresh_from_db()
    assert r.status == ResultStatus.DRAFT


def test_results_outside_ones_reach_are_ignored(world, onsite, client_for):
    r, _ = _drafts(world, onsite)
    # the other enterprise's user cannot touch it: nothing selected that they may see
    resp = client_for("other_enterprise").post(
        "/evaluation/results/bulk/", {"action": "approve", "pk": [r.pk, "x"]}, follow=True
    )
    assert resp.status_code == 200
    r.refresh_from_db()
    assert r.status == ResultStatus.DRAFT
    # the institution manager sees it but may not approve (reviewers approve): refused by name
    services.results_bulk(
        actor=actor(world.users["institution_manager"]), results=[r], action="approve"
    )
    r.refresh_from_db()
    assert r.status == ResultStatus.DRAFT


def test_unknown_action_refused(world, onsite):
    r, _ = _drafts(world, onsite)
    with pytest.raises(services.EvaluationError):
        services.results_bulk(actor=actor(world.users["reviewer"]), results=[r], action="delete")


def test_api_refusal_is_in_the_requested_language(world, onsite, client_for):
    """The API's ``detail`` is one language: Accept-Language or ?lang= chooses it."""
    r, _ = _drafts(world, onsite)
    services.result_approve(actor=actor(world.users["reviewer"]), result=r)
    c = client_for("reviewer")
    en = c.post(f"/api/evaluation/results/{r.pk}/approve?lang=en")
    assert en.status_code == 422
    assert en.json()["detail"][0]["msg"] == "only a draft can be approved"
    assert en.json()["detail"][0]["loc"] == ["body", "status"]
    zh = c.post(f"/api/evaluation/results/{r.pk}/approve", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.json()["detail"][0]["msg"] == "仅草稿可审核"
