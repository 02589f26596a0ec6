"""Reads of brands, scoped through ``core.access``. Monitoring signals come from the other apps
only through ``core.providers.collect_signals``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from qualitas.brands.choices import EntryStatus, ListStatus
from qualitas.brands.models import (
    Brand,
    BrandEvaluation,
    BrandList,
    EvaluationMethod,
    ListEntry,
)
from qualitas.core.access import Actor, NotFound, actor_for, brands_visible_q
from qualitas.core.providers import Signal, collect_signals

SIGNAL_YEARS = 3


def brands_visible(*, actor: Actor, q: str = "", kind: str = "") -> QuerySet[Brand]:
    qs = Brand.objects.filter(brands_visible_q(actor)).select_related("owner", "region")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(
            Q(name_zh__icontains=q)
            | Q(name_en__icontains=q)
            | Q(category__icontains=q)
            | Q(trademarks__number=q)
            | Q(owner__name_zh__icontains=q)
        ).distinct()
    return qs.order_by("name_zh", "pk")


def published_brands(*, q: str = "", kind: str = "") -> QuerySet[Brand]:
    return brands_visible(actor=actor_for(None), q=q, kind=kind)


def brand_get(*, actor: Actor, pk: Any) -> Brand:
    brand = (
        Brand.objects.filter(brands_visible_q(actor), pk=pk)
        .select_related("owner", "region")
        .prefetch_related("trademarks", "enterprises", "products")
        .first()
    )
    if brand is None:
        raise NotFound
    return brand


def officers_of(brand: Brand) -> list[Any]:
    return list(brand.officers.select_related("contact", "contact__enterprise"))


def with_details(qs: QuerySet[Brand]) -> QuerySet[Brand]:
    """Brands with what a list of them shows (trademarks, members, products, the latest
    evaluation, the published lists they are on) in a fixed number of queries."""
    return qs.prefetch_related(
        "trademarks",
        "enterprises",
        "products",
        Prefetch(
            "evaluations",
            queryset=BrandEvaluation.objects.select_related("method")
            .prefetch_related("method__indicators")
            .order_by("-evaluated_on", "-pk"),
            to_attr="evaluations_newest_first",
        ),
        Prefetch(
            "list_entries",
            queryset=ListEntry.objects.filter(
                status=EntryStatus.ACCEPTED, brand_list__status=ListStatus.PUBLISHED
            ).select_related("brand_list"),
            to_attr="published_memberships",
        ),
    )


def lists_with_accepted(qs: QuerySet[BrandList]) -> QuerySet[BrandList]:
    """Lists with their accepted entries (``accepted_entries``) in one more query."""
    return qs.prefetch_related(
        Prefetch(
            "entries",
            queryset=ListEntry.objects.filter(status=EntryStatus.ACCEPTED).order_by(
                "brand__name_zh", "pk"
            ),
            to_attr="accepted_entries",
        )
    )


def latest_evaluation(brand: Brand) -> BrandEvaluation | None:
    if hasattr(brand, "evaluations_newest_first"):
        return next(iter(brand.evaluations_newest_first), None)
    return (
        brand.evaluations.select_related("method")
        .prefetch_related("method__indicators")
        .order_by("-evaluated_on", "-pk")
        .first()
    )


def evaluation_rows(ev: BrandEvaluation) -> list[dict[str, Any]]:
    """Per indicator of the evaluation's method: side, name, weight, score."""
    return [
        {"part": i.part, "name": i.name, "weight": i.weight, "score": ev.scores.get(i.key)}
        for i in ev.method.indicators.all()
    ]


def evaluations_of(brand: Brand) -> QuerySet[BrandEvaluation]:
    return brand.evaluations.select_related("method").order_by("-evaluated_on", "-pk")


def current_method(code: str = "") -> EvaluationMethod | None:
    qs = EvaluationMethod.objects.prefetch_related("indicators").order_by("-created_at", "-pk")
    if code:
        qs = qs.filter(code=code).order_by("-version")
    return qs.first()


