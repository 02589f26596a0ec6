"""Brand evaluation scores on a hand-worked case, and the refusals of a method or a score."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from qualitas.brands import scoring, services
from qualitas.brands.services import BrandsError
from tests.brands.factories import actor, brand, method

pytestmark = pytest.mark.django_db


def test_hand_worked_score(world):
    """Inputs: (2×80 + 3×90) / 5 = 86.0; outcomes: (1×60 + 1×71) / 2 = 65.5;
    total: 0.4 × 86.0 + 0.6 × 65.5 = 34.4 + 39.3 = 73.7."""
    m = method(world)
    b = brand(world)
    ev = services.evaluation_record(
        actor=actor(world, "evaluator"),
        brand=b,
        method=m,
        scores={"strategy": 80, "quality": 90, "recognition": 60, "reputation": 71},
    )
    assert (ev.input_score, ev.outcome_score, ev.total) == (D("86.0"), D("65.5"), D("73.7"))
    assert ev.method.version == 1


def test_rounding_is_half_up_at_the_end_only():
    """Inputs (2×77 + 3×78) / 5 = 77.6; outcomes (55 + 56) / 2 = 55.5;
    total 0.4 × 77.6 + 0.6 × 55.5 = 31.04 + 33.3 = 64.34 → 64.3; a side of 55.55 → 55.6."""
    items = [
        scoring.Item("input", "a", D(2)),
        scoring.Item("input", "b", D(3)),
        scoring.Item("outcome", "c", D(1)),
        scoring.Item("outcome", "d", D(1)),
    ]
    r = scoring.score(
        items,
        {"a": D(77), "b": D(78), "c": D(55), "d": D(56)},
        input_weight=D("0.4"),
        outcome_weight=D("0.6"),
    )
    assert (r.input, r.outcome, r.total) == (D("77.6"), D("55.5"), D("64.3"))
    r2 = scoring.score(
        items,
        {"a": D(0), "b": D(0), "c": D("55.5"), "d": D("55.6")},
        input_weight=D("0.4"),
        outcome_weight=D("0.6"),
    )
    assert r2.outcome == D("55.6")  # 55.55 half up


def test_a_missing_or_out_of_range_score_is_refused_naming_the_indicator(world):
    m, b = method(world), brand(world)
    with pytest.raises(BrandsError) as exc:
        services.evaluation_record(
            actor=actor(world, "evaluator"),
            brand=b,
            method=m,
            scores={"strategy": 80, "quality": 90, "recognition": 60},
        )
    assert exc.value.field == "scores.reputation"
    with pytest.raises(BrandsError) as exc:
        services.evaluation_record(
            actor=actor(world, "evaluator"),
            brand=b,
            method=m,
            scores={"strategy": 80, "quality": 101, "recognition": 60, "reputation": 1},
        )
    assert exc.value.field == "scores.quality"


def test_a_new_method_version_keeps_old_evaluations(world):
    m1 = method(world)
    b = brand(world)
    scores = {"strategy": 80, "quality": 90, "recognition": 60, "reputation": 71}
    ev1 = services.evaluation_record(actor=actor(world, "admin"), brand=b, method=m1, scores=scores)
    m2 = method(world, input_weight="0.5", outcome_weight="0.5")
    assert m2.version == 2
    ev2 = services.evaluation_record(actor=actor(world, "admin"), brand=b, method=m2, scores=scores)
    ev1.refresh_from_db()
    assert ev1.total == D("73.7")
    assert ev2.total == D("75.8")  # 0.5 × 86 + 0.5 × 65.5 = 75.75 → 75.8


def test_method_weights_add_up_to_one(world):
    with pytest.raises(BrandsError) as exc:
        method(world, input_weight="0.5", outcome_weight="0.6")
    assert exc.value.field == "input_weight"


def test_a_draft_brand_is_not_evaluated(world):
    m, b = method(world), brand(world, publish=False)
    with pytest.raises(BrandsError) as exc:
        services.evaluation_record(
            actor=actor(world, "admin"),
            brand=b,
            method=m,
            scores={"strategy": 1, "quality": 1, "recognition": 1, "reputation": 1},
        )
    assert exc.value.field == "brand"
