"""Background tasks of complaints (django-tasks): the daily escalation and detection."""

from __future__ import annotations

from django_tasks import task


@task()
def complaints_daily() -> None:
    """Escalate overdue complaints and propose warnings from new clusters."""
    from qualitas.complaints.services import escalate_overdue, warnings_detect

    escalate_overdue()
    warnings_detect()
