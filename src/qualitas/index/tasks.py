"""Background tasks of the index (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_index_recompute(job_id: int) -> None:
    """Recompute the index and record progress on the job."""
    from qualitas.index.services import index_recompute_run

    index_recompute_run(job_id=job_id)
