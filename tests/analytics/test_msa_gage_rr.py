"""Crossed Gage R&R: SixSigma's ss.data.rr, properties, conventions and errors."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError, SpecificationError
from qualitas.analytics.msa import gage_rr, verdict_from_pct


@pytest.fixture()
def rr(reference_dir: Path) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "msa" / "ss.data.rr.csv")


@pytest.mark.reference
def test_sixsigma_ss_rr(rr: pd.DataFrame, expected: dict) -> None:
    ref = expected["sixsigma_ss_rr"]
    res = gage_rr(
        rr.time1, rr.prototype, rr.operator, lsl=0.7, usl=1.8, alpha=ref["alpha_remove_interaction"]
    )
    # The ANOVA tables are published to 4 decimals (SS, MS), 3 (F) and 3 significant (p):
    # compare to half a unit in the last published place.
    names = {"prototype": "part", "operator": "operator", "interaction": "interaction",
             "repeatability": "repeatability", "total": "total"}  # fmt: skip
    for src, line in ref["anova_full"].items():
        row = res.anova_full.row(names[src])
        assert row.df == line["df"]
        assert row.ss == pytest.approx(line["SS"], abs=5e-5)
        if "MS" in line:
            assert row.ms == pytest.approx(line["MS"], abs=5e-5)
        if "F" in line:
            assert row.f == pytest.approx(line["F"], abs=5e-4)
            assert row.p == pytest.approx(line["p"], rel=5e-3)
    assert res.interaction_removed and res.interaction_p > 0.05
    assert res.anova_reduced is not None and res.anova is res.anova_reduced
    for src, line in ref["anova_reduced"].items():
        row = res.anova_reduced.row(names[src])
        for key, attr in (("df", "df"), ("SS", "ss"), ("MS", "ms")):
            if key in line:
                assert getattr(row, attr) == pytest.approx(line[key], abs=5e-5)
        if "F" in line:
            assert row.f == pytest.approx(line["F"], abs=5e-4)
            assert row.p == pytest.approx(line["p"], rel=5e-3)
    # Variance components are published to 10 decimals (SixSigma's test file): half a unit.
    vc, pub = res.variance_components, ref["varcomp"]
    assert vc.gage_rr == pytest.approx(pub["GRR"], abs=5e-11)
    assert vc.repeatability == pytest.approx(pub["repeatability"], abs=5e-11)
    assert vc.reproducibility == pytest.approx(pub["reproducibility"], abs=5e-11)
    assert vc.part_to_part == pytest.approx(pub["part"], abs=5e-11)
    assert vc.total == pytest.approx(pub["total"], abs=5e-11)
    # Percentages are published to 2 decimals: half a unit in the last place.
    keys = {
        "GRR": "gage_rr",
        "repeat": "repeatability",
        "reprod": "reproducibility",
        "part": "part_to_part",
    }
    for k, v in ref["pct_contrib"].items():
        assert getattr(res.pct_contribution, keys[k]) == pytest.approx(v, abs=5e-3)
    for k, v in ref["pct_StudyVar"].items():
        assert getattr(res.pct_study_var, keys[k]) == pytest.approx(v, abs=5e-3)
    for k, v in ref["StudyVar_6sd"].items():  # 7 decimals published
        assert getattr(res.study_var, keys.get(k, k)) == pytest.approx(v, abs=5e-8)
    assert res.pct_tolerance is not None
    for k, v in ref["pct_Tolerance_lsl0.7_usl1.8"].items():
        assert getattr(res.pct_tolerance, keys[k]) == pytest.approx(v, abs=5e-3)
    narrow = gage_rr(rr.time1, rr.prototype, rr.operator, lsl=0.7, usl=0.8)
    assert narrow.pct_tolerance.gage_rr == pytest.approx(
        ref["pct_Tolerance_lsl0.7_usl0.8(test file)"]["GRR"], abs=5e-3
    )
    assert res.ndc == ref["ndc"]
    assert res.ndc_flag
    assert res.verdict == "unacceptable" and res.verdict_basis == "pct_tolerance"


@pytest.mark.reference
def test_sixsigma_without_tolerance_and_kept_interaction(rr: pd.DataFrame) -> None:
    res = gage_rr(rr.time1, rr.prototype, rr.operator)
    assert res.pct_tolerance is None and res.tolerance is None
    assert res.verdict_basis == "pct_study_var" and res.verdict == "unacceptable"
    # alpha = 1 keeps the interaction (p = 0.446 < 1): components from the full model.
    kept = gage_rr(rr.time1, rr.prototype, rr.operator, alpha=1.0, tolerance=1.1)
    assert not kept.interaction_removed and kept.anova_reduced is None
    assert kept.anova is kept.anova_full
    ms = {r.source: r.ms for r in kept.anova_full.rows}
    assert kept.variance_components.repeatability == pytest.approx(ms["repeatability"])
    # MS_interaction < MS_error: the interaction component is negative and set to 0.
    assert kept.interaction_variance == 0.0
    assert kept.operator_variance == pytest.approx((ms["operator"] - ms["interaction"]) / 9)
    assert kept.pct_tolerance.gage_rr == pytest.approx(
        100 * 6 * math.sqrt(kept.variance_components.gage_rr) / 1.1
    )


@pytest.mark.reference
def test_options_multiplier_and_ndc_constant(rr: pd.DataFrame) -> None:
    res = gage_rr(
        rr.time1, rr.prototype, rr.operator, study_var_multiplier=5.15, ndc_constant=math.sqrt(2)
    )
    assert res.study_var.gage_rr == pytest.approx(5.15 * res.std_dev.gage_rr)
    assert res.pct_study_var.gage_rr == pytest.approx(
        50.377788, abs=1e-5
    )  # ratio: multiplier cancels
    assert res.ndc == math.floor(math.sqrt(2) * res.std_dev.part_to_part / res.std_dev.gage_rr)
    assert res.xbar_r is not None
    assert res.xbar_r.r_ucl == pytest.approx(2.574 * res.xbar_r.r_center)
    assert res.cell_means.shape == (3, 3) and res.replicates == 3


def _design(parts: int, ops: int, reps: int) -> tuple[list[str], list[str]]:
    p = [f"p{i}" for i in range(parts) for _ in range(ops) for _ in range(reps)]
    o = [f"o{j}" for _ in range(parts) for j in range(ops) for _ in range(reps)]
    return p, o


def test_significant_interaction_is_kept_and_perfect_gage() -> None:
    p, o = _design(3, 2, 2)
    # operator o1 reads part p0 high and p2 low: a strong interaction.
    base = {"p0": 1.0, "p1": 2.0, "p2": 3.0}
    bump = {("p0", "o1"): 1.0, ("p2", "o1"): -1.0}
    noise = [0.01, -0.01] * 6
    y = [base[a] + bump.get((a, b), 0.0) + e for a, b, e in zip(p, o, noise, strict=True)]
    res = gage_rr(y, p, o)
    assert not res.interaction_removed
    assert res.interaction_variance > 0
    assert res.variance_components.reproducibility == pytest.approx(
        res.operator_variance + res.interaction_variance
    )
    # A gage with no error at all: σ_GRR = 0, ndc undefined (None), verdict acceptable.
    exact = [base[a] for a in p]
    perfect = gage_rr(exact, p, o, tolerance=10)
    assert perfect.ndc is None and not perfect.ndc_flag
    assert perfect.verdict == "acceptable"
    assert perfect.pct_contribution.part_to_part == pytest.approx(100.0)


def test_no_limits_for_many_replicates() -> None:
    p, o = _design(2, 2, 11)
    y = np.random.default_rng(1).normal(size=len(p))
    assert gage_rr(y, p, o).xbar_r is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-100, 100, allow_nan=False), min_size=24, max_size=24),
    st.floats(-1e4, 1e4),
    st.floats(0.1, 10),
)
def test_properties(ys: list[float], shift: float, scale: float) -> None:
    p, o = _design(4, 3, 2)
    try:
        res = gage_rr(ys, p, o)
    except InsufficientDataError:
        return  # all values equal
    vc = res.variance_components
    assert min(vc.to_dict().values()) >= 0.0
    assert res.operator_variance >= 0 and res.interaction_variance >= 0
    assert res.pct_contribution.gage_rr + res.pct_contribution.part_to_part == pytest.approx(100.0)
    assert (
        res.pct_contribution.repeatability + res.pct_contribution.reproducibility
        == pytest.approx(res.pct_contribution.gage_rr)
    )
    assert res.pct_study_var.total == pytest.approx(100.0)
    assert res.ndc is None or res.ndc >= 1
    moved = gage_rr(np.array(ys) * scale + shift, p, o)
    assert moved.interaction_removed == res.interaction_removed or math.isclose(
        res.interaction_p, res.alpha, rel_tol=1e-6
    )
    if moved.interaction_removed == res.interaction_removed:
        assert moved.pct_contribution.gage_rr == pytest.approx(
            res.pct_contribution.gage_rr, abs=1e-6
        )


@pytest.mark.parametrize(
    ("pct", "verdict"),
    [(10.0, "acceptable"), (10.01, "marginal"), (30.0, "marginal"), (30.1, "unacceptable")],
)
def test_verdict_thresholds(pct: float, verdict: str) -> None:
    assert verdict_from_pct(pct) == verdict


def test_errors() -> None:
    p, o = _design(3, 2, 2)
    y = list(range(12))
    with pytest.raises(
        AnalyticsError, match="part 'p1' is measured by only one operator \\('o0'\\)"
    ):
        gage_rr(y, p, o[:4] + ["o0"] * 4 + o[8:])
    with pytest.raises(AnalyticsError, match="unbalanced design: part 'p0'"):
        gage_rr(y[:-1] + [1], p, o[:1] + o[:-1])
    with pytest.raises(InsufficientDataError, match="at least 2 parts"):
        gage_rr([1, 2, 3, 4], ["p"] * 4, ["a", "a", "b", "b"])
    with pytest.raises(InsufficientDataError, match="at least 2 operators"):
        gage_rr([1, 2, 3, 4], ["p", "p", "q", "q"], ["a"] * 4)
    with pytest.raises(InsufficientDataError, match="at least 2 replicates"):
        gage_rr([1, 2, 3, 4], ["p", "p", "q", "q"], ["a", "b", "a", "b"])
    with pytest.raises(InsufficientDataError, match="no variation"):
        gage_rr([1.0] * 12, p, o)
    with pytest.raises(AnalyticsError, match="row 2 is not a finite"):
        gage_rr([1, math.inf] + y[2:], p, o)
    with pytest.raises(AnalyticsError, match="alpha"):
        gage_rr(y, p, o, alpha=1.5)
    with pytest.raises(AnalyticsError, match="study_var_multiplier"):
        gage_rr(y, p, o, study_var_multiplier=0)
    with pytest.raises(AnalyticsError, match="ndc_constant"):
        gage_rr(y, p, o, ndc_constant=-1)
    with pytest.raises(SpecificationError, match="either tolerance or lsl"):
        gage_rr(y, p, o, tolerance=1, lsl=0)
    with pytest.raises(SpecificationError, match="both lsl and usl"):
        gage_rr(y, p, o, usl=1)
    with pytest.raises(SpecificationError, match="greater than lsl"):
        gage_rr(y, p, o, lsl=2, usl=1)
    with pytest.raises(SpecificationError, match="positive"):
        gage_rr(y, p, o, tolerance=-1)
