"""Query-count ceilings of the register list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qualitas.registers.models import Laboratory, LabTestItem
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "registers",
    also=("registers:laboratory",),
    fixed=("registers:lab_new",),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published laboratories in Hangzhou with two test items each; the first one
    gets ``n`` more test items (its page lists them)."""
    from django.utils import timezone

    start = Laboratory.objects.count()
    labs = Laboratory.objects.bulk_create(
        Laboratory(
            code=f"QC-LAB-{start + i}",
            name_zh=f"检验所{start + i}",
            region_id="330100",
            status="published",
            published_at=timezone.now(),
            cma_no=f"{221112050000 + start + i}",
            cma_valid_until=date(2028, 1, 1),
        )
        for i in range(n)
    )
    labs = list(Laboratory.objects.filter(code__in=[lab.code for lab in labs]))
    LabTestItem.objects.bulk_create(
        LabTestItem(lab=lab, name_zh=f"项目{k}", standard="GB 31241-2022", method="9.2")
        for lab in labs
        for k in range(2)
    )
    first = Laboratory.objects.order_by("pk").first()
    LabTestItem.objects.bulk_create(
        LabTestItem(lab=first, name_zh=f"附加{i}", standard="GB 4943.1-2022") for i in range(n)
    )
    return {"lab_pk": first.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
