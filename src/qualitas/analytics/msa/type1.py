"""Type-1 gage study (Cg, Cgk) and bias and linearity study.

Type-1 convention (VDA 5 (2011) / Bosch booklet 10 (2010), also Minitab's default):
``Cg = (K/100 · T) / (L · s)`` and ``Cgk = (K/200 · T − |x̄ − ref|) / (L/2 · s)`` with
K = 20 % of the tolerance T and L = 6 standard deviations, i.e.
``Cg = 0.2·T / (6·s)``, ``Cgk = (0.1·T − |bias|) / (3·s)``; the gage is capable when
both are ≥ 1.33. Some plants use L = 4 (``sigma_multiplier=4``). The bias is tested
with a one-sample t-test of ``H0: mean = reference``.

Linearity (AIAG MSA 4th ed., ch. III-B; Minitab "Gage Linearity and Bias"): the
bias of each measurement is regressed on the reference value by least squares;
slope and intercept are tested against 0 with t-tests; linearity = |slope| · PV and
%linearity = 100 · |slope| when a process variation PV is given.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from qualitas.analytics.anova import _as_values
from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    SpecificationError,
    StatisticalWarning,
)

__all__ = [
    "CG_MINIMUM",
    "TYPE1_MIN_N",
    "BiasAtReference",
    "GageType1Result",
    "LinearityResult",
    "bias_linearity",
    "gage_type1",
]

#: VDA 5 / Bosch booklet 10: a gage is capable when Cg and Cgk are both at least 1.33.
CG_MINIMUM = 1.33
#: VDA 5 and Minitab ask for at least 25 repeated measurements (Bosch booklet 10: 50).
TYPE1_MIN_N = 25


@dataclass(frozen=True, kw_only=True)
class GageType1Result:
    """Result of :func:`gage_type1`.

    Attributes
    ----------
    n : int
        Number of measurements.
    mean, std_dev : float
        Mean and sample standard deviation (n − 1) of the measurements.
    reference : float
        Reference value of the master part.
    tolerance : float
        Tolerance T = USL − LSL.
    bias : float
        ``mean − reference``.
    k_percent, sigma_multiplier : float
        K (% of tolerance) and L (number of σ) of the Cg formula.
    cg, cgk : float
        Potential and actual gage capability.
    pct_var_repeatability, pct_var_repeatability_and_bias : float
        ``K / Cg`` and ``K / Cgk`` (Minitab's %Var), in %.
    t, p : float
        t statistic and two-sided p-value of the bias test (df = n − 1).
    bias_ci : tuple of float
        Confidence interval of the bias at ``confidence``.
    capable : bool
        ``cg ≥ 1.33 and cgk ≥ 1.33``.
    """

    n: int
    mean: float
    std_dev: float
    reference: float
    tolerance: float
    bias: float
    k_percent: float
    sigma_multiplier: float
    cg: float
    cgk: float
    pct_var_repeatability: float
    pct_var_repeatability_and_bias: float
    t: float
    p: float
    bias_ci: tuple[float, float]
    capable: bool


def _spec_tolerance(tolerance: float | None, lsl: float | None, usl: float | None) -> float:
    if tolerance is not None and (lsl is not None or usl is not None):
        raise SpecificationError("give either tolerance or lsl and usl, not both")
    if lsl is not None and usl is not None:
        if not usl > lsl:
            raise SpecificationError(f"usl ({usl}) must be greater than lsl ({lsl})")
        return float(usl - lsl)
    if tolerance is None:
        raise SpecificationError("a type-1 study needs the tolerance (or both lsl and usl)")
    if not (math.isfinite(tolerance) and tolerance > 0):
        raise SpecificationError(f"tolerance must be a positive number, got {tolerance}")
    return float(tolerance)


def gage_type1(
    values: Sequence[float] | npt.ArrayLike,
    *,
    reference: float,
    tolerance: float | None = None,
    lsl: float | None = None,
    usl: float | None = None,
    k_percent: float = 20.0,
    sigma_multiplier: float = 6.0,
    confidence: float = 0.95,
) -> GageType1Result:
    """Type-1 gage study: repeated measurements of one master part.

    Parameters
    ----------
    values : array_like of float
        Repeated measurements of the master part (25 or more recommended).
    reference : float
        Reference (master) value.
    tolerance : float, optional
        USL − LSL; or give ``lsl`` and ``usl``.
    lsl, usl : float, optional
        Specification limits.
    k_percent : float
        K, the share of the tolerance the gage may use (20 %).
    sigma_multiplier : float
        L, the number of σ of the gage spread (6; some plants use 4).
    confidence : float
        Level of the bias confidence interval.

    Returns
    -------
    GageType1Result

    Raises
    ------
    InsufficientDataError
        Fewer than 2 values, or all equal (the gage resolution is too coarse).
    SpecificationError
        No tolerance, a tolerance that is not positive, USL ≤ LSL.

    Warns
    -----
    StatisticalWarning
        Fewer than 25 measurements.
    """
    y = _as_values(values, "values")
    tol = _spec_tolerance(tolerance, lsl, usl)
    if not (0.0 < k_percent <= 100.0):
        raise AnalyticsError(f"k_percent must be in (0, 100], got {k_percent}")
    if not (math.isfinite(sigma_multiplier) and sigma_multiplier > 0):
        raise AnalyticsError(f"sigma_multiplier must be positive, got {sigma_multiplier}")
    if not 0.0 < confidence < 1.0:
        raise AnalyticsError(f"confidence must be between 0 and 1, got {confidence}")
    n = y.shape[0]
    if n < 2:
        raise InsufficientDataError(
            f"values: a type-1 study needs at least 2 measurements, got {n}"
        )
    if n < TYPE1_MIN_N:
        warnings.warn(
            f"only {n} measurements; VDA 5 and Minitab ask for at least {TYPE1_MIN_N}",
            StatisticalWarning,
            stacklevel=2,
        )
    mean = float(np.mean(y))
    s = float(np.std(y, ddof=1))
    if s == 0.0:
        raise InsufficientDataError(
            "values: all measurements are equal; the gage resolution is too coarse for Cg"
        )
    bias = mean - reference
    k = k_percent / 100.0
    cg = k * tol / (sigma_multiplier * s)
    cgk = (k / 2.0 * tol - abs(bias)) / (sigma_multiplier / 2.0 * s)
    se = s / math.sqrt(n)
    t = bias / se
    p = float(2.0 * stats.t.sf(abs(t), n - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * se
    return GageType1Result(
        n=n,
        mean=mean,
        std_dev=s,
        reference=float(reference),
        tolerance=tol,
        bias=bias,
        k_percent=k_percent,
        sigma_multiplier=sigma_multiplier,
        cg=cg,
        cgk=cgk,
        pct_var_repeatability=k_percent / cg,
        pct_var_repeatability_and_bias=k_percent / cgk if cgk != 0 else math.inf,
        t=t,
        p=p,
        bias_ci=(bias - half, bias + half),
        capable=cg >= CG_MINIMUM and cgk >= CG_MINIMUM,
    )


@dataclass(frozen=True, kw_only=True)
class BiasAtReference:
    """Bias at one reference value.

    Attributes
    ----------
    reference : float
        The reference value.
    n : int
        Measurements at this reference.
    bias : float
        Mean of ``value − reference``.
    t, p : float or None
        One-sample t-test of the bias against 0 (None with a single measurement
        or no spread).
    """

    reference: float
    n: int
    bias: float
    t: float | None
    p: float | None


@dataclass(frozen=True, kw_only=True)
class RegressionTerm:
    """A coefficient of the bias-on-reference regression.

    Attributes
    ----------
    estimate, se, t, p : float
        Estimate, standard error, t statistic and two-sided p-value (df = n − 2).
    """

    estimate: float
    se: float
    t: float
    p: float


@dataclass(frozen=True, kw_only=True)
class LinearityResult:
    """Result of :func:`bias_linearity`.

    Attributes
    ----------
    slope, intercept : RegressionTerm
        Least-squares fit ``bias = intercept + slope · reference``.
    r_squared : float
        Coefficient of determination of the fit.
    s : float
        Residual standard deviation of the fit.
    average_bias : float
        Mean of all biases.
    average_t, average_p : float
        One-sample t-test of all biases against 0 (df = n − 1).
    by_reference : tuple of BiasAtReference
        Bias at each reference value, in increasing order of reference.
    process_variation : float or None
        PV (6 σ of the process, or the tolerance) when given.
    linearity, pct_linearity : float or None
        ``|slope| · PV`` and ``100 · |slope|`` (the latter always given).
    pct_bias : float or None
        ``100 · |average_bias| / PV``.
    references, biases : ndarray
        The data, for the chart.
    """

    slope: RegressionTerm
    intercept: RegressionTerm
    r_squared: float
    s: float
    average_bias: float
    average_t: float
    average_p: float
    by_reference: tuple[BiasAtReference, ...]
    process_variation: float | None
    linearity: float | None
    pct_linearity: float
    pct_bias: float | None
    references: npt.NDArray[np.float64]
    biases: npt.NDArray[np.float64]


def _t_test(x: npt.NDArray[np.float64]) -> tuple[float | None, float | None]:
    if x.shape[0] < 2:
        return None, None
    s = float(np.std(x, ddof=1))
    if s == 0.0:
        return None, None
    t = float(np.mean(x)) / (s / math.sqrt(x.shape[0]))
    return t, float(2.0 * stats.t.sf(abs(t), x.shape[0] - 1))


def _term(estimate: float, se: float, df: int) -> RegressionTerm:
    t = estimate / se if se > 0 else math.copysign(math.inf, estimate) if estimate else math.nan
    p = float(2.0 * stats.t.sf(abs(t), df)) if not math.isnan(t) else 1.0
    return RegressionTerm(estimate=estimate, se=se, t=t, p=p)


def bias_linearity(
    values: Sequence[float] | npt.ArrayLike,
    references: Sequence[float] | npt.ArrayLike,
    *,
    process_variation: float | None = None,
) -> LinearityResult:
    """Bias and linearity study: parts of known reference value measured repeatedly.

    Parameters
    ----------
    values : array_like of float
        Measurements.
    references : array_like of float
        Reference value of the part measured on each row.
    process_variation : float, optional
        PV for linearity and %bias (6 σ of the process, or the tolerance).

    Returns
    -------
    LinearityResult

    Raises
    ------
    InsufficientDataError
        Fewer than 2 distinct reference values or fewer than 3 measurements.
    AnalyticsError
        Non-finite values, lengths that differ, a process variation that is not positive.
    """
    y = _as_values(values, "values")
    ref = _as_values(references, "references")
    if ref.shape[0] != y.shape[0]:
        raise AnalyticsError(
            f"references has {ref.shape[0]} values but there are {y.shape[0]} values"
        )
    if process_variation is not None and not (
        math.isfinite(process_variation) and process_variation > 0
    ):
        raise AnalyticsError(f"process_variation must be positive, got {process_variation}")
    n = y.shape[0]
    levels = np.unique(ref)
    if levels.shape[0] < 2 or n < 3:
        raise InsufficientDataError(
            "a linearity study needs at least 2 reference values and 3 measurements; "
            f"got {levels.shape[0]} reference value(s) and {n} measurement(s)"
        )
    bias = y - ref
    # Centred least squares (stable for references far from 0).
    xm, bm = float(np.mean(ref)), float(np.mean(bias))
    dx, db = ref - xm, bias - bm
    sxx = float(np.sum(dx * dx))
    slope = float(np.sum(dx * db)) / sxx
    intercept = bm - slope * xm
    resid = db - slope * dx
    sse = float(np.sum(resid * resid))
    sst = float(np.sum(db * db))
    df = n - 2
    s = math.sqrt(sse / df)
    se_slope = s / math.sqrt(sxx)
    se_int = s * math.sqrt(1.0 / n + xm * xm / sxx)
    inverse = np.unique(ref, return_inverse=True)[1]
    by_ref = []
    for code, level in enumerate(levels.tolist()):
        b = bias[inverse == code]
        t, p = _t_test(b)
        by_ref.append(
            BiasAtReference(reference=float(level), n=b.shape[0], bias=float(np.mean(b)), t=t, p=p)
        )
    avg_t, avg_p = _t_test(bias)
    pv = process_variation
    return LinearityResult(
        slope=_term(slope, se_slope, df),
        intercept=_term(intercept, se_int, df),
        r_squared=1.0 - sse / sst if sst > 0 else 0.0,
        s=s,
        average_bias=bm,
        average_t=math.nan if avg_t is None else avg_t,
        average_p=math.nan if avg_p is None else avg_p,
        by_reference=tuple(by_ref),
        process_variation=pv,
        linearity=None if pv is None else abs(slope) * pv,
        pct_linearity=100.0 * abs(slope),
        pct_bias=None if pv is None else 100.0 * abs(bm) / pv,
        references=ref,
        biases=bias,
    )
