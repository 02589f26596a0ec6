"""The diagnosis app's items on a user's to-do list (``core.providers.todo_provider``), shown on the
home page. Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from qualitas.core.access import Actor
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.diagnosis.choices import AlertStatus
from qualitas.diagnosis.selectors import alerts_for


@todo_provider
def diagnosis_todo(actor: Actor) -> Iterator[TodoItem]:
    """Open alerts on the user's own enterprise's characteristics (one count query); the
    dashboard lists them. Alerts of enterprises that granted the user a view are theirs to act on."""
    if actor.enterprise_id is None:
        return
    n = alerts_for(actor=actor, status=AlertStatus.OPEN).filter(
        characteristic__enterprise_id=actor.enterprise_id
    )
    yield TodoItem(
        key="diagnosis.open_alerts",
        label=_("Open alerts on your characteristics"),
        count=n.count(),
        url=reverse("diagnosis:dashboard"),
        source_app="diagnosis",
    )
