"""Chain evaluation: invitations by credit code, consent through core.Consent, withdrawal."""

from __future__ import annotations

import pytest

from qualitas.core.choices import ConsentScope
from qualitas.core.models import Consent
from tests.evaluation.conftest import submitted_assessment

pytestmark = pytest.mark.django_db


def test_leader_sees_a_supplier_only_after_consent_and_until_withdrawn(world, fw, client_for):
    submitted_assessment(world.users["other_enterprise"], upto=2)  # ent_c, the supplier
    leader, supplier = client_for("enterprise"), client_for("other_enterprise")
    r = leader.post(
        "/api/evaluation/chain/invitations",
        {
            "credit_codes": [
                world.ent_c.credit_code,
                "91330100MA00000000",
                world.ent_a.credit_code,
            ],
            "required_level": 3,
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    body = r.json()
    assert len(body["invited"]) == 1 and len(body["problems"]) == 2
    view = leader.get("/api/evaluation/chain").json()
    assert view["n"] == 0 and view["suppliers"] == []  # not accepted yet: nothing shown
    inv = body["invited"][0]
    assert (
        leader.post(
            f"/api/evaluation/chain/invitations/{inv}/respond",
            {"accept": True},
            content_type="application/json",
        ).status_code
        == 404
    )  # only the supplier answers
    assert (
        supplier.post(
            f"/api/evaluation/chain/invitations/{inv}/respond",
            {"accept": True},
            content_type="application/json",
        ).status_code
        == 200
    )
    consent = Consent.objects.get(enterprise=world.ent_c)
    assert (
        consent.scope == ConsentScope.CAPABILITY
        and consent.grantee_enterprise_id == world.ent_a.pk  # the leading enterprise
        and consent.grantee_user is None
    )
    view = leader.get("/api/evaluation/chain").json()
    assert (
        view["n"] == 1
        and view["suppliers"][0]["level"] == 2
        and view["suppliers"][0]["source"] == "self"
    )
    assert (
        view["share_at_required"] == 0.0
        and view["weakest_level"] == 2
        and view["weakest_dimension"] in ("D1", "D2", "D3", "D4")
    )
    page = leader.get("/evaluation/chain/")
    assert page.status_code == 200 and world.ent_c.name_zh in page.content.decode()
    assert supplier.post(f"/api/evaluation/chain/invitations/{inv}/withdraw").status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert leader.get("/api/evaluation/chain").json()["n"] == 0


def test_declined_invitation_shows_nothing(world, fw, client_for):
    leader, supplier = client_for("enterprise"), client_for("other_enterprise")
    inv = leader.post(
        "/api/evaluation/chain/invitations",
        {"credit_codes": [world.ent_c.credit_code]},
        content_type="application/json",
    ).json()["invited"][0]
    supplier.post(
        f"/api/evaluation/chain/invitations/{inv}/respond",
        {"accept": False},
        content_type="application/json",
    )
    assert leader.get("/api/evaluation/chain").json()["n"] == 0
    assert not Consent.objects.exists()


def _accepted_chain(world):
    """ent_a leads, ent_c (with a submitted self-assessment at L2) accepts; returns the invitation."""
    from qualitas.evaluation import services
    from tests.evaluation.conftest import actor

    submitted_assessment(world.users["other_enterprise"], upto=2)
    (inv,), _ = services.chain_invite(
        actor=actor(world.users["enterprise"]), credit_codes=[world.ent_c.credit_code]
    )
    return services.chain_respond(
        actor=actor(world.users["other_enterprise"]), invitation=inv, accept=True
    )


def test_every_user_of_the_leader_sees_the_supplier_until_withdrawn(world, fw, client_for):
    from django.test import Client

    from qualitas.core.access import can_see_private, enterprise_private_q
    from qualitas.evaluation import services
    from qualitas.registry.models import Enterprise
    from tests.evaluation.conftest import actor
    from tests.factories import make_user

    second = make_user("ent_a_second", "enterprise", enterprise=world.ent_a)
    stranger = make_user("ent_b_user", "enterprise", enterprise=world.ent_b)
    inv = _accepted_chain(world)

    def sees(user) -> bool:
        act = actor(user)
        by_q = Enterprise.objects.filter(
            enterprise_private_q(act, scope=ConsentScope.CAPABILITY), pk=world.ent_c.pk
        ).exists()
        one = can_see_private(act, world.ent_c, scope=ConsentScope.CAPABILITY)
        assert by_q == one
        return one

    def chain_n(user) -> int:
        c = Client()
        c.force_login(user)
        return c.get("/api/evaluation/chain").json()["n"]

    assert sees(world.users["enterprise"]) and sees(second)
    assert chain_n(second) == 1
    second_view = Client()
    second_view.force_login(second)
    view = second_view.get("/api/evaluation/chain").json()
    assert view["suppliers"][0]["level"] == 2 and view["suppliers"][0]["source"] == "self"
    # other enterprises never see it, nor other roles through this consent
    assert not sees(stranger) and chain_n(stranger) == 0
    assert not sees(world.users["evaluator"]) and not sees(world.users["institution_manager"])
    # withdrawal removes it for all of the leader's users
    services.chain_withdraw(actor=actor(world.users["other_enterprise"]), invitation=inv)
    assert not sees(world.users["enterprise"]) and not sees(second)
    assert chain_n(world.users["enterprise"]) == 0 and chain_n(second) == 0


def test_data_migration_moves_chain_consents_to_the_leader(world, fw):
    """Chain consents made the old way (to the inviting user) are converted in place."""
    import importlib

    from django.apps import apps

    from qualitas.core.access import can_see_private
    from tests.evaluation.conftest import actor
    from tests.factories import make_user

    mig = importlib.import_module(
        "qualitas.evaluation.migrations.0003_chain_consents_to_enterprise"
    )
    inv = _accepted_chain(world)
    Consent.objects.filter(pk=inv.consent_id).update(
        grantee_enterprise=None, grantee_user=world.users["enterprise"]
    )
    # an unrelated consent to a user is left alone
    other = Consent.objects.create(
        enterprise=world.ent_a, grantee_user=world.users["evaluator"], scope=ConsentScope.CONTACTS
    )
    second = make_user("ent_a_second", "enterprise", enterprise=world.ent_a)
    assert not can_see_private(actor(second), world.ent_c, scope=ConsentScope.CAPABILITY)
    mig.to_enterprise(apps, None)
    c = Consent.objects.get(pk=inv.consent_id)
    assert c.grantee_enterprise_id == world.ent_a.pk and c.grantee_user_id is None
    assert c.withdrawn_at is None
    other.refresh_from_db()
    assert (
        other.grantee_user_id == world.users["evaluator"].pk and other.grantee_enterprise_id is None
    )
    assert can_see_private(actor(second), world.ent_c, scope=ConsentScope.CAPABILITY)
    mig.to_user(apps, None)
    c.refresh_from_db()
    assert c.grantee_user_id == world.users["enterprise"].pk and c.grantee_enterprise_id is None
