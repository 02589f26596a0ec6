"""Applications for an on-site evaluation and the document review before it (issue 13):
every allowed and refused transition with its message, the assignment an acceptance creates,
the scoring gate, audit entries, notifications and who reads what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from qualitas.core.access import Forbidden, NotFound
from qualitas.core.models import AuditEntry, Notification
from qualitas.evaluation import selectors, services
from qualitas.evaluation.services import EvaluationError
from tests.evaluation.conftest import Onsite, actor, publish, submitted_assessment

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + timedelta(days=30)


def refused(exc_type: type[Exception], fn: Any, **kwargs: Any) -> str:
    """Call ``fn``; it must raise ``exc_type``: its message in English."""
    with translation.override("en"), pytest.raises(exc_type) as info:
        fn(**kwargs)
    with translation.override("en"):
        return str(info.value)


def apply(world: Any, *, upto: int = 3) -> Any:
    submitted_assessment(world.users["enterprise"], upto=upto)
    return services.application_submit(
        actor=actor(world.users["enterprise"]), institution=world.institution, message="Q3 please"
    )


def accept(world: Any, app: Any) -> Any:
    return services.application_accept(
        actor=actor(world.users["institution_manager"]),
        application=app,
        quote=Decimal("28000"),
        planned_on=FUTURE,
    )


def team(world: Any, assignment: Any) -> Any:
    from qualitas.evaluation.models import Qualification

    Qualification.objects.get_or_create(
        user=world.users["evaluator"], title="Evaluator", defaults={"valid_from": date(2020, 1, 1)}
    )
    services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]),
        assignment=assignment,
        lead=world.users["evaluator"],
    )
    assignment.refresh_from_db()
    return assignment


def plan(world: Any, assignment: Any, *, confirm: bool = True) -> Any:
    """The lead evaluator sends the on-site plan (after the document review passed); the
    enterprise confirms it unless told not to."""
    p = services.onsite_plan_send(
        actor=actor(world.users["evaluator"]),
        assignment=assignment,
        starts_on=FUTURE,
        ends_on=FUTURE + timedelta(days=1),
        agenda="Day 1: opening meeting, processes\nDay 2: shop floor, closing meeting",
    )
    if confirm:
        services.onsite_plan_confirm(actor=actor(world.users["enterprise"]), plan=p)
    return p


# ------------------------------------------------------------------ the application's states


def test_submit_attaches_the_latest_submitted_self_assessment_and_tells_the_managers(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = apply(world)
    assert app.status == "submitted"
    assert app.assessment.status == "submitted" and app.assessment.enterprise_id == world.ent_a.pk
    assert app.reply_by == timezone.localdate() + timedelta(days=10)
    n = Notification.objects.get(user=world.users["institution_manager"])
    assert n.url == "/evaluation/applications/?status=submitted"
    with translation.override("en"):
        assert world.ent_a.name_en in n.text
    assert not Notification.objects.filter(user=world.users["reviewer"]).exists()
    entry = AuditEntry.objects.get(model="evaluation.application", object_pk=str(app.pk))
    assert entry.action == "create" and entry.changes["assessment"] == app.assessment_id


def test_submit_refusals(world):
    from qualitas.registry.models import Institution

    ent = actor(world.users["enterprise"])
    assert (
        refused(
            EvaluationError, services.application_submit, actor=ent, institution=world.institution
        )
        == "submit a self-assessment first: the application attaches it"
    )
    submitted_assessment(world.users["enterprise"], upto=2)
    lab = Institution.objects.create(kind="laboratory", name_zh="检测所", region_id="330100")
    assert (
        refused(EvaluationError, services.application_submit, actor=ent, institution=lab)
        == "choose an evaluation institution"
    )
    services.application_submit(actor=ent, institution=world.institution)
    assert (
        refused(
            EvaluationError, services.application_submit, actor=ent, institution=world.institution
        )
        == "an application to this institution is already awaiting its decision"
    )
    for role in ("institution_manager", "authority", "evaluator", "admin"):
        assert refused(
            Forbidden,
            services.application_submit,
            actor=actor(world.users[role]),
            institution=world.institution,
        ) == ("only an enterprise's own users apply for its evaluation")


def test_withdraw_while_submitted_only_and_by_the_enterprise_only(world):
    app = apply(world)
    refused(
        NotFound,
        services.application_withdraw,
        actor=actor(world.users["other_enterprise"]),
        application=app,
    )
    services.application_withdraw(actor=actor(world.users["enterprise"]), application=app)
    app.refresh_from_db()
    assert app.status == "withdrawn"
    msg = refused(
        EvaluationError,
        services.application_withdraw,
        actor=actor(world.users["enterprise"]),
        application=app,
    )
    assert msg == "the application is Withdrawn: only one awaiting its decision can be withdrawn"
    for fn, kw in (
        (services.application_accept, {"quote": Decimal(1), "planned_on": FUTURE}),
        (services.application_decline, {"reason": "full"}),
    ):
        msg = refused(
            EvaluationError,
            fn,
            actor=actor(world.users["institution_manager"]),
            application=app,
            **kw,
        )
        assert msg.startswith("the application is Withdrawn: only one awaiting its decision")
    # a new application to the same institution is possible once the first is withdrawn
    again = services.application_submit(
        actor=actor(world.users["enterprise"]), institution=world.institution
    )
    assert again.status == "submitted"


def test_accept_needs_a_quote_and_a_future_date_and_the_institutions_manager(world):
    app = apply(world)
    mgr = actor(world.users["institution_manager"])
    kw = {"actor": mgr, "application": app}
    assert (
        refused(EvaluationError, services.application_accept, **kw, quote=None, planned_on=FUTURE)
        == "give the quote (more than zero)"
    )
    assert (
        refused(
            EvaluationError, services.application_accept, **kw, quote=Decimal(0), planned_on=FUTURE
        )
        == "give the quote (more than zero)"
    )
    for day in (None, timezone.localdate()):
        assert (
            refused(
                EvaluationError,
                services.application_accept,
                **kw,
                quote=Decimal(100),
                planned_on=day,
            )
            == "the planned date must lie in the future"
        )
    for role in ("authority", "reviewer", "evaluator", "enterprise"):
        assert (
            refused(
                Forbidden,
                services.application_accept,
                actor=actor(world.users[role]),
                application=app,
                quote=Decimal(100),
                planned_on=FUTURE,
            )
            == "only the institution's manager decides on applications"
        )
    app.refresh_from_db()
    assert app.status == "submitted" and not AuditEntry.objects.filter(action="accept").exists()


def test_accept_creates_an_assignment_without_campaign_and_its_document_review(
    world, django_capture_on_commit_callbacks
):
    app = apply(world)
    with django_capture_on_commit_callbacks(execute=True):
        a = accept(world, app)
    app.refresh_from_db()
    assert app.status == "accepted" and app.quote == Decimal("28000") and app.planned_on == FUTURE
    assert a.campaign_id is None and a.application_id == app.pk
    assert a.institution_id == world.institution.pk and a.enterprise_id == world.ent_a.pk
    assert a.status == "pending" and a.deadline == FUTURE + timedelta(days=30)
    assert a.framework_pk == app.assessment.framework_id
    review = a.document_review
    assert review.status == "open"
    assert review.deadline == timezone.localdate() + timedelta(days=14)
    n = Notification.objects.get(user=world.users["enterprise"])
    with translation.override("en"):
        assert "accepted your application" in n.text and FUTURE.isoformat() in n.text
    assert set(
        AuditEntry.objects.filter(
            model__in=["evaluation.application", "evaluation.assignment"]
        ).values_list("model", "action")
    ) == {
        ("evaluation.application", "create"),
        ("evaluation.application", "accept"),
        ("evaluation.assignment", "create"),
    }
    for fn, kw, verb in (
        (services.application_accept, {"quote": Decimal(1), "planned_on": FUTURE}, "accepted"),
        (services.application_decline, {"reason": "busy"}, "declined"),
    ):
        assert (
            refused(
                EvaluationError,
                fn,
                actor=actor(world.users["institution_manager"]),
                application=app,
                **kw,
            )
            == f"the application is Accepted: only one awaiting its decision can be {verb}"
        )
    assert (
        refused(
            EvaluationError,
            services.application_withdraw,
            actor=actor(world.users["enterprise"]),
            application=app,
        )
        == "the application is Accepted: only one awaiting its decision can be withdrawn"
    )


def test_decline_needs_a_reason_and_tells_the_enterprise(world, django_capture_on_commit_callbacks):
    app = apply(world)
    mgr = actor(world.users["institution_manager"])
    assert (
        refused(
            EvaluationError, services.application_decline, actor=mgr, application=app, reason="  "
        )
        == "give the reason for declining"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(actor=mgr, application=app, reason="No L4 evaluators free")
    app.refresh_from_db()
    assert app.status == "declined" and app.decline_reason == "No L4 evaluators free"
    assert not hasattr(app, "assignment") or app.assignment is None
    n = Notification.objects.get(user=world.users["enterprise"])
    with translation.override("zh-hans"):
        assert "No L4 evaluators free" in n.text and "拒绝" in n.text
    assert (
        refused(
            EvaluationError,
            services.application_accept,
            actor=mgr,
            application=app,
            quote=Decimal(1),
            planned_on=FUTURE,
        )
        == "the application is Declined: only one awaiting its decision can be accepted"
    )


def test_refusal_messages_are_translated(world):
    app = apply(world)
    services.application_withdraw(actor=actor(world.users["enterprise"]), application=app)
    with translation.override("zh-hans"), pytest.raises(EvaluationError) as info:
        services.application_withdraw(actor=actor(world.users["enterprise"]), application=app)
    with translation.override("zh-hans"):
        text = str(info.value)
    assert "撤回" in text and "withdrawn" not in text


# ------------------------------------------------------------------ document review


def test_document_review_gates_scoring_until_it_passes(world, fw):
    from qualitas.evaluation.models import Evaluation, Requirement

    a = team(world, accept(world, apply(world)))
    lead = actor(world.users["evaluator"])
    # an evaluation opened before the gate existed: saving a score is refused all the same
    ev = Evaluation.objects.create(assignment=a, framework_id=a.framework_pk)
    req = Requirement.objects.filter(framework=fw).first()
    assert (
        refused(
            EvaluationError,
            services.score_save,
            actor=lead,
            evaluation=ev,
            requirement_id=req.pk,
            value="full",
        )
        == "scoring starts after the document review has passed (now: Awaiting document review)"
    )
    review = a.document_review
    services.document_review_request(actor=lead, review=review, text="Supplier audit records 2025")
    assert (
        refused(
            EvaluationError,
            services.score_save,
            actor=lead,
            evaluation=ev,
            requirement_id=req.pk,
            value="full",
        )
        == "scoring starts after the document review has passed (now: More documents requested)"
    )
    services.document_request_answer(
        actor=actor(world.users["enterprise"]), review=review, answer="Uploaded to the portal"
    )
    services.document_review_pass(actor=lead, review=review, note="Complete")
    plan(world, a)
    row = services.score_save(
        actor=lead, evaluation=ev, requirement_id=req.pk, value="full", finding="seen"
    )
    assert row.value == "full"


def test_the_scoring_form_does_not_open_before_the_document_review_has_passed(world, fw):
    """The known defect: opening the on-site evaluation created it (and the form) while the
    document review was still open. It is refused, naming the stage, and nothing is created."""
    from qualitas.evaluation.models import Evaluation

    a = team(world, accept(world, apply(world)))
    lead = actor(world.users["evaluator"])
    with translation.override("en"), pytest.raises(EvaluationError) as info:
        services.evaluation_for(actor=lead, assignment=a)
    assert info.value.field == "document_review"
    with translation.override("en"):
        assert str(info.value) == (
            "scoring starts after the document review has passed (now: Awaiting document review)"
        )
    assert not Evaluation.objects.filter(assignment=a).exists()
    services.document_review_pass(actor=lead, review=a.document_review)
    plan(world, a)
    assert services.evaluation_for(actor=lead, assignment=a).assignment_id == a.pk


def test_document_review_transitions_and_refusals(world, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from qualitas.core.models import Profile

    a = team(world, accept(world, apply(world)))
    review = a.document_review
    lead = actor(world.users["evaluator"])
    ent = actor(world.users["enterprise"])
    # another evaluator of the institution on the team, not the lead
    other = get_user_model().objects.create_user("eva2", password="pw")
    Profile.objects.create(user=other, role="evaluator", institution=world.institution)
    a.evaluators.add(other)
    for fn, kw in (
        (services.document_review_pass, {}),
        (services.document_review_request, {"text": "more"}),
    ):
        assert (
            refused(Forbidden, fn, actor=actor(other), review=review, **kw)
            == "only the lead evaluator reviews the documents"
        )
        refused(NotFound, fn, actor=actor(world.users["institution_manager"]), review=review, **kw)
    assert (
        refused(
            EvaluationError, services.document_request_answer, actor=ent, review=review, answer="x"
        )
        == "no request for more documents is open"
    )
    assert (
        refused(
            EvaluationError, services.document_review_request, actor=lead, review=review, text=" "
        )
        == "say which documents are missing"
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_review_request(actor=lead, review=review, text="Calibration records")
    review.refresh_from_db()
    assert review.status == "more_requested"
    assert Notification.objects.filter(user=world.users["enterprise"]).count() == 1
    for fn, kw in (
        (services.document_review_pass, {}),
        (services.document_review_request, {"text": "more"}),
    ):
        assert (
            refused(EvaluationError, fn, actor=lead, review=review, **kw)
            == "the enterprise has not answered the request for more documents yet"
        )
    refused(
        NotFound,
        services.document_request_answer,
        actor=actor(world.users["other_enterprise"]),
        review=review,
        answer="x",
    )
    assert (
        refused(EvaluationError, services.document_request_answer, actor=ent, review=review)
        == "answer the request or attach a file"
    )
    with django_capture_on_commit_callbacks(execute=True):
        req = services.document_request_answer(actor=ent, review=review, answer="See the annex")
    review.refresh_from_db()
    assert review.status == "open" and req.answered_by == world.users["enterprise"]
    assert Notification.objects.filter(user=world.users["evaluator"], kind="info").exists()
    services.document_review_pass(actor=lead, review=review)
    review.refresh_from_db()
    assert review.status == "passed" and review.passed_by == world.users["evaluator"]
    for fn, kw in (
        (services.document_review_pass, {}),
        (services.document_review_request, {"text": "more"}),
    ):
        assert (
            refused(EvaluationError, fn, actor=lead, review=review, **kw)
            == "the document review has already passed"
        )
    assert list(
        AuditEntry.objects.filter(model="evaluation.documentreview").values_list(
            "action", flat=True
        )
    ) == ["documents_request", "documents_answer", "documents_pass"]


def test_campaign_assignments_are_scored_without_a_document_review(world, onsite, fw):
    from qualitas.evaluation.models import Requirement

    assert selectors.document_review_of(onsite.assignment) is None
    ev = services.evaluation_for(actor=actor(onsite.evaluator), assignment=onsite.assignment)
    req = Requirement.objects.filter(framework=fw).first()
    services.score_save(
        actor=actor(onsite.evaluator), evaluation=ev, requirement_id=req.pk, value="mostly"
    )


def test_an_application_born_assignment_runs_to_a_published_result(world):
    a = team(world, accept(world, apply(world, upto=3)))
    services.document_review_pass(actor=actor(world.users["evaluator"]), review=a.document_review)
    plan(world, a)
    r = publish(
        world, Onsite(campaign=None, assignment=a, evaluator=world.users["evaluator"]), upto=3
    )
    assert r.status == "published" and r.level == 3 and r.certificate_code
    assert r.assignment_id == a.pk and r.institution_id == world.institution.pk


# ------------------------------------------------------------------ who reads what


def test_who_reads_which_applications(world):
    from qualitas.registry.models import Institution

    app = apply(world)
    other_inst = Institution.objects.create(
        kind="evaluation", name_zh="广东评价中心", region_id="440300"
    )
    from django.contrib.auth import get_user_model

    from qualitas.core.models import Profile

    other_mgr = get_user_model().objects.create_user("mgr2", password="pw")
    Profile.objects.create(user=other_mgr, role="institution_manager", institution=other_inst)
    sees = {
        role: list(selectors.applications_for(actor=actor(world.users[role])))
        for role in world.users
    }
    assert sees["enterprise"] == [app]
    assert sees["institution_manager"] == [app]
    assert sees["authority"] == [app]  # Zhejiang's officer: ent_a is in Hangzhou
    assert sees["admin"] == [app]
    for role in ("other_enterprise", "evaluator", "reviewer", "partner"):
        assert sees[role] == [], role
    assert list(selectors.applications_for(actor=actor(other_mgr))) == []
    refused(NotFound, selectors.application_get, actor=actor(other_mgr), pk=app.pk)


def test_institutions_to_apply_nearest_first(world):
    from qualitas.registry.models import Institution

    far = Institution.objects.create(kind="evaluation", name_zh="A深圳评价", region_id="440300")
    province = Institution.objects.create(
        kind="evaluation", name_zh="B宁波评价", region_id="330200"
    )
    Institution.objects.create(kind="laboratory", name_zh="杭州检测所", region_id="330100")
    got = selectors.institutions_to_apply(enterprise=world.ent_a)  # ent_a is in Hangzhou
    assert got == [world.institution, province, far]
