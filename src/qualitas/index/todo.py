"""The index app's items on a user's to-do list (``core.providers.todo_provider``), shown on the
home page. Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from qualitas.core.access import Actor
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.index.choices import WarningStatus
from qualitas.index.selectors import warnings_for


@todo_provider
def index_todo(actor: Actor) -> Iterator[TodoItem]:
    """Unacknowledged early warnings of the actor's regions (authority officers; admins all).
    ``warnings_for`` is empty for everyone else, and its count then asks no query."""
    open_warnings = warnings_for(actor=actor, status=WarningStatus.OPEN)
    yield TodoItem(
        key="index.open_warnings",
        label=_("Unacknowledged early warnings"),
        count=open_warnings.count(),
        url=f"{reverse('index:warnings')}?status={WarningStatus.OPEN}",
        source_app="index",
    )
