"""Access policies of supervision spot-checks.

Published campaigns (their qualified, unqualified and refusal lists and the summary) are public.
Campaigns before publication, their samples and the draw's working data go to authority officers
whose regions contain the organising region (national campaigns: admins) and to admins. An
enterprise's users see their own enterprise's samples: they confirm the sampling record and may
object to a result. Publication needs a second officer: the one who submitted may not publish.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q
from qualitas.core.choices import Role

__all__ = [
    "campaigns_visible_q",
    "inspector_pool_q",
    "may_act_for_sample",
    "may_manage_campaign",
    "may_publish_campaign",
    "may_run_spot_checks",
    "samples_visible_q",
]

_NOTHING = Q(pk__in=[])


def may_run_spot_checks(actor: Actor) -> bool:
    """Plan campaigns, draw, record samples and results: authority officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_manage_campaign(actor: Actor, region_code: str | None) -> bool:
    """Work on a campaign organised in ``region_code``: admins any; officers whose regions
    contain it (a national campaign, ``None``, is the admins')."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region_code)


def may_publish_campaign(actor: Actor, region_code: str | None, submitted_by_id: Any) -> bool:
    """Publish a submitted campaign: one who may manage it and did not submit it (two people)."""
    return may_manage_campaign(actor, region_code) and submitted_by_id != getattr(
        actor.user, "pk", None
    )


def campaigns_visible_q(actor: Actor) -> Q:
    """Campaigns the actor may see in full: published ones (everyone), unpublished ones of the
    officer's regions, all (admins)."""
    published = Q(status="published")
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return published | region_q(actor, field="region__code")
    return published


def samples_visible_q(actor: Actor) -> Q:
    """Samples (with their working records) the actor may see: admins all; officers those of
    campaigns of their regions; an enterprise's users their own enterprise's; nobody else."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="campaign__region__code")
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return _NOTHING


def may_act_for_sample(actor: Actor, enterprise_id: int) -> bool:
    """Confirm the sampling record or object to a result: the sampled enterprise's own users."""
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise_id


def inspector_pool_q() -> Q:
    """Users who may be drawn as inspectors of a campaign (filter on users): active authority
    officers; the service keeps those whose regions contain the campaign's."""
    return Q(profile__role=Role.AUTHORITY, is_active=True)
