"""X̄-R and X̄-S charts for many characteristics at once, vectorised over them.

Input is one array shaped (k characteristics, m subgroups, n measurements) — or a long
data frame turned into one by :func:`grouped_array`. Every statistic is a numpy
reduction along the last axes and the run rules are the same vectorised kernels as
the single form (:func:`~qualitas.analytics.spc.rules.rule_masks` on (k, m) arrays),
so there is no Python loop over characteristics. Same conventions as
:func:`~qualitas.analytics.spc.charts.xbar_r_chart` (σ = R̄/d2 or S̄/c4, exact
constants, Phase I over all subgroups, or Phase II with given ``center``/``sigma``);
the batch form needs complete subgroups of one size n ≥ 2 and has no stages or
exclusions (use the single form for those).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.spc.charts import DEFAULT_RULES, Violation
from qualitas.analytics.spc.constants import c4, d2, d3
from qualitas.analytics.spc.rules import parse_rules, rule_masks

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class BatchChart:
    """One chart type for k characteristics.

    Attributes
    ----------
    name : str
        ``"xbar"``, ``"r"`` or ``"s"``.
    points : ndarray, shape (k, m)
        Plotted statistics.
    center, lcl, ucl, se : ndarray, shape (k,)
        Centre line, control limits and standard error of the plotted statistic.
    rules : tuple of str
        The rules evaluated, in the order of the second axis of ``flags``.
    flags : ndarray of bool, shape (k, len(rules), m)
        Which points each rule flags.
    """

    name: str
    points: FloatArray
    center: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    se: FloatArray
    rules: tuple[str, ...]
    flags: NDArray[np.bool_]

    def violations(self, i: int) -> tuple[Violation, ...]:
        """The violations of characteristic ``i`` (0-based), as the single form reports them."""
        return tuple(
            Violation(rule=r, indices=tuple(int(j) for j in np.nonzero(self.flags[i, q])[0]))
            for q, r in enumerate(self.rules)
            if self.flags[i, q].any()
        )


@dataclass(frozen=True, kw_only=True)
class BatchResult:
    """X̄-R or X̄-S charts for k characteristics.

    Attributes
    ----------
    sigma : ndarray, shape (k,)
        Within-subgroup σ per characteristic (R̄/d2 or S̄/c4, or the given one).
    charts : tuple of BatchChart
        The X̄ chart and the R (or S) chart.
    n : int
        Subgroup size.
    keys : tuple or None
        Characteristic keys when built from a data frame.
    """

    sigma: FloatArray
    charts: tuple[BatchChart, BatchChart]
    n: int
    keys: tuple[Any, ...] | None = None


def _values(values: ArrayLike) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 3:
        raise AnalyticsError("values must be shaped (characteristics, subgroups, subgroup size)")
    k, m, n = arr.shape
    if m < 2:
        raise InsufficientDataError(f"a control chart needs at least 2 subgroups, got {m}")
    if n < 2:
        raise InsufficientDataError(f"the batch X̄ charts need subgroups of at least 2, got {n}")
    return arr


def _raise_non_finite(arr: FloatArray) -> None:
    """Name the first characteristic with a non-finite value (called once one is known)."""
    i = int(np.argmax(~np.isfinite(arr).all(axis=(1, 2))))
    raise AnalyticsError(
        f"characteristic {i + 1} has missing or non-finite values; the batch form needs complete subgroups"
    )


#: Measurements per block of characteristics in :func:`_subgroup_stats`: a block and its
#: partial results stay in the CPU cache while the n passes over its places run.
_BLOCK = 131_072


def _subgroup_stats(
    arr: FloatArray, kind: Literal["r", "s"]
) -> tuple[FloatArray, FloatArray, bool]:
    """Subgroup means and ranges (or SDs, ddof 1), each (k, m), equal to the last ulp to
    ``arr.mean(axis=2)``, ``np.ptp(arr, axis=2)`` and ``arr.std(axis=2, ddof=1)``, and
    whether every value is finite (from the subgroup maxima and minima, which unlike a
    sum cannot overflow: NaN and ±inf carry through them), sparing a separate pass.

    numpy's reductions along a short last axis (n = 5) run one tiny inner loop per
    subgroup and are several times slower than elementwise passes over the n places,
    each a (k, m) slice; doing those passes block by block keeps the data in cache.
    Below 8 places numpy adds them one after the other, which the passes repeat; from
    8 on it uses 8 partial sums, so those sizes keep numpy's reductions (block by block).
    """
    k, m, n = arr.shape
    means = np.empty((k, m))
    spread = np.empty((k, m))
    step = max(1, _BLOCK // (m * n))
    finite = True
    for r0 in range(0, k, step):
        block = arr[r0 : r0 + step]
        total, sp = means[r0 : r0 + step], spread[r0 : r0 + step]
        if n < 8:
            np.add(block[..., 0], block[..., 1], out=total)
            for j in range(2, n):
                total += block[..., j]
        else:
            np.sum(block, axis=2, out=total)
        total /= n
        high = np.maximum(block[..., 0], block[..., 1])
        low = np.minimum(block[..., 0], block[..., 1])
        for j in range(2, n):
            np.maximum(high, block[..., j], out=high)
            np.minimum(low, block[..., j], out=low)
        finite = finite and bool(np.isfinite(high).all() and np.isfinite(low).all())
        if kind == "r":
            np.subtract(high, low, out=sp)
        elif n < 8:
            # Two-pass, as numpy's std: squared deviations from the mean, summed in order.
            sp[...] = 0.0
            for j in range(n):
                dev = block[..., j] - total
                dev *= dev
                sp += dev
            sp /= n - 1
            np.sqrt(sp, out=sp)
        else:
            np.std(block, axis=2, ddof=1, out=sp)
    return means, spread, finite


def _per_char(value: ArrayLike | None, k: int, name: str) -> FloatArray | None:
    if value is None:
        return None
    out = np.broadcast_to(np.asarray(value, dtype=float), (k,)).astype(float)
    if name == "sigma" and not (out > 0).all():
        raise AnalyticsError("sigma must be positive for every characteristic")
    return out


def _batch(
    kind: Literal["r", "s"],
    values: ArrayLike,
    *,
    center: ArrayLike | None,
    sigma: ArrayLike | None,
    nsigmas: float,
    rules: str | Sequence[str] | None,
    keys: tuple[Any, ...] | None,
) -> BatchResult:
    arr = _values(values)
    k, m, n = arr.shape
    selected = parse_rules(rules)
    with np.errstate(invalid="ignore", over="ignore"):  # non-finite input is reported below
        means, spread, finite = _subgroup_stats(arr, kind)
    if not finite:
        _raise_non_finite(arr)
    if kind == "r":
        unbias, width = d2(n), d3(n)
    else:
        unbias = c4(n)
        width = float(np.sqrt(1.0 - unbias**2))
    given_sigma = _per_char(sigma, k, "sigma")
    given_center = _per_char(center, k, "center")
    s = spread.mean(axis=1) / unbias if given_sigma is None else given_sigma
    c = means.mean(axis=1) if given_center is None else given_center
    se_x = s / np.sqrt(n)
    centre_r, se_r = unbias * s, width * s
    charts = []
    for name, points, centre, se, floor in (
        ("xbar", means, c, se_x, False),
        (kind, spread, centre_r, se_r, True),
    ):
        lcl = centre - nsigmas * se
        if floor:
            lcl = np.maximum(lcl, 0.0)
        ucl = centre + nsigmas * se
        flags = rule_masks(
            points,
            center=centre[:, None],
            se=se[:, None],
            lcl=lcl[:, None],
            ucl=ucl[:, None],
            rules=selected,
        )
        charts.append(
            BatchChart(
                name=name,
                points=points,
                center=centre,
                lcl=lcl,
                ucl=ucl,
                se=se,
                rules=selected,
                flags=flags,
            )
        )
    return BatchResult(sigma=s, charts=(charts[0], charts[1]), n=n, keys=keys)


def xbar_r_batch(
    values: ArrayLike,
    *,
    center: ArrayLike | None = None,
    sigma: ArrayLike | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    keys: Sequence[Any] | None = None,
) -> BatchResult:
    """X̄ and R charts for ``values`` shaped (k, m, n); ``center``/``sigma`` scalars or (k,)."""
    return _batch(
        "r",
        values,
        center=center,
        sigma=sigma,
        nsigmas=nsigmas,
        rules=rules,
        keys=tuple(keys) if keys is not None else None,
    )


def xbar_s_batch(
    values: ArrayLike,
    *,
    center: ArrayLike | None = None,
    sigma: ArrayLike | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    keys: Sequence[Any] | None = None,
) -> BatchResult:
    """X̄ and S charts for ``values`` shaped (k, m, n); ``center``/``sigma`` scalars or (k,)."""
    return _batch(
        "s",
        values,
        center=center,
        sigma=sigma,
        nsigmas=nsigmas,
        rules=rules,
        keys=tuple(keys) if keys is not None else None,
    )


def rules_batch(
    points: ArrayLike,
    *,
    center: ArrayLike,
    se: ArrayLike,
    lcl: ArrayLike,
    ucl: ArrayLike,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
) -> NDArray[np.bool_]:
    """Run rules for (k, m) points of any chart; per-characteristic arguments shaped (k, 1)
    or per point (k, m). Returns flags shaped (k, len(rules), m)."""
    return rule_masks(points, center=center, se=se, lcl=lcl, ucl=ucl, rules=parse_rules(rules))


def grouped_array(
    frame: pd.DataFrame, *, key: str, subgroup: str, value: str
) -> tuple[tuple[Any, ...], FloatArray]:
    """A long data frame (one measurement per row) as a (k, m, n) array.

    Characteristics (``key``) and, within each, subgroups keep their order of first
    appearance; measurements keep row order. Every characteristic must have the same
    number of subgroups and every subgroup the same size (else :class:`AnalyticsError`
    naming the first characteristic that differs).
    """
    for col in (key, subgroup, value):
        if col not in frame.columns:
            raise AnalyticsError(f"column {col!r} not found")
    vals = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float)
    if np.isnan(vals).any():
        row = int(np.nonzero(np.isnan(vals))[0][0]) + 1
        raise AnalyticsError(f"row {row}: {value!r} is missing or not numeric")
    key_codes, key_labels = pd.factorize(frame[key], sort=False)
    pair_codes, _ = pd.factorize(
        pd.MultiIndex.from_arrays([key_codes, frame[subgroup].to_numpy()]), sort=False
    )
    # The key of each distinct pair, in pair order; a pair's rank within its key is its subgroup index.
    pair_key = np.empty(pair_codes.max() + 1, dtype=np.int64)
    pair_key[pair_codes] = key_codes
    pair_rank = pd.Series(pair_key).groupby(pair_key).cumcount().to_numpy()
    within = pd.Series(pair_codes).groupby(pair_codes).cumcount().to_numpy()
    k = len(key_labels)
    m = int(pair_rank.max()) + 1
    n = int(within.max()) + 1
    out = np.full((k, m, n), np.nan)
    out[key_codes, pair_rank[pair_codes], within] = vals
    incomplete = np.isnan(out).any(axis=(1, 2))
    if incomplete.any():
        bad = key_labels[int(np.nonzero(incomplete)[0][0])]
        raise AnalyticsError(
            f"characteristic {bad!r} has fewer subgroups or smaller subgroups than the largest ({m} × {n}); "
            "the batch form needs equal shapes"
        )
    return tuple(key_labels.tolist()), out
