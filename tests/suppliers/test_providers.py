"""What supplier quality contributes through core.providers: evidence for the customer, a credit
factor for the supplier, nothing for an enterprise without records."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from qualitas.core.providers import collect_credit, collect_evidence
from qualitas.suppliers import services
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


def _lots(world):
    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    for i, d in enumerate([0, 0, 0, 5]):
        lot = services.lot_receive(actor=actor, part=part, lot_number=f"L{i}", lot_size=1000)
        services.lot_record_result(actor=actor, lot=lot, nonconforming=d)


def test_customer_evidence_and_supplier_credit(world):
    _lots(world)
    with translation.override("en"):
        (offer,) = [e for e in collect_evidence(world.ent_a.pk) if e.source_app == "suppliers"]
        assert str(offer.text).startswith(
            "Incoming inspection by GB/T 2828.1: 4 lots decided, 1 rejected, 15625 PPM"
        )
        (factor,) = [
            f
            for f in collect_credit(world.ent_b.pk, date.today())
            if f.key == "supplier_lot_acceptance"
        ]
        assert factor.value == 0.75 and "3 of 4 lots accepted" in str(factor.explanation)


def test_nothing_for_an_enterprise_without_records(world):
    assert not [e for e in collect_evidence(world.ent_c.pk) if e.source_app == "suppliers"]
    (factor,) = [
        f
        for f in collect_credit(world.ent_c.pk, date.today())
        if f.key == "supplier_lot_acceptance"
    ]
    assert factor.value is None
