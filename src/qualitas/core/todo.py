"""The platform core's items on a user's to-do list (``core.providers.todo_provider``), shown on
the home page. Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitas.core.access import Actor, is_admin
from qualitas.core.choices import JobStatus
from qualitas.core.models import Job
from qualitas.core.providers import TodoItem, todo_provider

# Failed background jobs stay on the administrators' list for this many days.
FAILED_JOB_DAYS = 7


@todo_provider
def core_todo(actor: Actor) -> Iterator[TodoItem]:
    """Administrators: background jobs (imports, recomputations) that failed lately; the link
    opens the jobs list of the admin site filtered to exactly those."""
    if not is_admin(actor):
        return
    since = timezone.localdate() - timedelta(days=FAILED_JOB_DAYS)
    failed = Job.objects.filter(status=JobStatus.FAILED, created_at__date__gte=since)
    yield TodoItem(
        key="core.failed_jobs",
        label=_("Background jobs failed in the last %(days)d days") % {"days": FAILED_JOB_DAYS},
        count=failed.count(),
        url=f"{reverse('admin:core_job_changelist')}?status__exact={JobStatus.FAILED}"
        f"&created_at__date__gte={since.isoformat()}",
        source_app="core",
    )
