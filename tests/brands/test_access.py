"""Who may do what with brands, per role: registering, seeing drafts and brand officers,
evaluating, nominating, reviewing and publishing lists."""

from __future__ import annotations

import pytest

from qualitas.brands import services
from qualitas.core.access import (
    Forbidden,
    NotFound,
    may_evaluate_brands,
    may_publish_brand_lists,
)
from qualitas.registry.models import Contact
from tests.brands.factories import actor, brand, method

pytestmark = pytest.mark.django_db

ROLES = (
    "enterprise",
    "other_enterprise",
    "evaluator",
    "institution_manager",
    "reviewer",
    "authority",
    "partner",
    "admin",
)


def test_roles_that_evaluate_and_run_lists(world):
    evaluate = {r for r in ROLES if may_evaluate_brands(actor(world, r))}
    lists = {r for r in ROLES if may_publish_brand_lists(actor(world, r))}
    assert evaluate == {"evaluator", "authority", "admin"}
    assert lists == {"authority", "admin"}


def test_a_draft_brand_and_its_officers_are_seen_by_owner_region_and_admin(world, client_for):
    b = brand(world, publish=False)
    contact = Contact.objects.filter(enterprise=world.ent_a).first()
    services.officer_add(
        actor=actor(world, "enterprise"), brand=b, contact_id=contact.pk, duty="品牌官"
    )
    expected = {
        "enterprise": 200,
        "authority": 200,
        "admin": 200,
        "public": 404,
        "other_enterprise": 404,
        "partner": 404,
        "evaluator": 404,
    }
    for role, status in expected.items():
        r = client_for(role).get(f"/brands/{b.pk}/")
        assert r.status_code == status, role
        if status == 200:
            assert contact.email in r.content.decode(), role
    services.brand_publish(actor=actor(world, "enterprise"), brand=b)
    for role in ("public", "other_enterprise", "partner"):
        page = client_for(role).get(f"/brands/{b.pk}/").content.decode()
        assert "恒信" in page
        assert contact.email not in page, role  # officers are contacts: private
    api = client_for("public").get(f"/api/brands/brands/{b.pk}").json()
    assert api["trademarks"] == [
        {"number": "12345678", "nice_class": 9, "registered_on": None, "valid_until": None}
    ]


def test_who_registers_which_brand(world):
    # an enterprise registers its own brands, not another's, and no cluster
    with pytest.raises(Forbidden):
        brand(world, owner_id=world.ent_c.pk)
    with pytest.raises(Forbidden):
        services.brand_create(
            actor=actor(world, "enterprise"),
            kind="cluster",
            name_zh="杭州电池",
            category="锂离子电池",
            region_code="330100",
            member_ids=[world.ent_a.pk],
        )
    # the Zhejiang officer registers a Zhejiang cluster, not a Guangdong one
    cluster = services.brand_create(
        actor=actor(world, "authority"),
        kind="cluster",
        name_zh="浙江电池",
        category="锂离子电池",
        region_code="330000",
        member_ids=[world.ent_a.pk, world.ent_b.pk],
        publish=True,
    )
    assert set(cluster.enterprises.values_list("pk", flat=True)) == {world.ent_a.pk, world.ent_b.pk}
    with pytest.raises(Forbidden):
        services.brand_create(
            actor=actor(world, "authority"),
            kind="cluster",
            name_zh="深圳电子",
            category="电子",
            region_code="440300",
            member_ids=[world.ent_c.pk],
        )
    # a cluster's members lie in its region
    with pytest.raises(services.BrandsError) as exc:
        services.brand_create(
            actor=actor(world, "admin"),
            kind="cluster",
            name_zh="杭州电池",
            category="锂离子电池",
            region_code="330100",
            member_ids=[world.ent_a.pk, world.ent_c.pk],
        )
    assert exc.value.field == "members"
    for role in ("evaluator", "partner", "reviewer"):
        with pytest.raises(Forbidden):
            brand(world, role=role)


def test_trademark_checks(world):
    with pytest.raises(services.BrandsError) as exc:
        brand(world, trademarks=[services.TrademarkInput("1", 46)])
    assert (exc.value.field, exc.value.row) == ("nice_class", 1)
    brand(world)
    with pytest.raises(services.BrandsError) as exc:  # the same number and class twice
        brand(world, name_zh="恒信二", trademarks=[services.TrademarkInput("12345678", 9)])
    assert exc.value.field == "number"


def test_pages_per_role(world, client_for):
    method(world)
    b = brand(world)
    for role in ("evaluator", "authority", "admin"):
        assert client_for(role).get(f"/brands/{b.pk}/evaluate/").status_code == 200, role
    for role in ("enterprise", "partner", "reviewer"):
        assert client_for(role).get(f"/brands/{b.pk}/evaluate/").status_code == 404, role
    assert client_for("public").get(f"/brands/{b.pk}/evaluate/").status_code == 302
    with pytest.raises(NotFound):
        from qualitas.brands.selectors import brand_get

        brand_get(
            actor=actor(world, "other_enterprise"),
            pk=brand(world, publish=False, name_zh="草稿", trademarks=[]).pk,
        )
