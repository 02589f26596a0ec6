"""Authentication of the diagnosis API: the browser session, or a bearer token for gateways.

A token (``Authorization: Bearer qd_…``) is scoped to one enterprise; the request then acts as
that enterprise with no user (audit entries name "system"). Only the token's SHA-256
is stored (``models.ApiToken``). See ``docs/decisions/0101-gateway-tokens.md``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from qualitas.core.access import Actor, actor_for
from qualitas.core.choices import Role


class GatewayToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from qualitas.diagnosis.services import token_authenticate

        found = token_authenticate(token)
        if found is not None:
            request.diagnosis_token = found  # type: ignore[attr-defined]
        return found


gateway_token = GatewayToken()
SESSION_OR_TOKEN = [gateway_token, django_auth]


def request_actor(request: HttpRequest) -> Actor:
    """The actor of a request: the token's enterprise, else the logged-in user."""
    token = getattr(request, "diagnosis_token", None)
    if token is not None:
        return Actor(user=None, role=Role.ENTERPRISE, enterprise_id=token.enterprise_id)
    return actor_for(request.user)
