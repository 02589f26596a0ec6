"""The batch form equals the single form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.spc import (
    grouped_array,
    rules_batch,
    xbar_r_batch,
    xbar_r_chart,
    xbar_s_batch,
    xbar_s_chart,
)


def assert_same(batch, single_fn, values, **kwargs) -> None:  # type: ignore[no-untyped-def]
    for i in range(values.shape[0]):
        charts = single_fn(values[i], **kwargs)
        for bc, sc in zip(batch.charts, charts, strict=True):
            assert bc.name == sc.name
            # Same arithmetic in a different order: agreement to a few ulps.
            np.testing.assert_allclose(bc.points[i], sc.points, rtol=1e-12)
            for attr in ("center", "lcl", "ucl"):
                np.testing.assert_allclose(
                    getattr(bc, attr)[i], getattr(sc, attr), rtol=1e-12, atol=1e-15
                )
            assert bc.violations(i) == sc.violations
        np.testing.assert_allclose(batch.sigma[i], charts[0].sigma, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(2, 30), st.integers(2, 9))
def test_batch_equals_single(seed: int, k: int, m: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(k, m, n)) + rng.normal(size=(k, m, 1)) * 0.8  # some shifts → flags
    assert_same(xbar_r_batch(values), xbar_r_chart, values)
    assert_same(xbar_s_batch(values, rules="we"), xbar_s_chart, values, rules="we")


def test_phase_two_and_keys() -> None:
    values = np.random.default_rng(3).normal(size=(3, 10, 4))
    b = xbar_r_batch(values, center=[0.0, 0.1, 0.2], sigma=1.0, keys=["a", "b", "c"])
    assert b.keys == ("a", "b", "c") and b.n == 4
    xb, _ = xbar_r_chart(values[1], center=0.1, sigma=1.0)
    assert b.charts[0].ucl[1] == pytest.approx(xb.ucl)
    with pytest.raises(AnalyticsError, match="sigma must be positive"):
        xbar_r_batch(values, sigma=[1.0, 0.0, 1.0])


def test_rules_batch() -> None:
    pts = np.array([[0.0, 4.0, 0.0], [0.0, 0.0, -4.0]])
    flags = rules_batch(pts, center=0.0, se=1.0, lcl=-3.0, ucl=3.0, rules="nelson-1")
    assert flags[:, 0, :].tolist() == [[False, True, False], [False, False, True]]


def test_grouped_array() -> None:
    frame = pd.DataFrame(
        {
            "char": ["b"] * 4 + ["a"] * 4,
            "sg": [2, 2, 1, 1, 7, 7, 8, 8],
            "v": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    keys, arr = grouped_array(frame, key="char", subgroup="sg", value="v")
    assert keys == ("b", "a")
    assert arr.tolist() == [[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]
    with pytest.raises(AnalyticsError, match="column 'x' not found"):
        grouped_array(frame, key="x", subgroup="sg", value="v")
    bad = frame.assign(v=["1", "x", "3", "4", "5", "6", "7", "8"])
    with pytest.raises(AnalyticsError, match="row 2"):
        grouped_array(bad, key="char", subgroup="sg", value="v")
    with pytest.raises(AnalyticsError, match="characteristic 'a'"):
        grouped_array(frame.iloc[:7], key="char", subgroup="sg", value="v")


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        (np.zeros((2, 3)), AnalyticsError, "shaped"),
        (np.zeros((2, 1, 3)), InsufficientDataError, "at least 2 subgroups"),
        (np.zeros((2, 3, 1)), InsufficientDataError, "at least 2, got 1"),
        (
            np.array([[[0.0, 1.0], [0.0, 1.0]], [[0.0, np.nan], [1.0, 2.0]]]),
            AnalyticsError,
            "characteristic 2",
        ),
    ],
)
def test_batch_bad_input(values: np.ndarray, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        xbar_r_batch(values)
