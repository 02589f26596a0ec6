"""The platform commands as an operator runs them: check, createuser, demo-data, production settings, worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualitas.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.mark.django_db
def test_check_reports_database_and_migrations():
    r = runner.invoke(app, ["check"])
    assert r.exit_code == 0, r.output
    assert "reachable" in r.output and "migrations: up to date" in r.output


@pytest.mark.django_db
def test_createuser_validates_scope(world):
    r = runner.invoke(
        app,
        [
            "createuser",
            "officer2",
            "--role",
            "authority",
            "--region",
            "330000",
            "--password",
            "s3cret-pass",
        ],
    )
    assert r.exit_code == 0, r.output
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="officer2")
    assert user.profile.role == "authority" and list(
        user.profile.regions.values_list("code", flat=True)
    ) == ["330000"]
    r = runner.invoke(
        app, ["createuser", "x", "--role", "authority", "--region", "990000", "--password", "p"]
    )
    assert r.exit_code == 2 and "990000" in r.output
    r = runner.invoke(
        app, ["createuser", "y", "--role", "enterprise", "--enterprise", "NOPE", "--password", "p"]
    )
    assert r.exit_code == 2 and "no enterprise with credit code" in r.output
    r = runner.invoke(app, ["createuser", "z", "--role", "wizard", "--password", "p"])
    assert r.exit_code == 2 and "unknown role" in r.output
    assert "Traceback" not in r.output


@pytest.mark.django_db
def test_demo_data_is_reproducible_and_idempotent():
    from qualitas.core.models import AuditEntry
    from qualitas.registry.demo import demo_registry_load
    from qualitas.registry.models import Enterprise

    first = demo_registry_load(enterprises=300, seed=5)
    assert first["enterprises_created"] == 300
    codes = list(Enterprise.objects.order_by("credit_code").values_list("credit_code", flat=True))
    audit = AuditEntry.objects.count()
    again = demo_registry_load(enterprises=300, seed=5)
    assert again["enterprises_created"] == 0
    assert (
        list(Enterprise.objects.order_by("credit_code").values_list("credit_code", flat=True))
        == codes
    )
    assert AuditEntry.objects.count() == audit
    roles = {a.role for a in again["accounts"]}
    assert roles == {
        "admin",
        "enterprise",
        "evaluator",
        "institution_manager",
        "reviewer",
        "authority",
        "partner",
    }
    assert next(a for a in again["accounts"] if a.role == "partner").username == "partner"
    # realistic spread: every code valid, many provinces, manufacturing divisions only
    from qualitas.registry.codes import validate_uscc

    assert all(validate_uscc(c) for c in codes)
    assert Enterprise.objects.values("province_id").distinct().count() >= 20
    assert set(Enterprise.objects.values_list("industry_id", flat=True)) <= {
        f"C{d}" for d in range(13, 44)
    }


def _run(env_extra: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_production_settings_name_the_missing_variable():
    r = _run(
        {"DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production", "SECRET_KEY": "x"},
        "import django; django.setup()",
    )
    assert r.returncode != 0
    assert "missing production setting(s): DATABASE_URL, ALLOWED_HOSTS" in r.stderr
    # the CLI says it in one line, without a traceback
    r = subprocess.run(
        [sys.executable, "-m", "qualitas.cli", "check"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production",
            "SECRET_KEY": "",
            "DATABASE_URL": "",
            "ALLOWED_HOSTS": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert "DATABASE_URL" in r.stderr and "Traceback" not in r.stderr


def test_production_settings_debug_off_and_wsgi_loads(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3",
    }
    r = _run(
        env,
        "from qualitas.config import wsgi; from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)",
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False ['example.org']"


GOOD_KEY = "k3J9x-Qw8zR2p0LmN4vB7tY1uE6aS5dF9gH2jK8lZ0xC3vB6nM1qW4eR7tY0uI2oP"


def test_production_settings_are_safe_behind_tls(tmp_path):
    """Issue 16 §10: HSTS, a redirect to HTTPS (not for /healthz), the proxy's TLS header,
    secure cookies, the Content-Security-Policy, and database connections checked before reuse."""
    env = {
        "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://u:p@db.example.org/q",
    }
    r = _run(
        env,
        "import django; django.setup(); from django.conf import settings as s; print("
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT,"
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        "'qualitas.core.security.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE,"
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'])",
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (
        "31536000 True ['^healthz$'] ('HTTP_X_FORWARDED_PROTO', 'https') True True True True"
    )


@pytest.mark.parametrize(
    ("key", "hosts", "named"),
    [
        ("short-key", "example.org", "SECRET_KEY"),
        ("insecure-development-key-change-me" + "x" * 30, "example.org", "SECRET_KEY"),
        (GOOD_KEY, "*", "ALLOWED_HOSTS"),
        (GOOD_KEY, "example.org,*", "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_a_short_secret_key_and_any_host(key, hosts, named):
    r = subprocess.run(
        [sys.executable, "-m", "qualitas.cli", "check"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production",
            "SECRET_KEY": key,
            "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
            "ALLOWED_HOSTS": hosts,
            "LANG": "C.UTF-8",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert f"unsafe production setting(s): {named}" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_an_import(world):
    """One test with the database task backend and a real ``qualitas worker`` process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker process cannot share SQLite's in-memory test database: this runs in the PostgreSQL pass"
        )
    from qualitas.core.access import actor_for
    from qualitas.core.models import Job
    from qualitas.registry.imports import _upload_path
    from qualitas.registry.tasks import run_enterprise_import
    from tests.factories import credit_code

    csv = f"credit_code,name_zh,region,industry,size_class\n{credit_code('330100')},杭州工人测试电器有限公司,330100,C38,small\n".encode()
    job = Job.objects.create(
        kind="import_enterprises", created_by=world.users["authority"], params={"filename": "w.csv"}
    )
    path = _upload_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv)
    run_enterprise_import.using(backend="db").enqueue(job_id=job.pk)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(os.environ["DATABASE_URL"])  # the same server, the test database
    url = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.test",
        "DATABASE_URL": url,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "qualitas.cli", "worker", "--backend", "db", "--max-tasks", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    job.refresh_from_db()
    assert job.status == "succeeded", (
        job.status,
        job.message,
        proc.stdout[-1500:],
        proc.stderr[-1500:],
    )
    assert job.result["created"] == 1
    assert actor_for(world.users["authority"]).role == "authority"
