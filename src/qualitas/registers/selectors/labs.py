"""Reads of the laboratory register: the public register searchable by name, standard and test
method; the officers' entries of their regions."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from qualitas.core.access import Actor, NotFound, register_entries_visible_q
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import Laboratory, LabTestItem


def _search(qs: QuerySet[Laboratory], q: str) -> QuerySet[Laboratory]:
    """Every word must match the name, code, fields, or a test item's name, standard or method."""
    for word in (q or "").split():
        qs = qs.filter(
            Q(name_zh__icontains=word)
            | Q(name_en__icontains=word)
            | Q(code__icontains=word)
            | Q(specialties__icontains=word)
            | Q(items__standard__icontains=word)
            | Q(items__method__icontains=word)
            | Q(items__name_zh__icontains=word)
            | Q(items__name_en__icontains=word)
        )
    return qs.distinct() if q and q.split() else qs


def _with_items(qs: QuerySet[Laboratory], q: str = "") -> QuerySet[Laboratory]:
    return (
        _search(qs, q)
        .select_related("region")
        .prefetch_related(Prefetch("items", queryset=LabTestItem.objects.order_by("pk")))
    )


def published_laboratories(*, q: str = "", region: str = "") -> QuerySet[Laboratory]:
    """The public register: published laboratories matching ``q`` (name, standard, method)."""
    qs = Laboratory.objects.filter(status=EntryStatus.PUBLISHED)
    if region:
        qs = qs.filter(region_id=region)
    return _with_items(qs, q).order_by("code")


def laboratories_for(*, actor: Actor, q: str = "") -> QuerySet[Laboratory]:
    """Every laboratory the actor may see, every state for the regions an officer keeps."""
    return _with_items(Laboratory.objects.filter(register_entries_visible_q(actor)), q).order_by(
        "code"
    )


def laboratory_get(*, actor: Actor, pk: int) -> Laboratory:
    """One laboratory the actor may see (published, or kept by the officer); else not found."""
    lab = (
        Laboratory.objects.filter(register_entries_visible_q(actor), pk=pk)
        .select_related("region")
        .prefetch_related("items", "assessments")
        .first()
    )
    if lab is None:
        raise NotFound
    return lab
