"""Reads of the index app: the current run, map cells, trends, rankings, warnings, rules.

Published cells (index values, bands, ranks, trends) are public statistics: every cell below
the minimum group size is already withheld in the run. What is *not* public — the number of
enterprises in a cell, raw counts such as open alerts, warnings and the enterprises behind
them — goes only to authority officers for their own regions and to admins
(:func:`sees_detail`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.index import ALL_INDUSTRIES, NATION, previous_period
from qualitas.core.access import (
    Actor,
    NotFound,
    index_home_province,
    may_manage_methodology,
    may_see_region_detail,
    may_supervise_index,
    rules_visible_q,
    warning_enterprises_q,
    warnings_visible_q,
)
from qualitas.index import indicators as registry
from qualitas.index.choices import CellStatus, RunStatus, VersionStatus
from qualitas.index.errors import IndexInputError
from qualitas.index.models import IndexRun, IndexValue, MethodologyVersion, Warning, WarningRule
from qualitas.registry.models import Industry, Region

ALL_MANUFACTURING = _("All manufacturing")


def sees_detail(actor: Actor, region: str) -> bool:
    """Private detail of a region's cells (:func:`~qualitas.core.access.may_see_region_detail`)."""
    return may_see_region_detail(actor, region)


def is_supervisor(actor: Actor) -> bool:
    """The supervisor's side of the index (:func:`~qualitas.core.access.may_supervise_index`)."""
    return may_supervise_index(actor)


def current_run(*, version: MethodologyVersion | None = None) -> IndexRun | None:
    """The latest successful run of ``version`` (default: the newest published version)."""
    qs = IndexRun.objects.filter(status=RunStatus.SUCCEEDED).select_related("version")
    if version is not None:
        qs = qs.filter(version=version)
    else:
        qs = qs.filter(version__status=VersionStatus.PUBLISHED).order_by(
            "-version__published_at", "-started_at"
        )
    return qs.order_by("-started_at").first() if version is not None else qs.first()


def run_counts(run: IndexRun) -> dict[str, int]:
    """The run's cells and those published (not withheld as insufficient)."""
    return IndexValue.objects.filter(run=run).aggregate(
        cells=Count("pk"), published=Count("pk", filter=Q(status=CellStatus.OK))
    )


def run_periods(run: IndexRun) -> tuple[list[str], list[str]]:
    """(quarters, years) of a run with at least one published province, oldest first (a quarter
    whose sources have only a few enterprises so far would show an empty map)."""
    cached = getattr(run, "_published_periods", None)
    if cached is None:
        shown = set(
            IndexValue.objects.filter(
                run=run, level="province", industry=ALL_INDUSTRIES, status="ok"
            )
            .values_list("period", flat=True)
            .distinct()
        )
        cached = [p for p in (run.periods or []) if p in shown]
        run._published_periods = cached  # type: ignore[attr-defined]
    return [p for p in cached if "Q" in p], [p for p in cached if "Q" not in p]


def versions_visible(*, actor: Actor) -> QuerySet[MethodologyVersion]:
    """Published and retired versions for everyone; drafts for admins."""
    qs = MethodologyVersion.objects.all()
    if not may_manage_methodology(actor):
        qs = qs.exclude(status=VersionStatus.DRAFT)
    return qs


def version_get(*, actor: Actor, pk: int) -> MethodologyVersion:
    v = versions_visible(actor=actor).filter(pk=pk).first()
    if v is None:
        raise NotFound
    return v


def versions_with_runs(*, actor: Actor) -> QuerySet[MethodologyVersion]:
    """The visible versions, each with how many runs used it (``run_count``) and its last run."""
    return versions_visible(actor=actor).annotate(
        run_count=Count("runs"), last_run_at=Max("runs__started_at")
    )


def version_runs(*, actor: Actor, version: MethodologyVersion, limit: int = 50) -> list[IndexRun]:
    """The runs computed under ``version``, newest first (which runs used which version)."""
    version_get(actor=actor, pk=version.pk)
    runs = IndexRun.objects.filter(version=version).select_related("version")
    return list(runs.order_by("-started_at")[:limit])


