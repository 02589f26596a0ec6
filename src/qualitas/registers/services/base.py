"""What the register services share: the error, the audit line, region and access checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_keep_region_entry, may_keep_registers
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError
from qualitas.registers.choices import EntryStatus
from qualitas.registry.models import Region


class RegisterError(DomainError):
    """A register request refused for a reason the user can fix."""


def audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"registers.{action}",
        model=f"registers.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes={k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()},
    )


def require_keeper(actor: Actor) -> None:
    """Only officers and admins keep registers; others get "not found"."""
    if not may_keep_registers(actor):
        raise NotFound


def region_for(actor: Actor, code: str | None, *, field: str = "region") -> Region:
    """The region an entry is kept for: it exists and the actor covers it."""
    code = (code or "").strip()
    if not code:
        raise RegisterError(_("Give the region (GB/T 2260 code)."), field=field)
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise RegisterError(_("Unknown region %(code)s."), field=field, code=code)
    if not may_keep_region_entry(actor, region.code):
        raise RegisterError(
            _("Region %(code)s is outside the regions you keep."), field=field, code=code
        )
    return region


def require_text(value: str, field: str, label: Any) -> str:
    value = (value or "").strip()
    if not value:
        raise RegisterError(_("%(label)s is required."), field=field, label=label)
    return value


def publish(actor: Actor, entry: Any) -> None:
    """Publish a draft or withdrawn entry the actor keeps."""
    if not may_keep_region_entry(actor, entry.region_id):
        raise NotFound
    if entry.status == EntryStatus.PUBLISHED:
        raise RegisterError(_("This entry is already published."), field="status")
    entry.status = EntryStatus.PUBLISHED
    entry.published_at = timezone.now()
    entry.save(update_fields=["status", "published_at"])
    audit(actor, f"{type(entry).__name__.lower()}.publish", entry)


def withdraw(actor: Actor, entry: Any) -> None:
    """Withdraw a published entry (it leaves the public register; the record stays)."""
    if not may_keep_region_entry(actor, entry.region_id):
        raise NotFound
    if entry.status != EntryStatus.PUBLISHED:
        raise RegisterError(_("Only a published entry can be withdrawn."), field="status")
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status"])
    audit(actor, f"{type(entry).__name__.lower()}.withdraw", entry)
