"""Exponential and lognormal life-data fits by maximum likelihood with right censoring.

Same input conventions and Fisher-bound conventions as
:func:`~qualitas.analytics.reliability.weibull.weibull_fit`: times > 0, a
censoring mask (True = right-censored), covariance = inverse observed
information at the MLE, bounds normal on the log scale for positive parameters
(λ, σ) and on the natural scale for the location μ.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize
from scipy.special import log_ndtr, ndtr

from qualitas.analytics.errors import InsufficientDataError, StatisticalWarning
from qualitas.analytics.reliability._common import FloatArray, life_data, z_two_sided

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


@dataclass(frozen=True, kw_only=True)
class ExponentialFit:
    """Exponential distribution F(t) = 1 − exp(−λt).

    Attributes
    ----------
    rate : float
        λ = r / Σ tⱼ (failures over total time on test, censored units included).
    rate_ci : tuple of float
        Fisher bounds λ·exp(±z/√r) (SE(λ) = λ/√r).
    mttf : float
        1/λ.
    mttf_ci : tuple of float
        The rate bounds inverted.
    loglik : float
        r ln λ − λ Σ tⱼ.
    ci_level : float
        Two-sided level.
    n_failures, n_censored : int
        Counts.
    """

    rate: float
    rate_ci: tuple[float, float]
    mttf: float
    mttf_ci: tuple[float, float]
    loglik: float
    ci_level: float
    n_failures: int
    n_censored: int

    def reliability(self, t: npt.ArrayLike) -> FloatArray:
        """R(t) = exp(−λt)."""
        out: FloatArray = np.exp(-self.rate * np.maximum(np.asarray(t, dtype=np.float64), 0.0))
        return out

    def b_life(self, p: float) -> float:
        """Time by which a fraction ``p`` has failed, −ln(1 − p)/λ."""
        return -math.log1p(-p) / self.rate


@dataclass(frozen=True, kw_only=True)
class LognormalFit:
    """Lognormal distribution: ln T ~ Normal(μ, σ).

    Attributes
    ----------
    mu, sigma : float
        MLE of the mean and standard deviation of ln T (σ with divisor n when
        nothing is censored).
    mu_ci : tuple of float
        μ ± z·SE(μ).
    sigma_ci : tuple of float
        σ·exp(±z·SE(σ)/σ).
    mu_se, sigma_se, cov_mu_sigma : float
        From the inverse observed information.
    loglik : float
        Log-likelihood (densities of t, not of ln t, as ``reliability`` and lifelines).
    mttf : float
        exp(μ + σ²/2).
    median : float
        exp(μ).
    ci_level : float
        Two-sided level.
    n_failures, n_censored : int
        Counts.
    """

    mu: float
    sigma: float
    mu_ci: tuple[float, float]
    sigma_ci: tuple[float, float]
    mu_se: float
    sigma_se: float
    cov_mu_sigma: float
    loglik: float
    mttf: float
    median: float
    ci_level: float
    n_failures: int
    n_censored: int

    def reliability(self, t: npt.ArrayLike) -> FloatArray:
        """R(t) = 1 − Φ((ln t − μ)/σ)."""
        x = np.asarray(t, dtype=np.float64)
        with np.errstate(divide="ignore"):
            z = (np.log(np.maximum(x, 0.0)) - self.mu) / self.sigma
        out: FloatArray = ndtr(-z)
        return out


def exponential_fit(
    times: npt.ArrayLike, *, censored: npt.ArrayLike | None = None, ci: float = 0.95
) -> ExponentialFit:
    """Fit an exponential distribution (closed-form MLE) to right-censored life data.

    Raises as :func:`~qualitas.analytics.reliability.weibull.weibull_fit` (times ≤ 0,
    fewer than 2 failures, all censored, a bad confidence level).
    """
    z = z_two_sided(ci)
    t, c = life_data(times, censored)
    r = int(t.size - np.count_nonzero(c))
    total = float(t.sum())
    rate = r / total
    f = math.exp(z / math.sqrt(r))
    return ExponentialFit(
        rate=rate,
        rate_ci=(rate / f, rate * f),
        mttf=1.0 / rate,
        mttf_ci=(1.0 / (rate * f), f / rate),
        loglik=r * math.log(rate) - rate * total,
        ci_level=float(ci),
        n_failures=r,
        n_censored=int(t.size - r),
    )


def _lognormal_parts(
    mu: float, sigma: float, y: FloatArray, fail: npt.NDArray[np.bool_]
) -> tuple[float, FloatArray, FloatArray]:
    """Log-likelihood (without the Σ ln t of failures), gradient and minus Hessian in (μ, σ)."""
    z = (y - mu) / sigma
    zf = z[fail]
    zc = z[~fail]
    r = zf.size
    ll = (
        -r * math.log(sigma) - r * _LOG_SQRT_2PI - 0.5 * float(zf @ zf) + float(log_ndtr(-zc).sum())
    )
    # inverse Mills ratio h = φ(z)/(1 − Φ(z)), computed on the log scale for large z
    h = np.exp(-0.5 * zc * zc - _LOG_SQRT_2PI - log_ndtr(-zc))
    grad = np.array(
        [
            (zf.sum() + h.sum()) / sigma,
            (-r + float(zf @ zf) + float(h @ zc)) / sigma,
        ]
    )
    hz = h * (h - zc)  # = −h'(z)
    i_mm = (r + hz.sum()) / sigma**2
    i_ms = (2.0 * zf.sum() + float(hz @ zc) + h.sum()) / sigma**2
    i_ss = (-(r - 3.0 * float(zf @ zf)) + float(hz @ (zc * zc)) + 2.0 * float(h @ zc)) / sigma**2
    info = np.array([[i_mm, i_ms], [i_ms, i_ss]])
    return ll, grad, info


def lognormal_fit(
    times: npt.ArrayLike, *, censored: npt.ArrayLike | None = None, ci: float = 0.95
) -> LognormalFit:
    """Fit a lognormal distribution by MLE to right-censored life data.

    Without censoring the MLE is closed-form (mean and divisor-n standard deviation
    of ln t). With censoring, BFGS on (μ, ln σ) with the analytic gradient, started
    from the failures' closed form; the covariance then comes from the analytic
    observed information at the optimum.

    Raises as :func:`~qualitas.analytics.reliability.weibull.weibull_fit`; also
    :class:`InsufficientDataError` when all failures are at one time and nothing is
    censored beyond (σ would be 0).
    """
    z = z_two_sided(ci)
    t, c = life_data(times, censored)
    y = np.log(t)
    fail = ~c
    yf = y[fail]
    mu = float(yf.mean())
    sigma = float(np.sqrt(((yf - mu) ** 2).mean()))
    if sigma == 0.0:
        if not c.any() or float(y[c].max()) <= mu:
            raise InsufficientDataError(
                "all failures are at one time: the lognormal σ would be 0; more distinct "
                "failure times are needed"
            )
        sigma = float(np.std(y))
    if c.any():

        def neg(p: FloatArray) -> tuple[float, FloatArray]:
            s = math.exp(p[1])
            ll, g, _ = _lognormal_parts(float(p[0]), s, y, fail)
            return -ll, -np.array([g[0], g[1] * s])

        res = optimize.minimize(
            neg,
            np.array([mu, math.log(sigma)]),
            jac=True,
            method="BFGS",
            options={"gtol": 1e-10, "maxiter": 500},
        )
        if not res.success and np.max(np.abs(res.jac)) > 1e-6:  # pragma: no cover
            warnings.warn(
                f"the lognormal MLE did not converge ({res.message}); estimates may be inaccurate",
                StatisticalWarning,
                stacklevel=2,
            )
        mu, sigma = float(res.x[0]), math.exp(float(res.x[1]))
    ll, _, info = _lognormal_parts(mu, sigma, y, fail)
    cov = np.linalg.inv(info)
    se_mu = math.sqrt(abs(float(cov[0, 0])))
    se_sigma = math.sqrt(abs(float(cov[1, 1])))
    fs = math.exp(z * se_sigma / sigma)
    r = int(fail.sum())
    return LognormalFit(
        mu=mu,
        sigma=sigma,
        mu_ci=(mu - z * se_mu, mu + z * se_mu),
        sigma_ci=(sigma / fs, sigma * fs),
        mu_se=se_mu,
        sigma_se=se_sigma,
        cov_mu_sigma=float(cov[0, 1]),
        loglik=ll - float(yf.sum()),
        mttf=math.exp(mu + 0.5 * sigma**2),
        median=math.exp(mu),
        ci_level=float(ci),
        n_failures=r,
        n_censored=int(t.size - r),
    )
