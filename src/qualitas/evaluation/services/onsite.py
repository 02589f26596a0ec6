"""On-site scoring by the team and its submission by the lead evaluator."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_score_assignment,
    may_submit_scores,
)
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import (
    AssignmentStatus,
    EvaluationStatus,
)
from qualitas.evaluation.models import (
    Assignment,
    Evaluation,
    Requirement,
    Score,
)
from qualitas.evaluation.services._common import EvaluationError, _check_value, _requirement_of
from qualitas.evaluation.services.plans import require_scoring_open


def evaluation_for(*, actor: Actor, assignment: Assignment) -> Evaluation:
    """The on-site evaluation of an assignment (created when a team member first opens it).
    Refused, naming the stage, while an application-born assignment's document review has not
    passed or its on-site plan is not confirmed: the scoring form does not open before."""
    if not may_score_assignment(actor, assignment):
        raise NotFound
    require_scoring_open(assignment)
    ev, _created = Evaluation.objects.get_or_create(
        assignment=assignment, defaults={"framework_id": assignment.framework_pk}
    )
    return ev


def score_save(
    *,
    actor: Actor,
    evaluation: Evaluation,
    requirement_id: int,
    value: str,
    finding: str | None = None,
) -> Score:
    """An evaluator scores one requirement on site (autosaved), with a finding; audited."""
    if not may_score_assignment(actor, evaluation.assignment):
        raise NotFound
    if evaluation.status != EvaluationStatus.DRAFT:
        raise EvaluationError(_("scores are submitted"), field="status")
    require_scoring_open(evaluation.assignment)
    req = _requirement_of(evaluation.framework_id, requirement_id)
    _check_value(req, value)
    with transaction.atomic():
        row, created = Score.objects.get_or_create(
            evaluation=evaluation,
            requirement=req,
            defaults={"value": value, "finding": finding or "", "updated_by": actor.user},
        )
        before = None if created else row.value
        if not created:
            row.value = value
            if finding is not None:
                row.finding = finding
            row.updated_by = actor.user
            row.save(update_fields=["value", "finding", "updated_by", "updated_at"])
        audit_append(
            actor=actor.user,
            action="score",
            model="evaluation.evaluation",
            object_pk=evaluation.pk,
            changes={"requirement": req.code, "value": [before, value], "finding": finding},
        )
    return row


def evaluation_submit(
    *, actor: Actor, evaluation: Evaluation, visited_on: date | None = None, summary: str = ""
) -> Evaluation:
    """The lead evaluator submits the scores; every requirement must be scored."""
    a = evaluation.assignment
    if not may_score_assignment(actor, a):
        raise NotFound
    if not may_submit_scores(actor, a):
        raise Forbidden(_("only the lead evaluator submits"))
    require_scoring_open(a)
    total = Requirement.objects.filter(framework_id=evaluation.framework_id).count()
    done = evaluation.scores.count()
    if done < total:
        raise EvaluationError(
            _("%(n)d requirement(s) not scored yet"),
            field="scores",
            n=total - done,
        )
    with transaction.atomic():
        evaluation.status = EvaluationStatus.SUBMITTED
        evaluation.submitted_at = timezone.now()
        evaluation.visited_on = visited_on or timezone.localdate()
        evaluation.summary = summary
        evaluation.save(update_fields=["status", "submitted_at", "visited_on", "summary"])
        a.status = AssignmentStatus.SUBMITTED
        a.save(update_fields=["status", "updated_at"])
        audit_append(
            actor=actor.user,
            action="submit",
            model="evaluation.evaluation",
            object_pk=evaluation.pk,
            changes={"assignment": a.pk, "visited_on": evaluation.visited_on.isoformat()},
        )
    return evaluation
