"""Shewhart, EWMA and CUSUM control charts for one characteristic.

Every function returns a tuple of :class:`ChartResult` (two for X̄-R, X̄-S and I-MR,
one otherwise). Phase I estimates the centre and σ from the data, optionally leaving
out named subgroups (``exclude``) or, once, the subgroups flagged by the selected
rules (``exclude_flagged``). Phase II takes them as given (``center=``, ``sigma=``,
or explicit ``limits=``). With ``stages`` every stage gets its own estimate, limits
and run-rule evaluation (runs do not cross a stage boundary).

σ conventions (qcc's defaults): X̄-R uses the unweighted average of Rᵢ/d2(nᵢ)
(= R̄/d2 for equal sizes), X̄-S the average of Sᵢ/c4(nᵢ) (= S̄/c4), individuals MR̄/d2(2)
(``sigma_method="mr"``) or s/c4(N) (``"sd"``). d2, d3, c4 are exact (see
:mod:`qualitas.analytics.spc.constants`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import signal

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.spc.constants import c4, c4_array, d2, d2_array, d3, d3_array
from qualitas.analytics.spc.rules import DESCRIPTIONS, parse_rules, rule_masks

FloatArray = NDArray[np.float64]
Limit = float | FloatArray

DEFAULT_RULES = "nelson"


@dataclass(frozen=True, kw_only=True)
class Violation:
    """Points flagged by one run rule.

    Attributes
    ----------
    rule : str
        Rule name, ``"nelson-1"`` … ``"nelson-8"`` or ``"we-1"`` … ``"we-4"``.
    indices : tuple of int
        0-based positions of the flagged points (the JSON form adds 1).
    """

    rule: str
    indices: tuple[int, ...]

    @property
    def description(self) -> str:
        """What the rule tests, in words."""
        return DESCRIPTIONS[self.rule]


@dataclass(frozen=True, kw_only=True)
class ChartResult:
    """One control chart.

    Attributes
    ----------
    name : str
        ``"xbar"``, ``"r"``, ``"s"``, ``"i"``, ``"mr"``, ``"p"``, ``"np"``, ``"c"``, ``"u"``,
        ``"ewma"`` or ``"cusum"``.
    points : ndarray
        The plotted statistic per subgroup (NaN where undefined, e.g. the first moving range).
    center, lcl, ucl : float or ndarray
        Centre line and control limits: a float when constant, one value per point when
        they vary (varying subgroup sizes, stages, EWMA).
    se : ndarray
        Standard error of the plotted statistic per point: the width of one zone for the
        run rules (for CUSUM 1, the statistic being in σ units).
    sigma : float or ndarray
        The process σ the limits rest on: σ of one measurement for variables charts
        (within-subgroup), σ of one unit for attribute charts (√(p̄(1−p̄)) for p/np, √ū for
        u, √c̄ for c); one value per point with several stages.
    violations : tuple of Violation
        Rules that flagged at least one point, in the order requested.
    sizes : ndarray
        Subgroup sizes (1 for individuals and c charts).
    excluded : tuple of int
        0-based subgroups left out of the estimate (named or flagged); still plotted.
    phase : str
        ``"I"`` (estimated from the data) or ``"II"`` (given centre/σ/limits).
    lower : ndarray or None
        CUSUM only: the lower cumulative sum, as negative values; ``points`` is the upper.
    """

    name: str
    points: FloatArray
    center: Limit
    lcl: Limit
    ucl: Limit
    se: FloatArray
    sigma: Limit
    violations: tuple[Violation, ...]
    sizes: FloatArray
    excluded: tuple[int, ...] = ()
    phase: Literal["I", "II"] = "I"
    lower: FloatArray | None = None

    def flagged(self) -> NDArray[np.bool_]:
        """Boolean per point: flagged by any rule."""
        out = np.zeros(self.points.shape, dtype=bool)
        for v in self.violations:
            out[list(v.indices)] = True
        return out

    def as_dict(self) -> dict[str, Any]:
        """The public JSON form (1-based point numbers in ``violations``)."""

        def num(v: Limit) -> Any:
            return v.tolist() if isinstance(v, np.ndarray) else float(v)

        out: dict[str, Any] = {
            "name": self.name,
            "center": num(self.center),
            "lcl": num(self.lcl),
            "ucl": num(self.ucl),
            "points": self.points.tolist(),
            "sigma": num(self.sigma),
            "violations": [
                {"rule": v.rule, "points": [i + 1 for i in v.indices]} for v in self.violations
            ],
        }
        if self.lower is not None:
            out["lower"] = self.lower.tolist()
        return out


# --------------------------------------------------------------------------- input checks


def as_subgroups(data: ArrayLike, *, name: str = "data") -> FloatArray:
    """A 2-D float array (m subgroups × n), NaN marking missing values; 1-D means n = 1."""
    try:
        arr = np.asarray(data, dtype=float)
    except (TypeError, ValueError) as exc:
        raise AnalyticsError(f"{name} must be numeric: {exc}") from exc
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise AnalyticsError(f"{name} must be 1-D (individuals) or 2-D (subgroups × measurements)")
    if np.isinf(arr).any():
        row = int(np.nonzero(np.isinf(arr).any(axis=1))[0][0]) + 1
        raise AnalyticsError(f"{name}: subgroup {row} has an infinite value")
    return arr


def _need_subgroups(m: int, minimum: int = 2) -> None:
    if m < minimum:
        raise InsufficientDataError(f"a control chart needs at least {minimum} subgroups, got {m}")


def _counts_and_sizes(
    counts: ArrayLike, sizes: ArrayLike | float | None, *, bounded: bool
) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(counts, dtype=float).ravel()
    if sizes is None:
        n = np.ones_like(x)
    else:
        n = np.broadcast_to(np.asarray(sizes, dtype=float), x.shape).astype(float)
    _need_subgroups(x.size)
    bad = ~np.isfinite(x)
    if bad.any():
        raise AnalyticsError(
            f"counts: subgroup {int(np.nonzero(bad)[0][0]) + 1} is missing or not finite"
        )
    if (x < 0).any():
        i = int(np.nonzero(x < 0)[0][0])
        raise AnalyticsError(f"counts: subgroup {i + 1} has a negative count ({x[i]:g})")
    if not (np.isfinite(n) & (n > 0)).all():
        i = int(np.nonzero(~(np.isfinite(n) & (n > 0)))[0][0])
        raise AnalyticsError(f"sizes: subgroup {i + 1} has size {n[i]:g}; sizes must be positive")
    if bounded and (x > n).any():
        i = int(np.nonzero(x > n)[0][0])
        raise AnalyticsError(
            f"counts: subgroup {i + 1} has {x[i]:g} nonconforming out of a subgroup of {n[i]:g}"
        )
    return x, n


# --------------------------------------------------------------------------- the driver


@dataclass(frozen=True, kw_only=True)
class _Panel:
    """One chart's per-point arrays for one stage."""

    name: str
    points: FloatArray
    center: FloatArray
    se: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    sigma: float
    lower: FloatArray | None = None
    rules_allowed: Literal["all", "first"] = "all"


