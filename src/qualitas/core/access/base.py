"""The base of access: the actor, the two refusals and the row/aggregate/consent filters.

Three kinds of access:

* **row** — an enterprise's private rows are visible to its own users, to authority officers
  whose regions contain it, and to admins;
* **aggregate** — authority officers see counts and statistics for their regions, never raw
  private rows of enterprises outside them;
* **consent** — an enterprise grants a user, an institution or another enterprise (every
  enterprise user of it) a view of named data (:class:`~qualitas.core.choices.ConsentScope`)
  and can withdraw it.

Views and API endpoints never query scoped models directly: they call the accessors here or
the selectors built on them. A refused access raises :class:`NotFound`, exactly as a missing
record does, so that "not found" and "not allowed" look the same from outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

from qualitas.core.choices import PUBLIC, Role

if TYPE_CHECKING:
    from qualitas.registry.models import Enterprise

_M = TypeVar("_M", bound=Model)

__all__ = [
    "Actor",
    "Forbidden",
    "NotFound",
    "actor_for",
    "aggregate_scope",
    "can_edit_enterprise",
    "can_import",
    "can_see_private",
    "covers_region",
    "enterprise_private_q",
    "enterprise_region_q",
    "is_admin",
    "may_manage_consents",
    "may_see_job",
    "region_prefix",
    "region_q",
    "region_within",
    "region_within_q",
    "role_grants_admin_site",
    "role_is_valid",
    "role_needs",
]


class NotFound(Exception):
    """The record does not exist, or the user may not see it (deliberately indistinguishable)."""


class Forbidden(Exception):
    """The user may see the record but not perform this action."""


@dataclass(frozen=True)
class Actor:
    """The resolved identity of a request: role plus scope."""

    user: Any
    role: str
    enterprise_id: int | None = None
    institution_id: int | None = None
    region_codes: tuple[str, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.role == PUBLIC

    @property
    def province_prefixes(self) -> tuple[str, ...]:
        """Region codes as prefixes: a province ``330000`` covers ``33xxxx``; a city its own code."""
        return tuple(region_prefix(code) for code in self.region_codes)


def region_prefix(area_code: str) -> str:
    """The prefix every region inside ``area_code`` starts with (GB/T 2260: a province ``330000``
    contains ``33xxxx``, a city ``330100`` contains ``3301xx``, a county ``330106`` only itself)."""
    code = str(area_code)
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_within(code: str | None, area_code: str) -> bool:
    """Region ``code`` lies in ``area_code`` (a province contains its cities and counties)."""
    return bool(code) and str(code).startswith(region_prefix(area_code))


def region_within_q(area_code: str, *, field: str = "region__code") -> Q:
    """Rows whose region (``field``) lies in ``area_code`` (any level: province, city, county)."""
    return Q(**{f"{field}__startswith": region_prefix(area_code)})


def enterprise_region_q(area_code: str, *, prefix: str = "") -> Q:
    """Enterprises (reached through ``prefix``, e.g. ``"enterprise__"``) in ``area_code`` at any
    level: a province by its indexed ``province`` column, a city or county by the region's code."""
    code = str(area_code)
    if code.endswith("0000"):
        return Q(**{f"{prefix}province_id": code})
    return region_within_q(code, field=f"{prefix}region__code")


def covers_region(actor: Actor, region_code: str | None) -> bool:
    """An authority officer's regions contain ``region_code`` (a province covers its cities and counties)."""
    return (
        bool(region_code)
        and actor.role == Role.AUTHORITY
        and str(region_code).startswith(actor.province_prefixes)
    )


