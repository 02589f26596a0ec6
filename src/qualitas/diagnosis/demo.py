"""Demo measurement histories: a few hundred characteristics over four months.

Each characteristic gets a Phase I period (its first 100 values or 25 subgroups, studied with a control chart
whose limits are frozen) and then Phase II data streamed in batches through the ingest service,
so the monitoring opens real alerts. Scenarios: stable and capable; a mean shift; a slow drift;
growing spread with out-of-spec runs; a stable but incapable process. Idempotent: enterprises
that already have demo characteristics are left alone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import Actor
from qualitas.core.choices import Role

PHASE1 = 100  # Phase I of individual values: the first 100 points
PHASE1_SUBGROUPS = 25  # Phase I of subgrouped data: the first 25 subgroups (GB/T 17989.2)
DAYS = 120
SPECS = [
    # name (Chinese), name (English), unit, target, half tolerance, process sigma, subgroup size.
    # A characteristic's name is data the enterprise typed, not a message: the demo's Chinese
    # enterprises type it in Chinese (one language, issue 11 item 14); the English name is kept
    # here for readers of this table.
    ("外径", "Outer diameter", "mm", 25.0, 0.05, 0.010, 1),
    ("壁厚", "Wall thickness", "mm", 2.0, 0.08, 0.015, 1),
    ("拧紧扭矩", "Tightening torque", "N·m", 12.0, 1.5, 0.30, 5),
    ("电池容量", "Cell capacity", "mAh", 3200.0, 60.0, 12.0, 1),
    ("内阻", "Internal resistance", "mΩ", 18.0, 2.0, 0.4, 1),
    ("表面粗糙度 Ra", "Surface roughness Ra", "µm", 0.8, 0.2, 0.04, 1),
    ("焊点拉力", "Weld pull strength", "N", 150.0, 30.0, 6.0, 5),
    ("涂层厚度", "Coating thickness", "µm", 40.0, 8.0, 1.6, 1),
]
SCENARIOS = ("stable", "stable", "shift", "drift", "spread", "incapable")


def _series(
    rng: np.random.Generator,
    scenario: str,
    n: int,
    target: float,
    sigma: float,
    *,
    noise: bool = True,
    phase1: int = PHASE1,
) -> np.ndarray:
    x = rng.normal(target, sigma, n) if noise else np.full(n, target)
    k = np.arange(n)
    if scenario == "shift":
        x[int(n * 0.7) :] += 1.5 * sigma
    elif scenario == "drift":
        x += np.clip(k - phase1, 0, None) / max(1, n - phase1) * 3.0 * sigma
    elif scenario == "spread":
        late = k > n * 0.8
        x[late] = target + (x[late] - target) * 2.5
    elif scenario == "incapable":
        x = target + (x - target) * 1.8
    return x


def diagnosis_demo_load(
    *,
    seed: int = 20261122,
    enterprises: int = 40,
    per_enterprise: int = 7,
    demo_enterprise: int = 24,
) -> dict[str, Any]:
    """Load demo characteristics, measurements, studies, alerts and capability summaries (idempotent)."""
    from qualitas.core.models import Profile
    from qualitas.diagnosis.models import AssignableCause, Characteristic, CorrectiveAction
    from qualitas.diagnosis.services import (
        alert_acknowledge,
        capability_summary_compute,
    )
    from qualitas.diagnosis.studies import study_run
    from qualitas.registry.models import Enterprise

    actor = Actor(user=None, role=Role.ADMIN)
    demo = (
        Profile.objects.filter(user__username="enterprise", enterprise__isnull=False)
        .values_list("enterprise_id", flat=True)
        .first()
    )
    ids = list(
        Enterprise.objects.filter(province_id="330000")
        .order_by("pk")
        .values_list("pk", flat=True)[: enterprises - 1]
    )
    others = list(
        Enterprise.objects.exclude(province_id="330000")
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    chosen = ([demo] if demo else []) + [e for e in ids + others if e != demo]
    done = set(
        Characteristic.objects.filter(
            enterprise_id__in=chosen, line__startswith="DEMO"
        ).values_list("enterprise_id", flat=True)
    )
    rng = np.random.default_rng(seed)
    end = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    for e_index, eid in enumerate(chosen):
        count = demo_enterprise if eid == demo else per_enterprise
        if eid in done:
            continue
        with transaction.atomic():  # one commit per enterprise: SQLite pays per commit
            created += _load_enterprise(eid, e_index, count, demo, rng, end, actor)
    # the demo enterprise's engineer has worked through some alerts (once: only when its data were just made)
    if demo and demo not in done:
        from qualitas.diagnosis.models import Alert

        causes = list(AssignableCause.objects.filter(enterprise__isnull=True).order_by("code"))
        actions = list(CorrectiveAction.objects.filter(enterprise__isnull=True).order_by("code"))
        for i, a in enumerate(
            Alert.objects.filter(characteristic__enterprise_id=demo, status="open")
            .select_related("characteristic")
            .order_by("pk")[::2][:12]
        ):
            alert_acknowledge(
                actor=actor,
                alert=a,
                cause_id=causes[i % len(causes)].pk,
                action_id=actions[i % len(actions)].pk,
                note="演示",
                close=i % 3 == 0,
            )
        if created:
            study_run(
                actor=actor,
                kind="pareto",
                enterprise_id=demo,
                options={"source": "alerts"},
                title="异常原因排列图",
            )
    for eid in chosen:
        if eid not in done:
            capability_summary_compute(enterprise_id=eid, now=timezone.now())
    return {"characteristics_created": created, "enterprises": len(chosen)}


def _load_enterprise(
    eid: int,
    e_index: int,
    count: int,
    demo: int | None,
    rng: np.random.Generator,
    end: Any,
    actor: Actor,
) -> int:
    """One enterprise's characteristics: Phase I, frozen limits, Phase II batches through the monitoring."""
    from qualitas.diagnosis.ingest import ParsedBatch, measurements_ingest
    from qualitas.diagnosis.services import characteristic_create, limits_freeze
    from qualitas.diagnosis.studies import study_run

    created = 0
    for j in range(count):
        name_zh, name_en, unit, target, half, sigma, n = SPECS[(e_index + j) % len(SPECS)]
        scenario = (
            SCENARIOS[(j + e_index) % len(SCENARIOS)]
            if eid != demo or j >= len(SCENARIOS)
            else SCENARIOS[j]
        )
        c = characteristic_create(
            actor=actor,
            enterprise_id=eid,
            data={
                "name": f"{name_zh} #{j + 1}",
                "unit": unit,
                "lsl": round(target - half, 6),
                "usl": round(target + half, 6),
                "target": target,
                "subgroup_size": n,
                "chart_type": "imr" if n == 1 else "xbar_r",
                "rule_set": "we" if j % 3 == 2 else "nelson",
                "line": f"DEMO-L{j % 4 + 1}",
            },
        )
        points = 360 if n == 1 else 72  # plotted points: values, or subgroups of n
        if n == 1:
            values = _series(rng, scenario, points, target, sigma)
        else:  # scenario offsets between subgroups, noise within them
            level = _series(
                rng, scenario, points, target, sigma, noise=False, phase1=PHASE1_SUBGROUPS
            )
            values = (
                level[:, None]
                + rng.normal(0, sigma * (1.8 if scenario == "incapable" else 1.0), (points, n))
            ).ravel()
        total = values.size
        step = timedelta(days=DAYS) / total
        start = end - timedelta(days=DAYS)
        times = np.array(
            [np.datetime64((start + step * i).replace(tzinfo=None), "us") for i in range(total)]
        )
        subgroups = [str(i // n + 1) for i in range(total)] if n > 1 else [""] * total
        p1 = PHASE1 if n == 1 else PHASE1_SUBGROUPS * n  # before: 100 subgroups, all 72 of them
        measurements_ingest(
            characteristic=c,
            batch=ParsedBatch(
                batch_id="demo-phase1",
                times=times[:p1],
                values=values[:p1],
                subgroups=subgroups[:p1],
            ),
            source="demo",
            monitor=False,
            summarise=False,
        )
        study = study_run(
            actor=actor,
            kind="control_chart",
            enterprise_id=eid,
            characteristic=c,
            options={"exclude_flagged": True},
            title=f"第一阶段 · {c.name}",
        )
        if study.results.get("limits"):
            limits_freeze(actor=actor, characteristic=c, study=study)
            c.refresh_from_db()
        chunk = 40 * n
        for b, s in enumerate(range(p1, total, chunk)):
            measurements_ingest(
                characteristic=c,
                batch=ParsedBatch(
                    batch_id=f"demo-{b}",
                    times=times[s : s + chunk],
                    values=values[s : s + chunk],
                    subgroups=subgroups[s : s + chunk],
                ),
                source="demo",
                summarise=False,  # the demo computes the summaries once at the end
            )
        _backdate(c, study, times, p1, chunk, start)
        created += 1
    return created


def _aware(t: np.datetime64) -> datetime:
    """A measurement time of the demo (naive, in UTC) as an aware datetime."""
    return datetime.fromisoformat(str(np.datetime_as_string(t, unit="us"))).replace(tzinfo=UTC)


def _backdate(c: Any, study: Any, times: np.ndarray, p1: int, chunk: int, start: datetime) -> None:
    """The demo loads months of history in one run: put each step back at the time it would
    have happened, so no record is dated before the step it follows (issue 11 item 16).

    The characteristic was set up the day before its first measurement; the Phase I study ran
    and its limits were frozen just after the last Phase I point; each batch was received
    minutes after its last point; an alert opened when the batch with its first kept violation
    arrived."""
    from qualitas.diagnosis.models import Alert, Characteristic, IngestBatch, Study

    now = timezone.now()
    phase1_end = _aware(times[p1 - 1])
    Characteristic.objects.filter(pk=c.pk).update(created_at=start - timedelta(days=1))
    Study.objects.filter(pk=study.pk).update(created_at=phase1_end + timedelta(minutes=20))
    Characteristic.objects.filter(pk=c.pk, frozen_at__isnull=False).update(
        frozen_at=phase1_end + timedelta(minutes=30)
    )
    received = {"demo-phase1": min(now, phase1_end + timedelta(minutes=5))}
    for b, s in enumerate(range(p1, times.size, chunk)):
        last = _aware(times[min(s + chunk, times.size) - 1])
        received[f"demo-{b}"] = min(now, last + timedelta(minutes=5))
    batches = list(IngestBatch.objects.filter(characteristic_id=c.pk))
    for batch in batches:
        batch.received_at = received.get(batch.batch_id, batch.received_at)
    IngestBatch.objects.bulk_update(batches, ["received_at"])
    alerts = list(Alert.objects.filter(characteristic_id=c.pk))
    for a in alerts:
        first = min((datetime.fromisoformat(p["t"]) for p in a.points), default=a.last_at)
        first = first if first.tzinfo else first.replace(tzinfo=UTC)
        a.opened_at = min(now, first + timedelta(minutes=5), a.last_at + timedelta(minutes=5))
    Alert.objects.bulk_update(alerts, ["opened_at"])
