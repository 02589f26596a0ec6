"""Non-normal capability: Box-Cox, Johnson, percentile method, nonparametric, auto."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from qualitas.analytics.capability import capability
from qualitas.analytics.capability_nonnormal import (
    DISTRIBUTIONS,
    ad_statistic,
    capability_boxcox,
    capability_by_method,
    capability_johnson,
    capability_nonparametric,
    capability_percentile,
    fit_distributions,
    johnson_fit,
    johnson_select,
    johnson_transform,
)
from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    NonNormalWarning,
    SpecificationError,
    StatisticalWarning,
)

RNG = np.random.default_rng(77)
LOGNORMAL = np.exp(RNG.normal(1.0, 0.4, size=300))


def test_boxcox_matches_the_normal_analysis_of_transformed_values():
    r = capability_boxcox(LOGNORMAL, lsl=0.8, usl=12, target=3)
    lam = r.transformation.parameters["lambda"]
    assert lam == pytest.approx(stats.boxcox_normmax(LOGNORMAL, method="mle"), rel=1e-5)
    # Plain Box-Cox (without dividing by the geometric mean) gives the same indices.
    y = special.boxcox(LOGNORMAL, lam)
    direct = capability(
        y, lsl=special.boxcox(0.8, lam), usl=special.boxcox(12, lam), target=special.boxcox(3, lam)
    )
    for name in ("cp", "cpk", "pp", "ppk", "cpm", "ppm_expected_overall"):
        assert getattr(r, name) == pytest.approx(getattr(direct, name))
    assert r.method == "boxcox" and r.lsl == 0.8 and r.usl == 12 and r.target == 3
    g = r.transformation.parameters["scale"]
    assert g == pytest.approx(np.exp(np.log(LOGNORMAL).mean()))
    assert r.transformation.lsl == pytest.approx(special.boxcox(0.8 / g, lam))
    assert r.ppm_observed == pytest.approx(1e6 * np.mean((LOGNORMAL < 0.8) | (LOGNORMAL > 12)))
    d = r.to_dict()
    assert d["transformation"]["name"] == "boxcox" and "lambda" in d["transformation"]["parameters"]


def test_boxcox_given_lambda_and_nonpositive_limit_dropped():
    with pytest.warns(StatisticalWarning, match="lsl 0 lies outside"):
        r = capability_boxcox(LOGNORMAL, lsl=0, usl=12, lmbda=0.0)
    assert r.transformation.parameters["lambda"] == 0.0
    assert r.transformation.lsl is None and math.isnan(r.cp) and r.cpk == r.cpu
    assert r.usl == 12 and r.lsl == 0.0


def test_boxcox_errors():
    with pytest.raises(AnalyticsError, match="value 2 is -1"):
        capability_boxcox([1.0, -1.0, 2.0], usl=3)
    with (
        pytest.raises(SpecificationError, match="no specification limit lies inside"),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", StatisticalWarning)
        capability_boxcox(LOGNORMAL, lsl=-1)
    with pytest.raises(InsufficientDataError, match="no variation"):
        capability_boxcox([2.0, 2.0, 2.0], usl=3)
    with pytest.raises(InsufficientDataError, match="at least two"):
        capability_boxcox([2.0], usl=3)


def test_boxcox_still_non_normal_warns():
    bimodal = np.r_[RNG.normal(10, 0.5, 200), RNG.normal(20, 0.5, 200)]
    with pytest.warns(NonNormalWarning, match="after the boxcox transformation"):
        capability_boxcox(bimodal, lsl=5, usl=25)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_boxcox_of_normal_data_is_close_to_the_normal_result(seed):
    x = np.random.default_rng(seed).normal(100, 2, size=(25, 5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        normal = capability(x, lsl=93, usl=108, normality=False)
        boxcox = capability_boxcox(x, lsl=93, usl=108)
        linear = capability_boxcox(x, lsl=93, usl=108, lmbda=1.0)
    # λ = 1 is a shift: exactly the normal result.
    for name in ("cp", "cpk", "pp", "ppk", "cpm", "ppm_expected_within"):
        assert getattr(linear, name) == pytest.approx(getattr(normal, name), rel=1e-9, abs=1e-12)
    # The ML λ is poorly identified for normal data with a small CV (it runs to the ±5
    # bounds), and the curvature then moves the tails: over 300 seeds cp/pp stayed within
    # 6 % and cpk/ppk within 16 % of the normal result.
    for name in ("cp", "pp"):
        assert getattr(boxcox, name) == pytest.approx(getattr(normal, name), rel=0.08)
    for name in ("cpk", "ppk"):
        assert getattr(boxcox, name) == pytest.approx(getattr(normal, name), rel=0.2)


@pytest.mark.parametrize(
    ("dist", "family"),
    [
        (stats.johnsonsu(a=1.0, b=2.0, loc=5, scale=2), "johnson-su"),
        (stats.johnsonsb(a=0.5, b=1.5, loc=5, scale=10), "johnson-sb"),
    ],
)
def test_johnson_recovers_its_family(dist, family):
    x = dist.rvs(size=4000, random_state=3)
    chosen, params = johnson_select(x)
    assert chosen == family
    assert 0.25 <= params["z"] <= 1.25
    # Percentile estimators are rough: shape within 20 %.
    assert params["eta"] == pytest.approx(dist.kwds["b"], rel=0.2)
    y = johnson_transform(chosen, params)(x)
    assert stats.normaltest(y).pvalue > 0.01


def test_johnson_sl_and_invalid_fits():
    # Lognormal quantiles make m·n/p² = 1 exactly: the SL branch.
    z = 0.5
    x = np.exp(stats.norm.ppf(np.linspace(0.0005, 0.9995, 4001)))
    family, params = johnson_fit(x, z)
    assert family == "johnson-sl"
    assert params["eta"] == pytest.approx(1.0, rel=0.02)
    y = johnson_transform(family, params)(np.array([params["epsilon"] - 1.0, 1.0]))
    assert np.isnan(y[0]) and np.isfinite(y[1])
    assert johnson_fit(np.r_[np.zeros(50), np.ones(50)], 0.5) is None  # p = 0
    with pytest.raises(AnalyticsError, match="no Johnson transformation"):
        johnson_select(np.r_[np.zeros(50), np.ones(50)])


def test_johnson_sb_bounds_and_sl_degenerate():
    sb = {"gamma": 0.0, "eta": 1.0, "epsilon": 0.0, "lambda": 1.0}
    y = johnson_transform("johnson-sb", sb)(np.array([-0.5, 0.5, 1.5]))
    assert np.isnan(y[0]) and y[1] == pytest.approx(0.0) and np.isnan(y[2])
    # A mirrored lognormal has m·n/p² = 1 with the long tail on the left (m/p < 1):
    # SL (a lognormal) cannot model it, so no fit at that z.
    mirrored = -np.exp(stats.norm.ppf(np.linspace(0.0005, 0.9995, 4001)))
    assert johnson_fit(mirrored, 0.5) is None


def test_capability_johnson_end_to_end():
    r = capability_johnson(LOGNORMAL, lsl=0.8, usl=12)
    assert r.method == "johnson" and r.transformation.name.startswith("johnson-")
    assert r.normality.p_value > 0.05
    assert 0 < r.ppk < r.pp
    assert r.ci["ppk"][0] < r.ppk < r.ci["ppk"][1]


def test_fit_distributions_and_ad_statistic():
    fits = fit_distributions(LOGNORMAL)
    assert [f.distribution for f in fits][0] in ("lognormal", "gamma")
    assert {f.distribution for f in fits} == set(DISTRIBUTIONS)
    assert all(a.ad_statistic <= b.ad_statistic for a, b in zip(fits, fits[1:], strict=False))
    # AD against a known normal equals scipy's for the same fully specified CDF.
    x = RNG.normal(size=50)
    ours = ad_statistic(x, stats.norm(0, 1))
    u = np.sort(stats.norm.cdf(x))
    n = x.size
    direct = -n - np.mean((2 * np.arange(1, n + 1) - 1) * (np.log(u) + np.log(1 - u[::-1])))
    assert ours == pytest.approx(direct)
    lognormal = next(f for f in fits if f.distribution == "lognormal")
    assert lognormal.parameters["shape"] == pytest.approx(np.log(LOGNORMAL).std())
    # Non-positive data: only the two location families.
    assert {f.distribution for f in fit_distributions(RNG.normal(size=40))} == {
        "normal",
        "logistic",
    }


def test_percentile_method():
    r = capability_percentile(LOGNORMAL, lsl=0.8, usl=12, n_boot=200, rng=1)
    fit = r.fits[0]
    assert r.distribution == fit.distribution and r.method == "percentile"
    p = r.percentiles
    assert r.pp == pytest.approx((12 - 0.8) / (p["p99865"] - p["p00135"]))
    assert r.ppk == pytest.approx(min((12 - p["p50"]) / (p["p99865"] - p["p50"]),
                                      (p["p50"] - 0.8) / (p["p50"] - p["p00135"])))  # fmt: skip
    assert math.isnan(r.cp) and math.isnan(r.cpk) and math.isnan(r.sigma_within)
    assert r.ci["ppk"][0] < r.ppk < r.ci["ppk"][1]
    assert all(math.isnan(v) for v in r.ci["cp"])
    assert r.ppm_expected_overall > 0 and r.sigma_method == "none"
    again = capability_percentile(LOGNORMAL, lsl=0.8, usl=12, n_boot=200, rng=1)
    assert again.ci == r.ci  # seeded
    d = r.to_dict()
    assert len(d["fits"]) == 5 and d["distribution"] == r.distribution


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_percentile_named_distribution(name):
    r = capability_percentile(LOGNORMAL, usl=12, distribution=name, n_boot=20, rng=2)
    assert r.distribution == name and r.ppk == r.ppu and math.isnan(r.pp)


def test_percentile_of_normal_fit_matches_three_sigma():
    x = RNG.normal(10, 1, size=500)
    r = capability_percentile(x, lsl=6, usl=14, distribution="normal", n_boot=0)
    mle_sd = x.std()
    # Φ⁻¹(0.99865) = 2.99998, not 3: relative 1e-5.
    assert r.pp == pytest.approx(8 / (6 * mle_sd), rel=2e-5)
    assert dict(r.ci) == {}


def test_percentile_bootstrap_with_constant_resample():
    # Two distinct values among 20: some resamples are constant and are skipped (NaN).
    x = np.r_[np.ones(19), 2.0]
    r = capability_percentile(x, usl=5, distribution="normal", n_boot=50, rng=0)
    assert np.isfinite(r.ppk)


def test_percentile_errors():
    with pytest.raises(AnalyticsError, match="distribution must be auto or one of"):
        capability_percentile(LOGNORMAL, usl=12, distribution="cauchy")
    with pytest.raises(AnalyticsError, match="weibull distribution needs positive"):
        capability_percentile(RNG.normal(size=30), usl=12, distribution="weibull")
    with pytest.raises(AnalyticsError, match="confidence"):
        capability_percentile(LOGNORMAL, usl=12, confidence=2)
    with pytest.raises(AnalyticsError, match="n_boot"):
        capability_percentile(LOGNORMAL, usl=12, n_boot=-1)


def test_nonparametric():
    x = RNG.gamma(2.0, 1.0, size=1000)
    r = capability_nonparametric(x, usl=15, n_boot=300, rng=np.random.default_rng(3))
    hi = np.quantile(x, 0.99865, method="linear")
    mid = np.median(x)
    assert r.ppk == pytest.approx((15 - mid) / (hi - mid))
    assert r.distribution == "empirical" and math.isnan(r.ppm_expected_overall)
    assert r.ci["ppk"][0] <= r.ppk <= r.ci["ppk"][1]
    with pytest.warns(StatisticalWarning, match="only 50 values"):
        small = capability_nonparametric(x[:50], usl=15, n_boot=0)
    assert small.ci == {}


def test_interval_of_all_nan_bootstrap():
    # All resamples of a two-point sample with n_boot draws can be constant only by chance;
    # with a single distinct value per resample forced by size 2 and equal values it is NaN.
    r = capability_percentile([1.0, 2.0], usl=5, distribution="normal", n_boot=3, rng=11)
    assert len(r.ci["ppk"]) == 2


def test_by_method_dispatch():
    normal = RNG.normal(10, 1, size=(30, 4))
    auto = capability_by_method(normal, lsl=5, usl=15)
    assert auto.method == "normal"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        auto_skew = capability_by_method(LOGNORMAL, lsl=0.5, usl=12, n_boot=20, rng=1)
    assert auto_skew.method == "percentile"
    for method in ("normal", "boxcox", "johnson", "percentile", "nonparametric"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StatisticalWarning)
            r = capability_by_method(LOGNORMAL, method=method, lsl=0.5, usl=12, n_boot=10, rng=1)
        assert r.method == method
    with pytest.raises(AnalyticsError, match="method must be one of"):
        capability_by_method(LOGNORMAL, method="magic", usl=12)  # type: ignore[arg-type]
