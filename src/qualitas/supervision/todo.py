"""Supervision's items on a user's to-do list (``core.providers.todo_provider``): officers'
samples waiting for a step, an enterprise's sampling records to confirm and results it may
object to. Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from qualitas.core.access import Actor, may_run_spot_checks
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.supervision.choices import SampleStatus
from qualitas.supervision.selectors import samples_for


@todo_provider
def supervision_todo(actor: Actor) -> Iterator[TodoItem]:
    """Officers: samples to record, test or notify in campaigns of their regions. Enterprise
    users: sampling records to confirm and notified results (the objection window)."""
    if may_run_spot_checks(actor):
        waiting = samples_for(actor=actor).filter(
            status__in=[SampleStatus.SELECTED, SampleStatus.TESTING, SampleStatus.TESTED]
        )
        yield TodoItem(
            key="supervision.samples_waiting",
            label=_("Spot-check samples waiting for a step"),
            count=waiting.count(),
            url=reverse("supervision:campaigns"),
            source_app="supervision",
        )
    elif actor.enterprise_id:
        mine = samples_for(actor=actor)
        yield TodoItem(
            key="supervision.to_confirm",
            label=_("Spot-check records to confirm or results notified"),
            count=mine.filter(
                Q(sampled_on__isnull=False, enterprise_confirmed_at__isnull=True)
                | Q(status=SampleStatus.NOTIFIED)
            ).count(),
            url=reverse("supervision:my_samples"),
            source_app="supervision",
        )
