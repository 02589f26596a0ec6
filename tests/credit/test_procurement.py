"""Procurement eligibility: eligible or not with the grounds, and a signature verified from the
published key alone."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.credit import services
from tests.credit.factories import published_record, second_officer

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _verify_offline(answer: dict, public_key_b64: str) -> bool:
    """What a procurement system does: only the published key and the canonical form."""
    body = {k: v for k, v in answer.items() if k != "signature"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
    try:
        key.verify(base64.b64decode(answer["signature"]), data)
    except Exception:
        return False
    return True


def test_eligible_enterprise_and_the_signature(world, client) -> None:
    key = client.get("/api/credit/signing-key").json()
    assert key["algorithm"] == "Ed25519"
    answer = client.get(
        "/api/credit/eligibility",
        {"credit_code": world.ent_b.credit_code, "purpose": "procurement"},
    ).json()
    assert answer["eligible"] is True and answer["grounds"] == []
    assert _verify_offline(answer, key["public_key"])
    tampered = {**answer, "eligible": False}
    assert not _verify_offline(tampered, key["public_key"])


def test_serious_list_and_major_penalty_exclude(world, client) -> None:
    rec = published_record(
        world,
        decided_on=timezone.localdate() - timedelta(days=30),
        major=True,
        penalty_type="licence",
        amount="",
    )
    entry = services.listing_create(
        actor=actor_for(world.users["authority"]),
        credit_code=world.ent_a.credit_code,
        region="330100",
        kind="serious",
        grounds="较重行政处罚，情节严重",
        authority_zh="浙江省市场监督管理局",
        entered_on=timezone.localdate() - timedelta(days=20),
        record_pk=rec.pk,
    )
    services.listing_publish(actor=actor_for(second_officer(world)), pk=entry.pk)
    answer = client.get(
        "/api/credit/eligibility", {"credit_code": world.ent_a.credit_code, "purpose": "bidding"}
    ).json()
    assert answer["eligible"] is False
    assert [g["kind"] for g in answer["grounds"]] == ["serious_list", "major_penalty"]
    assert answer["grounds"][1]["decision_no"] == rec.decision_no
    key = client.get("/api/credit/signing-key").json()["public_key"]
    assert _verify_offline(answer, key)


def test_refusals(world, client) -> None:
    bad = client.get(
        "/api/credit/eligibility", {"credit_code": world.ent_a.credit_code, "purpose": "x"}, **EN
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "purpose"
    unknown = client.get(
        "/api/credit/eligibility", {"credit_code": "91330100MA00000000", "purpose": "procurement"}
    )
    assert unknown.status_code == 404


def test_serious_list_needs_a_published_heavier_penalty(world) -> None:
    with pytest.raises(services.CreditError) as no_grounds:
        services.listing_create(
            actor=actor_for(world.users["authority"]),
            credit_code=world.ent_a.credit_code,
            region="330100",
            kind="serious",
            grounds="x",
            authority_zh="浙江省市场监督管理局",
            entered_on=timezone.localdate(),
        )
    assert no_grounds.value.field == "record"
