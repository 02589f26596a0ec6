"""Production: every secret and host from the environment; a missing one stops the start.

``DATABASE_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required. DEBUG is
off unless ``DEBUG=true`` is set explicitly.
"""

import os

from qualitas.core.errors import MissingSettings

from .base import *  # noqa: F403

_REQUIRED = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise MissingSettings(_missing)

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
SESSION_COOKIE_SECURE = os.environ.get("QUALITAS_INSECURE_COOKIES", "") == ""
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind TLS: tell browsers to keep to HTTPS (QUALITAS_HSTS_SECONDS=0 turns it off).
SECURE_HSTS_SECONDS = int(os.environ.get("QUALITAS_HSTS_SECONDS", "31536000"))
