"""Process capability for normally distributed data: Cp, Cpk, Pp, Ppk, Cpm, PPM, intervals.

Conventions (each matches R's qcc 3.0 ``processCapability`` unless said otherwise):

* ``cp, cpl, cpu, cpk`` use σ_within; ``pp, ppl, ppu, ppk`` use σ_overall, the
  sample standard deviation of all values (ddof = 1).
* σ_within defaults to R̄/d2 for subgroups (qcc's "UWAVE-R"), to the pooled SD
  when a subgroup has more than 25 values (as qcc switches to "RMSDF"), and to
  MR̄/d2(2) for individual values. ``sigma="sbar"|"pooled"|"rbar"|"mr"`` chooses.
* ``cpm = cp / sqrt(1 + ((mean − target) / σ_within)²)``, i.e.
  ``(USL − LSL) / (6 sqrt(σ_within² + (mean − target)²))``: qcc uses the *within*
  sigma here, not the root mean squared deviation from target (a line it keeps
  commented out). Without a target, the target is the midpoint of the limits.
* Intervals (two-sided, ``confidence`` default 0.95), all with ``N`` = number
  of values: Cp and Pp by the chi-square method (Chou, Owen & Borrego 1990) with
  ν = N − 1 even when σ_within is R̄/d2 — as qcc does, although R̄/d2 has fewer
  effective degrees of freedom; Cpk, Ppk, Cpl, Cpu, Ppl, Ppu by Bissell's (1990)
  normal approximation ``Ĉ (1 ± z sqrt(1/(9 N Ĉ²) + 1/(2(N − 1))))`` with the
  two-sided ``z`` (qcc uses the one-sided quantile for Cpl/Cpu only; we do not);
  Cpm by Boyles (1991): chi-square with ν = N (1 + a²)/(1 + 2a²), a = (mean − target)/σ_within.
* Expected PPM from the normal tails with σ_within and σ_overall; observed PPM
  counts values strictly below LSL or strictly above USL (qcc's ``x < LSL``, ``x > USL``).
* One-sided specifications: with only LSL (USL) the two-sided indices cp, pp
  and cpm are NaN and cpk = cpl (cpu), ppk = ppl (ppu).
* Normality: Anderson–Darling as statsmodels' ``normal_ad`` computes it (mean and SD
  estimated; p-value from the modified statistic A*² = A²(1 + 0.75/N + 2.25/N²)
  with the D'Agostino & Stephens (1986, table 4.9) formulas), evaluated with
  ``log Φ`` so extreme data give a finite statistic (see :func:`anderson_darling`). When p < 0.05 a
  :class:`~qualitas.analytics.errors.NonNormalWarning` points to
  :mod:`qualitas.analytics.capability_nonnormal`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from qualitas.analytics._sigma import SIGMA_METHODS, SigmaMethod, sigma_within
from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    NonNormalWarning,
    SpecificationError,
    StatisticalWarning,
)

FloatArray = NDArray[np.float64]

NORMALITY_METHOD = (
    "Anderson-Darling as statsmodels normal_ad: mean and SD estimated, p-value from "
    "D'Agostino & Stephens (1986, table 4.9) for A*2 = A2 (1 + 0.75/N + 2.25/N^2)"
)
#: Below this Anderson–Darling p-value the data are called non-normal.
NORMALITY_ALPHA = 0.05
#: A subgroup larger than this switches the default σ_within to the pooled SD (qcc: "RMSDF").
MAX_RBAR_SIZE = 25

SigmaOption = Literal["auto", "rbar", "sbar", "pooled", "mr"]


@dataclass(frozen=True, kw_only=True)
class NormalityTest:
    """Anderson–Darling test of normality.

    Attributes
    ----------
    ad_statistic : float
        The A² statistic (unmodified).
    p_value : float
        p-value by the method in :data:`NORMALITY_METHOD`.
    """

    ad_statistic: float
    p_value: float


@dataclass(frozen=True, kw_only=True)
class Transformation:
    """A transformation applied before a normal-based capability analysis.

    Attributes
    ----------
    name : str
        ``"boxcox"`` or ``"johnson-su"``, ``"johnson-sb"``, ``"johnson-sl"``.
    parameters : Mapping[str, float]
        The fitted parameters (``lambda``; or ``gamma, eta, epsilon, lambda`` and ``z``).
    lsl, usl, target : float or None
        The specification limits and target on the transformed scale (None when
        absent or outside the transformation's domain).
    """

    name: str
    parameters: Mapping[str, float]
    lsl: float | None
    usl: float | None
    target: float | None


@dataclass(frozen=True, kw_only=True)
class DistributionFit:
    """One candidate distribution of the percentile method.

    Attributes
    ----------
    distribution : str
        ``normal``, ``lognormal``, ``weibull``, ``gamma`` or ``logistic``.
    parameters : Mapping[str, float]
        Maximum-likelihood parameters (scipy's names: ``loc``, ``scale``, ``shape``).
    ad_statistic : float
        Anderson–Darling A² of the data against the fitted distribution (smaller fits better).
    loglik : float
        Log-likelihood at the fitted parameters.
    """

    distribution: str
    parameters: Mapping[str, float]
    ad_statistic: float
    loglik: float


@dataclass(frozen=True, kw_only=True)
class CapabilityResult:
    """Capability of one characteristic.

    Undefined indices are NaN (``null`` in JSON): cp, pp and cpm with a one-sided
    specification; every within index for the percentile and nonparametric methods.

    Attributes
    ----------
    n : int
        Number of values.
    mean : float
        Mean of all values (on the transformed scale for Box-Cox and Johnson).
    sigma_within : float
        Within-subgroup σ by ``sigma_method``.
    sigma_overall : float
        Sample standard deviation of all values (ddof = 1).
    cp, cpl, cpu, cpk : float
        Potential (within) capability indices.
    pp, ppl, ppu, ppk : float
        Overall performance indices.
    cpm : float
        Taguchi index as qcc computes it (σ_within, target = midpoint when not given).
    ppm_expected_within, ppm_expected_overall : float
        Expected parts per million outside the limits (both tails added).
    ppm_observed : float
        Observed parts per million strictly outside the limits.
    ppm_tails : Mapping[str, tuple[float, float]]
        The same three figures split ``(below LSL, above USL)``, keyed
        ``expected_within``, ``expected_overall``, ``observed``.
    ci : Mapping[str, tuple[float, float]]
        Two-sided intervals for ``cp, cpl, cpu, cpk, cpm, pp, ppl, ppu, ppk`` (empty
        when intervals were not requested).
    confidence_level : float
        Level of ``ci``.
    normality : NormalityTest or None
        Anderson–Darling test on the raw values (None when skipped or N < 3).
    method : str
        ``normal``, ``boxcox``, ``johnson``, ``percentile`` or ``nonparametric``.
    sigma_method : str
        ``rbar``, ``sbar``, ``pooled``, ``mr`` or ``none``.
    lsl, usl, target : float or None
        The limits and target used (original scale; target = midpoint when not given).
    transformation : Transformation or None
        Box-Cox or Johnson details.
    distribution : str or None
        The distribution used by the percentile method (``empirical`` for nonparametric).
    fits : tuple of DistributionFit
        Every candidate tried by the percentile method.
    percentiles : Mapping[str, float]
        The 0.135 %, 50 % and 99.865 % points used by the percentile and nonparametric methods.
    """

    n: int
    mean: float
    sigma_within: float
    sigma_overall: float
    cp: float
    cpl: float
    cpu: float
    cpk: float
    pp: float
    ppl: float
    ppu: float
    ppk: float
    cpm: float
    ppm_expected_within: float
    ppm_expected_overall: float
    ppm_observed: float
    ppm_tails: Mapping[str, tuple[float, float]]
    ci: Mapping[str, tuple[float, float]]
    confidence_level: float
    normality: NormalityTest | None
    method: str
    sigma_method: str
    lsl: float | None
    usl: float | None
    target: float | None
    transformation: Transformation | None = None
    distribution: str | None = None
    fits: tuple[DistributionFit, ...] = ()
    percentiles: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON object (see ``docs/analytics/capability.md``); NaN stays NaN."""
        out: dict[str, Any] = {
            key: getattr(self, key)
            for key in (
                "n",
                "mean",
                "sigma_within",
                "sigma_overall",
                "cp",
                "cpl",
                "cpu",
                "cpk",
                "pp",
                "ppk",
                "cpm",
                "ppm_expected_within",
                "ppm_expected_overall",
                "ppm_observed",
            )
        }
        out["ci"] = {key: list(bounds) for key, bounds in self.ci.items()}
        out["normality"] = (
            None
            if self.normality is None
            else {"ad_statistic": self.normality.ad_statistic, "p_value": self.normality.p_value}
        )
        out["method"] = self.method
        out.update(
            ppl=self.ppl,
            ppu=self.ppu,
            sigma_method=self.sigma_method,
            normality_method=NORMALITY_METHOD,
            confidence_level=self.confidence_level,
            lsl=self.lsl,
            usl=self.usl,
            target=self.target,
            ppm_tails={key: list(v) for key, v in self.ppm_tails.items()},
            transformation=None
            if self.transformation is None
            else {
                "name": self.transformation.name,
                "parameters": dict(self.transformation.parameters),
                "lsl": self.transformation.lsl,
                "usl": self.transformation.usl,
                "target": self.transformation.target,
            },
            distribution=self.distribution,
            fits=[
                {
                    "distribution": f.distribution,
                    "parameters": dict(f.parameters),
                    "ad_statistic": f.ad_statistic,
                    "loglik": f.loglik,
                }
                for f in self.fits
            ],
            percentiles=dict(self.percentiles),
        )
        return out


@dataclass(frozen=True, kw_only=True)
class CapabilityBatchResult:
    """Normal capability of ``k`` characteristics at once; every field an array of length ``k``.

    Attributes
    ----------
    keys : tuple or None
        The characteristic keys (from :func:`capability_batch_from_frame`), else None.
    n : ndarray of int
        Values per characteristic (``m · n``).
    mean, sigma_within, sigma_overall : ndarray
        As in :class:`CapabilityResult`; σ_within = R̄/d2.
    cp, cpl, cpu, cpk, pp, ppl, ppu, ppk, cpm : ndarray
        Indices (NaN where undefined).
    ppm_expected_within, ppm_expected_overall, ppm_observed : ndarray
        PPM outside the limits.
    ci : Mapping[str, ndarray]
        ``(k, 2)`` intervals per index name (empty when ``intervals=False``).
    ad_statistic, p_value : ndarray or None
        Anderson–Darling per characteristic (None when ``normality=False``).
    """

    keys: tuple[Hashable, ...] | None
    n: NDArray[np.int64]
    mean: FloatArray
    sigma_within: FloatArray
    sigma_overall: FloatArray
    cp: FloatArray
    cpl: FloatArray
    cpu: FloatArray
    cpk: FloatArray
    pp: FloatArray
    ppl: FloatArray
    ppu: FloatArray
    ppk: FloatArray
    cpm: FloatArray
    ppm_expected_within: FloatArray
    ppm_expected_overall: FloatArray
    ppm_observed: FloatArray
    ci: Mapping[str, FloatArray]
    ad_statistic: FloatArray | None
    p_value: FloatArray | None


# --------------------------------------------------------------------------- validation


def _limit(value: float | None, name: str) -> float:
    """A specification limit as float, NaN when absent; rejects non-finite input."""
    if value is None:
        return math.nan
    out = float(value)
    if not math.isfinite(out):
        raise SpecificationError(f"{name} must be a finite number, got {value!r}")
    return out


def check_limits(lsl: float | None, usl: float | None) -> tuple[float, float]:
    """Validate a pair of specification limits; NaN for an absent one."""
    lo, hi = _limit(lsl, "lsl"), _limit(usl, "usl")
    if math.isnan(lo) and math.isnan(hi):
        raise SpecificationError("give at least one specification limit (lsl or usl)")
    if not math.isnan(lo) and not math.isnan(hi) and hi <= lo:
        raise SpecificationError(f"usl ({hi:g}) must be greater than lsl ({lo:g})")
    return lo, hi


def resolve_target(lo: float, hi: float, target: float | None) -> float:
    """The target: as given, else the midpoint of two limits (qcc), else NaN."""
    if target is not None:
        t = float(target)
        if not math.isfinite(t):
            raise SpecificationError(f"target must be a finite number, got {target!r}")
        outside = (not math.isnan(lo) and t < lo) or (not math.isnan(hi) and t > hi)
        if outside:
            warnings.warn(
                f"target {t:g} lies outside the specification limits",
                StatisticalWarning,
                stacklevel=3,
            )
        return t
    return (lo + hi) / 2.0  # NaN for a one-sided specification


def as_subgroups(values: ArrayLike, subgroups: ArrayLike | None = None) -> FloatArray:
    """Values as a padded ``(m, n)`` array of subgroups (NaN pads shorter subgroups).

    ``values`` is 1-D (one value per row; ``subgroups`` gives each row's subgroup
    label, subgroups ordered by first appearance; without labels every value is
    its own subgroup) or 2-D (one subgroup per row, NaN for missing places).
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 2:
        if subgroups is not None:
            raise AnalyticsError("subgroups must not be given with a 2-D array of values")
        if np.isinf(arr).any():
            i, j = np.argwhere(np.isinf(arr))[0]
            raise AnalyticsError(f"values: subgroup {i + 1}, place {j + 1} is not finite")
        return arr
    if arr.ndim != 1:
        raise AnalyticsError(f"values must be 1-D or 2-D, got {arr.ndim} dimensions")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise AnalyticsError(f"values: row {int(np.argmax(bad)) + 1} is not a finite number")
    if subgroups is None:
        return arr[:, None]
    labels = np.asarray(subgroups)
    if labels.shape != arr.shape:
        raise AnalyticsError(f"subgroups has {labels.size} labels but values has {arr.size} rows")
    codes, _ = pd.factorize(pd.Series(labels), sort=False)
    if (codes < 0).any():
        raise AnalyticsError(f"subgroups: row {int(np.argmax(codes < 0)) + 1} has no label")
    position = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    out = np.full((int(codes.max()) + 1, int(position.max()) + 1), np.nan)
    out[codes, position] = arr
    return out


# --------------------------------------------------------------------------- kernel


def _bissell(index: FloatArray, n: FloatArray, z: float) -> FloatArray:
    """Bissell (1990) interval ``(k, 2)`` for Cpk-type indices."""
    with np.errstate(invalid="ignore", divide="ignore"):
        half = z * np.sqrt(1.0 / (9.0 * n * index**2) + 1.0 / (2.0 * (n - 1.0)))
    return np.stack([index * (1.0 - half), index * (1.0 + half)], axis=-1)


def _chisq(index: FloatArray, dof: FloatArray, alpha: float) -> FloatArray:
    """Chi-square interval ``(k, 2)``: ``Ĉ sqrt(χ²(α/2, ν)/ν)`` … ``Ĉ sqrt(χ²(1 − α/2, ν)/ν)``."""
    lo = index * np.sqrt(stats.chi2.ppf(alpha / 2.0, dof) / dof)
    hi = index * np.sqrt(stats.chi2.ppf(1.0 - alpha / 2.0, dof) / dof)
    return np.stack([lo, hi], axis=-1)


def _tails(
    mean: FloatArray, sigma: FloatArray, lsl: FloatArray, usl: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Normal fractions below LSL and above USL (0 for an absent limit)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.where(np.isnan(lsl), 0.0, special.ndtr((lsl - mean) / sigma))
        above = np.where(np.isnan(usl), 0.0, special.ndtr((mean - usl) / sigma))
    return below, above


def normal_indices(
    *,
    n: FloatArray,
    mean: FloatArray,
    sigma_within: FloatArray,
    sigma_overall: FloatArray,
    lsl: FloatArray,
    usl: FloatArray,
    target: FloatArray,
    confidence: float,
    intervals: bool,
) -> dict[str, Any]:
    """Indices, expected PPM and intervals from summary statistics, vectorised over ``k``.

    The single and batch forms both call this, so they agree by construction.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        cp = (usl - lsl) / (6.0 * sigma_within)
        cpl = (mean - lsl) / (3.0 * sigma_within)
        cpu = (usl - mean) / (3.0 * sigma_within)
        pp = (usl - lsl) / (6.0 * sigma_overall)
        ppl = (mean - lsl) / (3.0 * sigma_overall)
        ppu = (usl - mean) / (3.0 * sigma_overall)
        offset = (mean - target) / sigma_within
        cpm = cp / np.sqrt(1.0 + offset**2)
    # fmin ignores the NaN of an absent side: a one-sided spec gives cpk = cpl or cpu.
    cpk = np.fmin(cpl, cpu)
    ppk = np.fmin(ppl, ppu)
    below_w, above_w = _tails(mean, sigma_within, lsl, usl)
    below_o, above_o = _tails(mean, sigma_overall, lsl, usl)
    out: dict[str, Any] = {
        "cp": cp,
        "cpl": cpl,
        "cpu": cpu,
        "cpk": cpk,
        "pp": pp,
        "ppl": ppl,
        "ppu": ppu,
        "ppk": ppk,
        "cpm": cpm,
        "tails_within": (below_w * 1e6, above_w * 1e6),
        "tails_overall": (below_o * 1e6, above_o * 1e6),
        "ppm_expected_within": (below_w + above_w) * 1e6,
        "ppm_expected_overall": (below_o + above_o) * 1e6,
        "ci": {},
    }
    if intervals:
        alpha = 1.0 - confidence
        z = float(stats.norm.ppf(1.0 - alpha / 2.0))
        dof_cpm = n * (1.0 + offset**2) / (1.0 + 2.0 * offset**2)
        out["ci"] = {
            "cp": _chisq(cp, n - 1.0, alpha),
            "cpl": _bissell(cpl, n, z),
            "cpu": _bissell(cpu, n, z),
            "cpk": _bissell(cpk, n, z),
            "cpm": _chisq(cpm, dof_cpm, alpha),
            "pp": _chisq(pp, n - 1.0, alpha),
            "ppl": _bissell(ppl, n, z),
            "ppu": _bissell(ppu, n, z),
            "ppk": _bissell(ppk, n, z),
        }
    return out


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise AnalyticsError(f"confidence must be between 0 and 1, got {confidence!r}")


def _resolve_sigma(sigma: str, grouped: FloatArray) -> SigmaMethod:
    """The σ_within estimator to use for these subgroups."""
    sizes = np.sum(~np.isnan(grouped), axis=-1)
    individuals = int(sizes.max()) < 2
    if sigma == "auto":
        if individuals:
            return "mr"
        return "pooled" if int(sizes.max()) > MAX_RBAR_SIZE else "rbar"
    if sigma not in SIGMA_METHODS:
        raise AnalyticsError(
            f"sigma must be one of auto, {', '.join(SIGMA_METHODS)}; got {sigma!r}"
        )
    if sigma == "mr" and not individuals:
        raise AnalyticsError(
            "sigma='mr' needs individual values (subgroups of one); use rbar, sbar or pooled"
        )
    if sigma != "mr" and individuals:
        raise InsufficientDataError(
            f"sigma={sigma!r} needs subgroups of at least two values; for individual values use 'mr'"
        )
    return sigma  # type: ignore[return-value]


def anderson_darling(values: ArrayLike, *, axis: int = -1) -> tuple[FloatArray, FloatArray]:
    """Anderson–Darling A² for normality (mean and SD estimated) and its p-value, along ``axis``.

    The statistic is statsmodels' ``normal_ad`` (z = (x − mean)/SD with ddof = 1),
    computed from ``log Φ`` (``scipy.special.log_ndtr``) so that far-out values give a
    large finite A² instead of ``inf``/NaN. The p-value uses the formulas of
    D'Agostino & Stephens (1986, table 4.9) for A*² = A² (1 + 0.75/N + 2.25/N²), as
    ``normal_ad`` does; above A*² = 153.5, where that polynomial stops decreasing, the
    p-value is reported as 0 (it is below 1e-190 there).
    """
    x = np.moveaxis(np.asarray(values, dtype=float), axis, -1)
    n = x.shape[-1]
    z = np.sort(
        (x - x.mean(axis=-1, keepdims=True)) / x.std(axis=-1, ddof=1, keepdims=True), axis=-1
    )
    i = np.arange(1, n + 1)
    terms = (2 * i - 1) * (special.log_ndtr(z) + special.log_ndtr(-z[..., ::-1]))
    ad2 = -n - terms.sum(axis=-1) / n
    a = ad2 * (1.0 + 0.75 / n + 2.25 / n**2)
    with np.errstate(over="ignore"):
        p = np.select(
            [a > 153.47, a >= 0.6, a > 0.34, a > 0.2],
            [
                np.zeros_like(a),
                np.exp(1.2937 - 5.709 * a + 0.0186 * a**2),
                np.exp(0.9177 - 4.279 * a - 1.38 * a**2),
                1.0 - np.exp(-8.318 + 42.796 * a - 59.938 * a**2),
            ],
            1.0 - np.exp(-13.436 + 101.14 * a - 223.73 * a**2),
        )
    return np.asarray(ad2, dtype=float), np.asarray(p, dtype=float)


def normality_test(values: FloatArray) -> NormalityTest | None:
    """Anderson–Darling normality test on a 1-D sample (None below 3 values or without spread)."""
    if values.size < 3 or np.ptp(values) == 0:
        return None
    statistic, p_value = anderson_darling(values)
    return NormalityTest(ad_statistic=float(statistic), p_value=float(p_value))


def warn_if_non_normal(test: NormalityTest | None) -> None:
    """Issue :class:`NonNormalWarning` when the Anderson–Darling p-value is below 0.05."""
    if test is not None and test.p_value < NORMALITY_ALPHA:
        warnings.warn(
            f"Anderson-Darling p = {test.p_value:.3g} < {NORMALITY_ALPHA}: the data do not look "
            "normal, so normal-based indices and PPM may mislead; use a non-normal method "
            "(method boxcox, johnson, percentile or nonparametric in "
            "qualitas.analytics.capability_nonnormal)",
            NonNormalWarning,
            stacklevel=3,
        )


def _f(x: Any) -> float:
    return float(np.asarray(x))


def _pair(x: Any) -> tuple[float, float]:
    arr = np.asarray(x, dtype=float).reshape(-1)
    return (float(arr[0]), float(arr[1]))


def observed_tails(values: FloatArray, lo: float, hi: float) -> tuple[float, float]:
    """Observed PPM strictly below LSL and strictly above USL."""
    n = values.size
    below = float(np.sum(values < lo)) / n * 1e6 if not math.isnan(lo) else 0.0
    above = float(np.sum(values > hi)) / n * 1e6 if not math.isnan(hi) else 0.0
    return below, above


def capability(
    values: ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    sigma: SigmaOption = "auto",
    confidence: float = 0.95,
    normality: bool = True,
    intervals: bool = True,
) -> CapabilityResult:
    """Normal-theory capability of one characteristic.

    Parameters
    ----------
    values : array_like
        1-D values in production order (with ``subgroups`` labels, or alone for
        individuals), or a 2-D ``(m, n)`` array of subgroups with NaN padding.
    lsl, usl : float, optional
        Specification limits; at least one, and ``usl > lsl`` when both are given.
    target : float, optional
        Target for Cpm; defaults to the midpoint of two limits.
    subgroups : array_like, optional
        Subgroup label of each value of a 1-D ``values``.
    sigma : {"auto", "rbar", "sbar", "pooled", "mr"}
        σ_within estimator; ``auto`` = R̄/d2 for subgroups (pooled above 25 per
        subgroup), MR̄/d2 for individuals.
    confidence : float
        Level of the two-sided intervals.
    normality : bool
        Run the Anderson–Darling test (and warn when p < 0.05).
    intervals : bool
        Compute the confidence intervals.

    Raises
    ------
    SpecificationError
        No limit, a non-finite limit, or ``usl <= lsl``.
    InsufficientDataError
        Fewer than two values, or no variation within subgroups.
    AnalyticsError
        Non-finite values (the row is named) or an unknown option.
    """
    lo, hi = check_limits(lsl, usl)
    _check_confidence(confidence)
    grouped = as_subgroups(values, subgroups)
    flat = grouped[~np.isnan(grouped)]
    if flat.size < 2:
        raise InsufficientDataError(f"capability needs at least two values, got {flat.size}")
    tgt = resolve_target(lo, hi, target)
    method = _resolve_sigma(sigma, grouped)
    s_within = _f(sigma_within(grouped, method))
    s_overall = float(np.std(flat, ddof=1))
    if not s_overall > 0 or not s_within > 0:
        raise InsufficientDataError(
            "the values show no variation "
            + ("within subgroups" if s_overall > 0 else "at all")
            + f" (sigma {method} = 0), so capability indices are undefined"
        )
    test = normality_test(flat) if normality else None
    warn_if_non_normal(test)
    return _assemble(
        flat,
        mean=float(flat.mean()),
        s_within=s_within,
        s_overall=s_overall,
        lo=lo,
        hi=hi,
        tgt=tgt,
        confidence=confidence,
        intervals=intervals,
        test=test,
        sigma_method=method,
    )


def _assemble(
    flat: FloatArray,
    *,
    mean: float,
    s_within: float,
    s_overall: float,
    lo: float,
    hi: float,
    tgt: float,
    confidence: float,
    intervals: bool,
    test: NormalityTest | None,
    sigma_method: str,
) -> CapabilityResult:
    """Build a :class:`CapabilityResult` from the summaries through :func:`normal_indices`."""
    arr = np.asarray
    k = normal_indices(
        n=arr([float(flat.size)]),
        mean=arr([mean]),
        sigma_within=arr([s_within]),
        sigma_overall=arr([s_overall]),
        lsl=arr([lo]),
        usl=arr([hi]),
        target=arr([tgt]),
        confidence=confidence,
        intervals=intervals,
    )
    obs = observed_tails(flat, lo, hi)
    return CapabilityResult(
        n=int(flat.size),
        mean=mean,
        sigma_within=s_within,
        sigma_overall=s_overall,
        cp=_f(k["cp"][0]),
        cpl=_f(k["cpl"][0]),
        cpu=_f(k["cpu"][0]),
        cpk=_f(k["cpk"][0]),
        pp=_f(k["pp"][0]),
        ppl=_f(k["ppl"][0]),
        ppu=_f(k["ppu"][0]),
        ppk=_f(k["ppk"][0]),
        cpm=_f(k["cpm"][0]),
        ppm_expected_within=_f(k["ppm_expected_within"][0]),
        ppm_expected_overall=_f(k["ppm_expected_overall"][0]),
        ppm_observed=obs[0] + obs[1],
        ppm_tails={
            "expected_within": (_f(k["tails_within"][0][0]), _f(k["tails_within"][1][0])),
            "expected_overall": (_f(k["tails_overall"][0][0]), _f(k["tails_overall"][1][0])),
            "observed": obs,
        },
        ci={name: _pair(bounds[0]) for name, bounds in k["ci"].items()},
        confidence_level=confidence,
        normality=test,
        method="normal",
        sigma_method=sigma_method,
        lsl=None if math.isnan(lo) else lo,
        usl=None if math.isnan(hi) else hi,
        target=None if math.isnan(tgt) else tgt,
    )


# --------------------------------------------------------------------------- batch


def _per_characteristic(value: float | ArrayLike | None, k: int, name: str) -> FloatArray:
    """A scalar or length-``k`` option as a float array of length ``k`` (NaN = absent)."""
    if value is None:
        return np.full(k, np.nan)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.full(k, float(arr))
    if arr.shape != (k,):
        raise AnalyticsError(f"{name} must be a number or have one entry per characteristic ({k})")
    return arr


#: Values per block of characteristics in :func:`_batch_moments`.
_MOMENT_BLOCK = 131_072


def _batch_moments(
    x: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, bool]:
    """Per characteristic of a ``(k, m, n)`` array: mean, overall SD (ddof 1), R̄/d2(n),
    smallest and largest value, and whether every value is finite.

    The same operations, row by row, as ``mean``/``std(ddof=1)`` of the ``(k, m·n)`` view
    and ``sigma_within(x, "rbar")``, so equal to the last ulp; but done block by block of
    characteristics so that the data and every temporary stay in the CPU cache and no
    array of the data's size is allocated (mapping fresh pages costs more than the
    arithmetic). Subgroup ranges come from elementwise max/min passes over the n places
    (numpy's reduction along a short last axis is several times slower); NaN and ±inf
    carry through max/min, which cannot overflow, so they also tell finiteness.
    """
    from qualitas.analytics.spc.constants import d2

    k, m, size = x.shape
    flat = x.reshape(k, m * size)
    mean, s_overall, rbar = np.empty(k), np.empty(k), np.empty(k)
    lowest, highest = np.empty(k), np.empty(k)
    finite = True
    step = max(1, _MOMENT_BLOCK // (m * size))
    for r0 in range(0, k, step):
        rows = slice(r0, r0 + step)
        block, values = x[rows], flat[rows]
        mu = np.mean(values, axis=1, keepdims=True)
        mean[rows] = mu[:, 0]
        np.std(values, axis=1, ddof=1, mean=mu, out=s_overall[rows])
        high = np.maximum(block[..., 0], block[..., 1])
        low = np.minimum(block[..., 0], block[..., 1])
        for j in range(2, size):
            np.maximum(high, block[..., j], out=high)
            np.minimum(low, block[..., j], out=low)
        finite = finite and bool(np.isfinite(high).all() and np.isfinite(low).all())
        np.max(high, axis=1, out=highest[rows])
        np.min(low, axis=1, out=lowest[rows])
        np.mean(np.subtract(high, low, out=high), axis=1, out=rbar[rows])
    return mean, s_overall, rbar / d2(size), lowest, highest, finite


def capability_batch(
    values: ArrayLike,
    *,
    lsl: float | ArrayLike | None = None,
    usl: float | ArrayLike | None = None,
    target: float | ArrayLike | None = None,
    confidence: float = 0.95,
    normality: bool = True,
    intervals: bool = True,
    keys: Sequence[Hashable] | None = None,
) -> CapabilityBatchResult:
    """Normal capability of ``k`` characteristics, vectorised (no loop over characteristics).

    Parameters
    ----------
    values : array_like
        ``(k, m, n)`` floats: ``k`` characteristics, ``m`` subgroups of ``n ≥ 2`` values.
        σ_within = R̄/d2(n), as the single form's default for such subgroups.
    lsl, usl, target : float or array_like of length k, optional
        Limits per characteristic (NaN or None = absent); target defaults to the midpoint.
    confidence : float
        Level of the intervals.
    normality, intervals : bool
        Set both False for speed (the benchmark does): the Anderson–Darling test
        and the intervals are then skipped.
    keys : sequence, optional
        Names of the characteristics, carried to the result.

    Raises
    ------
    AnalyticsError
        Wrong shape or a non-finite value (characteristic, subgroup and place named).
    SpecificationError
        A characteristic without limits or with ``usl <= lsl``.
    InsufficientDataError
        Subgroups of one value, or a characteristic without variation.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 3:
        raise AnalyticsError(
            f"values must be a (characteristics, subgroups, size) array, got shape {x.shape}"
        )
    k, m, size = x.shape
    if size < 2 or m < 1:
        raise InsufficientDataError("capability_batch needs subgroups of at least two values")
    _check_confidence(confidence)
    with np.errstate(invalid="ignore"):  # non-finite values are reported just below
        mean, s_overall, s_within, lowest, highest, finite = _batch_moments(x)
    if not finite:
        c, i, j = np.argwhere(~np.isfinite(x))[0]
        raise AnalyticsError(
            f"values: characteristic {c + 1}, subgroup {i + 1}, place {j + 1} is not a finite number"
        )
    lo = _per_characteristic(lsl, k, "lsl")
    hi = _per_characteristic(usl, k, "usl")
    both_absent = np.isnan(lo) & np.isnan(hi)
    if both_absent.any():
        raise SpecificationError(
            f"characteristic {int(np.argmax(both_absent)) + 1}: give at least one specification limit"
        )
    inverted = hi <= lo
    if inverted.any():
        c = int(np.argmax(inverted))
        raise SpecificationError(
            f"characteristic {c + 1}: usl ({hi[c]:g}) must be greater than lsl ({lo[c]:g})"
        )
    tgt = _per_characteristic(target, k, "target")
    tgt = np.where(np.isnan(tgt), (lo + hi) / 2.0, tgt)

    flat_zero = ~(s_within > 0)
    if flat_zero.any():
        raise InsufficientDataError(
            f"characteristic {int(np.argmax(flat_zero)) + 1}: no variation within subgroups, "
            "capability indices are undefined"
        )
    n = np.full(k, float(m * size))
    kern = normal_indices(
        n=n,
        mean=mean,
        sigma_within=s_within,
        sigma_overall=s_overall,
        lsl=lo,
        usl=hi,
        target=tgt,
        confidence=confidence,
        intervals=intervals,
    )
    # Only characteristics with a value beyond a limit are counted (usually few), found
    # from their extremes; comparisons with NaN are False, so an absent limit counts nothing.
    flat = x.reshape(k, m * size)
    beyond = np.nonzero((lowest < lo) | (highest > hi))[0]
    part = flat[beyond]
    outside = np.zeros(k, dtype=np.int64)
    outside[beyond] = np.count_nonzero(part < lo[beyond, None], axis=1) + np.count_nonzero(
        part > hi[beyond, None], axis=1
    )
    ad = p = None
    if normality:
        ad, p = anderson_darling(flat, axis=1)
        failing = int(np.sum(p < NORMALITY_ALPHA))
        if failing:
            warnings.warn(
                f"{failing} of {k} characteristics fail the Anderson-Darling normality test "
                f"(p < {NORMALITY_ALPHA}); see qualitas.analytics.capability_nonnormal",
                NonNormalWarning,
                stacklevel=2,
            )
    return CapabilityBatchResult(
        keys=None if keys is None else tuple(keys),
        n=np.full(k, m * size, dtype=np.int64),
        mean=mean,
        sigma_within=s_within,
        sigma_overall=s_overall,
        cp=kern["cp"],
        cpl=kern["cpl"],
        cpu=kern["cpu"],
        cpk=kern["cpk"],
        pp=kern["pp"],
        ppl=kern["ppl"],
        ppu=kern["ppu"],
        ppk=kern["ppk"],
        cpm=kern["cpm"],
        ppm_expected_within=kern["ppm_expected_within"],
        ppm_expected_overall=kern["ppm_expected_overall"],
        ppm_observed=outside / float(m * size) * 1e6,
        ci=kern["ci"],
        ad_statistic=None if ad is None else np.asarray(ad, dtype=float),
        p_value=None if p is None else np.asarray(p, dtype=float),
    )


def _label(value: object) -> str:
    """A key or subgroup label for a message: numpy scalars shown as plain Python values."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def capability_batch_from_frame(
    frame: pd.DataFrame,
    *,
    key: str,
    value: str,
    subgroup: str,
    lsl: float | Mapping[Hashable, float] | None = None,
    usl: float | Mapping[Hashable, float] | None = None,
    target: float | Mapping[Hashable, float] | None = None,
    confidence: float = 0.95,
    normality: bool = True,
    intervals: bool = True,
) -> CapabilityBatchResult:
    """:func:`capability_batch` from a long table: one row per value, a key column per characteristic.

    Every characteristic must have the same number of subgroups and every
    subgroup the same size (the array form's shape); characteristics are taken
    in sorted key order, subgroups in sorted label order, values in row order.
    ``lsl``/``usl``/``target`` are a number for all or a mapping key → number.
    """
    for column in (key, value, subgroup):
        if column not in frame.columns:
            raise AnalyticsError(
                f"column {column!r} not found; columns are: {', '.join(map(str, frame.columns))}"
            )
    data = frame[[key, subgroup, value]].sort_values([key, subgroup], kind="stable")
    numbers = pd.to_numeric(data[value], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(numbers).all():
        row = int(data.index[int(np.argmax(~np.isfinite(numbers)))])
        raise AnalyticsError(f"column {value!r}: row {row + 1} is not a finite number")
    sizes = data.groupby([key, subgroup], sort=True).size()
    size = int(sizes.iloc[0])
    if (sizes != size).any():
        bad_key, bad_group = sizes.index[int(np.argmax((sizes != size).to_numpy()))]
        raise AnalyticsError(
            f"{key} {_label(bad_key)}, {subgroup} {_label(bad_group)}: subgroup size "
            f"{sizes[(bad_key, bad_group)]} "
            f"differs from {size}; the batch form needs equal subgroup sizes"
        )
    per_key = sizes.groupby(level=0).size()
    m = int(per_key.iloc[0])
    if (per_key != m).any():
        bad = per_key.index[int(np.argmax((per_key != m).to_numpy()))]
        raise AnalyticsError(
            f"{key} {_label(bad)} has {per_key[bad]} subgroups, others {m}; the batch form needs equal counts"
        )
    keys = tuple(per_key.index)
    array = numbers.reshape(len(keys), m, size)

    def per_key_option(
        option: float | Mapping[Hashable, float] | None, name: str
    ) -> FloatArray | float | None:
        if option is None or not isinstance(option, Mapping):
            return option
        missing = [k for k in keys if k not in option]
        if missing:
            raise SpecificationError(f"{name} has no value for {key} {_label(missing[0])}")
        return np.array([float(option[k]) for k in keys])

    return capability_batch(
        array,
        lsl=per_key_option(lsl, "lsl"),
        usl=per_key_option(usl, "usl"),
        target=per_key_option(target, "target"),
        confidence=confidence,
        normality=normality,
        intervals=intervals,
        keys=keys,
    )
