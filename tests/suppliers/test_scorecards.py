"""Scorecards: the weighted score on hand-worked figures, and the figures read from lots, audits and
8Ds through the selector."""

from __future__ import annotations

from datetime import date

import pytest

from qualitas.suppliers.scorecards import DEFAULT_LIMITS, DEFAULT_WEIGHTS, Scorecard, score


def test_weighted_score_by_hand():
    # 10 lots, 1 rejected; 800 inspected, 2 nonconforming → 2500 PPM → quality 0 (limit 1000);
    # lots 90; audit 92; 8D 1 of 2 closed → 50.
    # (0×40 + 90×30 + 92×20 + 50×10) / 100 = (2700 + 1840 + 500) / 100 = 50.4 → C
    card = Scorecard(
        supplier_id=1, code="S", name="s", lots=10, rejected=1, inspected=800, nonconforming=2,
        audit=92.0, actions_opened=2, actions_closed=1,
    )  # fmt: skip
    score(card, weights=DEFAULT_WEIGHTS, limits=DEFAULT_LIMITS)
    assert card.ppm == 2500
    assert card.components == {"ppm": 0.0, "lots": 90.0, "audit": 92.0, "actions": 50.0}
    assert card.score == pytest.approx(50.4)
    assert card.score_class == "C"


def test_missing_components_renormalise_the_weights():
    # only lots: 20 decided, none rejected; 1600 inspected, 0 nonconforming → quality 100, lots 100
    card = Scorecard(supplier_id=1, code="S", name="s", lots=20, inspected=1600)
    score(card, weights=DEFAULT_WEIGHTS, limits=DEFAULT_LIMITS)
    assert (card.score, card.score_class) == (100.0, "A")
    empty = score(
        Scorecard(supplier_id=2, code="T", name="t"), weights=DEFAULT_WEIGHTS, limits=DEFAULT_LIMITS
    )
    assert (empty.score, empty.score_class) == (None, "")


@pytest.mark.django_db
def test_scorecards_read_lots_audits_and_8ds(world):
    from qualitas.suppliers import selectors, services
    from tests.suppliers.factories import customer_actor, supplier_with_part

    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    for i, d in enumerate([0, 1, 5]):
        lot = services.lot_receive(actor=actor, part=part, lot_number=f"L{i}", lot_size=1000)
        lot = services.lot_record_result(actor=actor, lot=lot, nonconforming=d)
    services.action_open_from_lot(actor=actor, lot=lot)
    cards = selectors.scorecards(
        actor=actor, customer_id=world.ent_a.pk, start=date(2000, 1, 1), end=date(2100, 1, 1)
    )
    (card,) = cards
    # 3 lots × 80 = 240 inspected, 6 nonconforming → 25 000 PPM; 1 of 3 rejected; one 8D open
    assert (card.lots, card.rejected, card.inspected, card.nonconforming) == (3, 1, 240, 6)
    assert card.ppm == 25000 and (card.actions_opened, card.actions_closed) == (1, 0)
    # quality 0, lots 66.67, actions 0 → (0×40 + 66.67×30 + 0×10) / 80 = 25.0
    assert card.score == pytest.approx(25.0) and card.score_class == "C"
