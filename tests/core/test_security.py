"""Security headers on every answer, a Content-Security-Policy the pages pass (no inline script
without the request's nonce, no inline event handler), and the login locked after repeated
wrong passwords."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "qualitas"


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_and_api_carry_the_security_headers(world, client_for):
    from django.urls import reverse

    for url in ("/", "/login/", "/api/registry/regions", reverse("registry:search")):
        r = client_for("public").get(url)
        assert r["X-Content-Type-Options"] == "nosniff", url
        assert r["X-Frame-Options"] == "DENY", url
        assert r["Referrer-Policy"] == "same-origin", url
        assert r["Cross-Origin-Opener-Policy"] == "same-origin", url
        csp = _csp(r)
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert (
            "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
        )
        # the quality map's MapLibre starts its worker from a blob; scripts never come from one
        assert csp["worker-src"] == ["'self'", "blob:"] and "blob:" not in csp["script-src"]


def test_each_request_has_its_own_nonce_and_inline_scripts_carry_it(world, client_for):
    from tests.evaluation.helpers import make_evaluation

    make_evaluation(world)
    c = client_for("reviewer")
    first, second = c.get("/evaluation/results/"), c.get("/evaluation/results/")
    nonces = [
        next(s for s in _csp(r)["script-src"] if s.startswith("'nonce-"))[7:-1]
        for r in (first, second)
    ]
    assert nonces[0] != nonces[1]
    html = first.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the results page has its select-all script"
    for attrs in inline:
        assert f'nonce="{nonces[0]}"' in attrs or 'type="application/json"' in attrs, attrs


def test_no_template_has_inline_event_handlers_or_javascript_urls():
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+=\"", text) or "javascript:" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert not offenders, offenders


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_wrong_passwords(world):
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(2):
        r = c.post("/login/", {"username": "ent", "password": "wrong"})
        assert r.status_code == 200 and "Wrong user name or password." in r.content.decode()
    r = c.post("/login/", {"username": "ent", "password": "wrong"})
    assert r.status_code == 429
    # now even the right password is refused, with the reason
    r = c.post("/login/", {"username": "ent", "password": "pw-ent"})
    assert r.status_code == 429 and "Too many failed logins" in r.content.decode()
    assert "_auth_user_id" not in c.session
    # another user from the same address is not affected
    r = c.post("/login/", {"username": "eva", "password": "pw-eva"})
    assert r.status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_count(world):
    c = Client()
    for _ in range(2):
        c.post("/login/", {"username": "ent", "password": "wrong"})
    assert c.post("/login/", {"username": "ent", "password": "pw-ent"}).status_code == 302
    c.logout()
    for _ in range(2):
        c.post("/login/", {"username": "ent", "password": "wrong"})
    assert c.post("/login/", {"username": "ent", "password": "pw-ent"}).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_admin_login_is_locked_too(world):
    """Issue 16 §3: the admin site's login counts failures with the same lock."""
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        c.post("/admin/login/", {"username": "root", "password": "wrong"})
    r = c.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw-root"})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
