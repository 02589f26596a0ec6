"""The evaluation app's notifications (``core.notifications``): an evaluator put on a team is
told at once (:func:`notify_team`, from ``assignment_assign_evaluators``); assignment and
campaign deadlines near or past are reported through ``core.providers.deadline_provider`` and
become one notification per deadline when the user logs in. Registered from ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from qualitas.core.access import (
    Actor,
    enterprise_users_q,
    institution_managers_q,
    may_apply_for_evaluation,
    may_manage_certificate,
    may_run_campaigns,
    may_score,
)
from qualitas.core.choices import NotificationKind
from qualitas.core.notifications import notify
from qualitas.core.providers import Deadline, deadline_provider
from qualitas.evaluation import selectors
from qualitas.evaluation.choices import AssignmentStatus, CampaignStatus
from qualitas.evaluation.models import (
    Application,
    Assignment,
    CertificateAction,
    DocumentReview,
    OnsitePlan,
)

# At most this many deadlines of one kind are reported at a login (the oldest first).
MAX_PER_LOGIN = 20


def _name(enterprise: Any) -> dict[str, str]:
    """An enterprise's name in both languages: the notification shows the reader's."""
    return {"zh": enterprise.name_zh, "en": enterprise.name_en or ""}


def notify_team(assignment: Assignment, team: Iterable[Any]) -> None:
    """After the transaction: each evaluator of the new team hears of the assignment."""
    users = [u.pk for u in team]
    params = {
        "enterprise": _name(assignment.enterprise),
        "day": assignment.deadline.isoformat(),
    }
    url = reverse("evaluation:assignment", args=[assignment.pk])
    transaction.on_commit(
        lambda: notify(
            users=users,
            kind=NotificationKind.ASSIGNMENT,
            message=gettext_noop(
                "You are on the team evaluating %(enterprise)s on site (deadline %(day)s)."
            ),
            params=params,
            url=url,
            key=f"evaluation.assignment:{assignment.pk}:team",
        )
    )


def _users(q: Any) -> list[int]:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(q).values_list("pk", flat=True))


def _later(
    users: list[int], message: str, params: dict[str, Any], url: str, key: str, kind: str
) -> None:
    transaction.on_commit(
        lambda: notify(users=users, kind=kind, message=message, params=params, url=url, key=key)
    )


def notify_application_new(app: Application) -> None:
    """The institution's managers hear of a new application."""
    _later(
        _users(institution_managers_q(app.institution_id)),
        gettext_noop("%(enterprise)s applies for an on-site evaluation (reply by %(day)s)."),
        {"enterprise": _name(app.enterprise), "day": app.reply_by.isoformat()},
        reverse("evaluation:applications") + "?status=submitted",
        f"evaluation.application:{app.pk}:new",
        NotificationKind.ASSIGNMENT,
    )


def notify_application_decided(app: Application) -> None:
    """The enterprise's users hear that its application was accepted or declined."""
    accepted = app.status == "accepted"
    _later(
        _users(enterprise_users_q(app.enterprise_id)),
        gettext_noop(
            "%(institution)s accepted your application: on-site evaluation planned on %(day)s."
        )
        if accepted
        else gettext_noop("%(institution)s declined your application: %(reason)s"),
        {
            "institution": {"zh": app.institution.name_zh, "en": app.institution.name_en or ""},
            "day": app.planned_on.isoformat() if app.planned_on else "",
            "reason": app.decline_reason,
        },
        reverse("evaluation:applications"),
        f"evaluation.application:{app.pk}:{app.status}",
        NotificationKind.INFO,
    )


def notify_documents_requested(review: DocumentReview) -> None:
    """The enterprise's users hear that the lead evaluator asks for more documents."""
    a = review.assignment
    _later(
        _users(enterprise_users_q(a.enterprise_id)),
        gettext_noop("The evaluators ask for more documents before the site visit."),
        {},
        reverse("evaluation:applications"),
        f"evaluation.review:{review.pk}:request:{review.requests.count()}",
        NotificationKind.INFO,
    )


def notify_documents_answered(review: DocumentReview) -> None:
    """The lead evaluator hears that the enterprise answered the request."""
    a = review.assignment
    _later(
        [a.lead_id] if a.lead_id else [],
        gettext_noop("%(enterprise)s answered the request for more documents."),
        {"enterprise": _name(a.enterprise)},
        reverse("evaluation:assignment", args=[a.pk]),
        f"evaluation.review:{review.pk}:answer:{review.requests.count()}",
        NotificationKind.INFO,
    )


def notify_plan_sent(plan: OnsitePlan) -> None:
    """The enterprise's users hear that the on-site plan awaits their confirmation."""
    a = plan.assignment
    _later(
        _users(enterprise_users_q(a.enterprise_id)),
        gettext_noop(
            "The on-site plan (%(start)s to %(end)s) awaits your confirmation by %(day)s."
        ),
        {
            "start": plan.starts_on.isoformat(),
            "end": plan.ends_on.isoformat(),
            "day": plan.confirm_by.isoformat(),
        },
        reverse("evaluation:applications"),
        f"evaluation.plan:{plan.pk}:sent:{plan.sent_at.isoformat()}",
        NotificationKind.INFO,
    )