def published_lists() -> QuerySet[BrandList]:
    return BrandList.objects.filter(status=ListStatus.PUBLISHED).order_by("-year", "code")


def lists_for(actor: Actor, *, officer: bool) -> QuerySet[BrandList]:
    """Published lists for everyone; open ones too for those who run lists."""
    qs = BrandList.objects.all() if officer else published_lists()
    return qs.order_by("-year", "code")


def list_get(*, pk: Any, officer: bool) -> BrandList:
    bl = BrandList.objects.filter(pk=pk).first()
    if bl is None or (bl.status != ListStatus.PUBLISHED and not officer):
        raise NotFound
    return bl


def list_entries(bl: BrandList, *, officer: bool) -> QuerySet[ListEntry]:
    qs = bl.entries.select_related("brand", "brand__owner", "nominated_by", "reviewed_by")
    if not officer:
        qs = qs.filter(status=EntryStatus.ACCEPTED)
    return qs.order_by("brand__name_zh", "pk")


def entry_get(*, pk: Any) -> ListEntry:
    entry = ListEntry.objects.select_related("brand_list", "brand").filter(pk=pk).first()
    if entry is None:
        raise NotFound
    return entry


def memberships(brand: Brand) -> Any:
    """The published lists the brand is on."""
    if hasattr(brand, "published_memberships"):
        return brand.published_memberships
    return brand.list_entries.filter(
        status=EntryStatus.ACCEPTED, brand_list__status=ListStatus.PUBLISHED
    ).select_related("brand_list")


def nominable_lists() -> QuerySet[BrandList]:
    return BrandList.objects.filter(status=ListStatus.OPEN).order_by("-year", "code")


def my_brands(*, enterprise_id: int) -> QuerySet[Brand]:
    return Brand.objects.filter(owner_id=enterprise_id).order_by("name_zh")


# --- monitoring signals --------------------------------------------------------------------


@dataclass(frozen=True)
class Monitoring:
    signals: list[Signal]
    months: list[str]  # "2026-01" …, oldest first
    counts: dict[str, dict[str, int]]  # kind → month → count
    adverse: dict[str, int]  # month → adverse count
    since: date


def monitoring(brand: Brand, *, today: date | None = None) -> Monitoring:
    """The brand's signals of the last three years from every app (published facts only): of
    its member enterprises, and for a product brand of its products only where the signal names
    a product."""
    today = today or timezone.localdate()
    since = date(today.year - SIGNAL_YEARS, today.month, 1)
    members = list(brand.enterprises.values_list("pk", flat=True))
    if brand.owner_id and brand.owner_id not in members:
        members.append(brand.owner_id)
    signals = collect_signals(members, since)
    product_ids = set(brand.products.values_list("pk", flat=True))
    if product_ids:
        signals = [s for s in signals if s.product_id is None or s.product_id in product_ids]
    months = _months(since, today)
    counts: dict[str, dict[str, int]] = {}
    adverse: Counter[str] = Counter()
    for s in signals:
        m = s.day.strftime("%Y-%m")
        counts.setdefault(s.kind, Counter())[m] += 1
        if s.adverse:
            adverse[m] += 1
    return Monitoring(
        signals=signals,
        months=months,
        counts={k: dict(v) for k, v in counts.items()},
        adverse=dict(adverse),
        since=since,
    )


def _months(since: date, today: date) -> list[str]:
    out = []
    d = since
    while d <= today:
        out.append(d.strftime("%Y-%m"))
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def enterprise_ids_by_codes(codes: list[str]) -> dict[str, int]:
    """Registry enterprises by unified social credit code."""
    from qualitas.registry.models import Enterprise

    return dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))


def product_choices(*, enterprise_id: int) -> list[tuple[Any, str]]:
    from qualitas.registry.selectors import products_of

    return [(p.pk, p.name) for p in products_of(enterprise_id=enterprise_id)]
