"""Weibull 2- and 3-parameter life-data fits with right censoring.

Parameterisation (as in the ``reliability`` package and most handbooks):
F(t) = 1 − exp(−((t − γ)/α)^β), α the scale (characteristic life, 63.2 % failed
by γ + α), β the shape, γ the location (failure-free time; 0 for the 2P model).

The 3P model (``model="3p"``) is fitted by MLE only, profiling the 2P MLE over γ
(see :mod:`._location`).

Methods
-------
- ``"mle"``: maximum likelihood, censored units entering through their survival
  probability; solved as a 1-D root-find of the profile equation in β (see
  :mod:`._profile`).
- ``"rrx"`` / ``"rry"``: rank regression on X / on Y of ln t against
  ln(−ln(1 − F̂)), with F̂ Bernard's median-rank approximation (i − 0.3)/(n + 0.4)
  applied to Johnson's adjusted ranks so that censored units are accounted for
  (:func:`plotting_positions`). ``reliability`` 0.9.0 does the same
  (``Probability_plotting.plotting_positions``, ``Utils.least_squares``).

Confidence bounds are Fisher-matrix bounds: the covariance is the inverse of the
observed information (minus the analytic Hessian of the log-likelihood) at the
estimate, and the bounds are normal on the log scale, α·exp(±z·SE(α)/α) and
likewise for β, which keeps them positive. For rank-regression fits the Hessian
is evaluated at the regression estimates, as ``reliability`` 0.9.0 does (it is
then only an approximation to a covariance; standard errors use |diagonal|, as
there).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from qualitas.analytics.errors import (
    InsufficientDataError,
    SpecificationError,
    StatisticalWarning,
)
from qualitas.analytics.reliability._common import BoolArray, FloatArray, life_data, z_two_sided
from qualitas.analytics.reliability._location import location_variance, profile_location
from qualitas.analytics.reliability._profile import (
    degenerate_rows,
    loglik_at,
    observed_information,
    profile_mle,
)

Method = Literal["MLE", "RRX", "RRY"]
Model = Literal["2P", "3P"]

#: Bernard's approximation to the median rank, (i − A)/(n + 1 − 2A) with A = 0.3
#: (Bernard & Bos-Levenbach 1953); the default of Minitab, ReliaSoft and ``reliability``.
BERNARD_A = 0.3


@dataclass(frozen=True, kw_only=True)
class WeibullFit:
    """A fitted 2- or 3-parameter Weibull distribution.

    Attributes
    ----------
    shape : float
        β, the shape (slope on Weibull paper).
    scale : float
        α, the scale (characteristic life: time by which 63.2 % have failed).
    method : {"MLE", "RRX", "RRY"}
        How the parameters were estimated.
    loglik : float
        Log-likelihood (with censoring) at (α, β), whatever the method.
    ci_level : float
        Two-sided confidence level of the bounds.
    shape_ci, scale_ci : tuple of float
        Fisher-matrix bounds (lower, upper) on the log scale.
    shape_se, scale_se : float
        Standard errors from the inverse observed information.
    cov_shape_scale : float
        Covariance of (β, α) from the same matrix.
    n_failures, n_censored : int
        Numbers of failures and right-censored units.
    aicc, bic : float
        Small-sample AIC and BIC with k = 2 parameters (NaN for AICc when n ≤ 3).
    b1, b10 : float
        Times by which 1 % and 10 % of units are expected to fail.
    mttf : float
        Mean time to failure, γ + α Γ(1 + 1/β).
    model : {"2P", "3P"}
        Whether the location was fitted.
    location : float
        γ, the failure-free time (0 for the 2P model).
    location_se : float
        SE(γ) from the inverse 3P observed information; NaN for 2P and when γ is at
        its bound 0.
    location_ci : tuple of float
        Bounds on γ, normal on the log scale (as ``reliability``); NaN where SE is.
    n_interval_censored, n_left_censored : int
        Units known to have failed within an interval / before a time (only from
        :func:`~qualitas.analytics.reliability.interval.weibull_fit_interval`; there
        ``n_failures`` counts the exact failures).

    Notes
    -----
    For the 3P model the shape and scale SE, bounds and covariance are those of the
    2P fit to t − γ (γ taken as known), the convention of ``reliability`` 0.9.0 and
    ReliaSoft; B-life and reliability bounds use them and γ as fixed.
    """

    shape: float
    scale: float
    method: Method
    loglik: float
    ci_level: float
    shape_ci: tuple[float, float]
    scale_ci: tuple[float, float]
    shape_se: float
    scale_se: float
    cov_shape_scale: float
    n_failures: int
    n_censored: int
    aicc: float
    bic: float
    b1: float
    b10: float
    mttf: float
    model: Model = "2P"
    location: float = 0.0
    location_se: float = math.nan
    location_ci: tuple[float, float] = (math.nan, math.nan)
    n_interval_censored: int = 0
    n_left_censored: int = 0

    def _z(self) -> float:
        return z_two_sided(self.ci_level)

    def cdf(self, t: npt.ArrayLike) -> FloatArray:
        """Fraction failed by time ``t``."""
        x = np.maximum(np.asarray(t, dtype=np.float64) - self.location, 0.0)
        out: FloatArray = -np.expm1(-((x / self.scale) ** self.shape))
        return out

    def reliability(self, t: npt.ArrayLike) -> FloatArray:
        """Probability of surviving beyond ``t``: R(t) = exp(−((t − γ)/α)^β)."""
        x = np.maximum(np.asarray(t, dtype=np.float64) - self.location, 0.0)
        out: FloatArray = np.exp(-((x / self.scale) ** self.shape))
        return out

    def reliability_bounds(self, t: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Fisher bounds (lower, upper) on R(t).

        Delta method on u = β (ln t − ln α), the linear predictor on Weibull paper,
        then R = exp(−e^u) at u ± z·SE(u) (the ``CI_type="reliability"`` bounds of
        ``reliability``). With a location γ, u uses t − γ, and times at or before γ
        have R = 1 with bounds (1, 1).
        """
        x = np.asarray(t, dtype=np.float64)
        if np.any(x <= 0):
            raise SpecificationError("reliability bounds need times > 0")
        x = x - self.location
        early = x <= 0.0
        x = np.where(early, 1.0, x)
        a, b = self.scale, self.shape
        u = b * (np.log(x) - math.log(a))
        du_da = -b / a
        du_db = u / b
        var = (
            du_da**2 * self.scale_se**2
            + du_db**2 * self.shape_se**2
            + 2.0 * du_da * du_db * self.cov_shape_scale
        )
        sd = np.sqrt(np.maximum(var, 0.0))
        z = self._z()
        lower = np.where(early, 1.0, np.exp(-np.exp(u + z * sd)))
        upper = np.where(early, 1.0, np.exp(-np.exp(u - z * sd)))
        return lower, upper

    def b_life(self, p: npt.ArrayLike) -> FloatArray:
        """Time by which a fraction ``p`` (0 < p < 1) has failed: γ + α (−ln(1 − p))^(1/β).

        B10 is ``b_life(0.10)``.
        """
        q = _probabilities(p)
        out: FloatArray = self.location + self.scale * (-np.log1p(-q)) ** (1.0 / self.shape)
        return out

    def b_life_bounds(self, p: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Fisher bounds (lower, upper) on the time by which a fraction ``p`` has failed.

        Delta method on ln t_p = ln α + y/β with y = ln(−ln(1 − p)), normal on the log
        scale (the ``CI_type="time"`` bounds of ``reliability``; drawn on the
        probability plot). With a location γ the bounds are on t_p − γ, then shifted.
        """
        q = _probabilities(p)
        a, b = self.scale, self.shape
        y = np.log(-np.log1p(-q))
        ln_t = math.log(a) + y / b
        d_a = 1.0 / a
        d_b = -y / b**2
        var = (
            d_a**2 * self.scale_se**2
            + d_b**2 * self.shape_se**2
            + 2.0 * d_a * d_b * self.cov_shape_scale
        )
        sd = np.sqrt(np.maximum(var, 0.0))
        z = self._z()
        g = self.location
        return g + np.exp(ln_t - z * sd), g + np.exp(ln_t + z * sd)

    def to_dict(self, *, at: float | None = None) -> dict[str, Any]:
        """The public JSON object of a Weibull fit (``qualitas analyze weibull``, diagnosis studies);
        with the reliability at time ``at`` and its interval when given."""
        b10_lo, b10_hi = self.b_life_bounds(0.10)
        payload: dict[str, Any] = {
            "shape": self.shape,
            "scale": self.scale,
            "location": self.location,
            "model": self.model,
            "method": self.method,
            "loglik": self.loglik,
            "ci": {"shape": list(self.shape_ci), "scale": list(self.scale_ci)},
            "ci_level": self.ci_level,
            "se": {"shape": self.shape_se, "scale": self.scale_se},
            "cov_shape_scale": self.cov_shape_scale,
            "b1": self.b1,
            "b10": self.b10,
            "b10_ci": [float(b10_lo), float(b10_hi)],
            "mttf": self.mttf,
            "n_failures": self.n_failures,
            "n_censored": self.n_censored,
            "n_interval_censored": self.n_interval_censored,
            "n_left_censored": self.n_left_censored,
            "aicc": self.aicc,
            "bic": self.bic,
            "reliability_at": None,
        }
        if self.model == "3P":
            payload["ci"]["location"] = list(self.location_ci)
            payload["se"]["location"] = self.location_se
        if at is not None:
            lo, hi = self.reliability_bounds(at)
            payload["reliability_at"] = {
                "t": at,
                "reliability": float(self.reliability(at)),
                "ci": [float(lo), float(hi)],
            }
        return payload


def _probabilities(p: npt.ArrayLike) -> FloatArray:
    q = np.asarray(p, dtype=np.float64)
    if not np.all((q > 0.0) & (q < 1.0)):
        raise SpecificationError(f"failure fractions must be strictly between 0 and 1, got {p!r}")
    return q


def plotting_positions(
    times: npt.ArrayLike, *, censored: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """Failure times (ascending) and their median-rank estimates of F.

    Johnson's adjusted ranks: with all units sorted by time and ``k`` the number of
    units at or beyond the current one (the reverse rank), each failure's rank is
    the previous failure's rank plus (n + 1 − previous rank)/(1 + k). Without
    censoring these are 1, 2, …, n. F̂ = (rank − 0.3)/(n + 0.4) (Bernard).
    At equal times failures are ranked before censored units (a unit removed at t
    is taken to have survived failures at t).
    """
    t, c = life_data(times, censored)
    return _plotting_positions(t, c)


def _plotting_positions(t: FloatArray, c: BoolArray) -> tuple[FloatArray, FloatArray]:
    n = t.size
    order = np.lexsort((c, t))
    ts, cs = t[order], c[order]
    reverse = n - np.arange(n)  # n, n-1, …, 1
    fail_idx = np.flatnonzero(~cs)
    ranks = np.empty(fail_idx.size)
    prev = 0.0
    for j, i in enumerate(fail_idx):
        prev = prev + (n + 1 - prev) / (1 + reverse[i])
        ranks[j] = prev
    f = (ranks - BERNARD_A) / (n + 1 - 2 * BERNARD_A)
    return ts[fail_idx], f


def weibull_fit(
    times: npt.ArrayLike,
    *,
    censored: npt.ArrayLike | None = None,
    method: str = "mle",
    model: str = "2p",
    ci: float = 0.95,
) -> WeibullFit:
    """Fit a 2- or 3-parameter Weibull distribution to life data with right censoring.

    Parameters
    ----------
    times : array_like
        Times to failure or to censoring, all > 0.
    censored : array_like of bool, optional
        True (or 1) where the unit was right-censored (still working at that time).
        Default: every time is a failure.
    method : {"mle", "rrx", "rry"}
        Maximum likelihood, or rank regression on X / on Y (case-insensitive).
    model : {"2p", "3p"}
        ``"3p"`` also fits the location γ in [0, first failure), by MLE only (a
        profile over γ; see :mod:`._location`). Needs at least 3 failures.
    ci : float
        Two-sided confidence level of the Fisher bounds, default 0.95.

    Warns
    -----
    StatisticalWarning
        3P: when the likelihood grows without bound as γ approaches the first failure
        (the profile β is below 1 there), so that the estimate returned is the largest
        interior local maximum; and when γ is at its bound 0 (the 2P model fits as well).

    Raises
    ------
    AnalyticsError
        A time ≤ 0 or not finite (the 1-based row is named), a mask of the wrong length.
    InsufficientDataError
        Fewer than 2 failures, all data censored, or data for which the estimate does
        not exist (every failure at the largest time; all failures at one time for RRY);
        3P: fewer than 3 failures, or a likelihood that only rises as γ approaches the
        first failure (no interior maximum: the 3P MLE does not exist).
    SpecificationError
        An unknown method or model, a confidence level outside (0, 1), or 3P with
        rank regression.
    """
    z = z_two_sided(ci)
    key = method.upper() if isinstance(method, str) else method
    if key not in ("MLE", "RRX", "RRY"):
        raise SpecificationError(f"method must be 'mle', 'rrx' or 'rry', got {method!r}")
    model_key = model.upper() if isinstance(model, str) else model
    if model_key not in ("2P", "3P"):
        raise SpecificationError(f"model must be '2p' or '3p', got {model!r}")
    if model_key == "3P" and key != "MLE":
        raise SpecificationError(
            f"the 3-parameter model is fitted by maximum likelihood only; use method='mle', "
            f"not {method!r}"
        )
    t, c = life_data(times, censored)
    logt = np.log(t)[None, :]
    fail = ~c[None, :]
    valid = np.ones_like(fail)
    if key == "MLE":
        if degenerate_rows(logt, fail, valid)[0]:
            raise InsufficientDataError(
                "the Weibull MLE does not exist: every failure is at the largest time "
                "(β would be infinite); more distinct failure times are needed"
            )
        beta_a, alpha_a, ll_a, ok = profile_mle(logt, fail, valid)
        if not ok[0]:
            warnings.warn(
                "the Weibull MLE iteration did not converge; the estimates may be inaccurate",
                StatisticalWarning,
                stacklevel=2,
            )
        beta, alpha, loglik = float(beta_a[0]), float(alpha_a[0]), float(ll_a[0])
    if model_key == "3P":
        return _fit_3p(t, c, ci=float(ci), z=z)
    if key != "MLE":
        xs, f = _plotting_positions(t, c)
        x = np.log(xs)
        y = np.log(-np.log1p(-f))
        x_c = x - x.mean()
        y_c = y - y.mean()
        sxx = float(x_c @ x_c)
        syy = float(y_c @ y_c)
        sxy = float(x_c @ y_c)
        if sxx == 0.0:
            raise InsufficientDataError(
                "rank regression needs at least 2 distinct failure times; all failures are equal"
            )
        if key == "RRY":  # y = β x − β ln α
            beta = sxy / sxx
        else:  # RRX: x = y/β + ln α
            beta = syy / sxy
        alpha = math.exp(float(x.mean()) - float(y.mean()) / beta)
        loglik = float(loglik_at(np.array([alpha]), np.array([beta]), logt, fail, valid)[0])
    return _assemble(
        t, c, alpha=alpha, beta=beta, loglik=loglik, method=key, ci=float(ci), z=z, k=2
    )


def _fit_3p(t: FloatArray, c: BoolArray, *, ci: float, z: float) -> WeibullFit:
    fail = ~c
    if int(fail.sum()) < 3:
        raise InsufficientDataError(
            f"times: {int(fail.sum())} failures; the 3-parameter Weibull needs at least 3"
        )
    prof = profile_location(t, fail)
    if prof is None:
        raise InsufficientDataError(
            "the 3-parameter Weibull MLE does not exist for these data: the likelihood "
            "only increases as the location approaches the first failure (shape < 1); "
            "use the 2-parameter model"
        )
    if prof.unbounded:
        warnings.warn(
            "the 3-parameter Weibull likelihood grows without bound as the location "
            f"approaches the first failure (shape < 1 there); γ = {prof.location:.6g} is "
            "the largest local maximum, not the supremum",
            StatisticalWarning,
            stacklevel=3,
        )
    if prof.at_zero:
        warnings.warn(
            "the 3-parameter Weibull location is at its bound 0: the 2-parameter model "
            "fits as well, and γ has no bounds",
            StatisticalWarning,
            stacklevel=3,
        )
        var_g = math.nan
    else:
        var_g = location_variance(prof.scale, prof.shape, prof.location, t, fail)
    g = prof.location
    se_g = math.sqrt(var_g)
    # reliability 0.9.0 bounds γ on the log scale (it bounds γ ≥ 0 in its optimiser).
    g_ci = (g * math.exp(-z * se_g / g), g * math.exp(z * se_g / g)) if g > 0 else (math.nan,) * 2
    return _assemble(
        t,
        c,
        alpha=prof.scale,
        beta=prof.shape,
        loglik=prof.loglik,
        method="MLE",
        ci=ci,
        z=z,
        k=3,
        location=g,
        location_se=se_g,
        location_ci=g_ci,
    )


def _assemble(
    t: FloatArray,
    c: BoolArray,
    *,
    alpha: float,
    beta: float,
    loglik: float,
    method: str,
    ci: float,
    z: float,
    k: int,
    location: float = 0.0,
    location_se: float = math.nan,
    location_ci: tuple[float, float] = (math.nan, math.nan),
) -> WeibullFit:
    """Fisher bounds and derived quantities; (α, β) information from the data less γ."""
    valid_1d = t > location
    logt = np.log(np.where(valid_1d, t - location, 1.0))[None, :]
    valid = valid_1d[None, :]
    fail = ~c[None, :] & valid
    r = int((~c).sum())
    i_aa, i_ab, i_bb = observed_information(np.array([alpha]), np.array([beta]), logt, fail, valid)
    det = float(i_aa[0] * i_bb[0] - i_ab[0] ** 2)
    if det == 0.0:  # pragma: no cover - needs an exactly singular 2×2 information matrix
        var_a = var_b = cov = math.nan
    else:
        var_a = abs(float(i_bb[0]) / det)
        var_b = abs(float(i_aa[0]) / det)
        cov = -float(i_ab[0]) / det
    se_a, se_b = math.sqrt(var_a), math.sqrt(var_b)
    n = t.size
    aicc = 2 * k - 2 * loglik + (2 * k**2 + 2 * k) / (n - k - 1) if n - k - 1 > 0 else math.nan
    bic = math.log(n) * k - 2 * loglik
    return WeibullFit(
        shape=beta,
        scale=alpha,
        method=method,  # type: ignore[arg-type]
        loglik=loglik,
        ci_level=ci,
        shape_ci=(beta * math.exp(-z * se_b / beta), beta * math.exp(z * se_b / beta)),
        scale_ci=(alpha * math.exp(-z * se_a / alpha), alpha * math.exp(z * se_a / alpha)),
        shape_se=se_b,
        scale_se=se_a,
        cov_shape_scale=cov,
        n_failures=r,
        n_censored=n - r,
        aicc=aicc,
        bic=bic,
        b1=location + alpha * (-math.log1p(-0.01)) ** (1.0 / beta),
        b10=location + alpha * (-math.log1p(-0.10)) ** (1.0 / beta),
        mttf=location + alpha * math.gamma(1.0 + 1.0 / beta),
        model="3P" if k == 3 else "2P",
        location=location,
        location_se=location_se,
        location_ci=location_ci,
    )