def version_default_source() -> MethodologyVersion | None:
    """The version a new draft is copied from: the current published one, else the newest."""
    current = (
        MethodologyVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
    return current or MethodologyVersion.objects.order_by("-pk").first()


def version_suggest_code() -> str:
    """A free code for a new draft: ``<year>.<n>``."""
    from django.utils import timezone

    year = timezone.localdate().year
    taken = set(MethodologyVersion.objects.values_list("code", flat=True))
    n = 1
    while f"{year}.{n}" in taken:
        n += 1
    return f"{year}.{n}"


@dataclass(frozen=True, kw_only=True)
class MapQuery:
    """What the map shows: one period, one industry, the index or one indicator, the provinces
    or the cities of one province. One definition for the page, the API and the exports."""

    period: str = ""
    industry: str = ALL_INDUSTRIES
    indicator: str = ""
    province: str = ""


def _names(codes: list[str]) -> dict[str, str]:
    out = {r.code: r.name for r in Region.objects.filter(code__in=codes)}
    out.setdefault(NATION, str(_("China")))
    return out


def _metric(row: IndexValue, indicator: str) -> tuple[float | None, float | None]:
    """(shown value, raw value) of a cell: the index, or an indicator's sub-index and raw value."""
    if not indicator:
        return row.value, row.value
    ind = (row.indicators or {}).get(indicator) or {}
    return ind.get("score"), ind.get("value")


def period_check(run: IndexRun, period: str) -> str:
    """``period`` when the run has published it; otherwise a refusal naming it (a 4xx)."""
    quarters, years = run_periods(run)
    if period and period not in quarters and period not in years:
        raise IndexInputError(
            _("period: %(period)s is not a period of the index (for example %(example)s)"),
            field="period",
            period=period[:40],
            example=(quarters or years or ["2025Q4"])[-1],
        )
    return period


def map_cells(*, actor: Actor, run: IndexRun, query: MapQuery) -> dict[str, Any]:
    """The cells of one map view with value, band, rank, trend; private detail where allowed."""
    quarters, years = run_periods(run)
    period = period_check(run, query.period) or (
        quarters[-1] if quarters else (years[-1] if years else "")
    )
    prev = previous_period(period) if period else ""
    level = "city" if query.province else "province"
    qs = IndexValue.objects.filter(
        run=run, industry=query.industry, level=level, period__in=[period, prev]
    )
    if query.province:
        qs = qs.filter(parent=query.province)
    rows = list(
        qs.only(
            "region",
            "period",
            "value",
            "lo",
            "hi",
            "n",
            "status",
            "rank",
            "prev_value",
            "indicators",
        )
    )
    now = [r for r in rows if r.period == period]
    before = {r.region: r for r in rows if r.period == prev}
    names = _names([r.region for r in now] + ([query.province] if query.province else []))
    shown = {r.region: _metric(r, query.indicator)[0] for r in now}
    ranked = sorted((v, c) for c, v in shown.items() if v is not None)
    ranks = (
        {c: len(ranked) - i for i, (v, c) in enumerate(ranked)}
        if query.indicator
        else {r.region: r.rank for r in now}
    )
    cells = []
    for r in now:
        value, raw = _metric(r, query.indicator)
        prev_value = _metric(before[r.region], query.indicator)[0] if r.region in before else None
        detail = sees_detail(actor, r.region)
        cell: dict[str, Any] = {
            "code": r.region,
            "name": names.get(r.region, r.region),
            "status": r.status if value is not None else "insufficient",
            "value": value,
            "raw": raw,
            "lo": r.lo if not query.indicator else None,
            "hi": r.hi if not query.indicator else None,
            "rank": ranks.get(r.region) if value is not None else None,
            "of": len(ranked),
            "prev": prev_value,
            "change": (value - prev_value)
            if value is not None and prev_value is not None
            else None,
        }
        if detail:
            oa = (r.indicators or {}).get("open_alerts") or {}
            cell.update({"n": r.n, "open_alerts": oa.get("num")})
        cells.append(cell)
    cells.sort(key=lambda c: (c["rank"] is None, c["rank"] or 0, c["code"]))
    values = [c["value"] for c in cells if c["value"] is not None]
    return {
        "period": period,
        "previous": prev,
        "industry": query.industry,
        "indicator": query.indicator,
        "indicator_label": registry.indicator_label(query.indicator),
        "level": level,
        "province": query.province,
        "province_name": names.get(query.province, "") if query.province else "",
        "cells": cells,
        "min": min(values) if values else None,
        "max": max(values) if values else None,
        "version": run.version.code,
        "run": run.pk,
    }


def trend(
    *, run: IndexRun, region: str, industry: str = ALL_INDUSTRIES, indicator: str = ""
) -> list[dict[str, Any]]:
    """Quarterly values of one cell (index or indicator sub-index), oldest first."""
    rows = IndexValue.objects.filter(
        run=run, region=region, industry=industry, period_kind="quarter"
    ).only("period", "value", "lo", "hi", "indicators", "status")
    out = []
    for r in sorted(rows, key=lambda r: r.period):
        value, raw = _metric(r, indicator)
        out.append(
            {
                "period": r.period,
                "value": value,
                "raw": raw,
                "lo": r.lo if not indicator else None,
                "hi": r.hi if not indicator else None,
            }
        )
    return out


def indicator_trends(
    *, run: IndexRun, region: str = NATION, industry: str = ALL_INDUSTRIES
) -> dict[str, list[dict[str, Any]]]:
    """The index and every indicator's sub-index over the quarters of one cell."""
    keys = [""] + [i["key"] for i in run.version.indicators]
    return {k: trend(run=run, region=region, industry=industry, indicator=k) for k in keys}


def industry_ranking(
    *, run: IndexRun, region: str, period: str, indicator: str = ""
) -> list[dict[str, Any]]:
    """Divisions of one region in one period, best first; insufficient ones last."""
    period_check(run, period)
    rows = list(
        IndexValue.objects.filter(run=run, region=region, period=period)
        .exclude(industry=ALL_INDUSTRIES)
        .only("industry", "value", "lo", "hi", "indicators", "status", "prev_value")
    )
    names = {i.code: i.name for i in Industry.objects.filter(code__in=[r.industry for r in rows])}
    out: list[dict[str, Any]] = []
    for r in rows:
        value, raw = _metric(r, indicator)
        out.append(
            {
                "code": r.industry,
                "name": names.get(r.industry, r.industry),
                "value": value,
                "raw": raw,
                "lo": r.lo,
                "hi": r.hi,
                "prev": r.prev_value if not indicator else None,
            }
        )
    out.sort(key=lambda c: (c["value"] is None, -(c["value"] or 0)))
    for i, c in enumerate(out):
        c["rank"] = i + 1 if c["value"] is not None else None
    return out


def overview(*, run: IndexRun, region: str, industry: str = ALL_INDUSTRIES) -> dict[str, Any]:
    """Headline of one region: latest quarter, previous quarter, a year ago, latest year."""
    quarters, years = run_periods(run)
    if not quarters:
        return {}
    latest = quarters[-1]
    wanted = [latest, previous_period(latest), previous_period(latest, years_back=1)] + years[-1:]
    cells = {
        r.period: r
        for r in IndexValue.objects.filter(
            run=run, region=region, industry=industry, period__in=wanted
        )
    }
    now = cells.get(latest)
    keys = [i["key"] for i in run.version.indicators]
    return {
        "region": region,
        "name": _names([region]).get(region, region),
        "period": latest,
        "now": now,
        "previous": cells.get(wanted[1]),
        "year_ago": cells.get(wanted[2]),
        "year": cells.get(years[-1]) if years else None,
        "indicators": [
            {
                "key": k,
                "label": registry.indicator_label(k),
                "unit": registry.INDICATORS[k].unit if k in registry.INDICATORS else "",
                **((now.indicators or {}).get(k) or {} if now else {}),
            }
            for k in keys
        ],
    }


def home_region(actor: Actor) -> str:
    """The region a dashboard opens on: an authority officer's first province, else the nation."""
    return index_home_province(actor) or NATION


def regions_with_values(*, run: IndexRun) -> list[tuple[str, str]]:
    """(code, name) of the nation and the provinces with a published index, for pickers."""
    codes = list(
        IndexValue.objects.filter(
            run=run, industry=ALL_INDUSTRIES, level__in=["nation", "province"], status="ok"
        )
        .values_list("region", flat=True)
        .distinct()
    )
    names = _names(codes)
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda t: (t[0] != NATION, t[0]))


