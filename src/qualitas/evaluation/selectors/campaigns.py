"""Campaigns, assignments, on-site scores beside the self-assessment, evaluators and their declarations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qualitas.core.access import (
    Actor,
    NotFound,
    assignments_q,
    campaigns_q,
    enterprise_region_q,
    governed_q,
    team_candidates_q,
)
from qualitas.evaluation.choices import (
    AssessmentStatus,
    AssignmentStatus,
)
from qualitas.evaluation.models import (
    AnswerRow,
    Assessment,
    Assignment,
    Campaign,
    COIDeclaration,
    Evaluation,
    Qualification,
    Score,
)
from qualitas.registry.models import Enterprise

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def campaigns_for(*, actor: Actor) -> QuerySet[Campaign]:
    """Campaigns of the actor's regions (authority), with assignments of their institution (institution staff)."""
    qs = Campaign.objects.select_related("region", "framework").annotate(n=Count("assignments"))
    seen = Assignment.objects.filter(assignments_q(actor)).values("campaign_id")
    return qs.filter(campaigns_q(actor, of_visible_assignments=seen))


def campaign_get(*, actor: Actor, pk: int) -> Campaign:
    c = campaigns_for(actor=actor).filter(pk=pk).first()
    if c is None:
        raise NotFound
    return c


@dataclass(frozen=True)
class CampaignProgress:
    """A campaign's assignments per status (``statuses``: value, label, count), per institution,
    and overdue; the API serialises it as is (``status_counts`` by value)."""

    total: int
    statuses: list[tuple[str, Any, int]]  # value, label (lazy), count
    by_institution: list[dict[str, Any]]
    overdue: int
    published_pct: int

    @property
    def status_counts(self) -> dict[str, int]:
        return {value: n for value, _label, n in self.statuses}


def campaigns_progress(campaigns: Iterable[Campaign]) -> dict[int, CampaignProgress]:
    """The progress of each campaign (by id): assignments per status, per institution, overdue;
    three queries however many campaigns."""
    ids = [c.pk for c in campaigns]
    qs = Assignment.objects.filter(campaign_id__in=ids).order_by()
    by_status: dict[int, dict[str, int]] = {i: {} for i in ids}
    for cid, status, n in (
        qs.values("campaign_id", "status")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "status", "n")
    ):
        by_status[cid][status] = n
    by_inst: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in (
        qs.values("campaign_id", "institution_id", "institution__name_zh", "institution__name_en")
        .annotate(
            n=Count("pk"),
            published=Count("pk", filter=Q(status=AssignmentStatus.PUBLISHED)),
        )
        .order_by("campaign_id", "institution_id")
    ):
        by_inst[row.pop("campaign_id")].append(row)
    overdue = dict(
        qs.filter(deadline__lt=timezone.localdate())
        .exclude(status=AssignmentStatus.PUBLISHED)
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "n")
    )
    out = {}
    for cid in ids:
        counts = by_status[cid]
        total = sum(counts.values())
        out[cid] = CampaignProgress(
            total=total,
            statuses=[(s.value, s.label, counts.get(s.value, 0)) for s in AssignmentStatus],
            by_institution=by_inst[cid],
            overdue=overdue.get(cid, 0),
            published_pct=int(100 * counts.get(AssignmentStatus.PUBLISHED, 0) / total)
            if total
            else 0,
        )
    return out


def campaign_progress(campaign: Campaign) -> CampaignProgress:
    """Assignments per status, per institution, and overdue count (:func:`campaigns_progress`)."""
    return campaigns_progress([campaign])[campaign.pk]


