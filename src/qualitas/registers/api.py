"""REST endpoints of the registers (mounted at /api/registers/; token scopes ``registers:read`` /
``registers:write``). Thin: validate, call a service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.core.providers import SuggestionContext
from qualitas.registers import selectors, services
from qualitas.registers.models import Laboratory, TypicalCase
from qualitas.registers.schemas import (
    CaseIn,
    CaseOut,
    CaseSuggestionOut,
    LaboratoryIn,
    LaboratoryOut,
)

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


def _case(case: TypicalCase) -> dict[str, Any]:
    out = {f: getattr(case, f) for f in CaseOut.model_fields if f not in ("figures", "topics")}
    out["figures"] = list(case.figures.all())
    out["topics"] = list(case.topics.all())
    return out


@router.get(
    "/cases",
    response=list[CaseOut],
    summary="Published typical cases: full-text search (Chinese, English), type, industry",
)
def cases(request: HttpRequest, q: str = "", case_type: str = "", industry: str = "") -> Any:
    qs = selectors.published_cases(q=q, case_type=case_type, industry=industry)
    return [_case(c) for c in qs[:500]]


@router.get(
    "/cases/suggestions",
    response=list[CaseSuggestionOut],
    summary="Published cases that fit a problem (low_capability, evaluation_gap, "
    "spot_check_failure) in an industry, ranked, with the reason",
)
def case_suggestions(
    request: HttpRequest, industry: str = "", problem: str = "", detail: str = ""
) -> Any:
    found = selectors.suggest_cases(
        SuggestionContext(industry_code=industry, problem=problem, detail=detail)
    )
    return [{"case": _case(s.case), "score": s.score, "reason": s.reason} for s in found]


@router.get(
    "/cases/{case_pk}",
    response=CaseOut,
    summary="A typical case (published, or kept by the officer)",
)
def case(request: HttpRequest, case_pk: int) -> Any:
    return _case(selectors.case_get(actor=actor_for(request.user), pk=case_pk))


@router.post(
    "/cases",
    response={201: CaseOut},
    auth=django_auth,
    summary="Enter a typical case with its key figures (officers of its region)",
)
def case_create(request: HttpRequest, payload: CaseIn) -> Any:
    actor = actor_for(request.user)
    data = payload.dict()
    figures, topics = data.pop("figures"), data.pop("topics")
    publish = data.pop("publish")
    case = services.case_save(actor=actor, data=data, figures=figures, topics=topics)
    if publish:
        services.case_publish(actor=actor, case=case)
    return 201, _case(selectors.case_get(actor=actor, pk=case.pk))
