"""Capability for non-normal data: Box-Cox, Johnson, the percentile method, nonparametric.

Every function returns the same :class:`~qualitas.analytics.capability.CapabilityResult`
as the normal analysis, with ``method`` naming the approach.

* **Box-Cox** (``method="boxcox"``): λ by maximum likelihood (``scipy.stats.boxcox_llf``
  maximised over −5 ≤ λ ≤ 5, Minitab's range) on all values; values, limits and
  target transformed alike by ``((x/g)^λ − 1)/λ`` (``log(x/g)`` for λ = 0) with g the
  geometric mean of the values — dividing by g changes the transformed values only by
  an affine map, so the indices are those of the plain Box-Cox, without its loss of
  digits when |λ| is large — then the normal analysis (σ_within, intervals,
  PPM) runs on the transformed scale. Needs positive values. A limit ≤ 0 lies outside
  the transformation's domain: the model puts no mass there, so that side is dropped
  (a :class:`StatisticalWarning` says so) and the specification becomes one-sided.
* **Johnson** (``method="johnson"``): the Slifker–Shapiro (1980) percentile
  estimators of the SU, SB or SL family (chosen by the discriminant m·n/p²: > 1 SU,
  < 1 SB, within 1 % of 1 SL), evaluated for z = 0.25, 0.26, …, 1.25; the fit whose
  transformed values have the largest Anderson–Darling p-value is used (the procedure
  Minitab documents, after Chou, Polansky & Mason 1998). Sample percentiles by numpy's
  ``"linear"`` rule (Hyndman–Fan type 7). Limits outside an SB's bounds or below an
  SL's threshold are dropped as for Box-Cox.
* **Percentile** (``method="percentile"``, ISO 22514-2:2017 "l" method):
  ``Pp = (USL − LSL) / (X99.865 − X0.135)``, ``Ppu = (USL − X50) / (X99.865 − X50)``,
  ``Ppl = (X50 − LSL) / (X50 − X0.135)``, ``Ppk = min``; the distribution is the best of
  normal, lognormal, 2-parameter Weibull, gamma (both with location 0) and logistic by
  the Anderson–Darling statistic of the data against each maximum-likelihood fit (the
  smallest A² wins; lognormal, Weibull and gamma need positive values and are skipped
  otherwise). Within indices (Cp, Cpk, Cpm) are not defined (NaN).
* **Nonparametric** (``method="nonparametric"``): the same formulas with empirical
  percentiles by numpy's ``"linear"`` rule (Hyndman–Fan type 7). With fewer than
  741 values (1/0.00135) the 0.135 % and 99.865 % points are interpolated between the
  two most extreme values, and a warning says so.
* Intervals for Pp and Ppk of the percentile and nonparametric methods: percentile
  bootstrap with ``n_boot`` resamples drawn with ``rng`` (a seed or a
  ``numpy.random.Generator``); the percentile method refits the chosen family to
  each resample. Box-Cox and Johnson keep the normal-theory intervals of the
  transformed values (conditional on the fitted transformation).
* ``method="auto"``: the normal analysis when the Anderson–Darling p-value of the
  values is ≥ 0.05, otherwise the percentile method with the best-fitting distribution.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

from qualitas.analytics.capability import (
    NORMALITY_ALPHA,
    CapabilityResult,
    DistributionFit,
    SigmaOption,
    Transformation,
    as_subgroups,
    capability,
    check_limits,
    normality_test,
    observed_tails,
    resolve_target,
)
from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    NonNormalWarning,
    SpecificationError,
    StatisticalWarning,
)

FloatArray = NDArray[np.float64]
Method = Literal["auto", "normal", "boxcox", "johnson", "percentile", "nonparametric"]
METHODS: tuple[str, ...] = ("auto", "normal", "boxcox", "johnson", "percentile", "nonparametric")
DISTRIBUTIONS: tuple[str, ...] = ("normal", "lognormal", "weibull", "gamma", "logistic")

#: ISO 22514-2 reference points: the 0.135 %, 50 % and 99.865 % quantiles (±3σ for a normal).
P_LOW, P_MID, P_HIGH = 0.00135, 0.5, 0.99865
#: z grid of the Johnson fit (Minitab's documented search range and step).
JOHNSON_Z = np.round(np.arange(0.25, 1.2501, 0.01), 2)
DEFAULT_N_BOOT = 1000


# --------------------------------------------------------------------------- helpers


def _values(values: ArrayLike, subgroups: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """The padded subgroup array and the flat values (validated as in the normal analysis)."""
    grouped = as_subgroups(values, subgroups)
    flat = grouped[~np.isnan(grouped)]
    if flat.size < 2:
        raise InsufficientDataError(f"capability needs at least two values, got {flat.size}")
    if np.ptp(flat) == 0:
        raise InsufficientDataError("the values show no variation at all")
    return grouped, flat


def _transformed_limit(
    value: float, transform: Callable[[float], float], side: str, reason: str
) -> float:
    """A limit on the transformed scale, or NaN (with a warning) outside the domain."""
    if math.isnan(value):
        return math.nan
    out = transform(value)
    if not math.isfinite(out):
        warnings.warn(
            f"{side} {value:g} lies outside the domain of the {reason}: the fitted model puts "
            f"no values beyond it, so the {side} side is dropped and the indices are one-sided",
            StatisticalWarning,
            stacklevel=4,
        )
        return math.nan
    return out


def _on_transformed_scale(
    grouped: FloatArray,
    flat: FloatArray,
    *,
    transform: Callable[[FloatArray], FloatArray],
    name: str,
    parameters: Mapping[str, float],
    lo: float,
    hi: float,
    target: float | None,
    sigma: SigmaOption,
    confidence: float,
    intervals: bool,
) -> CapabilityResult:
    """Run the normal analysis on transformed values with limits transformed alike."""

    def scalar(v: float) -> float:
        with np.errstate(all="ignore"):
            return float(transform(np.asarray([v], dtype=float))[0])

    t_lo = _transformed_limit(lo, scalar, "lsl", f"{name} transformation")
    t_hi = _transformed_limit(hi, scalar, "usl", f"{name} transformation")
    if math.isnan(t_lo) and math.isnan(t_hi):
        raise SpecificationError(
            f"no specification limit lies inside the domain of the {name} transformation"
        )
    t_target = None
    if target is not None:
        candidate = scalar(float(target))
        t_target = candidate if math.isfinite(candidate) else None
    with np.errstate(all="ignore"):
        t_grouped = transform(grouped)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NonNormalWarning)
        result = capability(
            t_grouped,
            lsl=None if math.isnan(t_lo) else t_lo,
            usl=None if math.isnan(t_hi) else t_hi,
            target=t_target,
            sigma=sigma,
            confidence=confidence,
            intervals=intervals,
        )
    for w in caught:
        if issubclass(w.category, NonNormalWarning):
            p = result.normality.p_value if result.normality else math.nan
            warnings.warn(
                f"after the {name} transformation the values still fail the Anderson-Darling "
                f"test (p = {p:.3g}); consider method percentile or nonparametric",
                NonNormalWarning,
                stacklevel=3,
            )
        else:  # pragma: no cover - re-issue any other caveat unchanged
            warnings.warn(w.message, w.category, stacklevel=3)
    obs = observed_tails(flat, lo, hi)
    return replace(
        result,
        method=name.split("-")[0].lower(),
        lsl=None if math.isnan(lo) else lo,
        usl=None if math.isnan(hi) else hi,
        target=None
        if math.isnan(resolve_target(lo, hi, target))
        else resolve_target(lo, hi, target),
        ppm_observed=obs[0] + obs[1],
        ppm_tails={**result.ppm_tails, "observed": obs},
        transformation=Transformation(
            name=name,
            parameters=dict(parameters),
            lsl=None if math.isnan(t_lo) else t_lo,
            usl=None if math.isnan(t_hi) else t_hi,
            target=result.target,
        ),
    )


# --------------------------------------------------------------------------- Box-Cox

#: Range searched for the Box-Cox λ (Minitab's); beyond it the transformation is extreme.
BOXCOX_BOUNDS = (-5.0, 5.0)


def boxcox_lambda(values: ArrayLike) -> float:
    """Maximum-likelihood Box-Cox λ within :data:`BOXCOX_BOUNDS` (``scipy.stats.boxcox_llf``)."""
    x = np.asarray(values, dtype=float)
    x = x / float(np.exp(np.mean(np.log(x))))  # the likelihood's argmax is scale-invariant
    found = optimize.minimize_scalar(
        lambda lam: -stats.boxcox_llf(lam, x),
        bounds=BOXCOX_BOUNDS,
        method="bounded",
        options={"xatol": 1e-8},
    )
    return float(found.x)


def capability_boxcox(
    values: ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    sigma: SigmaOption = "auto",
    lmbda: float | None = None,
    confidence: float = 0.95,
    intervals: bool = True,
) -> CapabilityResult:
    """Capability after a Box-Cox transformation (λ by maximum likelihood unless given).

    ``mean``, ``sigma_*``, the indices and ``ci`` refer to the transformed scale;
    ``lsl``/``usl``/``target`` and ``ppm_observed`` to the original values;
    ``transformation`` holds λ and the transformed limits. ``normality`` tests the
    transformed values.

    Raises
    ------
    AnalyticsError
        A value ≤ 0 (the row is named), or as :func:`~qualitas.analytics.capability.capability`.
    """
    lo, hi = check_limits(lsl, usl)
    grouped, flat = _values(values, subgroups)
    if (flat <= 0).any():
        row = int(np.argmax(np.asarray(values, dtype=float).reshape(-1) <= 0))
        raise AnalyticsError(
            f"Box-Cox needs positive values; value {row + 1} is "
            f"{np.asarray(values, dtype=float).reshape(-1)[row]:g} (use johnson or percentile)"
        )
    lam = boxcox_lambda(flat) if lmbda is None else float(lmbda)
    # Transforming x / g (g = geometric mean) changes y only by an affine map, which leaves
    # every index unchanged, and avoids the cancellation of (x^λ − 1)/λ when |λ| is large.
    scale = float(np.exp(np.mean(np.log(flat))))

    def transform(x: FloatArray) -> FloatArray:
        arr = np.asarray(x, dtype=float)
        with np.errstate(all="ignore"):
            return np.where(arr > 0, special.boxcox(arr / scale, lam), np.nan)

    return _on_transformed_scale(
        grouped,
        flat,
        transform=transform,
        name="boxcox",
        parameters={"lambda": lam, "scale": scale},
        lo=lo,
        hi=hi,
        target=target,
        sigma=sigma,
        confidence=confidence,
        intervals=intervals,
    )


# --------------------------------------------------------------------------- Johnson


def johnson_fit(values: ArrayLike, z: float) -> tuple[str, dict[str, float]] | None:
    """Slifker–Shapiro Johnson fit at one ``z``: family and parameters, or None when invalid.

    Parameters are named as in ``scipy.stats.johnsonsu/johnsonsb``: ``gamma`` (a),
    ``eta`` (b), ``epsilon`` (loc), ``lambda`` (scale); SL has no ``lambda``.
    """
    x = np.asarray(values, dtype=float)
    q = [float(v) for v in np.quantile(x, special.ndtr([-3 * z, -z, z, 3 * z]), method="linear")]
    m, n, p = q[3] - q[2], q[1] - q[0], q[2] - q[1]
    if min(m, n, p) <= 0:
        return None
    mp, np_ = m / p, n / p
    d = mp * np_
    centre = (q[2] + q[1]) / 2.0
    if abs(d - 1.0) <= 0.01:
        if mp <= 1.0:
            return None
        eta = 2 * z / math.log(mp)
        gamma = eta * math.log((mp - 1.0) / (p * math.sqrt(mp)))
        eps = centre - (p / 2.0) * (mp + 1.0) / (mp - 1.0)
        return "johnson-sl", {"gamma": gamma, "eta": eta, "epsilon": eps}
    if d > 1.0:
        eta = 2 * z / math.acosh(0.5 * (mp + np_))
        gamma = eta * math.asinh((np_ - mp) / (2.0 * math.sqrt(d - 1.0)))
        lam = 2 * p * math.sqrt(d - 1.0) / ((mp + np_ - 2.0) * math.sqrt(mp + np_ + 2.0))
        eps = centre + p * (np_ - mp) / (2.0 * (mp + np_ - 2.0))
        return "johnson-su", {"gamma": gamma, "eta": eta, "epsilon": eps, "lambda": lam}
    pm, pn = p / m, p / n
    prod = (1.0 + pm) * (1.0 + pn)
    if prod <= 4.0:  # pragma: no cover - d < 0.99 means pm·pn > 1, hence prod > 4
        return None
    eta = z / math.acosh(0.5 * math.sqrt(prod))
    gamma = eta * math.asinh((pn - pm) * math.sqrt(prod - 4.0) / (2.0 * (pm * pn - 1.0)))
    lam = p * math.sqrt((prod - 2.0) ** 2 - 4.0) / (pm * pn - 1.0)
    eps = centre - lam / 2.0 + p * (pn - pm) / (2.0 * (pm * pn - 1.0))
    return "johnson-sb", {"gamma": gamma, "eta": eta, "epsilon": eps, "lambda": lam}


def johnson_transform(
    family: str, params: Mapping[str, float]
) -> Callable[[FloatArray], FloatArray]:
    """The normalising transformation ``x ↦ γ + η f((x − ε)/λ)``; NaN outside its domain."""
    g, e, eps = params["gamma"], params["eta"], params["epsilon"]

    def su(x: FloatArray) -> FloatArray:
        return g + e * np.arcsinh((np.asarray(x) - eps) / params["lambda"])

    def sb(x: FloatArray) -> FloatArray:
        y = (np.asarray(x) - eps) / params["lambda"]
        with np.errstate(all="ignore"):
            return np.where((y > 0) & (y < 1), g + e * np.log(y / (1.0 - y)), np.nan)

    def sl(x: FloatArray) -> FloatArray:
        y = np.asarray(x) - eps
        with np.errstate(all="ignore"):
            return np.where(y > 0, g + e * np.log(y), np.nan)

    return {"johnson-su": su, "johnson-sb": sb, "johnson-sl": sl}[family]


def johnson_select(values: ArrayLike) -> tuple[str, dict[str, float]]:
    """The Johnson fit over :data:`JOHNSON_Z` whose transformed values are most normal (AD p)."""
    x = np.asarray(values, dtype=float)
    best: tuple[float, str, dict[str, float]] | None = None
    for z in JOHNSON_Z:
        fit = johnson_fit(x, float(z))
        if fit is None:
            continue
        family, params = fit
        y = johnson_transform(family, params)(x)
        if not np.isfinite(y).all():
            continue
        test = normality_test(y)
        if test is None:  # pragma: no cover - a valid transformation keeps the spread
            continue
        if best is None or test.p_value > best[0]:
            best = (test.p_value, family, {**params, "z": float(z)})
    if best is None:
        raise AnalyticsError(
            "no Johnson transformation fits these values (too few distinct values?); "
            "use percentile or nonparametric"
        )
    return best[1], best[2]


def capability_johnson(
    values: ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    sigma: SigmaOption = "auto",
    confidence: float = 0.95,
    intervals: bool = True,
) -> CapabilityResult:
    """Capability after the best Johnson transformation (see the module notes).

    The scales of the fields are as in :func:`capability_boxcox`; ``transformation.name``
    is ``johnson-su``, ``johnson-sb`` or ``johnson-sl`` and its parameters include ``z``.
    """
    lo, hi = check_limits(lsl, usl)
    grouped, flat = _values(values, subgroups)
    family, params = johnson_select(flat)
    return _on_transformed_scale(
        grouped,
        flat,
        transform=johnson_transform(family, params),
        name=family,
        parameters=params,
        lo=lo,
        hi=hi,
        target=target,
        sigma=sigma,
        confidence=confidence,
        intervals=intervals,
    )


# --------------------------------------------------------------------------- percentile method


def _frozen(name: str, params: Mapping[str, float]) -> Any:
    """The scipy frozen distribution for a candidate's parameters."""
    if name == "normal":
        return stats.norm(loc=params["loc"], scale=params["scale"])
    if name == "lognormal":
        return stats.lognorm(params["shape"], scale=params["scale"])
    if name == "weibull":
        return stats.weibull_min(params["shape"], scale=params["scale"])
    if name == "gamma":
        return stats.gamma(params["shape"], scale=params["scale"])
    return stats.logistic(loc=params["loc"], scale=params["scale"])


