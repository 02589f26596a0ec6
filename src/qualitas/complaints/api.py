"""REST endpoints of consumer complaints (mounted at /api/complaints/). Thin: validate, call a
service or selector, return. Filing needs no account (the same signed form token, hidden field
and rate limit as the page); statistics and published warnings are public; individual
complaints only for the roles that may see them, the contact masked except for the handler."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.complaints import selectors, services
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.complaints.schemas import (
    ComplaintFiledOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintRespondIn,
    ComplaintWarningOut,
    FormTokenOut,
    StatisticsOut,
)
from qualitas.core.access import Actor, actor_for

router = Router(tags=["complaints"])


def _complaint(actor: Actor, c: Complaint) -> dict[str, Any]:
    v = selectors.complaint_view(actor, c)
    return {
        **{f: getattr(c, f) for f in ComplaintOut.model_fields if hasattr(c, f)},
        "region": c.region_id,
        "contact": v.contact,
        "contact_masked": v.contact_masked,
    }


def _warning(w: ProblemWarning) -> dict[str, Any]:
    return {
        **{f: getattr(w, f) for f in ComplaintWarningOut.model_fields if f != "region"},
        "region": w.region_id,
    }


@router.get("/form-token", response=FormTokenOut, summary="A signed form token for filing")
def form_token(request: HttpRequest) -> Any:
    return {"issued": services.form_issue_token()}


@router.post("/", response={201: ComplaintFiledOut}, summary="File a complaint (no account)")
def file_complaint(request: HttpRequest, payload: ComplaintIn) -> Any:
    data = payload.dict()
    services.intake_guard(
        ip=str(request.META.get("REMOTE_ADDR") or ""),
        honeypot=data.pop("website"),
        issued=data.pop("issued"),
    )
    c, token = services.complaint_submit(data=data)
    return 201, {
        "code": c.code,
        "tracking_token": token,
        "tracking_url": request.build_absolute_uri(f"/complaints/track/{token}/"),
    }


@router.get("/statistics", response=StatisticsOut, summary="Public statistics (counts only)")
def statistics(request: HttpRequest) -> Any:
    return selectors.public_statistics()


@router.get(
    "/warnings", response=list[ComplaintWarningOut], summary="Common-problem warnings you may see"
)
def warnings(request: HttpRequest) -> Any:
    return [_warning(w) for w in selectors.warnings_for(actor=actor_for(request.user))[:500]]


@router.get(
    "/complaints", response=list[ComplaintOut], auth=django_auth, summary="Complaints you may see"
)
def complaints(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    return [_complaint(actor, c) for c in selectors.complaints_for(actor=actor)[:500]]


@router.get(
    "/complaints/{int:complaint_pk}",
    response=ComplaintOut,
    auth=django_auth,
    summary="One complaint",
)
def complaint(request: HttpRequest, complaint_pk: int) -> Any:
    actor = actor_for(request.user)
    return _complaint(actor, selectors.complaint_get(actor=actor, pk=complaint_pk))


@router.post(
    "/complaints/{int:complaint_pk}/respond",
    response=ComplaintOut,
    auth=django_auth,
    summary="The enterprise's response",
)
def respond(request: HttpRequest, complaint_pk: int, payload: ComplaintRespondIn) -> Any:
    actor = actor_for(request.user)
    c = selectors.complaint_get(actor=actor, pk=complaint_pk)
    return _complaint(
        actor, services.complaint_respond(actor=actor, complaint=c, response=payload.response)
    )
