"""Demo data of the index: a published methodology, default warning rules and eight quarters of
synthetic observations for the demo enterprises, then one computed run — so the map shows
something on first start.

The observations are synthetic (seeded): each enterprise has a latent quality from its
province and division plus noise; about half are evaluated (and stay evaluated), about 40 %
monitor characteristics. Quality drifts up slowly; in the last quarter one Zhejiang cell
falls and one Guangdong cell has a surge of open alerts, so the warnings have something to
say. Sources that have real data (evaluation, diagnosis) are never overwritten: demo rows are
only added where no observation exists.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import transaction

from qualitas.analytics.index import quarter_label
from qualitas.index.choices import RuleKind, RunStatus, VersionStatus
from qualitas.index.models import IndexRun, IndicatorObservation, MethodologyVersion, WarningRule
from qualitas.registry.models import Enterprise

DEMO_VERSION = "2025.1"
QUARTERS = [quarter_label(2024 * 4 + i) for i in range(8)]  # 2024Q1 … 2025Q4
DEFAULT_RULES = [
    {
        "name": "指数环比下降",
        "kind": RuleKind.FALL_PREVIOUS,
        "amount": 8,
        "industry": "C",
    },
    {
        "name": "指数同比下降",
        "kind": RuleKind.FALL_YEAR_AGO,
        "amount": 8,
        "industry": "C",
    },
    {
        "name": "过程能力达标比例低于 60%",
        "kind": RuleKind.THRESHOLD,
        "indicator": "capability",
        "threshold": 0.6,
        "below": True,
    },
    {
        "name": "未处理报警激增",
        "kind": RuleKind.ALERT_SURGE,
        "k": 2,
        "window": 4,
    },
]


def _observations(seed: int) -> list[IndicatorObservation]:
    ents = list(
        Enterprise.objects.values_list("pk", "province_id", "region_id", "industry_id").order_by(
            "pk"
        )
    )
    if not ents:
        return []
    rng = np.random.default_rng(seed)
    pk = np.array([e[0] for e in ents])
    prov = np.array([e[1] for e in ents])
    div = np.array([e[3] for e in ents])
    n = len(ents)
    prov_u, prov_i = np.unique(prov, return_inverse=True)
    div_u, div_i = np.unique(div, return_inverse=True)
    prov_eff = rng.normal(0, 0.3, len(prov_u))
    div_eff = rng.normal(0, 0.3, len(div_u))
    latent = prov_eff[prov_i] + div_eff[div_i] + rng.normal(0, 1, n)
    eval_from = np.where(
        rng.random(n) < 0.55, rng.integers(0, 6, n), 99
    )  # quarter index from which evaluated
    chars = np.where(rng.random(n) < 0.45, rng.integers(3, 30, n), 0)
    shock_fall = (prov == "330000") & (div == "C34")
    shock_alerts = (prov == "440000") & (div == "C39")
    out: list[IndicatorObservation] = []
    for t, q in enumerate(QUARTERS):
        drift = 0.04 * t
        lat = latent + drift + rng.normal(0, 0.35, n)
        if t == len(QUARTERS) - 1:
            lat = np.where(shock_fall, lat - 1.6, lat)
        # the evaluation's continuous score S in [1, 5]; the level is floor(S)
        score = np.clip(3.0 + 0.8 * lat + rng.normal(0, 0.15, n), 1.0, 5.0)
        level = np.clip(np.floor(score), 1, 5).astype(int)
        p_cap = 1 / (1 + np.exp(-(0.9 + 0.8 * lat)))
        capable = rng.binomial(chars, p_cap)
        rate = 0.12 * np.exp(-0.5 * lat)
        if t == len(QUARTERS) - 1:
            rate = np.where(shock_alerts, rate * 4, rate)
        alerts = rng.poisson(chars * rate)
        evaluated = eval_from <= t
        for i in np.flatnonzero(evaluated):
            out.append(
                IndicatorObservation(
                    enterprise_id=int(pk[i]),
                    quarter=q,
                    indicator="level_share",
                    num=float(level[i] >= 3),
                    den=1.0,
                    source="demo",
                )
            )
            out.append(
                IndicatorObservation(
                    enterprise_id=int(pk[i]),
                    quarter=q,
                    indicator="level_score",
                    num=round(float(score[i]), 4),
                    den=1.0,
                    source="demo",
                )
            )
        for i in np.flatnonzero(chars > 0):
            out.append(
                IndicatorObservation(
                    enterprise_id=int(pk[i]),
                    quarter=q,
                    indicator="capability",
                    num=float(capable[i]),
                    den=float(chars[i]),
                    source="demo",
                )
            )
            out.append(
                IndicatorObservation(
                    enterprise_id=int(pk[i]),
                    quarter=q,
                    indicator="open_alerts",
                    num=float(alerts[i]),
                    den=float(chars[i]),
                    source="demo",
                )
            )
    return out


def index_demo_load(*, seed: int) -> dict[str, Any]:
    """Load the index demo; idempotent (a second call with the same seed writes nothing)."""
    from qualitas.index.indicators import default_indicator_spec
    from qualitas.index.services import index_compute

    with transaction.atomic():
        version = MethodologyVersion.objects.filter(code=DEMO_VERSION).first()
        if version is None:
            version = MethodologyVersion.objects.create(
                code=DEMO_VERSION,
                title="质量管理水平指数 2025 版",
                base_period="2024",
                seed=seed % (2**62) or 1,
                indicators=default_indicator_spec(),
                min_group_size=5,
                replicates=200,
                notes="Demo methodology; see docs/methodology/index.md",
            )
            MethodologyVersion.objects.filter(pk=version.pk).update(
                status=VersionStatus.PUBLISHED, published_at=version.created_at
            )
            version.refresh_from_db()
        for spec in DEFAULT_RULES:
            WarningRule.objects.get_or_create(
                name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
            )
    created = 0
    if not IndicatorObservation.objects.filter(source="demo").exists():
        from qualitas.index.services import observations_refresh

        observations_refresh(quarters=QUARTERS)  # real evaluation / diagnosis data first
        objs = _observations(seed)
        IndicatorObservation.objects.bulk_create(objs, batch_size=5000, ignore_conflicts=True)
        created = len(objs)
    run = IndexRun.objects.filter(version=version, status=RunStatus.SUCCEEDED).first()
    if run is None or created:
        run = index_compute(version=version)
    return {"observations_created": created, "run": run.pk, "version": version.code}