def campaign_candidates(
    *,
    actor: Actor,
    region: str = "",
    industry: str = "",
    self_level: int | None = None,
    credit_codes: list[str] | None = None,
) -> QuerySet[Enterprise]:
    """Enterprises a campaign may cover: in the actor's regions, filtered by region, industry,
    latest self-assessed level, or a list of credit codes."""
    qs = Enterprise.objects.filter(status="active").filter(governed_q(actor))
    if region:
        qs = qs.filter(enterprise_region_q(region))
    if industry:
        ind = industry.upper()
        qs = qs.filter(industry__parent_id=ind) if len(ind) == 1 else qs.filter(industry_id=ind[:3])
    if self_level is not None:
        last = (
            Assessment.objects.filter(
                enterprise_id=OuterRef("pk"), status=AssessmentStatus.SUBMITTED
            )
            .order_by("-submitted_at")
            .values("level")[:1]
        )
        qs = qs.annotate(self_level=Subquery(last)).filter(self_level=self_level)
    if credit_codes is not None:
        qs = qs.filter(credit_code__in=[c.strip().upper() for c in credit_codes if c.strip()])
    return qs.order_by("pk")


def assignments_for(*, actor: Actor) -> QuerySet[Assignment]:
    """Assignments the actor may see: managers and reviewers of the institution, evaluators on the team, authorities of the region."""
    return Assignment.objects.select_related(
        "enterprise", "enterprise__region", "campaign", "institution", "lead", "application"
    ).filter(assignments_q(actor))


def assignment_get(*, actor: Actor, pk: int) -> Assignment:
    a = assignments_for(actor=actor).filter(pk=pk).first()
    if a is None:
        raise NotFound
    return a


def evaluation_rows(
    *, evaluation: Evaluation, assessment: Assessment | None
) -> dict[int, dict[str, Any]]:
    """Per requirement: the evaluator's score and finding, the self-assessment answer and whether they differ widely."""
    from qualitas.evaluation.scoring import framework_spec

    spec, _ = framework_spec(evaluation.framework)
    scale = dict(spec.scale)
    mine = {s.requirement_id: s for s in Score.objects.filter(evaluation=evaluation)}
    theirs = (
        {a.requirement_id: a for a in AnswerRow.objects.filter(assessment=assessment)}
        if assessment
        else {}
    )
    out: dict[int, dict[str, Any]] = {}
    for rid in set(mine) | set(theirs):
        s, a = mine.get(rid), theirs.get(rid)
        diff = None
        if s and a and s.value in scale and a.value in scale:
            diff = scale[s.value] - scale[a.value]
        out[rid] = {
            "score": s,
            "answer": a,
            "diff": diff,
            "large": diff is not None and abs(diff) >= 0.5,
        }
    return out


def scoring_summary(*, evaluation: Evaluation, rows: dict[int, dict[str, Any]]) -> dict[str, int]:
    """The scoring form's summary: requirements scored of all (and in percent), and the large
    differences from the self-assessment so far."""
    from qualitas.evaluation.scoring import framework_spec

    spec, _ = framework_spec(evaluation.framework)
    scored, total = sum(1 for r in rows.values() if r["score"]), len(spec.requirements)
    return {
        "scored": scored,
        "total": total,
        "percent": round(100 * scored / total) if total else 0,
        "large": sum(1 for r in rows.values() if r["large"]),
    }


def self_assessment_for_evaluation(assignment: Assignment) -> Assessment | None:
    """The enterprise's latest submitted self-assessment on the campaign's framework, shown beside
    the evaluators' scores; for an application, the self-assessment it attached."""
    if assignment.application_id is not None:
        return Assessment.objects.filter(applications__pk=assignment.application_id).first()
    return (
        Assessment.objects.filter(
            enterprise_id=assignment.enterprise_id,
            framework_id=assignment.framework_pk,
            status=AssessmentStatus.SUBMITTED,
        )
        .order_by("-submitted_at")
        .first()
    )


def evaluators_of_institution(*, institution_id: int | None) -> list[User]:
    """The evaluators of an institution, by user name (who may be put on its teams)."""
    from django.contrib.auth import get_user_model

    qs = get_user_model().objects.filter(team_candidates_q(institution_id))
    return list(qs.order_by("username"))


def coi_declarations_for(*, actor: Actor) -> QuerySet[COIDeclaration]:
    """The actor's own conflict-of-interest declarations (nobody lists another's here)."""
    return COIDeclaration.objects.filter(user=actor.user).select_related("enterprise")


def qualifications_for(*, actor: Actor) -> QuerySet[Qualification]:
    """The actor's own evaluator qualifications."""
    return Qualification.objects.filter(user=actor.user)
