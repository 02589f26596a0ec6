"""A supplier's approval status: set by the customer, or by the classes of its scorecards
(the enterprise chooses which class sets conditional or blocked approval)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor
from qualitas.suppliers.choices import ApprovalStatus
from qualitas.suppliers.models import Supplier
from qualitas.suppliers.scorecards import Scorecard
from qualitas.suppliers.services.common import SupplierError, audit, require_customer

#: the classes a scorecard may give that can change approval, and the statuses each may set
CLASS_STATUSES: dict[str, tuple[str, ...]] = {
    "B": (ApprovalStatus.CONDITIONAL,),
    "C": (ApprovalStatus.CONDITIONAL, ApprovalStatus.BLOCKED),
}


@transaction.atomic
def supplier_set_status(*, actor: Actor, supplier: Supplier, status: str, reason: str) -> Supplier:
    """Set a supplier's approval (approved, conditional, blocked) with the reason, audited."""
    require_customer(actor, supplier.customer_id)
    if status not in ApprovalStatus.values:
        raise SupplierError(_("unknown approval status %(s)s"), field="status", s=status)
    if not (reason or "").strip():
        raise SupplierError(_("give the reason for the change of approval"), field="reason")
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    before = supplier.status
    supplier.status = status
    supplier.save(update_fields=["status"])
    audit(actor, "supplier_status", supplier, before=before, status=status, reason=reason.strip())
    return supplier


def check_class_policy(policy: Mapping[str, str]) -> dict[str, str]:
    """The enterprise's choice of the status each class sets (``{"C": "blocked"}``); empty
    values mean no change; anything else is refused with the class named."""
    out: dict[str, str] = {}
    for cls, status in policy.items():
        if not status:
            continue
        if cls not in CLASS_STATUSES:
            raise SupplierError(
                _("class %(c)s does not change approval: only B and C do"), field="classes", c=cls
            )
        if status not in CLASS_STATUSES[cls]:
            raise SupplierError(
                _("class %(c)s cannot set the status %(s)s"), field="classes", c=cls, s=status
            )
        out[cls] = status
    return out


@transaction.atomic
def scorecards_apply_classes(
    *,
    actor: Actor,
    customer_id: int,
    cards: Iterable[Scorecard],
    policy: Mapping[str, str],
    period: str,
) -> list[tuple[Supplier, str, str]]:
    """Set each supplier whose scorecard class the policy names to the status it gives (a
    blocked supplier is never raised to conditional by it); returns (supplier, before, after)
    for each change. The reason recorded names the class and the period."""
    require_customer(actor, customer_id)
    chosen = check_class_policy(policy)
    by_supplier = {c.supplier_id: c for c in cards if c.score_class in chosen}
    changes: list[tuple[Supplier, str, str]] = []
    for s in Supplier.objects.filter(customer_id=customer_id, pk__in=by_supplier).order_by("code"):
        card = by_supplier[s.pk]
        target = chosen[card.score_class]
        if s.status == target or (
            s.status == ApprovalStatus.BLOCKED and target == ApprovalStatus.CONDITIONAL
        ):
            continue
        before = s.status
        reason = f"scorecard class {card.score_class} ({card.score:.1f}), {period}"
        supplier_set_status(actor=actor, supplier=s, status=target, reason=reason)
        s.status = target
        changes.append((s, before, target))
    return changes


def scorecard_options(
    given: Mapping[str, float | None],
) -> tuple[dict[str, float] | None, dict[str, float]]:
    """The weights (``w_<component>``) and limits an enterprise asked for, over the defaults;
    a bad one is refused with its field named. Weights: all given or none (the defaults)."""
    from qualitas.suppliers.scorecards import DEFAULT_LIMITS, DEFAULT_WEIGHTS, check_limits

    asked = {k: given.get(f"w_{k}") for k in DEFAULT_WEIGHTS}
    weights: dict[str, float] | None = None
    if any(v is not None for v in asked.values()):
        weights = {k: float(v or 0) for k, v in asked.items()}
        for k, v in weights.items():
            if v < 0:
                raise SupplierError(_("a weight cannot be negative"), field=f"w_{k}")
        if not any(weights.values()):
            raise SupplierError(_("give at least one weight above 0"), field="w_ppm")
    try:
        limits = check_limits({k: given.get(k) for k in DEFAULT_LIMITS})
    except ValueError as exc:
        raise SupplierError(_("not a valid limit"), field=str(exc)) from None
    return weights, limits
