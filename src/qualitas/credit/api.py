"""REST endpoints of integrity and quality credit (mounted at /api/credit/). Thin: validate,
call a service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_read_credit_report,
    may_see_loan_statistics,
)
from qualitas.credit import selectors, services
from qualitas.credit.models import CreditRecord, Methodology, RatingAppeal
from qualitas.credit.schemas import (
    AppealDecisionIn,
    AppealIn,
    CreditRecordOut,
    EligibilityOut,
    LoanIn,
    LoanOut,
    LoanStatOut,
    MethodologyIn,
    MethodologyOut,
    RatingAppealOut,
    RatingOut,
    RatingPublicOut,
    SigningKeyOut,
)

router = Router(tags=["credit"])


def _record(r: CreditRecord) -> dict[str, Any]:
    out = {
        f: getattr(r, f)
        for f in CreditRecordOut.model_fields
        if f not in ("enterprise_credit_code", "enterprise_name_zh", "publicity_until")
    }
    out["enterprise_credit_code"] = r.enterprise.credit_code
    out["enterprise_name_zh"] = r.enterprise.name_zh
    out["publicity_until"] = r.publicity_end
    return out


@router.get("/penalties", response=list[CreditRecordOut], summary="Published records in publicity")
def penalties(request: HttpRequest, q: str = "", limit: int = 100) -> list[dict[str, Any]]:
    """Published penalty and misconduct records whose publicity runs today (public); ``q``
    matches the decision number, the enterprise's name or credit code."""
    return [_record(r) for r in selectors.public_records(q=q)[: max(1, min(limit, 1000))]]


@router.get("/penalties/{record_pk}", response=CreditRecordOut, summary="One public notice")
def penalty(request: HttpRequest, record_pk: int) -> dict[str, Any]:
    return _record(selectors.public_record_get(pk=record_pk))


@router.get("/ratings/{credit_code}", response=RatingPublicOut, summary="Public quality credit")
def rating_public(request: HttpRequest, credit_code: str) -> dict[str, Any]:
    """The enterprise's quality credit class and its records in publicity (public)."""
    e = selectors.enterprise_public_get(credit_code=credit_code)
    r = selectors.rating_current(enterprise_id=e.pk)
    samr = selectors.samr_class_current(enterprise_id=e.pk)
    return {
        "credit_code": e.credit_code,
        "name_zh": e.name_zh,
        "klass": r.klass if r else None,
        "methodology": r.methodology.code if r else None,
        "as_of": r.as_of if r else None,
        "records_in_publicity": [
            p.decision_no for p in selectors.public_records().filter(enterprise_id=e.pk)
        ],
        "lists": [entry.kind for entry in selectors.public_listings().filter(enterprise_id=e.pk)],
        "samr_class": samr.klass if samr else None,
    }


@router.get(
    "/ratings/{credit_code}/report",
    response=RatingOut,
    summary="Credit report (by consent)",
    auth=django_auth,
)
def rating_report(request: HttpRequest, credit_code: str) -> dict[str, Any]:
    """The score and every factor with its weight, points, records, source and what would raise
    it. The enterprise's users, officers of its region, admins, and a bank holding the
    enterprise's ``credit_report`` consent (the read is audited and shown to the enterprise);
    everyone else: 404, as for an unknown code."""
    actor = actor_for(request.user)
    e = selectors.enterprise_public_get(credit_code=credit_code)
    if not may_read_credit_report(actor, e):
        raise NotFound
    r = selectors.rating_current(enterprise_id=e.pk)
    if r is None:
        raise NotFound
    return {
        "credit_code": e.credit_code,
        "klass": r.klass,
        "score": float(r.score),
        "capped": r.capped,
        "methodology": r.methodology.code,
        "as_of": r.as_of,
        "computed_at": r.computed_at,
        "reason": r.reason,
        "reason_label": r.reason_label,
        "factors": r.factors,
    }


@router.post(
    "/loans", response={201: LoanOut}, summary="Record a loan decision (banks)", auth=django_auth
)
def loan_create(request: HttpRequest, payload: LoanIn) -> tuple[int, dict[str, Any]]:
    """A bank records a lending decision; it cites the enterprise's current rating. Needs the
    enterprise's ``credit_report`` consent (else 404) and a partner account (else 403)."""
    loan = services.loan_record(actor=actor_for(request.user), **payload.dict())
    return 201, {
        "id": loan.pk,
        "credit_code": loan.enterprise.credit_code,
        "rating_class": loan.rating.klass,
        "rating_score": float(loan.rating.score),
        "outcome": loan.outcome,
        "amount_band": loan.amount_band,
        "decided_on": loan.decided_on,
    }


@router.get(
    "/loans/statistics", response=list[LoanStatOut], summary="Lending by region", auth=django_auth
)
def loan_statistics(request: HttpRequest) -> list[dict[str, Any]]:
    """Loan decisions by province, industry, outcome and class cited (officers: their regions)."""
    actor = actor_for(request.user)
    if not may_see_loan_statistics(actor):
        raise NotFound
    return selectors.loan_statistics(actor=actor)


