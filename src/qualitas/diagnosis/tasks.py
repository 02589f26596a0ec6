"""Background tasks of problem diagnosis (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_dataset_import(job_id: int) -> None:
    """Import a mapped data set into its characteristic, recording progress on the job."""
    from qualitas.diagnosis.imports import dataset_import_run

    dataset_import_run(job_id=job_id)


@task()
def run_capability_summaries() -> None:
    """Recompute every enterprise's capability summary (scheduled by the operator, e.g. nightly;
    or ``qualitas diagnosis summaries`` from cron)."""
    from qualitas.diagnosis.services import capability_summaries_compute

    capability_summaries_compute()


@task()
def run_capability_summary(enterprise_id: int, after: str | None = None) -> None:
    """Recompute one enterprise's capability summary after a monitored batch was stored; skipped
    when a summary computed at or after ``after`` (ISO time) already exists."""
    from datetime import datetime

    from qualitas.diagnosis.services import capability_summary_refresh

    capability_summary_refresh(
        enterprise_id=enterprise_id, after=datetime.fromisoformat(after) if after else None
    )
