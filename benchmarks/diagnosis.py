"""Diagnosis benchmarks on PostgreSQL (issue 5's performance targets), measured in one run.

* ingest 1,000,000 points through the batch API (10 requests of 100,000, in-process through
  Django's test client, session auth) vs psycopg ``COPY`` of the same rows: rate ratio ≥ 0.5
* one monitoring call checking 10 new points on each of 1,000 monitored characteristics: < 0.5 s
* a study page with 10,000 points renders: < 1 s

Database: ``DATABASE_URL`` when set, otherwise the pgserver wheel in ``var/bench-pg``. The
benchmark works in its own enterprise (created once) and deletes its measurements afterwards.
Run: ``.venv/bin/python benchmarks/diagnosis.py``. Prints absolute figures and ratios.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
POINTS = 100_000
REQUESTS = 10


def main() -> int:
    server = None
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "bench-pg"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode=None)
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from qualitas.core.access import actor_for
    from qualitas.core.models import Profile
    from qualitas.diagnosis.models import Characteristic, IngestBatch, Measurement
    from qualitas.diagnosis.monitoring import HISTORY, NewPoints, monitor_new_points
    from qualitas.diagnosis.services import characteristic_create
    from qualitas.diagnosis.studies import study_run
    from qualitas.registry.models import Enterprise

    if connection.vendor != "postgresql":
        print("this benchmark needs PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    call_command("migrate", "--no-input", "-v", "0")
    from tests.factories import credit_code

    ent = Enterprise.objects.filter(name_en="Diagnosis benchmark Co.").first()
    if ent is None:
        from tests.factories import make_enterprise

        ent = make_enterprise(
            name_zh="诊断基准测试有限公司",
            name_en="Diagnosis benchmark Co.",
            credit_code=credit_code(),
        )
    User = get_user_model()
    user, made = User.objects.get_or_create(username="bench-diagnosis")
    if made:
        Profile.objects.create(user=user, role="enterprise", enterprise=ent)
    actor = actor_for(user)
    Characteristic.objects.filter(enterprise=ent).delete()

    # ---------------------------------------------------------------- 1. ingest: API vs COPY
    api_char = characteristic_create(
        actor=actor, enterprise_id=ent.pk, data={"name": "bench api", "unit": "mm"}
    )
    copy_char = characteristic_create(
        actor=actor, enterprise_id=ent.pk, data={"name": "bench copy", "unit": "mm"}
    )
    rng = np.random.default_rng(1)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    bodies = []
    for r in range(REQUESTS):
        times = [(t0 + timedelta(seconds=r * POINTS + i)).isoformat() for i in range(POINTS)]
        values = rng.normal(10, 0.1, POINTS).round(6).tolist()
        subgroups = [str(r * POINTS + i) for i in range(POINTS)]
        bodies.append(
            (
                times,
                values,
                subgroups,
                json.dumps(
                    {
                        "batch_id": f"bench-{r}",
                        "times": times,
                        "values": values,
                        "subgroups": subgroups,
                    }
                ),
            )
        )
    client = Client()
    client.force_login(user)
    url = f"/api/diagnosis/characteristics/{api_char.pk}/batches"
    start = time.perf_counter()
    for *_, body in bodies:
        resp = client.post(url, data=body, content_type="application/json")
        assert resp.status_code == 201, resp.content[:300]
    api_s = time.perf_counter() - start
    n = Measurement.objects.filter(characteristic=api_char).count()
    assert n == POINTS * REQUESTS, n
    # the baseline: psycopg COPY of the same rows (text built from the same lists), one batch row each
    start = time.perf_counter()
    for r, (times, values, subgroups, _) in enumerate(bodies):
        batch = IngestBatch.objects.create(
            characteristic=copy_char, batch_id=f"copy-{r}", points=POINTS
        )
        text = "".join(
            f"{copy_char.pk}\t{t}\t{v!r}\t{s}\t{batch.pk}\n"
            for t, v, s in zip(times, values, subgroups, strict=True)
        )
        with (
            connection.cursor() as cur,
            cur.cursor.copy(
                "COPY diagnosis_measurement (characteristic_id, time, value, subgroup, batch_id) FROM STDIN"
            ) as cp,
        ):
            cp.write(text)
    copy_s = time.perf_counter() - start
    total = POINTS * REQUESTS
    print(
        f"ingest {total:,} points: batch API {api_s:.2f} s ({total / api_s:,.0f} points/s); COPY {copy_s:.2f} s ({total / copy_s:,.0f} points/s)"
    )
    print(f"  API rate / COPY rate = {copy_s / api_s:.2f} (target ≥ 0.5)")
    Measurement.objects.filter(characteristic__in=[api_char, copy_char]).delete()

    # ---------------------------------------------------------------- 2. monitoring 1,000 × 10
    k = 1000
    chars = Characteristic.objects.bulk_create(
        [
            Characteristic(
                enterprise=ent,
                name=f"mon {i}",
                unit="mm",
                monitored=True,
                rule_set="nelson",
                frozen_limits={
                    "chart": "imr",
                    "center": 10.0,
                    "lcl": 9.7,
                    "ucl": 10.3,
                    "sigma": 0.1,
                    "se": 0.1,
                },
            )
            for i in range(k)
        ]
    )
    hist = []
    for c in chars:
        for i in range(HISTORY):
            hist.append(
                Measurement(
                    characteristic=c,
                    time=t0 + timedelta(minutes=i),
                    value=float(rng.normal(10, 0.1)),
                    subgroup="",
                )
            )
    Measurement.objects.bulk_create(hist, batch_size=10000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE diagnosis_measurement")
    new = {
        c.pk: NewPoints(
            times=[t0 + timedelta(minutes=HISTORY + i) for i in range(10)],
            values=rng.normal(10, 0.1, 10) + (0.5 if c.pk % 50 == 0 else 0.0),
            subgroups=[""] * 10,
        )
        for c in chars
    }
    by_pk = {
        c.pk: c
        for c in Characteristic.objects.filter(pk__in=[c.pk for c in chars]).select_related(
            "enterprise"
        )
    }
    from django.db import transaction

    timings = []
    for _ in range(3):
        start = time.perf_counter()
        with transaction.atomic():
            outcome = monitor_new_points(new=new, characteristics=by_pk)
            transaction.set_rollback(True)  # repeatable: alerts of this run are not kept
        timings.append(time.perf_counter() - start)
    mon_s = min(timings)
    print(
        f"monitoring: 1,000 characteristics × 10 new points in {mon_s * 1000:.0f} ms (best of 3; runs {', '.join(f'{t * 1000:.0f}' for t in timings)} ms); "
        f"{outcome.count} violations, {len(outcome.opened)} alerts — target < 500 ms, ratio {mon_s / 0.5:.2f}"
    )
    Characteristic.objects.filter(pk__in=[c.pk for c in chars]).delete()

    # ---------------------------------------------------------------- 3. study page, 10,000 points
    sc = characteristic_create(
        actor=actor,
        enterprise_id=ent.pk,
        data={"name": "bench study", "unit": "mm", "lsl": 9.5, "usl": 10.5},
    )
    Measurement.objects.bulk_create(
        [
            Measurement(
                characteristic=sc, time=t0 + timedelta(minutes=i), value=float(v), subgroup=""
            )
            for i, v in enumerate(rng.normal(10, 0.1, 10_000))
        ],
        batch_size=10000,
    )
    start = time.perf_counter()
    study = study_run(actor=actor, kind="control_chart", enterprise_id=ent.pk, characteristic=sc)
    run_s = time.perf_counter() - start
    client.get(f"/diagnosis/studies/{study.pk}/")  # warm templates
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        resp = client.get(f"/diagnosis/studies/{study.pk}/")
        samples.append(time.perf_counter() - start)
        assert resp.status_code == 200
    page_s = max(samples)
    print(
        f"study page with 10,000 points: worst of 5 {page_s * 1000:.0f} ms ({len(resp.content) / 1e6:.1f} MB HTML) — target < 1000 ms, ratio {page_s:.2f}; "
        f"running the study itself {run_s * 1000:.0f} ms"
    )
    Characteristic.objects.filter(enterprise=ent).delete()
    if server is not None:
        pass  # pgserver keeps running for the next benchmark (cleanup_mode=None)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
