"""Access policies of the platform itself: partners, API tokens, partner reads.

* A **partner** (a bank or another system) sees what the public sees, plus the private data of
  an enterprise that granted its user a consent of that scope; every such read is noted for the
  audit log (:func:`partner_consented_ids` and :func:`partner_may_read` note it,
  ``core.partner_reads`` writes it at the end of the request) and the enterprise sees it.
* An **API token** acts as its owner, narrowed to the scopes it holds and, when it is bound to
  an enterprise, to that enterprise (:func:`token_actor`).
* The **header's navigation** (:func:`header_navigation`) shows each user the pages the other
  named policies open to them; templates read its flags and compare no role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from qualitas.core.access.base import Actor
from qualitas.core.choices import PUBLIC, Role

if TYPE_CHECKING:
    from qualitas.core.models import ApiToken

__all__ = [
    "header_navigation",
    "is_partner",
    "may_receive_user_consent",
    "may_bind_token",
    "may_create_token",
    "may_revoke_token",
    "partner_consented_ids",
    "partner_may_read",
    "sees_partner_reads",
    "token_actor",
    "token_allows",
    "token_default_enterprise",
    "tokens_visible_q",
]


def is_partner(actor: Actor) -> bool:
    """The actor is a partner: a bank or another system reading by consent."""
    return actor.role == Role.PARTNER


def may_receive_user_consent(actor: Actor, user: Any) -> bool:
    """``actor``'s enterprise may name ``user`` in a consent: an active user with a role, not an
    administrator (who needs none) and not one of the enterprise's own users. A grant naming
    anyone else is refused with the same words as an unknown name (issue 16 §10)."""
    from qualitas.core.access.base import actor_for

    if user is None or not user.is_active:
        return False
    grantee = actor_for(user)
    if grantee.role in (Role.ADMIN, PUBLIC):
        return False
    return grantee.enterprise_id is None or grantee.enterprise_id != actor.enterprise_id


def _partner_consents(actor: Actor, scope: str) -> Any:
    from qualitas.core.models import Consent

    return Consent.objects.filter(grantee_user=actor.user, scope=scope, withdrawn_at__isnull=True)


def partner_consented_ids(actor: Actor, *, scope: str) -> list[int]:
    """Enterprises whose private data of ``scope`` the partner may read (each noted as read)."""
    from qualitas.core.partner_reads import note_partner_read

    if not is_partner(actor) or actor.user is None:
        return []
    ids = sorted(set(_partner_consents(actor, scope).values_list("enterprise_id", flat=True)))
    note_partner_read(actor, ids, scope=scope)
    return ids


def partner_may_read(actor: Actor, enterprise_id: int, *, scope: str) -> bool:
    """The partner holds a live consent of ``scope`` from the enterprise (the read is noted)."""
    from qualitas.core.partner_reads import note_partner_read

    if not is_partner(actor) or actor.user is None:
        return False
    if not _partner_consents(actor, scope).filter(enterprise_id=enterprise_id).exists():
        return False
    note_partner_read(actor, [enterprise_id], scope=scope)
    return True


def sees_partner_reads(actor: Actor) -> bool:
    """An enterprise's own users see which partners read its data."""
    return actor.role == Role.ENTERPRISE and bool(actor.enterprise_id)


# ---------------------------------------------------------------------------------- API tokens


def may_create_token(actor: Actor) -> bool:
    """Every logged-in user may hold tokens: a token never gives more than its owner has."""
    return actor.user is not None and not actor.is_public


def token_default_enterprise(actor: Actor) -> int | None:
    """An enterprise user's tokens act for its enterprise; other users' for no enterprise."""
    return actor.enterprise_id if actor.role == Role.ENTERPRISE and actor.enterprise_id else None


def may_bind_token(actor: Actor, enterprise_id: int) -> bool:
    """A token may act for an enterprise: its own users' tokens, or an administrator's (a gateway)."""
    return actor.role == Role.ADMIN or (
        actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise_id
    )


