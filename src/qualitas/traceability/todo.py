"""To-do items of recalls for the role home pages: plans to write, plans to file, notices to
publish, overdue progress reports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, recalls_managed_q, sees_recall_desk
from qualitas.core.choices import Role
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.traceability import recall_selectors as rs
from qualitas.traceability.choices import RecallStatus
from qualitas.traceability.models import Recall


@todo_provider
def todo(actor: Actor) -> list[TodoItem]:
    """Recalls waiting for the actor (one query for the counts, one for overdue ones)."""
    if not sees_recall_desk(actor):
        return []
    mine = Recall.objects.filter(recalls_managed_q(actor))
    wanted = (
        (RecallStatus.REPORTED, RecallStatus.INVESTIGATING)
        if actor.role == Role.ENTERPRISE
        else (RecallStatus.PLANNED, RecallStatus.FILED)
    )
    waiting = mine.filter(status__in=wanted).count()
    overdue = sum(
        1 for r in rs.with_figures(mine.filter(status=RecallStatus.PUBLISHED)) if rs.is_overdue(r)
    )
    label = (
        _("Recall plans to write")
        if actor.role == Role.ENTERPRISE
        else _("Recalls to file or publish")
    )
    return [
        TodoItem(
            key="recalls_waiting",
            label=label,
            count=waiting,
            url="/recalls/desk/",
            source_app="traceability",
        ),
        TodoItem(
            key="recalls_overdue",
            label=_("Recall progress reports overdue"),
            count=overdue,
            url="/recalls/desk/",
            source_app="traceability",
        ),
    ]
