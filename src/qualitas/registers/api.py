"""REST endpoints of the registers (mounted at /api/registers/; token scopes ``registers:read`` /
``registers:write``). Thin: validate, call a service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.registers import selectors, services
from qualitas.registers.models import Laboratory
from qualitas.registers.schemas import LaboratoryIn, LaboratoryOut

router = Router(tags=["registers"])


def _lab(lab: Laboratory) -> dict[str, Any]:
    out = {f: getattr(lab, f) for f in LaboratoryOut.model_fields if f != "items"}
    out["items"] = list(lab.items.all())
    return out


@router.get(
    "/laboratories",
    response=list[LaboratoryOut],
    summary="Published laboratories, searchable by name, standard and test method",
)
def laboratories(request: HttpRequest, q: str = "", region: str = "") -> Any:
    return [_lab(lab) for lab in selectors.published_laboratories(q=q, region=region)[:500]]


@router.get(
    "/laboratories/{lab_pk}",
    response=LaboratoryOut,
    summary="A laboratory (published, or kept by the officer)",
)
def laboratory(request: HttpRequest, lab_pk: int) -> Any:
    return _lab(selectors.laboratory_get(actor=actor_for(request.user), pk=lab_pk))


@router.post(
    "/laboratories",
    response={201: LaboratoryOut},
    auth=django_auth,
    summary="Enter a laboratory with its test items (officers of its region)",
)
def laboratory_create(request: HttpRequest, payload: LaboratoryIn) -> Any:
    actor = actor_for(request.user)
    data = payload.dict()
    items = data.pop("items")
    publish = data.pop("publish")
    lab = services.laboratory_save(actor=actor, data=data, items=items)
    if publish:
        services.laboratory_publish(actor=actor, lab=lab)
    return 201, _lab(selectors.laboratory_get(actor=actor, pk=lab.pk))
