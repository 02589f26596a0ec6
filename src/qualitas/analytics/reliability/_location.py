"""The Weibull 3-parameter (location γ) MLE by profiling the 2P fit over γ.

For a fixed location γ the data shifted to x = t − γ are 2P Weibull, whose MLE is
the 1-D root-find of :mod:`._profile`; the profile log-likelihood ℓp(γ) is the 2P
maximum at that γ. By the envelope theorem its derivative is the partial
derivative of the full log-likelihood in γ at the 2P estimates,

    dℓp/dγ = −(β − 1) Σ_failures 1/x + β Σ_all (x/α)^β / x,

so the 3P MLE is a root of that score, found by bracketing on a grid and Brent's
method — no 3-D optimiser, no starting point to choose.

γ lives in [0, t₁) with t₁ the first failure. A unit censored at or before γ has
survival probability 1 there and drops out of the likelihood. As γ → t₁ the density
of the first failure contains (t₁ − γ)^(β−1): when the profile β is below 1 there,
the likelihood grows without bound (Smith, *Biometrika* 72, 1985, the "non-regular"
case), so the estimate is the largest *interior* local maximum, and the caller warns.

The grid is in d = t₁ − γ, geometric from t₁ (γ = 0) down to t₁·10⁻¹⁰, and the
shifted times are computed as (t − t₁) + d so that the first failure keeps full
relative precision however close γ comes to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from qualitas.analytics.reliability._common import BoolArray, FloatArray
from qualitas.analytics.reliability._profile import profile_mle

#: Grid points over d = t₁ − γ. 10 decades at ~12 points per decade: neighbouring
#: points differ by ~21 %, fine enough to separate the interior maximum from the
#: boundary rise seen in practice (they are decades apart in d).
GRID_POINTS = 121
#: Smallest d on the grid relative to t₁; below it a double can no longer resolve
#: the shifted first failure from rounding in the other times' logs.
GRID_DECADES = 10.0
#: Brent tolerance on d, relative to t₁: far below the 1e-5 agreement asked.
D_RTOL = 1e-13


@dataclass(frozen=True, kw_only=True)
class LocationProfile:
    """The profile maximum found; ``unbounded`` when ℓp rises towards t₁ (β < 1 there)."""

    location: float
    shape: float
    scale: float
    loglik: float
    at_zero: bool
    unbounded: bool


def _shifted(t: FloatArray, t1: float, d: FloatArray) -> tuple[FloatArray, BoolArray]:
    x = (t[None, :] - t1) + d[:, None]
    valid: BoolArray = x > 0.0
    return np.where(valid, x, 1.0), valid


def _fit_rows(
    t: FloatArray, fail: BoolArray, t1: float, d: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """2P MLE (β, α, ℓ) and the γ-score for each shift d (one row each)."""
    x, valid = _shifted(t, t1, d)
    f = fail[None, :] & valid
    beta, alpha, loglik, _ = profile_mle(np.log(x), f, valid)
    w = np.where(valid, (x / alpha[:, None]) ** beta[:, None], 0.0)
    score = -(beta - 1.0) * np.where(f, 1.0 / x, 0.0).sum(axis=1) + beta * (w / x).sum(axis=1)
    return beta, alpha, loglik, score


def profile_location(t: FloatArray, fail: BoolArray) -> LocationProfile | None:
    """The 3P MLE by profile; None when ℓp only rises towards t₁ (no interior maximum).

    ``t`` are all times, ``fail`` the failure mask; the data must have a finite 2P MLE.
    """
    t1 = float(t[fail].min())
    d = t1 * 10.0 ** np.linspace(0.0, -GRID_DECADES, GRID_POINTS)  # γ ascending from 0
    beta, alpha, loglik, score = _fit_rows(t, fail, t1, d)
    # Rising towards t₁ at the last grid point with β < 1: the likelihood is unbounded.
    unbounded = bool(score[-1] > 0.0 and beta[-1] < 1.0)
    candidates: list[tuple[float, float]] = []  # (loglik, d)
    if score[0] <= 0.0:  # falling from γ = 0: a boundary maximum there
        candidates.append((float(loglik[0]), float(d[0])))
    for j in np.flatnonzero((score[:-1] > 0.0) & (score[1:] <= 0.0)):

        def g(dd: float) -> float:
            return float(_fit_rows(t, fail, t1, np.array([dd]))[3][0])

        root = float(brentq(g, float(d[j + 1]), float(d[j]), xtol=D_RTOL * t1, rtol=1e-15))
        ll = float(_fit_rows(t, fail, t1, np.array([root]))[2][0])
        candidates.append((ll, root))
    if not candidates:
        return None
    _, best = max(candidates)
    b, a, ll_arr, _ = _fit_rows(t, fail, t1, np.array([best]))
    return LocationProfile(
        location=t1 - best if best != d[0] else 0.0,
        shape=float(b[0]),
        scale=float(a[0]),
        loglik=float(ll_arr[0]),
        at_zero=bool(best == d[0]),
        unbounded=unbounded,
    )


def location_variance(
    alpha: float, beta: float, gamma: float, t: FloatArray, fail: BoolArray
) -> float:
    """Var(γ̂) from the inverse of the 3P observed information; NaN when it is not invertible.

    Analytic second derivatives of ℓ = r ln β − rβ ln α + (β−1) Σ_F ln x − Σ (x/α)^β
    in (α, β, γ) with x = t − γ, w = (x/α)^β, s = ln(x/α), over units with x > 0:
    the (α, β) block as in :func:`._profile.observed_information`, and
    ∂²ℓ/∂γ² = −(β−1) Σ_F x⁻² + β(1−β) Σ w x⁻², ∂²ℓ/∂γ∂β = −Σ_F x⁻¹ + Σ w (1 + βs) x⁻¹,
    ∂²ℓ/∂γ∂α = −β² Σ w x⁻¹ / α. ``reliability`` 0.9.0 takes SE(γ) from the same
    matrix (by automatic differentiation).
    """
    valid = t > gamma
    x = t[valid] - gamma
    f = fail[valid]
    r = float(f.sum())
    s = np.log(x / alpha)
    w = np.exp(beta * s)
    sw, sws, swss = float(w.sum()), float((w * s).sum()), float((w * s * s).sum())
    h_aa = (beta / alpha**2) * (r - (beta + 1.0) * sw)
    h_ab = (sw + beta * sws - r) / alpha
    h_bb = -r / beta**2 - swss
    inv_x = 1.0 / x
    h_gg = -(beta - 1.0) * float((inv_x[f] ** 2).sum()) + beta * (1.0 - beta) * float(
        (w * inv_x**2).sum()
    )
    h_gb = -float(inv_x[f].sum()) + float((w * (1.0 + beta * s) * inv_x).sum())
    h_ga = -(beta**2) * float((w * inv_x).sum()) / alpha
    info = -np.array([[h_aa, h_ab, h_ga], [h_ab, h_bb, h_gb], [h_ga, h_gb, h_gg]])
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:  # pragma: no cover - needs an exactly singular 3×3 matrix
        return math.nan
    # |·| as in reliability 0.9.0: the observed information need not be positive definite.
    return abs(float(cov[2, 2]))
