"""Self-assessments (row access: the enterprise's own users, authorities of its region) and peer positions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db.models import OuterRef, Q, QuerySet, Subquery

from qualitas.analytics.maturity import (
    peer_position,
)
from qualitas.core.access import (
    Actor,
    NotFound,
    assessments_q,
    reads_submitted_assessments_only,
)
from qualitas.evaluation.choices import (
    AssessmentStatus,
)
from qualitas.evaluation.models import (
    AnswerRow,
    Assessment,
)
from qualitas.evaluation.selectors._common import min_group
from qualitas.evaluation.selectors.frameworks import DimensionNode, framework_tree
from qualitas.registry.models import Enterprise


def _assessments_visible(actor: Actor) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("enterprise", "framework").filter(assessments_q(actor))
    if reads_submitted_assessments_only(actor):
        qs = qs.filter(status=AssessmentStatus.SUBMITTED)
    return qs


def assessments_for(*, actor: Actor) -> QuerySet[Assessment]:
    """Self-assessments the actor may read (own enterprise; authorities: submitted ones in their regions)."""
    return _assessments_visible(actor)


def assessment_get(*, actor: Actor, pk: int) -> Assessment:
    """One self-assessment, or NotFound (missing and not allowed look the same)."""
    a = _assessments_visible(actor).filter(pk=pk).first()
    if a is None:
        raise NotFound
    return a


def assessment_answers(assessment: Assessment) -> dict[int, AnswerRow]:
    return {a.requirement_id: a for a in AnswerRow.objects.filter(assessment=assessment)}


def assessment_progress(
    assessment: Assessment,
    tree: list[DimensionNode] | None = None,
    answers: dict[int, Any] | None = None,
) -> list[dict[str, Any]]:
    """Answered / total per dimension."""
    tree = tree if tree is not None else framework_tree(assessment.framework)
    answered = (
        set(answers)
        if answers is not None
        else set(
            AnswerRow.objects.filter(assessment=assessment).values_list("requirement_id", flat=True)
        )
    )
    out = []
    for node in tree:
        ids = [r.pk for i in node.indicators for r in i.requirements]
        done = sum(1 for i in ids if i in answered)
        out.append(
            {
                "code": node.dimension.code,
                "name": node.dimension.name,
                "done": done,
                "total": len(ids),
                "percent": int(100 * done / len(ids)) if ids else 100,
            }
        )
    return out


def peers_for(*, enterprise: Enterprise, score: float) -> dict[str, Any]:
    """Position among peers of the same industry division and of the same province, from the
    latest submitted self-assessment of every enterprise (official levels where published)."""
    base = Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        submitted_at=Subquery(
            Assessment.objects.filter(
                enterprise_id=OuterRef("enterprise_id"), status=AssessmentStatus.SUBMITTED
            )
            .order_by("-submitted_at")
            .values("submitted_at")[:1]
        ),
    )
    out = {}
    for key, flt in (
        ("industry", Q(enterprise__industry_id=enterprise.industry_id)),
        ("region", Q(enterprise__province_id=enterprise.province_id)),
    ):
        rows = list(base.filter(flt).values_list("score", "level"))
        p = peer_position(
            score,
            # a submitted assessment always has its score (assessment_submit sets both)
            [float(cast(Decimal, s)) for s, _ in rows],
            [int(lv or 0) for _, lv in rows],
            min_group=min_group(),
        )
        out[key] = p
    return out
