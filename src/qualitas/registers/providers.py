"""The registers' contributions through ``core.providers``: search documents for published
entries (laboratories, typical cases, work summaries) and case suggestions. Registered from ``AppConfig.ready()``; reads only this app's models."""

from __future__ import annotations

from collections.abc import Iterator

from qualitas.core.providers import (
    SearchDocument,
    Suggestion,
    SuggestionContext,
    bilingual,
    search_provider,
    suggestion_provider,
)
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import Laboratory, QAEntry, TypicalCase
from qualitas.registers.selectors import suggest_cases

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


@search_provider
def case_documents() -> Iterator[SearchDocument]:
    """One document per published typical case: title, methods, problem, measures, results."""
    qs = TypicalCase.objects.filter(status=EntryStatus.PUBLISHED).order_by("pk")
    for c in qs.iterator(chunk_size=500):
        yield SearchDocument(
            kind="case",
            key=str(c.pk),
            title=bilingual(c.name_zh, c.name_en),
            text=f"{c.methods} {c.problem} {c.measures} {c.results} {c.summary_en}"[:4000],
            url=f"/registers/cases/{c.pk}/",
            source_app=SOURCE,
            enterprise_id=c.enterprise_id,
            region_code=c.region_id,
            industry_code=c.industry_id,
            published_at=c.published_at,
        )


@suggestion_provider
def case_suggestions(context: SuggestionContext) -> Iterator[Suggestion]:
    """Published typical cases that fit a problem in an industry (``selectors.suggest_cases``)."""
    for s in suggest_cases(context):
        yield Suggestion(
            kind="case",
            key=str(s.case.pk),
            title=bilingual(s.case.name_zh, s.case.name_en),
            url=f"/registers/cases/{s.case.pk}/",
            reason=s.reason,
            score=s.score,
            source_app=SOURCE,
        )


@search_provider
def qa_documents() -> Iterator[SearchDocument]:
    """One document per published question and answer of the knowledge base."""
    qs = QAEntry.objects.filter(status=EntryStatus.PUBLISHED).order_by("pk")
    for e in qs.iterator(chunk_size=500):
        yield SearchDocument(
            kind="qa",
            key=str(e.pk),
            title=bilingual(e.name_zh, e.name_en),
            text=f"{e.topic} {e.answer_zh} {e.answer_en}"[:4000],
            url=f"/registers/qa/#qa-{e.pk}",
            source_app=SOURCE,
            region_code=e.region_id,
            published_at=e.published_at,
        )
