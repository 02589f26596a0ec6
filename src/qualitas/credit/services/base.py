"""What every credit service shares: the domain error, the audit entry, today, a required field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError

__all__ = ["CreditError"]


class CreditError(DomainError):
    """A credit request refused for a reason the user can fix."""


def _audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"credit.{action}",
        model=f"credit.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes={
            k: (v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v)
            for k, v in changes.items()
        },
    )


def _today() -> date:
    return timezone.localdate()


def _required(value: Any, *, field: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CreditError(_("This field is required."), field=field)