Estimator = Callable[[NDArray[np.intp]], dict[str, float]]
Builder = Callable[[dict[str, float], NDArray[np.intp]], list[_Panel]]


@dataclass(kw_only=True)
class _Spec:
    m: int
    sizes: FloatArray
    estimate: Estimator
    build: Builder
    known: dict[str, float] = field(default_factory=dict)
    required: tuple[str, ...] = ("center", "sigma")
    limits: tuple[float, float] | None = None
    nsigmas: float = 3.0


def _stage_groups(stages: Sequence[Any] | None, m: int) -> list[NDArray[np.intp]]:
    if stages is None:
        return [np.arange(m)]
    labels = list(stages)
    if len(labels) != m:
        raise AnalyticsError(f"stages has {len(labels)} entries for {m} subgroups")
    groups: list[NDArray[np.intp]] = []
    start = 0
    for i in range(1, m + 1):
        if i == m or labels[i] != labels[start]:
            groups.append(np.arange(start, i))
            start = i
    return groups


def _run(
    spec: _Spec,
    *,
    rules: str | Sequence[str] | None,
    stages: Sequence[Any] | None,
    exclude: Sequence[int] | None,
    exclude_flagged: bool,
) -> tuple[ChartResult, ...]:
    selected = parse_rules(rules)
    excluded = np.zeros(spec.m, dtype=bool)
    for i in exclude or ():
        if not 0 <= int(i) < spec.m:
            raise AnalyticsError(
                f"exclude: subgroup {int(i) + 1} does not exist (there are {spec.m})"
            )
        excluded[int(i)] = True
    phase2 = bool(spec.known) or spec.limits is not None
    groups = _stage_groups(stages, spec.m)
    panels, masks = _evaluate(spec, groups, excluded, selected)
    if exclude_flagged and not phase2:
        flagged = np.zeros(spec.m, dtype=bool)
        for mask in masks:
            flagged |= mask.any(axis=0)
        if (flagged & ~excluded).any():
            excluded = excluded | flagged
            panels, masks = _evaluate(spec, groups, excluded, selected)
    excluded_idx = tuple(int(i) for i in np.nonzero(excluded)[0])
    results = []
    for (name, arrays), mask in zip(panels.items(), masks, strict=True):
        rule_names = arrays["rules"]
        violations = tuple(
            Violation(rule=r, indices=tuple(int(i) for i in np.nonzero(mask[j])[0]))
            for j, r in enumerate(rule_names)
            if mask[j].any()
        )
        results.append(
            ChartResult(
                name=name,
                points=arrays["points"],
                center=_collapse(arrays["center"]),
                lcl=_collapse(arrays["lcl"]),
                ucl=_collapse(arrays["ucl"]),
                se=arrays["se"],
                sigma=_collapse(arrays["sigma"]),
                violations=violations,
                sizes=spec.sizes,
                excluded=excluded_idx,
                phase="II" if phase2 else "I",
                lower=arrays.get("lower"),
            )
        )
    return tuple(results)


