"""Reads of recalls: public notices, the recall desk, effectiveness (recovered / affected).

Public notices are recalls published or closed (never drafts); the desk shows an actor the
recalls :func:`qualitas.core.access.recalls_managed_q` lets it work on. Effectiveness of a recall
is the units recovered over the units affected; aggregated, Σ recovered / Σ affected over the
recalls published by then. A published recall whose last progress report (or publication) is
older than :data:`PROGRESS_EVERY_DAYS` is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from qualitas.core.access import Actor, NotFound, recalls_managed_q
from qualitas.traceability.choices import RecallStatus
from qualitas.traceability.models import Recall, RecallProgress

PROGRESS_EVERY_DAYS = 30
PUBLIC_STATUSES = (RecallStatus.PUBLISHED, RecallStatus.CLOSED)


def with_figures(qs: QuerySet[Recall]) -> QuerySet[Recall]:
    """Recalls with ``recovered`` (Σ units) and ``last_report`` (date) annotated: one query."""
    return qs.select_related("enterprise", "region").annotate(
        recovered=Sum("progress__units_recovered"), last_report=Max("progress__report_date")
    )


def recalls_public(*, q: str = "", source: str = "") -> QuerySet[Recall]:
    """Published notices (newest first), searched by product, producer, model, batch or number."""
    qs = Recall.objects.filter(status__in=PUBLIC_STATUSES)
    if q:
        qs = qs.filter(
            Q(product_name__icontains=q)
            | Q(producer_name__icontains=q)
            | Q(model_spec__icontains=q)
            | Q(batch__icontains=q)
            | Q(recall_no__icontains=q)
            | Q(brand__icontains=q)
        )
    if source:
        qs = qs.filter(source=source)
    return with_figures(qs).order_by("-published_at", "-pk")


def recall_public_get(*, pk: int) -> Recall:
    """One published notice; anything else is not found."""
    found = with_figures(Recall.objects.filter(pk=pk, status__in=PUBLIC_STATUSES)).first()
    if found is None:
        raise NotFound
    return found


def recalls_managed(*, actor: Actor) -> QuerySet[Recall]:
    """The recalls the actor works on, any status."""
    return with_figures(Recall.objects.filter(recalls_managed_q(actor))).order_by("-created_at")


def recall_managed_get(*, actor: Actor, pk: int) -> Recall:
    """One recall the actor works on."""
    found = with_figures(Recall.objects.filter(recalls_managed_q(actor), pk=pk)).first()
    if found is None:
        raise NotFound
    return found


def effectiveness(recall: Any) -> float | None:
    """Units recovered / units affected (None when the units affected are unknown)."""
    affected = recall.recall_qty or 0
    if not affected:
        return None
    return (getattr(recall, "recovered", None) or 0) / affected


def is_overdue(recall: Any, today: date | None = None) -> bool:
    """A published recall without a progress report for :data:`PROGRESS_EVERY_DAYS` days."""
    return overdue(recall.status, recall.published_at, getattr(recall, "last_report", None), today)


def overdue(
    status: str, published_at: Any, last_report: date | None, today: date | None = None
) -> bool:
    """:func:`is_overdue` from the values: status, publication time, last report date."""
    if status != RecallStatus.PUBLISHED or published_at is None:
        return False
    today = today or timezone.localdate()
    last = last_report or timezone.localdate(published_at)
    return today - last > timedelta(days=PROGRESS_EVERY_DAYS)


@dataclass(frozen=True)
class EffectivenessPoint:
    month: str
    affected: int
    recovered: int

    @property
    def rate(self) -> float | None:
        return self.recovered / self.affected if self.affected else None


def effectiveness_over_time(
    *, months: int = 24, today: date | None = None
) -> list[EffectivenessPoint]:
    """Aggregated effectiveness at each month end: Σ recovered by then / Σ affected of the recalls
    published by then (platform recalls with known units affected). Three queries."""
    today = today or timezone.localdate()
    recalls = list(
        Recall.objects.filter(
            status__in=PUBLIC_STATUSES, recall_qty__gt=0, source="platform"
        ).values_list("pk", "published_at", "recall_qty")
    )
    if not recalls:
        return []
    progress = list(
        RecallProgress.objects.filter(recall_id__in=[r[0] for r in recalls]).values_list(
            "report_date", "units_recovered"
        )
    )
    first = min(timezone.localdate(r[1]) for r in recalls)
    start = max(
        first.replace(day=1),
        (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1),
    )
    points = []
    cursor = start
    while cursor <= today:
        nxt = (cursor + timedelta(days=32)).replace(day=1)
        end = min(nxt - timedelta(days=1), today)
        affected = sum(
            int(q or 0)
            for _pk, at, q in recalls
            if at is not None and timezone.localdate(at) <= end
        )
        recovered = sum(u for d, u in progress if d <= end)
        points.append(
            EffectivenessPoint(month=f"{cursor:%Y-%m}", affected=affected, recovered=recovered)
        )
        cursor = nxt
    return points


def recall_totals(enterprise_id: int, *, since: date | None = None) -> dict[str, Any]:
    """Published recalls of one enterprise: count, units affected, units recovered, the latest (one query)."""
    qs = Recall.objects.filter(enterprise_id=enterprise_id, status__in=PUBLIC_STATUSES)
    if since is not None:
        qs = qs.filter(published_at__date__gte=since)
    recovered = (
        RecallProgress.objects.filter(recall=OuterRef("pk"))
        .values("recall")
        .annotate(s=Sum("units_recovered"))
        .values("s")
    )
    agg = qs.annotate(rec=Coalesce(Subquery(recovered), 0)).aggregate(
        n=Count("pk"), affected=Sum("recall_qty"), recovered=Sum("rec"), latest=Max("published_at")
    )
    return {
        "count": agg["n"] or 0,
        "affected": agg["affected"] or 0,
        "recovered": agg["recovered"] or 0,
        "latest": agg["latest"],
    }


def filed_with(recall: Recall) -> str:
    """Who the recall plan was filed with, in the active language: an imported notice's authority
    as given; for a plan filed here, the provincial market regulation authority of the producer's
    region (SAMR Order No. 19: the producer reports its plan to the provincial administration of
    where it is). Empty while the plan is not filed."""
    if recall.authority:
        return recall.authority
    if recall.filed_at is None or recall.region is None:
        return ""
    from qualitas.registry.models import Region

    region = recall.region
    province = Region.objects.filter(code=region.province_code).first() or region
    return gettext("%(region)s Administration for Market Regulation") % {"region": province}