def notify_plan_answered(plan: OnsitePlan) -> None:
    """The lead evaluator hears that the enterprise confirmed the plan or asked for a change."""
    a = plan.assignment
    _later(
        [a.lead_id] if a.lead_id else [],
        gettext_noop("%(enterprise)s confirmed the on-site plan.")
        if plan.status == "confirmed"
        else gettext_noop("%(enterprise)s asks to change the on-site plan: %(reason)s"),
        {"enterprise": _name(a.enterprise), "reason": plan.change_reason},
        reverse("evaluation:assignment", args=[a.pk]),
        f"evaluation.plan:{plan.pk}:{plan.status}:{plan.sent_at.isoformat()}",
        NotificationKind.INFO,
    )


def notify_certificate_action(action: CertificateAction) -> None:
    """The enterprise's users hear that its certificate was suspended, reinstated or withdrawn."""
    r = action.result
    messages = {
        "suspend": gettext_noop("Your capability certificate %(code)s is suspended: %(grounds)s"),
        "reinstate": gettext_noop("Your capability certificate %(code)s is reinstated."),
        "withdraw": gettext_noop("Your capability certificate %(code)s is withdrawn: %(grounds)s"),
    }
    _later(
        _users(enterprise_users_q(r.enterprise_id)),
        messages[action.kind],
        {"code": r.certificate_code or "", "grounds": action.grounds},
        reverse("evaluation:verify", args=[r.certificate_code]),
        f"evaluation.certificate:{r.pk}:{action.kind}:{action.pk}",
        NotificationKind.INFO,
    )


@deadline_provider
def evaluation_deadlines(actor: Actor, today: date) -> Iterator[Deadline]:
    """Evaluators: their assignments still to score due within the notice period or overdue;
    those who run campaigns: open campaigns due likewise."""
    soon = today + timedelta(days=settings.QUALITAS["DEADLINE_NOTICE_DAYS"])
    if may_score(actor):
        due = (
            selectors.assignments_for(actor=actor)
            .filter(status=AssignmentStatus.ASSIGNED, deadline__lte=soon, evaluators=actor.user)
            .order_by("deadline", "pk")[:MAX_PER_LOGIN]
        )
        for a in due:
            yield Deadline(
                key=f"evaluation.assignment:{a.pk}:due:{a.deadline.isoformat()}",
                message=gettext_noop("The on-site evaluation of %(enterprise)s is due on %(day)s.")
                if a.deadline >= today
                else gettext_noop("The on-site evaluation of %(enterprise)s was due on %(day)s."),
                params={"enterprise": _name(a.enterprise), "day": a.deadline.isoformat()},
                url=reverse("evaluation:assignment", args=[a.pk]),
                source_app="evaluation",
            )
    yield from _renewal_deadlines(actor, today)
    yield from _surveillance_deadlines(actor, today, soon)
    if may_run_campaigns(actor):
        open_ = (
            selectors.campaigns_for(actor=actor)
            .filter(status=CampaignStatus.OPEN, deadline__lte=soon)
            .order_by("deadline", "pk")[:MAX_PER_LOGIN]
        )
        for c in open_:
            yield Deadline(
                key=f"evaluation.campaign:{c.pk}:due:{c.deadline.isoformat()}",
                message=gettext_noop("The campaign %(campaign)s is due on %(day)s.")
                if c.deadline >= today
                else gettext_noop("The campaign %(campaign)s was due on %(day)s."),
                params={"campaign": c.name, "day": c.deadline.isoformat()},
                url=reverse("evaluation:campaign", args=[c.pk]),
                source_app="evaluation",
            )


def _renewal_deadlines(actor: Actor, today: date) -> Iterator[Deadline]:
    """An enterprise's users: its certificate in force expires within the renewal notice
    (``QUALITAS["RENEWAL_NOTICE_DAYS"]``, default 180): apply for the re-evaluation in time."""
    if actor.enterprise_id is None or not may_apply_for_evaluation(actor, actor.enterprise_id):
        return
    from qualitas.evaluation.providers import result_in_force

    r = result_in_force(actor.enterprise_id)
    notice = int(settings.QUALITAS.get("RENEWAL_NOTICE_DAYS", 180))
    if r is None or r.valid_until is None or r.valid_until > today + timedelta(days=notice):
        return
    yield Deadline(
        key=f"evaluation.certificate:{r.pk}:renew",
        message=gettext_noop(
            "Your capability certificate expires on %(day)s: apply for the re-evaluation in time."
        ),
        params={"day": r.valid_until.isoformat()},
        url=reverse("evaluation:application_new"),
        source_app="evaluation",
    )


def _surveillance_deadlines(actor: Actor, today: date, soon: date) -> Iterator[Deadline]:
    """The issuing institution's staff: surveillance evaluations due within the notice period
    or overdue, not yet recorded."""
    if actor.institution_id is None or not may_manage_certificate(actor, actor.institution_id):
        return
    for r, year, due in selectors.surveillance_due(
        institution_id=actor.institution_id, today=today, until=soon, limit=MAX_PER_LOGIN
    ):
        yield Deadline(
            key=f"evaluation.surveillance:{r.pk}:{year}",
            message=gettext_noop("The surveillance of %(enterprise)s is due on %(day)s."),
            params={"enterprise": _name(r.enterprise), "day": due.isoformat()},
            url=reverse("evaluation:result", args=[r.pk]),
            source_app="evaluation",
        )
