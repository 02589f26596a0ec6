"""Switching rules per supplier and part (GB/T 2828.1-2012 clause 9: 正常检验/加严检验/放宽检验),
on a sequence worked by hand.

Part: AQL 1.0, level II, every lot N = 1000 → code letter J.
Plans (Tables 2-A/2-B/2-C): normal n 80 Ac 2 Re 3; tightened n 80 Ac 1 Re 2; reduced n 32
Ac 1 Re 2. One AQL step tighter (0.65) in row J of Table 2-A: Ac 1 — the switching score adds
3 for a lot with d ≤ 1 (Ac ≥ 2 rule, 9.3.3.2), otherwise resets to 0.

 lot  severity   n  d  decision  score  next        why
  1   normal    80  3  rejected    0    normal      first rejection in the window
  2   normal    80  0  accepted    3    normal
  3   normal    80  3  rejected    —    tightened   2 of the last 3 lots rejected (9.3.1)
  4-8 tightened 80  0  accepted    —    normal      after lot 8: 5 in a row accepted (9.3.2)
  9-18 normal   80  1  accepted  3…30   reduced     after lot 18: score 30 + approval (9.3.3)
 19   reduced   32  2  rejected    —    normal      a lot rejected on reduced (9.3.4)
"""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.suppliers import services
from qualitas.suppliers.services import SupplierError
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _run(world, part, number: int, d: int):
    actor = customer_actor(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number=f"L{number}", lot_size=1000)
    return services.lot_record_result(actor=actor, lot=lot, nonconforming=d)


def test_hand_worked_sequence_normal_tightened_normal_reduced_normal(world):
    part = supplier_with_part(world, aql="1.0")
    services.part_set_reduced_approval(actor=customer_actor(world), part=part, approved=True)
    seen = []
    ds = [3, 0, 3] + [0] * 5 + [1] * 10 + [2]
    for number, d in enumerate(ds, start=1):
        lot = _run(world, part, number, d)
        part.refresh_from_db()
        seen.append(
            (
                number,
                lot.severity,
                lot.sample_size,
                lot.accept_number,
                lot.decision,
                lot.severity_after,
            )
        )
        if number == 2:
            assert part.switching_score == 3
    expected = (
        [
            (1, "normal", 80, 2, "rejected", "normal"),
            (2, "normal", 80, 2, "accepted", "normal"),
            (3, "normal", 80, 2, "rejected", "tightened"),
        ]
        + [(n, "tightened", 80, 1, "accepted", "tightened") for n in range(4, 8)]
        + [(8, "tightened", 80, 1, "accepted", "normal")]
        + [(n, "normal", 80, 2, "accepted", "normal") for n in range(9, 18)]
        + [(18, "normal", 80, 2, "accepted", "reduced")]
        + [(19, "reduced", 32, 1, "rejected", "normal")]
    )
    assert seen == expected
    reasons = dict(part.lots.values_list("lot_number", "switch_reason"))
    assert reasons["L3"] == "to_tightened"
    assert reasons["L8"] == "tightened_to_normal"
    assert reasons["L18"] == "to_reduced"
    assert reasons["L19"] == "reduced_rejected"


def test_no_reduced_inspection_without_approval(world):
    part = supplier_with_part(world, aql="1.0")
    for number in range(1, 13):
        _run(world, part, number, 0)
    part.refresh_from_db()
    assert part.severity == "normal" and part.switching_score == 36


def test_five_rejections_on_tightened_discontinue_and_a_new_lot_is_refused(world):
    part = supplier_with_part(world, aql="1.0")
    actor = customer_actor(world)
    for number, d in enumerate([3, 3, 2, 2, 2, 2, 2], start=1):
        _run(world, part, number, d)
    part.refresh_from_db()
    # lots 1–2 rejected on normal → tightened; lots 3–7 (d = 2 ≥ Re 2) rejected on tightened
    assert part.severity == "discontinued"
    assert part.lots.get(lot_number="L7").switch_reason == "discontinued"
    with pytest.raises(SupplierError) as err:
        services.lot_receive(actor=actor, part=part, lot_number="L8", lot_size=1000)
    assert err.value.field == "severity" and "discontinued" in str(err.value)
    with pytest.raises(SupplierError) as err:
        services.part_resume(actor=actor, part=part, note=" ")
    assert err.value.field == "note"
    services.part_resume(actor=actor, part=part, note="8D-0001 closed")
    lot = services.lot_receive(actor=actor, part=part, lot_number="L8", lot_size=1000)
    assert (lot.severity, lot.sample_size, lot.accept_number) == ("tightened", 80, 1)
