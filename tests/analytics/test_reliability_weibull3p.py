"""Weibull 3P (location γ) by profile MLE: ``reliability`` 0.9.0, the profile, edge cases."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from qualitas.analytics.errors import InsufficientDataError, SpecificationError, StatisticalWarning
from qualitas.analytics.reliability import weibull_fit
from qualitas.analytics.reliability._location import location_variance, profile_location
from qualitas.analytics.reliability._profile import profile_mle


def _shifted_test_data(reference_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """reliability's own 3P test data: its 2P test data (same seed) shifted by γ = 500.

    reliability 0.9.0's test_Fit_Weibull_3P draws Weibull_Distribution(alpha=50, beta=2,
    gamma=500).random_samples(20, seed=5) and censors at the mean: exactly the 2P test
    sample (alpha=50, beta=2, seed=5, censored at its mean) plus 500.
    """
    path = reference_dir / "reliability" / "reliability_0.9.0_reference_outputs.json"
    ref = json.loads(path.read_text(encoding="utf-8"))["test_Fit_Weibull_2P"]
    f = np.array(ref["failures"]) + 500.0
    c = np.array(ref["right_censored"]) + 500.0
    return np.r_[f, c], np.r_[np.zeros(f.size, bool), np.ones(c.size, bool)]


# Fit_Weibull_3P(failures=..., right_censored=..., method="MLE") of reliability 0.9.0 on the
# data above (run 2026-11-22 in the bench virtualenv; the reference file has no 3P entry).
REF_3P = {
    "alpha": 33.012355248287534,
    "beta": 1.3273144236741616,
    "gamma": 513.7220817211114,
    "loglik": -54.51637906017259,
    "AICc": 116.53275812034518,
    "BIC": 118.01995494100716,
    "alpha_SE": 7.508674303266938,
    "beta_SE": 0.3497629531694718,
    "gamma_SE": 2.351524077157774,
    "Cov_alpha_beta": -0.7687788096939663,
    "gamma_lower": 509.1337921171286,
    "gamma_upper": 518.3517207735416,
}


@pytest.mark.reference
def test_3p_matches_reliability(reference_dir: Path) -> None:
    t, c = _shifted_test_data(reference_dir)
    with pytest.warns(StatisticalWarning, match="grows without bound"):
        fit = weibull_fit(t, censored=c, model="3p")
    assert fit.model == "3P" and fit.method == "MLE"
    # reliability stops its TNC optimiser at ~1e-5 relative in the parameters while we solve
    # the profile score to 1e-13: our log-likelihood is the higher one (by ~4e-10), and the
    # parameters agree to 2e-5 relative; γ to 1e-4 absolute (1e-4 of t₁ − γ ≈ 0.8).
    assert fit.loglik >= REF_3P["loglik"]
    assert fit.loglik == pytest.approx(REF_3P["loglik"], abs=1e-8)
    assert fit.location == pytest.approx(REF_3P["gamma"], abs=1e-4)
    assert fit.scale == pytest.approx(REF_3P["alpha"], rel=2e-5)
    assert fit.shape == pytest.approx(REF_3P["beta"], rel=2e-5)
    assert fit.aicc == pytest.approx(REF_3P["AICc"], abs=1e-7)
    assert fit.bic == pytest.approx(REF_3P["BIC"], abs=1e-7)
    # SEs are second derivatives at slightly different points: 1e-4 relative.
    assert fit.scale_se == pytest.approx(REF_3P["alpha_SE"], rel=1e-4)
    assert fit.shape_se == pytest.approx(REF_3P["beta_SE"], rel=1e-4)
    assert fit.location_se == pytest.approx(REF_3P["gamma_SE"], rel=1e-4)
    assert fit.cov_shape_scale == pytest.approx(REF_3P["Cov_alpha_beta"], rel=1e-4)
    assert fit.location_ci == pytest.approx(
        (REF_3P["gamma_lower"], REF_3P["gamma_upper"]), abs=1e-3
    )
    assert fit.n_failures == 12 and fit.n_censored == 8


def _sample(seed: int, shape: float, shift: float, n: int = 30) -> np.ndarray:
    return shift + stats.weibull_min(shape, scale=100.0).rvs(n, random_state=seed)


def test_interior_maximum_without_warning_is_the_profile_maximum() -> None:
    t = _sample(1, 3.0, 1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = weibull_fit(t, model="3p")
    assert 0.0 < fit.location < t.min()
    two = weibull_fit(t)
    assert fit.loglik > two.loglik  # one more free parameter
    # γ maximises the profile: nearby shifts give a lower 2P maximum
    for dg in (-0.5, 0.5):
        lt = np.log(t - (fit.location + dg))[None, :]
        ones = np.ones_like(lt, dtype=bool)
        assert profile_mle(lt, ones, ones)[2][0] < fit.loglik
    assert fit.cdf(fit.location) == 0.0
    assert fit.reliability(fit.location - 1.0) == 1.0
    assert float(fit.b_life(0.1)) == pytest.approx(fit.b10)
    lo, hi = fit.b_life_bounds(0.1)
    assert fit.location < lo < fit.b10 < hi
    assert fit.mttf == pytest.approx(
        fit.location + fit.scale * math.gamma(1 + 1 / fit.shape), rel=1e-12
    )
    lo_r, hi_r = fit.reliability_bounds([fit.location / 2, fit.location + 50.0])
    assert (lo_r[0], hi_r[0]) == (1.0, 1.0)  # before γ no unit can fail
    assert lo_r[1] < float(fit.reliability(fit.location + 50.0)) < hi_r[1]
    assert fit.location_ci[0] < fit.location < fit.location_ci[1]


def test_location_variance_is_the_numerical_hessian() -> None:
    t = _sample(2, 2.5, 200.0)
    c = np.zeros(t.size, bool)
    c[-5:] = True
    with pytest.warns(StatisticalWarning, match="grows without bound"):
        fit = weibull_fit(t, censored=c, model="3p")
    f = ~c

    def ll(p: np.ndarray) -> float:
        a, b, g = p
        x = t - g
        return float(np.sum(np.log(b / a) + (b - 1) * np.log(x[f] / a)) - np.sum((x / a) ** b))

    p0 = np.array([fit.scale, fit.shape, fit.location])
    h = np.empty((3, 3))
    eps = 1e-4 * np.abs(p0)
    for i in range(3):
        for j in range(3):
            ei, ej = np.eye(3)[i] * eps[i], np.eye(3)[j] * eps[j]
            h[i, j] = (
                ll(p0 + ei + ej) - ll(p0 + ei - ej) - ll(p0 - ei + ej) + ll(p0 - ei - ej)
            ) / (4 * eps[i] * eps[j])
    var_num = abs(np.linalg.inv(-h)[2, 2])
    var = location_variance(fit.scale, fit.shape, fit.location, t, f)
    assert var == pytest.approx(var_num, rel=1e-4)  # central differences: ~1e-6 accurate


def test_censored_before_location_drop_out() -> None:
    t = np.r_[_sample(1, 3.0, 1000.0), [500.0, 900.0]]
    c = np.r_[np.zeros(30, bool), [True, True]]
    fit = weibull_fit(t, censored=c, model="3p")
    ref = weibull_fit(t[:30], model="3p")  # units censored before γ carry no information
    assert fit.location > 900.0
    assert fit.location == pytest.approx(ref.location, rel=1e-9)
    assert fit.n_censored == 2


def test_location_at_zero_warns() -> None:
    t = _sample(1, 3.0, 0.0)
    with pytest.warns(StatisticalWarning) as record:
        fit = weibull_fit(t, model="3p")
    messages = " | ".join(str(w.message) for w in record)
    assert "bound 0" in messages and "grows without bound" in messages
    two = weibull_fit(t)
    assert fit.location == 0.0
    assert fit.shape == pytest.approx(two.shape, rel=1e-12)
    assert math.isnan(fit.location_se) and math.isnan(fit.location_ci[0])


def test_no_interior_maximum_raises() -> None:
    t = _sample(1, 0.7, 0.0)
    with pytest.raises(InsufficientDataError, match="does not exist"):
        weibull_fit(t, model="3p")
    assert profile_location(t, np.ones(t.size, bool)) is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"model": "4p"}, SpecificationError, "model must be"),
        ({"model": "3p", "method": "rrx"}, SpecificationError, "maximum likelihood only"),
    ],
)
def test_bad_options(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        weibull_fit([1.0, 2.0, 3.0, 4.0], **kwargs)


def test_3p_needs_three_failures() -> None:
    with pytest.raises(InsufficientDataError, match="2 failures; the 3-parameter"):
        weibull_fit([1.0, 2.0, 3.0], censored=[0, 0, 1], model="3p")


def test_3p_second_sample_matches_reliability() -> None:
    """Weibull(β 3, α 100) + 1000, 30 units, the top 20 % censored at the 80th percentile.

    Reference: Fit_Weibull_3P(failures=t[~c], right_censored=t[c], method="MLE") of
    reliability 0.9.0 on this sample (NumPy's legacy RandomState stream, stable by policy).
    """
    t = _sample(1, 3.0, 1000.0)
    cut = np.quantile(t, 0.8)
    c = t > cut
    t = np.where(c, cut, t)
    with pytest.warns(StatisticalWarning, match="grows without bound"):
        fit = weibull_fit(t, censored=c, model="3p")
    # tolerances as in test_3p_matches_reliability (its optimiser stops at ~1e-5)
    assert fit.loglik >= -124.79681843587943
    assert fit.loglik == pytest.approx(-124.79681843587943, abs=1e-8)
    assert fit.location == pytest.approx(980.0892563833268, abs=2e-3)  # γ SE is 34
    assert fit.scale == pytest.approx(112.58947434322121, rel=2e-5)
    assert fit.shape == pytest.approx(3.2462703806804325, rel=2e-5)
    assert fit.location_se == pytest.approx(34.402860498357974, rel=1e-4)
