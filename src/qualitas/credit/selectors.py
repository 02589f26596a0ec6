"""Reads of integrity and quality credit, scoped through ``core.access`` (``core/access/credit.py``).

Public: :func:`public_records` and :func:`public_record_get` (published records in their
publicity period), :func:`public_listings` (published entries in their term). Working records in
every state: :func:`records_for`, :func:`record_get`, :func:`listings_for`, :func:`listing_get`,
:func:`repairs_for`, :func:`repair_get`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qualitas.core.access import (
    Actor,
    NotFound,
    appeals_visible_q,
    credit_records_visible_q,
    may_edit_credit_methodology,
    repairs_visible_q,
)
from qualitas.credit.choices import MethodologyStatus, RecordStatus
from qualitas.credit.models import (
    CreditRecord,
    ListEntry,
    LoanDecision,
    Methodology,
    Rating,
    RatingAppeal,
    RepairRequest,
    SamrClassRecord,
)


def _today() -> date:
    return timezone.localdate()


def in_publicity_q(day: date) -> Q:
    """Published records whose publicity runs on ``day`` (not ended early by a repair)."""
    return Q(status=RecordStatus.PUBLISHED, publicity_from__lte=day, publicity_until__gte=day) & (
        Q(publicity_ended_on__isnull=True) | Q(publicity_ended_on__gt=day)
    )


def public_records(*, day: date | None = None, q: str = "") -> QuerySet[CreditRecord]:
    """Published penalty and misconduct records in publicity, newest decision first; ``q``
    matches the decision number, the enterprise's name or credit code."""
    qs = CreditRecord.objects.filter(in_publicity_q(day or _today())).select_related(
        "enterprise", "region"
    )
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(decision_no__icontains=q)
            | Q(enterprise__name_zh__icontains=q)
            | Q(enterprise__name_en__icontains=q)
            | Q(enterprise__credit_code__iexact=q)
        )
    return qs.order_by("-decided_on", "-pk")


def public_record_get(*, pk: int, day: date | None = None) -> CreditRecord:
    """One public notice; a record out of publicity (or never published) is not found."""
    rec = public_records(day=day).filter(pk=pk).first()
    if rec is None:
        raise NotFound
    return rec


def current_listing_q(day: date) -> Q:
    return Q(status=RecordStatus.PUBLISHED, entered_on__lte=day, term_until__gte=day) & (
        Q(exited_on__isnull=True) | Q(exited_on__gt=day)
    )


