"""Demo data of capability evaluation: self-assessments, a nationwide campaign of 1,000
enterprises with evaluations in every state, published results, a chain, gating records, targets.

Each enterprise gets a latent maturity m (about 0.5 … 4.8); its answer to a requirement of
level ℓ is drawn from m − ℓ (well above: fully met; near: mostly or partly; below: not met).
On-site scores are the self-answers shifted by an institution's own leniency plus noise, so
the consistency measures have something to show. The same seed gives the same data; a second
run changes nothing (the campaign's name is the marker).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from qualitas.core.access import team_candidates_q
from qualitas.core.audit import AuditRecord, audit_append_many
from qualitas.core.choices import ConsentScope, Role
from qualitas.core.models import Consent, Profile
from qualitas.evaluation.choices import (
    AssignmentStatus,
    EvaluationStatus,
    InvitationStatus,
    ResultStatus,
)
from qualitas.evaluation.models import (
    AnswerRow,
    Assessment,
    Assignment,
    Campaign,
    ChainInvitation,
    Evaluation,
    GateRecord,
    Qualification,
    RegionalTarget,
    Requirement,
    Result,
    Score,
)
from qualitas.evaluation.scoring import result_json, score_answers
from qualitas.evaluation.services import certificate_code, framework_active
from qualitas.registry.models import Enterprise, Institution, Region

CAMPAIGN_NAME = "2026 年全国质量管理能力现场评价（示范）"
"""The demo campaign's name (data, in Chinese; earlier demos added an English half after it)."""
ANSWERS = np.array(["none", "partly", "mostly", "full"])
RESULT_STATUS_OF: dict[str, ResultStatus] = {
    AssignmentStatus.PUBLISHED: ResultStatus.PUBLISHED,
    AssignmentStatus.APPROVED: ResultStatus.APPROVED,
}
# The demo campaign opened this many days ago; its visits, submissions, approvals and
# publications fall between then and today (nothing in the future, nothing before its step).
CAMPAIGN_OPENED_DAYS_AGO = 330
# share of the campaign per final state
STATE_P = {
    "published": 0.58,
    "approved": 0.08,
    "consolidated": 0.08,
    "submitted": 0.08,
    "assigned": 0.10,
    "pending": 0.08,
}


def _answers_for(
    rng: np.random.Generator, m: float, levels: np.ndarray, bias: float = 0.0, noise: float = 0.55
) -> np.ndarray:
    """Answer codes for requirements of ``levels`` given maturity ``m``."""
    z = (m + bias - levels + 0.7) + rng.normal(0.0, noise, size=len(levels))
    idx = np.clip(np.floor(z * 1.6 + 1.2), 0, 3).astype(int)
    answers: np.ndarray = ANSWERS[idx]
    return answers


def _at(day: date, hour: int) -> datetime:
    """A day at an hour, in the platform's time zone."""
    return datetime.combine(
        day, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    ).replace(hour=hour)


def _evaluators(institutions: list[Institution]) -> dict[int, list[Any]]:
    """Three evaluators per evaluation institution (the demo 'evaluator' user is one of the first's), with qualifications."""
    User = get_user_model()
    out: dict[int, list[Any]] = {}
    for k, inst in enumerate(institutions):
        users = list(User.objects.filter(team_candidates_q(inst.pk)).order_by("pk"))
        for j in range(len(users), 3):
            u = User.objects.create_user(username=f"evaluator{k + 1}{chr(97 + j)}", password=None)
            u.set_unusable_password()
            u.save()
            Profile.objects.create(user=u, role=Role.EVALUATOR, institution=inst)
            users.append(u)
        for u in users:
            Qualification.objects.get_or_create(
                user=u,
                title="质量管理能力评价员",
                defaults={"certificate_no": f"QE-{u.pk:05d}", "valid_from": date(2022, 1, 1)},
            )
        out[inst.pk] = users
    return out


