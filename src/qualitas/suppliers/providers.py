"""Contributions of supplier quality through ``core.providers`` (ADR 0007): evaluation evidence
(an enterprise's own supplier management: incoming inspection, audits, 8Ds) and a credit factor
(an enterprise's lot acceptance at its customers on the platform); the leader's scorecards in
the evaluation's chain view. Reads only this app's models,
a fixed number of queries per enterprise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, may_manage_suppliers
from qualitas.core.providers import (
    ChainRow,
    ChainSection,
    CreditFactor,
    EvidenceOffer,
    chain_provider,
    credit_provider,
    evidence_provider,
)
from qualitas.suppliers.choices import ActionStatus, ApprovalStatus, AuditStatus, LotDecision
from qualitas.suppliers.models import CorrectiveAction, IncomingLot, Supplier, SupplierAudit

SOURCE = "suppliers"
CREDIT_YEARS = 3


@evidence_provider
def supplier_management_evidence(enterprise_id: int) -> Iterator[EvidenceOffer]:
    """The enterprise as customer: lots inspected and PPM, process audits, 8Ds closed (all time)."""
    lots = IncomingLot.objects.filter(part__supplier__customer_id=enterprise_id).exclude(
        decision=LotDecision.PENDING
    )
    agg = lots.aggregate(
        n=Count("pk"),
        rejected=Count("pk", filter=Q(decision=LotDecision.REJECTED)),
        inspected=Sum("sample_size"),
        nc=Sum("nonconforming"),
    )
    audits = SupplierAudit.objects.filter(
        supplier__customer_id=enterprise_id, status=AuditStatus.COMPLETED
    ).count()
    acts = CorrectiveAction.objects.filter(supplier__customer_id=enterprise_id).aggregate(
        n=Count("pk"), closed=Count("pk", filter=Q(status=ActionStatus.CLOSED))
    )
    if not (agg["n"] or audits or acts["n"]):
        return
    ppm = round(1_000_000 * (agg["nc"] or 0) / agg["inspected"]) if agg["inspected"] else 0
    yield EvidenceOffer(
        topic="supplier_quality",
        text=_(
            "Incoming inspection by GB/T 2828.1: %(n)d lots decided, %(rejected)d rejected, "
            "%(ppm)d PPM; %(audits)d supplier process audits completed; %(closed)d of %(acts)d "
            "8D corrective actions closed"
        )
        % {
            "n": agg["n"],
            "rejected": agg["rejected"],
            "ppm": ppm,
            "audits": audits,
            "closed": acts["closed"],
            "acts": acts["n"],
        },
        source_app=SOURCE,
        # default framework: incoming inspection and supplier list, supplier evaluation, process
        # audits of suppliers, an electronic supplier-quality ledger, problems handled online
        requirement_codes=("D1.07.L2", "D1.07.L3", "D1.07.L4", "D2.04.L2", "D2.04.L4"),
        url="/suppliers/",
    )


@credit_provider
def supplier_lot_acceptance_credit(enterprise_id: int, as_of: date) -> Iterator[CreditFactor]:
    """The enterprise as supplier: share of its lots accepted on incoming inspection by its
    customers on the platform in the three years up to ``as_of``; ``None`` without any lot."""
    since = as_of - timedelta(days=365 * CREDIT_YEARS)
    agg = (
        IncomingLot.objects.filter(
            part__supplier__enterprise_id=enterprise_id,
            received_on__gt=since,
            received_on__lte=as_of,
        )
        .exclude(decision=LotDecision.PENDING)
        .aggregate(n=Count("pk"), ok=Count("pk", filter=Q(decision=LotDecision.ACCEPTED)))
    )
    label = _("Lot acceptance at customers")
    if not agg["n"]:
        yield CreditFactor(
            key="supplier_lot_acceptance",
            label=label,
            value=None,
            explanation=_("no lot inspected by a customer on the platform in the last three years"),
            source_app=SOURCE,
            as_of=as_of,
        )
        return
    yield CreditFactor(
        key="supplier_lot_acceptance",
        label=label,
        value=agg["ok"] / agg["n"],
        explanation=_("%(ok)d of %(n)d lots accepted on incoming inspection by customers")
        % {"ok": agg["ok"], "n": agg["n"]},
        source_app=SOURCE,
        as_of=as_of,
    )


@chain_provider
def scorecard_chain_section(actor: Actor, leader_id: int) -> Iterator[ChainSection]:
    """The leader's supplier scorecards of the last twelve months (default weights and limits)
    for its chain view: its own records, the customer's users only."""
    from qualitas.suppliers.selectors import scorecards

    if not (may_manage_suppliers(actor) and actor.enterprise_id == leader_id):
        return
    end = timezone.localdate()
    cards = scorecards(
        actor=actor, customer_id=leader_id, start=end.replace(year=end.year - 1), end=end
    )
    if not cards:
        return
    info = {
        pk: (ent, status)
        for pk, ent, status in Supplier.objects.filter(customer_id=leader_id).values_list(
            "pk", "enterprise_id", "status"
        )
    }
    labels = dict(ApprovalStatus.choices)
    cards.sort(key=lambda c: (c.score is None, c.score or 0, c.code))  # weakest first
    yield ChainSection(
        key="suppliers.scorecards",
        title=_("Supplier scorecards (last twelve months)"),
        columns=(
            _("Score"),
            _("Class"),
            _("Incoming PPM"),
            _("Lot rejection rate"),
            _("On-time delivery rate"),
            _("Approval status"),
        ),
        rows=tuple(
            ChainRow(
                enterprise_id=info[c.supplier_id][0],
                name=c.name,
                values=(
                    None if c.score is None else round(c.score, 1),
                    c.score_class or None,
                    None if c.ppm is None else round(c.ppm),
                    None if c.rejection_rate is None else f"{100 * c.rejection_rate:.1f} %",
                    None if c.on_time_rate is None else f"{100 * c.on_time_rate:.1f} %",
                    labels[info[c.supplier_id][1]],
                ),
                url=reverse("suppliers:supplier", kwargs={"supplier_pk": c.supplier_id}),
            )
            for c in cards
        ),
        source_app=SOURCE,
        note=_(
            "Figures from your own incoming inspection, audits and 8Ds; a supplier's level is "
            "shown only where it consented to share it."
        ),
        url=reverse("suppliers:scorecards"),
    )
