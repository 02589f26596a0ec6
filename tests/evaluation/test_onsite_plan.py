"""The on-site plan stage (issue 13), between the document review and scoring: the lead
evaluator sends dates, team and agenda; the enterprise confirms or asks for a change; scoring
opens only once the plan is confirmed. States, refusals naming the field, who may act, audit,
notifications, and the pages of both sides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from qualitas.core.access import Forbidden, NotFound
from qualitas.core.models import AuditEntry, Notification
from qualitas.evaluation import services
from qualitas.evaluation.models import Evaluation, OnsitePlan
from qualitas.evaluation.services import EvaluationError
from tests.evaluation.conftest import actor
from tests.evaluation.test_applications import FUTURE, accept, apply, plan, team

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def passed(world: Any) -> Any:
    """An application-born assignment with its team and its document review passed."""
    a = team(world, accept(world, apply(world)))
    services.document_review_pass(actor=actor(world.users["evaluator"]), review=a.document_review)
    return a


def refusal(exc_type: type[Exception], fn: Any, **kwargs: Any) -> tuple[str, str | None]:
    """Call ``fn``; it must raise ``exc_type``: (its English message, the field it names)."""
    with translation.override("en"), pytest.raises(exc_type) as info:
        fn(**kwargs)
    with translation.override("en"):
        return str(info.value), getattr(info.value, "field", None)


def send(world: Any, a: Any, **over: Any) -> Any:
    kw = {
        "starts_on": FUTURE,
        "ends_on": FUTURE + timedelta(days=1),
        "agenda": "Day 1: opening meeting",
    }
    kw.update(over)
    return services.onsite_plan_send(actor=actor(world.users["evaluator"]), assignment=a, **kw)


def test_the_plan_is_refused_before_the_document_review_has_passed(world):
    a = team(world, accept(world, apply(world)))
    assert refusal(EvaluationError, send, world=world, a=a) == (
        "scoring starts after the document review has passed (now: Awaiting document review)",
        "document_review",
    )
    assert not OnsitePlan.objects.exists()


def test_sending_refusals_name_the_field(world):
    a = passed(world)
    cases = [
        ({"starts_on": TODAY}, ("the first day on site must lie in the future", "starts_on")),
        ({"starts_on": None}, ("the first day on site must lie in the future", "starts_on")),
        (
            {"ends_on": FUTURE - timedelta(days=1)},
            ("the last day on site cannot come before the first", "ends_on"),
        ),
        (
            {"ends_on": FUTURE + timedelta(days=10)},
            ("an on-site visit lasts at most 10 days", "ends_on"),
        ),
        ({"agenda": "  "}, ("give the agenda of the visit", "agenda")),
    ]
    for over, expected in cases:
        assert refusal(EvaluationError, send, world=world, a=a, **over) == expected
    assert not OnsitePlan.objects.exists()


def test_who_may_send_and_answer(world):
    from django.contrib.auth import get_user_model

    from qualitas.core.models import Profile

    a = passed(world)
    other = get_user_model().objects.create_user("eva2", password="pw")
    Profile.objects.create(user=other, role="evaluator", institution=world.institution)
    a.evaluators.add(other)
    kw = {"assignment": a, "starts_on": FUTURE, "ends_on": FUTURE, "agenda": "x"}
    assert refusal(Forbidden, services.onsite_plan_send, actor=actor(other), **kw)[0] == (
        "only the lead evaluator sends the on-site plan"
    )
    for role in ("institution_manager", "reviewer", "enterprise", "authority", "admin"):
        refusal(NotFound, services.onsite_plan_send, actor=actor(world.users[role]), **kw)
    p = plan(world, a, confirm=False)
    for role in ("other_enterprise", "evaluator", "institution_manager", "authority"):
        refusal(NotFound, services.onsite_plan_confirm, actor=actor(world.users[role]), plan=p)
        refusal(
            NotFound,
            services.onsite_plan_request_change,
            actor=actor(world.users[role]),
            plan=p,
            reason="x",
        )


def test_states_change_then_resend_then_confirm_opens_scoring(
    world, django_capture_on_commit_callbacks
):
    a = passed(world)
    lead = actor(world.users["evaluator"])
    ent = actor(world.users["enterprise"])
    # no plan yet: scoring refused, naming the plan
    assert refusal(EvaluationError, services.evaluation_for, actor=lead, assignment=a) == (
        "scoring starts once the enterprise has confirmed the on-site plan (now: no plan sent yet)",
        "onsite_plan",
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        p = send(world, a)
    assert p.status == "sent" and p.team == [{"name": "eva", "lead": True}]
    assert p.confirm_by == TODAY + timedelta(days=5)
    assert Notification.objects.filter(user=world.users["enterprise"]).count() == 1
    assert refusal(EvaluationError, services.evaluation_for, actor=lead, assignment=a) == (
        "scoring starts once the enterprise has confirmed the on-site plan "
        "(now: Plan awaiting the enterprise's confirmation)",
        "onsite_plan",
    )
    # sent: not again until a change is asked for
    assert refusal(EvaluationError, send, world=world, a=a) == (
        "the on-site plan is Plan awaiting the enterprise's confirmation: "
        "it is sent again only when a change is asked for",
        "status",
    )
    assert refusal(
        EvaluationError, services.onsite_plan_request_change, actor=ent, plan=p, reason=" "
    ) == ("say what should change in the plan", "reason")
    with django_capture_on_commit_callbacks(execute=True):
        services.onsite_plan_request_change(actor=ent, plan=p, reason="Audit that week")
    p.refresh_from_db()
    assert p.status == "change_requested" and p.change_reason == "Audit that week"
    assert Notification.objects.filter(user=world.users["evaluator"], kind="info").exists()
    assert refusal(EvaluationError, services.onsite_plan_confirm, actor=ent, plan=p) == (
        "the on-site plan is Enterprise asked to change the plan: "
        "only a plan awaiting confirmation is answered",
        "status",
    )
    later = FUTURE + timedelta(days=7)
    p = send(world, a, starts_on=later, ends_on=later)
    assert p.status == "sent" and p.starts_on == later and OnsitePlan.objects.count() == 1
    services.onsite_plan_confirm(actor=ent, plan=p)
    p.refresh_from_db()
    assert p.status == "confirmed" and p.answered_by == world.users["enterprise"]
    assert refusal(EvaluationError, send, world=world, a=a)[1] == "status"
    assert services.evaluation_for(actor=lead, assignment=a).assignment_id == a.pk
    assert list(
        AuditEntry.objects.filter(model="evaluation.onsiteplan").values_list("action", flat=True)
    ) == ["plan_send", "plan_change", "plan_resend", "plan_confirm"]


def test_campaign_assignments_have_no_plan_and_score_at_once(world, onsite):
    lead = actor(onsite.evaluator)
    onsite.assignment.lead = onsite.evaluator
    onsite.assignment.save()
    assert refusal(
        EvaluationError,
        services.onsite_plan_send,
        actor=lead,
        assignment=onsite.assignment,
        starts_on=FUTURE,
        ends_on=FUTURE,
        agenda="x",
    ) == ("a campaign's assignment has no on-site plan to send", "assignment")
    assert services.evaluation_for(actor=lead, assignment=onsite.assignment)


# ------------------------------------------------------------------ pages


def test_pages_lead_sends_enterprise_confirms_scoring_opens(world, client_for):
    a = passed(world)
    url = f"/evaluation/assignments/{a.pk}/"
    score = f"/evaluation/assignments/{a.pk}/score/"
    lead = client_for("evaluator")
    page = lead.get(url).content.decode()
    assert 'data-testid="plan-form"' in page and score not in page
    # the scoring form does not open by its address either, and nothing is created
    r = lead.get(score, follow=True)
    assert r.redirect_chain == [(url, 302)] and "企业确认现场评价计划后才能开始现场评分" in (
        r.content.decode()
    )
    assert not Evaluation.objects.exists()
    # a refusal on the form names the field
    r = lead.post(
        url,
        {
            "action": "plan_send",
            "starts_on": FUTURE.isoformat(),
            "ends_on": (FUTURE - timedelta(days=2)).isoformat(),
            "agenda": "首次会议",
        },
    )
    assert r.status_code == 200
    assert 'data-testid="plan-error-ends_on"' in r.content.decode()
    assert "现场评价末日不能早于首日" in r.content.decode()
    # the manager sees the plan panel, without the form
    page = client_for("institution_manager").get(url).content.decode()
    assert 'data-testid="onsite-plan"' in page and 'data-testid="plan-form"' not in page
    r = lead.post(
        url,
        {
            "action": "plan_send",
            "starts_on": FUTURE.isoformat(),
            "ends_on": (FUTURE + timedelta(days=1)).isoformat(),
            "agenda": "第一天：首次会议\n第二天：末次会议",
        },
        follow=True,
    )
    body = r.content.decode()
    assert "现场评价计划已发送给企业。" in body and "计划待企业确认" in body
    assert 'data-testid="plan-form"' not in body
    ent = client_for("enterprise")
    page = ent.get("/evaluation/applications/").content.decode()
    assert 'data-testid="plan-confirm"' in page and "第一天：首次会议<br>第二天：末次会议" in page
    assert "确认期限：" in page
    r = ent.post(
        "/evaluation/applications/",
        {"application": a.application_id, "action": "plan_change", "reason": ""},
        follow=True,
    )
    assert "请说明计划需要调整的内容" in r.content.decode()
    r = ent.post(
        "/evaluation/applications/",
        {"application": a.application_id, "action": "plan_confirm"},
        follow=True,
    )
    assert "现场评价计划已确认。" in r.content.decode()
    assert 'data-testid="plan-confirm"' not in r.content.decode()
    # another enterprise cannot answer it
    r = client_for("other_enterprise").post(
        "/evaluation/applications/", {"application": a.application_id, "action": "plan_confirm"}
    )
    assert r.status_code == 404
    page = lead.get(url).content.decode()
    assert "企业已确认计划" in page and score in page
    assert lead.get(score).status_code == 200
    mine = lead.get("/evaluation/assignments/").content.decode()
    assert score in mine


def test_plan_pages_in_english(world, client_for):
    a = passed(world)
    plan(world, a, confirm=False)
    page = (
        client_for("enterprise")
        .get("/evaluation/applications/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Plan awaiting the enterprise&#x27;s confirmation" in page and "Confirm the plan" in page
