"""The brands API: register, evaluate, nominate, review and publish; refusals name the field."""

from __future__ import annotations

import pytest

from tests.brands.factories import method

pytestmark = pytest.mark.django_db


def test_brand_api_round_trip(world, client_for):
    method(world)
    ent = client_for("enterprise")
    body = {
        "kind": "enterprise",
        "name_zh": "恒信",
        "category": "锂离子电池",
        "owner_id": world.ent_a.pk,
        "trademarks": [{"number": "555", "nice_class": 9}],
        "publish": True,
    }
    r = ent.post("/api/brands/brands", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    bad = ent.post(
        "/api/brands/brands",
        {**body, "trademarks": [{"number": "556", "nice_class": 50}]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "nice_class" in str(bad.json())
    other = client_for("other_enterprise").post(
        "/api/brands/brands", {**body, "name_zh": "冒名"}, content_type="application/json"
    )
    assert other.status_code == 403
    scores = {"strategy": 80, "quality": 90, "recognition": 60, "reputation": 71}
    assert (
        ent.post(
            f"/api/brands/brands/{pk}/evaluations",
            {"scores": scores},
            content_type="application/json",
        ).status_code
        == 403
    )
    r = client_for("evaluator").post(
        f"/api/brands/brands/{pk}/evaluations", {"scores": scores}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["total"] == 73.7
    from qualitas.brands import services
    from tests.brands.factories import actor

    bl = services.list_create(actor=actor(world, "admin"), code="l", title_zh="名单", year=2026)
    r = ent.post(
        f"/api/brands/lists/{bl.pk}/nominations", {"brand_id": pk}, content_type="application/json"
    )
    assert r.status_code == 201
    entry = r.json()["id"]
    officer = client_for("authority")
    for action in ("start", "accept"):
        r = officer.post(
            f"/api/brands/nominations/{entry}/review",
            {"action": action},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["status"] in ("in_review", "accepted")
    assert officer.post(f"/api/brands/lists/{bl.pk}/publish").json()["brands"] == [pk]
    assert client_for("public").get(f"/api/brands/brands/{pk}").json()["lists"] == ["l"]
