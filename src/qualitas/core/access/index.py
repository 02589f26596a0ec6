"""Access policies of the quality index, map and early warnings.

Published cells are public statistics. The private detail of a cell (how many enterprises,
raw counts), warnings and the enterprises behind them, and warning rules go to authority
officers for their own regions and to admins. Methodology versions are maintained by admins.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q
from qualitas.core.choices import Role

__all__ = [
    "index_home_province",
    "may_configure_rule_region",
    "may_edit_rule",
    "may_manage_methodology",
    "may_recompute_index",
    "may_see_region_detail",
    "may_see_warning",
    "may_supervise_index",
    "rule_region_prefixes",
    "rules_visible_q",
    "warning_enterprises_q",
    "warnings_visible_q",
]

_NOTHING = Q(pk__in=[])


def may_manage_methodology(actor: Actor) -> bool:
    """Create, edit, publish methodology versions and see drafts: admins."""
    return actor.role == Role.ADMIN


def may_supervise_index(actor: Actor) -> bool:
    """The supervisor's side of the index (warnings, rules, recompute, targets): authority
    officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_recompute_index(actor: Actor) -> bool:
    """Start a recomputation of the index: authority officers and admins."""
    return may_supervise_index(actor)


def may_see_region_detail(actor: Actor, region: str) -> bool:
    """Private detail of a region's cells (enterprise counts, open alerts): authority officers
    of that region, admins. Nobody but admins sees it for the nation."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region)


def may_see_warning(actor: Actor, region: str) -> bool:
    """See and acknowledge a warning of ``region``: authority officers of it, admins."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region)


def warnings_visible_q(actor: Actor, *, field: str = "region") -> Q:
    """Filter on warnings the actor may see (admins all; officers their regions; else none)."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=field)
    return _NOTHING


def warning_enterprises_q(actor: Actor, *, field: str = "region__code") -> Q:
    """Filter on the enterprises behind a visible warning: officers only those in their regions."""
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=field)
    if actor.role == Role.ADMIN:
        return Q()
    return _NOTHING


def rules_visible_q(actor: Actor) -> Q:
    """Filter on warning rules: admins all; officers the national ones and their regions'."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return Q(region_prefix="") | region_q(actor, field="region_prefix")
    return _NOTHING


def may_edit_rule(actor: Actor, region_prefix: str) -> bool:
    """Change a warning rule: admins any; officers only rules of their own regions (not the
    national ones, whose prefix is empty)."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region_prefix)


def may_configure_rule_region(actor: Actor, region_prefix: str) -> bool:
    """Give a rule this region prefix: admins any (empty: the whole country); officers a
    non-empty prefix within their regions."""
    return may_edit_rule(actor, region_prefix)


def rule_region_prefixes(actor: Actor) -> tuple[str, ...]:
    """The region prefixes an officer's rules may start with (shown on the rules page)."""
    return actor.province_prefixes if actor.role == Role.AUTHORITY else ()


def index_home_province(actor: Actor) -> str | None:
    """The province an officer's dashboard opens on (their first region's), else None."""
    if actor.role == Role.AUTHORITY and actor.region_codes:
        return actor.region_codes[0][:2] + "0000"
    return None
