"""Test settings: tasks run immediately, fast password hashing, in-memory e-mail."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, database_from_env

DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = (
        {"NAME": os.environ.get("QUALITAS_TEST_SQLITE", "")}
        if os.environ.get("QUALITAS_TEST_SQLITE")
        else {}
    )
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run immediately in tests; the "db" backend serves the one test with a real worker process.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Failed logins are counted only where a test turns it on (tests/core/test_security.py).
AXES_ENABLED = False
