"""Writes of the index app: methodology versions, observations, runs, warnings, rules.

Every write runs in ``transaction.atomic()`` and is audited. The computation itself is
``qualitas.analytics.index``; this module feeds it the stored observations and stores the cells.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from qualitas.analytics import index as core
from qualitas.analytics.errors import AnalyticsError
from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_configure_rule_region,
    may_edit_rule,
    may_manage_methodology,
    may_recompute_index,
    may_see_warning,
    may_supervise_index,
)
from qualitas.core.audit import audit_append
from qualitas.core.choices import JobStatus
from qualitas.core.errors import DomainError
from qualitas.core.models import Job
from qualitas.index import indicators as registry
from qualitas.index.choices import RuleKind, RunStatus, VersionStatus, WarningStatus
from qualitas.index.models import (
    IndexRun,
    IndexValue,
    IndicatorObservation,
    MethodologyVersion,
    ObservationArchive,
    Warning,
    WarningRule,
)
from qualitas.registry.models import Enterprise

Progress = Callable[[str, int, int], None]
ENTERPRISES_PER_WARNING = 50


class IndexInputError(DomainError):
    """A request the index cannot carry out; ``field`` names the input."""


# ------------------------------------------------------------------------------------------
# methodology versions


def version_create(
    *,
    actor: Actor,
    code: str,
    title: str,
    base_period: str,
    seed: int,
    indicators: list[dict[str, Any]] | None = None,
    min_group_size: int = 5,
    replicates: int = 200,
    notes: str = "",
) -> MethodologyVersion:
    """A new draft methodology (admins). Validated by building its analytics form."""
    _admin_only(actor)
    if MethodologyVersion.objects.filter(code=code).exists():
        raise IndexInputError(f"version {code!r} already exists / 版本已存在", field="code")
    version = MethodologyVersion(
        code=code,
        title=title,
        base_period=base_period,
        seed=seed,
        indicators=indicators or registry.default_indicator_spec(),
        min_group_size=min_group_size,
        replicates=replicates,
        notes=notes,
    )
    unknown = [i["key"] for i in version.indicators if i["key"] not in registry.INDICATORS]
    if unknown:
        raise IndexInputError(f"unknown indicator(s): {', '.join(unknown)}", field="indicators")
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        version.save()
        audit_append(
            actor=actor.user or "system",
            action="create",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={"code": code},
        )
    return version


def version_publish(*, actor: Actor, version: MethodologyVersion) -> MethodologyVersion:
    """Publish a draft: from now on it is immutable and the map uses it."""
    if not may_manage_methodology(actor):
        raise Forbidden("only administrators publish methodology versions / 仅管理员可发布方法版本")
    stored = MethodologyVersion.objects.filter(pk=version.pk).values_list("status", flat=True)
    if stored.first() != VersionStatus.DRAFT:
        raise IndexInputError("only a draft can be published / 只能发布草稿", field="status")
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        MethodologyVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
            status=VersionStatus.PUBLISHED, published_at=timezone.now(), published_by=actor.user
        )
        audit_append(
            actor=actor.user or "system",
            action="publish",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={"code": version.code},
        )
    version.refresh_from_db()
    return version


VERSION_FIELDS = ("title", "notes", "base_period", "min_group_size", "replicates", "indicators")
MAX_REPLICATES = 10000


def _admin_only(actor: Actor) -> None:
    if not may_manage_methodology(actor):
        raise Forbidden(
            "only administrators maintain methodology versions / 仅管理员可维护方法版本"
        )


def _draft_only(version: MethodologyVersion) -> None:
    stored = MethodologyVersion.objects.filter(pk=version.pk).values_list("status", flat=True)
    if stored.first() != VersionStatus.DRAFT:
        raise IndexInputError(
            "a published methodology version cannot be changed; create a new version / "
            "已发布的方法版本不可修改，请新建版本",
            field="status",
        )


def version_copy(
    *, actor: Actor, source: MethodologyVersion, code: str, title: str = ""
) -> MethodologyVersion:
    """A new draft that starts as a copy of ``source`` (usually the current version); admins."""
    _admin_only(actor)
    code = code.strip()
    if not code:
        raise IndexInputError("a version code is required / 请填写版本号", field="code")
    return version_create(
        actor=actor,
        code=code,
        title=title.strip() or f"{source.title} ({code})"[:200],
        base_period=source.base_period,
        seed=int(source.seed),
        indicators=[dict(i) for i in source.indicators],
        min_group_size=int(source.min_group_size),
        replicates=int(source.replicates),
        notes=f"copied from {source.code}",
    )


def _clean_indicators(raw: Any) -> tuple[list[dict[str, Any]], bool]:
    """Validated indicator list: known keys, known normalisation, weights > 0. Weights that do
    not sum to 1 are rescaled to sum to 1; the second value says whether that happened."""
    from qualitas.analytics.index import Normalisation

    if not isinstance(raw, list) or not raw:
        raise IndexInputError("at least one indicator / 至少需要一个指标", field="indicators")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in raw:
        key = str(item.get("key", ""))
        if key not in registry.INDICATORS:
            raise IndexInputError(f"unknown indicator {key!r} / 未知指标", field="indicators")
        if key in seen:
            raise IndexInputError(f"indicator {key!r} listed twice / 指标重复", field="indicators")
        seen.add(key)
        try:
            weight = float(item.get("weight"))
        except (TypeError, ValueError):
            weight = float("nan")
        if not weight > 0 or weight == float("inf"):
            raise IndexInputError(
                f"the weight of {key} must be a positive number / {key} 的权重必须为正数",
                field=f"weight_{key}",
            )
        normalisation = str(item.get("normalisation", "ratio"))
        if normalisation not in {n.value for n in Normalisation}:
            raise IndexInputError(
                f"unknown normalisation {normalisation!r} / 未知的标准化方法",
                field=f"normalisation_{key}",
            )
        higher = item.get("higher_is_better", registry.INDICATORS[key].higher_is_better)
        out.append(
            {
                "key": key,
                "weight": weight,
                "normalisation": normalisation,
                "higher_is_better": bool(higher),
            }
        )
    total = sum(i["weight"] for i in out)
    rescaled = abs(total - 1.0) > 1e-9
    if rescaled:
        for i in out:
            i["weight"] = round(i["weight"] / total, 6)
        # rounding may leave a residue: give it to the largest weight
        residue = round(1.0 - sum(i["weight"] for i in out), 6)
        max(out, key=lambda i: i["weight"])["weight"] = round(
            max(i["weight"] for i in out) + residue, 6
        )
    return out, rescaled


def version_update(
    *, actor: Actor, version: MethodologyVersion, data: Mapping[str, Any]
) -> tuple[MethodologyVersion, list[str]]:
    """Edit a draft's weights, normalisation, base period, minimum group size, bootstrap
    replicates, title or notes (admins). Published versions are immutable. Returns the version
    and notes for the user (e.g. that the weights were rescaled to sum to 1)."""
    _admin_only(actor)
    _draft_only(version)
    changes = {k: v for k, v in data.items() if k in VERSION_FIELDS and v is not None}
    notes: list[str] = []
    if "indicators" in changes:
        changes["indicators"], rescaled = _clean_indicators(changes["indicators"])
        if rescaled:
            notes.append(
                "the weights did not sum to 1 and were rescaled proportionally / "
                "权重之和不为 1，已按比例归一化"
            )
    if "base_period" in changes:
        changes["base_period"] = str(changes["base_period"]).strip().upper()
        if not re.fullmatch(r"\d{4}(Q[1-4])?", changes["base_period"]):
            raise IndexInputError(
                "the base period looks like 2024 or 2024Q1 / 基期格式应为 2024 或 2024Q1",
                field="base_period",
            )
    if "min_group_size" in changes and (
        not isinstance(changes["min_group_size"], int) or changes["min_group_size"] < 1
    ):
        raise IndexInputError(
            "the minimum group size is at least 1 / 最小组规模至少为 1", field="min_group_size"
        )
    if "replicates" in changes:
        r = changes["replicates"]
        if not isinstance(r, int) or not 0 <= r <= MAX_REPLICATES:
            raise IndexInputError(
                f"bootstrap replicates between 0 and {MAX_REPLICATES} / 自助法重复次数应在 0 至 {MAX_REPLICATES} 之间",
                field="replicates",
            )
    if "title" in changes and not str(changes["title"]).strip():
        raise IndexInputError("a title is required / 请填写标题", field="title")
    before = {k: getattr(version, k) for k in changes}
    for k, v in changes.items():
        setattr(version, k, v)
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        for k, v in before.items():
            setattr(version, k, v)
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        _draft_only(version)
        version.save()
        audit_append(
            actor=actor.user,
            action="update",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={k: {"from": before[k], "to": v} for k, v in changes.items() if before[k] != v},
        )
    return version, notes


# ------------------------------------------------------------------------------------------
# observations


def observations_refresh(*, quarters: Sequence[str], keys: Sequence[str] | None = None) -> int:
    """Extract the asked quarters from the source apps into the observation table, replacing that
    source's earlier extract of the same quarter and indicator. Rows whose numbers changed, or
    that the source no longer yields, are archived first (:class:`ObservationArchive`) so that
    past runs keep reproducing; unchanged rows are left as they are. Returns rows written."""
    keys = list(keys or registry.INDICATORS)
    frames = registry.extract(quarters, keys)
    written = 0
    now = timezone.now()
    with transaction.atomic():
        for key, frame in frames.items():
            if frame.empty:
                continue
            source = registry.INDICATORS[key].source_app
            stored = IndicatorObservation.objects.filter(
                indicator=key, quarter__in=list(quarters), source=source
            )
            old = {
                (e, q): (pk, n, d, at)
                for pk, e, q, n, d, at in stored.values_list(
                    "pk", "enterprise_id", "quarter", "num", "den", "extracted_at"
                )
            }
            new = {
                (int(e), str(q)): (float(n), float(d))
                for e, q, n, d in frame[["enterprise", "quarter", "num", "den"]].itertuples(
                    index=False
                )
            }
            stale = [k for k, (_pk, n, d, _at) in old.items() if new.get(k) != (n, d)]
            ObservationArchive.objects.bulk_create(
                [
                    ObservationArchive(
                        enterprise_id=e,
                        quarter=q,
                        indicator=key,
                        num=old[(e, q)][1],
                        den=old[(e, q)][2],
                        source=source,
                        extracted_at=old[(e, q)][3],
                        replaced_at=now,
                    )
                    for e, q in stale
                ],
                batch_size=5000,
            )
            stale_set = set(stale)
            stale_pks = [old[k][0] for k in stale]
            for i in range(0, len(stale_pks), 5000):
                IndicatorObservation.objects.filter(pk__in=stale_pks[i : i + 5000]).delete()
            objs = [
                IndicatorObservation(
                    enterprise_id=e, quarter=q, indicator=key, num=n, den=d, source=source
                )
                for (e, q), (n, d) in new.items()
                if (e, q) not in old or (e, q) in stale_set
            ]
            IndicatorObservation.objects.bulk_create(objs, batch_size=5000, ignore_conflicts=True)
            written += len(objs)
    return written


OBSERVATION_COLUMNS = [
    "enterprise",
    "province",
    "city",
    "division",
    "quarter",
    "indicator",
    "num",
    "den",
]
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


def observations_frame(*, keys: Sequence[str], as_of: Any = None) -> pd.DataFrame:
    """All stored observations of ``keys`` with each enterprise's province, city and division.

    ``as_of``: the observations as they were at that time (current rows extracted by then, plus
    archived rows extracted by then and replaced after) — what a past run read.

    On PostgreSQL the rows stream out with ``COPY … TO STDOUT`` (millions of rows in seconds);
    elsewhere through the ORM.
    """
    if as_of is not None:
        return _observations_as_of(keys, as_of)
    if connection.vendor == "postgresql":
        return _observations_copy(keys)
    rows = IndicatorObservation.objects.filter(indicator__in=list(keys)).values_list(
        "enterprise_id",
        "enterprise__province_id",
        "enterprise__region_id",
        "enterprise__industry_id",
        "quarter",
        "indicator",
        "num",
        "den",
    )
    return pd.DataFrame.from_records(rows.iterator(chunk_size=20000), columns=OBSERVATION_COLUMNS)


def _observations_as_of(keys: Sequence[str], as_of: Any) -> pd.DataFrame:
    columns = (
        "enterprise_id",
        "enterprise__province_id",
        "enterprise__region_id",
        "enterprise__industry_id",
        "quarter",
        "indicator",
        "num",
        "den",
    )
    current = IndicatorObservation.objects.filter(
        indicator__in=list(keys), extracted_at__lte=as_of
    ).values_list(*columns)
    archived = ObservationArchive.objects.filter(
        indicator__in=list(keys), extracted_at__lte=as_of, replaced_at__gt=as_of
    ).values_list(*columns)
    rows = [*current.iterator(chunk_size=20000), *archived.iterator(chunk_size=20000)]
    return pd.DataFrame.from_records(rows, columns=OBSERVATION_COLUMNS)


def _observations_copy(keys: Sequence[str]) -> pd.DataFrame:
    import io

    obs, ent = (
        IndicatorObservation._meta.db_table,
        Enterprise._meta.db_table,
    )
    quoted = ", ".join(
        "'" + k.replace("'", "''") + "'" for k in keys
    )  # keys come from the registry, not from users
    sql = (
        f"COPY (SELECT o.enterprise_id, e.province_id, e.region_id, e.industry_id, o.quarter, o.indicator, o.num, o.den "
        f"FROM {obs} o JOIN {ent} e ON e.id = o.enterprise_id WHERE o.indicator IN ({quoted})) TO STDOUT WITH (FORMAT csv)"
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for chunk in copy:
            buffer.write(chunk)
    buffer.seek(0)
    if buffer.getbuffer().nbytes == 0:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    dtypes: dict[str, Any] = {
        "enterprise": "int64",
        "province": str,
        "city": str,
        "division": str,
        "quarter": str,
        "indicator": str,
        "num": "float64",
        "den": "float64",
    }
    return pd.read_csv(buffer, names=OBSERVATION_COLUMNS, dtype=dtypes)


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


def observations_digest(df: pd.DataFrame) -> str:
    """SHA-256 of the observations in a canonical order: a run says exactly what it read."""
    if df.empty:
        return hashlib.sha256(b"").hexdigest()
    canon = df.sort_values(["enterprise", "quarter", "indicator"]).reset_index(drop=True)
    hashed = pd.util.hash_pandas_object(
        canon[["enterprise", "province", "city", "division", "quarter", "indicator", "num", "den"]],
        index=False,
    )
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


# ------------------------------------------------------------------------------------------
# runs


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
        notify("read", 0, 4)
        df = observations_frame(keys=methodology.keys)
        notify("compute", 1, 4)
        result = core.compute_index(df, methodology)
    except AnalyticsError as exc:
        IndexRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message=str(exc), finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    cells = result.cells
    notify("store", 2, 4)
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
            message=f"{len(cells)} cells, {int((cells['status'] == 'ok').sum())} published",
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
        notify("warnings", 3, 4)
        warnings_evaluate(run=run, cells=cells, observations=df)
    notify("done", 4, 4)
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
            f"quarters look like 2025Q3: {', '.join(bad)} / 季度格式应为 2025Q3", field="quarters"
        )
    future = [q for q in out if q > latest]
    if future:
        raise IndexInputError(
            f"not ended yet: {', '.join(future)} / 季度尚未结束", field="quarters"
        )
    if len(out) > MAX_QUARTERS:
        raise IndexInputError(
            f"at most {MAX_QUARTERS} quarters at once / 一次最多 {MAX_QUARTERS} 个季度",
            field="quarters",
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
        raise Forbidden(
            "only authorities and administrators recompute the index / 仅主管部门和管理员可重新计算指数"
        )
    version = version or current_version()
    if version is None:
        raise IndexInputError(
            "no published methodology version / 尚无已发布的方法版本", field="version"
        )
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
        progress(f"extract {', '.join(quarters)}", 0, 4)
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
        message=run.message,
        finished_at=timezone.now(),
        result={"run": run.pk, "version": version.code, "quarters": quarters},
        done=4,
        total=4,
    )


def latest_complete_quarter(today: Any = None) -> str:
    """The last quarter that has ended (the one a recomputation refreshes from the sources)."""
    today = today or timezone.localdate()
    n = today.year * 4 + (today.month - 1) // 3 - 1
    return core.quarter_label(n)


def current_version() -> MethodologyVersion | None:
    return (
        MethodologyVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


# ------------------------------------------------------------------------------------------
# early warning


def _latest(cells: pd.DataFrame) -> set[str]:
    out = set()
    for kind in ("quarter", "year"):
        ps = cells.loc[cells["period_kind"] == kind, "period"]
        if not ps.empty:
            out.add(max(ps))
    return out


def _scoped(cells: pd.DataFrame, rule: WarningRule) -> pd.DataFrame:
    c = cells[cells["level"].isin(["province", "city"])]
    if rule.region_prefix:
        c = c[c["region"].str.startswith(rule.region_prefix)]
    if rule.industry:
        c = c[c["industry"] == rule.industry]
    return c


def _fired(rule: WarningRule, cells: pd.DataFrame) -> pd.DataFrame:
    c = _scoped(cells, rule)
    col = "value" if not rule.indicator else f"{rule.indicator}__score"
    if rule.kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO):
        if col not in c:
            return pd.DataFrame()
        if rule.kind == RuleKind.FALL_YEAR_AGO:
            # for a year the previous period already is the year before: quarters only here
            c = c[c["period_kind"] == "quarter"]
        return core.rule_fall(
            c,
            column=col,
            amount=float(rule.amount or 0),
            compare="previous" if rule.kind == RuleKind.FALL_PREVIOUS else "year_ago",
        )
    if rule.kind == RuleKind.THRESHOLD:
        raw = f"{rule.indicator}__value" if rule.indicator else "value"
        if raw not in c or rule.threshold is None:
            return pd.DataFrame()
        return core.rule_threshold(c, column=raw, threshold=float(rule.threshold), below=rule.below)
    if rule.kind == RuleKind.ALERT_SURGE:
        if "open_alerts__num" not in c:
            return pd.DataFrame()
        q = c[(c["period_kind"] == "quarter") & c["open_alerts__num"].notna()]
        counts = q[["region", "industry", "period"]].assign(count=q["open_alerts__num"].to_numpy())
        return core.rule_surge(counts, window=int(rule.window), k=float(rule.k or 2))
    return pd.DataFrame()


def _numbers(rule: WarningRule, row: Mapping[Hashable, Any]) -> dict[str, Any]:
    keep = ("current", "reference", "change", "threshold", "count", "mean", "sd", "limit")
    nums = {
        k: round(float(row[k]), 4)
        for k in keep
        if k in row and row[k] is not None and not pd.isna(row[k])
    }
    if "ref_period" in row:
        nums["compared_with"] = row["ref_period"]
    if rule.kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO):
        nums["amount"] = float(rule.amount or 0)
    if rule.kind == RuleKind.ALERT_SURGE:
        nums.update({"k": float(rule.k or 2), "window": int(rule.window)})
    return nums


def _driver(
    rule: WarningRule, scores: pd.DataFrame, row: Mapping[Hashable, Any], keys: Sequence[str]
) -> str:
    """The indicator behind a warning: the rule's own, or for the index the one whose sub-index
    fell most in the cell (``scores``: sub-indices indexed by region, industry, period)."""
    if rule.kind == RuleKind.ALERT_SURGE:
        return "open_alerts"
    if rule.indicator:
        return rule.indicator
    try:
        # keys of the (region, industry, period) MultiIndex; pandas-stubs types only 2-tuples
        here: Any = (row["region"], row["industry"], row["period"])
        then: Any = (row["region"], row["industry"], row.get("ref_period"))
        now = scores.loc[here]
        before = scores.loc[then]
    except KeyError:
        return keys[0]
    drops = {k: float(now[f"{k}__score"] - before[f"{k}__score"]) for k in keys}
    drops = {k: v for k, v in drops.items() if not np.isnan(v)}
    return min(drops, key=lambda k: drops[k]) if drops else keys[0]


class _CellEnterprises:
    """The observations of the latest periods, grouped once so that each warning finds the
    enterprises of its cell by a dictionary look-up rather than a scan."""

    def __init__(self, obs: pd.DataFrame) -> None:
        obs = obs[obs["den"] > 0].reset_index(drop=True)
        self.enterprise = obs["enterprise"].to_numpy()
        self.division = obs["division"].to_numpy().astype(str)
        self.ratio = (obs["num"] / obs["den"]).to_numpy()
        self.by_province = obs.groupby(["quarter", "indicator", "province"], sort=False).indices
        self.by_city = obs.groupby(["quarter", "indicator", "city"], sort=False).indices

    def worst(self, region: str, industry: str, period: str, indicator: str) -> list[int]:
        """Enterprises of the cell, worst first on ``indicator`` in the period (a year: its Q4)."""
        quarter = period if "Q" in period else f"{period}Q4"
        groups = self.by_province if region.endswith("0000") else self.by_city
        idx = groups.get((quarter, indicator, region))
        if idx is None:
            return []
        if industry != core.ALL_INDUSTRIES:
            idx = idx[self.division[idx] == industry]
        higher = (
            registry.INDICATORS[indicator].higher_is_better
            if indicator in registry.INDICATORS
            else True
        )
        ratio = self.ratio[idx]
        order = np.argsort(ratio if higher else -ratio, kind="stable")
        return [int(e) for e in self.enterprise[idx][order][:ENTERPRISES_PER_WARNING]]


def warnings_evaluate(
    *, run: IndexRun, cells: pd.DataFrame | None = None, observations: pd.DataFrame | None = None
) -> list[Warning]:
    """Apply every active rule to the run's latest periods; one Warning per fired cell."""
    if cells is None:
        return []
    keys = [i["key"] for i in run.version.indicators]
    if observations is None:
        observations = observations_frame(keys=keys)
    latest = _latest(cells)
    latest_quarters = {p if "Q" in p else f"{p}Q4" for p in latest}
    behind = _CellEnterprises(observations[observations["quarter"].isin(latest_quarters)])
    scores = cells.set_index(["region", "industry", "period"])[[f"{k}__score" for k in keys]]
    scores = scores[~scores.index.duplicated()]
    made: list[Warning] = []
    for rule in WarningRule.objects.filter(active=True):
        fired = _fired(rule, cells)
        if fired.empty:
            continue
        fired = fired[fired["period"].isin(latest)]
        for row in fired.to_dict("records"):
            driver = _driver(rule, scores, row, keys)
            made.append(
                Warning(
                    rule=rule,
                    run=run,
                    region=row["region"],
                    industry=row["industry"],
                    period=row["period"],
                    indicator=rule.indicator or driver,
                    numbers=_numbers(rule, row) | {"driver": driver},
                    enterprise_ids=behind.worst(
                        row["region"], row["industry"], row["period"], driver
                    ),
                )
            )
    with transaction.atomic():
        Warning.objects.bulk_create(made, batch_size=1000, ignore_conflicts=True)
        if made:
            audit_append(
                actor="system",
                action="warn",
                model="index.warning",
                object_pk=f"run:{run.pk}",
                changes={"count": len(made)},
            )
    return made


