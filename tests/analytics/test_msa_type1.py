"""Type-1 gage study and bias/linearity: hand-worked and AIAG examples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    SpecificationError,
    StatisticalWarning,
)
from qualitas.analytics.msa import bias_linearity, gage_type1

VALUES = [10.01, 9.99, 10.02, 10.00, 9.98, 10.00]  # mean 10.00, s = sqrt(2e-4)


def test_type1_hand_example() -> None:
    with pytest.warns(StatisticalWarning, match="only 6 measurements"):
        res = gage_type1(VALUES, reference=9.995, tolerance=0.5)
    s = math.sqrt(2e-4)
    assert res.std_dev == pytest.approx(s, rel=1e-12)
    assert res.bias == pytest.approx(0.005, rel=1e-9)
    assert res.cg == pytest.approx(0.2 * 0.5 / (6 * s), rel=1e-12)  # 1.178511
    assert res.cg == pytest.approx(1.178511, abs=1e-6)
    assert res.cgk == pytest.approx((0.1 * 0.5 - 0.005) / (3 * s), rel=1e-9)  # 1.060660
    assert res.cgk == pytest.approx(1.060660, abs=1e-6)
    assert res.t == pytest.approx(0.005 / (s / math.sqrt(6)), rel=1e-9)  # 0.866025
    assert res.p == pytest.approx(2 * stats.t.sf(0.8660254, 5), rel=1e-6)
    assert res.pct_var_repeatability == pytest.approx(20 / res.cg)
    assert res.bias_ci[0] < 0.005 < res.bias_ci[1]
    assert not res.capable


def test_type1_four_sigma_and_limits() -> None:
    y = np.random.default_rng(3).normal(10.0, 0.01, 50)
    res = gage_type1(y, reference=10.0, lsl=9.75, usl=10.25, sigma_multiplier=4)
    assert res.tolerance == pytest.approx(0.5)
    assert res.cg == pytest.approx(0.1 / (4 * res.std_dev))
    assert res.capable
    with pytest.warns(StatisticalWarning):
        far = gage_type1([9.5, 10.5], reference=9.75, tolerance=2.5)
    assert far.cgk == 0.0 and math.isinf(far.pct_var_repeatability_and_bias)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tolerance": None}, SpecificationError, "needs the tolerance"),
        ({"tolerance": 1, "lsl": 0, "usl": 1}, SpecificationError, "either tolerance"),
        ({"tolerance": None, "lsl": 1, "usl": 0}, SpecificationError, "greater than lsl"),
        ({"tolerance": 0}, SpecificationError, "positive"),
        ({"k_percent": 0}, AnalyticsError, "k_percent"),
        ({"sigma_multiplier": -1}, AnalyticsError, "sigma_multiplier"),
        ({"confidence": 1}, AnalyticsError, "confidence"),
    ],
)
def test_type1_errors(kwargs, error, message) -> None:
    args = {"reference": 10.0, "tolerance": 0.5} | kwargs
    with pytest.raises(error, match=message):
        gage_type1(VALUES, **args)


def test_type1_data_errors() -> None:
    with pytest.raises(InsufficientDataError, match="at least 2"):
        gage_type1([1.0], reference=1.0, tolerance=1)
    with pytest.warns(StatisticalWarning), pytest.raises(InsufficientDataError, match="resolution"):
        gage_type1([1.0, 1.0, 1.0], reference=1.0, tolerance=1)


# AIAG MSA 4th ed., ch. III-B, linearity example: 5 parts, 12 measurements each.
AIAG = {
    2: "2.7 2.5 2.4 2.5 2.7 2.3 2.5 2.5 2.4 2.4 2.6 2.4",
    4: "5.1 3.9 4.2 5.0 3.8 3.9 3.9 3.9 3.9 4.0 4.1 3.8",
    6: "5.8 5.7 5.9 5.9 6.0 6.1 6.0 6.1 6.4 6.3 6.0 6.1",
    8: "7.6 7.7 7.8 7.7 7.8 7.8 7.8 7.7 7.8 7.5 7.6 7.7",
    10: "9.1 9.3 9.5 9.3 9.4 9.5 9.5 9.5 9.6 9.2 9.3 9.4",
}


def test_linearity_aiag_example() -> None:
    refs = [r for r, s in AIAG.items() for _ in s.split()]
    vals = [float(v) for s in AIAG.values() for v in s.split()]
    res = bias_linearity(vals, refs, process_variation=6.0)
    # AIAG publishes bias = 0.736667 − 0.131667 · reference, R² = 0.71 and the biases
    # 0.491667, 0.125, 0.025, −0.291667, −0.616667 (6 decimals: half a unit).
    assert res.slope.estimate == pytest.approx(-0.131667, abs=5e-7)
    assert res.intercept.estimate == pytest.approx(0.736667, abs=5e-7)
    assert res.r_squared == pytest.approx(0.71, abs=5e-3)
    assert [b.bias for b in res.by_reference] == pytest.approx(
        [0.491667, 0.125, 0.025, -0.291667, -0.616667], abs=5e-7
    )
    assert res.linearity == pytest.approx(0.79)  # |slope| · PV
    assert res.pct_linearity == pytest.approx(13.1667, abs=5e-5)
    assert res.average_bias == pytest.approx(-0.053333, abs=5e-7)
    assert res.pct_bias == pytest.approx(100 * 0.0533333 / 6, rel=1e-5)
    # t-tests equal statsmodels' OLS.
    import statsmodels.api as sm

    fit = sm.OLS(np.array(vals) - np.array(refs), sm.add_constant(np.array(refs, float))).fit()
    assert res.slope.se == pytest.approx(fit.bse[1], rel=1e-10)
    assert res.intercept.t == pytest.approx(fit.tvalues[0], rel=1e-10)
    assert res.slope.p == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert res.s == pytest.approx(math.sqrt(fit.scale), rel=1e-12)
    b2 = np.array([float(v) - 2 for v in AIAG[2].split()])
    assert res.by_reference[0].t == pytest.approx(stats.ttest_1samp(b2, 0).statistic, rel=1e-10)


def test_linearity_degenerate() -> None:
    # One measurement at a reference: no t-test there; a perfect line: slope t infinite.
    res = bias_linearity([1.0, 2.1, 3.2], [1, 2, 3])
    assert res.by_reference[0].t is None and res.process_variation is None
    assert res.linearity is None and res.pct_bias is None
    assert math.isinf(res.slope.t) and res.slope.p == 0.0
    flat = bias_linearity([1.0, 2.0, 3.0, 3.0], [1, 2, 3, 3])
    assert flat.r_squared == 0.0 and math.isnan(flat.average_t) and flat.by_reference[2].t is None
    assert math.isnan(flat.slope.t) and flat.slope.p == 1.0


def test_linearity_errors() -> None:
    with pytest.raises(AnalyticsError, match="references has 2 values"):
        bias_linearity([1, 2, 3], [1, 2])
    with pytest.raises(AnalyticsError, match="process_variation"):
        bias_linearity([1, 2, 3], [1, 2, 3], process_variation=0)
    with pytest.raises(InsufficientDataError, match="at least 2 reference values"):
        bias_linearity([1, 2, 3], [1, 1, 1])
