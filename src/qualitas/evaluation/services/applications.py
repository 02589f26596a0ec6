"""Applications for an on-site evaluation and the document review before the site visit.

An enterprise applies to an evaluation institution of its choice with its latest submitted
self-assessment (``submitted``); the institution's manager accepts it with a quote and a planned
date (``accepted``: an assignment without a campaign is created, with its document review) or
declines it with a reason (``declined``); the enterprise may withdraw it while it awaits the
decision (``withdrawn``). Nothing else moves an application.

The document review (文件评审): the lead evaluator passes the submitted evidence or asks for
more (``more_requested``); the enterprise answers, with a text or a file, and the review is open
again. Scoring on site is refused until the review has passed (``onsite.require_documents_passed``).
Every step is audited.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_answer_document_request,
    may_apply_for_evaluation,
    may_decide_application,
    may_review_documents,
    may_score_assignment,
)
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import (
    ApplicationStatus,
    DocumentReviewStatus,
)
from qualitas.evaluation.models import (
    Application,
    Assignment,
    DocumentReview,
    ReviewRequest,
)
from qualitas.evaluation.notifications import (
    notify_application_decided,
    notify_application_new,
    notify_documents_answered,
    notify_documents_requested,
)
from qualitas.evaluation.selectors.applications import latest_submitted_assessment
from qualitas.evaluation.services._common import EvaluationError, _setting
from qualitas.registry.models import Institution

_NOT_AWAITING = {
    "withdraw": _("the application is %(status)s: only one awaiting its decision can be withdrawn"),
    "accept": _("the application is %(status)s: only one awaiting its decision can be accepted"),
    "decline": _("the application is %(status)s: only one awaiting its decision can be declined"),
}


def _not_awaiting(app: Application, action: str) -> EvaluationError:
    return EvaluationError(_NOT_AWAITING[action], field="status", status=app.get_status_display())


def application_submit(*, actor: Actor, institution: Institution, message: str = "") -> Application:
    """An enterprise applies to ``institution`` for an on-site evaluation, attaching its latest
    submitted self-assessment; the institution's managers are told."""
    enterprise_id = actor.enterprise_id
    if enterprise_id is None or not may_apply_for_evaluation(actor, enterprise_id):
        raise Forbidden(_("only an enterprise's own users apply for its evaluation"))
    if institution.kind != "evaluation":
        raise EvaluationError(_("choose an evaluation institution"), field="institution")
    assessment = latest_submitted_assessment(enterprise_id=enterprise_id)
    if assessment is None:
        raise EvaluationError(
            _("submit a self-assessment first: the application attaches it"), field="assessment"
        )
    if Application.objects.filter(
        enterprise_id=enterprise_id,
        institution=institution,
        status=ApplicationStatus.SUBMITTED,
    ).exists():
        raise EvaluationError(
            _("an application to this institution is already awaiting its decision"),
            field="institution",
        )
    reply_by = timezone.localdate() + timedelta(days=int(_setting("APPLICATION_REPLY_DAYS", 10)))
    with transaction.atomic():
        app = Application.objects.create(
            enterprise_id=enterprise_id,
            institution=institution,
            assessment=assessment,
            message=message.strip(),
            reply_by=reply_by,
            submitted_by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="evaluation.application",
            object_pk=app.pk,
            changes={
                "enterprise": app.enterprise_id,
                "institution": institution.pk,
                "assessment": assessment.pk,
                "reply_by": reply_by.isoformat(),
            },
        )
        notify_application_new(app)
    return app


def application_withdraw(*, actor: Actor, application: Application) -> Application:
    """The enterprise withdraws its application while it awaits the decision."""
    if not may_apply_for_evaluation(actor, application.enterprise_id):
        raise NotFound
    if application.status != ApplicationStatus.SUBMITTED:
        raise _not_awaiting(application, "withdraw")
    return _move(actor, application, ApplicationStatus.WITHDRAWN, "withdraw", {})


