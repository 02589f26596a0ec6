"""The registers' deadlines (``core.notifications``): the work summary of the year is due by
10 December; officers hear of it from the notice period before (``DEADLINE_NOTICE_DAYS``) until it
is published. Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from qualitas.core.access import Actor, may_keep_registers
from qualitas.core.providers import Deadline, deadline_provider
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import WorkSummary, summary_due
from qualitas.registry.models import Region


@deadline_provider
def summary_deadlines(actor: Actor, today: date) -> Iterator[Deadline]:
    """Officers: each region they keep whose work summary of this year is not yet published,
    once the due day (10 December) is within the notice period or past."""
    if not may_keep_registers(actor) or not actor.region_codes:
        return
    due = summary_due(today.year)
    if today + timedelta(days=settings.QUALITAS["DEADLINE_NOTICE_DAYS"]) < due:
        return
    published = set(
        WorkSummary.objects.filter(
            year=today.year, region_id__in=actor.region_codes, status=EntryStatus.PUBLISHED
        ).values_list("region_id", flat=True)
    )
    regions = Region.objects.filter(pk__in=actor.region_codes).exclude(pk__in=published)
    for region in regions.order_by("code"):
        yield Deadline(
            key=f"registers.summary:{region.code}:{today.year}:{'due' if today <= due else 'late'}",
            message=gettext_noop("The work summary %(year)s of %(region)s is due on %(day)s.")
            if today <= due
            else gettext_noop("The work summary %(year)s of %(region)s was due on %(day)s."),
            params={
                "year": today.year,
                "region": {"zh": region.name_zh, "en": region.name_en or ""},
                "day": due.isoformat(),
            },
            url=reverse("registers:report_desk"),
            source_app="registers",
        )