@router.get("/eligibility", response=EligibilityOut, summary="Procurement eligibility (signed)")
def eligibility(request: HttpRequest, credit_code: str, purpose: str) -> dict[str, Any]:
    """Eligible or not for ``purpose`` (procurement, bidding, honours), with the grounds (the
    serious-violation or abnormal operations list, a heavier penalty of the last three years
    in publicity), the time, and an Ed25519 signature verifiable with ``/signing-key`` alone."""
    from qualitas.credit.procurement import eligibility as check

    return check(credit_code=credit_code, purpose=purpose)


@router.get("/signing-key", response=SigningKeyOut, summary="The published verification key")
def signing_key(request: HttpRequest) -> dict[str, str]:
    from qualitas.credit import signing

    return {
        "algorithm": signing.ALGORITHM,
        "public_key": signing.public_key_b64(),
        "canonical_form": "JSON of the answer without signature, keys sorted, separators (',', ':'), UTF-8",
    }


# --- methodology versions and appeals --------------------------------------------------------


def _methodology(m: Methodology) -> dict[str, Any]:
    return {
        "code": m.code,
        "status": m.status,
        "weights": m.weights,
        "thresholds": [(c, float(t)) for c, t in m.thresholds],
        "half_life_days": m.half_life_days,
        "note": m.note,
        "published_at": m.published_at,
    }


@router.get("/methodologies", response=list[MethodologyOut], summary="Methodology versions")
def methodologies(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published version, newest first (public); drafts too for officers."""
    return [_methodology(m) for m in selectors.methodology_versions(actor=actor_for(request.user))]


@router.get("/methodologies/{version}", response=MethodologyOut, summary="One methodology version")
def methodology(request: HttpRequest, version: str) -> dict[str, Any]:
    """A published version (public) or a draft (officers)."""
    return _methodology(selectors.methodology_get(actor=actor_for(request.user), code=version))


@router.post(
    "/methodologies",
    response={201: MethodologyOut},
    summary="Draft a methodology version",
    auth=django_auth,
)
def methodology_create(request: HttpRequest, payload: MethodologyIn) -> tuple[int, dict[str, Any]]:
    """Officers draft a version; refusals name the field (``weights.<key>``, ``weights`` for
    their sum, ``thresholds.<class>``, ``half_life_days``, ``code``)."""
    data = payload.dict()
    data["weights"] = {k: dict(v) for k, v in data["weights"].items()}
    m = services.methodology_draft(actor=actor_for(request.user), **data)
    return 201, _methodology(m)


@router.put(
    "/methodologies/{version}",
    response=MethodologyOut,
    summary="Change a draft methodology version",
    auth=django_auth,
)
def methodology_put(request: HttpRequest, version: str, payload: MethodologyIn) -> dict[str, Any]:
    """A draft only: a published version is immutable (422 naming ``status``)."""
    data = payload.dict()
    data["weights"] = {k: dict(v) for k, v in data["weights"].items()}
    data["code"] = version
    return _methodology(services.methodology_update(actor=actor_for(request.user), **data))


@router.post(
    "/methodologies/{version}/publish",
    response=MethodologyOut,
    summary="Publish a methodology version",
    auth=django_auth,
)
def methodology_publish(request: HttpRequest, version: str) -> dict[str, Any]:
    """A second officer publishes a draft; ratings computed from then on cite it."""
    return _methodology(services.methodology_publish(actor=actor_for(request.user), code=version))


def _appeal(a: RatingAppeal) -> dict[str, Any]:
    return {
        "id": a.pk,
        "credit_code": a.enterprise.credit_code,
        "rating_class": a.rating.klass,
        "rating_score": float(a.rating.score),
        "grounds": a.grounds,
        "status": a.status,
        "submitted_on": a.submitted_on,
        "due_on": a.due_on,
        "decided_on": a.decided_on,
        "decision_note": a.decision_note,
        "result_class": a.result.klass if a.result else None,
        "result_score": float(a.result.score) if a.result else None,
    }


@router.get(
    "/appeals", response=list[RatingAppealOut], summary="Appeals of ratings", auth=django_auth
)
def appeals(request: HttpRequest) -> list[dict[str, Any]]:
    """Appeals the caller sees (officers: their regions; an enterprise: its own)."""
    return [_appeal(a) for a in selectors.appeals_for(actor=actor_for(request.user))[:500]]


@router.post(
    "/appeals", response={201: RatingAppealOut}, summary="Appeal a rating", auth=django_auth
)
def appeal_create(request: HttpRequest, payload: AppealIn) -> tuple[int, dict[str, Any]]:
    """The enterprise appeals its current rating with grounds (others: 404)."""
    e = selectors.enterprise_public_get(credit_code=payload.credit_code)
    a = services.appeal_submit(
        actor=actor_for(request.user), enterprise_id=e.pk, grounds=payload.grounds
    )
    return 201, _appeal(selectors.appeal_get(actor=actor_for(request.user), pk=a.pk))


@router.post(
    "/appeals/{appeal_pk}/decision",
    response=RatingAppealOut,
    summary="Decide an appeal",
    auth=django_auth,
)
def appeal_decision(
    request: HttpRequest, appeal_pk: int, payload: AppealDecisionIn
) -> dict[str, Any]:
    """An officer of the enterprise's region upholds the rating or recomputes it."""
    actor = actor_for(request.user)
    a = services.appeal_decide(actor=actor, pk=appeal_pk, revise=payload.revise, note=payload.note)
    return _appeal(selectors.appeal_get(actor=actor, pk=a.pk))
