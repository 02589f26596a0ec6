"""Reads of standards self-declaration, scoped through ``core.access``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from qualitas.core.access import Actor, NotFound, declarations_visible_q
from qualitas.registry.selectors import products_of
from qualitas.standards.choices import DeclarationStatus
from qualitas.standards.codes import normalise
from qualitas.standards.models import Declaration, DeclaredIndicator, Standard


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
