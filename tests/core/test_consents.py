"""Consents as enterprise users manage them, on the page and through the API: grant to an institution
or a user, withdraw; the grantee sees the data only meanwhile; every grant and withdrawal audited."""

from __future__ import annotations

import pytest
from django.test import override_settings

from qualitas.core.models import AuditEntry, Consent

pytestmark = pytest.mark.django_db


def _contacts(client, world):
    return client.get(f"/api/registry/enterprises/{world.ent_a.pk}/contacts").status_code


def test_page_grant_to_institution_then_withdraw(world, client_for):
    c = client_for("enterprise")
    evaluator = client_for("evaluator")
    assert _contacts(evaluator, world) == 404
    page = c.get("/consents/")
    assert (
        page.status_code == 200 and world.institution.name_zh in page.content.decode()
    )  # chosen from a list
    r = c.post(
        "/consents/",
        {"scope": "contacts", "grantee_kind": "institution", "institution": world.institution.pk},
    )
    assert r.status_code == 302 and r["Location"] == "/consents/"
    consent = Consent.objects.get(enterprise=world.ent_a)
    assert consent.grantee_institution_id == world.institution.pk and consent.withdrawn_at is None
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.model, entry.object_pk, entry.actor) == (
        "grant",
        "core.consent",
        str(consent.pk),
        "ent",
    )
    # every member of the institution now sees the contacts, on the API and on the profile page
    assert _contacts(evaluator, world) == 200 and _contacts(client_for("reviewer"), world) == 200
    assert (
        'data-testid="contacts"'
        in evaluator.get(f"/enterprises/{world.ent_a.pk}/").content.decode()
    )
    html = c.get("/consents/").content.decode()
    assert f'data-consent="{consent.pk}"' in html
    r = c.post(f"/consents/{consent.pk}/withdraw/")
    assert r.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditEntry.objects.order_by("-seq").first().action == "withdraw"
    assert _contacts(evaluator, world) == 404
    assert (
        "撤回" in c.get("/consents/").content.decode()
        or "Withdrawn" in c.get("/consents/").content.decode()
    )


def test_page_grant_to_user_by_name_and_bad_input_names_the_field(world, client_for):
    c = client_for("enterprise")
    r = c.post("/consents/", {"scope": "contacts", "grantee_kind": "user", "username": "nobody"})
    assert r.status_code == 200 and list(r.context["form"].errors) == ["username"]
    r = c.post("/consents/", {"scope": "contacts", "grantee_kind": "institution"})
    assert list(r.context["form"].errors) == ["institution"]
    r = c.post("/consents/", {"scope": "everything", "grantee_kind": "user", "username": "ent_c"})
    assert "scope" in r.context["form"].errors
    assert not Consent.objects.exists()
    c.post("/consents/", {"scope": "contacts", "grantee_kind": "user", "username": "ent_c"})
    assert _contacts(client_for("other_enterprise"), world) == 200
    # the same consent twice: refused, the field named
    again = c.post("/consents/", {"scope": "contacts", "grantee_kind": "user", "username": "ent_c"})
    assert again.status_code == 200 and list(again.context["form"].errors) == ["scope"]
    assert Consent.objects.count() == 1


def test_only_the_owner_withdraws_and_refusal_looks_like_missing(world, client_for):
    from qualitas.core.access import actor_for
    from qualitas.core.services import consent_grant

    consent = consent_grant(
        actor=actor_for(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        scope="contacts",
        grantee_institution_id=world.institution.pk,
    )
    for role in ("other_enterprise", "evaluator", "authority", "admin"):
        c = client_for(role)
        assert (
            c.post(f"/consents/{consent.pk}/withdraw/").status_code
            == c.post("/consents/999999/withdraw/").status_code
            == 404
        )
        api = c.post(f"/api/core/consents/{consent.pk}/withdraw")
        assert api.status_code == c.post("/api/core/consents/999999/withdraw").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    # another enterprise's page does not list it
    assert (
        f'data-consent="{consent.pk}"'
        not in client_for("other_enterprise").get("/consents/").content.decode()
    )
    assert (
        client_for("public").post(f"/consents/{consent.pk}/withdraw/").status_code == 302
    )  # to the login page


@pytest.mark.parametrize(
    ("role", "status"),
    [("public", 302), ("evaluator", 404), ("authority", 404), ("admin", 404), ("enterprise", 200)],
)
def test_consents_page_by_role(world, client_for, role, status):
    assert client_for(role).get("/consents/").status_code == status


def test_api_list_grant_withdraw(world, client_for):
    c = client_for("enterprise")
    assert c.get("/api/core/consents").json() == []
    r = c.post(
        "/api/core/consents",
        {"scope": "sites", "grantee_institution_id": world.institution.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    body = r.json()
    assert (
        body["scope"] == "sites"
        and body["grantee_institution"] == world.institution.pk
        and body["active"]
        and body["enterprise"] == world.ent_a.pk
    )
    r = c.post(
        "/api/core/consents",
        {"scope": "contacts", "grantee_username": "eva"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["grantee_user"] == "eva"
    assert [x["scope"] for x in c.get("/api/core/consents").json()] == ["contacts", "sites"]
    w = c.post(f"/api/core/consents/{body['id']}/withdraw")
    assert w.status_code == 200 and w.json()["active"] is False and w.json()["withdrawn_at"]
    assert [x["scope"] for x in c.get("/api/core/consents", {"active": True}).json()] == [
        "contacts"
    ]
    assert [e.action for e in AuditEntry.objects.filter(model="core.consent").order_by("seq")] == [
        "grant",
        "grant",
        "withdraw",
    ]
    # the other enterprise sees none of them
    assert client_for("other_enterprise").get("/api/core/consents").json() == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"scope": "everything", "grantee_username": "eva"}, "scope"),
        ({"scope": "contacts", "grantee_username": "nobody"}, "grantee_username"),
        ({"scope": "contacts", "grantee_institution_id": 999999}, "grantee_institution_id"),
        ({"scope": "contacts"}, "grantee_username"),
        (
            {"scope": "contacts", "grantee_username": "eva", "grantee_institution_id": 1},
            "grantee_username",
        ),
    ],
)
def test_api_bad_input_is_422_naming_the_field(world, client_for, payload, field):
    r = client_for("enterprise").post(
        "/api/core/consents", payload, content_type="application/json"
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == field
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("public", 401), ("evaluator", 403), ("authority", 403), ("admin", 403)]
)
def test_api_refusals(world, client_for, role, status):
    c = client_for(role)
    assert c.get("/api/core/consents").status_code == status
    assert (
        c.post(
            "/api/core/consents",
            {"scope": "contacts", "grantee_username": "eva"},
            content_type="application/json",
        ).status_code
        == status
    )


