"""Supplier-quality records for tests: ent_a (Hangzhou) buys from ent_b (Ningbo)."""

from __future__ import annotations

from typing import Any

from qualitas.core.access import actor_for


def customer_actor(world: Any) -> Any:
    return actor_for(world.users["enterprise"])


def supplier_with_part(
    world: Any, *, code: str = "S-001", aql: str = "1.0", level: str = "II"
) -> Any:
    """ent_b on ent_a's list with one part (AQL, level); returns the part."""
    from qualitas.suppliers import services

    actor = customer_actor(world)
    s = services.supplier_create(
        actor=actor, customer=world.ent_a, code=code, enterprise=world.ent_b, contact_name="王工"
    )
    return services.part_create(
        actor=actor, supplier=s, part_number="P-100", name="电芯壳体", aql=aql, level=level
    )
