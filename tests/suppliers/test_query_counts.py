"""Query-count ceilings of the supplier-quality list pages (tests/generic_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "suppliers",
    also=("suppliers:supplier",),
    # four quarters whatever the rows
    fixed=("GET /api/suppliers/suppliers/{supplier_pk}/trend",),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more suppliers of ent_a; the first gets ``n`` more parts, each with a decided lot
    (one nonconforming item in every other one), and ``n`` more 8Ds, checklists and planned
    audits."""
    from qualitas.suppliers import services
    from qualitas.suppliers.models import Supplier
    from tests.suppliers.factories import customer_actor

    actor = customer_actor(world)
    start = Supplier.objects.count()
    first = Supplier.objects.filter(customer=world.ent_a).order_by("pk").first()
    for i in range(n):
        s = services.supplier_create(
            actor=actor, customer=world.ent_a, code=f"QC-{start + i}", name=f"供应商{start + i}"
        )
        first = first or s
    k = first.parts.count()
    checklist = "number,element,sub_element,star,text_en,text_zh\n1,P5,,0,q,问题\n"
    for i in range(n):
        services.checklist_import(
            actor=actor, customer=world.ent_a, code=f"c{k + i}", name="x", data=checklist.encode()
        )
    for i in range(n):
        part = services.part_create(
            actor=actor, supplier=first, part_number=f"QP-{k + i}", name="垫片", aql="0.65"
        )
        lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=500)
        services.lot_record_result(actor=actor, lot=lot, nonconforming=i % 2)
        services.action_open(actor=actor, supplier=first, title=f"投诉 {i}", source="complaint")
        services.audit_plan(
            actor=actor, supplier=first, planned_on=lot.received_on, lead_auditor="李审核"
        )
    return {"supplier_pk": first.pk}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
