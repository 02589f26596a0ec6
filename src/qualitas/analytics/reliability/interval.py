"""Weibull 2P maximum likelihood with interval censoring.

Each unit is an interval (lower, upper) known to contain its failure time:

- lower = upper > 0: an exact failure, contributing the density f(t);
- upper = ∞: right-censored at lower (still working then), contributing S(lower);
- lower = 0 < upper < ∞: left-censored (already failed when first inspected at upper),
  contributing F(upper) = 1 − S(upper);
- 0 < lower < upper < ∞: failed between two inspections, contributing S(lower) − S(upper).

With z(x) = (x/α)^β the censored terms are ln(S(L) − S(U)) = −z_L + ln(1 − e^−(z_U − z_L)),
computed with ``expm1`` so that narrow intervals keep their precision (the difference of
two survival probabilities would cancel).

The log-likelihood is maximised in (ln α, ln β) — unconstrained, and closer to quadratic
— by scipy's exact trust-region Newton method with the analytic gradient and Hessian,
starting from the right-censored 2P MLE of a stand-in sample (exact failures as they
are, interval failures at their midpoint, left-censored ones at upper/2, right-censored
units censored at lower). With only exact and right-censored units the start is the
answer. Fisher bounds come from the same analytic Hessian, as for the ordinary fit.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError, StatisticalWarning
from qualitas.analytics.reliability._common import FloatArray, z_two_sided
from qualitas.analytics.reliability.weibull import WeibullFit, weibull_fit

#: Gradient tolerance of the Newton iteration in (ln α, ln β); the score is O(n), so
#: 1e-10 puts the estimates within ~1e-10 relative of the root, well below the 1e-8
#: agreement with the ordinary MLE asked of the consistency tests.
GTOL = 1e-10
#: Score per unit below which a stop is accepted as converged. scipy's trust region
#: gives up ("failure to predict improvement") once a step gains less than rounding
#: in ℓ, which can happen just short of GTOL; at 1e-7·n the estimates are still within
#: ~1e-7 relative of the root.
GTOL_ACCEPT = 1e-7


def _intervals(lower: npt.ArrayLike, upper: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate (lower, upper); errors name the 1-based row."""
    arrays = []
    for name, values in (("lower", lower), ("upper", upper)):
        try:
            a = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise AnalyticsError(f"{name} must be numbers: {exc}") from None
        if a.ndim != 1:
            raise AnalyticsError(f"{name} must be one-dimensional, got shape {a.shape}")
        nan = np.isnan(a)
        if nan.any():
            row = int(np.flatnonzero(nan)[0]) + 1
            raise AnalyticsError(f"{name}: row {row} is not a number")
        arrays.append(a)
    lo, hi = arrays
    if lo.shape != hi.shape:
        raise AnalyticsError(
            f"lower and upper must have one entry per unit: got {lo.size} and {hi.size}"
        )
    checks = [
        (lo < 0.0, "lower is negative ({lo:g}); times must be ≥ 0"),
        (np.isinf(lo), "lower is infinite; use upper = inf for a right-censored unit"),
        (hi <= 0.0, "upper is {hi:g}; upper must be > 0 (lower = upper for an exact failure)"),
        (hi < lo, "upper ({hi:g}) is below lower ({lo:g})"),
        ((lo == 0.0) & np.isinf(hi), "the interval (0, inf) says nothing about the unit; drop it"),
    ]
    for bad, message in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise AnalyticsError(f"row {i + 1}: " + message.format(lo=lo[i], hi=hi[i]))
    return lo, hi


