"""Run rules against qcc 3.0's unit-test vectors, and their invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.spc.rules import (
    ALL_RULES,
    NELSON,
    WESTERN_ELECTRIC,
    parse_rules,
    rule_masks,
    run_length,
    window_count,
)


def flagged(x: list[float], rule: str) -> list[int]:
    mask = rule_masks(np.asarray(x), center=0.0, se=1.0, lcl=-3.0, ucl=3.0, rules=[rule])[0]
    return [int(i) + 1 for i in np.nonzero(mask)[0]]


@pytest.mark.reference
def test_qcc_rule_vectors(expected: dict) -> None:
    # Exact equality: the vectors are 1-based indices, nothing to round.
    vectors = expected["qcc_rule_vectors"]
    checked = 0
    for family, prefix in (("western_electric", "we"), ("nelson", "nelson")):
        for case, spec in vectors[family].items():
            if case == "overlap":
                for key in ("rule1", "rule2", "rule3", "rule4"):
                    assert flagged(spec["x"], f"{prefix}-{key[4:]}") == spec[key], (case, key)
                    checked += 1
            else:
                assert flagged(spec["x"], f"{prefix}-{case[4]}") == spec["flagged"], case
                checked += 1
    assert checked == 18


def test_parse_rules() -> None:
    assert parse_rules("nelson") == NELSON
    assert parse_rules("we") == WESTERN_ELECTRIC
    assert parse_rules("western-electric") == WESTERN_ELECTRIC
    assert parse_rules("none") == () == parse_rules(None) == parse_rules("")
    assert parse_rules("nelson-1, NELSON-2,nelson-1") == ("nelson-1", "nelson-2")
    assert parse_rules(["we-1", "nelson"]) == ("we-1", *NELSON)
    with pytest.raises(AnalyticsError, match="unknown rule 'nelson-9'"):
        parse_rules("nelson-9")


def test_unknown_rule_in_masks_and_scalar_points() -> None:
    with pytest.raises(AnalyticsError, match="unknown rule"):
        rule_masks([1.0, 2.0], center=0, se=1, lcl=-3, ucl=3, rules=["x"])
    with pytest.raises(AnalyticsError, match="at least one dimension"):
        rule_masks(1.0, center=0, se=1, lcl=-3, ucl=3, rules=["nelson-1"])


def test_helpers() -> None:
    c = np.array([True, True, False, True, True, True])
    assert run_length(c).tolist() == [1, 2, 0, 1, 2, 3]
    assert window_count(c, 3).tolist() == [-1, -1, 2, 2, 2, 3]
    assert window_count(c[:2], 3).tolist() == [-1, -1]


def test_point_on_centre_breaks_a_run_and_per_point_zones() -> None:
    x = [0.5] * 4 + [0.0] + [0.5] * 4
    assert flagged(x, "we-4") == []
    # Per-point zones: the same value is beyond 2σ where se is small, not where it is large.
    pts = np.array([2.5, 2.5, 2.5])
    se = np.array([1.0, 2.0, 1.0])
    mask = rule_masks(pts, center=0, se=se, lcl=-9, ucl=9, rules=["nelson-5"])[0]
    assert mask.tolist() == [False, False, True]


def test_nan_points_satisfy_nothing() -> None:
    x = np.array([np.nan] + [1.0] * 8)
    assert rule_masks(x, center=0, se=1, lcl=-3, ucl=3, rules=["we-4"])[0].tolist() == [
        False
    ] * 8 + [True]


finite = st.floats(-6, 6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 60), elements=finite), st.floats(0.5, 3.0))
def test_every_point_beyond_a_limit_is_flagged_by_rule_one(x: np.ndarray, width: float) -> None:
    masks = rule_masks(
        x, center=0.0, se=width / 3, lcl=-width, ucl=width, rules=["nelson-1", "we-1"]
    )
    beyond = (x > width) | (x < -width)
    assert (masks[0] == beyond).all() and (masks[1] == beyond).all()


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 40)), elements=finite))
def test_rows_are_independent(x: np.ndarray) -> None:
    # Batch over rows equals one row at a time, for every rule.
    batch = rule_masks(x, center=0.0, se=1.0, lcl=-3.0, ucl=3.0, rules=ALL_RULES)
    for i in range(x.shape[0]):
        single = rule_masks(x[i], center=0.0, se=1.0, lcl=-3.0, ucl=3.0, rules=ALL_RULES)
        assert (batch[i] == single).all()
