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
        and consent.grantee_user == world.users["enterprise"]
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
