"""Background tasks of the registry (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_enterprise_import(job_id: int) -> None:
    """Run a stored enterprise import and record its progress on the job."""
    from qualitas.registry.imports import import_job_run

    import_job_run(job_id=job_id)
