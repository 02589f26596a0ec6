"""The registers' contributions through ``core.providers``: search documents for published
entries (laboratories, …). Registered from ``AppConfig.ready()``; reads only this app's models."""

from __future__ import annotations

from collections.abc import Iterator

from qualitas.core.providers import SearchDocument, bilingual, search_provider
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import Laboratory

SOURCE = "registers"


@search_provider
def laboratory_documents() -> Iterator[SearchDocument]:
    """One document per published laboratory: its name, accreditations and test items."""
    qs = (
        Laboratory.objects.filter(status=EntryStatus.PUBLISHED)
        .prefetch_related("items")
        .order_by("pk")
    )
    for lab in qs.iterator(chunk_size=500):
        items = " ".join(
            f"{i.name_zh} {i.name_en} {i.standard} {i.method}" for i in lab.items.all()
        )
        yield SearchDocument(
            kind="laboratory",
            key=lab.code,
            title=bilingual(lab.name_zh, lab.name_en),
            text=f"{lab.specialties} {lab.cma_no} {lab.cnas_no} {items}",
            url=f"/registers/laboratories/{lab.pk}/",
            source_app=SOURCE,
            region_code=lab.region_id,
            published_at=lab.published_at,
        )


@search_provider
def summary_documents() -> Iterator[SearchDocument]:
    """One document per published work summary (its narrative)."""
    from qualitas.registers.models import WorkSummary

    qs = WorkSummary.objects.filter(status=EntryStatus.PUBLISHED).select_related("region")
    for s in qs.order_by("pk").iterator(chunk_size=500):
        yield SearchDocument(
            kind="work_summary",
            key=f"{s.region_id}-{s.year}",
            title=bilingual(
                f"{s.region.name_zh}{s.year}年度质量工作总结",
                f"Quality work summary {s.year}, {s.region.name_en or s.region.name_zh}",
            ),
            text=s.narrative[:2000],
            url=f"/registers/summaries/{s.pk}/",
            source_app=SOURCE,
            region_code=s.region_id,
            published_at=s.published_at,
        )
