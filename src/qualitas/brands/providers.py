"""What brands contribute through ``core.providers``: a public profile section (the published
brands an enterprise owns or belongs to, with the latest evaluation and the published lists they
are on), the ``brand_standing`` credit factor and one search document per published brand.
Draft brands, open lists and unaccepted nominations never appear. Registered from
``AppConfig.ready()``; readers never import this module."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitas.brands.choices import BrandStatus, EntryStatus, ListStatus
from qualitas.brands.models import Brand, BrandEvaluation, ListEntry
from qualitas.core.providers import (
    CreditFactor,
    Fact,
    ProfileSection,
    SearchDocument,
    bilingual,
    credit_provider,
    profile_provider,
    search_provider,
)

SOURCE = "brands"


def _brands_of(enterprise_id: int) -> list[Brand]:
    return list(
        Brand.objects.filter(
            Q(owner_id=enterprise_id) | Q(enterprises__pk=enterprise_id),
            status=BrandStatus.PUBLISHED,
        )
        .distinct()
        .order_by("name_zh", "pk")
    )


def _latest(brand_ids: list[int], as_of: date | None = None) -> dict[int, BrandEvaluation]:
    qs = BrandEvaluation.objects.filter(brand_id__in=brand_ids)
    if as_of is not None:
        qs = qs.filter(evaluated_on__lte=as_of)
    out: dict[int, BrandEvaluation] = {}
    for ev in qs.order_by("brand_id", "-evaluated_on", "-pk"):
        out.setdefault(ev.brand_id, ev)
    return out


@profile_provider
def brand_profile(*, enterprise_id: int, public: bool) -> Iterator[ProfileSection]:
    """Public: the enterprise's published brands (three queries)."""
    brands = _brands_of(enterprise_id)
    if not brands:
        return
    ids = [b.pk for b in brands]
    latest = _latest(ids)
    lists: dict[int, list[str]] = {}
    for e in ListEntry.objects.filter(
        brand_id__in=ids, status=EntryStatus.ACCEPTED, brand_list__status=ListStatus.PUBLISHED
    ).select_related("brand_list"):
        lists.setdefault(e.brand_id, []).append(e.brand_list.title)
    facts = []
    for b in brands[:8]:
        parts = [b.get_kind_display()]
        if b.pk in latest:
            parts.append(_("score %(total)s") % {"total": latest[b.pk].total})
        parts.extend(lists.get(b.pk, []))
        facts.append(
            Fact(label=b.name, value=" · ".join(str(p) for p in parts), url=f"/brands/{b.pk}/")
        )
    yield ProfileSection(
        key="brands.brands",
        title=gettext_lazy("Brands"),
        facts=tuple(facts),
        public=True,
        source_app=SOURCE,
        order=70,
        url="/brands/",
    )


@credit_provider
def brand_credit(enterprise_id: int, as_of: date) -> Iterator[CreditFactor]:
    """The mean latest evaluation total (0–100, as a share) of the enterprise's published
    brands evaluated up to ``as_of``; ``None`` without any."""
    brands = [
        b for b in _brands_of(enterprise_id) if b.published_at and b.published_at.date() <= as_of
    ]
    latest = _latest([b.pk for b in brands], as_of)
    label = gettext_lazy("Brand evaluation")
    if not latest:
        yield CreditFactor(
            key="brand_standing",
            label=label,
            value=None,
            explanation=gettext_lazy("No evaluated brand."),
            source_app=SOURCE,
            as_of=as_of,
        )
        return
    totals = [float(ev.total) for ev in latest.values()]
    mean = sum(totals) / len(totals)
    yield CreditFactor(
        key="brand_standing",
        label=label,
        value=round(mean / 100, 4),
        explanation=_("Mean brand evaluation score %(score).1f of %(n)d evaluated brands.")
        % {"score": mean, "n": len(totals)},
        source_app=SOURCE,
        as_of=as_of,
    )


@search_provider
def brand_documents() -> Iterator[SearchDocument]:
    """One document per published brand."""
    qs = (
        Brand.objects.filter(status=BrandStatus.PUBLISHED)
        .select_related("owner", "region")
        .prefetch_related("trademarks")
        .order_by("pk")
    )
    for b in qs.iterator(chunk_size=2000):
        marks = " ".join(t.number for t in b.trademarks.all())
        owner = b.owner
        yield SearchDocument(
            kind="brand",
            key=str(b.pk),
            title=bilingual(f"{b.name_zh}（品牌）", f"{b.name_en or b.name_zh} (brand)"),
            text=f"{b.name_zh} {b.name_en} {b.category} {marks} {owner.name_zh if owner else ''}",
            url=f"/brands/{b.pk}/",
            source_app=SOURCE,
            enterprise_id=b.owner_id,
            region_code=b.region_code,
            industry_code=owner.industry_id if owner else "",
            published_at=b.published_at,
        )
