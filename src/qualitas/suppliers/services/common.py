"""What the services of supplier quality share: the error type, the audit-chain entry, the
customer check and today."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from qualitas.core.access import Actor, Forbidden, may_write_supplier_records
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError


class SupplierError(DomainError):
    """A supplier-quality request refused for a reason the user can fix."""


def audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"suppliers.{action}",
        model=f"suppliers.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes={k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()},
    )


def today() -> date:
    return timezone.localdate()


def require_customer(actor: Actor, customer_id: int) -> None:
    if not may_write_supplier_records(actor, customer_id):
        raise Forbidden
