"""Runs: computing the index under a methodology version and storing its cells, reproducing a
past run, and recomputation as a background job."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qualitas.analytics import index as core
from qualitas.analytics.errors import AnalyticsError
from qualitas.core.access import Actor, Forbidden, may_recompute_index
from qualitas.core.audit import audit_append
from qualitas.core.choices import JobStatus
from qualitas.core.models import Job
from qualitas.index.choices import RunStatus
from qualitas.index.models import IndexRun, IndexValue, MethodologyVersion
from qualitas.index.selectors import run_counts
from qualitas.index.services.common import IndexInputError, Progress
from qualitas.index.services.early_warning import warnings_evaluate
from qualitas.index.services.observations import (
    observations_digest,
    observations_frame,
    observations_refresh,
)
from qualitas.index.services.versions import current_version

CELL_COLUMNS = [
    "region",
    "level",
    "parent",
    "industry",
    "period",
    "period_kind",
    "n",
    "value",
    "lo",
    "hi",
    "status",
    "rank",
    "prev_value",
]

# a run's message, in English in the database and in the reader's language on pages
RUN_MESSAGE = gettext_noop("%(cells)s cells, %(published)s published")


def _store_cells(run: IndexRun, cells: pd.DataFrame, indicators: list[dict[str, Any]]) -> None:
    """Write a run's cells: ``COPY … FROM STDIN`` on PostgreSQL, ``bulk_create`` elsewhere."""
    import json

    def num(v: Any) -> float | None:
        return None if pd.isna(v) else float(v)

    # one named tuple per cell with the CELL_COLUMNS as fields (pandas-stubs cannot type them)
    rows: Iterable[Any] = cells[CELL_COLUMNS].itertuples(index=False)
    if connection.vendor == "postgresql":
        table = IndexValue._meta.db_table
        cols = "run_id, region, level, parent, industry, period, period_kind, n, value, lo, hi, status, rank, prev_value, indicators"
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            for i, r in enumerate(rows):
                copy.write_row(
                    (
                        run.pk,
                        r.region,
                        r.level,
                        r.parent,
                        r.industry,
                        r.period,
                        r.period_kind,
                        int(r.n),
                        num(r.value),
                        num(r.lo),
                        num(r.hi),
                        r.status,
                        None if pd.isna(r.rank) else int(r.rank),
                        num(r.prev_value),
                        json.dumps(indicators[i]),
                    )
                )
        return
    objs = [
        IndexValue(
            run=run,
            region=r.region,
            level=r.level,
            parent=r.parent,
            industry=r.industry,
            period=r.period,
            period_kind=r.period_kind,
            n=int(r.n),
            value=num(r.value),
            lo=num(r.lo),
            hi=num(r.hi),
            status=r.status,
            rank=None if pd.isna(r.rank) else int(r.rank),
            prev_value=num(r.prev_value),
            indicators=indicators[i],
        )
        for i, r in enumerate(rows)
    ]
    IndexValue.objects.bulk_create(objs, batch_size=5000)


def _noop(phase: str, done: int, total: int) -> None:
    return None


def _cell_indicators(cells: pd.DataFrame, keys: Sequence[str]) -> list[dict[str, Any]]:
    def clean(v: Any) -> Any:
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else round(float(v), 6)

    cols = {
        k: [
            cells[f"{k}__value"].to_numpy(),
            cells[f"{k}__score"].to_numpy(),
            cells[f"{k}__n"].to_numpy(),
            cells[f"{k}__num"].to_numpy(),
        ]
        for k in keys
    }
    out = []
    for i in range(len(cells)):
        out.append(
            {
                k: {
                    "value": clean(c[0][i]),
                    "score": clean(c[1][i]),
                    "n": int(c[2][i]),
                    "num": clean(c[3][i]),
                }
                for k, c in cols.items()
            }
        )
    return out


def index_compute(
    *,
    version: MethodologyVersion,
    job: Job | None = None,
    progress: Progress | None = None,
    evaluate_warnings: bool = True,
) -> IndexRun:
    """Compute the index under ``version`` from the stored observations and store a new run."""
    notify = progress or _noop
    methodology = version.as_methodology()
    run = IndexRun.objects.create(version=version, job=job, status=RunStatus.RUNNING)
    try:
        notify(gettext_noop("reading the observations"), 0, 4)
        df = observations_frame(keys=methodology.keys)
        notify(gettext_noop("computing the index"), 1, 4)
        result = core.compute_index(df, methodology)
    except AnalyticsError as exc:
        IndexRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message=str(exc), finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    cells = result.cells
    notify(gettext_noop("storing the cells"), 2, 4)
    indicators = _cell_indicators(cells, methodology.keys)

    with transaction.atomic():
        _store_cells(run, cells, indicators)
        periods = sorted(cells["period"].unique().tolist(), key=lambda p: ("Q" not in p, p))
        IndexRun.objects.filter(pk=run.pk).update(
            status=RunStatus.SUCCEEDED,
            finished_at=timezone.now(),
            observations=len(df),
            digest=observations_digest(df),
            references=result.references,
            periods=periods,
            message=RUN_MESSAGE
            % {"cells": len(cells), "published": int((cells["status"] == "ok").sum())},
        )
        audit_append(
            actor="system",
            action="compute",
            model="index.indexrun",
            object_pk=run.pk,
            changes={"version": version.code, "cells": len(cells)},
        )
    run.refresh_from_db()
    if evaluate_warnings:
        notify(gettext_noop("evaluating the warning rules"), 3, 4)
        warnings_evaluate(run=run, cells=cells, observations=df)
    notify(gettext_noop("finished"), 4, 4)
    return run