def evaluation_demo_load(
    *, seed: int = 20261122, self_assessments: int = 400, campaign_size: int = 1000
) -> dict[str, Any]:
    """Load the evaluation demo (idempotent)."""
    if Campaign.objects.filter(name__startswith=CAMPAIGN_NAME).exists():
        return {"created": False}
    fw = framework_active()
    rng = np.random.default_rng(seed + 60)
    reqs = list(Requirement.objects.filter(framework=fw).order_by("pk"))
    req_ids = np.array([r.pk for r in reqs])
    req_levels = np.array([r.level for r in reqs], dtype=float)
    na_ok = np.array([r.na_allowed for r in reqs])
    ents = list(
        Enterprise.objects.filter(status="active")
        .order_by("pk")
        .values_list("pk", "region_id", "industry_id")
    )
    if not ents:
        return {"created": False}
    User = get_user_model()
    demo_ent = (
        Profile.objects.filter(user__username="enterprise")
        .values_list("enterprise_id", flat=True)
        .first()
    )
    maturity = {pk: float(np.clip(rng.gamma(3.0, 0.55) + 0.8, 0.3, 4.9)) for pk, _, _ in ents}
    if demo_ent:
        maturity[demo_ent] = 3.1
    pks = [pk for pk, _, _ in ents]
    order = rng.permutation(len(pks))
    chosen_self = [pks[i] for i in order[: min(self_assessments, len(pks))]]
    if demo_ent and demo_ent not in chosen_self:
        chosen_self.append(demo_ent)
    chosen_campaign = [pks[i] for i in order[: min(campaign_size, len(pks))]]
    if demo_ent and demo_ent not in chosen_campaign:
        chosen_campaign[-1] = demo_ent
    now = timezone.now()
    today = timezone.localdate()
    opened = now - timedelta(days=CAMPAIGN_OPENED_DAYS_AGO)
    in_campaign = set(chosen_campaign)
    admin = User.objects.filter(username="admin").first()
    with transaction.atomic():
        # ---------------------------------------------------------------- self-assessments
        # started 1–30 days before submitted; an enterprise of the campaign assessed itself
        # before the campaign opened (its evaluators compare with it)
        self_answers: dict[int, np.ndarray] = {}
        assessments = []
        for pk in chosen_self:
            ans = _answers_for(rng, maturity[pk], req_levels)
            ans = np.where(na_ok & (rng.random(len(ans)) < 0.3), "na", ans)
            self_answers[pk] = ans
            earliest = CAMPAIGN_OPENED_DAYS_AGO + 10 if pk in in_campaign else 20
            submitted = now - timedelta(
                days=int(rng.integers(earliest, 700)), minutes=int(rng.integers(0, 600))
            )
            res = score_answers(
                fw,
                dict(zip(req_ids.tolist(), ans.tolist(), strict=True)),
                events=(),
                as_of=timezone.localdate(submitted),
            )
            assessments.append(
                Assessment(
                    enterprise_id=pk,
                    framework=fw,
                    status="submitted",
                    submitted_at=submitted,
                    level=res.level,
                    score=Decimal(str(round(res.score, 4))),
                    result=result_json(res),
                )
            )
        Assessment.objects.bulk_create(assessments, batch_size=500)
        saved = dict(
            Assessment.objects.filter(enterprise_id__in=chosen_self, framework=fw).values_list(
                "enterprise_id", "pk"
            )
        )
        # started_at is set on insert (auto_now_add): put it back before the submission
        started = [
            Assessment(
                pk=saved[a.enterprise_id],
                started_at=sub
                - timedelta(days=int(rng.integers(1, 31)), hours=int(rng.integers(0, 8))),
            )
            for a in assessments
            if (sub := a.submitted_at) is not None
        ]
        Assessment.objects.bulk_update(started, ["started_at"], batch_size=500)
        AnswerRow.objects.bulk_create(
            [
                AnswerRow(assessment_id=saved[pk], requirement_id=rid, value=v)
                for pk in chosen_self
                for rid, v in zip(req_ids.tolist(), self_answers[pk].tolist(), strict=True)
            ],
            batch_size=5000,
        )
        # answers were last saved before the submission, not when the demo ran
        AnswerRow.objects.filter(assessment_id__in=list(saved.values())).update(
            updated_at=Subquery(
                Assessment.objects.filter(pk=OuterRef("assessment_id")).values("submitted_at")[:1]
            )
        )
        # ---------------------------------------------------------------- campaign
        institutions = list(Institution.objects.filter(kind="evaluation").order_by("pk"))
        leniency: dict[int | None, float] = {
            inst.pk: b for inst, b in zip(institutions, (-0.25, 0.05, 0.35, 0.0, 0.1), strict=False)
        }
        team = _evaluators(institutions)
        campaign = Campaign.objects.create(
            name=CAMPAIGN_NAME,
            framework=fw,
            region=None,
            deadline=timezone.localdate() + timedelta(days=120),
            criteria={"demo": True, "seed": seed},
            created_by=admin,
        )
        Campaign.objects.filter(pk=campaign.pk).update(created_at=opened)
        states = rng.choice(list(STATE_P), size=len(chosen_campaign), p=list(STATE_P.values()))
        if demo_ent:
            states[chosen_campaign.index(demo_ent)] = "published"
        demo_evaluator = User.objects.filter(username="evaluator").first()
        rows = []
        for k, pk in enumerate(chosen_campaign):
            inst = institutions[k % len(institutions)]
            st = str(states[k])
            rows.append(
                Assignment(
                    campaign=campaign,
                    enterprise_id=pk,
                    institution=inst,
                    deadline=campaign.deadline,
                    status=AssignmentStatus.PENDING
                    if st == "pending"
                    else (AssignmentStatus.ASSIGNED if st == "assigned" else st),
                    lead=None if st == "pending" else team[inst.pk][k % 3],
                )
            )
        Assignment.objects.bulk_create(rows, batch_size=1000)
        assigned = list(Assignment.objects.filter(campaign=campaign).order_by("pk"))
        through = Assignment.evaluators.through
        through.objects.bulk_create(
            [through(assignment_id=a.pk, user_id=a.lead_id) for a in assigned if a.lead_id]
        )
        # the demo evaluator also sits on a few teams still to be scored
        if demo_evaluator is not None:
            mine = [
                a
                for a in assigned
                if a.status == AssignmentStatus.ASSIGNED and a.institution_id == institutions[0].pk
            ][:6]
            for a in mine:
                Assignment.objects.filter(pk=a.pk).update(lead=demo_evaluator)
                through.objects.filter(assignment_id=a.pk).delete()
                through.objects.create(assignment_id=a.pk, user_id=demo_evaluator.pk)
        # ---------------------------------------------------------------- on-site scores and results
        scored = [
            a
            for a in assigned
            if a.status not in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED)
        ]
        # visited after the campaign opened; the scores submitted 0–3 days after the visit
        evals = []
        for a in scored:
            visit = today - timedelta(days=int(rng.integers(5, CAMPAIGN_OPENED_DAYS_AGO - 10)))
            evals.append(
                Evaluation(
                    assignment=a,
                    framework=fw,
                    status=EvaluationStatus.SUBMITTED,
                    visited_on=visit,
                    submitted_at=min(
                        now,
                        _at(visit + timedelta(days=int(rng.integers(0, 4))), 17),
                    ),
                )
            )
        Evaluation.objects.bulk_create(evals, batch_size=1000)
        eval_of = dict(
            Evaluation.objects.filter(assignment__campaign=campaign).values_list(
                "assignment_id", "pk"
            )
        )
        # every demo evaluation has its visit date and submission (set above)
        visited: dict[int, date] = {}
        submitted_of: dict[int, datetime] = {}
        for assignment_id, on, at in Evaluation.objects.filter(
            assignment__campaign=campaign
        ).values_list("assignment_id", "visited_on", "submitted_at"):
            if on is not None and at is not None:
                visited[assignment_id], submitted_of[assignment_id] = on, at
        selfs = dict(
            Assessment.objects.filter(
                enterprise_id__in=[a.enterprise_id for a in scored]
            ).values_list("enterprise_id", "score")
        )
        scores: list[Score] = []
        results: list[Result] = []
        created_at_of: dict[int, datetime] = {}
        for a in scored:
            onsite = _answers_for(
                rng,
                maturity[a.enterprise_id],
                req_levels,
                bias=leniency.get(a.institution_id, 0.0) - 0.15,
                noise=0.45,
            )
            onsite = np.where(na_ok & (rng.random(len(onsite)) < 0.3), "na", onsite)
            scores.extend(
                Score(
                    evaluation_id=eval_of[a.pk],
                    requirement_id=rid,
                    value=v,
                    updated_by_id=a.lead_id,
                )
                for rid, v in zip(req_ids.tolist(), onsite.tolist(), strict=True)
            )
            res = score_answers(
                fw,
                dict(zip(req_ids.tolist(), onsite.tolist(), strict=True)),
                events=(),
                as_of=visited[a.pk],
            )
            snap = result_json(res)
            published = a.status == AssignmentStatus.PUBLISHED
            # consolidated the day after the scores came in, approved 3–20 days later,
            # published 1–10 days after approval; none of it after now
            made = min(now, submitted_of[a.pk] + timedelta(days=1))
            approved_at = (
                min(now, made + timedelta(days=int(rng.integers(3, 21))))
                if a.status in (AssignmentStatus.APPROVED, AssignmentStatus.PUBLISHED)
                else None
            )
            pub_at = (
                min(now, approved_at + timedelta(days=int(rng.integers(1, 11))))
                if published and approved_at
                else None
            )
            created_at_of[a.pk] = made
            results.append(
                Result(
                    enterprise_id=a.enterprise_id,
                    assignment=a,
                    institution_id=a.institution_id,
                    framework=fw,
                    version=1,
                    status=RESULT_STATUS_OF.get(a.status, ResultStatus.DRAFT),
                    level=res.level,
                    uncapped_level=res.uncapped_level,
                    score=Decimal(str(round(res.score, 4))),
                    self_score=selfs.get(a.enterprise_id),
                    dimension_scores=snap["dimension_scores"],
                    detail=snap,
                    evaluated_on=visited[a.pk],
                    approved_at=approved_at,
                    published_at=pub_at,
                    valid_until=(
                        timezone.localdate(pub_at).replace(year=pub_at.year + 3) - timedelta(days=1)
                    )
                    if pub_at
                    else None,
                    certificate_code=certificate_code() if published and res.level else None,
                )
            )
        # consolidated-but-not-yet-scored states keep the Evaluation as submitted; "submitted" gets no result yet
        results = [
            r
            for r, a in zip(results, scored, strict=True)
            if a.status != AssignmentStatus.SUBMITTED
        ]
        Score.objects.bulk_create(scores, batch_size=10000)
        Result.objects.bulk_create(results, batch_size=1000)
        Result.objects.filter(assignment__campaign=campaign, series__isnull=True).update(
            series=F("pk")
        )
        # insert times (auto_now, auto_now_add) back to when the step happened: scores were last
        # saved when the evaluation was submitted, a result made when it was consolidated
        Score.objects.filter(evaluation__assignment__campaign=campaign).update(
            updated_at=Subquery(
                Evaluation.objects.filter(pk=OuterRef("evaluation_id")).values("submitted_at")[:1]
            )
        )
        Result.objects.bulk_update(
            [
                Result(pk=pk, created_at=created_at_of[aid])
                for pk, aid in Result.objects.filter(assignment__campaign=campaign).values_list(
                    "pk", "assignment_id"
                )
            ],
            ["created_at"],
            batch_size=1000,
        )
        # ---------------------------------------------------------------- gating, chain, targets
        zj = [pk for pk, region, _ in ents if region.startswith("33") and pk != demo_ent][:3]
        for k, pk in enumerate(zj):
            GateRecord.objects.create(
                enterprise_id=pk,
                kind=["serious_incident", "published_penalty", "published_penalty"][k],
                occurred_on=timezone.localdate() - timedelta(days=200 + 300 * k),
                reference=f"浙市监罚〔2025〕{101 + k}号（示例）",
                entered_by=admin,
            )
        leader_user = User.objects.filter(username="enterprise").first()
        if demo_ent and leader_user is not None:
            suppliers = [pk for pk in chosen_self if pk != demo_ent][:10]
            for k, pk in enumerate(suppliers):
                accepted = k < 8
                consent = (
                    Consent.objects.create(
                        enterprise_id=pk,
                        grantee_enterprise_id=demo_ent,
                        scope=ConsentScope.CAPABILITY,
                    )
                    if accepted
                    else None
                )
                # sent 10–60 days ago, answered 1–7 days later (insert times put back)
                invited = now - timedelta(days=int(rng.integers(10, 61)))
                answered = invited + timedelta(days=int(rng.integers(1, 8)))
                invitation = ChainInvitation.objects.create(
                    leader_id=demo_ent,
                    supplier_id=pk,
                    required_level=3,
                    invited_by=leader_user,
                    status=InvitationStatus.ACCEPTED if accepted else InvitationStatus.PENDING,
                    consent=consent,
                    responded_at=answered if accepted else None,
                )
                ChainInvitation.objects.filter(pk=invitation.pk).update(invited_at=invited)
                if consent is not None:
                    Consent.objects.filter(pk=consent.pk).update(granted_at=answered)
        zhejiang = Region.objects.filter(code="330000").first()
        if zhejiang is not None:
            for lv, t in ((2, 600), (3, 80), (4, 8), (5, 1)):
                RegionalTarget.objects.get_or_create(
                    region=zhejiang,
                    level=lv,
                    year=2027,
                    defaults={"target": t, "entered_by": admin},
                )
        audit_append_many(
            actor="demo-data",
            records=[
                AuditRecord(
                    action="bulk_create",
                    model="evaluation.demo",
                    object_pk=str(campaign.pk),
                    changes={
                        "seed": seed,
                        "self_assessments": len(chosen_self),
                        "assignments": len(assigned),
                        "results": len(results),
                    },
                )
            ],
        )
    return {
        "created": True,
        "self_assessments": len(chosen_self),
        "assignments": len(assigned),
        "results": len(results),
        "campaign": campaign.pk,
    }