def actor_for(user: Any) -> Actor:
    """Resolve a (possibly anonymous) user to an :class:`Actor`; cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user=None, role=PUBLIC)
    cached = getattr(user, "_qualitas_actor", None)
    if isinstance(cached, Actor):
        return cached
    if user.is_superuser:
        actor = Actor(user=user, role=Role.ADMIN)
    else:
        profile = getattr(user, "profile", None)
        if profile is None:
            actor = Actor(user=user, role=PUBLIC)
        else:
            regions = (
                tuple(profile.regions.values_list("code", flat=True))
                if profile.role == Role.AUTHORITY
                else ()
            )
            actor = Actor(
                user=user,
                role=profile.role,
                enterprise_id=profile.enterprise_id,
                institution_id=profile.institution_id,
                region_codes=regions,
            )
    user._qualitas_actor = actor
    return actor


def region_q(actor: Actor, *, field: str = "region__code") -> Q:
    """A filter matching records whose region lies in the actor's regions (authority officers)."""
    q = Q(pk__in=[])
    for prefix in actor.province_prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def enterprise_private_q(actor: Actor, *, scope: str | None = None, prefix: str = "") -> Q:
    """Filter on enterprises whose private data (of ``scope``) the actor may see."""
    p = f"{prefix}__" if prefix else ""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.PARTNER:  # by consent to its user only; each read is audited
        from qualitas.core.access.platform import partner_consented_ids

        ids = partner_consented_ids(actor, scope=scope) if scope else []
        return Q(**{f"{p}pk__in": ids})
    q = Q(**{f"{p}pk__in": []})
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        q |= Q(**{f"{p}pk": actor.enterprise_id})
    if actor.role == Role.AUTHORITY:
        for code_prefix in actor.province_prefixes:
            q |= Q(**{f"{p}region__code__startswith": code_prefix})
    if scope and actor.user is not None:
        from django.utils import timezone  # noqa: F401  (kept local: consents are rare)

        consent = Q(
            **{f"{p}consents__scope": scope, f"{p}consents__withdrawn_at__isnull": True}
        ) & (
            Q(**{f"{p}consents__grantee_user": actor.user})
            | (
                Q(**{f"{p}consents__grantee_institution_id": actor.institution_id})
                if actor.institution_id
                else Q(pk__in=[])
            )
            | (
                Q(**{f"{p}consents__grantee_enterprise_id": actor.enterprise_id})
                if actor.role == Role.ENTERPRISE and actor.enterprise_id
                else Q(pk__in=[])
            )
        )
        q |= consent
    return q


def can_see_private(actor: Actor, enterprise: Enterprise, *, scope: str) -> bool:
    """Row or consent access to one enterprise's private data of ``scope``."""
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk:
        return True
    if actor.role == Role.AUTHORITY and enterprise.region_id.startswith(actor.province_prefixes):
        return True
    if actor.is_public:
        return False
    if actor.role == Role.PARTNER:  # by consent to its user only; each read is audited
        from qualitas.core.access.platform import partner_may_read

        return partner_may_read(actor, enterprise.pk, scope=scope)
    from qualitas.core.models import Consent

    grants = Consent.objects.filter(enterprise=enterprise, scope=scope, withdrawn_at__isnull=True)
    who = Q(grantee_user=actor.user)
    if actor.institution_id:
        who |= Q(grantee_institution_id=actor.institution_id)
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        who |= Q(grantee_enterprise_id=actor.enterprise_id)
    return grants.filter(who).exists()


def can_edit_enterprise(actor: Actor, enterprise: Enterprise | None) -> bool:
    """Who may change registry records: admins; authority officers in their regions; an enterprise's own users for itself."""
    if actor.role == Role.ADMIN:
        return True
    if enterprise is None:
        return actor.role == Role.AUTHORITY
    if actor.role == Role.AUTHORITY:
        return enterprise.region_id.startswith(actor.province_prefixes)
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk


def can_import(actor: Actor) -> bool:
    """Bulk import of enterprises: admins and authority officers (rows outside their regions are refused)."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def aggregate_scope(actor: Actor, qs: QuerySet[_M], *, field: str = "region__code") -> QuerySet[_M]:
    """Restrict a queryset for aggregate statistics: authorities see their regions, admins all, others public totals."""
    if actor.role == Role.AUTHORITY:
        return qs.filter(region_q(actor, field=field))
    return qs


def is_admin(actor: Actor) -> bool:
    """The platform's operators: every record, the admin site, every job."""
    return actor.role == Role.ADMIN


def role_is_valid(role: str) -> bool:
    """``role`` names one of the platform's roles (the public has no account)."""
    return role in Role.values


def role_needs(role: str) -> str:
    """The scope a user of ``role`` must be given: ``enterprise``, ``institution``, ``regions`` or ``""``.

    An enterprise user belongs to one enterprise; evaluators, institution managers and
    reviewers to one institution; authority officers cover one or more regions; admins and
    partners need none (a partner reads what consents grant it).
    """
    if role == Role.ENTERPRISE:
        return "enterprise"
    if role in (Role.EVALUATOR, Role.INSTITUTION_MANAGER, Role.REVIEWER):
        return "institution"
    if role == Role.AUTHORITY:
        return "regions"
    return ""


def may_manage_consents(actor: Actor, enterprise_id: int | None = None) -> bool:
    """An enterprise's own users grant and withdraw its consents (``enterprise_id``: that enterprise)."""
    if actor.role != Role.ENTERPRISE or not actor.enterprise_id:
        return False
    return enterprise_id is None or actor.enterprise_id == enterprise_id


def may_see_job(actor: Actor, created_by_id: int | None) -> bool:
    """A background job's progress: whoever started it, and admins."""
    return actor.role == Role.ADMIN or (
        created_by_id is not None and created_by_id == getattr(actor.user, "pk", None)
    )


def role_grants_admin_site(role: str) -> bool:
    """Users of ``role`` are staff and superusers of Django's admin site (admins only)."""
    return role == Role.ADMIN
