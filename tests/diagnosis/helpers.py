"""Diagnosis objects for tests: a characteristic of ent_a with data, a Phase I study, frozen limits, an alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def batch(
    values: Any,
    *,
    start: datetime = T0,
    step_s: int = 60,
    batch_id: str = "b1",
    subgroups: Any = None,
) -> dict[str, Any]:
    times = [(start + timedelta(seconds=step_s * i)).isoformat() for i in range(len(values))]
    out = {"batch_id": batch_id, "times": times, "values": [float(v) for v in values]}
    if subgroups is not None:
        out["subgroups"] = list(subgroups)
    return out


def actor(user: Any) -> Any:
    from qualitas.core.access import actor_for

    return actor_for(user)


def make_characteristic(
    world: Any, *, name: str = "外径 / outer diameter", n: int = 100, seed: int = 1, **extra: Any
) -> Any:
    from qualitas.diagnosis.ingest import batch_parse, measurements_ingest
    from qualitas.diagnosis.services import characteristic_create

    data = {
        "name": name,
        "unit": "mm",
        "lsl": "9.4",
        "usl": "10.6",
        "target": "10.0",
        "subgroup_size": 1,
        "chart_type": "imr",
        "rule_set": "nelson",
    } | extra
    c = characteristic_create(
        actor=actor(world.users["enterprise"]), enterprise_id=world.ent_a.pk, data=data
    )
    if n:
        values = np.random.default_rng(seed).normal(10.0, 0.1, n)
        measurements_ingest(
            characteristic=c, batch=batch_parse(batch(values, batch_id=f"init-{c.pk}"))
        )
    return c


def make_diagnosis(world: Any) -> dict[str, Any]:
    """Cached on the world: characteristic (frozen, monitored), study, alert, data set, job."""
    cached = getattr(world, "_diagnosis", None)
    if cached:
        return cached
    from qualitas.core.models import Job
    from qualitas.diagnosis.imports import dataset_upload
    from qualitas.diagnosis.ingest import batch_parse, measurements_ingest
    from qualitas.diagnosis.services import limits_freeze, study_run

    a = actor(world.users["enterprise"])
    c = make_characteristic(world)
    study = study_run(actor=a, kind="control_chart", enterprise_id=world.ent_a.pk, characteristic=c)
    limits_freeze(actor=a, characteristic=c, study=study)
    c.refresh_from_db()
    res = measurements_ingest(
        characteristic=c,
        batch=batch_parse(
            batch([10.0, 10.05, 12.0], start=T0 + timedelta(days=1), batch_id="shift")
        ),
    )
    assert res.alerts_opened >= 1
    alert = c.alerts.first()
    csv = "time,value,batch\n" + "".join(
        f"2025-03-0{1 + i // 50} {8 + (i % 50) // 10}:{(i % 10) * 5:02d}:00,{10 + 0.01 * (i % 7)},{i // 5}\n"
        for i in range(60)
    )
    ds = dataset_upload(
        actor=a,
        enterprise_id=world.ent_a.pk,
        filename="data.csv",
        content=csv.encode(),
        name="Line 3",
    )
    job = Job.objects.create(
        kind="diagnosis_dataset_import",
        created_by=world.users["enterprise"],
        params={"dataset": ds.pk, "characteristic": c.pk},
    )
    if (
        job.pk == world.ent_a.pk
    ):  # registry's expectations use ent_a.pk as a job id that must not exist
        first, job = (
            job,
            Job.objects.create(kind=job.kind, created_by=job.created_by, params=job.params),
        )
        first.delete()
    world._diagnosis = {"char": c, "study": study, "alert": alert, "dataset": ds, "job": job}
    return world._diagnosis


def upload_dataset(world: Any, text: str, name: str) -> Any:
    """A CSV data set of ent_a uploaded by its enterprise user (not imported)."""
    from qualitas.diagnosis.imports import dataset_upload

    return dataset_upload(
        actor=actor(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        filename=f"{name}.csv",
        content=text.encode(),
        name=name,
    )