APPLICATION_MARK = "（示范申请）"
"""Ends the message of every demo application (the marker of a second run)."""
# the final state of each demo application, in order; "review_*": accepted, then the document
# review so far (open, more documents requested, passed); "plan_*": review passed, then the
# on-site plan sent, a change asked for, or confirmed
APPLICATION_STATES = (
    "submitted",
    "submitted",
    "review_open",
    "review_more",
    "review_passed",
    "plan_sent",
    "plan_change",
    "plan_confirmed",
    "declined",
    "withdrawn",
    "withdrawn",
)


def applications_demo_load(*, seed: int = 20261122) -> dict[str, Any]:
    """Applications for an on-site evaluation in every state, sent to the demo manager's
    institution (the demo enterprise's first), through the services so that every step is
    audited; idempotent."""
    from qualitas.core.access import actor_for, enterprise_actor
    from qualitas.evaluation import services
    from qualitas.evaluation.choices import AssessmentStatus
    from qualitas.evaluation.models import Application

    if Application.objects.filter(message__endswith=APPLICATION_MARK).exists():
        return {"created": False}
    User = get_user_model()
    manager = User.objects.filter(username="manager").select_related("profile").first()
    inst_id = getattr(getattr(manager, "profile", None), "institution_id", None)
    if manager is None or inst_id is None:
        return {"created": False}
    institution = Institution.objects.get(pk=inst_id)
    lead = User.objects.filter(team_candidates_q(inst_id)).order_by("pk").first()
    demo_user = User.objects.filter(username="enterprise").select_related("profile").first()
    demo_ent = getattr(getattr(demo_user, "profile", None), "enterprise_id", None)
    with_self = list(
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .exclude(enterprise_id=demo_ent or 0)
        .exclude(enterprise__capability_results__status=ResultStatus.PUBLISHED)
        .order_by("enterprise_id")
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    rng = np.random.default_rng(seed + 130)
    picks = [int(i) for i in rng.permutation(with_self)[: len(APPLICATION_STATES)]]
    if (
        demo_ent is not None
        and Assessment.objects.filter(
            enterprise_id=demo_ent, status=AssessmentStatus.SUBMITTED
        ).exists()
    ):
        picks = [demo_ent, *picks][: len(APPLICATION_STATES)]
    if not picks or lead is None:
        return {"created": False}
    mgr = actor_for(manager)
    eva = actor_for(lead)
    today = timezone.localdate()
    done = 0
    with transaction.atomic():
        for k, (ent_id, state) in enumerate(zip(picks, APPLICATION_STATES, strict=False)):
            ent_actor = (
                actor_for(demo_user)
                if ent_id == demo_ent and demo_user is not None
                else enterprise_actor(ent_id)
            )
            app = services.application_submit(
                actor=ent_actor,
                institution=institution,
                message=f"希望在{(today + timedelta(days=20 + 5 * k)).month}月安排现场评价{APPLICATION_MARK}",
            )
            done += 1
            if state == "withdrawn":
                services.application_withdraw(actor=ent_actor, application=app)
            elif state == "declined":
                services.application_decline(
                    actor=mgr,
                    application=app,
                    reason="本季度评价人员已排满，请选择其他机构或下季度再申请。",
                )
            elif state.startswith(("review_", "plan_")):
                a = services.application_accept(
                    actor=mgr,
                    application=app,
                    quote=Decimal(18000 + 2000 * k),
                    planned_on=today + timedelta(days=21 + 7 * k),
                )
                try:
                    services.assignment_assign_evaluators(actor=mgr, assignment=a, lead=lead)
                except services.EvaluationError:
                    continue  # a declared tie: the manager would choose another lead
                review = a.document_review
                if state != "review_open":
                    services.document_review_request(
                        actor=eva, review=review, text="请补充近一年的内部审核报告和管理评审记录。"
                    )
                if state not in ("review_open", "review_more"):
                    services.document_request_answer(
                        actor=ent_actor,
                        review=review,
                        answer="已补充上传 2026 年内审报告及管理评审纪要。",
                    )
                    services.document_review_pass(actor=eva, review=review, note="文件齐全。")
                if state.startswith("plan_"):
                    start = today + timedelta(days=21 + 7 * k)
                    plan = services.onsite_plan_send(
                        actor=eva,
                        assignment=a,
                        starts_on=start,
                        ends_on=start + timedelta(days=1),
                        agenda="第一天：首次会议，质量管理体系与过程控制评价；\n"
                        "第二天：现场查看生产与检验，末次会议。",
                    )
                    if state == "plan_confirmed":
                        services.onsite_plan_confirm(actor=ent_actor, plan=plan)
                    elif state == "plan_change":
                        services.onsite_plan_request_change(
                            actor=ent_actor, plan=plan, reason="第一天与外部审核冲突，请顺延一周。"
                        )
    return {"created": True, "applications": done}
