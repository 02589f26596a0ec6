"""The draw is reproducible from its published seed and frame, by an independent re-draw."""

from __future__ import annotations

import numpy as np
import pytest

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.selection import allocate, frame_digest, stratified_draw


def _frame(n: int = 500) -> tuple[list[str], list[str], list[float]]:
    rng = np.random.default_rng(3)
    keys = [f"9133{i:014d}" for i in rng.permutation(n)]
    strata = [["330100", "330200", "440300"][i % 3] for i in range(n)]
    weights = [float(w) for w in rng.choice([2.9, 7.0, 12.0], size=n)]
    return keys, strata, weights


def independent_redraw(keys, strata, weights, n, seed):
    """The published method, written again plainly: order by (stratum, key), one PCG64 uniform
    per unit, priority u**(1/w), proportional largest-remainder allocation, top n_h."""
    units = sorted(zip(strata, keys, weights, strict=False))
    rng = np.random.default_rng(seed)
    u = rng.random(len(units))
    sizes: dict[str, int] = {}
    for s, _, _ in units:
        sizes[s] = sizes.get(s, 0) + 1
    total = len(units)
    quota = {s: n * c / total for s, c in sizes.items()}
    alloc = {s: int(q) for s, q in quota.items()}
    for s in sorted(sizes, key=lambda s: (-(quota[s] - int(quota[s])), s))[
        : n - sum(alloc.values())
    ]:
        alloc[s] += 1
    chosen = []
    for stratum in sorted(sizes):
        members = [(u[i] ** (1 / w), i, k) for i, (s, k, w) in enumerate(units) if s == stratum]
        members.sort(key=lambda m: (-m[0], m[1]))
        chosen += sorted(members[: alloc[stratum]], key=lambda m: m[1])
    return [k for _, _, k in sorted(chosen, key=lambda m: m[1])]


def test_same_seed_same_list_and_independent_redraw_agrees():
    keys, strata, weights = _frame()
    a = stratified_draw(keys, strata, 37, seed=20250601, weights=weights)
    b = stratified_draw(
        list(reversed(keys)),
        list(reversed(strata)),
        37,
        seed=20250601,
        weights=list(reversed(weights)),
    )
    drawn_a = [keys[i] for i in a.chosen]
    drawn_b = [list(reversed(keys))[i] for i in b.chosen]
    assert drawn_a == drawn_b  # the input order does not matter
    assert drawn_a == independent_redraw(keys, strata, weights, 37, 20250601)
    assert sum(a.allocation.values()) == 37 and a.allocation == {
        "330100": 13,
        "330200": 12,
        "440300": 12,
    }
    other = stratified_draw(keys, strata, 37, seed=20250602, weights=weights)
    assert [keys[i] for i in other.chosen] != drawn_a


def test_allocation_largest_remainder_and_caps():
    assert allocate({"a": 5, "b": 3, "c": 2}, 5) == {"a": 3, "b": 1, "c": 1}
    assert allocate({"a": 1, "b": 9}, 10) == {"a": 1, "b": 9}
    assert allocate({"a": 1, "b": 9}, 0) == {"a": 0, "b": 0}


def test_weights_favour_risky_units():
    keys = [f"k{i:05d}" for i in range(2000)]
    strata = ["all"] * 2000
    weights = [12.0 if i < 1000 else 1.0 for i in range(2000)]
    d = stratified_draw(keys, strata, 200, seed=1, weights=weights)
    assert (d.chosen < 1000).sum() > 150


def test_bad_frames_are_refused():
    with pytest.raises(AnalyticsError):
        stratified_draw(["a", "a"], ["x", "x"], 1, seed=1)
    with pytest.raises(AnalyticsError):
        stratified_draw(["a", "b"], ["x", "x"], 1, seed=1, weights=[1, 0])


def test_frame_digest_is_order_free():
    assert frame_digest(["b", "a"], ["x", "y"], [1, 2]) == frame_digest(
        ["a", "b"], ["y", "x"], [2, 1]
    )