def _mle(name: str, x: FloatArray) -> dict[str, float]:
    """Maximum-likelihood parameters (location fixed at 0 for the positive families)."""
    if name == "normal":
        return {"loc": float(x.mean()), "scale": float(x.std())}
    if name == "lognormal":
        logs = np.log(x)
        return {"shape": float(logs.std()), "scale": float(np.exp(logs.mean()))}
    if name == "weibull":
        c, _, scale = stats.weibull_min.fit(x, floc=0)
        return {"shape": float(c), "scale": float(scale)}
    if name == "gamma":
        a, _, scale = stats.gamma.fit(x, floc=0)
        return {"shape": float(a), "scale": float(scale)}
    loc, scale = stats.logistic.fit(x)
    return {"loc": float(loc), "scale": float(scale)}


def ad_statistic(x: FloatArray, dist: Any) -> float:
    """Anderson–Darling A² of ``x`` against a fully specified distribution (log-scale tails)."""
    xs = np.sort(x)
    n = xs.size
    i = np.arange(1, n + 1)
    terms = (2 * i - 1) * (dist.logcdf(xs) + dist.logsf(xs[::-1]))
    return float(-n - terms.sum() / n)


def fit_distributions(values: ArrayLike) -> tuple[DistributionFit, ...]:
    """Fit every candidate of :data:`DISTRIBUTIONS` that applies; best (smallest A²) first."""
    x = np.asarray(values, dtype=float).reshape(-1)
    names = DISTRIBUTIONS if (x > 0).all() else ("normal", "logistic")
    fits = []
    for name in names:
        params = _mle(name, x)
        dist = _frozen(name, params)
        fits.append(
            DistributionFit(
                distribution=name,
                parameters=params,
                ad_statistic=ad_statistic(x, dist),
                loglik=float(np.sum(dist.logpdf(x))),
            )
        )
    return tuple(sorted(fits, key=lambda f: f.ad_statistic))


