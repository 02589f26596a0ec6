"""Who sees what: enterprise A never sees B's assessments; evaluators only their assignments;
authorities only their regions; missing and not allowed look the same (404)."""

from __future__ import annotations

import pytest

from qualitas.evaluation.models import Assessment
from tests.evaluation.conftest import actor, publish, submitted_assessment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_enterprise_never_sees_another_enterprises_assessment(world, fw, client_for):
    a = submitted_assessment(world.users["enterprise"], upto=2)
    other = client_for("other_enterprise")
    for url in (
        f"/evaluation/self/{a.pk}/",
        f"/evaluation/self/{a.pk}/report/",
        f"/api/evaluation/assessments/{a.pk}",
        f"/api/evaluation/assessments/{a.pk}/report",
    ):
        assert other.get(url).status_code == 404, url
    assert other.get("/api/evaluation/assessments").json()["count"] == 0
    r = other.put(
        f"/api/evaluation/assessments/{a.pk}/answers/D1.02.L1",
        {"value": "full"},
        content_type="application/json",
    )
    assert r.status_code == 404
    own = client_for("enterprise")
    assert own.get(f"/evaluation/self/{a.pk}/report/").status_code == 200
    assert own.get("/api/evaluation/assessments").json()["count"] == 1
    # a missing id gives the same answer as someone else's
    assert other.get("/api/evaluation/assessments/999999").status_code == 404


def test_authority_sees_submitted_assessments_of_its_regions_only(world, fw, client_for):
    a = submitted_assessment(world.users["enterprise"], upto=2)  # ent_a in Zhejiang
    c = submitted_assessment(world.users["other_enterprise"], upto=2)  # ent_c in Guangdong
    auth = client_for("authority")
    assert auth.get(f"/api/evaluation/assessments/{a.pk}").status_code == 200
    assert auth.get(f"/api/evaluation/assessments/{c.pk}").status_code == 404
    assert Assessment.objects.count() == 2


def test_evaluators_see_only_their_assignments(world, onsite, client_for):
    other = make_user("eva9", "evaluator", institution=world.institution)
    from django.test import Client

    c = Client()
    c.force_login(other)
    assert c.get("/api/evaluation/assignments").json()["count"] == 0
    assert c.get(f"/evaluation/assignments/{onsite.assignment.pk}/score/").status_code == 404
    mine = client_for("evaluator")
    data = mine.get("/api/evaluation/assignments").json()
    assert [i["id"] for i in data["items"]] == [onsite.assignment.pk]  # not ent_b's assignment
    assert mine.get(f"/evaluation/assignments/{onsite.assignment.pk}/score/").status_code == 200
    # the institution manager sees both of the institution's assignments
    assert client_for("institution_manager").get("/api/evaluation/assignments").json()["count"] == 2


def test_other_enterprises_and_public_see_no_campaigns_or_results(world, onsite, client_for):
    r = publish(world, onsite, upto=2)
    for role in ("other_enterprise", "evaluator"):
        c = client_for(role)
        assert (
            c.get(f"/api/evaluation/campaigns/{onsite.campaign.pk}/progress").status_code == 404
        ), role
    assert client_for("other_enterprise").get(f"/api/evaluation/results/{r.pk}").status_code == 404
    assert client_for("enterprise").get(f"/api/evaluation/results/{r.pk}").status_code == 200
    assert client_for("public").get(f"/api/evaluation/results/{r.pk}").status_code == 401
    assert (
        client_for("public").get("/evaluation/dashboard/").status_code == 302
    )  # to the login page


def test_authority_scope_for_campaigns_and_stats(world, onsite, client_for):
    from qualitas.registry.models import Region

    guangdong = make_user("auth_gd", "authority", regions=["440000"])
    from django.test import Client

    c = Client()
    c.force_login(guangdong)
    assert c.get(f"/evaluation/campaigns/{onsite.campaign.pk}/").status_code == 404
    assert c.get("/api/evaluation/campaigns").json()["count"] == 0
    assert client_for("authority").get("/api/evaluation/campaigns").json()["count"] == 1
    # a Zhejiang officer cannot set Guangdong's targets
    r = client_for("authority").put(
        "/api/evaluation/targets",
        {"region": "440000", "level": 3, "target": 50},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Region.objects.filter(code="440000").exists()
    # enterprise users get no statistics
    assert client_for("enterprise").get("/api/evaluation/stats/levels").status_code == 404


def test_only_reviewers_approve_and_only_the_enterprise_appeals(world, onsite, client_for):
    from qualitas.evaluation import services
    from tests.evaluation.conftest import score_all

    score_all(onsite, upto=2)
    (r,) = services.evaluations_consolidate(
        actor=actor(world.users["institution_manager"]), assignments=[onsite.assignment]
    )
    assert (
        client_for("institution_manager")
        .post(f"/api/evaluation/results/{r.pk}/approve")
        .status_code
        == 404
    )
    assert client_for("reviewer").post(f"/api/evaluation/results/{r.pk}/approve").status_code == 200
    assert client_for("reviewer").post(f"/api/evaluation/results/{r.pk}/publish").status_code == 200
    assert (
        client_for("authority")
        .post(
            f"/api/evaluation/results/{r.pk}/appeals",
            {"text": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert (
        client_for("enterprise")
        .post(
            f"/api/evaluation/results/{r.pk}/appeals",
            {"text": "we disagree"},
            content_type="application/json",
        )
        .status_code
        == 201
    )
