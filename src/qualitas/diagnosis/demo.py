"""Demo measurement histories: a few hundred characteristics over four months.

Each characteristic gets a Phase I period (its first 100 points, studied with a control chart
whose limits are frozen) and then Phase II data streamed in batches through the ingest service,
so the monitoring opens real alerts. Scenarios: stable and capable; a mean shift; a slow drift;
growing spread with out-of-spec runs; a stable but incapable process. Idempotent: enterprises
that already have demo characteristics are left alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import Actor
from qualitas.core.choices import Role

PHASE1 = 100
DAYS = 120
SPECS = [
    # name (Chinese), name (English), unit, target, half tolerance, process sigma, subgroup size.
    # A characteristic's name is data the enterprise typed, not a message; the demo enterprise
    # labels its characteristics in both languages, as many shop floors do.
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
) -> np.ndarray:
    x = rng.normal(target, sigma, n) if noise else np.full(n, target)
    k = np.arange(n)
    if scenario == "shift":
        x[int(n * 0.7) :] += 1.5 * sigma
    elif scenario == "drift":
        x += np.clip(k - PHASE1, 0, None) / max(1, n - PHASE1) * 3.0 * sigma
    elif scenario == "spread":
        late = k > n * 0.8
        x[late] = target + (x[late] - target) * 2.5
    elif scenario == "incapable":
        x = target + (x - target) * 1.8
    return x


def diagnosis_demo_load(
    *, seed: int = 20261122, enterprises: int = 40, per_enterprise: int = 7
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
        count = 24 if eid == demo else per_enterprise
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
            capability_summary_compute(enterprise_id=eid, now=end + timedelta(hours=1))
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
                "name": f"{name_zh} / {name_en} #{j + 1}",
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
            level = _series(rng, scenario, points, target, sigma, noise=False)
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
        p1 = PHASE1 * n
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
            title=f"Phase I · {c.name}",
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
        created += 1
    return created
