"""Within-subgroup sigma estimators shared by capability (and usable by SPC).

Every estimator takes a padded array ``(..., m, n)`` — ``m`` subgroups of at
most ``n`` values, ``NaN`` where a subgroup is shorter — and reduces the last
two axes, so the same code serves one characteristic (``(m, n)``) and a batch
(``(k, m, n)``) without a Python loop over characteristics.

Estimators (names as in qcc's ``sd.xbar``):

* ``rbar`` — unweighted average of ``R_i / d2(n_i)`` (qcc "UWAVE-R"); with equal
  subgroup sizes this is ``R̄ / d2(n)``.
* ``sbar`` — unweighted average of ``S_i / c4(n_i)`` (qcc "UWAVE-SD"); with equal
  sizes ``S̄ / c4(n)``.
* ``pooled`` — ``sqrt(Σ (n_i − 1) S_i² / Σ (n_i − 1)) / c4(d + 1)`` with
  ``d = Σ (n_i − 1)`` (Minitab's pooled standard deviation with its unbiasing
  constant; qcc's "RMSDF").
* ``mr`` — ``MR̄ / d2(2)`` over consecutive individual values (qcc "MR").

Subgroups with a single value carry no within information and are skipped by
``rbar``, ``sbar`` and ``pooled``. d2 and c4 are the exact values of
:mod:`qualitas.analytics.spc.constants` (qcc rounds d2 to 3 decimals).
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qualitas.analytics.spc.constants import c4_array, d2

SigmaMethod = Literal["rbar", "sbar", "pooled", "mr"]
SIGMA_METHODS: tuple[str, ...] = ("rbar", "sbar", "pooled", "mr")

FloatArray = NDArray[np.float64]


def c4(n: FloatArray | float) -> FloatArray:
    """c4 for sizes of any shape; NaN (not an error) below 2, for padded subgroups."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(c4_array(np.asarray(n, dtype=float)), dtype=float)


def _d2_of(sizes: NDArray[np.int64]) -> FloatArray:
    """d2 for an array of subgroup sizes; NaN where the size is below 2."""
    out = np.full(sizes.shape, np.nan)
    for size in np.unique(sizes):
        if size >= 2:
            out[sizes == size] = d2(int(size))
    return out


def sigma_rbar(x: FloatArray) -> FloatArray:
    """``mean_i(R_i / d2(n_i))`` over the last two axes of a padded ``(..., m, n)`` array."""
    if not np.isnan(x).any():
        # The common case (equal sizes, no gaps) without NaN-aware reductions: R̄ / d2(n).
        # Running max/min over the few places of a subgroup: numpy's reduction along a short
        # last axis is about 4x slower than these elementwise passes over (k, m) slices.
        high = x[..., 0].copy()
        low = high.copy()
        for j in range(1, x.shape[-1]):
            np.maximum(high, x[..., j], out=high)
            np.minimum(low, x[..., j], out=low)
        return np.asarray((high - low).mean(axis=-1) / d2(x.shape[-1]))
    sizes = np.sum(~np.isnan(x), axis=-1)
    with np.errstate(invalid="ignore"):
        ranges = np.nanmax(np.where(sizes[..., None] > 0, x, 0.0), axis=-1) - np.nanmin(
            np.where(sizes[..., None] > 0, x, 0.0), axis=-1
        )
    scaled = np.where(sizes >= 2, ranges / _d2_of(sizes), np.nan)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.nanmean(scaled, axis=-1))


def sigma_sbar(x: FloatArray) -> FloatArray:
    """``mean_i(S_i / c4(n_i))`` over the last two axes of a padded ``(..., m, n)`` array."""
    sizes = np.sum(~np.isnan(x), axis=-1)
    # Subgroups of one have no SD; numpy warns about them, we simply skip them.
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        sds = np.nanstd(x, axis=-1, ddof=1) if np.isnan(x).any() else x.std(axis=-1, ddof=1)
        scaled = np.where(sizes >= 2, sds / c4(sizes), np.nan)
        return np.asarray(np.nanmean(scaled, axis=-1))


def sigma_pooled(x: FloatArray) -> FloatArray:
    """Pooled within-subgroup SD divided by ``c4(d + 1)``, ``d = Σ (n_i − 1)``."""
    sizes = np.sum(~np.isnan(x), axis=-1)
    means = (
        np.nanmean(x, axis=-1, keepdims=True)
        if np.isnan(x).any()
        else x.mean(axis=-1, keepdims=True)
    )
    ss = np.nansum((x - means) ** 2, axis=(-2, -1))
    dof = np.sum(np.clip(sizes - 1, 0, None), axis=-1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.sqrt(ss / dof) / c4(dof + 1.0))


def sigma_mr(values: FloatArray) -> FloatArray:
    """``MR̄ / d2(2)`` over consecutive values along the last axis (moving range of span 2)."""
    return np.asarray(np.abs(np.diff(values, axis=-1)).mean(axis=-1) / d2(2))


def sigma_within(x: FloatArray, method: SigmaMethod) -> FloatArray:
    """Dispatch to the estimator named by ``method`` (``mr`` takes the values in row order)."""
    if method == "rbar":
        return sigma_rbar(x)
    if method == "sbar":
        return sigma_sbar(x)
    if method == "pooled":
        return sigma_pooled(x)
    flat = x.reshape(*x.shape[:-2], -1)
    return sigma_mr(flat)
