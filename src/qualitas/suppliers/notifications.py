"""Overdue 8D escalation (``core.notifications`` through ``core.providers``): the users of the
customer and of the supplier hear of an open 8D past its due date, and again, escalated, once it
is :data:`ESCALATE_DAYS` past; the home page's to-do list counts the overdue ones. Registered
from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qualitas.core.access import Actor, sees_suppliers
from qualitas.core.providers import Deadline, TodoItem, deadline_provider, todo_provider
from qualitas.suppliers.selectors import overdue_actions

#: days past the due date after which an open 8D is escalated
ESCALATE_DAYS = 14


@deadline_provider
def overdue_8d_deadlines(actor: Actor, today: date) -> Iterator[Deadline]:
    """Enterprise users (customer or supplier): each open 8D past its due date; escalated once
    :data:`ESCALATE_DAYS` past."""
    if not (sees_suppliers(actor) and actor.enterprise_id):
        return
    for ca in overdue_actions(actor, today).order_by("due_on", "pk"):
        late = (today - ca.due_on).days
        escalated = late >= ESCALATE_DAYS
        yield Deadline(
            key=f"suppliers.8d:{ca.pk}:{'escalated' if escalated else 'overdue'}",
            message=gettext_noop(
                "Escalated: 8D %(number)s of %(supplier)s is %(days)s days overdue (due %(day)s)."
            )
            if escalated
            else gettext_noop("8D %(number)s of %(supplier)s was due on %(day)s."),
            params={
                "number": ca.number,
                "supplier": ca.supplier.name,
                "days": late,
                "day": ca.due_on.isoformat(),
            },
            url=reverse("suppliers:action", kwargs={"action_pk": ca.pk}),
            source_app="suppliers",
        )


@todo_provider
def overdue_8d_todo(actor: Actor) -> Iterator[TodoItem]:
    """Enterprise users: open 8Ds past their due date (as customer or as supplier)."""
    if not (sees_suppliers(actor) and actor.enterprise_id):
        return
    from django.utils import timezone

    yield TodoItem(
        key="suppliers.8d_overdue",
        label=_("Overdue 8D corrective actions"),
        count=overdue_actions(actor, timezone.localdate()).count(),
        url=reverse("suppliers:home"),
        source_app="suppliers",
    )
