"""Corrective actions (8D / SCAR) of suppliers: opened from a rejected lot, an audit finding, a
complaint or a field failure; D1–D7 by the supplier (or by the customer for a supplier outside
the platform), verification of effectiveness and closure (D8) by the customer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, Forbidden, may_work_as_supplier, may_write_supplier_records
from qualitas.suppliers.choices import (
    DISCIPLINES,
    ActionSource,
    ActionStatus,
    CauseCategory,
    LotDecision,
)
from qualitas.suppliers.models import CorrectiveAction, IncomingLot, Supplier, SupplierAudit
from qualitas.suppliers.services.common import SupplierError, audit, require_customer, today

#: Days the supplier has to close an 8D unless the customer sets another due date.
DEFAULT_DAYS = 30


def _next_number(supplier: Supplier, day: date) -> str:
    n = CorrectiveAction.objects.filter(supplier__customer_id=supplier.customer_id).count() + 1
    return f"8D-{day:%Y}-{n:04d}"


@transaction.atomic
def action_open(
    *,
    actor: Actor,
    supplier: Supplier,
    title: str,
    source: str,
    lot: IncomingLot | None = None,
    audit_obj: SupplierAudit | None = None,
    due_on: date | None = None,
    opened_on: date | None = None,
) -> CorrectiveAction:
    """Open an 8D for a supplier (the customer does)."""
    require_customer(actor, supplier.customer_id)
    if source not in ActionSource.values:
        raise SupplierError(_("unknown source %(s)s"), field="source", s=source)
    if not (title or "").strip():
        raise SupplierError(_("describe the problem"), field="title")
    if lot is not None:
        if lot.part.supplier_id != supplier.pk:
            raise SupplierError(_("the lot is not this supplier's"), field="lot")
        if lot.decision != LotDecision.REJECTED:
            raise SupplierError(_("only a rejected lot opens a corrective action"), field="lot")
    if audit_obj is not None and audit_obj.supplier_id != supplier.pk:
        raise SupplierError(_("the audit is not this supplier's"), field="audit")
    day = opened_on or today()
    due = due_on or day + timedelta(days=DEFAULT_DAYS)
    if due < day:
        raise SupplierError(_("the due date is before the opening date"), field="due_on")
    ca = CorrectiveAction.objects.create(
        supplier=supplier,
        number=_next_number(supplier, day),
        title=title.strip(),
        source=source,
        lot=lot,
        audit=audit_obj,
        opened_on=day,
        due_on=due,
    )
    audit(actor, "action_open", ca, number=ca.number, source=source, due_on=due)
    return ca


def action_open_from_lot(
    *, actor: Actor, lot: IncomingLot, opened_on: date | None = None
) -> CorrectiveAction:
    """An 8D for a rejected lot (its number and nonconforming count in the problem); the lot is
    read again (the caller's copy may predate its result)."""
    lot = IncomingLot.objects.select_related("part", "part__supplier").get(pk=lot.pk)
    existing = lot.actions.first()
    if existing is not None:
        return existing
    return action_open(
        actor=actor,
        supplier=lot.part.supplier,
        title=f"{lot.part.part_number} {lot.lot_number}: {lot.nonconforming}/{lot.sample_size}",
        source=ActionSource.REJECTED_LOT,
        lot=lot,
        opened_on=opened_on,
    )


def may_work_on(actor: Actor, ca: CorrectiveAction) -> bool:
    """D1–D7: the supplier's own users; for a supplier outside the platform, the customer."""
    s = ca.supplier
    if s.enterprise_id is not None:
        return may_work_as_supplier(actor, s.enterprise_id) or may_write_supplier_records(
            actor, s.customer_id
        )
    return may_write_supplier_records(actor, s.customer_id)


@transaction.atomic
def action_submit(
    *,
    actor: Actor,
    action: CorrectiveAction,
    discipline: int,
    owner: str,
    text: str,
    whys: list[str] | None = None,
    cause_category: str = "",
) -> CorrectiveAction:
    """Complete the next discipline D1–D7: its owner and record; D4 needs the 5 Why chain (at
    least one why) and a cause category (人机料法环测)."""
    ca = CorrectiveAction.objects.select_for_update().select_related("supplier").get(pk=action.pk)
    if not may_work_on(actor, ca):
        raise Forbidden
    if ca.status == ActionStatus.CLOSED:
        raise SupplierError(_("the corrective action is closed"), field="discipline")
    if discipline not in range(1, 8):
        raise SupplierError(
            _("D%(d)s is not completed here: D1 to D7 are, D8 is the customer's closure"),
            field="discipline",
            d=discipline,
        )
    if discipline != ca.step + 1:
        raise SupplierError(
            _("D%(d)s cannot be completed now: the next discipline is D%(next)s"),
            field="discipline",
            d=discipline,
            next=ca.step + 1,
        )
    if not (owner or "").strip():
        raise SupplierError(_("name the owner of this discipline"), field="owner")
    if not (text or "").strip():
        raise SupplierError(_("describe what was done"), field="text")
    if discipline == 4:
        chain = [w.strip() for w in (whys or []) if w and w.strip()]
        if not chain:
            raise SupplierError(_("give at least the first why of the 5 Why chain"), field="whys")
        if cause_category not in CauseCategory.values:
            raise SupplierError(
                _(
                    "choose the cause category (man, machine, material, method, environment, measurement)"
                ),
                field="cause_category",
            )
        ca.whys = chain[:5]
        ca.cause_category = cause_category
    ca.disciplines = {
        **ca.disciplines,
        f"D{discipline}": {"owner": owner.strip(), "text": text.strip(), "on": today().isoformat()},
    }
    ca.step = discipline
    if discipline == 7:
        ca.status = ActionStatus.VERIFICATION
    ca.save()
    audit(actor, "action_submit", ca, discipline=discipline, owner=owner.strip())
    return ca


@transaction.atomic
def action_verify(
    *, actor: Actor, action: CorrectiveAction, effective: bool, note: str
) -> CorrectiveAction:
    """The customer's verification of effectiveness after D7: effective, or back to D4."""
    ca = CorrectiveAction.objects.select_for_update().select_related("supplier").get(pk=action.pk)
    require_customer(actor, ca.supplier.customer_id)
    if ca.status != ActionStatus.VERIFICATION:
        raise SupplierError(
            _("verification follows D7: complete D1 to D7 first"), field="verification"
        )
    if not (note or "").strip():
        raise SupplierError(_("describe how effectiveness was verified"), field="verification")
    record = {"note": note.strip(), "on": today().isoformat(), "effective": bool(effective)}
    ca.disciplines = {**ca.disciplines, "verification": record}
    ca.effective = bool(effective)
    if not effective:
        ca.step = 3  # not effective: root cause again
        ca.status = ActionStatus.OPEN
    ca.save()
    audit(actor, "action_verify", ca, effective=bool(effective))
    return ca


@transaction.atomic
def action_close(
    *, actor: Actor, action: CorrectiveAction, note: str, closed_on: date | None = None
) -> CorrectiveAction:
    """D8: close — refused unless effectiveness was verified."""
    ca = CorrectiveAction.objects.select_for_update().select_related("supplier").get(pk=action.pk)
    require_customer(actor, ca.supplier.customer_id)
    if ca.status == ActionStatus.CLOSED:
        raise SupplierError(_("the corrective action is already closed"), field="status")
    if ca.step < 7 or ca.effective is not True:
        raise SupplierError(
            _("an 8D is closed only after its effectiveness is verified"), field="verification"
        )
    day = closed_on or today()
    ca.disciplines = {
        **ca.disciplines,
        "D8": {
            "owner": str(getattr(actor.user, "username", "")),
            "text": (note or "").strip(),
            "on": day.isoformat(),
        },
    }
    ca.step = 8
    ca.status = ActionStatus.CLOSED
    ca.closed_on = day
    ca.save()
    audit(actor, "action_close", ca, closed_on=day)
    return ca


def discipline_label(number: int) -> Any:
    return DISCIPLINES[number]
