"""In a real browser: create an API token on the account page (its secret shown once), use it,
revoke it; the pages run under the Content-Security-Policy without a single violation."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_token_shown_once_then_revoke(page, world):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login(page, "ent", "pw-ent")
    page.click("[data-testid=who]")  # the account menu under the name
    page.click("[data-testid=nav-tokens]")
    page.wait_for_url(page.base + "/account/tokens/")
    page.fill("#id_name", "ERP")
    page.check("input[name=scopes][value='registry:read']")
    page.select_option("#id_expires", "30")
    page.click("[data-testid=create-token]")
    plain = page.inner_text("[data-testid=token-plain]").strip()
    assert plain.startswith("qt_")
    # the token works on the API, with the scope it was given
    contacts = f"/api/registry/enterprises/{world.ent_a.pk}/contacts"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    assert Client().get(contacts, **headers).status_code == 200
    # shown once: a fresh visit lists it by its first characters only
    page.goto(page.base + "/account/tokens/")
    assert page.locator("[data-testid=token-plain]").count() == 0
    assert plain not in page.content() and plain[:12] in page.inner_text("[data-testid=tokens]")
    page.click("[data-testid=revoke]")
    page.wait_for_selector("[data-testid=revoked]")
    assert Client().get(contacts, **headers).status_code == 401
    # the pages with charts, confirmations and the select-all script pass the policy too:
    # plotly draws a control chart without eval or inline script
    from tests.diagnosis.helpers import make_characteristic

    ch = make_characteristic(world, n=60)
    page.goto(page.base + f"/diagnosis/characteristics/{ch.pk}/")
    page.wait_for_selector("[data-figure][data-drawn]", timeout=30000)
    page.goto(page.base + "/index/map/")
    page.goto(page.base + "/consents/")
    assert not violations, violations
