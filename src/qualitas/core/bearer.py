"""``Authorization: Bearer <token>`` on the API: who the request acts as, and whether the token may.

:class:`BearerTokenMiddleware` runs after Django's authentication for paths under ``/api/``:

* an unknown, revoked or expired token → 401;
* a token without the endpoint's scope (:func:`qualitas.core.tokens.required_scope`) → 403,
  naming the scope;
* otherwise the request acts as the token's owner (narrowed to the token's enterprise, see
  :func:`qualitas.core.access.token_actor`); ``request.api_token`` is the token. A bearer
  header is never sent by a browser on its own, so these requests skip the CSRF check that
  session requests keep (django-ninja's ``django_auth``).

:data:`bearer_auth` names the scheme in the OpenAPI schema for endpoints that list it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from qualitas.core.access import Actor, actor_for, token_actor, token_allows
from qualitas.core.tokens import required_scope, token_authenticate


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _sep, value = header.partition(" ")
    return value.strip() if kind.lower() == "bearer" else None


class BearerTokenMiddleware:
    """Authenticate API requests that carry a bearer token; refuse them without the scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(("/api/", "/epcis/")):
            return self.get_response(request)
        plain = _bearer(request)
        if plain is None:
            return self.get_response(request)
        token = token_authenticate(plain)
        actor: Actor | None = None
        if token is not None:
            actor = token_actor(actor_for(token.user), enterprise_id=token.enterprise_id)
        if token is None or actor is None:
            response = JsonResponse(
                {"detail": _("The token is unknown, expired or revoked.")}, status=401
            )
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        needed = required_scope(request.path, request.method or "GET")
        if needed is not None and not token_allows(token.scopes, needed):
            return JsonResponse(
                {
                    "detail": _(
                        "This token does not have the scope %(scope)s that this endpoint needs."
                    )
                    % {"scope": needed}
                },
                status=403,
            )
        user = token.user
        # what actor_for(request.user) answers for this request (actor_for caches it there)
        user._qualitas_actor = actor  # type: ignore[attr-defined]
        request.user = user
        request.api_token = token  # type: ignore[attr-defined]
        request._ninja_csrf_exempt = True  # type: ignore[attr-defined]
        # the EPCIS views (/epcis/) are plain Django views: skip their CSRF check the same way
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)


class BearerAuth(HttpBearer):
    """The bearer scheme for django-ninja: the user the middleware authenticated by token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if getattr(request, "api_token", None) is not None:
            return request.user
        return None


bearer_auth = BearerAuth()
