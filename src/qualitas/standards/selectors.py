"""Reads of standards self-declaration, scoped through ``core.access``."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from qualitas.core.access import Actor, NotFound, declarations_visible_q
from qualitas.registry.selectors import products_of
from qualitas.standards.choices import DeclarationStatus
from qualitas.standards.codes import normalise
from qualitas.standards.models import (
    Declaration,
    DeclaredIndicator,
    ForerunnerEntry,
    ForerunnerList,
    GradeAssessment,
    GradingScheme,
    Standard,
)


def _with_parts(qs: QuerySet[Declaration]) -> QuerySet[Declaration]:
    return qs.select_related("enterprise", "product").prefetch_related(
        Prefetch("standards", queryset=Standard.objects.order_by("code")),
        Prefetch("indicators", queryset=DeclaredIndicator.objects.order_by("-safety", "key")),
    )


def published_declarations(*, q: str = "", category: str = "") -> QuerySet[Declaration]:
    """Published declarations in force, matched by product, enterprise, credit code or standard."""
    qs = Declaration.objects.filter(status=DeclarationStatus.PUBLISHED)
    text = (q or "").strip()
    if text:
        qs = qs.filter(
            Q(product__name_zh__icontains=text)
            | Q(product__name_en__icontains=text)
            | Q(product__model__icontains=text)
            | Q(enterprise__name_zh__icontains=text)
            | Q(enterprise__name_en__icontains=text)
            | Q(enterprise__credit_code=text.upper())
            | Q(standards__code__icontains=normalise(text))
        ).distinct()
    if category:
        qs = qs.filter(category=category)
    return _with_parts(qs).order_by("-published_at", "-pk")


def declaration_get(*, actor: Actor, pk: Any) -> Declaration:
    """A declaration the actor may see, else NotFound."""
    try:
        return _with_parts(Declaration.objects.filter(declarations_visible_q(actor))).get(pk=pk)
    except (Declaration.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def declaration_history(*, actor: Actor, declaration: Declaration) -> QuerySet[Declaration]:
    """Every version of the product's declaration the actor may see, newest first."""
    return (
        Declaration.objects.filter(declarations_visible_q(actor), product_id=declaration.product_id)
        .only("pk", "version", "status", "published_at", "created_at")
        .order_by("-version")
    )


def declarations_of(*, enterprise_id: int) -> QuerySet[Declaration]:
    """All versions of an enterprise's declarations (for its own page)."""
    return _with_parts(Declaration.objects.filter(enterprise_id=enterprise_id)).order_by(
        "product__name_zh", "-version"
    )


def product_choices(*, enterprise_id: int) -> list[tuple[Any, str]]:
    return [(p.pk, f"{p.name} {p.model}".strip()) for p in products_of(enterprise_id=enterprise_id)]


def catalogue(*, q: str = "") -> QuerySet[Standard]:
    qs = Standard.objects.select_related("replaced_by")
    text = (q or "").strip()
    if text:
        qs = qs.filter(
            Q(code__icontains=normalise(text))
            | Q(title_zh__icontains=text)
            | Q(title_en__icontains=text)
        )
    return qs.order_by("code")


def published_categories() -> list[str]:
    return list(
        Declaration.objects.filter(status=DeclarationStatus.PUBLISHED)
        .values_list("category", flat=True)
        .distinct()
        .order_by("category")
    )


# --- forerunners and grades ----------------------------------------------------------------


def forerunner_lists(*, year: int | None = None, category: str = "") -> QuerySet[ForerunnerList]:
    qs = ForerunnerList.objects.all()
    if year:
        qs = qs.filter(year=year)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-year", "category", "key")


