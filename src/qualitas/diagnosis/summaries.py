"""Capability summaries of enterprises (a service: it writes ``CapabilitySummary`` rows and each
assessed characteristic's ``last_cpk``); definition in docs/methodology/diagnosis.md.

The two background tasks that recompute them are declared here, beside the work they run:
the ingest service schedules :data:`run_capability_summary` without importing the tasks module
(``tasks.py`` re-exports them under their earlier paths).
"""

from __future__ import annotations

import logging
import statistics
import warnings
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from qualitas.analytics.capability import capability
from qualitas.analytics.errors import AnalyticsError
from qualitas.diagnosis.models import CapabilitySummary, Characteristic, Measurement

logger = logging.getLogger(__name__)

CAPABLE = 1.33
WINDOW_DAYS = 90
MIN_VALUES = 30


def characteristic_cpk(
    values: np.ndarray,
    *,
    lsl: float | None,
    usl: float | None,
    subgroup_size: int,
    subgroups: list[str] | None = None,
) -> float | None:
    """Cpk by ``analytics.capability`` (normal method, default σ_within), None when undefined."""
    if values.size < MIN_VALUES or (lsl is None and usl is None):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = capability(
                values,
                lsl=lsl,
                usl=usl,
                subgroups=subgroups if subgroup_size > 1 else None,
                normality=False,
                intervals=False,
            )
    except AnalyticsError:
        return None
    return float(res.cpk) if np.isfinite(res.cpk) else None


def capability_summary_compute(
    *, enterprise_id: int, now: Any = None, window_days: int = WINDOW_DAYS
) -> CapabilitySummary:
    """Compute and store an enterprise's capability summary (definition: docs/methodology/diagnosis.md).

    Window: the ``window_days`` days ending at ``now``. Assessed: monitored characteristics with a
    specification limit and at least ``MIN_VALUES`` values in the window. Each assessed
    characteristic's Cpk is stored on it (``last_cpk``) for the authority aggregates.
    """
    end = now or timezone.now()
    start = end - timedelta(days=window_days)
    chars = [  # Cpk is of measured values: attribute counts (p, np, c, u) are not assessed
        c
        for c in Characteristic.objects.filter(enterprise_id=enterprise_id, monitored=True)
        if not c.is_attribute
    ]
    rows: dict[int, list[tuple[float, str]]] = {c.pk: [] for c in chars}
    for cid, v, s in (
        Measurement.objects.filter(characteristic_id__in=list(rows), time__gte=start, time__lt=end)
        .order_by("characteristic_id", "time", "pk")
        .values_list("characteristic_id", "value", "subgroup")
        .iterator(chunk_size=20000)
    ):
        rows[cid].append((v, s))
    cpks: list[float] = []
    for c in chars:
        data = rows[c.pk]
        values = np.asarray([d[0] for d in data], dtype=float)
        subgroups = [d[1] or str(i // max(1, c.subgroup_size)) for i, d in enumerate(data)]
        cpk = characteristic_cpk(
            values,
            lsl=None if c.lsl is None else float(c.lsl),
            usl=None if c.usl is None else float(c.usl),
            subgroup_size=c.subgroup_size,
            subgroups=subgroups,
        )
        c.last_cpk, c.last_cpk_at = cpk, end
        if cpk is not None:
            cpks.append(cpk)
    with transaction.atomic():
        Characteristic.objects.bulk_update(chars, ["last_cpk", "last_cpk_at"], batch_size=500)
        summary = CapabilitySummary.objects.create(
            enterprise_id=enterprise_id,
            computed_at=end,
            window_start=start,
            window_end=end,
            monitored=len(chars),
            assessed=len(cpks),
            capable=sum(1 for x in cpks if x >= CAPABLE),
            below_one=sum(1 for x in cpks if x < 1.0),
            share_capable=(sum(1 for x in cpks if x >= CAPABLE) / len(cpks)) if cpks else None,
            median_cpk=statistics.median(cpks) if cpks else None,
        )
    return summary


def capability_summary_schedule(*, enterprise_id: int, after: Any) -> None:
    """After the current transaction commits, recompute one enterprise's summary in the
    background (called for each monitored batch stored). ``after``: the batch's time; the task
    skips the work when a summary computed since then exists (a burst of batches costs one
    computation, not one per batch)."""
    stamp = after.isoformat()

    def enqueue() -> None:
        try:
            run_capability_summary.enqueue(enterprise_id=enterprise_id, after=stamp)
        except Exception:  # a full queue must not fail an ingest that has committed
            logger.exception("capability summary of enterprise %s not scheduled", enterprise_id)

    transaction.on_commit(enqueue)


def capability_summary_refresh(
    *, enterprise_id: int, after: Any = None
) -> CapabilitySummary | None:
    """Body of the per-enterprise task: recompute unless a summary newer than ``after`` exists."""
    if (
        after is not None
        and CapabilitySummary.objects.filter(
            enterprise_id=enterprise_id, computed_at__gte=after
        ).exists()
    ):
        return None
    return capability_summary_compute(enterprise_id=enterprise_id)


def capability_summaries_compute(
    *, enterprise_ids: Iterable[int] | None = None
) -> list[CapabilitySummary]:
    """Recompute the summaries of ``enterprise_ids`` (default: every enterprise with a monitored
    characteristic). For the nightly task and ``qualitas diagnosis summaries``."""
    if enterprise_ids is None:
        enterprise_ids = (
            Characteristic.objects.filter(monitored=True)
            .values_list("enterprise_id", flat=True)
            .distinct()
            .order_by("enterprise_id")
        )
    return [capability_summary_compute(enterprise_id=eid) for eid in list(enterprise_ids)]


@task()
def run_capability_summaries() -> None:
    """Recompute every enterprise's capability summary (scheduled by the operator, e.g. nightly;
    or ``qualitas diagnosis summaries`` from cron)."""
    capability_summaries_compute()


@task()
def run_capability_summary(enterprise_id: int, after: str | None = None) -> None:
    """Recompute one enterprise's capability summary after a monitored batch was stored; skipped
    when a summary computed at or after ``after`` (ISO time) already exists."""
    capability_summary_refresh(
        enterprise_id=enterprise_id, after=datetime.fromisoformat(after) if after else None
    )
