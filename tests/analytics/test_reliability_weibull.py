"""Weibull 2P fits: published values from ``reliability`` 0.9.0, properties, errors."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    SpecificationError,
    StatisticalWarning,
)
from qualitas.analytics.reliability import (
    plotting_positions,
    weibull_fit,
    weibull_fit_batch,
)


def _censored_data(reference_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    with (reference_dir / "reliability" / "weibull2p_censored_test_data.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    t = np.array([float(r["time"]) for r in rows])
    c = np.array([r["status"] == "C" for r in rows])
    return t, c


def _outputs(reference_dir: Path) -> dict:
    path = reference_dir / "reliability" / "reliability_0.9.0_reference_outputs.json"
    return json.loads(path.read_text(encoding="utf-8"))


# reliability 0.9.0 stops its L-BFGS/autograd optimiser at ~1e-7 relative (expected.json and
# the outputs file differ from each other by that much); we solve the profile equation to
# 1e-12, so the MLE is compared at 1e-5 relative. Rank regression is closed-form in both
# packages: same ranks, same least squares, so 1e-10.
MLE_RTOL = 1e-5
RR_RTOL = 1e-10


@pytest.mark.reference
def test_mle_censored_matches_reliability(reference_dir: Path, expected: dict) -> None:
    t, c = _censored_data(reference_dir)
    ref = expected["reliability_weibull2p_censored"]["MLE"]
    fit = weibull_fit(t, censored=c)
    assert fit.method == "MLE"
    assert (fit.n_failures, fit.n_censored) == (12, 8)
    assert fit.scale == pytest.approx(45.0990, abs=5e-5)  # the published 45.0990
    assert fit.shape == pytest.approx(2.78275, abs=5e-6)  # and 2.78275
    assert fit.scale == pytest.approx(ref["alpha"], rel=MLE_RTOL)
    assert fit.shape == pytest.approx(ref["beta"], rel=MLE_RTOL)
    # the log-likelihood is flat at the maximum: agreement to 1e-9 absolute
    assert fit.loglik == pytest.approx(ref["loglik"], abs=1e-9)
    assert fit.aicc == pytest.approx(ref["AICc"], abs=1e-8)
    assert fit.bic == pytest.approx(ref["BIC"], abs=1e-8)
    assert fit.cov_shape_scale == pytest.approx(ref["Cov_alpha_beta"], rel=1e-4)
    assert fit.b10 == pytest.approx(
        expected["reliability_weibull2p_censored"]["B10_from_MLE"], abs=5e-4
    )


@pytest.mark.reference
def test_mle_bounds_and_b10_match_reliability(reference_dir: Path) -> None:
    t, c = _censored_data(reference_dir)
    ref = _outputs(reference_dir)["test_Fit_Weibull_2P"]["fits"]["MLE"]
    fit = weibull_fit(t, censored=c)  # default 95 %, as in the reference run
    assert fit.scale_se == pytest.approx(ref["alpha_SE"], rel=MLE_RTOL)
    assert fit.shape_se == pytest.approx(ref["beta_SE"], rel=MLE_RTOL)
    assert fit.scale_ci == pytest.approx((ref["alpha_lower"], ref["alpha_upper"]), rel=MLE_RTOL)
    assert fit.shape_ci == pytest.approx((ref["beta_lower"], ref["beta_upper"]), rel=MLE_RTOL)
    assert fit.b10 == pytest.approx(ref["B10"], rel=MLE_RTOL)


@pytest.mark.reference
@pytest.mark.parametrize("method", ["RRX", "RRY"])
def test_rank_regression_matches_reliability(reference_dir: Path, method: str) -> None:
    t, c = _censored_data(reference_dir)
    ref = _outputs(reference_dir)["test_Fit_Weibull_2P"]["fits"][method]
    fit = weibull_fit(t, censored=c, method=method.lower())
    assert fit.method == method
    assert fit.scale == pytest.approx(ref["alpha"], rel=RR_RTOL)
    assert fit.shape == pytest.approx(ref["beta"], rel=RR_RTOL)
    assert fit.loglik == pytest.approx(ref["loglik"], rel=RR_RTOL)
    # bounds from the observed information evaluated at the regression estimates
    assert fit.scale_ci == pytest.approx((ref["alpha_lower"], ref["alpha_upper"]), rel=1e-9)
    assert fit.shape_ci == pytest.approx((ref["beta_lower"], ref["beta_upper"]), rel=1e-9)
    assert fit.cov_shape_scale == pytest.approx(ref["Cov_alpha_beta"], rel=1e-9)
    assert fit.b10 == pytest.approx(ref["B10"], rel=1e-9)


@pytest.mark.reference
def test_least_squares_is_rry_here(expected: dict, reference_dir: Path) -> None:
    """``reliability``'s "LS" picks the better of RRX/RRY by likelihood: here RRY."""
    t, c = _censored_data(reference_dir)
    ref = expected["reliability_weibull2p_censored"]["LS(=RRY)"]
    fit = weibull_fit(t, censored=c, method="rry")
    assert fit.scale == pytest.approx(ref["alpha"], rel=RR_RTOL)
    assert fit.shape == pytest.approx(ref["beta"], rel=RR_RTOL)
    assert fit.loglik == pytest.approx(ref["loglik"], rel=RR_RTOL)
    rrx = expected["reliability_weibull2p_censored"]["RRX(reliability 0.9.0 run, not in tests)"]
    fit_x = weibull_fit(t, censored=c, method="RRX")
    assert fit_x.scale == pytest.approx(rrx["alpha"], rel=RR_RTOL)
    assert fit_x.shape == pytest.approx(rrx["beta"], rel=RR_RTOL)