def forerunner_list_get(*, pk: Any) -> ForerunnerList:
    try:
        return ForerunnerList.objects.get(pk=pk)
    except (ForerunnerList.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def forerunner_entries(
    fl: ForerunnerList, *, forerunners_only: bool = False
) -> QuerySet[ForerunnerEntry]:
    qs = fl.entries.select_related("enterprise", "declaration__product")
    if forerunners_only:
        qs = qs.filter(forerunner=True)
    return qs.order_by("rank", "pk")


def declared_indicator_keys() -> list[tuple[str, str, str]]:
    """(category, key, name) pairs declared in published declarations, for the officers' form."""
    rows = (
        DeclaredIndicator.objects.filter(declaration__status=DeclarationStatus.PUBLISHED)
        .values_list("declaration__category", "key", "name_zh")
        .distinct()
        .order_by("declaration__category", "key")
    )
    seen: dict[tuple[str, str], str] = {}
    for cat, key, name in rows:
        seen.setdefault((cat, key), name)
    return [(c, k, n) for (c, k), n in seen.items()]


def schemes() -> QuerySet[GradingScheme]:
    return GradingScheme.objects.prefetch_related("indicators").order_by(
        "category", "code", "-version"
    )


def scheme_get(*, pk: Any) -> GradingScheme:
    try:
        return GradingScheme.objects.prefetch_related("indicators").get(pk=pk)
    except (GradingScheme.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


GRADE_NUMBER = re.compile(r"QG\d{5,}")
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


def grades_public(*, q: str = "") -> QuerySet[GradeAssessment]:
    """Grades in force (not withdrawn, still valid), matched by number, product or enterprise."""
    qs = GradeAssessment.objects.filter(withdrawn=False, valid_until__gte=timezone.localdate())
    text = (q or "").strip()
    exact = text.upper()
    if GRADE_NUMBER.fullmatch(exact) and qs.filter(number=exact).exists():
        qs = qs.filter(number=exact)  # a grade number: the unique index, no text scan
    elif CREDIT_CODE.fullmatch(exact):
        qs = qs.filter(enterprise__credit_code=exact)  # a credit code: indexed
    elif text:
        qs = qs.filter(
            Q(number=text.upper())
            | Q(product__name_zh__icontains=text)
            | Q(product__name_en__icontains=text)
            | Q(product__model__icontains=text)
            | Q(enterprise__name_zh__icontains=text)
            | Q(enterprise__name_en__icontains=text)
            | Q(enterprise__credit_code=text.upper())
        )
    return qs.select_related("scheme", "product", "enterprise").order_by("-tested_on", "-pk")


def grade_get(*, pk: Any) -> GradeAssessment:
    """A grade (also withdrawn or expired ones: the page says so), or NotFound."""
    try:
        return GradeAssessment.objects.select_related("scheme", "product", "enterprise").get(pk=pk)
    except (GradeAssessment.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def grade_by_number(number: str) -> GradeAssessment:
    """A grade by its number (the public lookup: expired or withdrawn ones too), or NotFound."""
    g = (
        GradeAssessment.objects.select_related("scheme", "product", "enterprise")
        .filter(number=(number or "").strip().upper())
        .first()
    )
    if g is None:
        raise NotFound
    return g


def grade_distribution(scheme: GradingScheme) -> list[tuple[str, int]]:
    """Grades in force per grade of the scheme, plus qualified-ungraded and not qualified."""
    rows = dict(
        GradeAssessment.objects.filter(
            scheme=scheme, withdrawn=False, valid_until__gte=timezone.localdate()
        )
        .values_list("grade")
        .annotate(n=Count("pk"))
        .values_list("grade", "n")
    )
    not_qualified = GradeAssessment.objects.filter(
        scheme=scheme, withdrawn=False, valid_until__gte=timezone.localdate(), qualified=False
    ).count()
    out = [(g, rows.get(g, 0)) for g in scheme.grades]
    out.append(("", rows.get("", 0) - not_qualified))
    out.append(("-", not_qualified))
    return out


def product_choices_for_grading(
    *, actor: Actor, enterprise_id: int | None
) -> list[tuple[Any, str]]:
    if enterprise_id is None:
        return []
    return product_choices(enterprise_id=enterprise_id)
