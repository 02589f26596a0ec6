"""Forerunner ranking: ties, direction, units, the published list and its export."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from qualitas.core.access import actor_for
from qualitas.standards import services
from qualitas.standards.ranking import rank_forerunners
from qualitas.standards.services import IndicatorInput, StandardsError


def test_ties_share_a_rank_and_a_tie_at_the_last_place_is_in() -> None:
    # 10 entries, share 0.2 → 2 places; values (lower is better) 1, 2, 2, 3, ...: ranks 1, 2, 2, 4
    entries = [("a", D(1)), ("b", D(2)), ("c", D(2))] + [(f"z{i}", D(3 + i)) for i in range(7)]
    ranked = rank_forerunners(entries, lower_is_better=True)
    assert [(r.key, r.rank, r.forerunner) for r in ranked[:4]] == [
        ("a", 1, True),
        ("b", 2, True),
        ("c", 2, True),  # tied with the last forerunner place: in
        ("z0", 4, False),
    ]


def test_higher_is_better_for_a_lower_limit_and_too_few_make_no_list() -> None:
    ranked = rank_forerunners([("a", D(5)), ("b", D(9)), ("c", D(7))], lower_is_better=False)
    assert [(r.key, r.rank, r.forerunner) for r in ranked] == [
        ("b", 1, True),
        ("c", 2, False),
        ("a", 3, False),
    ]
    assert rank_forerunners([("a", D(1)), ("b", D(2))], lower_is_better=True) == []


def _declare(world, enterprise, *, value: str, unit: str = "mAh", name: str = "P") -> None:
    from qualitas.registry.models import Product

    product = Product.objects.create(enterprise=enterprise, name_zh=name, category="锂离子电池")
    services.declaration_create(
        actor=actor_for(world.users["admin"]),
        product_id=product.pk,
        standards=["Q/HZXF 001-2024"],
        indicators=[
            IndicatorInput(
                key="capacity", name_zh="额定容量", unit=unit, limit_kind="min", value=value
            )
        ],
        publish=True,
    )


@pytest.mark.django_db
def test_a_published_list_ranks_in_one_unit_and_is_public(world, client_for) -> None:
    from django.utils import timezone

    _declare(world, world.ent_a, value="5000", name="A")
    _declare(world, world.ent_b, value="5.2", unit="Ah", name="B")  # 5200 mAh: first
    _declare(world, world.ent_c, value="4800", name="C")
    _declare(world, world.ent_c, value="5000", name="D")  # tied with A
    _declare(world, world.ent_a, value="4000", name="E")
    year = timezone.localdate().year
    fl = services.forerunner_publish(
        actor=actor_for(world.users["authority"]), category="锂离子电池", key="capacity", year=year
    )
    rows = [
        (e.declaration.product.name_zh, e.rank, e.value, e.forerunner) for e in fl.entries.all()
    ]
    # 5 entries, share 0.2 → 1 place: only B
    assert rows == [
        ("B", 1, D("5200"), True),
        ("A", 2, D("5000"), False),
        ("D", 2, D("5000"), False),
        ("C", 4, D("4800"), False),
        ("E", 5, D("4000"), False),
    ]
    page = client_for("public").get(f"/standards/forerunners/{fl.pk}/").content.decode()
    assert "≥ 5200 mAh" in page
    csv = client_for("public").get(f"/standards/forerunners/{fl.pk}.csv?header=keys")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "rank,forerunner,enterprise,credit_code,product,value,unit"
    assert lines[1].startswith("1,True,")


@pytest.mark.django_db
def test_only_officers_publish_and_a_list_needs_three(world) -> None:
    from django.utils import timezone

    _declare(world, world.ent_a, value="5000", name="A")
    _declare(world, world.ent_b, value="5100", name="B")
    year = timezone.localdate().year
    with pytest.raises(StandardsError):
        services.forerunner_publish(
            actor=actor_for(world.users["enterprise"]),
            category="锂离子电池",
            key="capacity",
            year=year,
        )
    with pytest.raises(StandardsError) as err:
        services.forerunner_publish(
            actor=actor_for(world.users["admin"]), category="锂离子电池", key="capacity", year=year
        )
    assert err.value.field == "key" and err.value.params["min"] == 3
