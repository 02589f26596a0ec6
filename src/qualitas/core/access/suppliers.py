"""Access policies of supplier quality (incoming inspection, supplier audits, 8D, scorecards).

A customer enterprise's supplier records (its list, parts, lots, audits, corrective actions,
scorecards) are the customer's private rows: its own users read and write them; authority
officers whose regions contain the customer read them; admins all. A supplier that is an
enterprise in the registry sees its own records at each customer — and nothing of the
customer's other suppliers — and works on the corrective actions addressed to it.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, region_q
from qualitas.core.choices import Role

__all__ = [
    "may_manage_suppliers",
    "may_work_as_supplier",
    "may_write_supplier_records",
    "sees_suppliers",
    "supplier_records_q",
]

_NOTHING = Q(pk__in=[])


def sees_suppliers(actor: Actor) -> bool:
    """The supplier-quality pages are in the actor's navigation: enterprise users (as customer
    or as supplier), authority officers and admins."""
    return actor.role in (Role.ENTERPRISE, Role.AUTHORITY, Role.ADMIN)


def may_manage_suppliers(actor: Actor) -> bool:
    """Keep a supplier list (add suppliers, parts, receive lots): a customer's own users; admins."""
    return actor.role == Role.ADMIN or (actor.role == Role.ENTERPRISE and bool(actor.enterprise_id))


def may_write_supplier_records(actor: Actor, customer_id: int) -> bool:
    """Write the records of a customer's suppliers (lots, results, audits, 8D as customer):
    the customer's own users and admins. Officers read only."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == customer_id


def may_work_as_supplier(actor: Actor, supplier_enterprise_id: int | None) -> bool:
    """Work on one's own corrective actions at a customer: the supplier enterprise's users."""
    return (
        actor.role == Role.ENTERPRISE
        and supplier_enterprise_id is not None
        and actor.enterprise_id == supplier_enterprise_id
    )


def supplier_records_q(actor: Actor, *, prefix: str = "") -> Q:
    """Supplier rows (reached through ``prefix``, e.g. ``"part__supplier__"``) the actor may read:
    the customer's own and the supplier's own (enterprise users), those of customers in an
    officer's regions, all (admins)."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(**{f"{prefix}customer_id": actor.enterprise_id}) | Q(
            **{f"{prefix}enterprise_id": actor.enterprise_id}
        )
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=f"{prefix}customer__region__code")
    return _NOTHING
