"""REST endpoints of standards self-declaration (mounted at /api/standards/). Thin: validate,
call a service or selector, return."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.standards import selectors, services
from qualitas.standards.models import Declaration, GradeAssessment, Standard
from qualitas.standards.schemas import DeclarationIn, DeclarationOut, GradeOut, StandardOut

router = Router(tags=["standards"])


def _standard(s: Standard) -> dict[str, Any]:
    out = {f: getattr(s, f) for f in StandardOut.model_fields if f != "replaced_by"}
    out["replaced_by"] = s.replaced_by.code if s.replaced_by else None
    return out


def _declaration(d: Declaration) -> dict[str, Any]:
    return {
        "id": d.pk,
        "enterprise_id": d.enterprise_id,
        "product_id": d.product_id,
        "product": d.product.name,
        "category": d.category,
        "version": d.version,
        "status": d.status,
        "standards": [s.code for s in d.standards.all()],
        "indicators": [
            {
                "key": i.key,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit": i.unit,
                "limit_kind": i.limit_kind,
                "value": float(i.value),
                "method": i.method,
                "safety": i.safety,
                "standard": i.standard.code if i.standard else None,
            }
            for i in d.indicators.all()
        ],
        "published_at": d.published_at,
    }


@router.get("/catalogue", response=list[StandardOut], summary="Catalogue of standards")
def catalogue(request: HttpRequest, q: str = "") -> Any:
    return [_standard(s) for s in selectors.catalogue(q=q)[:500]]


@router.get(
    "/declarations", response=list[DeclarationOut], summary="Published declarations (search)"
)
def declarations(request: HttpRequest, q: str = "", category: str = "") -> Any:
    return [_declaration(d) for d in selectors.published_declarations(q=q, category=category)[:500]]


@router.get(
    "/declarations/{int:declaration_pk}",
    response=DeclarationOut,
    summary="One declaration (published, or your own / your region's draft)",
)
def declaration(request: HttpRequest, declaration_pk: int) -> Any:
    return _declaration(selectors.declaration_get(actor=actor_for(request.user), pk=declaration_pk))


@router.post(
    "/declarations",
    response={201: DeclarationOut},
    auth=django_auth,
    summary="Declare the standards (and core indicators) of one of your products",
)
def declare(request: HttpRequest, payload: DeclarationIn) -> Any:
    actor = actor_for(request.user)
    d = services.declaration_create(
        actor=actor,
        product_id=payload.product_id,
        standards=payload.standards,
        indicators=[services.IndicatorInput(**i.model_dump()) for i in payload.indicators],
        note=payload.note,
        publish=payload.publish,
    )
    return 201, _declaration(selectors.declaration_get(actor=actor, pk=d.pk))


def _grade(g: GradeAssessment, today: date) -> dict[str, Any]:
    return {
        "number": g.number,
        "grade": g.grade,
        "qualified": g.qualified,
        "in_force": not g.withdrawn and g.valid_until >= today,
        "product": g.product.name,
        "product_id": g.product_id,
        "enterprise": g.enterprise.name,
        "enterprise_id": g.enterprise_id,
        "credit_code": g.enterprise.credit_code,
        "category": g.scheme.category,
        "scheme": g.scheme.title,
        "scheme_version": g.scheme.version,
        "source": g.source,
        "laboratory": g.laboratory,
        "accreditation": g.accreditation,
        "report_no": g.report_no,
        "tested_on": g.tested_on,
        "valid_until": g.valid_until,
        "url": f"/grades/{g.pk}/",
    }


@router.get(
    "/grades",
    response=list[GradeOut],
    summary="Public grade lookup: grades in force by number, product, enterprise or credit code",
)
def grades(request: HttpRequest, q: str = "") -> Any:
    today = timezone.localdate()
    return [_grade(g, today) for g in selectors.grades_public(q=q)[:100]]


@router.get(
    "/grades/{number}",
    response=GradeOut,
    summary="One grade by its number (in_force says whether it is still valid)",
)
def grade(request: HttpRequest, number: str) -> Any:
    return _grade(selectors.grade_by_number(number), timezone.localdate())
