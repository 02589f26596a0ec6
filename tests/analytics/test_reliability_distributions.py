"""Exponential and lognormal fits with right censoring."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from qualitas.analytics.errors import InsufficientDataError
from qualitas.analytics.reliability import exponential_fit, lognormal_fit


def _sample(seed: int = 2, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    life = np.exp(rng.normal(3.0, 0.7, n))
    cens = rng.uniform(0, 40, n)
    return np.minimum(life, cens), cens < life


def test_exponential_closed_form() -> None:
    t, c = _sample()
    fit = exponential_fit(t, censored=c, ci=0.9)
    r = int((~c).sum())
    assert fit.rate == pytest.approx(r / t.sum())
    assert fit.mttf == pytest.approx(t.sum() / r)
    z = stats.norm.ppf(0.95)
    assert fit.rate_ci == pytest.approx(
        (fit.rate * math.exp(-z / math.sqrt(r)), fit.rate * math.exp(z / math.sqrt(r)))
    )
    assert fit.mttf_ci[0] < fit.mttf < fit.mttf_ci[1]
    assert fit.loglik == pytest.approx(r * math.log(fit.rate) - fit.rate * t.sum())
    assert float(fit.reliability(fit.b_life(0.1))) == pytest.approx(0.9)
    assert (fit.n_failures, fit.n_censored) == (r, int(c.sum()))


def _lognormal_negll(p: np.ndarray, t: np.ndarray, c: np.ndarray) -> float:
    mu, sigma = p[0], math.exp(p[1])
    ll = stats.lognorm.logpdf(t[~c], sigma, scale=math.exp(mu)).sum()
    ll += stats.lognorm.logsf(t[c], sigma, scale=math.exp(mu)).sum()
    return -float(ll)


def test_lognormal_censored_is_the_mle() -> None:
    t, c = _sample()
    fit = lognormal_fit(t, censored=c)
    res = optimize.minimize(
        _lognormal_negll,
        np.array([3.0, 0.0]),
        args=(t, c),
        method="Nelder-Mead",
        options={"xatol": 1e-11, "fatol": 1e-13, "maxiter": 10_000},
    )
    assert fit.mu == pytest.approx(res.x[0], rel=1e-6)
    assert fit.sigma == pytest.approx(math.exp(res.x[1]), rel=1e-6)
    assert fit.loglik == pytest.approx(-res.fun, abs=1e-8)

    # observed information vs a finite-difference Hessian of the same likelihood in (μ, σ)
    def nll(mu: float, s: float) -> float:
        return _lognormal_negll(np.array([mu, math.log(s)]), t, c)

    h = 1e-4
    mu, s = fit.mu, fit.sigma
    i_mm = (nll(mu + h, s) - 2 * nll(mu, s) + nll(mu - h, s)) / h**2
    i_ss = (nll(mu, s + h) - 2 * nll(mu, s) + nll(mu, s - h)) / h**2
    i_ms = (nll(mu + h, s + h) - nll(mu + h, s - h) - nll(mu - h, s + h) + nll(mu - h, s - h)) / (
        4 * h * h
    )
    cov = np.linalg.inv([[i_mm, i_ms], [i_ms, i_ss]])
    assert fit.mu_se == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-4)
    assert fit.sigma_se == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-4)
    assert fit.cov_mu_sigma == pytest.approx(cov[0, 1], rel=1e-3, abs=1e-6)
    assert fit.mu_ci[0] < fit.mu < fit.mu_ci[1]
    assert fit.sigma_ci[0] < fit.sigma < fit.sigma_ci[1]
    assert float(fit.reliability(fit.median)) == pytest.approx(0.5)
    assert float(fit.reliability(0.0)) == 1.0
    assert fit.mttf == pytest.approx(math.exp(fit.mu + fit.sigma**2 / 2))


def test_lognormal_uncensored_closed_form() -> None:
    t, _ = _sample()
    fit = lognormal_fit(t)
    y = np.log(t)
    assert fit.mu == pytest.approx(y.mean())
    assert fit.sigma == pytest.approx(y.std())
    n = t.size
    assert fit.mu_se == pytest.approx(fit.sigma / math.sqrt(n))
    assert fit.sigma_se == pytest.approx(fit.sigma / math.sqrt(2 * n))
    assert fit.loglik == pytest.approx(
        stats.lognorm.logpdf(t, fit.sigma, scale=math.exp(fit.mu)).sum()
    )


def test_lognormal_equal_failures() -> None:
    # equal failures with a later censored unit: σ comes from the censoring, start from all data
    fit = lognormal_fit([10.0, 10.0, 50.0], censored=[0, 0, 1])
    assert fit.sigma > 0
    with pytest.raises(InsufficientDataError, match="σ would be 0"):
        lognormal_fit([10.0, 10.0, 10.0])
    with pytest.raises(InsufficientDataError, match="σ would be 0"):
        lognormal_fit([10.0, 10.0, 5.0], censored=[0, 0, 1])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), factor=st.floats(1e-3, 1e3))
def test_scale_equivariance(seed: int, factor: float) -> None:
    t, c = _sample(seed, 25)
    c[:2] = False
    a, b = lognormal_fit(t, censored=c), lognormal_fit(t * factor, censored=c)
    assert b.sigma == pytest.approx(a.sigma, rel=1e-5)
    assert b.median == pytest.approx(a.median * factor, rel=1e-5)
    ea, eb = exponential_fit(t, censored=c), exponential_fit(t * factor, censored=c)
    assert eb.mttf == pytest.approx(ea.mttf * factor, rel=1e-12)
