"""API tokens for people and systems: create (shown once), revoke, authenticate; the scope of an endpoint.

A token is ``qt_`` followed by 32 random bytes (URL-safe). Only its SHA-256 and its first
characters are stored (:class:`~qualitas.core.models.ApiToken`); gateway tokens of the diagnosis
app made before platform tokens (``qd_…``) were moved here with their hashes and keep working.
``Authorization: Bearer <token>`` is accepted by every endpoint under ``/api/`` whose scope the
token holds (:func:`required_scope`, checked by ``core.bearer.BearerTokenMiddleware``). See
``docs/decisions/0010-platform-tokens.md``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_bind_token,
    may_create_token,
    may_revoke_token,
    token_default_enterprise,
)
from qualitas.core.audit import audit_append
from qualitas.core.choices import TokenScope
from qualitas.core.errors import DomainError
from qualitas.core.models import ApiToken

TOKEN_PREFIX = "qt_"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The area of the API a router's path names, where it differs from the path (/api/core/ → account).
AREA_OF_PATH = {"core": "account"}
# Paths under /api/ that are not data (the schema and its viewer): a token needs no scope there.
UNSCOPED_PATHS = frozenset({"", "docs", "openapi.json"})
# last_used_at is written at most once a minute per token (not on every request of a gateway).
LAST_USED_EVERY = timedelta(minutes=1)
MAX_DAYS = 3650


class TokenError(DomainError):
    """A token that cannot be created as asked; the message names the input."""


def token_hash(plain: str) -> str:
    """The SHA-256 (hex) stored for a token."""
    return hashlib.sha256(plain.encode()).hexdigest()


def token_create(
    *,
    actor: Actor,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
    enterprise_id: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token owned by the actor's user; the plain token is returned once and never stored.

    An enterprise user's tokens act for its enterprise; ``enterprise_id`` binds an
    administrator's token to one enterprise (a gateway).
    """
    if not may_create_token(actor):
        raise NotFound
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in TokenScope.values]
    if unknown:
        raise TokenError(_("unknown scope %(scope)s"), field="scopes", scope=", ".join(unknown))
    if not wanted:
        raise TokenError(_("choose at least one scope"), field="scopes")
    name = (name or "").strip()
    if not name:
        raise TokenError(_("give the token a name"), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError(_("the expiry must lie in the future"), field="expires_at")
    enterprise_id = enterprise_id or token_default_enterprise(actor)
    if enterprise_id is not None and not may_bind_token(actor, enterprise_id):
        raise NotFound
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            enterprise_id=enterprise_id,
            name=name[:100],
            prefix=plain[:12],
            hash=token_hash(plain),
            scopes=wanted,
            created_by=actor.user,
            expires_at=expires_at,
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="core.apitoken",
            object_pk=token.pk,
            changes={
                "name": token.name,
                "prefix": token.prefix,
                "scopes": wanted,
                "enterprise": enterprise_id,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, plain


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token: from now on it authenticates nothing. Revoking twice changes nothing."""
    if not may_revoke_token(actor, token):
        raise NotFound
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_append(
            actor=actor.user,
            action="revoke",
            model="core.apitoken",
            object_pk=token.pk,
            changes={"prefix": token.prefix, "enterprise": token.enterprise_id},
        )
    return token


def token_authenticate(plain: str) -> ApiToken | None:
    """The live token matching ``plain`` (looked up by its SHA-256) with its owner, else None.

    Revoked and expired tokens, and tokens of deactivated users, match nothing. The time of
    last use is written at most once a minute.
    """
    if not plain or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(hash=token_hash(plain), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def required_scope(path: str, method: str) -> str | None:
    """The scope an API request needs: ``<area>:read`` for safe methods, ``<area>:write`` otherwise.

    ``path`` is the request path (``/api/registry/enterprises``); None for paths that are not
    data (the schema and the docs page).
    """
    parts = path.split("/")
    if len(parts) > 1 and parts[1] == "epcis":  # the EPCIS binding (traceability) at /epcis/
        return f"traceability:{'read' if method.upper() in SAFE_METHODS else 'write'}"
    segment = parts[2] if len(parts) > 2 and parts[1] == "api" else ""
    if segment in UNSCOPED_PATHS:
        return None
    area = AREA_OF_PATH.get(segment, segment)
    return f"{area}:{'read' if method.upper() in SAFE_METHODS else 'write'}"


def expiry_in(days: int | None) -> datetime | None:
    """The expiry ``days`` from now (None: never), within :data:`MAX_DAYS`."""
    if days is None:
        return None
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(
            _("the token must expire within 1 to %(max)s days"), field="expires", max=MAX_DAYS
        )
    return timezone.now() + timedelta(days=days)


def describe_scopes(scopes: Iterable[str]) -> list[Any]:
    """The scopes' labels in the active language (unknown values as they are)."""
    labels = dict(TokenScope.choices)
    return [labels.get(s, s) for s in scopes]