def _evaluate(
    spec: _Spec,
    groups: list[NDArray[np.intp]],
    excluded: NDArray[np.bool_],
    selected: tuple[str, ...],
) -> tuple[dict[str, dict[str, Any]], list[NDArray[np.bool_]]]:
    charts: dict[str, dict[str, Any]] = {}
    stage_panels: list[tuple[NDArray[np.intp], list[_Panel]]] = []
    for idx in groups:
        use = idx[~excluded[idx]]
        if spec.known.keys() >= set(spec.required):
            params = dict(spec.known)
        else:
            if use.size < 2:
                raise InsufficientDataError(
                    f"a control chart needs at least 2 subgroups to estimate its limits, "
                    f"stage starting at subgroup {int(idx[0]) + 1} has {use.size} after exclusions"
                )
            params = {**spec.estimate(use), **spec.known}
        stage_panels.append((idx, spec.build(params, idx)))
    first = stage_panels[0][1]
    for p in first:
        rules_here = (
            selected if p.rules_allowed == "all" else tuple(r for r in selected if r.endswith("-1"))
        )
        charts[p.name] = {
            key: np.full(spec.m, np.nan)
            for key in ("points", "center", "se", "lcl", "ucl", "sigma")
        }
        charts[p.name]["rules"] = rules_here
        if p.lower is not None:
            charts[p.name]["lower"] = np.full(spec.m, np.nan)
    masks = [np.zeros((len(charts[p.name]["rules"]), spec.m), dtype=bool) for p in first]
    for idx, panels in stage_panels:
        for j, p in enumerate(panels):
            arrays = charts[p.name]
            center, lcl, ucl, se = p.center, p.lcl, p.ucl, p.se
            if j == 0 and spec.limits is not None:
                lcl = np.full(idx.size, spec.limits[0])
                ucl = np.full(idx.size, spec.limits[1])
                se = np.full(idx.size, (spec.limits[1] - spec.limits[0]) / (2 * spec.nsigmas))
            arrays["points"][idx] = p.points
            arrays["center"][idx] = center
            arrays["lcl"][idx] = lcl
            arrays["ucl"][idx] = ucl
            arrays["se"][idx] = se
            arrays["sigma"][idx] = p.sigma
            if p.lower is not None:
                arrays["lower"][idx] = p.lower
            if arrays["rules"]:
                flags = rule_masks(
                    p.points, center=center, se=se, lcl=lcl, ucl=ucl, rules=arrays["rules"]
                )
                if p.lower is not None:
                    # CUSUM: only rule 1 is evaluated; the lower sum signals against the LCL.
                    flags |= p.lower < lcl
                masks[j][:, idx] = flags
    return charts, masks