def _terms(
    x: FloatArray, a: float, beta: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """z = (x/α)^β and its derivatives in (a, b) = (ln α, ln β), for x > 0 finite.

    With s = ln x − a: z_a = −βz, z_b = βsz, z_aa = β²z, z_ab = −βz(1 + βs),
    z_bb = βsz(1 + βs).
    """
    s = np.log(x) - a
    z = np.exp(beta * s)
    bz = beta * z
    return s, z, -bz, bz * s, beta * bz, -bz * (1.0 + beta * s)


def _loglik_parts(
    theta: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    exact: np.ndarray,
    has_lo: np.ndarray,
    has_hi: np.ndarray,
) -> tuple[float, FloatArray, FloatArray]:
    """Log-likelihood, gradient and Hessian in θ = (ln α, ln β)."""
    a, b = float(theta[0]), float(theta[1])
    beta = math.exp(b)
    grad = np.zeros(2)
    hess = np.zeros((2, 2))
    # Exact failures: ln f = b − a + (β − 1)s − z.
    s, z, z_a, z_b, z_aa, z_ab = _terms(lo[exact], a, beta)
    z_bb = z_b * (1.0 + beta * s)
    ll = float(np.sum(b - a + (beta - 1.0) * s - z))
    grad += [float(np.sum(-beta - z_a)), float(np.sum(1.0 + beta * s - z_b))]
    hess += [
        [float(np.sum(-z_aa)), float(np.sum(-beta - z_ab))],
        [float(np.sum(-beta - z_ab)), float(np.sum(beta * s - z_bb))],
    ]
    # Censored units: −z_L + h(Δ), h(Δ) = ln(1 − e^−Δ), Δ = z_U − z_L, with the z_L terms
    # absent when L = 0 and h = 0 when U = ∞.
    cens = ~exact
    n_c = int(cens.sum())
    zl = np.zeros((6, n_c))
    zu = np.zeros((6, n_c))
    lmask, umask = has_lo[cens], has_hi[cens]
    s_l, *rest_l = _terms(lo[cens][lmask], a, beta)
    zl[:, lmask] = np.vstack([s_l, *rest_l])
    zl[5, lmask] = zl[3, lmask] * (1.0 + beta * s_l)  # z_bb
    s_u, *rest_u = _terms(hi[cens][umask], a, beta)
    zu[:, umask] = np.vstack([s_u, *rest_u])
    zu[5, umask] = zu[3, umask] * (1.0 + beta * s_u)
    # rows: 0 s, 1 z, 2 z_a, 3 z_b, 4 z_aa, 5 z_bb (z_ab recomputed below)
    zl_ab = np.zeros(n_c)
    zl_ab[lmask] = -beta * zl[1, lmask] * (1.0 + beta * zl[0, lmask])
    zu_ab = np.zeros(n_c)
    zu_ab[umask] = -beta * zu[1, umask] * (1.0 + beta * zu[0, umask])
    delta = zu[1] - zl[1]
    h = np.zeros(n_c)
    q = np.zeros(n_c)
    h[umask] = np.log(-np.expm1(-delta[umask]))
    q[umask] = 1.0 / np.expm1(delta[umask])  # h'(Δ)
    dq = -q * (1.0 + q)  # h''(Δ)
    d_a, d_b = zu[2] - zl[2], zu[3] - zl[3]
    ll += float(np.sum(-zl[1] + h))
    grad += [float(np.sum(-zl[2] + q * d_a)), float(np.sum(-zl[3] + q * d_b))]
    h_ab = float(np.sum(-zl_ab + q * (zu_ab - zl_ab) + dq * d_a * d_b))
    hess += [
        [float(np.sum(-zl[4] + q * (zu[4] - zl[4]) + dq * d_a * d_a)), h_ab],
        [h_ab, float(np.sum(-zl[5] + q * (zu[5] - zl[5]) + dq * d_b * d_b))],
    ]
    return ll, grad, hess


def weibull_fit_interval(
    lower: npt.ArrayLike, upper: npt.ArrayLike, *, ci: float = 0.95
) -> WeibullFit:
    """Weibull 2P MLE for interval-, left- and right-censored and exact life data.

    Parameters
    ----------
    lower, upper : array_like
        One interval per unit containing its failure time: lower = upper for an exact
        failure, upper = inf for a unit right-censored at lower, lower = 0 for a unit
        left-censored at upper (failed before it).
    ci : float
        Two-sided confidence level of the Fisher bounds, default 0.95.

    Returns
    -------
    WeibullFit
        ``method="MLE"``; ``n_failures`` counts exact failures, ``n_censored``
        right-censored units, ``n_interval_censored`` and ``n_left_censored`` the others.

    Raises
    ------
    AnalyticsError
        A NaN, a negative lower, upper ≤ 0, upper < lower, or (0, inf) (the 1-based row
        is named); lengths that differ.
    InsufficientDataError
        Fewer than 2 units that are not right-censored; with exact and right-censored
        units only, the errors of :func:`weibull_fit`; an iteration that diverges.
    SpecificationError
        A confidence level outside (0, 1).

    Warns
    -----
    StatisticalWarning
        If the Newton iteration stops before its tolerance.
    """
    z = z_two_sided(ci)
    lo, hi = _intervals(lower, upper)
    exact = lo == hi
    right = np.isinf(hi)
    left = (lo == 0.0) & ~right
    interval = ~(exact | right | left)
    n_observed = int((~right).sum())
    if n_observed < 2:
        raise InsufficientDataError(
            f"{n_observed} unit{'s' if n_observed != 1 else ''} with a failure (exact, "
            "interval or left-censored); at least 2 are needed"
        )
    # Start: the right-censored MLE of a stand-in sample (see the module docstring).
    stand_in = np.where(exact | right, lo, np.where(left, hi / 2.0, (lo + hi) / 2.0))
    try:
        start = weibull_fit(stand_in, censored=right, ci=ci)
    except InsufficientDataError:
        if not (interval | left).any():
            raise
        # Every stand-in failure at the largest time: all intervals contain that time and
        # no unit is known to survive beyond it, so a point mass there is as likely as any
        # Weibull (β → ∞).
        raise InsufficientDataError(
            "the interval-censored Weibull MLE does not exist: every failure interval "
            "contains one common time and no unit survived beyond it (β would be "
            "infinite); more units with distinct failure intervals are needed"
        ) from None
    theta0 = np.array([math.log(start.scale), math.log(start.shape)])
    has_lo, has_hi = lo > 0.0, ~right

    def neg(theta: FloatArray) -> tuple[float, FloatArray]:
        ll, g, _ = _loglik_parts(theta, lo, hi, exact, has_lo, has_hi)
        return -ll, -g

    def neg_hess(theta: FloatArray) -> FloatArray:
        out: FloatArray = -_loglik_parts(theta, lo, hi, exact, has_lo, has_hi)[2]
        return out

    diverged = InsufficientDataError(
        "the interval-censored Weibull MLE does not exist for these data (the iteration "
        "diverged towards β → ∞); more units with distinct failure intervals are needed"
    )
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            res = minimize(
                neg, theta0, jac=True, hess=neg_hess, method="trust-exact", options={"gtol": GTOL}
            )
        except ValueError:  # scipy's eigen-solver met inf/NaN: the iterates ran away
            raise diverged from None
        theta = np.asarray(res.x, dtype=np.float64)
        ll, grad, hess = _loglik_parts(theta, lo, hi, exact, has_lo, has_hi)
    if not (np.all(np.isfinite(theta)) and math.isfinite(ll) and np.all(np.isfinite(hess))):
        raise diverged  # pragma: no cover - scipy raises first on the data tried
    if not (res.success or float(np.max(np.abs(grad))) <= GTOL_ACCEPT * lo.size):
        warnings.warn(
            f"the interval-censored Weibull MLE iteration stopped early ({res.message}); "
            "the estimates may be inaccurate",
            StatisticalWarning,
            stacklevel=2,
        )
    alpha, beta = math.exp(float(theta[0])), math.exp(float(theta[1]))
    # Information in (α, β): at the maximum the gradient vanishes, so the Hessian in
    # (α, β) is J H J with J = diag(1/α, 1/β), and the covariance J⁻¹ (−H)⁻¹ J⁻¹.
    info = -hess
    det = float(info[0, 0] * info[1, 1] - info[0, 1] ** 2)
    if det == 0.0:  # pragma: no cover - needs an exactly singular 2×2 information matrix
        var_a = var_b = cov = math.nan
    else:
        var_a = abs(float(info[1, 1]) / det) * alpha**2
        var_b = abs(float(info[0, 0]) / det) * beta**2
        cov = -float(info[0, 1]) / det * alpha * beta
    se_a, se_b = math.sqrt(var_a), math.sqrt(var_b)
    n, k = lo.size, 2
    aicc = 2 * k - 2 * ll + (2 * k**2 + 2 * k) / (n - k - 1) if n - k - 1 > 0 else math.nan
    return WeibullFit(
        shape=beta,
        scale=alpha,
        method="MLE",
        loglik=ll,
        ci_level=float(ci),
        shape_ci=(beta * math.exp(-z * se_b / beta), beta * math.exp(z * se_b / beta)),
        scale_ci=(alpha * math.exp(-z * se_a / alpha), alpha * math.exp(z * se_a / alpha)),
        shape_se=se_b,
        scale_se=se_a,
        cov_shape_scale=cov,
        n_failures=int(exact.sum()),
        n_censored=int(right.sum()),
        aicc=aicc,
        bic=math.log(n) * k - 2 * ll,
        b1=alpha * (-math.log1p(-0.01)) ** (1.0 / beta),
        b10=alpha * (-math.log1p(-0.10)) ** (1.0 / beta),
        mttf=alpha * math.gamma(1.0 + 1.0 / beta),
        n_interval_censored=int(interval.sum()),
        n_left_censored=int(left.sum()),
    )
