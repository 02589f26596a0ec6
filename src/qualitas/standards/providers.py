"""What standards self-declaration and grading contribute through ``core.providers``: a public
profile section (products with published declarations, grades in force), evaluation evidence,
the ``graded_share`` indicator (offered, not in the default list), the ``product_grades`` credit
factor and search documents for published declarations and grades in force. Drafts, withdrawn
declarations and withdrawn or expired grades never appear. Registered from
``AppConfig.ready()``; readers never import this module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitas.core.providers import (
    CreditFactor,
    EvidenceOffer,
    Fact,
    IndicatorSource,
    ProfileSection,
    SearchDocument,
    Signal,
    bilingual,
    credit_provider,
    empty_indicator_frame,
    evidence_provider,
    indicator_source,
    profile_provider,
    quarter_end,
    search_provider,
    signal_provider,
    trailing_share_frame,
)
from qualitas.registry.selectors import products_of
from qualitas.standards.choices import DeclarationStatus
from qualitas.standards.models import Declaration, GradeAssessment

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "standards"
CREDIT_YEARS = 3


def _products(enterprise_id: int) -> list[Any]:
    """The enterprise's products with a published declaration or a grade in force (one query)."""
    today = timezone.localdate()
    published = Declaration.objects.filter(
        product_id=OuterRef("pk"), status=DeclarationStatus.PUBLISHED
    )
    grades = GradeAssessment.objects.filter(
        product_id=OuterRef("pk"), withdrawn=False, valid_until__gte=today
    ).order_by("-tested_on", "-pk")
    rows = products_of(enterprise_id=enterprise_id).annotate(
        declaration_pk=Subquery(published.values("pk")[:1]),
        grade_pk=Subquery(grades.values("pk")[:1]),
        grade_value=Subquery(grades.values("grade")[:1]),
        grade_qualified=Subquery(grades.values("qualified")[:1]),
    )
    return [p for p in rows if p.declaration_pk or p.grade_pk]


def _grade_text(p: Any) -> str:
    if p.grade_value:
        return str(p.grade_value)
    return _("Qualified, not graded") if p.grade_qualified else _("Not qualified")


@profile_provider
def standards_profile(*, enterprise_id: int, public: bool) -> Iterator[ProfileSection]:
    """Public: products with published declarations and grades in force (five at most)."""
    products = _products(enterprise_id)
    if not products:
        return
    facts = []
    for p in products[:5]:
        if p.grade_pk:
            facts.append(Fact(label=p.name, value=_grade_text(p), url=f"/grades/{p.grade_pk}/"))
        else:
            facts.append(
                Fact(
                    label=p.name,
                    value=_("Standards declared"),
                    url=f"/standards/declarations/{p.declaration_pk}/",
                )
            )
    facts.append(
        Fact(
            label=_("Products with published standards declarations"),
            value=sum(1 for p in products if p.declaration_pk),
        )
    )
    facts.append(Fact(label=_("Products graded"), value=sum(1 for p in products if p.grade_pk)))
    yield ProfileSection(
        key="standards.declarations",
        title=_("Standards and grading"),
        facts=tuple(facts),
        public=True,
        source_app=SOURCE,
        order=45,
        url="/standards/",
    )


@evidence_provider
def standards_evidence(enterprise_id: int) -> Iterator[EvidenceOffer]:
    products = _products(enterprise_id)
    if not products:
        return
    yield EvidenceOffer(
        topic="standards",
        text=_("%(declared)d products with published standards declarations; %(graded)d graded")
        % {
            "declared": sum(1 for p in products if p.declaration_pk),
            "graded": sum(1 for p in products if p.grade_pk),
        },
        source_app=SOURCE,
        url="/standards/",
    )


def _graded_share_source(quarters: Sequence[str]) -> pd.DataFrame:
    """Per enterprise and quarter: grades recorded in the year up to the quarter's end (den) and
    those that reached a grade (num)."""
    if not quarters:
        return empty_indicator_frame()
    first = min(quarter_end(q) for q in quarters) - timedelta(days=365)
    rows = GradeAssessment.objects.filter(withdrawn=False, tested_on__gt=first).values_list(
        "enterprise_id", "tested_on", "grade"
    )
    return trailing_share_frame(list(rows), quarters, days=365, hit=lambda g: g != "")