def public_listings(*, kind: str | None = None, day: date | None = None) -> QuerySet[ListEntry]:
    """Published list entries in their term (of one list, or all)."""
    qs = ListEntry.objects.filter(current_listing_q(day or _today())).select_related(
        "enterprise", "region", "record"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-entered_on", "-pk")


def records_for(*, actor: Actor) -> QuerySet[CreditRecord]:
    """Records in every state the actor may see (officers: their regions; enterprises: own)."""
    return (
        CreditRecord.objects.filter(credit_records_visible_q(actor))
        .select_related("enterprise", "region")
        .order_by("-created_at", "-pk")
    )


def record_get(*, actor: Actor, pk: int) -> CreditRecord:
    """A record in any state the actor may see; else :class:`NotFound`."""
    rec = records_for(actor=actor).filter(pk=pk).first()
    if rec is None:
        raise NotFound
    return rec


def listings_for(*, actor: Actor) -> QuerySet[ListEntry]:
    return (
        ListEntry.objects.filter(credit_records_visible_q(actor))
        .select_related("enterprise", "region", "record")
        .order_by("-created_at", "-pk")
    )


def listing_get(*, actor: Actor, pk: int) -> ListEntry:
    entry = listings_for(actor=actor).filter(pk=pk).first()
    if entry is None:
        raise NotFound
    return entry


def repairs_for(*, actor: Actor) -> QuerySet[RepairRequest]:
    return (
        RepairRequest.objects.filter(repairs_visible_q(actor))
        .select_related("enterprise", "record", "listing")
        .order_by("status", "due_on", "-pk")
    )


def repair_get(*, actor: Actor, pk: int) -> RepairRequest:
    req = repairs_for(actor=actor).filter(pk=pk).first()
    if req is None:
        raise NotFound
    return req


# --- ratings ---------------------------------------------------------------------------------


def enterprise_public_get(*, pk: int | None = None, credit_code: str | None = None) -> Any:
    """An enterprise of the public register by id or credit code; else :class:`NotFound`."""
    from qualitas.registry.models import Enterprise

    qs = Enterprise.objects.select_related("region", "industry")
    e = (
        qs.filter(pk=pk).first()
        if pk is not None
        else qs.filter(credit_code=(credit_code or "").strip().upper()).first()
    )
    if e is None:
        raise NotFound
    return e


def rating_current(*, enterprise_id: int) -> Rating | None:
    """The enterprise's current rating (None before the first)."""
    return (
        Rating.objects.filter(enterprise_id=enterprise_id, current=True)
        .select_related("methodology")
        .first()
    )


def rating_history(*, enterprise_id: int) -> QuerySet[Rating]:
    """Every rating of the enterprise, newest first, with the reason each was made."""
    return (
        Rating.objects.filter(enterprise_id=enterprise_id)
        .select_related("methodology")
        .order_by("-computed_at", "-pk")
    )


def loan_statistics(*, actor: Actor) -> list[dict[str, Any]]:
    """Quality-credit lending by province and industry (officers: their regions; admins: all):
    decisions, grants and the rating classes cited."""
    from django.db.models import Count

    from qualitas.core.access import aggregate_scope

    qs = aggregate_scope(actor, LoanDecision.objects.all(), field="enterprise__region__code")
    rows = (
        qs.values("enterprise__province_id", "enterprise__industry_id", "outcome", "rating__klass")
        .annotate(n=Count("pk"))
        .order_by("enterprise__province_id", "enterprise__industry_id", "outcome", "rating__klass")
    )
    return [
        {
            "province": r["enterprise__province_id"],
            "industry": r["enterprise__industry_id"],
            "outcome": r["outcome"],
            "klass": r["rating__klass"],
            "decisions": r["n"],
        }
        for r in rows
    ]


def samr_class_current(*, enterprise_id: int) -> SamrClassRecord | None:
    """SAMR's latest official risk class of the enterprise, as entered or imported (public)."""
    return (
        SamrClassRecord.objects.filter(enterprise_id=enterprise_id).order_by("-assessed_on").first()
    )


# --- appeals and methodology versions --------------------------------------------------------


def appeals_for(*, actor: Actor) -> QuerySet[RatingAppeal]:
    """Appeals the actor sees (officers: enterprises of their regions; enterprises: own)."""
    return (
        RatingAppeal.objects.filter(appeals_visible_q(actor))
        .select_related("enterprise", "rating", "result")
        .order_by("status", "due_on", "-pk")
    )


def appeal_get(*, actor: Actor, pk: int) -> RatingAppeal:
    appeal = appeals_for(actor=actor).filter(pk=pk).first()
    if appeal is None:
        raise NotFound
    return appeal


def methodology_versions(*, actor: Actor) -> QuerySet[Methodology]:
    """Published versions for everyone; drafts too for those who may edit them."""
    qs = Methodology.objects.all()
    if not may_edit_credit_methodology(actor):
        qs = qs.filter(status=MethodologyStatus.PUBLISHED)
    return qs.order_by("-published_at", "-pk")


def methodology_get(*, actor: Actor, code: str) -> Methodology:
    """One version by its code (a draft only for those who may edit it); else NotFound."""
    m = methodology_versions(actor=actor).filter(code=code).first()
    if m is None:
        raise NotFound
    return m
