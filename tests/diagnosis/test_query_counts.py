"""Query-count ceilings of the diagnosis list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from qualitas.core.models import ApiToken
from qualitas.diagnosis.models import Alert, Characteristic, DataSet, Study
from qualitas.registry.models import Product, Site
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "diagnosis",
    # aggregates, forms and the unit list: the same size whatever the rows
    fixed=(
        "diagnosis:authority",
        "diagnosis:characteristic_new",
        "diagnosis:dataset_new",
        "GET /api/diagnosis/units",
    ),
)
T = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more characteristics of ent_a (each on a site and a product, with an open alert),
    studies, data sets and gateway tokens."""
    start = Characteristic.objects.count()
    site = Site.objects.get_or_create(enterprise=world.ent_a, name="一厂", region_id="330100")[0]
    product = Product.objects.filter(enterprise=world.ent_a).first()
    user = world.users["enterprise"]
    for i in range(start, start + n):
        c = Characteristic.objects.create(
            enterprise=world.ent_a,
            name=f"外径{i}",
            unit="mm",
            lsl="9.4",
            usl="10.6",
            target="10.0",
            site=site,
            product=product,
            monitored=True,
            last_cpk=1.2,
            last_cpk_at=T,
        )
        Alert.objects.create(characteristic=c, rule="1", points=[1], opened_at=T, last_at=T)
        Study.objects.create(
            enterprise=world.ent_a,
            kind="control_chart",
            title=f"研究{i}",
            characteristic=c,
            created_by=user,
        )
        DataSet.objects.create(
            enterprise=world.ent_a,
            name=f"数据{i}",
            file=f"diagnosis/datasets/d{i}.csv",
            columns=["time", "value"],
            created_by=user,
        )
        ApiToken.objects.create(
            user=user,
            enterprise=world.ent_a,
            name=f"网关{i}",
            prefix=f"p{i}",
            hash=f"h{i}",
            scopes=["diagnosis:write"],
            created_by=user,
        )
    return {}


@pytest.mark.parametrize("route", ROUTES)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
