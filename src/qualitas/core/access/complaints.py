"""Access policies of consumer complaints and common-problem warnings (PIPL).

Anyone may file a complaint (no account) and follow it through its secret tracking link. The
public sees statistics and published warnings only, never an individual complaint. Complaints
go to the authority officers whose regions contain the complaint's region: they are the
handlers, the only ones who see the complainant's contact unmasked. Admins see every complaint
with the contact masked; an enterprise's users see the complaints routed to their enterprise,
contact masked, and respond to them. Warnings before publication go to the officers of their
region and to admins; officers of the region confirm, publish or dismiss them.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q
from qualitas.core.choices import Role

__all__ = [
    "complaints_visible_q",
    "may_decide_warning",
    "may_handle_complaint",
    "may_respond_to_complaint",
    "may_see_complaint_contact",
    "may_work_on_complaints",
    "problem_warnings_visible_q",
]

_NOTHING = Q(pk__in=[])


def may_work_on_complaints(actor: Actor) -> bool:
    """The complaint desk (lists, warnings): authority officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def complaints_visible_q(actor: Actor) -> Q:
    """Complaints the actor may open: officers their regions', admins all, an enterprise's
    users those routed to it; the public none."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="region__code")
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return _NOTHING


def may_handle_complaint(actor: Actor, region_code: str | None) -> bool:
    """Route, escalate or reject a complaint of ``region_code``: officers whose regions contain it."""
    return covers_region(actor, region_code)


def may_see_complaint_contact(actor: Actor, region_code: str | None) -> bool:
    """The complainant's contact unmasked: the handler only (not admins, not the enterprise)."""
    return may_handle_complaint(actor, region_code)


def may_respond_to_complaint(actor: Actor, enterprise_id: int | None) -> bool:
    """Respond to a routed complaint: the enterprise's own users."""
    return (
        actor.role == Role.ENTERPRISE
        and enterprise_id is not None
        and actor.enterprise_id == enterprise_id
    )


def problem_warnings_visible_q(actor: Actor) -> Q:
    """Warnings: published ones (everyone); the others of the officer's regions; all (admins)."""
    published = Q(status="published")
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return published | region_q(actor, field="region__code")
    return published


def may_decide_warning(actor: Actor, region_code: str | None) -> bool:
    """Confirm, publish or dismiss a warning of ``region_code``: officers whose regions contain it."""
    return covers_region(actor, region_code)