@pytest.mark.reference
def test_fifty_failures_with_80_percent_bounds(reference_dir: Path, expected: dict) -> None:
    ref = expected["reliability_weibull2p_docs_ex5"]
    with (reference_dir / "reliability" / "weibull2p_docs_example5_failures.csv").open() as fh:
        t = np.array([float(r["failures"]) for r in csv.DictReader(fh)])
    fit = weibull_fit(t, ci=ref["CI"])
    # expected.json prints 6 significant figures: half a unit in the last place
    assert fit.scale == pytest.approx(ref["alpha"], abs=5e-4)
    assert fit.shape == pytest.approx(ref["beta"], rel=5e-6)
    assert fit.scale_se == pytest.approx(ref["alpha_SE"], rel=5e-6)
    assert fit.shape_se == pytest.approx(ref["beta_SE"], rel=1e-5)
    assert fit.scale_ci == pytest.approx(ref["alpha_CI"], rel=5e-6)
    assert fit.shape_ci == pytest.approx(ref["beta_CI"], rel=5e-6)
    assert fit.loglik == pytest.approx(ref["loglik"], abs=5e-4)
    assert fit.aicc == pytest.approx(ref["AICc"], abs=5e-4)
    assert fit.bic == pytest.approx(ref["BIC"], abs=5e-3)


@pytest.mark.reference
def test_automotive_mle(reference_dir: Path) -> None:
    with (reference_dir / "reliability" / "automotive_krivtsov_case_1999.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    t = np.array([float(r["time"]) for r in rows])
    c = np.array([r["status"] == "C" for r in rows])
    ref = _outputs(reference_dir)["automotive_weibull_MLE"]
    fit = weibull_fit(t, censored=c)
    assert fit.scale == pytest.approx(ref["alpha"], rel=MLE_RTOL)
    assert fit.shape == pytest.approx(ref["beta"], rel=MLE_RTOL)
    assert fit.loglik == pytest.approx(ref["loglik"], abs=1e-8)


def _neg_loglik(p: np.ndarray, t: np.ndarray, c: np.ndarray) -> float:
    a, b = np.exp(p)
    z = (t / a) ** b
    f = ~c
    return -float(np.sum(np.log(b / a) + (b - 1) * np.log(t[f] / a)) - z.sum())


def test_mle_is_the_maximum_of_the_likelihood() -> None:
    rng = np.random.default_rng(7)
    t = 50 * rng.weibull(1.7, 40)
    c = rng.uniform(size=40) < 0.3
    fit = weibull_fit(t, censored=c)
    res = optimize.minimize(
        _neg_loglik,
        np.log([40.0, 1.0]),
        args=(t, c),
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 10_000},
    )
    assert fit.scale == pytest.approx(math.exp(res.x[0]), rel=1e-6)
    assert fit.shape == pytest.approx(math.exp(res.x[1]), rel=1e-6)
    assert fit.loglik == pytest.approx(-res.fun, abs=1e-9)