def warning_acknowledge(*, actor: Actor, warning: Warning, note: str) -> Warning:
    """An authority officer of the warning's region (or an admin) acknowledges it with a note."""
    if not may_see_warning(actor, warning.region):
        raise NotFound
    if not note.strip():
        raise IndexInputError("a note is required / 请填写处理说明", field="note")
    if warning.status == WarningStatus.ACKNOWLEDGED:
        raise IndexInputError("already acknowledged / 已确认", field="status")
    with transaction.atomic():
        warning.status = WarningStatus.ACKNOWLEDGED
        warning.note = note.strip()
        warning.acknowledged_by = actor.user
        warning.acknowledged_at = timezone.now()
        warning.save(update_fields=["status", "note", "acknowledged_by", "acknowledged_at"])
        audit_append(
            actor=actor.user,
            action="acknowledge",
            model="index.warning",
            object_pk=warning.pk,
            changes={"note": warning.note},
        )
    return warning


RULE_FIELDS = (
    "name",
    "kind",
    "indicator",
    "amount",
    "threshold",
    "below",
    "k",
    "window",
    "region_prefix",
    "industry",
    "active",
)


def _check_rule(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    prefix = data.get("region_prefix", "") or ""
    if not may_supervise_index(actor):
        raise Forbidden(
            "only authorities and administrators configure warning rules / 仅主管部门和管理员可配置预警规则"
        )
    if not may_configure_rule_region(actor, prefix):
        raise IndexInputError(
            "choose a region within your jurisdiction / 请选择辖区内的地区",
            field="region_prefix",
        )
    kind = data.get("kind")
    if kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO) and (
        data.get("amount") is None or Decimal(str(data["amount"])) <= 0
    ):
        raise IndexInputError(
            "a fall rule needs a positive amount / 下降预警需设置正的幅度", field="amount"
        )
    if kind == RuleKind.THRESHOLD and (data.get("threshold") is None or not data.get("indicator")):
        raise IndexInputError(
            "a threshold rule needs an indicator and a threshold / 阈值预警需指定指标和阈值",
            field="threshold",
        )
    if kind == RuleKind.ALERT_SURGE and (data.get("k") is None or Decimal(str(data["k"])) <= 0):
        raise IndexInputError("a surge rule needs k > 0 / 激增预警需设置 k > 0", field="k")
    if data.get("indicator") and data["indicator"] not in registry.INDICATORS:
        raise IndexInputError(f"unknown indicator {data['indicator']!r}", field="indicator")
    return data


