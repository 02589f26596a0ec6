"""Access policies of the registry (enterprises, products, sites, contacts, imports).

Who may edit which enterprise is :func:`~qualitas.core.access.base.can_edit_enterprise`; who may
import at all, :func:`~qualitas.core.access.base.can_import`. This module adds where an
enterprise may be put (created, moved, imported) and the one way to filter by a region code of
any level.
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
    "is_own_enterprise",
    "may_delete_enterprise",
    "may_import_row",
    "may_place_enterprise_in",
    "may_register_enterprise",
    "may_see_registry_stats",
    "region_prefix",
    "region_within",
    "region_within_q",
    "regions_editable_q",
]


def region_prefix(code: str) -> str:
    """The leading digits a GB/T 2260 code shares with every division inside it.

    A province ``330000`` → ``33``, a city ``330100`` → ``3301``, a county ``330106`` →
    ``330106``; anything that is not six digits is taken as a prefix already (``33``).
    """
    code = str(code or "").strip()
    if len(code) == 6 and code.isdigit():
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def region_within(code: str | None, region: str) -> bool:
    """``code`` lies in ``region`` (a province, a city or a county code, or a prefix)."""
    prefix = region_prefix(region)
    return bool(code) and bool(prefix) and str(code).startswith(prefix)


def region_within_q(region: str, *, field: str = "region__code") -> Q:
    """Filter on records whose region (``field``) lies in ``region`` of any level; empty: all."""
    prefix = region_prefix(region)
    return Q(**{f"{field}__startswith": prefix}) if prefix else Q()


def may_register_enterprise(actor: Actor) -> bool:
    """Register new enterprises from the pages and the API: admins and authority officers."""
    return can_edit_enterprise(actor, None)


def may_place_enterprise_in(actor: Actor, region_code: str | None) -> bool:
    """Create an enterprise in, or move one to, ``region_code``: authority officers only within
    their regions; admins and an enterprise's own users (for itself) anywhere."""
    if actor.role == Role.AUTHORITY:
        return covers_region(actor, region_code)
    return True


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
