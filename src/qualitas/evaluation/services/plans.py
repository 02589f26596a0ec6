"""The on-site evaluation plan (现场评价计划), between the document review and scoring.

Once the document review of an application-born assignment has passed, the lead evaluator sends
the enterprise the plan: the days on site, the team (as it stands then) and the agenda
(``sent``). The enterprise confirms it (``confirmed``) or asks for a change, saying why
(``change_requested``); the lead evaluator then sends it again. Scoring opens once the plan is
confirmed (:func:`require_scoring_open`). Campaign assignments have neither stage. Every step is
audited and the other side is told.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_answer_onsite_plan,
    may_plan_onsite,
    may_score_assignment,
)
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import OnsitePlanStatus
from qualitas.evaluation.models import Assignment, DocumentReview, OnsitePlan
from qualitas.evaluation.notifications import notify_plan_answered, notify_plan_sent
from qualitas.evaluation.services._common import EvaluationError, _setting
from qualitas.evaluation.services.applications import require_documents_passed


def _team_of(assignment: Assignment) -> list[dict[str, Any]]:
    members = sorted(assignment.evaluators.all(), key=lambda u: (u.pk != assignment.lead_id, u.pk))
    return [
        {"name": u.get_full_name() or u.username, "lead": u.pk == assignment.lead_id}
        for u in members
    ]


def onsite_plan_send(
    *,
    actor: Actor,
    assignment: Assignment,
    starts_on: date | None,
    ends_on: date | None,
    agenda: str,
) -> OnsitePlan:
    """The lead evaluator sends (or, after a change was asked for, sends again) the on-site plan;
    the enterprise's users are told and confirm it by ``confirm_by``."""
    if not may_score_assignment(actor, assignment):
        raise NotFound
    if not may_plan_onsite(actor, assignment):
        raise Forbidden(_("only the lead evaluator sends the on-site plan"))
    if not DocumentReview.objects.filter(assignment_id=assignment.pk).exists():
        raise EvaluationError(
            _("a campaign's assignment has no on-site plan to send"), field="assignment"
        )
    require_documents_passed(assignment)
    plan = OnsitePlan.objects.filter(assignment_id=assignment.pk).first()
    if plan is not None and plan.status != OnsitePlanStatus.CHANGE_REQUESTED:
        raise EvaluationError(
            _("the on-site plan is %(status)s: it is sent again only when a change is asked for"),
            field="status",
            status=plan.get_status_display(),
        )
    today = timezone.localdate()
    if starts_on is None or starts_on <= today:
        raise EvaluationError(_("the first day on site must lie in the future"), field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise EvaluationError(
            _("the last day on site cannot come before the first"), field="ends_on"
        )
    max_days = int(_setting("ONSITE_PLAN_MAX_DAYS", 10))
    if (ends_on - starts_on).days + 1 > max_days:
        raise EvaluationError(
            _("an on-site visit lasts at most %(n)d days"), field="ends_on", n=max_days
        )
    if not agenda.strip():
        raise EvaluationError(_("give the agenda of the visit"), field="agenda")
    confirm_days = int(_setting("ONSITE_PLAN_CONFIRM_DAYS", 5))
    confirm_by = max(today, min(today + timedelta(days=confirm_days), starts_on - timedelta(1)))
    fields = {
        "status": OnsitePlanStatus.SENT,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "agenda": agenda.strip(),
        "team": _team_of(assignment),
        "confirm_by": confirm_by,
        "sent_by": actor.user,
        "sent_at": timezone.now(),
        "answered_by": None,
        "answered_at": None,
    }
    with transaction.atomic():
        plan, created = OnsitePlan.objects.update_or_create(
            assignment_id=assignment.pk, defaults=fields
        )
        audit_append(
            actor=actor.user,
            action="plan_send" if created else "plan_resend",
            model="evaluation.onsiteplan",
            object_pk=plan.pk,
            changes={
                "assignment": assignment.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "confirm_by": confirm_by.isoformat(),
                "team": plan.team,
            },
        )
        notify_plan_sent(plan)
    return plan


def _answerable(actor: Actor, plan: OnsitePlan) -> None:
    if not may_answer_onsite_plan(actor, plan.assignment.enterprise_id):
        raise NotFound
    if plan.status != OnsitePlanStatus.SENT:
        raise EvaluationError(
            _("the on-site plan is %(status)s: only a plan awaiting confirmation is answered"),
            field="status",
            status=plan.get_status_display(),
        )


def onsite_plan_confirm(*, actor: Actor, plan: OnsitePlan) -> OnsitePlan:
    """The enterprise confirms the plan: scoring on site may start; the lead evaluator is told."""
    _answerable(actor, plan)
    return _answer(actor, plan, OnsitePlanStatus.CONFIRMED, "plan_confirm", "")


def onsite_plan_request_change(*, actor: Actor, plan: OnsitePlan, reason: str) -> OnsitePlan:
    """The enterprise asks for another plan, saying why (required); the lead evaluator is told."""
    _answerable(actor, plan)
    if not reason.strip():
        raise EvaluationError(_("say what should change in the plan"), field="reason")
    return _answer(actor, plan, OnsitePlanStatus.CHANGE_REQUESTED, "plan_change", reason.strip())


def _answer(actor: Actor, plan: OnsitePlan, to: str, action: str, reason: str) -> OnsitePlan:
    with transaction.atomic():
        before = plan.status
        plan.status = to
        plan.change_reason = reason
        plan.answered_by = actor.user
        plan.answered_at = timezone.now()
        plan.save(update_fields=["status", "change_reason", "answered_by", "answered_at"])
        audit_append(
            actor=actor.user,
            action=action,
            model="evaluation.onsiteplan",
            object_pk=plan.pk,
            changes={"status": [before, to], "reason": reason},
        )
        notify_plan_answered(plan)
    return plan


def require_scoring_open(assignment: Assignment) -> None:
    """Refuse scoring before the stages that precede it are done, naming the first one open:
    the document review has passed and the enterprise has confirmed the on-site plan
    (application-born assignments only: campaigns have neither)."""
    review = DocumentReview.objects.filter(assignment_id=assignment.pk).first()
    if review is None:
        return
    require_documents_passed(assignment)
    plan = OnsitePlan.objects.filter(assignment_id=assignment.pk).first()
    if plan is None or plan.status != OnsitePlanStatus.CONFIRMED:
        raise EvaluationError(
            _(
                "scoring starts once the enterprise has confirmed the on-site plan (now: %(status)s)"
            ),
            field="onsite_plan",
            status=plan.get_status_display() if plan else _("no plan sent yet"),
        )
