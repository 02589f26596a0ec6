"""Weibull 2P maximum likelihood for many samples at once.

Simulation studies, bootstrap intervals and per-characteristic recomputation fit
thousands of small samples. :func:`weibull_fit_batch` runs the profile-likelihood
Newton iteration of :mod:`._profile` on a ``(k, n)`` array, all samples in step,
with no Python loop over samples; the single fit
:func:`~qualitas.analytics.reliability.weibull.weibull_fit` runs the same kernel
with ``k = 1``, so both give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.reliability._common import BoolArray, FloatArray, z_two_sided
from qualitas.analytics.reliability._profile import (
    degenerate_rows,
    observed_information,
    profile_mle,
)


@dataclass(frozen=True, kw_only=True)
class WeibullBatchFit:
    """Weibull 2P MLE of each row of a ``(k, n)`` array.

    Attributes
    ----------
    shape, scale : ndarray, shape (k,)
        β and α of each sample.
    loglik : ndarray, shape (k,)
        Log-likelihood at the estimate.
    shape_ci, scale_ci : ndarray, shape (k, 2)
        Fisher-matrix bounds (lower, upper) on the log scale, as in the single fit.
    shape_se, scale_se, cov_shape_scale : ndarray, shape (k,)
        From the inverse observed information.
    n_failures, n_censored : ndarray of int, shape (k,)
        Per sample (missing entries excluded).
    converged : ndarray of bool, shape (k,)
        Whether the Newton iteration met its tolerance (always, in practice).
    ci_level : float
        Two-sided confidence level of the bounds.
    """

    shape: FloatArray
    scale: FloatArray
    loglik: FloatArray
    shape_ci: FloatArray
    scale_ci: FloatArray
    shape_se: FloatArray
    scale_se: FloatArray
    cov_shape_scale: FloatArray
    n_failures: npt.NDArray[np.int64]
    n_censored: npt.NDArray[np.int64]
    converged: BoolArray
    ci_level: float


def weibull_fit_batch(
    times: npt.ArrayLike, *, censored: npt.ArrayLike | None = None, ci: float = 0.95
) -> WeibullBatchFit:
    """Fit a Weibull 2P distribution by MLE to every row of ``times``.

    Parameters
    ----------
    times : array_like, shape (k, n)
        One sample per row, all times > 0. NaN marks a missing entry, so samples
        of different sizes can share one array.
    censored : array_like of bool, shape (k, n), optional
        True where the unit was right-censored. Default: all failures.
    ci : float
        Two-sided level of the Fisher bounds, default 0.95.

    Raises
    ------
    AnalyticsError
        Not a 2-D array, a mask of another shape, a time ≤ 0 or infinite (the 1-based
        sample and position are named).
    InsufficientDataError
        A sample with fewer than 2 failures or whose MLE does not exist (every
        failure at its largest time); the first such sample (1-based) is named.
    """
    z = z_two_sided(ci)
    t = np.asarray(times, dtype=np.float64)
    if t.ndim != 2:
        raise AnalyticsError(f"times must be a 2-D array (samples × units), got shape {t.shape}")
    valid = ~np.isnan(t)
    bad = valid & ~((t > 0.0) & np.isfinite(t))
    if bad.any():
        i, j = (int(v) + 1 for v in np.argwhere(bad)[0])
        raise AnalyticsError(
            f"times: sample {i}, position {j} is {t[i - 1, j - 1]:g}; times must be > 0"
        )
    if censored is None:
        c = np.zeros(t.shape, dtype=bool)
    else:
        c = np.asarray(censored).astype(bool)
        if c.shape != t.shape:
            raise AnalyticsError(f"censored has shape {c.shape}, times has shape {t.shape}")
    fail = valid & ~c
    r = fail.sum(axis=1)
    few = r < 2
    if few.any():
        i = int(np.flatnonzero(few)[0]) + 1
        raise InsufficientDataError(
            f"sample {i} has {int(r[i - 1])} failures; at least 2 are needed"
        )
    logt = np.log(np.where(valid, t, 1.0))
    degenerate = degenerate_rows(logt, fail, valid)
    if degenerate.any():
        i = int(np.flatnonzero(degenerate)[0]) + 1
        raise InsufficientDataError(
            f"sample {i}: every failure is at the largest time, so the Weibull MLE does not exist"
        )
    beta, alpha, loglik, converged = profile_mle(logt, fail, valid)
    i_aa, i_ab, i_bb = observed_information(alpha, beta, logt, fail, valid)
    det = i_aa * i_bb - i_ab**2
    se_a = np.sqrt(np.abs(i_bb / det))
    se_b = np.sqrt(np.abs(i_aa / det))
    cov = -i_ab / det
    fa = np.exp(z * se_a / alpha)
    fb = np.exp(z * se_b / beta)
    return WeibullBatchFit(
        shape=beta,
        scale=alpha,
        loglik=loglik,
        shape_ci=np.stack([beta / fb, beta * fb], axis=1),
        scale_ci=np.stack([alpha / fa, alpha * fa], axis=1),
        shape_se=se_b,
        scale_se=se_a,
        cov_shape_scale=cov,
        n_failures=r.astype(np.int64),
        n_censored=(valid.sum(axis=1) - r).astype(np.int64),
        converged=converged,
        ci_level=float(ci),
    )