def rule_create(*, actor: Actor, data: dict[str, Any]) -> WarningRule:
    """A new warning rule; authority officers only within their regions."""
    data = _check_rule(actor, {k: v for k, v in data.items() if k in RULE_FIELDS})
    with transaction.atomic():
        rule = WarningRule.objects.create(**data, updated_by=actor.user)
        audit_append(
            actor=actor.user,
            action="create",
            model="index.warningrule",
            object_pk=rule.pk,
            changes={k: str(v) for k, v in data.items()},
        )
    return rule


def rule_update(*, actor: Actor, rule: WarningRule, data: dict[str, Any]) -> WarningRule:
    """Change a rule's thresholds; authority officers only rules of their regions."""
    if not may_edit_rule(actor, rule.region_prefix):
        raise NotFound
    changes = {k: v for k, v in data.items() if k in RULE_FIELDS}
    merged = {f: getattr(rule, f) for f in RULE_FIELDS} | changes
    _check_rule(actor, merged)
    with transaction.atomic():
        for k, v in changes.items():
            setattr(rule, k, v)
        rule.updated_by = actor.user
        rule.save()
        audit_append(
            actor=actor.user,
            action="update",
            model="index.warningrule",
            object_pk=rule.pk,
            changes={k: str(v) for k, v in changes.items()},
        )
    return rule