def application_accept(
    *,
    actor: Actor,
    application: Application,
    quote: Decimal | None,
    planned_on: date | None,
) -> Assignment:
    """The institution's manager accepts with a quote and a planned visit date: the assignment
    (no campaign) and its document review are created, the enterprise is told. The manager then
    puts a team on the assignment as for a campaign's."""
    if not may_decide_application(actor, application.institution_id):
        raise Forbidden(_("only the institution's manager decides on applications"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise _not_awaiting(application, "accept")
    if quote is None or quote <= 0:
        raise EvaluationError(_("give the quote (more than zero)"), field="quote")
    today = timezone.localdate()
    if planned_on is None or planned_on <= today:
        raise EvaluationError(_("the planned date must lie in the future"), field="planned_on")
    review_days = int(_setting("DOCUMENT_REVIEW_DAYS", 14))
    report_days = int(_setting("APPLICATION_REPORT_DAYS", 30))
    with transaction.atomic():
        application.quote = quote
        application.planned_on = planned_on
        _move(
            actor,
            application,
            ApplicationStatus.ACCEPTED,
            "accept",
            {"quote": str(quote), "planned_on": planned_on.isoformat()},
            extra_fields=["quote", "planned_on"],
        )
        assignment = Assignment.objects.create(
            campaign=None,
            application=application,
            enterprise_id=application.enterprise_id,
            institution_id=application.institution_id,
            deadline=planned_on + timedelta(days=report_days),
        )
        review = DocumentReview.objects.create(
            assignment=assignment,
            deadline=max(
                today, min(today + timedelta(days=review_days), planned_on - timedelta(1))
            ),
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="evaluation.assignment",
            object_pk=assignment.pk,
            changes={
                "application": application.pk,
                "enterprise": assignment.enterprise_id,
                "institution": assignment.institution_id,
                "document_review_deadline": review.deadline.isoformat(),
            },
        )
    return assignment


def application_decline(*, actor: Actor, application: Application, reason: str) -> Application:
    """The institution's manager declines, giving the reason (required); the enterprise is told."""
    if not may_decide_application(actor, application.institution_id):
        raise Forbidden(_("only the institution's manager decides on applications"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise _not_awaiting(application, "decline")
    if not reason.strip():
        raise EvaluationError(_("give the reason for declining"), field="reason")
    application.decline_reason = reason.strip()
    return _move(
        actor,
        application,
        ApplicationStatus.DECLINED,
        "decline",
        {"reason": application.decline_reason},
        extra_fields=["decline_reason"],
    )


def _move(
    actor: Actor,
    app: Application,
    to: str,
    action: str,
    changes: dict[str, Any],
    *,
    extra_fields: list[str] | None = None,
) -> Application:
    with transaction.atomic():
        before = app.status
        app.status = to
        app.decided_by = actor.user
        app.decided_at = timezone.now()
        app.save(update_fields=["status", "decided_by", "decided_at", *(extra_fields or [])])
        audit_append(
            actor=actor.user,
            action=action,
            model="evaluation.application",
            object_pk=app.pk,
            changes={"status": [before, to], **changes},
        )
        if to in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
            notify_application_decided(app)
    return app


# --------------------------------------------------------------------------------------------
# Document review
# --------------------------------------------------------------------------------------------


def _lead_only(actor: Actor, review: DocumentReview) -> None:
    a = review.assignment
    if not may_score_assignment(actor, a):
        raise NotFound
    if not may_review_documents(actor, a):
        raise Forbidden(_("only the lead evaluator reviews the documents"))
    if review.status == DocumentReviewStatus.PASSED:
        raise EvaluationError(_("the document review has already passed"), field="status")
    if review.status == DocumentReviewStatus.MORE_REQUESTED:
        raise EvaluationError(
            _("the enterprise has not answered the request for more documents yet"),
            field="status",
        )


def document_review_pass(*, actor: Actor, review: DocumentReview, note: str = "") -> DocumentReview:
    """The lead evaluator passes the documents: scoring on site may start."""
    _lead_only(actor, review)
    with transaction.atomic():
        review.status = DocumentReviewStatus.PASSED
        review.passed_by = actor.user
        review.passed_at = timezone.now()
        review.note = note.strip()
        review.save(update_fields=["status", "passed_by", "passed_at", "note"])
        audit_append(
            actor=actor.user,
            action="documents_pass",
            model="evaluation.documentreview",
            object_pk=review.pk,
            changes={"assignment": review.assignment_id, "note": review.note},
        )
    return review


def document_review_request(*, actor: Actor, review: DocumentReview, text: str) -> ReviewRequest:
    """The lead evaluator asks the enterprise for more documents (saying which); the enterprise is told."""
    _lead_only(actor, review)
    if not text.strip():
        raise EvaluationError(_("say which documents are missing"), field="text")
    with transaction.atomic():
        req = ReviewRequest.objects.create(
            review=review, text=text.strip(), requested_by=actor.user
        )
        review.status = DocumentReviewStatus.MORE_REQUESTED
        review.save(update_fields=["status"])
        audit_append(
            actor=actor.user,
            action="documents_request",
            model="evaluation.documentreview",
            object_pk=review.pk,
            changes={"assignment": review.assignment_id, "request": req.pk, "text": req.text},
        )
        notify_documents_requested(review)
    return req


def document_request_answer(
    *, actor: Actor, review: DocumentReview, answer: str = "", file: Any = None
) -> ReviewRequest:
    """The enterprise answers the open request (a text, a file or both): the review is open again
    and the lead evaluator is told."""
    if not may_answer_document_request(actor, review.assignment.enterprise_id):
        raise NotFound
    req = review.requests.filter(answered_at__isnull=True).order_by("-pk").first()
    if review.status != DocumentReviewStatus.MORE_REQUESTED or req is None:
        raise EvaluationError(_("no request for more documents is open"), field="status")
    if not answer.strip() and not file:
        raise EvaluationError(_("answer the request or attach a file"), field="answer")
    with transaction.atomic():
        req.answer = answer.strip()
        if file:
            req.file = file
        req.answered_by = actor.user
        req.answered_at = timezone.now()
        req.save(update_fields=["answer", "file", "answered_by", "answered_at"])
        review.status = DocumentReviewStatus.OPEN
        review.save(update_fields=["status"])
        audit_append(
            actor=actor.user,
            action="documents_answer",
            model="evaluation.documentreview",
            object_pk=review.pk,
            changes={
                "assignment": review.assignment_id,
                "request": req.pk,
                "file": req.file.name if req.file else None,
            },
        )
        notify_documents_answered(review)
    return req


def require_documents_passed(assignment: Assignment) -> None:
    """Refuse scoring while the assignment's document review (application-born assignments
    only: campaigns have none) has not passed, naming where it stands."""
    review = DocumentReview.objects.filter(assignment_id=assignment.pk).first()
    if review is not None and review.status != DocumentReviewStatus.PASSED:
        raise EvaluationError(
            _("scoring starts after the document review has passed (now: %(status)s)"),
            field="document_review",
            status=review.get_status_display(),
        )
