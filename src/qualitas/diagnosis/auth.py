"""Authentication of the diagnosis API: the browser session, or a platform token for gateways.

Gateway tokens are platform tokens (``core.tokens``) with the scope ``diagnosis:write``, acting
for one enterprise; ``core.bearer.BearerTokenMiddleware`` authenticates them for every API
endpoint. See ``docs/decisions/0101-gateway-tokens.md`` and ``0010-platform-tokens.md``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import django_auth

from qualitas.core.access import Actor, actor_for
from qualitas.core.bearer import bearer_auth

SESSION_OR_TOKEN = [bearer_auth, django_auth]


def request_actor(request: HttpRequest) -> Actor:
    """The actor of a request: the token's (narrowed to its enterprise), else the logged-in user."""
    return actor_for(request.user)
