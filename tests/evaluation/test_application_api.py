"""The API of applications and the document review (issue 13): the same services as the pages,
refusals as 422 naming the field, 403/404 by the same policies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qualitas.evaluation.models import Application
from tests.evaluation.conftest import submitted_assessment
from tests.evaluation.test_applications import accept, apply, team

pytestmark = pytest.mark.django_db

API = "/api/evaluation"


def post(c, url, body):
    return c.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_apply_list_and_decide_through_the_api(world, client_for):
    submitted_assessment(world.users["enterprise"], upto=2)
    ent = client_for("enterprise")
    r = post(ent, f"{API}/applications", {"institution": world.institution.pk, "message": "Q4"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "submitted" and body["assignment"] is None
    pk = body["id"]
    r = post(ent, f"{API}/applications", {"institution": world.institution.pk})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "institution"]
    assert "already awaiting its decision" in r.json()["detail"][0]["msg"]
    assert [
        a["id"] for a in client_for("authority").get(f"{API}/applications").json()["items"]
    ] == [pk]
    assert client_for("other_enterprise").get(f"{API}/applications").json()["items"] == []
    mgr = client_for("institution_manager")
    r = post(mgr, f"{API}/applications/{pk}/decision", {"decision": "accept", "quote": "100"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "planned_on"]
    r = post(client_for("authority"), f"{API}/applications/{pk}/decision", {"decision": "decline"})
    assert r.status_code == 403
    assert (
        post(client_for("other_enterprise"), f"{API}/applications/{pk}/withdraw", {}).status_code
        == 404
    )
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    r = post(
        mgr,
        f"{API}/applications/{pk}/decision",
        {"decision": "accept", "quote": "12500.50", "planned_on": day},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "accepted" and body["planned_on"] == day
    assignment = Application.objects.get(pk=pk).assignment
    assert body["assignment"] == assignment.pk and assignment.campaign_id is None
    r = post(ent, f"{API}/applications/{pk}/withdraw", {})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "status"]
    r = mgr.get(f"{API}/assignments?status=pending").json()["items"]
    assert {"id": assignment.pk, "campaign": None, "application": pk}.items() <= r[0].items()


def test_decline_needs_a_reason_through_the_api(world, client_for):
    app = apply(world)
    mgr = client_for("institution_manager")
    url = f"{API}/applications/{app.pk}/decision"
    r = post(mgr, url, {"decision": "decline"})
    assert r.status_code == 422 and r.json()["detail"][0]["msg"] == "give the reason for declining"
    r = post(mgr, url, {"decision": "decline", "reason": "Fully booked"})
    assert r.json()["status"] == "declined" and r.json()["decline_reason"] == "Fully booked"


def test_document_review_through_the_api(world, client_for):
    a = team(world, accept(world, apply(world)))
    lead = client_for("evaluator")
    url = f"{API}/assignments/{a.pk}/document-review"
    assert lead.get(url).json()["status"] == "open"
    r = post(lead, url, {"decision": "request", "text": "Calibration records"})
    assert r.status_code == 200 and r.json()["status"] == "more_requested"
    r = post(lead, url, {"decision": "pass"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == (
        "the enterprise has not answered the request for more documents yet"
    )
    ent = client_for("enterprise")
    r = post(ent, f"{API}/applications/{a.application_id}/documents", {"text": "Sent by mail"})
    assert r.status_code == 200 and r.json()["status"] == "open"
    assert r.json()["requests"][0]["answer"] == "Sent by mail"
    assert post(client_for("institution_manager"), url, {"decision": "pass"}).status_code == 404
    r = post(lead, url, {"decision": "pass", "text": "Complete"})
    assert r.json()["status"] == "passed" and r.json()["note"] == "Complete"