def tokens_visible_q(actor: Actor) -> Q:
    """Tokens the actor lists: its own, and an enterprise user also those acting for its enterprise."""
    if actor.user is None:
        return Q(pk__in=[])
    q = Q(user=actor.user)
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        q |= Q(enterprise_id=actor.enterprise_id)
    return q


def may_revoke_token(actor: Actor, token: ApiToken) -> bool:
    """The owner, an administrator, or a user of the enterprise the token acts for."""
    if actor.user is None:
        return False
    if actor.role == Role.ADMIN or token.user_id == actor.user.pk:
        return True
    return bool(
        actor.role == Role.ENTERPRISE
        and token.enterprise_id
        and actor.enterprise_id == token.enterprise_id
    )


def token_allows(scopes: list[str] | tuple[str, ...], needed: str) -> bool:
    """A token's scopes cover ``needed``: the scope itself, or ``area:write`` for ``area:read``."""
    if needed in scopes:
        return True
    area, _, kind = needed.partition(":")
    return kind == "read" and f"{area}:write" in scopes


def token_actor(owner_actor: Actor, *, enterprise_id: int | None) -> Actor | None:
    """Whom a request with a token acts as: the owner, narrowed to the token's enterprise.

    An administrator's token bound to an enterprise acts as a user of that enterprise only; an
    enterprise user's token bound to another enterprise than the user's (the user moved) acts
    as nobody (None).
    """
    if enterprise_id is None:
        return owner_actor
    if owner_actor.role == Role.ADMIN:
        return Actor(user=owner_actor.user, role=Role.ENTERPRISE, enterprise_id=enterprise_id)
    if owner_actor.role == Role.ENTERPRISE and owner_actor.enterprise_id == enterprise_id:
        return owner_actor
    return None


# ---------------------------------------------------------------------------------- navigation


def header_navigation(actor: Actor) -> dict[str, Any]:
    """What the header offers ``actor``: a flag per page (the enterprise's id for
    ``my_enterprise``), each decided by the policy that guards the page itself, and whether the
    "Enterprises" and "My work" menus have entries beyond the public ones."""
    from qualitas.core.access.base import can_import, is_admin
    from qualitas.core.access.complaints import may_work_on_complaints
    from qualitas.core.access.credit import sees_credit_desk
    from qualitas.core.access.diagnosis import (
        may_see_quality_monitoring,
        may_use_diagnosis,
        own_enterprise_id,
    )
    from qualitas.core.access.evaluation import evaluation_home
    from qualitas.core.access.index import may_supervise_index
    from qualitas.core.access.registers import may_keep_registers
    from qualitas.core.access.registry import may_see_registry_stats
    from qualitas.core.access.standards import sees_own_declarations
    from qualitas.core.access.supervision import may_run_spot_checks
    from qualitas.core.access.suppliers import sees_suppliers
    from qualitas.core.access.traceability import sees_recall_desk

    own = own_enterprise_id(actor)
    nav: dict[str, Any] = {
        "signed_in": not actor.is_public,  # a user of the platform (the home page's to-do list)
        # the registry
        "my_enterprise": own,
        "registry_stats": may_see_registry_stats(actor),
        "registry_import": can_import(actor),
        # one's work
        "evaluation": evaluation_home(actor) is not None,
        "diagnosis": may_use_diagnosis(actor),
        "monitoring": may_see_quality_monitoring(actor),
        "suppliers": sees_suppliers(actor),
        "my_samples": own is not None,
        "my_declarations": sees_own_declarations(actor),
        "spot_check_desk": may_run_spot_checks(actor),
        "complaints_desk": may_work_on_complaints(actor),
        "my_complaints": own is not None,
        "index_warnings": may_supervise_index(actor),
        "recall_desk": sees_recall_desk(actor),
        "credit_desk": sees_credit_desk(actor),
        "registers_desk": may_keep_registers(actor),
        "administration": is_admin(actor),
    }
    registry = ("my_enterprise", "registry_stats", "registry_import")
    nav["enterprises_menu"] = any(nav[k] for k in registry)
    nav["my_work"] = any(
        v for k, v in nav.items() if k not in (*registry, "signed_in", "enterprises_menu")
    )
    return nav
