"""Reads of the platform core."""

from __future__ import annotations

from qualitas.core.access import Actor, NotFound
from qualitas.core.models import Job


def job_get(*, actor: Actor, pk: int) -> Job:
    """A job the actor started (admins: any), else NotFound."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or (actor.role != "admin" and job.created_by_id != getattr(actor.user, "pk", None)):
        raise NotFound
    return job
