"""REST endpoints of brands (mounted at /api/brands/). Thin: validate, call a service or
selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.brands import selectors, services
from qualitas.brands.models import Brand, BrandEvaluation, BrandList, ListEntry
from qualitas.brands.schemas import (
    BrandIn,
    BrandListOut,
    BrandOut,
    EntryOut,
    EvaluationIn,
    EvaluationOut,
    NominationIn,
    ReviewIn,
    SignalOut,
)
from qualitas.core.access import NotFound, actor_for, may_publish_brand_lists

router = Router(tags=["brands"])


def _evaluation(ev: BrandEvaluation) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "method": str(ev.method),
        "evaluated_on": ev.evaluated_on,
        "input_score": float(ev.input_score),
        "outcome_score": float(ev.outcome_score),
        "total": float(ev.total),
        "scores": {k: float(v) for k, v in ev.scores.items()},
    }


def _brand(b: Brand) -> dict[str, Any]:
    ev = selectors.latest_evaluation(b)
    return {
        "id": b.pk,
        "name_zh": b.name_zh,
        "name_en": b.name_en,
        "kind": b.kind,
        "category": b.category,
        "status": b.status,
        "owner_id": b.owner_id,
        "owner": b.owner.name if b.owner else None,
        "region": b.region_id,
        "members": [e.pk for e in b.enterprises.all()],
        "products": [p.pk for p in b.products.all()],
        "trademarks": [
            {
                "number": t.number,
                "nice_class": t.nice_class,
                "registered_on": t.registered_on,
                "valid_until": t.valid_until,
            }
            for t in b.trademarks.all()
        ],
        "evaluation": _evaluation(ev) if ev else None,
        "lists": [m.brand_list.code for m in selectors.memberships(b)],
        "published_at": b.published_at,
    }


def _list(bl: BrandList) -> dict[str, Any]:
    return {
        "id": bl.pk,
        "code": bl.code,
        "title_zh": bl.title_zh,
        "title_en": bl.title_en,
        "year": bl.year,
        "tier": bl.tier,
        "status": bl.status,
        "published_at": bl.published_at,
        "brands": [
            e.brand_id
            for e in (
                bl.accepted_entries
                if hasattr(bl, "accepted_entries")
                else selectors.list_entries(bl, officer=False)
            )
        ],
    }


def _entry(e: ListEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "list": e.brand_list.code,
        "brand_id": e.brand_id,
        "brand": e.brand.name,
        "status": e.status,
    }


@router.get("/brands", response=list[BrandOut], summary="Brands (published, or yours)")
def brands(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    actor = actor_for(request.user)
    qs = selectors.with_details(selectors.brands_visible(actor=actor, q=q, kind=kind))
    return [_brand(b) for b in qs[:200]]


@router.get("/brands/{int:brand_pk}", response=BrandOut, summary="One brand")
def brand(request: HttpRequest, brand_pk: int) -> Any:
    return _brand(selectors.brand_get(actor=actor_for(request.user), pk=brand_pk))


@router.get(
    "/brands/{int:brand_pk}/signals",
    response=list[SignalOut],
    summary="Monitoring signals of a brand (last three years, oldest first)",
)
def signals(request: HttpRequest, brand_pk: int) -> Any:
    b = selectors.brand_get(actor=actor_for(request.user), pk=brand_pk)
    return [
        {
            "kind": s.kind,
            "day": s.day,
            "label": str(s.label),
            "adverse": s.adverse,
            "enterprise_id": s.enterprise_id,
            "url": s.url,
        }
        for s in selectors.monitoring(b).signals
    ]


@router.post("/brands", response={201: BrandOut}, auth=django_auth, summary="Register a brand")
def register(request: HttpRequest, payload: BrandIn) -> Any:
    actor = actor_for(request.user)
    b = services.brand_create(
        actor=actor,
        kind=payload.kind,
        name_zh=payload.name_zh,
        name_en=payload.name_en,
        category=payload.category,
        owner_id=payload.owner_id,
        region_code=payload.region,
        member_ids=payload.members,
        product_ids=payload.products,
        trademarks=[services.TrademarkInput(**t.model_dump()) for t in payload.trademarks],
        description=payload.description,
        publish=payload.publish,
    )
    return 201, _brand(selectors.brand_get(actor=actor, pk=b.pk))


@router.post(
    "/brands/{int:brand_pk}/evaluations",
    response={201: EvaluationOut},
    auth=django_auth,
    summary="Evaluate a brand under a method version (the current one by default)",
)
def evaluate(request: HttpRequest, brand_pk: int, payload: EvaluationIn) -> Any:
    actor = actor_for(request.user)
    b = selectors.brand_get(actor=actor, pk=brand_pk)
    method = selectors.current_method(payload.method)
    if method is None:
        raise NotFound
    ev = services.evaluation_record(
        actor=actor,
        brand=b,
        method=method,
        scores=payload.scores,
        evaluated_on=payload.evaluated_on,
        note=payload.note,
    )
    return 201, _evaluation(ev)


@router.get("/lists", response=list[BrandListOut], summary="Brand lists (published)")
def lists(request: HttpRequest) -> Any:
    return [_list(bl) for bl in selectors.lists_with_accepted(selectors.published_lists())]


@router.post(
    "/lists/{int:list_pk}/nominations",
    response={201: EntryOut},
    auth=django_auth,
    summary="Nominate a published brand to an open list",
)
def nominate(request: HttpRequest, list_pk: int, payload: NominationIn) -> Any:
    actor = actor_for(request.user)
    bl = selectors.list_get(pk=list_pk, officer=True)
    b = selectors.brand_get(actor=actor, pk=payload.brand_id)
    return 201, _entry(
        services.nominate(actor=actor, brand_list=bl, brand=b, reason=payload.reason)
    )


@router.post(
    "/nominations/{int:entry_pk}/review",
    response=EntryOut,
    auth=django_auth,
    summary="Review a nomination: start, accept or reject (with a reason)",
)
def review(request: HttpRequest, entry_pk: int, payload: ReviewIn) -> Any:
    actor = actor_for(request.user)
    if not may_publish_brand_lists(actor):
        raise NotFound
    entry = selectors.entry_get(pk=entry_pk)
    return _entry(
        services.review(actor=actor, entry=entry, action=payload.action, note=payload.note)
    )


@router.post(
    "/lists/{int:list_pk}/publish",
    response=BrandListOut,
    auth=django_auth,
    summary="Publish a brand list (every nomination decided)",
)
def publish(request: HttpRequest, list_pk: int) -> Any:
    actor = actor_for(request.user)
    if not may_publish_brand_lists(actor):
        raise NotFound
    bl = selectors.list_get(pk=list_pk, officer=True)
    return _list(services.list_publish(actor=actor, brand_list=bl))
