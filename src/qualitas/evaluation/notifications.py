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

from qualitas.core.access import Actor, may_run_campaigns, may_score
from qualitas.core.choices import NotificationKind
from qualitas.core.notifications import notify
from qualitas.core.providers import Deadline, deadline_provider
from qualitas.evaluation import selectors
from qualitas.evaluation.choices import AssignmentStatus, CampaignStatus
from qualitas.evaluation.models import Assignment

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
