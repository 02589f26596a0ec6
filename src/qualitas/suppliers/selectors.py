"""Reads of supplier quality, scoped through ``core.access`` (``core/access/suppliers.py``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from qualitas.core.access import (
    Actor,
    NotFound,
    may_work_as_supplier,
    may_write_supplier_records,
    supplier_records_q,
)
from qualitas.registry.models import Enterprise
from qualitas.suppliers.choices import LotDecision
from qualitas.suppliers.models import IncomingLot, SuppliedPart, Supplier


def suppliers_for(actor: Actor) -> QuerySet[Supplier]:
    """Suppliers the actor may read (as customer, as the supplier itself, as officer, admin)."""
    return (
        Supplier.objects.filter(supplier_records_q(actor))
        .select_related("customer", "enterprise")
        .order_by("customer_id", "code")
    )


def supplier_get(*, actor: Actor, pk: int) -> Supplier:
    supplier = suppliers_for(actor).filter(pk=pk).first()
    if supplier is None:
        raise NotFound
    return supplier


def part_get(*, actor: Actor, pk: int) -> SuppliedPart:
    part = (
        SuppliedPart.objects.filter(supplier_records_q(actor, prefix="supplier__"), pk=pk)
        .select_related("supplier", "supplier__customer")
        .first()
    )
    if part is None:
        raise NotFound
    return part


def lots_for(actor: Actor) -> QuerySet[IncomingLot]:
    return IncomingLot.objects.filter(
        supplier_records_q(actor, prefix="part__supplier__")
    ).select_related("part", "part__supplier", "part__supplier__customer")


def lot_get(*, actor: Actor, pk: int) -> IncomingLot:
    lot = lots_for(actor).filter(pk=pk).first()
    if lot is None:
        raise NotFound
    return lot


def is_customer(actor: Actor, supplier: Supplier) -> bool:
    """The actor writes this supplier's records as (a user of) its customer, or as admin."""
    return may_write_supplier_records(actor, supplier.customer_id)


def is_the_supplier(actor: Actor, supplier: Supplier) -> bool:
    return may_work_as_supplier(actor, supplier.enterprise_id)


def enterprise_by_credit_code(code: str) -> Enterprise | None:
    """A registry enterprise by its unified social credit code (public register data)."""
    return Enterprise.objects.filter(credit_code=(code or "").strip().upper()).first()


def own_enterprise(actor: Actor) -> Enterprise:
    enterprise = Enterprise.objects.filter(pk=actor.enterprise_id or 0).first()
    if enterprise is None:
        raise NotFound
    return enterprise


def parts_with_summary(supplier: Supplier) -> list[tuple[SuppliedPart, dict[str, Any]]]:
    """The supplier's parts, each with decided and rejected lots, items inspected, nonconforming
    found and PPM (one query)."""
    decided = ~Q(lots__decision=LotDecision.PENDING)
    parts = supplier.parts.annotate(
        n_lots=Count("lots", filter=decided),
        n_rejected=Count("lots", filter=Q(lots__decision=LotDecision.REJECTED)),
        n_inspected=Sum("lots__sample_size", filter=decided),
        n_nonconforming=Sum("lots__nonconforming", filter=decided),
    ).order_by("part_number")
    return [
        (
            p,
            {
                "lots": p.n_lots,
                "rejected": p.n_rejected,
                "inspected": p.n_inspected,
                "nonconforming": p.n_nonconforming,
                "ppm": ppm(p.n_nonconforming, p.n_inspected),
            },
        )
        for p in parts
    ]


def ppm(nonconforming: int | None, inspected: int | None) -> float | None:
    """Incoming PPM: nonconforming items found per million items inspected (None without any)."""
    if not inspected:
        return None
    return 1_000_000 * (nonconforming or 0) / inspected