indicator_source(
    IndicatorSource(
        key="graded_share",
        label=gettext_lazy("Products graded"),
        description=gettext_lazy(
            "Share of product quality grade assessments of the last year that reached a grade"
        ),
        unit="share",
        higher_is_better=True,
        normalisation="ratio",
        weight=0.1,
        source_app=SOURCE,
        source=_graded_share_source,
        in_default=False,  # offered to methodology versions; grading has no base-period history
    )
)


@credit_provider
def grades_credit(enterprise_id: int, as_of: date) -> Iterator[CreditFactor]:
    """Share of grade assessments of the last three years up to ``as_of`` in which the product
    was qualified; ``None`` without any."""
    since = as_of - timedelta(days=365 * CREDIT_YEARS)
    rows = list(
        GradeAssessment.objects.filter(
            enterprise_id=enterprise_id, withdrawn=False, tested_on__gt=since, tested_on__lte=as_of
        ).values_list("qualified", flat=True)
    )
    label = gettext_lazy("Product quality grades")
    if not rows:
        yield CreditFactor(
            key="product_grades",
            label=label,
            value=None,
            explanation=gettext_lazy("No product quality grade in the last three years."),
            source_app=SOURCE,
            as_of=as_of,
        )
        return
    ok = sum(1 for q in rows if q)
    yield CreditFactor(
        key="product_grades",
        label=label,
        value=ok / len(rows),
        explanation=_("%(ok)d of %(n)d products graded in the last three years were qualified.")
        % {"ok": ok, "n": len(rows)},
        source_app=SOURCE,
        as_of=as_of,
    )


@search_provider
def standards_documents() -> Iterator[SearchDocument]:
    """One document per published declaration and per grade in force."""
    decls = (
        Declaration.objects.filter(status=DeclarationStatus.PUBLISHED)
        .select_related("product", "enterprise")
        .prefetch_related("standards")
        .order_by("pk")
    )
    for d in decls.iterator(chunk_size=2000):
        codes = " ".join(s.code for s in d.standards.all())
        yield SearchDocument(
            kind="standard_declaration",
            key=f"declaration-{d.pk}",
            title=bilingual(
                f"{d.enterprise.name_zh} {d.product.name_zh} 标准自我声明",
                f"{d.enterprise.name_en or d.enterprise.name_zh} {d.product.name_en or d.product.name_zh} standards declaration",
            ),
            text=f"{d.category} {codes}",
            url=f"/standards/declarations/{d.pk}/",
            source_app=SOURCE,
            enterprise_id=d.enterprise_id,
            region_code=d.enterprise.region_id,
            industry_code=d.enterprise.industry_id,
            published_at=d.published_at,
        )
    grades = (
        GradeAssessment.objects.filter(withdrawn=False, valid_until__gte=timezone.localdate())
        .select_related("product", "enterprise", "scheme")
        .order_by("pk")
    )
    for g in grades.iterator(chunk_size=2000):
        yield SearchDocument(
            kind="product_grade",
            key=g.number,
            title=bilingual(
                f"{g.product.name_zh} 质量分级 {g.grade or '-'}",
                f"{g.product.name_en or g.product.name_zh} quality grade {g.grade or '-'}",
            ),
            text=f"{g.enterprise.name_zh} {g.scheme.title_zh} {g.number}",
            url=f"/grades/{g.pk}/",
            source_app=SOURCE,
            enterprise_id=g.enterprise_id,
            region_code=g.enterprise.region_id,
            industry_code=g.enterprise.industry_id,
            published_at=g.created_at,
        )


@signal_provider
def grade_signals(enterprise_ids: Sequence[int], since: date) -> Iterator[Signal]:
    """One signal per grade assessment not withdrawn, dated at the test: a product found not
    qualified is adverse."""
    qs = (
        GradeAssessment.objects.filter(
            enterprise_id__in=list(enterprise_ids), withdrawn=False, tested_on__gte=since
        )
        .select_related("product")
        .order_by("pk")
    )
    for g in qs:
        if g.grade:
            verdict = g.grade
        elif g.qualified:
            verdict = _("Qualified, not graded")
        else:
            verdict = _("Not qualified")
        yield Signal(
            kind="grade",
            enterprise_id=g.enterprise_id,
            day=g.tested_on,
            label=f"{g.product.name} · {verdict}",
            adverse=not g.qualified,
            source_app=SOURCE,
            product_id=g.product_id,
            url=f"/grades/{g.pk}/",
        )
