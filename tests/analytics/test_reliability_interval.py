"""Weibull 2P MLE with interval censoring: a hand-worked case, consistency, errors."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError, StatisticalWarning
from qualitas.analytics.reliability import interval as interval_module
from qualitas.analytics.reliability import weibull_fit, weibull_fit_interval


def test_hand_worked_two_inspection_times() -> None:
    """Current-status data at two inspection times: the model is saturated, F(τᵢ) = kᵢ/nᵢ.

    4 units inspected at τ₁ = 10: 1 already failed (left-censored (0, 10)), 3 working
    (right-censored at 10); 4 units inspected at τ₂ = 20: 3 failed, 1 working. Two free
    probabilities, two parameters: the MLE makes F(10) = 1/4 and F(20) = 3/4, so on
    Weibull paper y = ln(−ln(1 − F)) = β(ln t − ln α) through both points:
    β = (ln(−ln ¼) − ln(−ln ¾)) / ln 2 = (0.326634 + 1.245899)/0.693147 = 2.268686,
    ln α = ln 10 − ln(−ln ¾)/β = 2.302585 + 0.549172 → α = 17.3182, and
    ℓ = Σ nᵢ (pᵢ ln pᵢ + (1 − pᵢ) ln(1 − pᵢ)) = 8 (¼ ln ¼ + ¾ ln ¾) = −4.498681.
    """
    lower = [0.0] + [10.0] * 3 + [0.0] * 3 + [20.0]
    upper = [10.0] + [math.inf] * 3 + [20.0] * 3 + [math.inf]
    fit = weibull_fit_interval(lower, upper)
    y1, y2 = math.log(-math.log(0.75)), math.log(-math.log(0.25))
    beta = (y2 - y1) / math.log(2.0)
    alpha = math.exp(math.log(10.0) - y1 / beta)
    assert beta == pytest.approx(2.268686, abs=5e-7)  # the printed hand values
    assert alpha == pytest.approx(17.3182, abs=5e-5)
    # the Newton iteration stops at a score ≤ 1e-10: parameters to 1e-8 relative
    assert fit.shape == pytest.approx(beta, rel=1e-8)
    assert fit.scale == pytest.approx(alpha, rel=1e-8)
    assert fit.loglik == pytest.approx(8 * (0.25 * math.log(0.25) + 0.75 * math.log(0.75)))
    assert fit.loglik == pytest.approx(-4.498681, abs=5e-7)
    assert float(fit.cdf(10.0)) == pytest.approx(0.25, rel=1e-8)
    assert float(fit.cdf(20.0)) == pytest.approx(0.75, rel=1e-8)
    assert (fit.n_failures, fit.n_censored, fit.n_left_censored, fit.n_interval_censored) == (
        0,
        4,
        4,
        0,
    )


def _censored_data(reference_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    with (reference_dir / "reliability" / "weibull2p_censored_test_data.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    return np.array([float(r["time"]) for r in rows]), np.array([r["status"] == "C" for r in rows])


@pytest.mark.reference
def test_right_censored_as_intervals_reproduce_the_ordinary_mle(reference_dir: Path) -> None:
    t, c = _censored_data(reference_dir)
    ordinary = weibull_fit(t, censored=c)
    fit = weibull_fit_interval(t, np.where(c, np.inf, t))
    # same likelihood, same analytic Hessian; the start is already the root
    for name in ("shape", "scale", "loglik", "shape_se", "scale_se", "cov_shape_scale", "b10"):
        assert getattr(fit, name) == pytest.approx(getattr(ordinary, name), rel=1e-9), name
    assert fit.shape_ci == pytest.approx(ordinary.shape_ci, rel=1e-9)
    assert fit.scale_ci == pytest.approx(ordinary.scale_ci, rel=1e-9)
    assert fit.scale == pytest.approx(45.0990, abs=5e-5)  # reliability 0.9.0's published MLE
    assert (fit.n_failures, fit.n_censored) == (12, 8)


def test_exact_intervals_reproduce_the_ordinary_mle() -> None:
    t = np.array([16.0, 34.0, 53.0, 75.0, 93.0, 120.0, 150.0, 191.0, 240.0, 339.0])
    ordinary = weibull_fit(t)
    fit = weibull_fit_interval(t, t)
    assert fit.shape == pytest.approx(ordinary.shape, rel=1e-9)
    assert fit.scale == pytest.approx(ordinary.scale, rel=1e-9)
    assert fit.loglik == pytest.approx(ordinary.loglik, rel=1e-12)
    assert fit.aicc == pytest.approx(ordinary.aicc, rel=1e-12)
    assert fit.shape_se == pytest.approx(ordinary.shape_se, rel=1e-9)


def test_narrow_intervals_approach_exact_failures() -> None:
    """(t − ε, t + ε) has probability ≈ 2ε f(t): the same maximiser as ε → 0."""
    t = np.array([16.0, 34.0, 53.0, 75.0, 93.0, 120.0, 150.0, 191.0, 240.0, 339.0])
    ordinary = weibull_fit(t)
    fit = weibull_fit_interval(t * (1 - 1e-6), t * (1 + 1e-6))
    assert fit.shape == pytest.approx(ordinary.shape, rel=1e-6)
    assert fit.scale == pytest.approx(ordinary.scale, rel=1e-6)
    assert fit.n_interval_censored == 10 and fit.n_failures == 0


def test_mixed_data_is_the_maximum_and_derivatives_are_right() -> None:
    lo = np.array([0.0, 10.0, 20.0, 35.0, 0.0, 50.0])
    hi = np.array([15.0, 25.0, 20.0, 50.0, 40.0, math.inf])
    fit = weibull_fit_interval(lo, hi)
    exact, right = lo == hi, np.isinf(hi)

    def parts(theta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        return interval_module._loglik_parts(theta, lo, hi, exact, lo > 0, ~right)

    theta = np.array([math.log(fit.scale), math.log(fit.shape)])
    ll, grad, hess = parts(theta)
    assert ll == pytest.approx(fit.loglik)
    assert np.max(np.abs(grad)) < 1e-7
    # analytic gradient and Hessian against central differences elsewhere
    th = theta + np.array([0.2, -0.3])
    _, g, h = parts(th)
    e = 1e-6
    for i in range(2):
        d = np.eye(2)[i] * e
        assert g[i] == pytest.approx((parts(th + d)[0] - parts(th - d)[0]) / (2 * e), rel=1e-6)
        assert h[i] == pytest.approx((parts(th + d)[1] - parts(th - d)[1]) / (2 * e), rel=1e-6)
    for dth in ([0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]):
        assert parts(theta + np.array(dth))[0] < fit.loglik
    assert (fit.n_failures, fit.n_interval_censored, fit.n_left_censored, fit.n_censored) == (
        1,
        2,
        2,
        1,
    )


@given(st.integers(0, 10_000), st.floats(0.01, 100.0))
@settings(max_examples=25, deadline=None)
def test_scale_equivariance(seed: int, factor: float) -> None:
    rng = np.random.default_rng(seed)
    t = 50.0 * rng.weibull(1.8, size=12)
    lo = np.floor(t / 10.0) * 10.0  # inspections every 10 time units
    hi = lo + 10.0
    hi[-3:] = np.inf  # three units still working at their last inspection
    lo[-3:] = np.maximum(lo[-3:], 1.0)
    try:
        base = weibull_fit_interval(lo, hi)
    except InsufficientDataError:
        return  # e.g. every failure in one inspection interval: no finite MLE
    scaled = weibull_fit_interval(lo * factor, hi * factor)
    assert scaled.shape == pytest.approx(base.shape, rel=1e-6)
    assert scaled.scale == pytest.approx(base.scale * factor, rel=1e-6)


def test_stop_short_of_tolerance_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interval_module, "GTOL_ACCEPT", 0.0)
    monkeypatch.setattr(interval_module, "GTOL", 0.0)
    lo = np.array([0.0, 10.0, 20.0, 35.0, 0.0, 50.0])
    hi = np.array([15.0, 25.0, 20.0, 50.0, 40.0, math.inf])
    with pytest.warns(StatisticalWarning, match="stopped early"):
        weibull_fit_interval(lo, hi)


@pytest.mark.parametrize(
    ("lower", "upper", "error", "message"),
    [
        ([1.0, "x"], [1.0, 2.0], AnalyticsError, "lower must be numbers"),
        ([[1.0, 2.0]], [[1.0, 2.0]], AnalyticsError, "lower must be one-dimensional"),
        ([1.0, math.nan], [1.0, 2.0], AnalyticsError, "lower: row 2 is not a number"),
        ([1.0, 2.0], [1.0], AnalyticsError, "one entry per unit: got 2 and 1"),
        ([1.0, -2.0], [1.0, 2.0], AnalyticsError, "row 2: lower is negative"),
        ([1.0, math.inf], [1.0, math.inf], AnalyticsError, "row 2: lower is infinite"),
        ([1.0, 0.0], [1.0, 0.0], AnalyticsError, "row 2: upper is 0; upper must be > 0"),
        ([1.0, 3.0], [1.0, 2.0], AnalyticsError, r"row 2: upper \(2\) is below lower \(3\)"),
        ([1.0, 0.0], [1.0, math.inf], AnalyticsError, r"row 2: the interval \(0, inf\)"),
        ([1.0, 2.0], [1.0, math.inf], InsufficientDataError, "1 unit with a failure"),
        ([1.0, 1.0], [1.0, 1.0], InsufficientDataError, "every failure is at the largest"),
        ([10.0, 12.0, 5.0], [20.0, 18.0, 25.0], InsufficientDataError, "one common time"),
        ([10.0, 10.0, 5.0], [10.0, 10.0, 30.0], InsufficientDataError, "diverged"),
    ],
)
def test_bad_input(lower: list, upper: list, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        weibull_fit_interval(lower, upper)


def test_small_n_aicc_is_nan() -> None:
    fit = weibull_fit_interval([0.0, 10.0, 20.0], [15.0, 25.0, 20.0])
    assert math.isnan(fit.aicc)
