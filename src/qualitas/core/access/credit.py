"""Access policies of integrity and quality credit.

Published penalty and misconduct records in their publicity period, published list entries in
their term, the methodology and an enterprise's class are public. Authority officers record,
approve and publish records and list entries of their regions (two people: the one who entered
a record may not approve or publish it) and decide credit repairs of their regions. An
enterprise's own users see their records in every state, apply for repair and see the full
rating explanation; so do officers of its region, admins, and a partner (bank) holding the
enterprise's ``credit_report`` consent (each read audited). Banks record loan decisions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qualitas.core.access.base import Actor, can_see_private, covers_region, region_q
from qualitas.core.choices import ConsentScope, Role

__all__ = [
    "appeals_visible_q",
    "credit_records_visible_q",
    "may_appeal_rating",
    "may_decide_appeal",
    "may_edit_credit_methodology",
    "may_publish_credit_methodology",
    "may_apply_repair",
    "may_decide_repair",
    "may_enter_credit_records",
    "may_manage_credit_record",
    "may_publish_credit_record",
    "may_read_credit_report",
    "may_record_loan",
    "may_see_loan_statistics",
    "repairs_visible_q",
    "sees_credit_desk",
]

_NOTHING = Q(pk__in=[])


def may_enter_credit_records(actor: Actor) -> bool:
    """Enter penalty and misconduct records, list entries and SAMR classes: officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def sees_credit_desk(actor: Actor) -> bool:
    """The credit desk (records in every state, repairs to decide): officers and admins."""
    return may_enter_credit_records(actor)


def may_manage_credit_record(actor: Actor, region_code: str | None) -> bool:
    """Work on a record or list entry decided in ``region_code``: admins; officers covering it."""
    if actor.role == Role.ADMIN:
        return True
    return covers_region(actor, region_code)


def may_publish_credit_record(actor: Actor, region_code: str | None, created_by_id: Any) -> bool:
    """Approve or publish: one who may manage the record and did not enter it (two people)."""
    return may_manage_credit_record(actor, region_code) and created_by_id != getattr(
        actor.user, "pk", None
    )


def credit_records_visible_q(actor: Actor, *, prefix: str = "") -> Q:
    """Records (or list entries) the actor sees in every state: admins all; officers those decided
    in their regions; an enterprise's users their own. Published ones in publicity are public
    and read through the public selectors."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=f"{prefix}region__code")
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(**{f"{prefix}enterprise_id": actor.enterprise_id})
    return _NOTHING


def repairs_visible_q(actor: Actor) -> Q:
    """Repairs the actor sees: admins all; officers those of records or listings of their
    regions; an enterprise's users their own."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="record__region__code") | region_q(
            actor, field="listing__region__code"
        )
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return _NOTHING


def may_apply_repair(actor: Actor, enterprise_id: int) -> bool:
    """Apply for credit repair: the enterprise's own users."""
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise_id


def may_decide_repair(actor: Actor, region_code: str | None) -> bool:
    """Decide a repair: the authority that decided the record or listing (officers covering its
    region) and admins."""
    return may_manage_credit_record(actor, region_code)


def may_read_credit_report(actor: Actor, enterprise: Any) -> bool:
    """The full rating explanation and history of one enterprise: its own users, officers of its
    region, admins, and anyone it granted the ``credit_report`` consent (a bank: audited)."""
    return can_see_private(actor, enterprise, scope=ConsentScope.CREDIT_REPORT)


def may_record_loan(actor: Actor) -> bool:
    """Record a loan decision citing a rating: partners (banks)."""
    return actor.role == Role.PARTNER and actor.user is not None


def may_see_loan_statistics(actor: Actor) -> bool:
    """Quality-credit lending by region and industry: officers (their regions) and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_appeal_rating(actor: Actor, enterprise_id: int) -> bool:
    """Appeal a quality credit rating: the enterprise's own users."""
    return may_apply_repair(actor, enterprise_id)


def may_decide_appeal(actor: Actor, region_code: str | None) -> bool:
    """Decide an appeal of a rating: officers covering the enterprise's region, admins."""
    return may_manage_credit_record(actor, region_code)


def appeals_visible_q(actor: Actor) -> Q:
    """Appeals the actor sees: admins all; officers those of enterprises of their regions; an
    enterprise's users their own."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="enterprise__region__code")
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    return _NOTHING


def may_edit_credit_methodology(actor: Actor) -> bool:
    """Draft and validate quality credit methodology versions and see drafts: officers, admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_publish_credit_methodology(actor: Actor, created_by_id: Any) -> bool:
    """Publish a methodology version: one who may edit it and did not draft it (two people)."""
    return may_edit_credit_methodology(actor) and created_by_id != getattr(actor.user, "pk", None)
