"""Reads of supplier quality, scoped through ``core.access`` (``core/access/suppliers.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_work_as_supplier,
    may_write_supplier_records,
    supplier_records_q,
)
from qualitas.registry.models import Enterprise
from qualitas.suppliers.choices import ActionStatus, LotDecision
from qualitas.suppliers.models import (
    AuditAnswer,
    AuditTemplate,
    CorrectiveAction,
    IncomingLot,
    SuppliedPart,
    Supplier,
    SupplierAudit,
)
from qualitas.suppliers.scorecards import DEFAULT_LIMITS, DEFAULT_WEIGHTS, Scorecard, score


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


def audits_for(actor: Actor) -> QuerySet[SupplierAudit]:
    return SupplierAudit.objects.filter(
        supplier_records_q(actor, prefix="supplier__")
    ).select_related("supplier", "supplier__customer", "template")


def audit_get(*, actor: Actor, pk: int) -> SupplierAudit:
    found = audits_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def audit_rows(a: SupplierAudit) -> list[AuditAnswer]:
    return list(a.answers.select_related("question").order_by("question__position"))


DOWNGRADE_TEXT: dict[str, Any] = {
    "element_below_70": _("%(where)s below 70 %%: class C"),
    "element_below_80": _("%(where)s below 80 %%: at most class B"),
    "sub_element_below_80": _("sub-element %(where)s below 80 %%: at most class B"),
    "star_scored_4": _("star question %(where)s scored 4: at most class B"),
    "star_scored_0": _("star question %(where)s scored 0: class C"),
    "question_scored_0": _("question %(where)s scored 0: at most class B"),
}


def downgrade_texts(a: SupplierAudit) -> list[str]:
    return [str(DOWNGRADE_TEXT[code]) % {"where": where} for code, where in a.downgrades]


def actions_for(actor: Actor) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(
        supplier_records_q(actor, prefix="supplier__")
    ).select_related("supplier", "supplier__customer", "lot")


def action_get(*, actor: Actor, pk: int) -> CorrectiveAction:
    found = actions_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def is_overdue(ca: CorrectiveAction, today: date | None = None) -> bool:
    return ca.status != ActionStatus.CLOSED and ca.due_on < (today or timezone.localdate())


def overdue_actions(actor: Actor, today: date) -> QuerySet[CorrectiveAction]:
    """Open 8Ds past their due date that the actor works on or supervises as customer."""
    return actions_for(actor).exclude(status=ActionStatus.CLOSED).filter(due_on__lt=today)


def scorecards(
    *,
    actor: Actor,
    customer_id: int,
    start: date,
    end: date,
    weights: dict[str, float] | None = None,
    limits: dict[str, float] | None = None,
    supplier_id: int | None = None,
) -> list[Scorecard]:
    """The scorecard of every supplier (or of ``supplier_id`` only) of a customer over ``start``–``end`` (received lots,
    audits performed up to ``end``, 8Ds opened in the period): three aggregate queries whatever
    the number of suppliers and lots. On-time delivery counts the lots received in the period
    that have a promised date (``due_on``): on time when received by then plus
    ``limits["grace_days"]``."""
    lim = {**DEFAULT_LIMITS, **(limits or {})}
    grace = timedelta(days=int(lim["grace_days"]))
    deadline = ExpressionWrapper(F("due_on") + grace, output_field=DateField())
    listed = suppliers_for(actor).filter(customer_id=customer_id)
    if supplier_id is not None:
        listed = listed.filter(pk=supplier_id)
    suppliers = list(listed.values_list("pk", "code", "name"))
    cards = {pk: Scorecard(supplier_id=pk, code=code, name=name) for pk, code, name in suppliers}
    decided = ~Q(decision=LotDecision.PENDING)
    rows = (
        IncomingLot.objects.filter(
            received_on__gte=start, received_on__lte=end, part__supplier_id__in=cards
        )
        .annotate(deadline=deadline)
        .values("part__supplier_id")
        .annotate(
            n=Count("pk", filter=decided),
            rej=Count("pk", filter=Q(decision=LotDecision.REJECTED)),
            insp=Sum("sample_size", filter=decided),
            nc=Sum("nonconforming", filter=decided),
            due=Count("pk", filter=Q(due_on__isnull=False)),
            on_time=Count("pk", filter=Q(due_on__isnull=False, received_on__lte=F("deadline"))),
        )
    )
    for r in rows:
        c = cards[r["part__supplier_id"]]
        c.lots, c.rejected, c.inspected, c.nonconforming = (
            r["n"],
            r["rej"],
            r["insp"] or 0,
            r["nc"] or 0,
        )
        c.due_lots, c.on_time = r["due"], r["on_time"]
    audits = SupplierAudit.objects.filter(
        supplier_id__in=cards, status="completed", performed_on__lte=end
    ).order_by("supplier_id", "performed_on", "pk")
    for supplier_id, overall in audits.values_list("supplier_id", "overall"):
        cards[supplier_id].audit = None if overall is None else float(overall)  # last wins
    acts = CorrectiveAction.objects.filter(
        supplier_id__in=cards, opened_on__gte=start, opened_on__lte=end
    ).values_list("supplier_id", "opened_on", "closed_on")
    days: dict[int, list[int]] = {}
    for supplier_id, opened, closed in acts:
        c = cards[supplier_id]
        c.actions_opened += 1
        if closed is not None:
            c.actions_closed += 1
            days.setdefault(supplier_id, []).append((closed - opened).days)
    for supplier_id, values in days.items():
        cards[supplier_id].closure_days = sum(values) / len(values)
    w = weights or DEFAULT_WEIGHTS
    return [score(c, weights=w, limits=lim) for c in cards.values()]


def quarters_back(end: date, n: int) -> list[tuple[str, date, date]]:
    """The ``n`` calendar quarters up to the one containing ``end``, oldest first:
    (``"2026Q3"``, first day, last day)."""
    out = []
    year, q = end.year, (end.month - 1) // 3 + 1
    for _i in range(n):
        first = date(year, 3 * q - 2, 1)
        nxt = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
        out.append((f"{year}Q{q}", first, nxt - timedelta(days=1)))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]


def scorecard_trend(
    *, actor: Actor, supplier: Supplier, end: date, quarters: int = 4
) -> list[tuple[str, Scorecard]]:
    """One supplier's scorecard per calendar quarter (default weights and limits), oldest
    first: the trend on its page and in the API (three queries a quarter)."""
    out = []
    for label, first, last in quarters_back(end, quarters):
        cards = scorecards(
            actor=actor,
            customer_id=supplier.customer_id,
            start=first,
            end=last,
            supplier_id=supplier.pk,
        )
        if cards:
            out.append((label, cards[0]))
    return out


def checklists_for(actor: Actor) -> QuerySet[AuditTemplate]:
    """The checklists an enterprise may plan audits with: the shipped ones and its own
    imported ones, every version (newest first)."""
    own = Q(owner__isnull=True)
    if actor.enterprise_id:
        own |= Q(owner_id=actor.enterprise_id)
    return AuditTemplate.objects.filter(own).order_by("owner_id", "code", "-version")


def checklist_get(*, actor: Actor, pk: int) -> AuditTemplate:
    found = checklists_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found
