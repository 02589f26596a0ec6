"""Access policies of the platform itself: partners, API tokens, partner reads.

* A **partner** (a bank or another system) sees what the public sees, plus the private data of
  an enterprise that granted its user a consent of that scope; every such read is noted for the
  audit log (:func:`partner_consented_ids` and :func:`partner_may_read` note it,
  ``core.partner_reads`` writes it at the end of the request) and the enterprise sees it.
* An **API token** acts as its owner, narrowed to the scopes it holds and, when it is bound to
  an enterprise, to that enterprise (:func:`token_actor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from qualitas.core.access.base import Actor
from qualitas.core.choices import Role

if TYPE_CHECKING:
    from qualitas.core.models import ApiToken

__all__ = [
    "is_partner",
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
