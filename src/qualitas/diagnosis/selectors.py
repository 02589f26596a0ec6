"""Reads of problem diagnosis, scoped through ``core.access``.

Row access: an enterprise's characteristics, measurements, data sets, studies and alerts are
visible to its own users, to admins, and to parties it granted the ``quality_data`` consent.
Authority officers get **no rows** here — only :func:`authority_aggregates` (counts for their
regions, never a measurement). Refused and missing look the same (``NotFound``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Model, Q, QuerySet

from qualitas.core.access import (
    Actor,
    NotFound,
    aggregate_min_group,
    aggregate_scope,
    may_see_quality_monitoring,
    quality_data_q,
)
from qualitas.diagnosis.choices import AlertStatus
from qualitas.diagnosis.models import (
    Alert,
    AssignableCause,
    CapabilitySummary,
    Characteristic,
    CorrectiveAction,
    DataSet,
    Measurement,
    Study,
)
from qualitas.registry.models import Enterprise, Product, Site

if TYPE_CHECKING:
    from qualitas.core.models import Job

_M = TypeVar("_M", bound=Model)


def _get(qs: QuerySet[_M], pk: Any) -> _M:
    """One row of an already scoped queryset, else NotFound (a malformed pk too)."""
    try:
        return qs.distinct().get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound from None


def characteristics_for(*, actor: Actor) -> QuerySet[Characteristic]:
    """Characteristics the actor may read."""
    return (
        Characteristic.objects.filter(quality_data_q(actor))
        .select_related("enterprise", "site", "product")
        .distinct()
    )


def characteristic_get(*, actor: Actor, pk: Any) -> Characteristic:
    """One characteristic the actor may read, else NotFound."""
    return _get(
        Characteristic.objects.filter(quality_data_q(actor)).select_related(
            "enterprise", "site", "product", "frozen_from"
        ),
        pk,
    )


def measurements_for(
    *,
    characteristic: Characteristic,
    start: datetime | None = None,
    end: datetime | None = None,
    last: int | None = None,
    sizes: bool = False,
) -> list[Any]:
    """(time, value, subgroup) of one characteristic (already access-checked), oldest first;
    ``sizes``: (time, value, subgroup, size) — the sample size of an attribute count.

    ``last`` keeps the most recent n values; reads use the (characteristic, time) index.
    """
    qs = Measurement.objects.filter(characteristic=characteristic)
    if start is not None:
        qs = qs.filter(time__gte=start)
    if end is not None:
        qs = qs.filter(time__lt=end)
    rows = qs.order_by("-time", "-pk") if last else qs.order_by("time", "pk")
    cols = ("time", "value", "subgroup", "size") if sizes else ("time", "value", "subgroup")
    if last:
        return list(rows.values_list(*cols)[:last])[::-1]
    return list(rows.values_list(*cols))


def measurements_around(
    *,
    characteristic: Characteristic,
    start: datetime,
    end: datetime,
    before: int,
    after: int,
    limit: int = 5000,
) -> list[tuple[datetime, float, str, float | None]]:
    """(time, value, subgroup, size) from ``start`` to ``end`` (at most ``limit``) with ``before``
    values in front and ``after`` behind, oldest first: the data around an alert."""
    base = Measurement.objects.filter(characteristic=characteristic)
    cols = ("time", "value", "subgroup", "size")
    prior = list(base.filter(time__lt=start).order_by("-time", "-pk").values_list(*cols)[:before])
    inside = list(
        base.filter(time__gte=start, time__lte=end)
        .order_by("time", "pk")
        .values_list(*cols)[:limit]
    )
    later = list(base.filter(time__gt=end).order_by("time", "pk").values_list(*cols)[:after])
    return prior[::-1] + inside + later


def datasets_for(*, actor: Actor) -> QuerySet[DataSet]:
    """Uploaded data sets the actor may read."""
    return (
        DataSet.objects.filter(quality_data_q(actor))
        .select_related("enterprise", "characteristic")
        .distinct()
    )


def dataset_get(*, actor: Actor, pk: Any) -> DataSet:
    """One data set the actor may read, else NotFound."""
    return _get(
        DataSet.objects.filter(quality_data_q(actor)).select_related(
            "enterprise", "characteristic", "job"
        ),
        pk,
    )


def studies_for(*, actor: Actor) -> QuerySet[Study]:
    """Saved studies the actor may read."""
    return (
        Study.objects.filter(quality_data_q(actor))
        .select_related("enterprise", "characteristic", "dataset")
        .distinct()
    )


def study_get(*, actor: Actor, pk: Any) -> Study:
    """One study the actor may read, else NotFound."""
    return _get(
        Study.objects.filter(quality_data_q(actor)).select_related(
            "enterprise", "characteristic", "dataset", "created_by"
        ),
        pk,
    )


def alerts_for(
    *, actor: Actor, status: str = "", characteristic: Characteristic | None = None
) -> QuerySet[Alert]:
    """Alerts on characteristics the actor may read, optionally of one status or characteristic."""
    qs = Alert.objects.filter(
        quality_data_q(actor, prefix="characteristic__enterprise")
    ).select_related(
        "characteristic", "characteristic__enterprise", "cause", "action", "acknowledged_by"
    )
    if status:
        qs = qs.filter(status=status)
    if characteristic is not None:
        qs = qs.filter(characteristic=characteristic)
    return qs.distinct()


def alert_get(*, actor: Actor, pk: Any) -> Alert:
    """One alert the actor may read, else NotFound."""
    return _get(alerts_for(actor=actor), pk)


def first_enterprise_id(*, actor: Actor) -> int | None:
    """The lowest enterprise id among characteristics the actor may read (the admin's default view), or None."""
    return (
        Characteristic.objects.filter(quality_data_q(actor))
        .order_by("enterprise_id")
        .values_list("enterprise_id", flat=True)
        .first()
    )


def sites_for(*, enterprise_id: int) -> QuerySet[Site]:
    """An enterprise's production sites (public registry rows) to attach a characteristic to."""
    return Site.objects.filter(enterprise_id=enterprise_id)


def products_for(*, enterprise_id: int) -> QuerySet[Product]:
    """An enterprise's products (public registry rows) to attach a characteristic to."""
    return Product.objects.filter(enterprise_id=enterprise_id)


def dataset_for_job(*, job: Job) -> DataSet | None:
    """The data set an import job works on. The job is already access-checked (``core.selectors.job_get``:
    only the user who started it, or an admin), so the data set is not scoped again."""
    return (
        DataSet.objects.filter(pk=job.params.get("dataset"))
        .select_related("characteristic")
        .first()
    )


def causes_for(*, enterprise_id: int) -> QuerySet[AssignableCause]:
    """The enterprise's own assignable causes and the platform defaults."""
    return AssignableCause.objects.filter(
        Q(enterprise__isnull=True) | Q(enterprise_id=enterprise_id), active=True
    )


def actions_for(*, enterprise_id: int) -> QuerySet[CorrectiveAction]:
    """The enterprise's own corrective actions and the platform defaults."""
    return CorrectiveAction.objects.filter(
        Q(enterprise__isnull=True) | Q(enterprise_id=enterprise_id), active=True
    )


def summary_latest(*, actor: Actor, enterprise_id: int) -> CapabilitySummary | None:
    """The enterprise's latest capability summary (row access)."""
    return (
        CapabilitySummary.objects.filter(quality_data_q(actor), enterprise_id=enterprise_id)
        .order_by("-computed_at")
        .first()
    )


def dashboard(*, actor: Actor, enterprise_id: int) -> dict[str, Any]:
    """Counts and lists for the enterprise dashboard."""
    chars = characteristics_for(actor=actor).filter(enterprise_id=enterprise_id)
    alerts = alerts_for(actor=actor).filter(characteristic__enterprise_id=enterprise_id)
    return {
        "characteristics": chars.annotate(
            open_alerts=Count("alerts", filter=Q(alerts__status=AlertStatus.OPEN))
        ).order_by("-monitored", "name")[:200],
        "n_characteristics": chars.count(),
        "n_monitored": chars.filter(monitored=True).count(),
        "open_alerts": alerts.filter(status=AlertStatus.OPEN).order_by("-last_at")[:50],
        "n_open": alerts.filter(status=AlertStatus.OPEN).count(),
        "recent_studies": studies_for(actor=actor).filter(enterprise_id=enterprise_id)[:10],
        "datasets": datasets_for(actor=actor).filter(enterprise_id=enterprise_id)[:10],
        "summary": summary_latest(actor=actor, enterprise_id=enterprise_id),
    }


def authority_aggregates(*, actor: Actor) -> dict[str, Any]:
    """Per enterprise and per industry, within the actor's regions: open alerts and characteristics with Cpk < 1.0.

    Aggregates only — no measurement, characteristic name or alert detail leaves this function.
    Admins see every region; other roles get NotFound. Industry rows covering fewer than
    :func:`~qualitas.core.access.aggregate_min_group` enterprises are withheld (none for the
    officers and admins who read this page: they see the enterprises row by row).
    """
    if not may_see_quality_monitoring(actor):
        raise NotFound
    enterprises = aggregate_scope(actor, Enterprise.objects.all(), field="region__code")
    enterprises = enterprises.filter(characteristics__isnull=False).distinct()
    rows = list(
        enterprises.annotate(
            open_alerts=Count(
                "characteristics__alerts",
                filter=Q(characteristics__alerts__status=AlertStatus.OPEN),
                distinct=True,
            ),
            below_one=Count(
                "characteristics",
                filter=Q(characteristics__monitored=True, characteristics__last_cpk__lt=1.0),
                distinct=True,
            ),
            monitored=Count(
                "characteristics", filter=Q(characteristics__monitored=True), distinct=True
            ),
        )
        .values(
            "pk",
            "credit_code",
            "name_zh",
            "name_en",
            "industry_id",
            "industry__name_zh",
            "industry__name_en",
            "region_id",
            "region__name_zh",
            "region__name_en",
            "open_alerts",
            "below_one",
            "monitored",
        )
        .order_by("-open_alerts", "-below_one", "name_zh")
    )
    min_group = aggregate_min_group(actor)  # the officer lists these enterprises below
    industries: dict[str, dict[str, Any]] = {}
    for r in rows:
        ind = industries.setdefault(
            r["industry_id"],
            {
                "code": r["industry_id"],
                "name_zh": r["industry__name_zh"],
                "name_en": r["industry__name_en"],
                "enterprises": 0,
                "open_alerts": 0,
                "below_one": 0,
                "monitored": 0,
            },
        )
        ind["enterprises"] += 1
        for key in ("open_alerts", "below_one", "monitored"):
            ind[key] += r[key]
    by_industry = sorted(industries.values(), key=lambda d: d["code"])
    for ind in by_industry:
        ind["withheld"] = ind["enterprises"] < min_group
        if ind["withheld"]:
            ind["open_alerts"] = ind["below_one"] = ind["monitored"] = None
    return {
        "by_enterprise": rows,
        "by_industry": by_industry,
        "totals": {
            "enterprises": len(rows),
            "open_alerts": sum(r["open_alerts"] for r in rows),
            "below_one": sum(r["below_one"] for r in rows),
            "monitored": sum(r["monitored"] for r in rows),
        },
        "min_group": min_group,
    }


def enterprise_id_by_code(code: str) -> int | None:
    """The enterprise with this unified social credit code (operator commands; no actor)."""
    return Enterprise.objects.filter(credit_code=code).values_list("pk", flat=True).first()