def _collapse(values: FloatArray) -> Limit:
    """A float when every point has the same value, else the array."""
    finite = values[np.isfinite(values)]
    if finite.size == values.size and np.all(values == values[0]):
        return float(values[0])
    return values


def _known(
    center: float | None, sigma: float | None, limits: tuple[float, float] | None
) -> dict[str, float]:
    known: dict[str, float] = {}
    if center is not None:
        known["center"] = float(center)
    if sigma is not None:
        if not sigma > 0:
            raise AnalyticsError(f"sigma must be positive, got {sigma}")
        known["sigma"] = float(sigma)
    if limits is not None:
        lo, hi = (float(v) for v in limits)
        if not hi > lo:
            raise AnalyticsError(f"limits: UCL ({hi}) must be greater than LCL ({lo})")
    return known


def _shewhart(
    name: str,
    points: FloatArray,
    center: FloatArray,
    se: FloatArray,
    sigma: float,
    nsigmas: float,
    *,
    floor: bool,
) -> _Panel:
    lcl = center - nsigmas * se
    return _Panel(
        name=name,
        points=points,
        center=center,
        se=se,
        lcl=np.maximum(lcl, 0.0) if floor else lcl,
        ucl=center + nsigmas * se,
        sigma=sigma,
    )


# --------------------------------------------------------------------------- variables charts


def _grouped(data: ArrayLike, *, minimum_size: int) -> tuple[FloatArray, FloatArray]:
    arr = as_subgroups(data)
    m = arr.shape[0]
    _need_subgroups(m)
    sizes = np.sum(~np.isnan(arr), axis=1).astype(float)
    small = sizes < minimum_size
    if small.any():
        i = int(np.nonzero(small)[0][0])
        raise InsufficientDataError(
            f"subgroup {i + 1} has {int(sizes[i])} value(s); this chart needs at least {minimum_size} per subgroup"
        )
    return arr, sizes


def _xbar_chart(
    kind: Literal["r", "s"],
    data: ArrayLike,
    *,
    center: float | None,
    sigma: float | None,
    limits: tuple[float, float] | None,
    nsigmas: float,
    rules: str | Sequence[str] | None,
    stages: Sequence[Any] | None,
    exclude: Sequence[int] | None,
    exclude_flagged: bool,
) -> tuple[ChartResult, ...]:
    arr, sizes = _grouped(data, minimum_size=2)
    means = np.nanmean(arr, axis=1)
    spread = (
        np.nanmax(arr, axis=1) - np.nanmin(arr, axis=1)
        if kind == "r"
        else np.nanstd(arr, axis=1, ddof=1)
    )
    ints = sizes.astype(int)
    unbias = d2_array(ints) if kind == "r" else c4_array(ints)

    def estimate(use: NDArray[np.intp]) -> dict[str, float]:
        return {
            "center": float(np.sum(sizes[use] * means[use]) / np.sum(sizes[use])),
            "sigma": float(np.mean(spread[use] / unbias[use])),
        }

    def build(params: dict[str, float], idx: NDArray[np.intp]) -> list[_Panel]:
        s, n = params["sigma"], sizes[idx]
        xbar = _shewhart(
            "xbar",
            means[idx],
            np.full(idx.size, params["center"]),
            s / np.sqrt(n),
            s,
            nsigmas,
            floor=False,
        )
        if kind == "r":
            centre_r, se_r = d2_array(ints[idx]) * s, d3_array(ints[idx]) * s
        else:
            cc = c4_array(ints[idx])
            centre_r, se_r = cc * s, s * np.sqrt(1.0 - cc**2)
        return [xbar, _shewhart(kind, spread[idx], centre_r, se_r, s, nsigmas, floor=True)]

    spec = _Spec(
        m=arr.shape[0],
        sizes=sizes,
        estimate=estimate,
        build=build,
        known=_known(center, sigma, limits),
        limits=limits,
        nsigmas=nsigmas,
    )
    if limits is not None:
        spec.known.setdefault("center", (limits[0] + limits[1]) / 2)
    if limits is not None and "sigma" not in spec.known:
        # Sigma implied by the given X̄ limits (equal subgroup sizes assumed for the R/S chart).
        spec.known["sigma"] = (
            (limits[1] - limits[0]) / (2 * nsigmas) * float(np.sqrt(np.mean(sizes)))
        )
    return _run(spec, rules=rules, stages=stages, exclude=exclude, exclude_flagged=exclude_flagged)


