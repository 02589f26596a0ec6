"""The Content-Security-Policy header of every answer, with a fresh nonce per request.

``settings.CONTENT_SECURITY_POLICY`` maps each directive to its sources; the source
``'nonce'`` becomes ``'nonce-<value>'`` with this request's value, which templates put on an
inline ``<script nonce="{{ request.csp_nonce }}">`` (pages keep their code in static files
where they can: charts read their data from ``json_script`` blocks). Django 6 brings the same
natively; this middleware is small enough to drop then.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_header(policy: dict[str, list[str]], nonce: str) -> str:
    """The header value: directives joined by "; ", the ``'nonce'`` source filled in."""
    parts = []
    for directive, sources in policy.items():
        values = [f"'nonce-{nonce}'" if s == "'nonce'" else s for s in sources]
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Give the request a nonce (``request.csp_nonce``) and the answer the policy header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if policy and HEADER not in response:
            response[HEADER] = policy_header(policy, nonce)
        return response
