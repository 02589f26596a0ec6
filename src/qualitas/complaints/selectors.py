"""Reads of consumer complaints and warnings, scoped through ``core.access``
(``core/access/complaints.py``).

The public reads only :func:`public_statistics` and published warnings; individual complaints
go through :func:`complaints_for` and :func:`complaint_get`, and every view of one goes through
:func:`complaint_view`, which unseals the contact for the handler only and masks it otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qualitas.complaints.choices import (
    ComplaintStatus,
    ProblemType,
    ProductCategory,
    WarningStatus,
)
from qualitas.complaints.crypto import masked, unseal
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.core.access import (
    Actor,
    NotFound,
    complaints_visible_q,
    may_decide_warning,
    may_handle_complaint,
    may_respond_to_complaint,
    may_see_complaint_contact,
    problem_warnings_visible_q,
)
from qualitas.registry.models import Enterprise, Region

#: a cell of the public statistics with fewer complaints is shown as "< 3" (no singling out)
SMALL_CELL = 3


def complaints_for(*, actor: Actor, status: str = "") -> QuerySet[Complaint]:
    qs = Complaint.objects.filter(complaints_visible_q(actor)).select_related(
        "region", "enterprise"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def complaint_get(*, actor: Actor, pk: int) -> Complaint:
    c = complaints_for(actor=actor).filter(pk=pk).first()
    if c is None:
        raise NotFound
    return c


@dataclass(frozen=True)
class ComplaintView:
    """A complaint as one actor may see it: the contact unmasked for the handler only."""

    complaint: Complaint
    contact: dict[str, str]
    contact_masked: bool
    handler: bool
    may_respond: bool


def complaint_view(actor: Actor, c: Complaint) -> ComplaintView:
    full = may_see_complaint_contact(actor, c.region_id)
    contact = unseal(c.contact_sealed)
    return ComplaintView(
        complaint=c,
        contact=contact if full else masked(contact),
        contact_masked=not full,
        handler=may_handle_complaint(actor, c.region_id),
        may_respond=may_respond_to_complaint(actor, c.enterprise_id)
        and c.status in (ComplaintStatus.ROUTED, ComplaintStatus.ESCALATED),
    )


def enterprise_candidates(c: Complaint, limit: int = 10) -> list[Enterprise]:
    """Enterprises the complaint may be about: the credit code named, else names containing the
    name given (the handler confirms one)."""
    qs = Enterprise.objects.select_related("region")
    if c.credit_code_given:
        hit = list(qs.filter(credit_code=c.credit_code_given)[:1])
        if hit:
            return hit
    name = c.enterprise_given.strip()
    if not name:
        return []
    return list(
        qs.filter(Q(name_zh__icontains=name) | Q(name_en__icontains=name)).order_by("pk")[:limit]
    )


def warnings_for(*, actor: Actor, status: str = "") -> QuerySet[ProblemWarning]:
    qs = ProblemWarning.objects.filter(problem_warnings_visible_q(actor)).select_related("region")
    if status:
        qs = qs.filter(status=status)
    return qs


def warning_get(*, actor: Actor, pk: int) -> ProblemWarning:
    w = warnings_for(actor=actor).filter(pk=pk).first()
    if w is None:
        raise NotFound
    return w


def may_decide(actor: Actor, w: ProblemWarning) -> bool:
    return may_decide_warning(actor, w.region_id)


def warning_evidence(actor: Actor, w: ProblemWarning) -> list[Complaint]:
    """The complaints behind a warning: for those who may decide it (officers of its region)
    and admins who see every complaint; nobody else."""
    return list(
        w.evidence.filter(complaints_visible_q(actor)).select_related("region").order_by("pk")
    )


def published_warnings() -> QuerySet[ProblemWarning]:
    return ProblemWarning.objects.filter(status=WarningStatus.PUBLISHED).select_related("region")


def public_statistics(*, days: int = 365, today: date | None = None) -> dict[str, Any]:
    """Counts only: by product category and problem type, by province, by status and the
    share answered on time, over the last ``days``. Cells under :data:`SMALL_CELL` are
    suppressed (``None``)."""
    today = today or timezone.localdate()
    qs = Complaint.objects.filter(received_on__gt=today - timedelta(days=days))
    by_cell = {
        (r["category"], r["problem"]): r["n"]
        for r in qs.values("category", "problem").annotate(n=Count("pk"))
    }
    problems = list(ProblemType)
    table = []
    for cat in ProductCategory:
        cells = [by_cell.get((cat.value, p.value), 0) for p in problems]
        if not any(cells):
            continue
        table.append(
            {
                "category": str(cat.label),
                "code": cat.value,
                "cells": [n if n == 0 or n >= SMALL_CELL else None for n in cells],
                "total": sum(cells),
            }
        )
    provinces = {r.code[:2]: r for r in Region.objects.filter(level="province")}
    by_province: dict[str, int] = {}
    for r in qs.values("region_id").annotate(n=Count("pk")):
        by_province[r["region_id"][:2]] = by_province.get(r["region_id"][:2], 0) + r["n"]
    routed = qs.filter(routed_on__isnull=False)
    answered = routed.filter(responded_on__isnull=False)
    on_time = sum(
        1
        for d, r in answered.values_list("deadline", "responded_on")
        if d is not None and r is not None and r <= d
    )
    return {
        "days": days,
        "total": qs.count(),
        "problems": [str(p.label) for p in problems],
        "table": table,
        "by_province": [
            {
                "province": str(provinces[k].name) if k in provinces else k,
                "n": n if n >= SMALL_CELL else None,
            }
            for k, n in sorted(by_province.items(), key=lambda kv: -kv[1])
        ],
        "routed": routed.count(),
        "answered": answered.count(),
        "on_time_share": (on_time / routed.count()) if routed.count() else None,
        "confirmed": qs.filter(status=ComplaintStatus.CONFIRMED).count(),
        "disputed": qs.filter(status=ComplaintStatus.DISPUTED).count(),
    }


def region_choices() -> list[tuple[str, str]]:
    """Prefecture-level regions grouped under their province, for the intake form."""
    out: list[tuple[str, str]] = []
    for r in Region.objects.filter(level="prefecture").select_related("parent").order_by("code"):
        out.append((r.code, f"{r.parent.name if r.parent else ''} {r.name}".strip()))
    return out
