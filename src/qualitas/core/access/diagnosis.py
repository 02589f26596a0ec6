"""Access policies of problem diagnosis (characteristics, measurements, studies, alerts, gateway ingest).

Diagnosis rows (characteristics, measurements, data sets, studies, alerts, capability
summaries) are an enterprise's private quality data: its own users and admins read and write
them; parties the enterprise granted the ``quality_data`` consent read them. Authority officers
see no rows at all, only the aggregates for their regions (quality monitoring).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qualitas.core.access.base import Actor, Forbidden, enterprise_private_q
from qualitas.core.choices import ConsentScope, Role

__all__ = [
    "diagnosis_enterprise_for",
    "may_see_quality_monitoring",
    "may_use_diagnosis",
    "may_write_quality_data",
    "own_enterprise_id",
    "quality_data_q",
    "sees_quality_aggregates_only",
]


def own_enterprise_id(actor: Actor) -> int | None:
    """The enterprise an enterprise user belongs to; None for every other role (and for an enterprise user without one)."""
    return actor.enterprise_id if actor.role == Role.ENTERPRISE else None


def sees_quality_aggregates_only(actor: Actor) -> bool:
    """Authority officers see diagnosis only as counts for their regions, never a row."""
    return actor.role == Role.AUTHORITY


def may_use_diagnosis(actor: Actor) -> bool:
    """The diagnosis pages are for users of an enterprise and for admins."""
    return actor.role == Role.ADMIN or own_enterprise_id(actor) is not None


def may_write_quality_data(actor: Actor, enterprise_id: int) -> bool:
    """Who may change an enterprise's diagnosis data (characteristics, frozen limits, measurements,
    data sets, studies, alert acknowledgements, its lists of causes and actions): its own users
    and admins. A consent lets others read, never write."""
    return actor.role == Role.ADMIN or (
        own_enterprise_id(actor) is not None and actor.enterprise_id == enterprise_id
    )


def may_see_quality_monitoring(actor: Actor) -> bool:
    """The aggregates of quality monitoring (open alerts, Cpk < 1.0 per enterprise and industry):
    authority officers for their regions, admins for all."""
    return actor.role in (Role.AUTHORITY, Role.ADMIN)


def quality_data_q(actor: Actor, *, prefix: str = "enterprise") -> Q:
    """Filter on rows whose enterprise's quality data the actor may read (``prefix``: the path to the
    enterprise). Never authorities (aggregates only) nor the public."""
    if sees_quality_aggregates_only(actor) or actor.is_public:
        return Q(pk__in=[])
    return enterprise_private_q(actor, scope=ConsentScope.QUALITY_DATA, prefix=prefix)


def diagnosis_enterprise_for(actor: Actor, requested: int | None) -> int | None:
    """The enterprise whose diagnosis data a request works on: an enterprise user's own (whatever
    was asked for), an admin's choice (``requested``, None when the admin named none). Anyone
    else is refused (:class:`Forbidden`)."""
    if actor.role == Role.ADMIN:
        return requested
    own = own_enterprise_id(actor)
    if own is None:
        raise Forbidden(_("Only enterprise users and administrators keep diagnosis data."))
    return own