def index_reproduce(*, run: IndexRun) -> dict[str, Any]:
    """Recompute a past run under its own version on the observations as they were when it ran
    (re-extractions since then are undone through the archive). Stores nothing; says whether the
    input digest matches and how far the values are from the stored ones."""
    methodology = run.version.as_methodology()
    df = observations_frame(keys=methodology.keys, as_of=run.started_at)
    cells = core.compute_index(df, methodology).cells
    stored = {
        (r, i, p): (v, lo, hi)
        for r, i, p, v, lo, hi in IndexValue.objects.filter(run=run).values_list(
            "region", "industry", "period", "value", "lo", "hi"
        )
    }

    def gap(a: Any, b: Any) -> float:
        a_nan = a is None or (isinstance(a, float) and np.isnan(a))
        b_nan = b is None or (isinstance(b, float) and np.isnan(b))
        if a_nan or b_nan:
            return 0.0 if a_nan and b_nan else float("inf")
        return abs(float(a) - float(b))

    worst = 0.0
    for r, i, p, v, lo, hi in cells[
        ["region", "industry", "period", "value", "lo", "hi"]
    ].itertuples(index=False):
        before = stored.get((r, i, p))
        if before is None:
            worst = float("inf")
            continue
        worst = max(worst, gap(v, before[0]), gap(lo, before[1]), gap(hi, before[2]))
    return {
        "run": run.pk,
        "version": run.version.code,
        "digest": observations_digest(df),
        "digest_matches": observations_digest(df) == run.digest,
        "cells": len(cells),
        "stored_cells": len(stored),
        "max_abs_difference": worst,
    }


QUARTER_RE = re.compile(r"\d{4}Q[1-4]")
MAX_QUARTERS = 40


def recompute_quarters(quarters: Sequence[str] | None, today: Any = None) -> list[str]:
    """The quarters a recomputation re-extracts: the asked ones (validated: ended quarters,
    at most ``MAX_QUARTERS``), or the latest complete quarter."""
    latest = latest_complete_quarter(today)
    if not quarters:
        return [latest]
    out = sorted({str(q).strip().upper() for q in quarters if str(q).strip()})
    bad = [q for q in out if not QUARTER_RE.fullmatch(q)]
    if bad:
        raise IndexInputError(
            _("Quarters look like 2025Q3: %(quarters)s."), field="quarters", quarters=", ".join(bad)
        )
    future = [q for q in out if q > latest]
    if future:
        raise IndexInputError(
            _("Not ended yet: %(quarters)s."), field="quarters", quarters=", ".join(future)
        )
    if len(out) > MAX_QUARTERS:
        raise IndexInputError(
            _("At most %(n)s quarters at once."), field="quarters", n=MAX_QUARTERS
        )
    return out or [latest]


def index_recompute_start(
    *,
    actor: Actor,
    version: MethodologyVersion | None = None,
    quarters: Sequence[str] | None = None,
) -> Job:
    """Enqueue a recomputation as a background task; returns the job to watch. ``quarters``:
    the quarters to re-extract from the sources first (default: the latest complete one)."""
    from qualitas.index.tasks import run_index_recompute

    if not may_recompute_index(actor):
        raise Forbidden(_("Only authorities and administrators recompute the index."))
    version = version or current_version()
    if version is None:
        raise IndexInputError(_("No methodology version has been published yet."), field="version")
    chosen = recompute_quarters(quarters)
    with transaction.atomic():
        job = Job.objects.create(
            kind="index_recompute",
            created_by=actor.user,
            params={"version": version.pk, "quarters": chosen},
            total=4,
        )
        audit_append(
            actor=actor.user,
            action="recompute",
            model="core.job",
            object_pk=job.pk,
            changes={"version": version.code, "quarters": chosen},
        )
    transaction.on_commit(lambda: run_index_recompute.enqueue(job_id=job.pk))
    return job


def index_recompute_run(*, job_id: int) -> None:
    """Body of the background task: refresh observations from the sources, compute, store, warn."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    version = MethodologyVersion.objects.get(pk=job.params["version"])

    def progress(phase: str, done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total, message=phase)

    try:
        quarters = job.params.get("quarters") or [latest_complete_quarter()]
        progress(gettext_noop("extracting the sources' data"), 0, 4)
        observations_refresh(quarters=quarters)
        run = index_compute(version=version, job=job, progress=progress)
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    ok = run.status == RunStatus.SUCCEEDED
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED if ok else JobStatus.FAILED,
        message=RUN_MESSAGE if ok else run.message,
        finished_at=timezone.now(),
        result={
            "run": run.pk,
            "version": version.code,
            "quarters": quarters,
            "message_params": run_counts(run) if ok else None,
        },
        done=4,
        total=4,
    )


def latest_complete_quarter(today: Any = None) -> str:
    """The last quarter that has ended (the one a recomputation refreshes from the sources)."""
    today = today or timezone.localdate()
    n = today.year * 4 + (today.month - 1) // 3 - 1
    return core.quarter_label(n)