def warnings_for(*, actor: Actor, status: str = "") -> QuerySet[Warning]:
    """Warnings of the actor's regions (admins: all); nobody else sees any."""
    qs = Warning.objects.select_related("rule", "run").filter(warnings_visible_q(actor))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at", "region")


def warning_get(*, actor: Actor, pk: int) -> Warning:
    w = warnings_for(actor=actor).filter(pk=pk).first()
    if w is None:
        raise NotFound
    return w


def warning_enterprises(*, actor: Actor, warning: Warning) -> list[Any]:
    """The enterprises behind a warning, in the order stored (worst first), within the actor's scope."""
    from qualitas.registry.models import Enterprise

    qs = (
        Enterprise.objects.filter(pk__in=warning.enterprise_ids or [])
        .filter(warning_enterprises_q(actor))
        .select_related("region", "industry")
    )
    by_pk = {e.pk: e for e in qs}
    return [by_pk[pk] for pk in warning.enterprise_ids or [] if pk in by_pk]


def rules_for(*, actor: Actor) -> QuerySet[WarningRule]:
    """Rules the actor may see: admins all; authority officers the national ones and their regions'."""
    return WarningRule.objects.filter(rules_visible_q(actor))


def rule_get(*, actor: Actor, pk: int) -> WarningRule:
    r = rules_for(actor=actor).filter(pk=pk).first()
    if r is None:
        raise NotFound
    return r


def region_name(code: str) -> str:
    return _names([code]).get(code, code)


def region_names(codes: list[str]) -> dict[str, str]:
    """Names of several regions in one query (code → name; unknown codes are left out)."""
    return _names(codes)


def industry_name(code: str) -> str:
    if code == ALL_INDUSTRIES:
        return str(ALL_MANUFACTURING)
    ind = Industry.objects.filter(code=code).first()
    return ind.name if ind else code


def industries_for_picker() -> list[tuple[str, str]]:
    return [(ALL_INDUSTRIES, str(ALL_MANUFACTURING))] + [
        (i.code, f"{i.code} {i.name}")
        for i in Industry.objects.filter(level="division", code__startswith="C").order_by("code")
    ]


def recent_quarters(latest: str, *, count: int = 12) -> list[str]:
    """``count`` quarters ending with ``latest``, newest first (the recompute page's choices)."""
    year, q = int(latest[:4]), int(latest[5])
    n = year * 4 + q - 1
    return [f"{(n - i) // 4}Q{(n - i) % 4 + 1}" for i in range(count)]