def _percentile_indices(
    low: FloatArray, mid: FloatArray, high: FloatArray, lo: float, hi: float
) -> dict[str, FloatArray]:
    """ISO 22514-2 Pp, Ppl, Ppu, Ppk from the three reference points (arrays)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        pp = (hi - lo) / (high - low)
        ppl = (mid - lo) / (mid - low)
        ppu = (hi - mid) / (high - mid)
    return {"pp": pp, "ppl": ppl, "ppu": ppu, "ppk": np.fmin(ppl, ppu)}


def _generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def _interval(samples: FloatArray, confidence: float) -> tuple[float, float]:
    alpha = 1.0 - confidence
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return (math.nan, math.nan)
    lo, hi = np.quantile(finite, [alpha / 2.0, 1.0 - alpha / 2.0])
    return (float(lo), float(hi))


def _percentile_result(
    flat: FloatArray,
    *,
    lo: float,
    hi: float,
    target: float | None,
    points: tuple[float, float, float],
    ppm_expected: tuple[float, float],
    boot: tuple[FloatArray, FloatArray, FloatArray] | None,
    confidence: float,
    method: str,
    distribution: str,
    fits: tuple[DistributionFit, ...],
) -> CapabilityResult:
    idx = _percentile_indices(
        np.asarray(points[0]), np.asarray(points[1]), np.asarray(points[2]), lo, hi
    )
    ci: dict[str, tuple[float, float]] = {}
    if boot is not None:
        b = _percentile_indices(*boot, lo, hi)
        nan = (math.nan, math.nan)
        ci = {
            "cp": nan,
            "cpk": nan,
            "pp": _interval(b["pp"], confidence),
            "ppl": _interval(b["ppl"], confidence),
            "ppu": _interval(b["ppu"], confidence),
            "ppk": _interval(b["ppk"], confidence),
        }
    obs = observed_tails(flat, lo, hi)
    tgt = resolve_target(lo, hi, target)
    nan_value = math.nan
    return CapabilityResult(
        n=int(flat.size),
        mean=float(flat.mean()),
        sigma_within=nan_value,
        sigma_overall=float(flat.std(ddof=1)),
        cp=nan_value,
        cpl=nan_value,
        cpu=nan_value,
        cpk=nan_value,
        pp=float(idx["pp"]),
        ppl=float(idx["ppl"]),
        ppu=float(idx["ppu"]),
        ppk=float(idx["ppk"]),
        cpm=nan_value,
        ppm_expected_within=nan_value,
        ppm_expected_overall=ppm_expected[0] + ppm_expected[1],
        ppm_observed=obs[0] + obs[1],
        ppm_tails={
            "expected_within": (nan_value, nan_value),
            "expected_overall": ppm_expected,
            "observed": obs,
        },
        ci=ci,
        confidence_level=confidence,
        normality=normality_test(flat),
        method=method,
        sigma_method="none",
        lsl=None if math.isnan(lo) else lo,
        usl=None if math.isnan(hi) else hi,
        target=None if math.isnan(tgt) else tgt,
        distribution=distribution,
        fits=fits,
        percentiles={"p00135": points[0], "p50": points[1], "p99865": points[2]},
    )


def _check_common(confidence: float, n_boot: int) -> None:
    if not 0.0 < confidence < 1.0:
        raise AnalyticsError(f"confidence must be between 0 and 1, got {confidence!r}")
    if n_boot < 0:
        raise AnalyticsError(f"n_boot must be 0 (no interval) or positive, got {n_boot!r}")


def capability_percentile(
    values: ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    distribution: str = "auto",
    confidence: float = 0.95,
    n_boot: int = DEFAULT_N_BOOT,
    rng: np.random.Generator | int | None = None,
) -> CapabilityResult:
    """ISO 22514-2 percentile-method capability with a fitted distribution.

    Parameters
    ----------
    distribution : str
        ``auto`` (best A² among :data:`DISTRIBUTIONS`) or one of them.
    n_boot : int
        Bootstrap resamples for the Pp/Ppk intervals (0 = no intervals).
    rng : Generator or int, optional
        Source of the resamples; give a seed for reproducible intervals.

    ``subgroups`` are accepted for a uniform call but not used: the method is overall.
    ``fits`` lists every candidate tried, best first.
    """
    del subgroups  # overall method: the subgroup structure does not enter
    lo, hi = check_limits(lsl, usl)
    _check_common(confidence, n_boot)
    _, flat = _values(values, None)
    fits = fit_distributions(flat)
    if distribution == "auto":
        chosen = fits[0]
    else:
        if distribution not in DISTRIBUTIONS:
            raise AnalyticsError(
                f"distribution must be auto or one of {', '.join(DISTRIBUTIONS)}; got {distribution!r}"
            )
        matches = [f for f in fits if f.distribution == distribution]
        if not matches:
            raise AnalyticsError(f"the {distribution} distribution needs positive values")
        chosen = matches[0]
    dist = _frozen(chosen.distribution, chosen.parameters)
    points = tuple(float(v) for v in dist.ppf([P_LOW, P_MID, P_HIGH]))
    expected = (
        0.0 if math.isnan(lo) else float(dist.cdf(lo)) * 1e6,
        0.0 if math.isnan(hi) else float(dist.sf(hi)) * 1e6,
    )
    boot = None
    if n_boot:
        gen = _generator(rng)
        draws = flat[gen.integers(0, flat.size, size=(n_boot, flat.size))]
        rows = []
        for sample in draws:
            if np.ptp(sample) == 0:
                rows.append((math.nan, math.nan, math.nan))
                continue
            frozen = _frozen(chosen.distribution, _mle(chosen.distribution, sample))
            rows.append(tuple(frozen.ppf([P_LOW, P_MID, P_HIGH])))
        arr = np.asarray(rows, dtype=float)
        boot = (arr[:, 0], arr[:, 1], arr[:, 2])
    return _percentile_result(
        flat,
        lo=lo,
        hi=hi,
        target=target,
        points=(points[0], points[1], points[2]),
        ppm_expected=expected,
        boot=boot,
        confidence=confidence,
        method="percentile",
        distribution=chosen.distribution,
        fits=fits,
    )


def capability_nonparametric(
    values: ArrayLike,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    confidence: float = 0.95,
    n_boot: int = DEFAULT_N_BOOT,
    rng: np.random.Generator | int | None = None,
) -> CapabilityResult:
    """Percentile-method capability with empirical percentiles (numpy "linear", type 7).

    No distribution is assumed, so ``ppm_expected_overall`` is NaN; ``ppm_observed`` is
    the empirical fraction. Bootstrap intervals as in :func:`capability_percentile`.
    """
    del subgroups
    lo, hi = check_limits(lsl, usl)
    _check_common(confidence, n_boot)
    _, flat = _values(values, None)
    minimum_n = math.ceil(1.0 / P_LOW)
    if flat.size < minimum_n:
        warnings.warn(
            f"only {flat.size} values: the empirical 0.135 % and 99.865 % points need about "
            f"{minimum_n} or more and are interpolated between the extreme values, so the "
            "indices are optimistic",
            StatisticalWarning,
            stacklevel=2,
        )
    q = np.quantile(flat, [P_LOW, P_MID, P_HIGH], method="linear")
    boot = None
    if n_boot:
        gen = _generator(rng)
        draws = flat[gen.integers(0, flat.size, size=(n_boot, flat.size))]
        bq = np.quantile(draws, [P_LOW, P_MID, P_HIGH], axis=1, method="linear")
        boot = (bq[0], bq[1], bq[2])
    return _percentile_result(
        flat,
        lo=lo,
        hi=hi,
        target=target,
        points=(float(q[0]), float(q[1]), float(q[2])),
        ppm_expected=(math.nan, math.nan),
        boot=boot,
        confidence=confidence,
        method="nonparametric",
        distribution="empirical",
        fits=(),
    )


# --------------------------------------------------------------------------- dispatcher


def capability_by_method(
    values: ArrayLike,
    *,
    method: Method = "auto",
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    subgroups: ArrayLike | None = None,
    sigma: SigmaOption = "auto",
    confidence: float = 0.95,
    n_boot: int = DEFAULT_N_BOOT,
    rng: np.random.Generator | int | None = None,
) -> CapabilityResult:
    """Capability by the named method; ``auto`` = normal if AD p ≥ 0.05, else percentile."""
    if method not in METHODS:
        raise AnalyticsError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    common: dict[str, Any] = {"lsl": lsl, "usl": usl, "target": target, "subgroups": subgroups}
    if method == "auto":
        check_limits(lsl, usl)
        _, flat = _values(values, subgroups)
        test = normality_test(flat)
        method = "normal" if test is None or test.p_value >= NORMALITY_ALPHA else "percentile"
    if method == "normal":
        return capability(values, sigma=sigma, confidence=confidence, **common)
    if method == "boxcox":
        return capability_boxcox(values, sigma=sigma, confidence=confidence, **common)
    if method == "johnson":
        return capability_johnson(values, sigma=sigma, confidence=confidence, **common)
    if method == "percentile":
        return capability_percentile(
            values, confidence=confidence, n_boot=n_boot, rng=rng, **common
        )
    return capability_nonparametric(values, confidence=confidence, n_boot=n_boot, rng=rng, **common)
