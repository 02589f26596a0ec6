"""Access policies of the registry (enterprises, products, sites, contacts, imports).

Who may edit which enterprise is :func:`~qualitas.core.access.base.can_edit_enterprise`; who may
import at all, :func:`~qualitas.core.access.base.can_import`. This module adds where an
enterprise may be put (created, moved, imported). Filtering by a region code of any level is
``region_within_q`` (in ``core.access.evaluation``, shared).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from qualitas.core.access.base import (
    Actor,
    can_edit_enterprise,
    can_import,
    covers_region,
    region_q,
)
from qualitas.core.choices import Role

if TYPE_CHECKING:
    from qualitas.registry.models import Enterprise

__all__ = [
    "JURISDICTION_FIELDS",
    "is_own_enterprise",
    "may_change_jurisdiction",
    "may_delete_enterprise",
    "may_import_row",
    "may_place_enterprise_in",
    "may_register_enterprise",
    "may_see_registry_stats",
    "regions_editable_q",
]


def may_register_enterprise(actor: Actor) -> bool:
    """Register new enterprises from the pages and the API: admins and authority officers."""
    return can_edit_enterprise(actor, None)


def may_place_enterprise_in(actor: Actor, region_code: str | None) -> bool:
    """Create an enterprise in, or move one to, ``region_code``: authority officers only within
    their regions; admins and an enterprise's own users (for itself) anywhere."""
    if actor.role == Role.AUTHORITY:
        return covers_region(actor, region_code)
    return True


# Fields that decide who supervises an enterprise, or its legal standing (issue 16 §7): the region
# (and through it the province), the status (deregistered, suspended) and the credit code.
JURISDICTION_FIELDS = ("region_id", "status", "credit_code")


def may_change_jurisdiction(actor: Actor, enterprise: Enterprise) -> bool:
    """Change an enterprise's region, status or credit code: its authority (within its regions)
    and admins — never the enterprise's own users, who would otherwise move themselves out of
    their authority's reach."""
    if actor.role not in (Role.AUTHORITY, Role.ADMIN):
        return False
    return can_edit_enterprise(actor, enterprise)


def may_import_row(actor: Actor, region_code: str | None) -> bool:
    """One row of a bulk import: the actor may import, and may put an enterprise in its region."""
    if not can_import(actor):
        return False
    return not region_code or may_place_enterprise_in(actor, region_code)


def may_delete_enterprise(actor: Actor) -> bool:
    """Deleting an enterprise outright is for admins (others set its status to deregistered)."""
    return actor.role == Role.ADMIN


def may_see_registry_stats(actor: Actor) -> bool:
    """The aggregate counts page: authority officers (their regions) and admins."""
    return actor.role in (Role.AUTHORITY, Role.ADMIN)


def is_own_enterprise(actor: Actor, enterprise: Enterprise) -> bool:
    """The actor is a user of ``enterprise`` itself (manages its consents)."""
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk


def regions_editable_q(actor: Actor, *, field: str = "code") -> Q:
    """Regions an enterprise may be put in by the actor (a filter on :class:`Region`):
    authority officers their own regions, everyone else every region."""
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=field)
    return Q()
