"""Production: every secret and host from the environment; a missing or unsafe one stops the start.

``DATABASE_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required. DEBUG is
off unless ``DEBUG=true`` is set explicitly. A ``SECRET_KEY`` shorter than 50 characters (or the
development default) and ``ALLOWED_HOSTS`` with ``*`` are refused. Behind TLS: HSTS, a redirect
of plain HTTP to HTTPS and secure cookies; the Content-Security-Policy of ``base`` applies.
"""

import os

from qualitas.core.errors import MissingSettings, UnsafeSettings

from .base import *  # noqa: F403

_REQUIRED = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise MissingSettings(_missing)

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
_unsafe = []
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure-") or len(set(SECRET_KEY)) < 5:
    _unsafe.append("SECRET_KEY")
if "*" in ALLOWED_HOSTS or not ALLOWED_HOSTS:
    _unsafe.append("ALLOWED_HOSTS")
if _unsafe:
    raise UnsafeSettings(_unsafe)

SESSION_COOKIE_SECURE = os.environ.get("QUALITAS_INSECURE_COOKIES", "") == ""
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind TLS: tell browsers to keep to HTTPS (QUALITAS_HSTS_SECONDS=0 turns it off).
SECURE_HSTS_SECONDS = int(os.environ.get("QUALITAS_HSTS_SECONDS", "31536000"))
# Plain HTTP is redirected to HTTPS (QUALITAS_SSL_REDIRECT=false when TLS ends elsewhere and
# the proxy redirects itself); /healthz stays reachable over HTTP for a load balancer's probe.
SECURE_SSL_REDIRECT = os.environ.get("QUALITAS_SSL_REDIRECT", "true").lower() in {
    "1",
    "true",
    "yes",
    "on",
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The reverse proxy that ends TLS says so in this header (it must set or strip it on every
# request); QUALITAS_PROXY_SSL_HEADER="" when the application server faces clients itself.
_proxy_header = os.environ.get("QUALITAS_PROXY_SSL_HEADER", "X-Forwarded-Proto")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
