"""Platform API tokens: shown once and stored hashed, scoped, expiring, revocable; bearer auth on the
API (session auth keeps its CSRF check); a partner reads only what scope and consent allow, and the
enterprise sees each read."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.models import ApiToken, AuditEntry
from qualitas.core.services import consent_grant, consent_withdraw
from qualitas.core.tokens import required_scope, token_authenticate, token_create, token_revoke

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}", **EN}


def _contacts_url(world) -> str:
    return f"/api/registry/enterprises/{world.ent_a.pk}/contacts"


def _token(world, role: str, scopes: list[str], **kw):
    return token_create(actor=actor_for(world.users[role]), name="t", scopes=scopes, **kw)


def test_token_is_shown_once_and_stored_as_its_hash(world):
    token, plain = _token(world, "enterprise", ["registry:read"])
    assert plain.startswith("qt_") and len(plain) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.hash == hashlib.sha256(plain.encode()).hexdigest()
    assert stored.prefix == plain[:12] and plain not in json.dumps(
        list(ApiToken.objects.values_list("name", "prefix", "hash", "scopes"))
    )
    assert stored.enterprise_id == world.ent_a.pk  # an enterprise user's token acts for it
    assert AuditEntry.objects.filter(model="core.apitoken", action="create").count() == 1
    assert token_authenticate(plain).pk == token.pk
    assert token_authenticate(plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None


def test_bad_scope_and_missing_name_name_the_field(world):
    from qualitas.core.tokens import TokenError

    with pytest.raises(TokenError) as bad:
        _token(world, "enterprise", ["registry:read", "nuclear:launch"])
    assert bad.value.field == "scopes" and "nuclear:launch" in str(bad.value)
    with pytest.raises(TokenError) as none:
        _token(world, "enterprise", [])
    assert none.value.field == "scopes"
    with pytest.raises(TokenError) as unnamed:
        token_create(actor=actor_for(world.users["evaluator"]), name=" ", scopes=["index:read"])
    assert unnamed.value.field == "name"


def test_bearer_reads_what_its_scope_allows_and_only_that(world):
    _, plain = _token(world, "enterprise", ["registry:read"])
    anon = Client()
    r = anon.get(_contacts_url(world), **_bearer(plain))
    assert r.status_code == 200 and r.json()[0]["email"].startswith("q")
    # the diagnosis API needs diagnosis:read: refused with the scope named
    r = anon.get("/api/diagnosis/characteristics", **_bearer(plain))
    assert r.status_code == 403
    assert r.json()["detail"] == (
        "This token does not have the scope diagnosis:read that this endpoint needs."
    )
    # the same refusal in Chinese when asked
    r = anon.get(
        "/api/diagnosis/characteristics?lang=zh-hans", HTTP_AUTHORIZATION=f"Bearer {plain}"
    )
    assert r.status_code == 403 and "diagnosis:read" in r.json()["detail"]
    assert "token" not in r.json()["detail"].lower()
    # a write with a read scope is refused too
    r = anon.post(
        "/api/registry/enterprises", data="{}", content_type="application/json", **_bearer(plain)
    )
    assert r.status_code == 403 and "registry:write" in r.json()["detail"]
    assert ApiToken.objects.get(hash=hashlib.sha256(plain.encode()).hexdigest()).last_used_at


def test_unknown_revoked_and_expired_tokens_are_401(world):
    anon = Client()
    r = anon.get(_contacts_url(world), **_bearer("qt_nothing"))
    assert r.status_code == 401
    assert r.json()["detail"] == "The token is unknown, expired or revoked."
    token, plain = _token(world, "enterprise", ["registry:read"])
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 200
    token_revoke(actor=actor_for(world.users["enterprise"]), token=token)
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 401
    token, plain = _token(
        world, "enterprise", ["registry:read"], expires_at=timezone.now() + timedelta(days=1)
    )
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 401


def test_a_token_gives_no_more_than_its_owner_has(world):
    # the evaluator's token with registry:read still cannot read ent_a's contacts
    _, plain = _token(world, "evaluator", ["registry:read"])
    assert Client().get(_contacts_url(world), **_bearer(plain)).status_code == 404


def test_session_keeps_csrf_bearer_needs_none(world):
    payload = json.dumps({"scope": "contacts", "grantee_username": "bank"})
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.users["enterprise"])
    r = session.post("/api/core/consents", data=payload, content_type="application/json")
    assert r.status_code == 403  # no CSRF token: refused
    _, plain = _token(world, "enterprise", ["account:write"])
    bearer = Client(enforce_csrf_checks=True)
    r = bearer.post(
        "/api/core/consents", data=payload, content_type="application/json", **_bearer(plain)
    )
    assert r.status_code == 201, r.content
    assert r.json()["grantee_user"] == "bank"


def test_gateway_token_acts_for_its_enterprise_only(world):
    from qualitas.diagnosis.tokens import gateway_token_create

    admin = actor_for(world.users["admin"])
    token, plain = gateway_token_create(actor=admin, enterprise_id=world.ent_c.pk, name="gw")
    assert token.scopes == ["diagnosis:write"] and token.enterprise_id == world.ent_c.pk
    # an admin's token bound to ent_c acts as ent_c: ent_a's contacts are not its business
    r = Client().get("/api/diagnosis/characteristics", **_bearer(plain))
    assert r.status_code == 200
    assert Client().get(_contacts_url(world), **_bearer(plain)).status_code == 403
    # an enterprise user cannot bind a token to another enterprise
    from qualitas.core.access import NotFound

    with pytest.raises(NotFound):
        gateway_token_create(
            actor=actor_for(world.users["other_enterprise"]),
            enterprise_id=world.ent_a.pk,
            name="x",
        )


def test_every_api_endpoint_maps_to_a_known_scope():
    from qualitas.config.api import api
    from qualitas.core.choices import TokenScope

    schema = api.get_openapi_schema()
    unknown = []
    for path, ops in schema["paths"].items():
        for method in ops:
            scope = required_scope(path, method)
            if scope not in TokenScope.values:
                unknown.append(f"{method.upper()} {path}: {scope}")
    assert not unknown, unknown
    assert required_scope("/api/docs", "GET") is None
    assert required_scope("/api/core/consents", "POST") == "account:write"


# ------------------------------------------------------------------------------ the page


def test_tokens_page_creates_shows_once_and_revokes(world, client_for):
    c = client_for("enterprise")
    page = c.get("/account/tokens/", **EN)
    assert page.status_code == 200 and "No tokens yet." in page.content.decode()
    r = c.post(
        "/account/tokens/",
        {"name": "ERP sync", "scopes": ["registry:read", "evaluation:read"], "expires": "30"},
        **EN,
    )
    html = r.content.decode()
    token = ApiToken.objects.get(name="ERP sync")
    assert r.status_code == 200 and "Copy it now" in html
    plain = html.split('data-testid="token-plain">')[1].split("<")[0]
    assert token_authenticate(plain).pk == token.pk
    assert token.expires_at and 29 <= (token.expires_at - timezone.now()).days <= 30
    again = c.get("/account/tokens/", **EN).content.decode()
    assert plain not in again and token.prefix in again and "Registry: read" in again
    # another user neither sees nor revokes it
    other = client_for("other_enterprise")
    assert token.prefix not in other.get("/account/tokens/").content.decode()
    assert other.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    r = c.post(f"/account/tokens/{token.pk}/revoke/", **EN)
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token_authenticate(plain) is None


def test_tokens_page_names_the_missing_scope(world, client_for):
    r = client_for("evaluator").post("/account/tokens/", {"name": "x", "expires": "30"}, **EN)
    assert r.status_code == 422 and "This field is required." in r.content.decode()
    assert not ApiToken.objects.exists()


# ------------------------------------------------------------------------------ partners


def test_partner_reads_only_with_scope_and_consent_and_the_enterprise_sees_it(world, client_for):
    partner = world.users["partner"]
    _, plain = _token(world, "partner", ["registry:read"])
    _, diag_only = _token(world, "partner", ["diagnosis:read"])
    anon = Client()
    # public data: as the public sees it
    assert (
        anon.get(f"/api/registry/enterprises/{world.ent_a.pk}", **_bearer(plain)).status_code == 200
    )
    # private data without consent: not found, nothing audited
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 404
    assert not AuditEntry.objects.filter(action="partner_read").exists()
    owner = actor_for(world.users["enterprise"])
    consent = consent_grant(
        actor=owner, enterprise_id=world.ent_a.pk, scope="contacts", grantee_user=partner
    )
    # consent given, but the token lacks the scope
    assert anon.get(_contacts_url(world), **_bearer(diag_only)).status_code == 403
    r = anon.get(_contacts_url(world), **_bearer(plain))
    assert r.status_code == 200 and r.json()[0]["phone"] == "0571-1234567"
    read = AuditEntry.objects.get(action="partner_read")
    assert read.actor == "bank" and read.object_pk == str(world.ent_a.pk)
    assert read.changes["scope"] == "contacts" and read.changes["via"].startswith("token qt_")
    assert read.changes["path"] == _contacts_url(world)
    # another enterprise's contacts stay closed
    other = f"/api/registry/enterprises/{world.ent_b.pk}/contacts"
    assert anon.get(other, **_bearer(plain)).status_code == 404
    # the same read through the partner's session is audited too
    session = client_for("partner")
    assert session.get(_contacts_url(world)).status_code == 200
    assert AuditEntry.objects.filter(action="partner_read", changes__via="session").count() == 1
    # the enterprise sees both reads on its page; another enterprise sees none of them
    page = client_for("enterprise").get("/account/partner-reads/", **EN).content.decode()
    assert page.count("<td>bank</td>") == 2 and _contacts_url(world) in page
    assert "<td>Contacts</td>" in page
    other_page = client_for("other_enterprise").get("/account/partner-reads/", **EN)
    assert "<td>bank</td>" not in other_page.content.decode()
    assert client_for("partner").get("/account/partner-reads/").status_code == 404
    # … and through the API, with its session or a token of the account area
    listed = client_for("enterprise").get("/api/core/partner-reads").json()
    assert [(r["partner"], r["scope"], r["path"]) for r in listed] == [
        ("bank", "contacts", _contacts_url(world))
    ] * 2
    assert {r["via"] for r in listed} == {"session", read.changes["via"]}
    _, own = _token(world, "enterprise", ["account:read"])
    assert len(anon.get("/api/core/partner-reads", **_bearer(own)).json()) == 2
    assert client_for("other_enterprise").get("/api/core/partner-reads").json() == []
    assert client_for("partner").get("/api/core/partner-reads").status_code == 404
    # withdrawn: closed again
    consent_withdraw(actor=owner, consent=consent)
    assert anon.get(_contacts_url(world), **_bearer(plain)).status_code == 404


# ------------------------------------------------------------------------------ gateway tokens moved in place


@pytest.mark.django_db(transaction=True)
def test_gateway_tokens_made_before_platform_tokens_keep_working(world):
    """diagnosis/0003 moves each old gateway token to core.ApiToken with its hash: the gateway
    holding ``qd_…`` goes on sending measurements; rolled back, the old row comes back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.diagnosis.helpers import batch, make_characteristic

    ch = make_characteristic(world, n=0)
    plain = "qd_" + "legacy-gateway-secret-0123456789abcdef"
    before = [("diagnosis", "0002_default_lists")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldToken = old_apps.get_model("diagnosis", "ApiToken")
    OldToken.objects.create(
        enterprise_id=world.ent_a.pk,
        name="line 3",
        prefix=plain[:12],
        hash=hashlib.sha256(plain.encode()).hexdigest(),
        created_by_id=None,  # its maker is gone: a user of the enterprise owns it now
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = ApiToken.objects.get(name="line 3")
    assert moved.scopes == ["diagnosis:write"] and moved.enterprise_id == world.ent_a.pk
    assert moved.user == world.users["enterprise"]
    r = Client().post(
        f"/api/diagnosis/characteristics/{ch.pk}/batches",
        data=json.dumps(batch([1.0, 2.0])),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert r.status_code == 201, r.content
    # the enterprise's users see it on their token page and can revoke it
    page = Client()
    page.force_login(world.users["enterprise"])
    assert plain[:12] in page.get("/account/tokens/").content.decode()