def xbar_r_chart(
    data: ArrayLike,
    *,
    center: float | None = None,
    sigma: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> tuple[ChartResult, ChartResult]:
    """X̄ and R charts.

    Parameters
    ----------
    data
        Measurements, shape (m subgroups, n); NaN pads shorter subgroups (sizes may vary,
        limits are then per point). Every subgroup needs at least 2 values.
    center, sigma
        Phase II: the process mean and σ (of one measurement) to use instead of the
        estimates (each may be given alone).
    limits
        Phase II: explicit (LCL, UCL) of the X̄ chart; σ for the R chart is then
        (UCL − LCL)/(2·nsigmas)·√n̄ unless ``sigma`` is given.
    nsigmas
        Width of the limits in standard errors (3).
    rules
        Run rules for both charts (see :func:`~qualitas.analytics.spc.rules.parse_rules`).
    stages
        One label per subgroup; consecutive equal labels form a stage with its own limits.
    exclude
        0-based subgroups left out of the Phase I estimate (still plotted and tested).
    exclude_flagged
        Re-estimate once after also leaving out every subgroup flagged on either chart.
    """
    xb, r = _xbar_chart(
        "r",
        data,
        center=center,
        sigma=sigma,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )
    return xb, r


def xbar_s_chart(
    data: ArrayLike,
    *,
    center: float | None = None,
    sigma: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> tuple[ChartResult, ChartResult]:
    """X̄ and S charts; σ = average of Sᵢ/c4(nᵢ). Options as :func:`xbar_r_chart`."""
    xb, s = _xbar_chart(
        "s",
        data,
        center=center,
        sigma=sigma,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )
    return xb, s


def _individuals(values: ArrayLike) -> FloatArray:
    x = np.asarray(values, dtype=float).ravel()
    _need_subgroups(x.size)
    bad = ~np.isfinite(x)
    if bad.any():
        raise AnalyticsError(
            f"values: observation {int(np.nonzero(bad)[0][0]) + 1} is missing or not finite"
        )
    return x


def imr_chart(
    values: ArrayLike,
    *,
    sigma_method: Literal["mr", "sd"] = "mr",
    center: float | None = None,
    sigma: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> tuple[ChartResult, ChartResult]:
    """Individuals (I) and moving-range (MR, span 2) charts.

    ``sigma_method="mr"``: σ = MR̄/d2(2) with d2(2) = 2/√π = 1.1283792 (qcc prints 1.128);
    ``"sd"``: σ = s/c4(N), the sample SD of the N individuals over c4(N) (qcc's "SD").
    With exclusions the moving ranges for the estimate are taken between consecutive
    *kept* observations (as if the excluded ones had not been recorded). The MR chart has
    NaN at the first point of each stage; its centre is d2(2)σ (= MR̄ with ``"mr"``).
    Other options as :func:`xbar_r_chart`.
    """
    if sigma_method not in ("mr", "sd"):
        raise AnalyticsError(f"sigma_method must be 'mr' or 'sd', got {sigma_method!r}")
    x = _individuals(values)
    sizes = np.ones_like(x)
    dd2, dd3 = d2(2), d3(2)

    def estimate(use: NDArray[np.intp]) -> dict[str, float]:
        kept = x[use]
        if sigma_method == "mr":
            s = float(np.mean(np.abs(np.diff(kept))) / dd2)
        else:
            s = float(np.std(kept, ddof=1) / c4(kept.size))
        return {"center": float(np.mean(kept)), "sigma": s}

    def build(params: dict[str, float], idx: NDArray[np.intp]) -> list[_Panel]:
        s = params["sigma"]
        mr = np.concatenate([[np.nan], np.abs(np.diff(x[idx]))])
        ones = np.ones(idx.size)
        return [
            _shewhart("i", x[idx], ones * params["center"], ones * s, s, nsigmas, floor=False),
            _shewhart("mr", mr, ones * dd2 * s, ones * dd3 * s, s, nsigmas, floor=True),
        ]

    spec = _Spec(
        m=x.size,
        sizes=sizes,
        estimate=estimate,
        build=build,
        known=_known(center, sigma, limits),
        limits=limits,
        nsigmas=nsigmas,
    )
    if limits is not None:
        spec.known.setdefault("center", (limits[0] + limits[1]) / 2)
        spec.known.setdefault("sigma", (limits[1] - limits[0]) / (2 * nsigmas))
    i_chart, mr_chart = _run(
        spec, rules=rules, stages=stages, exclude=exclude, exclude_flagged=exclude_flagged
    )
    return i_chart, mr_chart


# --------------------------------------------------------------------------- attribute charts


def _attribute(
    name: Literal["p", "np", "c", "u"],
    counts: ArrayLike,
    sizes: ArrayLike | float | None,
    *,
    center: float | None,
    limits: tuple[float, float] | None,
    nsigmas: float,
    rules: str | Sequence[str] | None,
    stages: Sequence[Any] | None,
    exclude: Sequence[int] | None,
    exclude_flagged: bool,
) -> ChartResult:
    x, n = _counts_and_sizes(counts, sizes, bounded=name in ("p", "np"))
    if center is not None and name in ("p", "np") and not 0 < center < 1:
        raise AnalyticsError(
            f"center (the proportion nonconforming) must be in (0, 1), got {center}"
        )
    if center is not None and name in ("c", "u") and not center > 0:
        raise AnalyticsError(f"center must be positive, got {center}")

    def estimate(use: NDArray[np.intp]) -> dict[str, float]:
        if name == "c":
            return {"center": float(np.mean(x[use]))}
        return {"center": float(np.sum(x[use]) / np.sum(n[use]))}

    def build(params: dict[str, float], idx: NDArray[np.intp]) -> list[_Panel]:
        c, ni = params["center"], n[idx]
        if name in ("p", "np"):
            unit_sd = float(np.sqrt(c * (1.0 - c)))
        else:
            unit_sd = float(np.sqrt(c))
        if name == "p":
            points, centre, se = x[idx] / ni, np.full(idx.size, c), unit_sd / np.sqrt(ni)
        elif name == "np":
            points, centre, se = x[idx], c * ni, unit_sd * np.sqrt(ni)
        elif name == "u":
            points, centre, se = x[idx] / ni, np.full(idx.size, c), unit_sd / np.sqrt(ni)
        else:
            points, centre, se = x[idx], np.full(idx.size, c), np.full(idx.size, unit_sd)
        return [_shewhart(name, points, centre, se, unit_sd, nsigmas, floor=True)]

    # The given centre is per unit (p̄ for p and np, ū for u, c̄ for c) so that one number
    # freezes the chart; with explicit limits and no centre the centre is still estimated.
    spec = _Spec(
        m=x.size,
        sizes=n,
        estimate=estimate,
        build=build,
        known=_known(center, None, limits),
        required=("center",),
        limits=limits,
        nsigmas=nsigmas,
    )
    (result,) = _run(
        spec, rules=rules, stages=stages, exclude=exclude, exclude_flagged=exclude_flagged
    )
    return result


def p_chart(
    counts: ArrayLike,
    sizes: ArrayLike | float,
    *,
    center: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """Proportion nonconforming: p̄ = Σx/Σn, limits p̄ ± L√(p̄(1−p̄)/nᵢ) (LCL floored at 0).

    ``counts`` are nonconforming units per subgroup, ``sizes`` the subgroup sizes (a
    number when constant). ``center`` freezes p̄ (Phase II). Other options as
    :func:`xbar_r_chart`.
    """
    return _attribute(
        "p",
        counts,
        sizes,
        center=center,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )


def np_chart(
    counts: ArrayLike,
    sizes: ArrayLike | float,
    *,
    center: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """Number nonconforming: centre nᵢp̄, limits nᵢp̄ ± L√(nᵢp̄(1−p̄)). ``center`` is p̄."""
    return _attribute(
        "np",
        counts,
        sizes,
        center=center,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )


def c_chart(
    counts: ArrayLike,
    *,
    center: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """Nonconformities per inspection unit of constant size: c̄ ± L√c̄ (LCL floored at 0)."""
    return _attribute(
        "c",
        counts,
        None,
        center=center,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )


def u_chart(
    counts: ArrayLike,
    sizes: ArrayLike | float,
    *,
    center: float | None = None,
    limits: tuple[float, float] | None = None,
    nsigmas: float = 3.0,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """Nonconformities per unit: ū = Σx/Σn, limits ū ± L√(ū/nᵢ) (LCL floored at 0)."""
    return _attribute(
        "u",
        counts,
        sizes,
        center=center,
        limits=limits,
        nsigmas=nsigmas,
        rules=rules,
        stages=stages,
        exclude=exclude,
        exclude_flagged=exclude_flagged,
    )


# --------------------------------------------------------------------------- time-weighted charts


def _level_and_sigma(arr: FloatArray, sizes: FloatArray) -> tuple[FloatArray, Estimator]:
    """Subgroup means and the Phase I estimator (R̄/d2 for subgroups, MR̄/d2 for individuals)."""
    means = np.nanmean(arr, axis=1)
    if np.all(sizes == 1):

        def estimate(use: NDArray[np.intp]) -> dict[str, float]:
            kept = means[use]
            return {
                "center": float(np.mean(kept)),
                "sigma": float(np.mean(np.abs(np.diff(kept))) / d2(2)),
            }

        return means, estimate
    if (sizes < 2).any():
        i = int(np.nonzero(sizes < 2)[0][0])
        raise InsufficientDataError(
            f"subgroup {i + 1} has {int(sizes[i])} value(s): use subgroups of 2 or more, or individuals throughout"
        )
    ranges = np.nanmax(arr, axis=1) - np.nanmin(arr, axis=1)
    unbias = d2_array(sizes.astype(int))

    def estimate_grouped(use: NDArray[np.intp]) -> dict[str, float]:
        return {
            "center": float(np.sum(sizes[use] * means[use]) / np.sum(sizes[use])),
            "sigma": float(np.mean(ranges[use] / unbias[use])),
        }

    return means, estimate_grouped


def ewma_chart(
    data: ArrayLike,
    *,
    lam: float = 0.2,
    nsigmas: float = 3.0,
    center: float | None = None,
    sigma: float | None = None,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """EWMA chart: zᵢ = λx̄ᵢ + (1−λ)zᵢ₋₁, z₀ = centre.

    Limits are qcc's exact time-varying ones, centre ± L·σ/√nᵢ·√(λ/(2−λ)·(1−(1−λ)^{2i}))
    with i = 1, 2, … counted from the start of the stage. ``data`` is 2-D (subgroups, σ =
    R̄/d2) or 1-D (individuals, σ = MR̄/d2(2)). Only rule 1 (beyond limits) applies: the
    EWMA is autocorrelated, so zone and run rules would mislead; any ``-1`` rule
    selected reports it.
    """
    if not 0 < lam <= 1:
        raise AnalyticsError(f"lambda must be in (0, 1], got {lam}")
    arr = as_subgroups(data)
    _need_subgroups(arr.shape[0])
    sizes = np.sum(~np.isnan(arr), axis=1).astype(float)
    if (sizes == 0).any():
        raise AnalyticsError(f"subgroup {int(np.nonzero(sizes == 0)[0][0]) + 1} has no values")
    means, estimate = _level_and_sigma(arr, sizes)

    def build(params: dict[str, float], idx: NDArray[np.intp]) -> list[_Panel]:
        c, s = params["center"], params["sigma"]
        z, _ = signal.lfilter([lam], [1.0, lam - 1.0], means[idx], zi=[(1.0 - lam) * c])
        i = np.arange(1, idx.size + 1)
        se = s / np.sqrt(sizes[idx]) * np.sqrt(lam / (2.0 - lam) * (1.0 - (1.0 - lam) ** (2 * i)))
        panel = _shewhart(
            "ewma", np.asarray(z, dtype=float), np.full(idx.size, c), se, s, nsigmas, floor=False
        )
        return [replace(panel, rules_allowed="first")]

    spec = _Spec(
        m=arr.shape[0],
        sizes=sizes,
        estimate=estimate,
        build=build,
        known=_known(center, sigma, None),
    )
    (result,) = _run(
        spec, rules=rules, stages=stages, exclude=exclude, exclude_flagged=exclude_flagged
    )
    return result


def cusum_chart(
    data: ArrayLike,
    *,
    h: float = 5.0,
    k: float = 0.5,
    target: float | None = None,
    sigma: float | None = None,
    rules: str | Sequence[str] | None = DEFAULT_RULES,
    stages: Sequence[Any] | None = None,
    exclude: Sequence[int] | None = None,
    exclude_flagged: bool = False,
) -> ChartResult:
    """Tabular CUSUM in σ units.

    zᵢ = (x̄ᵢ − target)/(σ/√nᵢ) — σ is the within-subgroup σ of one measurement (R̄/d2 for
    subgroups, MR̄/d2(2) for individuals, or ``sigma``), so zᵢ is in units of the
    standard error of the subgroup mean. Cᵢ⁺ = max(0, Cᵢ₋₁⁺ + zᵢ − k),
    Cᵢ⁻ = max(0, Cᵢ₋₁⁻ − zᵢ − k), starting at 0. ``points`` is C⁺, ``lower`` is −C⁻, the
    limits are ±h; a point is flagged (as rule 1) when C⁺ > h or C⁻ > h. The default
    target is the Phase I mean; h = 5 and k = 0.5 detect a 1σ shift (qcc's defaults).
    """
    if not h > 0 or not k >= 0:
        raise AnalyticsError(f"h must be positive and k non-negative, got h={h}, k={k}")
    arr = as_subgroups(data)
    _need_subgroups(arr.shape[0])
    sizes = np.sum(~np.isnan(arr), axis=1).astype(float)
    if (sizes == 0).any():
        raise AnalyticsError(f"subgroup {int(np.nonzero(sizes == 0)[0][0]) + 1} has no values")
    means, estimate = _level_and_sigma(arr, sizes)

    def build(params: dict[str, float], idx: NDArray[np.intp]) -> list[_Panel]:
        z = (means[idx] - params["center"]) / (params["sigma"] / np.sqrt(sizes[idx]))
        upper, lower = np.zeros(idx.size), np.zeros(idx.size)
        hi = lo = 0.0
        for j, zj in enumerate(z):  # a max-recursion: no closed vectorised form
            hi = max(0.0, hi + zj - k)
            lo = max(0.0, lo - zj - k)
            upper[j], lower[j] = hi, lo
        ones = np.ones(idx.size)
        return [
            _Panel(
                name="cusum",
                points=upper,
                center=0 * ones,
                se=ones,
                lcl=-h * ones,
                ucl=h * ones,
                sigma=params["sigma"],
                lower=-lower,
                rules_allowed="first",
            )
        ]

    known = _known(target, sigma, None)
    spec = _Spec(m=arr.shape[0], sizes=sizes, estimate=estimate, build=build, known=known)
    (result,) = _run(
        spec, rules=rules, stages=stages, exclude=exclude, exclude_flagged=exclude_flagged
    )
    return result
