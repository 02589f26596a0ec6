"""Access policies of the authority's registers (laboratories, cases, pilots, lists, scenarios,
training, annual plans and work summaries).

Published entries are public. Officers keep the entries of the regions they cover (drafts,
withdrawn entries, plans and summaries before publication); admins keep all. A published work
summary is public; its draft only for the officers of its region and admins.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q, region_within
from qualitas.core.choices import Role

__all__ = [
    "may_keep_registers",
    "may_keep_region_entry",
    "region_contains",
    "register_entries_visible_q",
]


def may_keep_registers(actor: Actor) -> bool:
    """Keep the registers (create, edit, publish, compile summaries): officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_keep_region_entry(actor: Actor, region_code: str | None) -> bool:
    """Work on an entry kept for ``region_code``: admins any; officers whose regions contain it."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region_code)


def register_entries_visible_q(actor: Actor, *, field: str = "region__code") -> Q:
    """Entries the actor may see: published ones (everyone); every state of the officer's
    regions; all (admins)."""
    published = Q(status="published")
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return published | region_q(actor, field=field)
    return published


def region_contains(area_code: str, code: str | None) -> bool:
    """Region ``code`` lies in ``area_code`` (a work summary's figures are those of its region)."""
    return region_within(code, area_code)
