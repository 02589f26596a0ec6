"""Complaints on a user's to-do list: officers' new, disputed and escalated complaints and
proposed warnings; an enterprise's complaints waiting for its response."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from qualitas.complaints.choices import ComplaintStatus, WarningStatus
from qualitas.complaints.selectors import complaints_for, warnings_for
from qualitas.core.access import Actor, may_work_on_complaints
from qualitas.core.providers import TodoItem, todo_provider


@todo_provider
def complaints_todo(actor: Actor) -> Iterator[TodoItem]:
    if may_work_on_complaints(actor):
        yield TodoItem(
            key="complaints.to_handle",
            label=_("Complaints to route, disputed or overdue"),
            count=complaints_for(actor=actor)
            .filter(
                status__in=[
                    ComplaintStatus.RECEIVED,
                    ComplaintStatus.DISPUTED,
                    ComplaintStatus.ESCALATED,
                ]
            )
            .count(),
            url=reverse("complaints:desk"),
            source_app="complaints",
        )
        yield TodoItem(
            key="complaints.warnings",
            label=_("Common-problem warnings to decide"),
            count=warnings_for(actor=actor, status=WarningStatus.PROPOSED).count(),
            url=reverse("complaints:warnings"),
            source_app="complaints",
        )
    elif actor.enterprise_id:
        yield TodoItem(
            key="complaints.to_respond",
            label=_("Complaints waiting for your response"),
            count=complaints_for(actor=actor)
            .filter(status__in=[ComplaintStatus.ROUTED, ComplaintStatus.ESCALATED])
            .count(),
            url=reverse("complaints:mine"),
            source_app="complaints",
        )
