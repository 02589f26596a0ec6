"""Crossed Gage R&R by the ANOVA method (AIAG MSA 4th ed.; SixSigma ``ss.rr``; Minitab).

Conventions
-----------
* Two-way random-effects ANOVA, part × operator with replicates. The interaction
  is tested against repeatability; when its p-value exceeds ``alpha`` (0.05) it is
  removed and pooled into repeatability and the reduced model is refitted, as
  SixSigma's ``ss.rr`` and Minitab do.
* Variance components by the expected mean squares; a negative estimate is set to 0.
* %StudyVar uses ``study_var_multiplier · σ`` (6 by default: AIAG 4th ed. and Minitab;
  5.15 was AIAG 3rd ed.); %Tolerance is ``100 · multiplier · σ / (USL − LSL)``.
* ndc = floor(1.41 · σ_part / σ_GRR), at least 1 (AIAG; Minitab truncates and sets
  values below 1 to 1). 1.41 is AIAG's rounding of √2; ``ndc_constant`` changes it.
* Verdict from %Tolerance when a tolerance is given, else from %StudyVar of the
  gage: ≤ 10 acceptable, ≤ 30 marginal, above unacceptable (AIAG MSA 4th ed., p. 78);
  ndc < 5 is flagged separately.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from qualitas.analytics.anova import AnovaTable, _as_values, balanced_layout, two_way_anova
from qualitas.analytics.errors import AnalyticsError, InsufficientDataError, SpecificationError

__all__ = [
    "ACCEPTABLE_PCT",
    "MARGINAL_PCT",
    "NDC_CONSTANT",
    "NDC_MINIMUM",
    "GageRRResult",
    "VarianceBreakdown",
    "XbarRLimits",
    "gage_rr",
    "verdict_from_pct",
]

#: AIAG MSA 4th ed. (2010), p. 78: %GRR ≤ 10 acceptable, 10–30 may be acceptable.
ACCEPTABLE_PCT = 10.0
MARGINAL_PCT = 30.0
#: AIAG MSA 4th ed., p. 80 (and Minitab): ndc = 1.41 · σ_part / σ_GRR, i.e. √2 rounded.
NDC_CONSTANT = 1.41
#: AIAG: at least 5 distinct categories for an adequate measurement system.
NDC_MINIMUM = 5

# Control chart factors for subgroup size n = 2..10 (ASTM E2587-16 Table 1;
# Montgomery, Introduction to Statistical Quality Control, App. VI), used for the
# X̄/R-by-operator chart of the replicates.
_A2 = {2: 1.880, 3: 1.023, 4: 0.729, 5: 0.577, 6: 0.483, 7: 0.419, 8: 0.373, 9: 0.337, 10: 0.308}
_D3 = {2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.076, 8: 0.136, 9: 0.184, 10: 0.223}
_D4 = {2: 3.267, 3: 2.574, 4: 2.282, 5: 2.114, 6: 2.004, 7: 1.924, 8: 1.864, 9: 1.816, 10: 1.777}

Verdict = Literal["acceptable", "marginal", "unacceptable"]


@dataclass(frozen=True, kw_only=True)
class VarianceBreakdown:
    """The five Gage R&R sources of one quantity (a variance, a σ, or a percentage).

    Attributes
    ----------
    repeatability : float
        Equipment variation (within operator, part).
    reproducibility : float
        Appraiser variation: operator plus operator × part interaction.
    gage_rr : float
        Repeatability plus reproducibility.
    part_to_part : float
        Part variation.
    total : float
        Gage R&R plus part-to-part.
    """

    repeatability: float
    reproducibility: float
    gage_rr: float
    part_to_part: float
    total: float

    def to_dict(self) -> dict[str, float]:
        """``{repeatability, reproducibility, gage_rr, part_to_part, total}``."""
        return {
            "repeatability": self.repeatability,
            "reproducibility": self.reproducibility,
            "gage_rr": self.gage_rr,
            "part_to_part": self.part_to_part,
            "total": self.total,
        }


@dataclass(frozen=True, kw_only=True)
class XbarRLimits:
    """Limits of the X̄ and R charts of the replicates, subgroups = (operator, part) cells.

    Attributes
    ----------
    xbar_center, xbar_lcl, xbar_ucl : float
        Grand mean ± A2·R̄.
    r_center, r_lcl, r_ucl : float
        R̄, D3·R̄, D4·R̄.
    """

    xbar_center: float
    xbar_lcl: float
    xbar_ucl: float
    r_center: float
    r_lcl: float
    r_ucl: float


@dataclass(frozen=True, kw_only=True)
class GageRRResult:
    """Result of :func:`gage_rr`.

    Attributes
    ----------
    anova_full : AnovaTable
        Part, operator, interaction, repeatability, total (random-effects F tests).
    anova_reduced : AnovaTable or None
        The refitted table without the interaction, when it was removed.
    interaction_removed : bool
        True when the interaction p-value exceeded ``alpha``.
    interaction_p : float
        p-value of the interaction in the full model.
    alpha : float
        The level used to remove the interaction.
    variance_components : VarianceBreakdown
        Variance components (negative estimates set to 0).
    operator_variance, interaction_variance : float
        The two parts of reproducibility (the latter 0 when the interaction is removed).
    std_dev : VarianceBreakdown
        Square roots of the components.
    study_var : VarianceBreakdown
        ``study_var_multiplier · std_dev``.
    pct_contribution : VarianceBreakdown
        100 · component / total variance (sums to 100 over gage_rr + part_to_part).
    pct_study_var : VarianceBreakdown
        100 · σ / σ_total.
    pct_tolerance : VarianceBreakdown or None
        100 · study_var / tolerance, when a tolerance was given.
    tolerance : float or None
        USL − LSL.
    study_var_multiplier : float
        Number of σ in the study variation (6 by default).
    ndc : int or None
        Number of distinct categories; None when σ_GRR is 0 (a perfect gage).
    ndc_constant : float
        The constant of the ndc formula (1.41).
    ndc_flag : bool
        True when ``ndc`` < 5.
    verdict : {"acceptable", "marginal", "unacceptable"}
        From ``verdict_basis``.
    verdict_basis : {"pct_tolerance", "pct_study_var"}
        Which percentage of the gage decided the verdict.
    part_levels, operator_levels : tuple
        Parts and operators in first-seen order.
    replicates : int
        Measurements per part and operator.
    cell_means, cell_ranges : ndarray, shape (parts, operators)
        Mean and range of the replicates of each part and operator (for the charts).
    values : ndarray
        The measurements.
    part_index, operator_index : ndarray of int
        Index into ``part_levels`` / ``operator_levels`` of each measurement.
    xbar_r : XbarRLimits or None
        X̄/R limits of the replicates; None for more than 10 replicates.
    """

    anova_full: AnovaTable
    anova_reduced: AnovaTable | None
    interaction_removed: bool
    interaction_p: float
    alpha: float
    variance_components: VarianceBreakdown
    operator_variance: float
    interaction_variance: float
    std_dev: VarianceBreakdown
    study_var: VarianceBreakdown
    pct_contribution: VarianceBreakdown
    pct_study_var: VarianceBreakdown
    pct_tolerance: VarianceBreakdown | None
    tolerance: float | None
    study_var_multiplier: float
    ndc: int | None
    ndc_constant: float
    ndc_flag: bool
    verdict: Verdict
    verdict_basis: Literal["pct_tolerance", "pct_study_var"]
    part_levels: tuple[Any, ...]
    operator_levels: tuple[Any, ...]
    replicates: int
    cell_means: npt.NDArray[np.float64]
    cell_ranges: npt.NDArray[np.float64]
    values: npt.NDArray[np.float64]
    part_index: npt.NDArray[np.intp]
    operator_index: npt.NDArray[np.intp]
    xbar_r: XbarRLimits | None

    @property
    def anova(self) -> AnovaTable:
        """The table the variance components come from (reduced when the interaction was removed)."""
        return self.anova_reduced if self.anova_reduced is not None else self.anova_full

    def to_dict(self) -> dict[str, Any]:
        """The public JSON object of a Gage R&R study (``qualitas analyze gage-rr``, diagnosis studies)."""

        def anova(table: AnovaTable) -> dict[str, Any]:
            return {**table.to_dict(), "r_squared": table.r_squared}

        return {
            "variance_components": self.variance_components.to_dict(),
            "std_dev": self.std_dev.to_dict(),
            "study_var": self.study_var.to_dict(),
            "pct_contribution": self.pct_contribution.to_dict(),
            "pct_study_var": self.pct_study_var.to_dict(),
            "pct_tolerance": None if self.pct_tolerance is None else self.pct_tolerance.to_dict(),
            "ndc": self.ndc,
            "ndc_flag": self.ndc_flag,
            "verdict": self.verdict,
            "verdict_basis": self.verdict_basis,
            "interaction_removed": self.interaction_removed,
            "interaction_p": self.interaction_p,
            "alpha": self.alpha,
            "tolerance": self.tolerance,
            "study_var_multiplier": self.study_var_multiplier,
            "anova": anova(self.anova_full),
            "anova_reduced": None if self.anova_reduced is None else anova(self.anova_reduced),
            "parts": len(self.part_levels),
            "operators": len(self.operator_levels),
            "replicates": self.replicates,
        }


def verdict_from_pct(pct: float) -> Verdict:
    """AIAG verdict of a %GRR: ≤ 10 acceptable, ≤ 30 marginal, above unacceptable."""
    if pct <= ACCEPTABLE_PCT:
        return "acceptable"
    if pct <= MARGINAL_PCT:
        return "marginal"
    return "unacceptable"


def _breakdown(rep: float, repro: float, part: float) -> VarianceBreakdown:
    grr = rep + repro
    return VarianceBreakdown(
        repeatability=rep, reproducibility=repro, gage_rr=grr, part_to_part=part, total=grr + part
    )


def _map(b: VarianceBreakdown, f: Any) -> VarianceBreakdown:
    return VarianceBreakdown(**{k: float(f(v)) for k, v in b.to_dict().items()})


def _tolerance(tolerance: float | None, lsl: float | None, usl: float | None) -> float | None:
    if tolerance is not None and (lsl is not None or usl is not None):
        raise SpecificationError("give either tolerance or lsl and usl, not both")
    if (lsl is None) != (usl is None):
        raise SpecificationError("give both lsl and usl (or tolerance = usl − lsl)")
    if lsl is not None and usl is not None:
        if not usl > lsl:
            raise SpecificationError(f"usl ({usl}) must be greater than lsl ({lsl})")
        return float(usl - lsl)
    if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
        raise SpecificationError(f"tolerance must be a positive number, got {tolerance}")
    return None if tolerance is None else float(tolerance)


def gage_rr(
    values: Sequence[float] | npt.ArrayLike,
    parts: Sequence[Any] | npt.ArrayLike,
    operators: Sequence[Any] | npt.ArrayLike,
    *,
    alpha: float = 0.05,
    tolerance: float | None = None,
    lsl: float | None = None,
    usl: float | None = None,
    study_var_multiplier: float = 6.0,
    ndc_constant: float = NDC_CONSTANT,
) -> GageRRResult:
    """Crossed Gage R&R by two-way random-effects ANOVA.

    Parameters
    ----------
    values : array_like of float
        One measurement per row.
    parts, operators : array_like
        Part and operator of each row. Every operator must measure every part the
        same number of times (at least twice).
    alpha : float
        The interaction is removed (pooled into repeatability) when its p-value
        exceeds ``alpha`` (0.05 as in SixSigma and Minitab). ``alpha = 1`` always
        keeps it; ``alpha = 0`` removes it unless its p-value is exactly 0.
    tolerance : float, optional
        USL − LSL, for %Tolerance. Alternatively ``lsl`` and ``usl``.
    lsl, usl : float, optional
        Specification limits; the tolerance is their difference.
    study_var_multiplier : float
        σ multiplier of the study variation: 6 (AIAG 4th ed., Minitab) or 5.15.
    ndc_constant : float
        Constant of the ndc formula: 1.41 (AIAG) or ``math.sqrt(2)``.

    Returns
    -------
    GageRRResult

    Raises
    ------
    AnalyticsError
        A part measured by only one operator, a missing (part, operator) cell or an
        unbalanced design (the message names the part); non-finite values.
    InsufficientDataError
        Fewer than 2 parts or operators, one replicate, or no variation at all.
    SpecificationError
        A tolerance that is not positive, or USL ≤ LSL.
    """
    if not 0.0 <= alpha <= 1.0:
        raise AnalyticsError(f"alpha must be between 0 and 1, got {alpha}")
    if not (math.isfinite(study_var_multiplier) and study_var_multiplier > 0):
        raise AnalyticsError(f"study_var_multiplier must be positive, got {study_var_multiplier}")
    if not (math.isfinite(ndc_constant) and ndc_constant > 0):
        raise AnalyticsError(f"ndc_constant must be positive, got {ndc_constant}")
    tol = _tolerance(tolerance, lsl, usl)
    y = _as_values(values, "values")
    lay = balanced_layout(parts, operators, n=y.shape[0], a_name="part", b_name="operator")
    p, o, r = len(lay.a_levels), len(lay.b_levels), lay.replicates
    if p < 2:
        raise InsufficientDataError(f"part: a Gage R&R study needs at least 2 parts, got {p}")
    if o < 2:
        raise InsufficientDataError(
            f"operator: a crossed Gage R&R study needs at least 2 operators, got {o}"
        )
    if r < 2:
        raise InsufficientDataError(
            "each operator measured each part once; repeatability needs at least 2 replicates"
        )
    common: dict[str, Any] = {
        "a_name": "part",
        "b_name": "operator",
        "residual_name": "repeatability",
        "effects": "random",
    }
    full = two_way_anova(y, parts, operators, interaction=True, **common)
    ms: dict[str, float] = {row.source: row.ms for row in full.rows if row.ms is not None}
    inter_p = full.row("interaction").p
    assert inter_p is not None
    removed = bool(inter_p > alpha) if math.isfinite(inter_p) else True
    reduced: AnovaTable | None = None
    if removed:
        reduced = two_way_anova(y, parts, operators, interaction=False, **common)
        ms_e = reduced.row("repeatability").ms
        assert ms_e is not None
        var_int = 0.0
        var_op = max(0.0, (ms["operator"] - ms_e) / (p * r))
        var_part = max(0.0, (ms["part"] - ms_e) / (o * r))
    else:
        ms_e = ms["repeatability"]
        var_int = max(0.0, (ms["interaction"] - ms_e) / r)
        var_op = max(0.0, (ms["operator"] - ms["interaction"]) / (p * r))
        var_part = max(0.0, (ms["part"] - ms["interaction"]) / (o * r))
    vc = _breakdown(float(ms_e), var_op + var_int, var_part)
    if vc.total <= 0.0:
        raise InsufficientDataError("values: all measurements are equal; there is no variation")
    sd = _map(vc, math.sqrt)
    sv = _map(sd, lambda s: study_var_multiplier * s)
    pct_c = _map(vc, lambda v: 100.0 * v / vc.total)
    pct_sv = _map(sd, lambda s: 100.0 * s / sd.total)
    pct_t = None if tol is None else _map(sv, lambda s: 100.0 * s / tol)
    ndc: int | None = None
    if sd.gage_rr > 0.0:
        ndc = max(1, math.floor(ndc_constant * sd.part_to_part / sd.gage_rr))
    basis: Literal["pct_tolerance", "pct_study_var"] = (
        "pct_study_var" if pct_t is None else "pct_tolerance"
    )
    verdict = verdict_from_pct((pct_sv if pct_t is None else pct_t).gage_rr)

    # Cell statistics for the charts: sort by cell, then reshape (balanced, vectorised).
    cell = lay.a_codes * o + lay.b_codes
    blocks = y[np.argsort(cell, kind="stable")].reshape(p, o, r)
    cell_means = blocks.mean(axis=2)
    cell_ranges = blocks.max(axis=2) - blocks.min(axis=2)
    xbar_r = None
    if r in _A2:
        rbar = float(cell_ranges.mean())
        center = float(cell_means.mean())
        xbar_r = XbarRLimits(
            xbar_center=center,
            xbar_lcl=center - _A2[r] * rbar,
            xbar_ucl=center + _A2[r] * rbar,
            r_center=rbar,
            r_lcl=_D3[r] * rbar,
            r_ucl=_D4[r] * rbar,
        )
    return GageRRResult(
        anova_full=full,
        anova_reduced=reduced,
        interaction_removed=removed,
        interaction_p=float(inter_p),
        alpha=alpha,
        variance_components=vc,
        operator_variance=var_op,
        interaction_variance=var_int,
        std_dev=sd,
        study_var=sv,
        pct_contribution=pct_c,
        pct_study_var=pct_sv,
        pct_tolerance=pct_t,
        tolerance=tol,
        study_var_multiplier=study_var_multiplier,
        ndc=ndc,
        ndc_constant=ndc_constant,
        ndc_flag=ndc is not None and ndc < NDC_MINIMUM,
        verdict=verdict,
        verdict_basis=basis,
        part_levels=lay.a_levels,
        operator_levels=lay.b_levels,
        replicates=r,
        cell_means=cell_means,
        cell_ranges=cell_ranges,
        values=y,
        part_index=lay.a_codes,
        operator_index=lay.b_codes,
        xbar_r=xbar_r,
    )
