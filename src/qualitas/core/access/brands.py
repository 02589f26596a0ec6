"""Access policies of brands: the brand database, evaluations and brand lists.

Published brands (their trademarks, evaluations in force, published lists and monitoring
signals, which are public facts) are seen by everyone. A draft brand is seen by its owner's users,
by authority officers whose regions contain the brand (a cluster's region, else the owner's),
and by admins. Brand officers (contacts) are private: the same people see them. An enterprise
registers enterprise and product brands it owns; authority officers register cluster brands of
their regions (and any brand there); evaluators, authority officers and admins evaluate;
enterprises nominate their own published brands to an open list, officers any published brand;
authority officers and admins review nominations (never their own) and publish lists.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q
from qualitas.core.choices import Role

__all__ = [
    "brands_visible_q",
    "may_edit_brand",
    "may_evaluate_brands",
    "may_keep_brand_methods",
    "may_nominate_brand",
    "may_publish_brand_lists",
    "may_register_brand",
    "may_review_nomination",
    "sees_brand_officers",
]


def brands_visible_q(actor: Actor) -> Q:
    """Brands the actor may see: published ones (everyone); drafts of one's own enterprise, of
    the officer's regions (the cluster's region or the owner's), all (admins)."""
    published = Q(status="published")
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return (
            published
            | region_q(actor, field="region__code")
            | region_q(actor, field="owner__region__code")
        )
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return published | Q(owner_id=actor.enterprise_id)
    return published


def may_register_brand(
    actor: Actor, *, kind: str, owner_id: int | None, region_code: str | None
) -> bool:
    """Register a brand: an enterprise its own enterprise or product brand; an authority
    officer any brand placed in its regions (clusters by their region); admins any."""
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ENTERPRISE:
        return kind != "cluster" and bool(owner_id) and actor.enterprise_id == owner_id
    return covers_region(actor, region_code)


def may_edit_brand(actor: Actor, *, owner_id: int | None, region_code: str | None) -> bool:
    """Edit a brand (trademarks, officers, members, publication): its owner's users, officers
    whose regions contain it, admins."""
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ENTERPRISE:
        return bool(owner_id) and actor.enterprise_id == owner_id
    return covers_region(actor, region_code)


def sees_brand_officers(actor: Actor, *, owner_id: int | None, region_code: str | None) -> bool:
    """The brand officers (contacts, private): those who may edit the brand."""
    return may_edit_brand(actor, owner_id=owner_id, region_code=region_code)


def may_evaluate_brands(actor: Actor) -> bool:
    """Record a brand evaluation: evaluators, authority officers, admins."""
    return actor.role in (Role.EVALUATOR, Role.AUTHORITY, Role.ADMIN)


def may_keep_brand_methods(actor: Actor) -> bool:
    """Define brand evaluation method versions: admins and authority officers."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_nominate_brand(actor: Actor, *, owner_id: int | None) -> bool:
    """Nominate a published brand to an open list: its owner's users, officers, admins."""
    if actor.role in (Role.ADMIN, Role.AUTHORITY):
        return True
    return actor.role == Role.ENTERPRISE and bool(owner_id) and actor.enterprise_id == owner_id


def may_review_nomination(actor: Actor, *, nominated_by_id: int | None) -> bool:
    """Review a nomination: authority officers and admins, never the one who nominated."""
    if actor.role not in (Role.ADMIN, Role.AUTHORITY):
        return False
    return actor.user is None or nominated_by_id != actor.user.pk


def may_publish_brand_lists(actor: Actor) -> bool:
    """Open and publish brand lists: authority officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)