def test_api_list_query_count(world, client_for, django_assert_max_num_queries):
    from qualitas.core.access import actor_for
    from qualitas.core.services import consent_grant

    actor = actor_for(world.users["enterprise"])
    for scope in ("contacts", "sites", "quality_data", "capability"):
        consent_grant(
            actor=actor,
            enterprise_id=world.ent_a.pk,
            scope=scope,
            grantee_institution_id=world.institution.pk,
        )
        consent_grant(
            actor=actor,
            enterprise_id=world.ent_a.pk,
            scope=scope,
            grantee_user=world.users["evaluator"],
        )
    c = client_for("enterprise")
    with django_assert_max_num_queries(4):
        assert len(c.get("/api/core/consents").json()) == 8
    with django_assert_max_num_queries(8):
        assert c.get("/consents/").status_code == 200


def test_consent_to_an_enterprise_reaches_all_its_enterprise_users(world, client_for):
    """A consent to an enterprise: every enterprise user of it sees the data (row filter and
    single check agree), no one else does, and a withdrawal removes it for all of them."""
    from qualitas.core.access import actor_for, can_see_private, enterprise_private_q
    from qualitas.core.services import ProfileError, consent_grant, consent_withdraw
    from qualitas.registry.models import Enterprise
    from tests.factories import make_user

    second = make_user("ent_c_second", "enterprise", enterprise=world.ent_c)
    stranger = make_user("ent_b_user", "enterprise", enterprise=world.ent_b)

    def sees(user) -> bool:
        act = actor_for(user)
        one = can_see_private(act, world.ent_a, scope="contacts")
        by_q = Enterprise.objects.filter(
            enterprise_private_q(act, scope="contacts"), pk=world.ent_a.pk
        ).exists()
        assert one == by_q
        return one

    owner = actor_for(world.users["enterprise"])
    assert not sees(world.users["other_enterprise"])
    consent = consent_grant(
        actor=owner,
        enterprise_id=world.ent_a.pk,
        scope="contacts",
        grantee_enterprise_id=world.ent_c.pk,
    )
    assert sees(world.users["other_enterprise"]) and sees(second)
    assert _contacts(client_for("other_enterprise"), world) == 200
    assert not sees(stranger) and not sees(world.users["evaluator"])
    assert world.ent_c.name in client_for("enterprise").get("/consents/").content.decode()
    # another scope is not granted
    assert not can_see_private(actor_for(second), world.ent_a, scope="quality_data")
    entry = AuditEntry.objects.filter(model="core.consent", object_pk=str(consent.pk)).get()
    assert entry.action == "grant" and entry.changes["grantee_enterprise"] == world.ent_c.pk
    consent_withdraw(actor=owner, consent=consent)
    assert not sees(world.users["other_enterprise"]) and not sees(second)
    assert _contacts(client_for("other_enterprise"), world) == 404
    with pytest.raises(ProfileError):
        consent_grant(
            actor=owner,
            enterprise_id=world.ent_a.pk,
            scope="contacts",
            grantee_enterprise_id=world.ent_a.pk,
        )
    assert Consent.objects.filter(grantee_enterprise__isnull=False).count() == 1


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_granting_cannot_be_used_to_probe_user_names(world, client_for):
    """Issue 16 §10: an administrator, an inactive user and the enterprise's own colleague get
    the words an unknown name gets; after ten misses an hour every name is refused."""
    from django.core.cache import cache

    from tests.factories import make_user

    cache.clear()
    colleague = make_user("colleague", "enterprise", enterprise=world.ent_a)
    c = client_for("enterprise")

    def answer(name: str) -> tuple[int, str]:
        r = c.post(
            "/api/core/consents",
            {"scope": "contacts", "grantee_username": name},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        return r.status_code, r.json()["detail"][0]["msg"] if r.status_code != 201 else ""

    unknown = answer("nobody-at-all")
    assert unknown == (422, "no user with this user name")
    assert answer(world.users["admin"].username) == unknown
    assert answer(colleague.username) == unknown
    for i in range(7):
        assert answer(f"guess-{i}") == unknown
    # the eleventh try, even with a real name, is refused
    assert answer(world.users["partner"].username) == (
        422,
        "too many unknown user names; try again in an hour",
    )
    assert not Consent.objects.exists()
    cache.clear()
    assert answer(world.users["partner"].username) == (201, "")
