"""To-do items of recalls for the role home pages: plans to write, plans to file, notices to
publish, overdue progress reports."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, own_enterprise_id, recalls_managed_q, sees_recall_desk
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.traceability.choices import RecallStatus
from qualitas.traceability.models import Recall
from qualitas.traceability.recall_selectors import overdue


@todo_provider
def todo(actor: Actor) -> list[TodoItem]:
    """Recalls waiting for the actor: the producer writes plans, the authority files and
    publishes; overdue progress reports for both (one query)."""
    if not sees_recall_desk(actor):
        return []
    producer = own_enterprise_id(actor) is not None
    wanted = (
        (RecallStatus.REPORTED, RecallStatus.INVESTIGATING)
        if producer
        else (RecallStatus.PLANNED, RecallStatus.FILED)
    )
    rows = list(
        Recall.objects.filter(
            recalls_managed_q(actor), status__in=(*wanted, RecallStatus.PUBLISHED)
        )
        .annotate(last=Max("progress__report_date"))
        .values_list("status", "published_at", "last")
    )
    waiting = sum(1 for status, _at, _last in rows if status in wanted)
    late = sum(1 for status, at, last in rows if overdue(status, at, last))
    label = _("Recall plans to write") if producer else _("Recalls to file or publish")
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
            count=late,
            url="/recalls/desk/",
            source_app="traceability",
        ),
    ]
