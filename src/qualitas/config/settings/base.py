"""Settings shared by every environment.

Environment-specific modules (``local``, ``production``, ``test``) import
everything from here and override what differs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Generic Django classes (ModelAdmin[Model], …) subscriptable at run time, as django-stubs types them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # src/qualitas
VAR_DIR = Path(os.environ.get("QUALITAS_VAR_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    # the task and login-protection apps under names in the reader's language
    "qualitas.core.third_party_apps.TasksConfig",
    "qualitas.core.third_party_apps.AxesConfig",
    "qualitas.core",
    "qualitas.registry",
    "qualitas.evaluation",
    "qualitas.diagnosis",
    "qualitas.index",
    "qualitas.traceability",
    "qualitas.supervision",
    "qualitas.complaints",
    "qualitas.credit",
    "qualitas.suppliers",
    "qualitas.standards",
    "qualitas.brands",
    "qualitas.registers",
    "qualitas.portal",
    # django-ninja as an app: /api/docs serves Swagger UI from its own static files (no CDN)
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "qualitas.core.middleware.LanguageParamMiddleware",
    # a NUL character in a query string is a 400 (core.json_input), never a database error
    "qualitas.core.json_input.QueryGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # API requests with "Authorization: Bearer …": the token's owner, its scopes (core.bearer)
    "qualitas.core.bearer.BearerTokenMiddleware",
    # reads of private data by partners, written to the audit log (core.partner_reads)
    "qualitas.core.partner_reads.PartnerReadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qualitas.core.security.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qualitas.core.middleware.AccessErrorMiddleware",
    # last: failed logins are counted and a locked-out login answers 429 (django-axes)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualitas.config.urls"
WSGI_APPLICATION = "qualitas.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qualitas.core.context_processors.platform",
                "qualitas.core.chart_labels.chart_labels",
            ],
        },
    }
]


def database_from_env(default_sqlite: Path) -> dict[str, Any]:
    """``DATABASE_URL`` when set, otherwise an embedded SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # health checks: a connection kept across requests is tested before reuse, so the first
        # request after a database restart reconnects instead of failing (issue 16 §10)
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite),
        "OPTIONS": {
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": database_from_env(VAR_DIR / "qualitas.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Brute-force protection of the login (docs/decisions/0011-login-protection-and-csp.md): after
# AXES_FAILURE_LIMIT failed logins for one user name from one address the login is refused for
# AXES_COOLOFF_TIME hours (429, the login page with the reason); a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("QUALITAS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("QUALITAS_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

# Security headers on every answer (tests/core/test_security.py): no sniffing, no framing,
# same-origin referrers, and a Content-Security-Policy that the pages pass: scripts only from
# the site (an inline script carries the request's nonce), styles from the site and inline
# style attributes, no plug-ins, no other site may frame a page. Workers may start from a blob:
# MapLibre (Plotly's maps: the quality map) builds its worker that way, and without it the map is
# never drawn (tests/index/test_browser.py); scripts themselves stay the site's.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "qualitas.core.views.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# One date format per language (core/formats/<locale>/formats.py), times in Asia/Shanghai.
FORMAT_MODULE_PATH = ["qualitas.core.formats"]
TIME_ZONE = os.environ.get("QUALITAS_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True
# plotly.min.js ships inside the plotly wheel: served as static/core/plotly.min.js, no CDN.
import plotly as _plotly  # noqa: E402

STATICFILES_DIRS = [("core", Path(_plotly.__file__).resolve().parent / "package_data")]

# A shared cache when REDIS_URL is set (search pages, counts); otherwise per-process memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail (password resets, notifications): SMTP when EMAIL_HOST is set (production), otherwise
# printed on the console (the demo). EMAIL_USE_SSL (port 465) replaces STARTTLS.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "").lower() in {"1", "true", "yes", "on"}
    EMAIL_USE_TLS = not EMAIL_USE_SSL and os.environ.get("EMAIL_USE_TLS", "true").lower() in {
        "1",
        "true",
        "yes",
        "on",
    }
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Qualitas <noreply@localhost>")
# A reset link works for this many seconds (3 days).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Uploads: enterprise imports of 100,000 rows are a few MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Typed as Any values: the entries are of several kinds (ints, strings, lists), read by key.
QUALITAS: dict[str, Any] = {
    # Statistics over fewer enterprises than this are withheld ("insufficient data").
    "MIN_GROUP_SIZE": int(os.environ.get("QUALITAS_MIN_GROUP_SIZE", "5")),
    # Hash of the audit chain: "sha256" (default) or "sm3" (needs OpenSSL with SM3).
    "AUDIT_HASH": os.environ.get("QUALITAS_AUDIT_HASH", "sha256"),
    # A checkpoint of the audit chain is written every this many entries.
    "AUDIT_CHECKPOINT_EVERY": int(os.environ.get("QUALITAS_AUDIT_CHECKPOINT_EVERY", "1000")),
    "PAGE_SIZE": 25,
    # Uploaded files (imports, data sets) over this size are refused before they are read.
    "UPLOAD_MAX_BYTES": int(os.environ.get("QUALITAS_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))),
    # Capability evaluation: an evaluator with a declared tie to an enterprise is refused for
    # this many years after the tie ended; a published result is valid this many years.
    "COI_COOLING_OFF_YEARS": int(os.environ.get("QUALITAS_COI_COOLING_OFF_YEARS", "3")),
    "RESULT_VALIDITY_YEARS": int(os.environ.get("QUALITAS_RESULT_VALIDITY_YEARS", "3")),
    # In-app notifications are also e-mailed to users with an address (core.notifications).
    "NOTIFICATION_EMAIL": os.environ.get("QUALITAS_NOTIFICATION_EMAIL", "true").lower()
    in {"1", "true", "yes", "on"},
    # Deadlines this many days ahead (or past) become notifications.
    "DEADLINE_NOTICE_DAYS": int(os.environ.get("QUALITAS_DEADLINE_NOTICE_DAYS", "7")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
