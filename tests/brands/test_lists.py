"""Brand lists through nomination → review → publication, with the audit trail and every
refused move."""

from __future__ import annotations

import pytest

from qualitas.brands import services
from qualitas.brands.services import BrandsError
from qualitas.core.access import Forbidden
from qualitas.core.models import AuditEntry
from tests.brands.factories import actor, brand

pytestmark = pytest.mark.django_db


def _list(world):
    return services.list_create(
        actor=actor(world, "admin"),
        code="famous-2026-t1",
        title_zh="2026年著名消费品品牌（第一档）",
        title_en="Famous consumer product brands 2026, tier one",
        year=2026,
        tier="一档",
    )


def test_nomination_review_publication(world, client_for):
    bl = _list(world)
    b = brand(world)
    other = brand(
        world,
        name_zh="锐创",
        owner_id=world.ent_c.pk,
        role="other_enterprise",
        trademarks=[services.TrademarkInput("87654321", 9)],
    )
    e1 = services.nominate(actor=actor(world, "enterprise"), brand_list=bl, brand=b, reason="销量")
    e2 = services.nominate(actor=actor(world, "admin"), brand_list=bl, brand=other)
    assert (e1.status, e2.status) == ("nominated", "nominated")
    officer = actor(world, "authority")
    # accepting straight from "nominated" is refused: the review starts first
    with pytest.raises(BrandsError) as exc:
        services.review(actor=officer, entry=e1, action="accept")
    assert exc.value.field == "action"
    services.review(actor=officer, entry=e1, action="start")
    assert e1.status == "in_review"
    # publication waits for every nomination to be decided
    with pytest.raises(BrandsError) as exc:
        services.list_publish(actor=officer, brand_list=bl)
    assert exc.value.field == "entries"
    services.review(actor=officer, entry=e1, action="accept", note="符合")
    services.review(actor=officer, entry=e2, action="start")
    with pytest.raises(BrandsError) as exc:  # a rejection gives its reason
        services.review(actor=officer, entry=e2, action="reject")
    assert exc.value.field == "note"
    services.review(actor=officer, entry=e2, action="reject", note="材料不全")
    services.list_publish(actor=officer, brand_list=bl)
    bl.refresh_from_db()
    assert bl.status == "published"
    # the published list shows the accepted brand only, to everyone
    page = client_for("public").get(f"/brands/lists/{bl.pk}/").content.decode()
    assert "恒信" in page and "锐创" not in page
    api = client_for("public").get("/api/brands/lists").json()
    assert api[0]["brands"] == [b.pk]
    # once published, the list takes no nomination and its entries are final
    third = brand(
        world,
        name_zh="华达",
        owner_id=world.ent_b.pk,
        role="admin",
        trademarks=[services.TrademarkInput("11112222", 7)],
    )
    with pytest.raises(BrandsError):
        services.nominate(actor=actor(world, "admin"), brand_list=bl, brand=third)
    with pytest.raises(BrandsError):
        services.review(actor=officer, entry=e2, action="start")
    actions = list(
        AuditEntry.objects.filter(action__startswith="brands.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    for step in (
        "brands.nominate",
        "brands.review_start",
        "brands.review_accept",
        "brands.review_reject",
        "brands.list_publish",
    ):
        assert step in actions


def test_no_one_reviews_their_own_nomination(world):
    bl = _list(world)
    entry = services.nominate(actor=actor(world, "authority"), brand_list=bl, brand=brand(world))
    with pytest.raises(Forbidden):
        services.review(actor=actor(world, "authority"), entry=entry, action="start")
    services.review(actor=actor(world, "admin"), entry=entry, action="start")


def test_only_published_brands_are_nominated_once(world):
    bl = _list(world)
    draft = brand(world, publish=False)
    with pytest.raises(BrandsError) as exc:
        services.nominate(actor=actor(world, "enterprise"), brand_list=bl, brand=draft)
    assert exc.value.field == "brand"
    services.brand_publish(actor=actor(world, "enterprise"), brand=draft)
    services.nominate(actor=actor(world, "enterprise"), brand_list=bl, brand=draft)
    with pytest.raises(BrandsError):
        services.nominate(actor=actor(world, "admin"), brand_list=bl, brand=draft)
    # another enterprise cannot nominate it
    with pytest.raises(Forbidden):
        services.nominate(
            actor=actor(world, "other_enterprise"), brand_list=_list2(world), brand=draft
        )


def _list2(world):
    return services.list_create(
        actor=actor(world, "admin"), code="famous-2027-t1", title_zh="2027", year=2027
    )


def test_an_empty_list_is_not_published(world):
    bl = _list(world)
    with pytest.raises(BrandsError) as exc:
        services.list_publish(actor=actor(world, "admin"), brand_list=bl)
    assert exc.value.field == "entries"
