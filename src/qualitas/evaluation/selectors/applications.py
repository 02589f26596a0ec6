"""Applications for an on-site evaluation, the institutions to apply to, the document review."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from qualitas.core.access import Actor, NotFound, applications_q
from qualitas.evaluation.choices import AssessmentStatus
from qualitas.evaluation.models import (
    Application,
    Assessment,
    Assignment,
    DocumentReview,
    Evidence,
    OnsitePlan,
)
from qualitas.registry.models import Enterprise, Institution


def applications_for(*, actor: Actor, status: str = "") -> QuerySet[Application]:
    """Applications the actor may read (newest first), optionally of one status."""
    qs = Application.objects.filter(applications_q(actor)).select_related(
        "enterprise", "enterprise__region", "institution", "assessment", "assignment"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-pk")


def application_get(*, actor: Actor, pk: int) -> Application:
    app = applications_for(actor=actor).filter(pk=pk).first()
    if app is None:
        raise NotFound
    return app


def institutions_to_apply(*, enterprise: Enterprise) -> list[Institution]:
    """Evaluation institutions, nearest first: the enterprise's own region (city), then its
    province, then the rest, by name. (No recognition of institutions exists yet: when the
    authority's recommended list arrives it goes first.)"""
    province = enterprise.province_id
    near = Case(
        When(region_id=enterprise.region_id, then=Value(0)),
        When(
            Q(region_id=province)
            | Q(region__parent_id=province)
            | Q(region__parent__parent_id=province),
            then=Value(1),
        ),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        Institution.objects.filter(kind="evaluation")
        .select_related("region")
        .annotate(nearness=near)
        .order_by("nearness", "name_zh", "pk")
    )


def latest_submitted_assessment(*, enterprise_id: int | None) -> Assessment | None:
    """The self-assessment an application attaches: the enterprise's latest submitted one."""
    if enterprise_id is None:
        return None
    return (
        Assessment.objects.filter(enterprise_id=enterprise_id, status=AssessmentStatus.SUBMITTED)
        .select_related("framework")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def document_review_of(assignment: Assignment) -> DocumentReview | None:
    """The document review of an application-born assignment (None for a campaign's)."""
    return (
        DocumentReview.objects.filter(assignment_id=assignment.pk)
        .prefetch_related("requests")
        .first()
    )


def document_review_of_application(application: Application) -> DocumentReview | None:
    """The document review of an accepted application's assignment (None before acceptance)."""
    return DocumentReview.objects.filter(assignment__application=application).first()


def open_reviews_for_enterprise(*, actor: Actor) -> list[DocumentReview]:
    """Document reviews of the actor's enterprise's applications with their requests (the
    enterprise answers open requests on its applications page)."""
    if actor.enterprise_id is None:
        return []
    return list(
        DocumentReview.objects.filter(
            assignment__application__in=applications_for(actor=actor).values("pk"),
            assignment__enterprise_id=actor.enterprise_id,
        )
        .select_related("assignment")
        .prefetch_related("requests")
    )


def onsite_plan_of(assignment: Assignment) -> OnsitePlan | None:
    """The on-site plan of an application-born assignment (None before it is sent)."""
    return OnsitePlan.objects.filter(assignment_id=assignment.pk).first()


def onsite_plans_for_enterprise(*, actor: Actor) -> dict[int, OnsitePlan]:
    """The on-site plans of the actor's enterprise's applications, by application."""
    if actor.enterprise_id is None:
        return {}
    return {
        p.assignment.application_id or 0: p
        for p in OnsitePlan.objects.filter(
            assignment__application__in=applications_for(actor=actor).values("pk"),
            assignment__enterprise_id=actor.enterprise_id,
        ).select_related("assignment")
    }


def evidence_of(assessment: Assessment) -> list[Evidence]:
    """The evidence an enterprise attached to its self-assessment, by requirement (the lead
    evaluator's document review reads it)."""
    return list(
        Evidence.objects.filter(assessment=assessment)
        .select_related("requirement")
        .order_by("requirement__code", "pk")
    )
