"""The Weibull 2-parameter likelihood kernel, vectorised over samples.

Shared by :func:`~qualitas.analytics.reliability.weibull.weibull_fit` (one
sample, ``k = 1``) and :func:`~qualitas.analytics.reliability.batch.weibull_fit_batch`
(``k`` samples), so that a batch fit is the single fit, row by row.

Why a profile equation: for right-censored data with ``r`` failures ``t_i`` and
all ``n`` times ``x_j``, the score for α gives α in closed form for a given β,

    α(β) = (Σ_j x_j^β / r)^(1/β),

and substituting it leaves one equation in β (Lawless, *Statistical Models and
Methods for Lifetime Data*, 2nd ed., §5.2.2; Cohen, Technometrics 7, 1965):

    g(β) = Σ_j x_j^β ln x_j / Σ_j x_j^β − 1/β − (1/r) Σ_i ln t_i = 0.

g is strictly increasing (g' = Var_w(ln x) + 1/β² > 0 with weights x^β), so the
root is unique and a safeguarded Newton iteration (bisection inside the current
bracket when a step leaves it) converges in a handful of steps. The 2-D
optimisation the peers run is thus a 1-D root-find.

Arrays are ``(k, n)``: ``logt`` the log times (any value where ``valid`` is
False), ``fail`` True for a failure, ``valid`` True for an observation that
exists (False pads ragged samples).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Relative change in β below which the Newton iteration stops. 1e-12 is ~100 ulps:
#: far below the 1e-4 agreement asked of the fits, and reached in ~6 steps.
BETA_RTOL = 1e-12
#: Iteration cap; never reached in practice (quadratic convergence from the
#: moment estimate), but bisection steps on pathological samples need headroom.
MAX_ITER = 200


def degenerate_rows(logt: FloatArray, fail: BoolArray, valid: BoolArray) -> BoolArray:
    """Rows whose β MLE is infinite: every failure at the largest time of its sample.

    g(β) → max ln x − mean ln t_failures as β → ∞, so a finite root needs the failures'
    mean log time below the largest time of the sample.
    """
    r = fail.sum(axis=1)
    top = np.where(valid, logt, -np.inf).max(axis=1)
    mean_f = np.where(fail, logt, 0.0).sum(axis=1) / np.maximum(r, 1)
    out: BoolArray = ~(mean_f < top - 1e-12 * np.maximum(1.0, np.abs(top)))
    return out


def profile_mle(
    logt: FloatArray, fail: BoolArray, valid: BoolArray
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """Weibull 2P MLE (β, α, log-likelihood, converged) for each row; rows must not be degenerate."""
    failf = fail.astype(np.float64)
    validf = valid.astype(np.float64)
    r = failf.sum(axis=1)
    # Shift by each row's largest log time so that every weight exp(β u) is ≤ 1:
    # no overflow whatever β or the time unit.
    top = np.where(valid, logt, -np.inf).max(axis=1)
    u = np.where(valid, logt - top[:, None], 0.0)
    sum_lnt_f = (failf * logt).sum(axis=1)
    mean_fu = (failf * u).sum(axis=1) / r
    # Start from the moment estimate of the log-times' extreme-value scale
    # (sd of ln T = π / (β √6)) on the failures; 1 when they are all equal.
    var_f = (failf * (u - mean_fu[:, None]) ** 2).sum(axis=1) / r
    beta = np.where(var_f > 0.0, np.pi / np.sqrt(6.0 * np.where(var_f > 0.0, var_f, 1.0)), 1.0)
    lo = np.zeros_like(beta)
    hi = np.full_like(beta, np.inf)
    converged = np.zeros(beta.shape, dtype=bool)
    for _ in range(MAX_ITER):
        w = np.exp(beta[:, None] * u) * validf
        s0 = w.sum(axis=1)
        wu = w * u
        s1 = wu.sum(axis=1)
        s2 = (wu * u).sum(axis=1)
        m1 = s1 / s0
        inv_b = 1.0 / beta
        g = m1 - inv_b - mean_fu
        dg = s2 / s0 - m1 * m1 + inv_b * inv_b
        lo = np.where(g < 0.0, beta, lo)
        hi = np.where(g > 0.0, beta, hi)
        new = beta - g / dg
        outside = ~((new > lo) & (new < hi))
        # Bisect inside a finite bracket, double while the root's upper side is unknown.
        new = np.where(outside, np.where(np.isfinite(hi), 0.5 * (lo + hi), 2.0 * beta), new)
        converged = np.abs(new - beta) <= BETA_RTOL * new
        beta = new
        if converged.all():
            break
    w = np.exp(beta[:, None] * u) * validf
    s0 = w.sum(axis=1)
    # α = exp(top) (Σ exp(β u) / r)^(1/β), computed on the log scale.
    log_alpha = top + np.log(s0 / r) / beta
    alpha = np.exp(log_alpha)
    # Σ (x/α)^β = exp(β (top − ln α)) Σ exp(β u) = r at the root; kept explicit.
    sum_w = np.exp(beta * (top - log_alpha)) * s0
    loglik = r * np.log(beta) - r * beta * log_alpha + (beta - 1.0) * sum_lnt_f - sum_w
    return beta, alpha, loglik, converged


def loglik_at(
    alpha: FloatArray, beta: FloatArray, logt: FloatArray, fail: BoolArray, valid: BoolArray
) -> FloatArray:
    """Weibull log-likelihood with right censoring at given (α, β), per row."""
    s = np.where(valid, logt - np.log(alpha)[:, None], 0.0)
    w = np.where(valid, np.exp(beta[:, None] * s), 0.0)
    r = fail.sum(axis=1)
    lnt_f = np.where(fail, logt, 0.0).sum(axis=1)
    out: FloatArray = (
        r * np.log(beta) - r * beta * np.log(alpha) + (beta - 1.0) * lnt_f - w.sum(axis=1)
    )
    return out


def observed_information(
    alpha: FloatArray, beta: FloatArray, logt: FloatArray, fail: BoolArray, valid: BoolArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Entries (I_αα, I_αβ, I_ββ) of minus the Hessian of the log-likelihood in (α, β).

    Analytic second derivatives of ℓ = r ln β − rβ ln α + (β−1) Σ ln t_i − Σ (x_j/α)^β,
    with w = (x/α)^β and s = ln(x/α):
    ∂²ℓ/∂α² = β/α² (r − (β+1) Σ w), ∂²ℓ/∂α∂β = (Σ w + β Σ w s − r)/α,
    ∂²ℓ/∂β² = −r/β² − Σ w s². Valid at any (α, β), not only at the MLE, because the
    reference package evaluates the same Hessian at its rank-regression estimates.
    """
    s = np.where(valid, logt - np.log(alpha)[:, None], 0.0)
    w = np.where(valid, np.exp(beta[:, None] * s), 0.0)
    r = fail.sum(axis=1).astype(np.float64)
    sw = w.sum(axis=1)
    ws = w * s
    sws = ws.sum(axis=1)
    swss = (ws * s).sum(axis=1)
    i_aa = -(beta / alpha**2) * (r - (beta + 1.0) * sw)
    i_ab = -(sw + beta * sws - r) / alpha
    i_bb = r / beta**2 + swss
    return i_aa, i_ab, i_bb