def test_derived_quantities() -> None:
    t = np.array([12.0, 20, 31, 33, 45, 60, 61, 80])
    fit = weibull_fit(t)
    a, b = fit.scale, fit.shape
    assert fit.mttf == pytest.approx(a * math.gamma(1 + 1 / b))
    assert fit.b1 == pytest.approx(float(fit.b_life(0.01)))
    assert fit.b10 == pytest.approx(a * (-math.log(0.9)) ** (1 / b))
    assert float(fit.reliability(fit.b10)) == pytest.approx(0.9)
    assert float(fit.cdf(a)) == pytest.approx(1 - math.exp(-1))
    assert float(fit.reliability(-1.0)) == 1.0
    lo, hi = fit.b_life_bounds(0.10)
    assert lo < fit.b10 < hi
    rlo, rhi = fit.reliability_bounds(40.0)
    assert rlo < float(fit.reliability(40.0)) < rhi
    # at the characteristic life u = 0: the bound reduces to SE(α) alone
    rlo_a, rhi_a = fit.reliability_bounds(a)
    assert rlo_a < math.exp(-1) < rhi_a
    with pytest.raises(SpecificationError, match="strictly between 0 and 1"):
        fit.b_life(1.0)
    with pytest.raises(SpecificationError, match="times > 0"):
        fit.reliability_bounds(0.0)


def test_wider_level_gives_wider_bounds() -> None:
    t = np.array([12.0, 20, 31, 33, 45, 60, 61, 80])
    f80 = weibull_fit(t, ci=0.8)
    f99 = weibull_fit(t, ci=0.99)
    assert f99.scale_ci[0] < f80.scale_ci[0] < f80.scale < f80.scale_ci[1] < f99.scale_ci[1]
    assert f99.shape_ci[0] < f80.shape_ci[0] < f80.shape < f80.shape_ci[1] < f99.shape_ci[1]


def test_plotting_positions_without_censoring_are_bernard() -> None:
    t = np.array([5.0, 1.0, 3.0, 2.0])
    x, f = plotting_positions(t)
    assert x.tolist() == [1.0, 2.0, 3.0, 5.0]
    assert f == pytest.approx((np.arange(1, 5) - 0.3) / 4.4)


def test_plotting_positions_johnson_adjusted() -> None:
    # 5 units: F at 10, suspended at 20, F at 30, 40; suspended at 50. Johnson's ranks:
    # 1; then 1 + (6 − 1)/(1 + 3) = 2.25; then 2.25 + (6 − 2.25)/(1 + 2) = 3.5.
    t = np.array([10.0, 20, 30, 40, 50])
    c = np.array([0, 1, 0, 0, 1])
    x, f = plotting_positions(t, censored=c)
    assert x.tolist() == [10.0, 30.0, 40.0]
    assert f == pytest.approx((np.array([1.0, 2.25, 3.5]) - 0.3) / 5.4)
    # ties: the failure is ranked before the suspension at the same time
    x2, f2 = plotting_positions(np.array([10.0, 10.0, 30.0]), censored=[True, False, False])
    # (reverse rank of 30 is 1: 1 + (4 − 1)/(1 + 1) = 2.5)
    assert f2 == pytest.approx((np.array([1.0, 2.5]) - 0.3) / 3.4)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    factor=st.floats(1e-3, 1e3),
    method=st.sampled_from(["mle", "rrx", "rry"]),
)
def test_scale_equivariance(seed: int, factor: float, method: str) -> None:
    """Multiplying every time by c multiplies α by c and leaves β unchanged."""
    rng = np.random.default_rng(seed)
    t = 10 * rng.weibull(rng.uniform(0.5, 5), 15) + 1e-3
    c = rng.uniform(size=15) < 0.3
    c[:2] = False  # at least two failures
    c[np.argmax(t)] = True  # and a censored unit beyond them: the MLE exists
    base = weibull_fit(t, censored=c, method=method)
    scaled = weibull_fit(t * factor, censored=c, method=method)
    assert scaled.shape == pytest.approx(base.shape, rel=1e-8)
    assert scaled.scale == pytest.approx(base.scale * factor, rel=1e-8)
    assert scaled.b10 == pytest.approx(base.b10 * factor, rel=1e-8)
    assert scaled.shape_ci == pytest.approx(base.shape_ci, rel=1e-7)


def test_batch_equals_single() -> None:
    rng = np.random.default_rng(3)
    k, n = 200, 30
    life = 100 * rng.weibull(2.5, (k, n))
    cens = rng.uniform(0, 250, (k, n))
    c = cens < life
    x = np.minimum(life, cens)
    batch = weibull_fit_batch(x, censored=c, ci=0.9)
    assert batch.converged.all()
    for i in range(0, k, 17):
        one = weibull_fit(x[i], censored=c[i], ci=0.9)
        assert batch.shape[i] == pytest.approx(one.shape, rel=1e-12)
        assert batch.scale[i] == pytest.approx(one.scale, rel=1e-12)
        assert batch.loglik[i] == pytest.approx(one.loglik, rel=1e-12)
        assert tuple(batch.shape_ci[i]) == pytest.approx(one.shape_ci, rel=1e-12)
        assert tuple(batch.scale_ci[i]) == pytest.approx(one.scale_ci, rel=1e-12)
        assert batch.n_failures[i] == one.n_failures
        assert batch.n_censored[i] == one.n_censored


