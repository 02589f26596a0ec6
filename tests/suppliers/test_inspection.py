"""Incoming inspection: the plan comes from the GB/T 2828.1 library, the decision from d and Ac/Re,
and bad input is refused with the field named."""

from __future__ import annotations

import csv

import pytest
from django.utils import translation

from qualitas.core.access import Forbidden, actor_for
from qualitas.suppliers import services
from qualitas.suppliers.services import SupplierError
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _reference_row(reference_dir, table: str, letter: str, aql: str) -> dict[str, str]:
    path = reference_dir / "sampling" / f"z14_single_{table}_resolved_AQLSchemes.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return next(
            r for r in csv.DictReader(handle) if r["code_letter"] == letter and r["AQL"] == aql
        )


def test_lot_of_1000_at_aql_1_level_ii_gets_the_published_plan(world, reference_dir):
    # GB/T 2828.1-2012 Table 1: N = 1000, level II → J; Table 2-A: J, AQL 1.0 → n 80, Ac 2, Re 3
    # (the normal table of GB/T 2828.1 equals ISO 2859-1 and the Z1.4 reference table here)
    part = supplier_with_part(world, aql="1")
    lot = services.lot_receive(
        actor=customer_actor(world), part=part, lot_number="L1", lot_size=1000
    )
    row = _reference_row(reference_dir, "normal", "J", "1.0")
    assert (lot.code_letter, lot.sample_size, lot.accept_number, lot.reject_number) == (
        "J",
        80,
        2,
        3,
    )
    assert (lot.sample_size, lot.accept_number, lot.reject_number) == (
        int(row["n"]),
        int(row["Ac"]),
        int(row["Re"]),
    )
    assert lot.severity == "normal" and lot.aql == "1.0"


def test_decision_accepts_at_ac_and_rejects_at_re(world):
    part = supplier_with_part(world)
    actor = customer_actor(world)
    ok = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    bad = services.lot_receive(actor=actor, part=part, lot_number="L2", lot_size=1000)
    assert services.lot_record_result(actor=actor, lot=ok, nonconforming=2).decision == "accepted"
    assert services.lot_record_result(actor=actor, lot=bad, nonconforming=3).decision == "rejected"


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"lot_size": 0}, "lot_size", "a lot size of 0 is refused"),
        ({"lot_size": "many"}, "lot_size", "whole number"),
    ],
)
def test_bad_lot_refused_with_the_field_named(world, kwargs, field, text):
    part = supplier_with_part(world)
    with pytest.raises(SupplierError) as err:
        services.lot_receive(actor=customer_actor(world), part=part, lot_number="L1", **kwargs)
    assert err.value.field == field and text in str(err.value)
    assert not part.lots.exists()


def test_aql_not_in_the_table_refused(world):
    with pytest.raises(SupplierError) as err:
        supplier_with_part(world, aql="0.3")
    assert err.value.field == "aql" and "0.3 is not in the GB/T 2828.1 table" in str(err.value)


def test_result_above_the_sample_size_refused_and_nothing_written(world):
    part = supplier_with_part(world)
    actor = customer_actor(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    with pytest.raises(SupplierError) as err:
        services.lot_record_result(actor=actor, lot=lot, nonconforming=81)
    assert err.value.field == "nonconforming"
    assert "81 nonconforming items is more than the sample size 80" in str(err.value)
    lot.refresh_from_db()
    assert lot.decision == "pending" and lot.nonconforming is None


def test_only_the_customer_writes(world):
    part = supplier_with_part(world)
    with pytest.raises(Forbidden):
        services.lot_receive(
            actor=actor_for(world.users["authority"]), part=part, lot_number="L1", lot_size=50
        )


def test_lot_page_shows_plan_and_decision_in_chinese(world, client_for):
    part = supplier_with_part(world)
    actor = customer_actor(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    c = client_for("enterprise")
    r = c.post(
        f"/suppliers/lots/{lot.pk}/", {"action": "result", "nonconforming": "3"}, follow=True
    )
    assert r.status_code == 200
    r = c.get(f"/suppliers/lots/{lot.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = r.content.decode()
    assert "拒收" in html and "80" in html
