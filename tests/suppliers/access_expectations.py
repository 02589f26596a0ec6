"""What every role gets from each supplier-quality page and API endpoint (read by
tests/core/test_access_matrix.py). The world: ent_a (Hangzhou, the ``enterprise`` user's) buys a
part from ent_b (Ningbo); one lot received and decided."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

# ent_a's records: its own users, Zhejiang's officer (reads), admins; nobody else
CUSTOMER_SIDE = ("enterprise", "authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.suppliers import services
    from qualitas.suppliers.models import IncomingLot
    from tests.suppliers.factories import customer_actor, supplier_with_part

    lot = IncomingLot.objects.filter(lot_number="ACC-L1").first()
    if lot is None:
        part = supplier_with_part(world, code="ACC")
        lot = services.lot_receive(
            actor=customer_actor(world), part=part, lot_number="ACC-L1", lot_size=1000
        )
        services.lot_record_result(actor=customer_actor(world), lot=lot, nonconforming=0)
    return {"supplier_pk": lot.part.supplier_id, "lot_pk": lot.pk}


PAGES = {
    "suppliers:home": only(
        ("enterprise", "other_enterprise", "authority", "admin"), other=404, public=302
    ),
    "suppliers:supplier": only(CUSTOMER_SIDE, other=404, public=302),
    "suppliers:lot": only(CUSTOMER_SIDE, other=404, public=302),
}

API: dict[str, Any] = {}
