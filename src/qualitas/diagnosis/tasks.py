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
    """Recompute every enterprise's capability summary (scheduled by the operator, e.g. nightly)."""
    from qualitas.diagnosis.models import Characteristic
    from qualitas.diagnosis.services import capability_summary_compute

    for eid in (
        Characteristic.objects.filter(monitored=True)
        .values_list("enterprise_id", flat=True)
        .distinct()
    ):
        capability_summary_compute(enterprise_id=eid)
