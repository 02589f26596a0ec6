"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_REFERENCE = Path(
    os.environ.get("QUALITAS_REFERENCE_DIR", REPO_ROOT.parent / "shared" / "reference")
)


def _reference_dir() -> Path:
    """The published reference data, or skip (fail under CI) when it is absent."""
    if not (SHARED_REFERENCE / "expected.json").is_file():
        message = (
            f"reference data not found at {SHARED_REFERENCE}: clone with ../shared beside the "
            "repository (or set QUALITAS_REFERENCE_DIR) to check published values"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — under CI its absence is a failure")
        pytest.skip(message)
    return SHARED_REFERENCE


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Path of ``../shared/reference``."""
    return _reference_dir()


@pytest.fixture(scope="session")
def expected(reference_dir: Path) -> dict:
    """The published answers in ``expected.json``."""
    return json.loads((reference_dir / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def _cli_in_english():
    """The ``qualitas`` command speaks the locale of the environment (``qualitas.cli.i18n``).

    The suite pins the C locale (English messages) so that tests asserting what the command
    prints do not depend on the machine's ``LANG``; tests of the language choice set their own.
    """
    with pytest.MonkeyPatch.context() as mp:
        for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            mp.delenv(var, raising=False)
        mp.setenv("LANG", "C.UTF-8")
        yield


@pytest.fixture(autouse=True)
def _language_of_each_test_is_the_default():
    """Every test starts in the site's default language: a request with ``?lang=en`` activates
    English for the thread and Django leaves it active after the response, so without this a
    test's bilingual names would depend on which test ran before it in the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --------------------------------------------------------------------------------------------
# Platform fixtures: one user per role, logged-in clients. Registered once, used by every app.
# --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _rows_migrations_load(request):
    """Rows that data migrations load (diagnosis' global causes and actions) are deleted by the
    flush after any transactional test; tests that run later in the same process get them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or not (marker or "db" in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    from django.apps import apps

    from qualitas.diagnosis.models import AssignableCause

    if not AssignableCause.objects.filter(enterprise__isnull=True).exists():
        from importlib import import_module

        import_module("qualitas.diagnosis.migrations.0002_default_lists").load(apps, None)
    yield


ROLES = (
    "public",
    "enterprise",
    "other_enterprise",
    "evaluator",
    "institution_manager",
    "reviewer",
    "authority",
    "partner",
    "admin",
)


@pytest.fixture
def world(db):
    """A small registry: two enterprises in Zhejiang (Hangzhou, Ningbo), one in Guangdong, users of every role.

    The authority officer is scoped to Zhejiang; ``enterprise`` belongs to ``ent_a``;
    ``other_enterprise`` to ``ent_c`` in Guangdong.
    """
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def client_for(world, client):
    """``client_for(role)`` → a Django test client logged in as that role (``public``: anonymous)."""
    from django.test import Client

    def make(role: str) -> Client:
        c = Client()
        if role != "public":
            c.force_login(world.users[role])
        return c

    return make


# --------------------------------------------------------------------------------------------
# Browser fixtures (registered once here; a second session-scoped Playwright would clash):
# Playwright for Python driving Debian's chromium (no browser download). Where chromium is
# missing the browser tests report themselves skipped with that reason. A screenshot of the
# page is saved under ``test-artifacts/`` when a test fails.
# --------------------------------------------------------------------------------------------
import shutil  # noqa: E402

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop
ARTIFACTS = REPO_ROOT / "test-artifacts"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if path is None:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it with root; without root it cannot)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url  # type: ignore[attr-defined]
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
