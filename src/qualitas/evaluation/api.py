"""REST endpoints of capability evaluation (mounted at /api/evaluation/). Thin: validate, call, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from qualitas.core.access import Actor, NotFound, actor_for, may_see_evaluation_statistics
from qualitas.core.selectors import users_by_pk
from qualitas.evaluation import selectors, services
from qualitas.evaluation.models import Requirement
from qualitas.evaluation.schemas import (
    AnswerIn,
    AnswerOut,
    AppealOut,
    ApplicationDecisionIn,
    ApplicationIn,
    ApplicationOut,
    AssessmentOut,
    AssignmentOut,
    CampaignIn,
    CampaignOut,
    ChainOut,
    ConsistencyRow,
    ConsolidateIn,
    CorrectionIn,
    DecisionIn,
    DistributionOut,
    DocumentReviewIn,
    DocumentReviewOut,
    FrameworkOut,
    GateIn,
    InviteIn,
    InviteOut,
    ProgressOut,
    ReportOut,
    RespondIn,
    ResultOut,
    ScoreIn,
    ScoreOut,
    TargetIn,
    TargetsOut,
    TeamIn,
    TextIn,
    VerificationOut,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.registry import selectors as registry_selectors

router = Router(tags=["evaluation"])


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user)


def _req(framework_id: int, code: str) -> Requirement:
    r = selectors.requirement_by_code(framework_id=framework_id, code=code)
    if r is None:
        raise EvaluationError(
            _("no requirement %(code)s in this framework"), field="requirement", code=repr(code)
        )
    return r


# ------------------------------------------------------------------ frameworks


@router.get("/frameworks", response=list[FrameworkOut], summary="Framework versions")
def frameworks(request: HttpRequest) -> Any:
    return selectors.frameworks_list()


@router.get(
    "/frameworks/{int:framework_pk}",
    response=dict,
    summary="A framework version as a document (the JSON import format)",
)
def framework_document(request: HttpRequest, framework_pk: int) -> Any:
    return services.framework_document(selectors.framework_get(pk=framework_pk))


# ------------------------------------------------------------------ self-assessment


@router.get(
    "/assessments",
    response=list[AssessmentOut],
    auth=django_auth,
    summary="Self-assessments you may read",
)
@paginate(PageNumberPagination, page_size=25)
def assessments(request: HttpRequest) -> Any:
    return selectors.assessments_for(actor=_actor(request))


@router.post(
    "/assessments",
    response={201: AssessmentOut},
    auth=django_auth,
    summary="Start (or continue) the self-assessment of your enterprise",
)
def assessment_start(request: HttpRequest) -> Any:
    return 201, services.assessment_start(actor=_actor(request))


@router.get(
    "/assessments/{int:assessment_pk}",
    response=AssessmentOut,
    auth=django_auth,
    summary="One self-assessment",
)
def assessment_detail(request: HttpRequest, assessment_pk: int) -> Any:
    return selectors.assessment_get(actor=_actor(request), pk=assessment_pk)


@router.get(
    "/assessments/{int:assessment_pk}/answers",
    response=dict[str, str],
    auth=django_auth,
    summary="Answers by requirement code",
)
def assessment_answers(request: HttpRequest, assessment_pk: int) -> Any:
    a = selectors.assessment_get(actor=_actor(request), pk=assessment_pk)
    return dict(a.answers.values_list("requirement__code", "value"))


@router.put(
    "/assessments/{int:assessment_pk}/answers/{req_code}",
    response=AnswerOut,
    auth=django_auth,
    summary="Answer one requirement (autosave)",
)
def answer_put(request: HttpRequest, assessment_pk: int, req_code: str, payload: AnswerIn) -> Any:
    actor = _actor(request)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    row = services.answer_save(
        actor=actor,
        assessment=a,
        requirement_id=_req(a.framework_id, req_code).pk,
        value=payload.value,
        note=payload.note,
    )
    return {
        "requirement": req_code,
        "value": row.value,
        "note": row.note,
        "answered": a.answers.count(),
        "total": selectors.requirements_count(framework_id=a.framework_id),
    }


@router.post(
    "/assessments/{int:assessment_pk}/submit",
    response=AssessmentOut,
    auth=django_auth,
    summary="Submit and score at once",
)
def assessment_submit(request: HttpRequest, assessment_pk: int) -> Any:
    actor = _actor(request)
    return services.assessment_submit(
        actor=actor, assessment=selectors.assessment_get(actor=actor, pk=assessment_pk)
    )


def _report(framework: Any, res: dict[str, Any]) -> dict[str, Any]:
    labels = selectors.requirement_labels(framework)
    gaps = [
        {
            "requirement": c,
            "level": lv,
            "score": s,
            "impact": i,
            "text": labels.get(c, {}).get("text", ""),
            "guidance": labels.get(c, {}).get("guidance", ""),
        }
        for c, lv, s, i in res.get("gaps", [])
    ]
    return {
        **{
            k: res[k]
            for k in (
                "level",
                "uncapped_level",
                "score",
                "level_scores",
                "dimension_scores",
                "indicator_scores",
                "indicator_levels",
                "answered",
                "total",
                "gates",
            )
        },
        "gaps": gaps,
    }


@router.get(
    "/assessments/{int:assessment_pk}/report",
    response=ReportOut,
    auth=django_auth,
    summary="Result: provisional level, scores, gaps, peer position",
)
def assessment_report(request: HttpRequest, assessment_pk: int) -> Any:
    a = selectors.assessment_get(actor=_actor(request), pk=assessment_pk)
    if a.status != "submitted":
        raise EvaluationError(_("not submitted yet"), field="status")
    out = _report(a.framework, a.result)
    peers = selectors.peers_for(enterprise=a.enterprise, score=float(a.score or 0))
    out["peers"] = {
        k: {
            "n": p.n,
            "withheld": p.withheld,
            "percentile": p.percentile,
            "level_counts": p.level_counts,
        }
        for k, p in peers.items()
    }
    return out


# ------------------------------------------------------------------ applications, document review


@router.get(
    "/applications",
    response=list[ApplicationOut],
    auth=django_auth,
    summary="Applications for an on-site evaluation you may read (enterprise: its own; "
    "institution manager: those sent to the institution; authority: its regions')",
)
@paginate(PageNumberPagination, page_size=50)
def applications(request: HttpRequest, status: str = "") -> Any:
    return selectors.applications_for(actor=_actor(request), status=status)


@router.post(
    "/applications",
    response={201: ApplicationOut},
    auth=django_auth,
    summary="Apply to an evaluation institution (enterprise users; attaches the latest "
    "submitted self-assessment)",
)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Any:
    inst = registry_selectors.institutions_list().filter(pk=payload.institution).first()
    if inst is None:
        raise EvaluationError(_("choose an evaluation institution"), field="institution")
    return 201, services.application_submit(
        actor=_actor(request), institution=inst, message=payload.message
    )


@router.get(
    "/applications/{int:application_pk}",
    response=ApplicationOut,
    auth=django_auth,
    summary="One application",
)
def application_detail(request: HttpRequest, application_pk: int) -> Any:
    return selectors.application_get(actor=_actor(request), pk=application_pk)


@router.post(
    "/applications/{int:application_pk}/decision",
    response=ApplicationOut,
    auth=django_auth,
    summary="Accept (quote, planned date) or decline (reason) an application (the "
    "institution's manager)",
)
def application_decide(
    request: HttpRequest, application_pk: int, payload: ApplicationDecisionIn
) -> Any:
    actor = _actor(request)
    app = selectors.application_get(actor=actor, pk=application_pk)
    if payload.decision == "accept":
        services.application_accept(
            actor=actor, application=app, quote=payload.quote, planned_on=payload.planned_on
        )
    else:
        services.application_decline(actor=actor, application=app, reason=payload.reason)
    return selectors.application_get(actor=actor, pk=application_pk)


@router.post(
    "/applications/{int:application_pk}/withdraw",
    response=ApplicationOut,
    auth=django_auth,
    summary="Withdraw an application awaiting its decision (the enterprise)",
)
def application_withdraw(request: HttpRequest, application_pk: int) -> Any:
    actor = _actor(request)
    app = selectors.application_get(actor=actor, pk=application_pk)
    return services.application_withdraw(actor=actor, application=app)


@router.get(
    "/assignments/{int:assignment_pk}/document-review",
    response=DocumentReviewOut,
    auth=django_auth,
    summary="The document review of an application's assignment, with its requests",
)
def document_review(request: HttpRequest, assignment_pk: int) -> Any:
    a = selectors.assignment_get(actor=_actor(request), pk=assignment_pk)
    review = selectors.document_review_of(a)
    if review is None:
        raise NotFound
    return review


@router.post(
    "/assignments/{int:assignment_pk}/document-review",
    response=DocumentReviewOut,
    auth=django_auth,
    summary="Pass the document review or ask for more documents (the lead evaluator)",
)
def document_review_decide(
    request: HttpRequest, assignment_pk: int, payload: DocumentReviewIn
) -> Any:
    actor = _actor(request)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    review = selectors.document_review_of(a)
    if review is None:
        raise NotFound
    if payload.decision == "pass":
        services.document_review_pass(actor=actor, review=review, note=payload.text)
    else:
        services.document_review_request(actor=actor, review=review, text=payload.text)
    return selectors.document_review_of(a)


@router.post(
    "/applications/{int:application_pk}/documents",
    response=DocumentReviewOut,
    auth=django_auth,
    summary="Answer the open request for more documents (the enterprise; files on the page)",
)
def documents_answer(request: HttpRequest, application_pk: int, payload: TextIn) -> Any:
    actor = _actor(request)
    app = selectors.application_get(actor=actor, pk=application_pk)
    review = selectors.document_review_of_application(app)
    if review is None:
        raise NotFound
    services.document_request_answer(actor=actor, review=review, answer=payload.text)
    review.refresh_from_db()
    return review


# ------------------------------------------------------------------ campaigns, assignments


@router.get(
    "/campaigns", response=list[CampaignOut], auth=django_auth, summary="Campaigns you may see"
)
@paginate(PageNumberPagination, page_size=25)
def campaigns(request: HttpRequest) -> Any:
    return selectors.campaigns_for(actor=_actor(request))


@router.post(
    "/campaigns",
    response={201: CampaignOut},
    auth=django_auth,
    summary="Create a campaign (authority officers)",
)
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Any:
    actor = _actor(request)
    region = registry_selectors.region_by_code(code=payload.region)
    if region is None:
        raise EvaluationError(_("unknown region"), field="region")
    qs = selectors.campaign_candidates(
        actor=actor,
        region=payload.region,
        industry=payload.industry,
        self_level=payload.self_level,
        credit_codes=payload.credit_codes,
    )
    ids = list(qs.values_list("pk", flat=True)[: payload.limit])
    c = services.campaign_create(
        actor=actor,
        name=payload.name,
        region=region,
        deadline=payload.deadline,
        enterprise_ids=ids,
        institution_ids=payload.institutions,
        criteria=payload.model_dump(mode="json", exclude={"name", "deadline"}),
    )
    return 201, selectors.campaign_get(actor=actor, pk=c.pk)


@router.get(
    "/campaigns/{int:campaign_pk}/progress",
    response=ProgressOut,
    auth=django_auth,
    summary="Progress of a campaign",
)
def campaign_progress(request: HttpRequest, campaign_pk: int) -> Any:
    return selectors.campaign_progress(
        selectors.campaign_get(actor=_actor(request), pk=campaign_pk)
    )


@router.get(
    "/assignments",
    response=list[AssignmentOut],
    auth=django_auth,
    summary="Assignments you may see (evaluators: only theirs)",
)
@paginate(PageNumberPagination, page_size=50)
def assignments(request: HttpRequest, status: str = "") -> Any:
    qs = selectors.assignments_for(actor=_actor(request))
    return qs.filter(status=status) if status else qs


@router.post(
    "/assignments/{int:assignment_pk}/team",
    response=AssignmentOut,
    auth=django_auth,
    summary="Assign evaluators (institution managers; COI and qualification checks)",
)
def assignment_team(request: HttpRequest, assignment_pk: int, payload: TeamIn) -> Any:
    actor = _actor(request)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    users = users_by_pk(pks=[payload.lead, *payload.evaluators])
    if payload.lead not in users:
        raise EvaluationError(_("unknown lead evaluator"), field="lead")
    return services.assignment_assign_evaluators(
        actor=actor,
        assignment=a,
        lead=users[payload.lead],
        evaluators=[users[i] for i in payload.evaluators if i in users],
    )


@router.put(
    "/assignments/{int:assignment_pk}/scores/{req_code}",
    response=ScoreOut,
    auth=django_auth,
    summary="Score one requirement on site (evaluators on the team)",
)
def score_put(request: HttpRequest, assignment_pk: int, req_code: str, payload: ScoreIn) -> Any:
    actor = _actor(request)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    ev = services.evaluation_for(actor=actor, assignment=a)
    req = _req(ev.framework_id, req_code)
    s = services.score_save(
        actor=actor,
        evaluation=ev,
        requirement_id=req.pk,
        value=payload.value,
        finding=payload.finding,
    )
    row = selectors.evaluation_rows(
        evaluation=ev, assessment=selectors.self_assessment_for_evaluation(a)
    ).get(req.pk, {})
    return {
        "requirement": req_code,
        "value": s.value,
        "finding": s.finding,
        "self_answer": row["answer"].value if row.get("answer") else None,
        "large_difference": bool(row.get("large")),
    }


@router.post(
    "/assignments/{int:assignment_pk}/submit",
    response=AssignmentOut,
    auth=django_auth,
    summary="Submit the scores (lead evaluator)",
)
def assignment_submit(
    request: HttpRequest, assignment_pk: int, payload: TextIn | None = None
) -> Any:
    actor = _actor(request)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    services.evaluation_submit(
        actor=actor,
        evaluation=services.evaluation_for(actor=actor, assignment=a),
        summary=payload.text if payload else "",
    )
    a.refresh_from_db()
    return a


@router.post(
    "/consolidations",
    response={201: list[ResultOut]},
    auth=django_auth,
    summary="Consolidate submitted evaluations into draft results",
)
def consolidate(request: HttpRequest, payload: ConsolidateIn) -> Any:
    actor = _actor(request)
    found = list(selectors.assignments_for(actor=actor).filter(pk__in=payload.assignments))
    if len(found) != len(set(payload.assignments)):
        raise NotFound
    return 201, services.evaluations_consolidate(
        actor=actor, assignments=found, revision_note=payload.revision_note
    )


# ------------------------------------------------------------------ results, appeals, certificates


@router.get("/results", response=list[ResultOut], auth=django_auth, summary="Results you may see")
@paginate(PageNumberPagination, page_size=50)
def results(request: HttpRequest, status: str = "") -> Any:
    qs = selectors.results_for(actor=_actor(request))
    return qs.filter(status=status) if status else qs


@router.get("/results/{int:result_pk}", response=ResultOut, auth=django_auth, summary="One result")
def result_detail(request: HttpRequest, result_pk: int) -> Any:
    return selectors.result_get(actor=_actor(request), pk=result_pk)


@router.get(
    "/results/{int:result_pk}/report",
    response=ReportOut,
    auth=django_auth,
    summary="The report of a result",
)
def result_report(request: HttpRequest, result_pk: int) -> Any:
    r = selectors.result_get(actor=_actor(request), pk=result_pk)
    return _report(r.framework, r.detail)


@router.post(
    "/results/{int:result_pk}/approve",
    response=ResultOut,
    auth=django_auth,
    summary="Approve a draft (reviewers)",
)
def result_approve(request: HttpRequest, result_pk: int) -> Any:
    actor = _actor(request)
    return services.result_approve(
        actor=actor, result=selectors.result_get(actor=actor, pk=result_pk)
    )


@router.post(
    "/results/{int:result_pk}/publish",
    response=ResultOut,
    auth=django_auth,
    summary="Publish an approved result (validity, certificate code)",
)
def result_publish(request: HttpRequest, result_pk: int) -> Any:
    actor = _actor(request)
    return services.result_publish(
        actor=actor, result=selectors.result_get(actor=actor, pk=result_pk)
    )


@router.post(
    "/results/{int:result_pk}/corrections",
    response={201: ResultOut},
    auth=django_auth,
    summary="Correct a result: a new version with a revision note",
)
def result_correct(request: HttpRequest, result_pk: int, payload: CorrectionIn) -> Any:
    actor = _actor(request)
    return 201, services.result_correct(
        actor=actor,
        result=selectors.result_get(actor=actor, pk=result_pk),
        revision_note=payload.revision_note,
        level=payload.level,
    )


@router.post(
    "/results/{int:result_pk}/appeals",
    response={201: AppealOut},
    auth=django_auth,
    summary="Appeal against a published result (the enterprise)",
)
def appeal_file(request: HttpRequest, result_pk: int, payload: TextIn) -> Any:
    actor = _actor(request)
    return 201, services.appeal_file(
        actor=actor, result=selectors.result_get(actor=actor, pk=result_pk), reason=payload.text
    )


@router.post(
    "/appeals/{int:appeal_pk}/decision",
    response=AppealOut,
    auth=django_auth,
    summary="Decide an appeal (reviewers); upheld reopens the evaluation",
)
def appeal_decide(request: HttpRequest, appeal_pk: int, payload: DecisionIn) -> Any:
    actor = _actor(request)
    ap = selectors.appeal_get(actor=actor, pk=appeal_pk)
    return services.appeal_decide(
        actor=actor, appeal=ap, uphold=payload.uphold, decision=payload.decision
    )


@router.get(
    "/certificates/{cert_code}",
    response=VerificationOut,
    summary="Verify a certificate cert_code (public)",
)
def certificate_verify(request: HttpRequest, cert_code: str) -> Any:
    v = selectors.certificate_verify(code=cert_code)
    r = v.result
    return {
        "state": v.state,
        "reason": v.reason,
        "enterprise": r.enterprise.name_zh,
        "credit_code": r.enterprise.credit_code,
        "level": r.level,
        "valid_until": r.valid_until,
        "institution": r.institution.name_zh if r.institution else "",
        "version": r.version,
        "current_version": v.current.version,
    }


# ------------------------------------------------------------------ chain


@router.get(
    "/chain",
    response=ChainOut,
    auth=django_auth,
    summary="Your chain: suppliers weakest first, consistency",
)
def chain(request: HttpRequest, required_level: int | None = None) -> Any:
    return selectors.chain_view(actor=_actor(request), required_level=required_level)


@router.post(
    "/chain/invitations",
    response={201: InviteOut},
    auth=django_auth,
    summary="Invite suppliers by credit code",
)
def chain_invite(request: HttpRequest, payload: InviteIn) -> Any:
    created, problems = services.chain_invite(
        actor=_actor(request),
        credit_codes=payload.credit_codes,
        required_level=payload.required_level,
    )
    return 201, {"invited": [i.pk for i in created], "problems": problems}


@router.post(
    "/chain/invitations/{int:invitation_pk}/respond",
    response=dict,
    auth=django_auth,
    summary="Accept (grant consent) or decline an invitation (the supplier)",
)
def chain_respond(request: HttpRequest, invitation_pk: int, payload: RespondIn) -> Any:
    actor = _actor(request)
    inv = selectors.invitation_received_get(actor=actor, pk=invitation_pk)
    inv = services.chain_respond(actor=actor, invitation=inv, accept=payload.accept)
    return {"id": inv.pk, "status": inv.status}


@router.post(
    "/chain/invitations/{int:invitation_pk}/withdraw",
    response=dict,
    auth=django_auth,
    summary="Withdraw consent (the supplier)",
)
def chain_withdraw(request: HttpRequest, invitation_pk: int) -> Any:
    actor = _actor(request)
    inv = selectors.invitation_received_get(actor=actor, pk=invitation_pk)
    inv = services.chain_withdraw(actor=actor, invitation=inv)
    return {"id": inv.pk, "status": inv.status}


# ------------------------------------------------------------------ authorities


@router.post(
    "/gates",
    response={201: dict},
    auth=django_auth,
    summary="Record a serious incident, penalty or listing (authority officers)",
)
def gate_create(request: HttpRequest, payload: GateIn) -> Any:
    e = registry_selectors.enterprise_get(pk=payload.enterprise)
    g = services.gate_record_create(
        actor=_actor(request),
        enterprise=e,
        kind=payload.kind,
        occurred_on=payload.occurred_on,
        reference=payload.reference,
        description=payload.description,
    )
    return 201, {"id": g.pk}


@router.put(
    "/targets",
    response=dict,
    auth=django_auth,
    summary="Set a regional 2027 target (authority officers)",
)
def target_set(request: HttpRequest, payload: TargetIn) -> Any:
    region = registry_selectors.region_by_code(code=payload.region)
    if region is None:
        raise EvaluationError(_("unknown region"), field="region")
    t = services.regional_target_set(
        actor=_actor(request),
        region=region,
        level=payload.level,
        target=payload.target,
        year=payload.year,
    )
    return {"id": t.pk, "region": t.region_id, "level": t.level, "year": t.year, "target": t.target}


def _authority_actor(request: HttpRequest) -> Actor:
    actor = _actor(request)
    if not may_see_evaluation_statistics(actor):
        raise NotFound
    return actor


@router.get(
    "/stats/levels",
    response=DistributionOut,
    auth=django_auth,
    summary="Level distribution by province, prefecture or industry (aggregate)",
)
def stats_levels(request: HttpRequest, by: str = "province") -> Any:
    if by not in ("province", "prefecture", "industry"):
        raise EvaluationError(_("by must be province, prefecture or industry"), field="by")
    return selectors.level_distribution(actor=_authority_actor(request), by=by)


@router.get(
    "/stats/targets",
    response=TargetsOut,
    auth=django_auth,
    summary="Progress towards the 2027 targets",
)
def stats_targets(request: HttpRequest) -> Any:
    t = selectors.targets_progress(actor=_authority_actor(request))
    return {
        "national": t["national"],
        "regional": {reg["region"].code: reg["rows"] for reg in t["regional"]},
    }


@router.get(
    "/stats/consistency",
    response=list[ConsistencyRow],
    auth=django_auth,
    summary="Institution consistency (see the methodology)",
)
def stats_consistency(request: HttpRequest) -> Any:
    return selectors.consistency_by_institution(actor=_authority_actor(request))