def test_batch_ragged_rows_with_nan() -> None:
    t = np.array([[10.0, 20, 30, 40], [15.0, 25, 35, np.nan]])
    batch = weibull_fit_batch(t)
    one = weibull_fit([15.0, 25, 35])
    assert batch.shape[1] == pytest.approx(one.shape, rel=1e-12)
    assert batch.n_failures.tolist() == [4, 3]


def test_batch_errors() -> None:
    with pytest.raises(AnalyticsError, match="2-D"):
        weibull_fit_batch([1.0, 2.0])
    with pytest.raises(AnalyticsError, match="sample 2, position 1 is -1"):
        weibull_fit_batch([[1.0, 2.0], [-1.0, 2.0]])
    with pytest.raises(AnalyticsError, match="censored has shape"):
        weibull_fit_batch([[1.0, 2.0]], censored=[[True]])
    with pytest.raises(InsufficientDataError, match="sample 1 has 1 failures"):
        weibull_fit_batch([[1.0, 2.0]], censored=[[False, True]])
    with pytest.raises(InsufficientDataError, match="sample 2: every failure"):
        weibull_fit_batch([[1.0, 2.0, 3.0], [5.0, 5.0, 1.0]], censored=[[0, 0, 0], [0, 0, 1]])


def test_pathological_start_still_converges() -> None:
    """Very spread failures and heavy censoring beyond: bisection steps keep Newton in its bracket."""
    t = np.array([1e-6, 1e-3, 1.0, 1e3, 1e6, 1e7, 1e7, 1e7])
    c = np.array([0, 0, 0, 0, 0, 1, 1, 1], dtype=bool)
    fit = weibull_fit(t, censored=c)
    res = optimize.minimize(
        _neg_loglik,
        np.log([1e5, 0.1]),
        args=(t, c),
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20_000},
    )
    assert fit.shape == pytest.approx(math.exp(res.x[1]), rel=1e-5)
    # tightly clustered failures: a large β, reached from below by doubling
    tight = weibull_fit([100.0, 100.001, 100.002, 99.999])
    assert tight.shape > 1e4


@pytest.mark.parametrize(
    ("times", "censored", "kwargs", "error", "message"),
    [
        ([1.0, -2.0, 3.0], None, {}, AnalyticsError, "row 2 is negative"),
        ([1.0, 0.0, 3.0], None, {}, AnalyticsError, "row 2 is zero"),
        ([1.0, math.nan], None, {}, AnalyticsError, "row 2 is not a finite number"),
        (["a", "b"], None, {}, AnalyticsError, "must be numbers"),
        ([[1.0, 2.0]], None, {}, AnalyticsError, "one-dimensional"),
        ([1.0, 2.0, 3.0], [1, 1, 1], {}, InsufficientDataError, "all 3 times are censored"),
        ([1.0, 2.0, 3.0], [0, 1, 1], {}, InsufficientDataError, "1 failure;"),
        ([1.0], None, {}, InsufficientDataError, "1 failure;"),
        ([1.0, 2.0], [0, 1, 1], {}, AnalyticsError, "one entry per time"),
        ([1.0, 2.0], [0, 2], {}, AnalyticsError, "booleans or 0/1"),
        ([1.0, 2.0], None, {"method": "mom"}, SpecificationError, "method must be"),
        ([1.0, 2.0], None, {"ci": 1.5}, SpecificationError, "strictly between 0 and 1"),
        ([5.0, 5.0, 1.0], [0, 0, 1], {}, InsufficientDataError, "does not exist"),
        ([5.0, 5.0, 9.0], [0, 0, 1], {"method": "rry"}, InsufficientDataError, "distinct"),
    ],
)
def test_bad_input(times, censored, kwargs, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        weibull_fit(times, censored=censored, **kwargs)


def test_boolean_mask_and_small_n_aicc() -> None:
    fit = weibull_fit([3.0, 7.0, 9.0], censored=np.array([False, False, True]))
    assert fit.n_censored == 1
    assert math.isnan(fit.aicc)  # n − k − 1 = 0


def test_non_convergence_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualitas.analytics.reliability import _profile

    monkeypatch.setattr(_profile, "MAX_ITER", 1)
    t = np.array([12.0, 20, 31, 33, 45, 60, 61, 80])
    assert not weibull_fit_batch(t[None, :]).converged[0]
    with pytest.warns(StatisticalWarning, match="did not converge"):
        weibull_fit(t)
