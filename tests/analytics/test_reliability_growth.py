"""Reliability growth (Crow-AMSAA, Duane) against ``reliability`` 0.9.0, and conventions."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    SpecificationError,
)
from qualitas.analytics.reliability import crow_amsaa_fit, duane_fit

# Both models are closed-form (Crow-AMSAA) or one least-squares line (Duane) in both
# packages: agreement to rounding, 1e-10 relative. expected.json's rounded copies
# (5-6 significant figures) are checked at half a unit of their last printed digit.
RTOL = 1e-10


def _column(path: Path, name: str, *, where: tuple[str, str] | None = None) -> list[float]:
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    if where is not None:
        rows = [r for r in rows if r[where[0]] == where[1]]
    return [float(r[name]) for r in rows]


def _cases(reference_dir: Path) -> list[tuple[str, list[float], float, dict]]:
    rel = reference_dir / "reliability"
    out = json.loads((rel / "reliability_0.9.0_reference_outputs.json").read_text(encoding="utf-8"))
    return [
        (
            "growth_test",
            _column(rel / "reliability_growth_test_times.csv", "cumulative_failure_time"),
            out["test_reliability_growth"]["target_MTBF"],
            out["test_reliability_growth"]["results"],
        ),
        (
            "system_growth",
            _column(rel / "system_growth_crow_amsaa.csv", "cumulative_failure_time"),
            out["docs_system_growth"]["target_MTBF"],
            out["docs_system_growth"]["results"],
        ),
        (
            "automotive",
            _column(rel / "automotive_krivtsov_case_1999.csv", "time", where=("status", "F")),
            14000.0,  # expected.json reliability_growth_automotive.target_MTBF
            out["docs_automotive_growth"],
        ),
    ]


@pytest.mark.reference
def test_crow_amsaa_and_duane_match_reliability(reference_dir: Path) -> None:
    for _name, times, target, ref in _cases(reference_dir):
        ca = crow_amsaa_fit(times, target_mtbf=target)
        r = ref["Crow-AMSAA"]
        assert ca.beta == pytest.approx(r["Beta"], rel=RTOL)
        assert ca.lambda_ == pytest.approx(r["Lambda"], rel=RTOL)
        assert ca.growth_rate == pytest.approx(r["growth_rate"], rel=RTOL)
        assert ca.mtbf_instantaneous == pytest.approx(r["DMTBF_I"], rel=RTOL)
        assert ca.mtbf_cumulative == pytest.approx(r["DMTBF_C"], rel=RTOL)
        assert ca.time_to_target == pytest.approx(r["time_to_target"], rel=RTOL)
        du = duane_fit(times, target_mtbf=target)
        r = ref["Duane"]
        assert du.alpha == pytest.approx(r["Alpha"], rel=RTOL)
        assert du.a == pytest.approx(r["A"], rel=RTOL)
        assert du.mtbf_instantaneous == pytest.approx(r["DMTBF_I"], rel=RTOL)
        assert du.mtbf_cumulative == pytest.approx(r["DMTBF_C"], rel=RTOL)
        assert du.time_to_target == pytest.approx(r["time_to_target"], rel=RTOL)


@pytest.mark.reference
def test_expected_json_growth_values(reference_dir: Path, expected: dict) -> None:
    rel = reference_dir / "reliability"
    sys_times = _column(rel / "system_growth_crow_amsaa.csv", "cumulative_failure_time")
    ref = expected["reliability_growth_system_growth"]
    ca = crow_amsaa_fit(sys_times, target_mtbf=ref["target_MTBF"])
    assert ca.beta == pytest.approx(ref["Crow-AMSAA"]["Beta"], abs=5e-6)
    assert ca.lambda_ == pytest.approx(ref["Crow-AMSAA"]["Lambda"], abs=5e-6)
    assert ca.mtbf_cumulative == pytest.approx(ref["Crow-AMSAA"]["DMTBF_C"], abs=5e-6)
    assert ca.mtbf_instantaneous == pytest.approx(ref["Crow-AMSAA"]["DMTBF_I"], abs=5e-4)
    du = duane_fit(sys_times, target_mtbf=ref["target_MTBF"])
    assert du.alpha == pytest.approx(ref["Duane"]["Alpha"], abs=5e-6)
    assert du.a == pytest.approx(ref["Duane"]["A"], abs=5e-6)
    auto = _column(rel / "automotive_krivtsov_case_1999.csv", "time", where=("status", "F"))
    ref = expected["reliability_growth_automotive"]
    ca = crow_amsaa_fit(auto, target_mtbf=ref["target_MTBF"])
    assert ca.beta == pytest.approx(ref["Crow-AMSAA"]["Beta"], abs=5e-6)
    assert ca.mtbf_cumulative == pytest.approx(ref["Crow-AMSAA"]["DMTBF_C"])


def test_time_terminated_and_unbiased() -> None:
    t = np.array([4.0, 20, 37, 81, 140, 215, 300])
    n = t.size
    ft = crow_amsaa_fit(t)
    assert ft.terminated == "failure" and ft.end_time == 300.0
    assert ft.beta == pytest.approx(n / np.log(300.0 / t).sum())
    fu = crow_amsaa_fit(t, unbiased=True)
    assert fu.beta == pytest.approx(ft.beta * (n - 2) / n)
    assert fu.beta_mle == pytest.approx(ft.beta)
    assert fu.lambda_ == pytest.approx(n / 300.0**fu.beta)
    tt = crow_amsaa_fit(t, end_time=400.0)
    assert tt.terminated == "time"
    assert tt.beta == pytest.approx(n / np.log(400.0 / t).sum())
    assert tt.mtbf_cumulative == pytest.approx(400.0 / n)
    assert tt.mtbf_instantaneous == pytest.approx(
        1 / (tt.lambda_ * tt.beta * 400.0 ** (tt.beta - 1))
    )
    tu = crow_amsaa_fit(t, end_time=400.0, terminated="time", unbiased=True)
    assert tu.beta == pytest.approx(tt.beta * (n - 1) / n)
    # the last failure as end time of a failure-terminated test is accepted
    assert crow_amsaa_fit(t, end_time=300.0, terminated="failure").beta == ft.beta
    # a time-terminated test stopped right at the last failure
    assert crow_amsaa_fit(t, terminated="time").end_time == 300.0
    # fitted curves pass through the demonstrated values at T
    assert float(tt.expected_failures(400.0)) == pytest.approx(n)
    assert float(tt.mtbf_cumulative_at(400.0)) == pytest.approx(tt.mtbf_cumulative)
    assert float(tt.mtbf_instantaneous_at(400.0)) == pytest.approx(tt.mtbf_instantaneous)
    du = duane_fit(t, end_time=400.0)
    assert du.end_time == 400.0
    assert du.mtbf_cumulative == pytest.approx(float(du.mtbf_cumulative_at(400.0)))
    assert 0.0 < du.r_squared <= 1.0
    assert du.time_to_target is None and ft.time_to_target is None
    # the JSON object: Crow-AMSAA at the top, the Duane fit nested only when given
    alone, both = tt.to_dict(), tt.to_dict(duane=du)
    assert "duane" not in alone and alone["beta"] == tt.beta
    assert both["duane"] == du.to_dict() and both["n_failures"] == n


def test_degenerate_targets() -> None:
    # Crow-AMSAA with β exactly 1 never changes its MTBF: the target is never reached
    # β = n / Σ ln(T/tᵢ) = 2 / (2 + 0) = 1
    ca = crow_amsaa_fit(
        [1.0, math.exp(2.0)], end_time=math.exp(2.0), terminated="time", target_mtbf=5
    )
    assert ca.beta == pytest.approx(1.0)
    # a Duane line with α ≤ 0 (no growth) never reaches a target
    du = duane_fit([10.0, 11.0, 12.0], target_mtbf=100.0)
    assert du.alpha <= 0 and du.time_to_target == math.inf
    assert ca.time_to_target == math.inf


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), factor=st.floats(1e-3, 1e3))
def test_time_scale_equivariance(seed: int, factor: float) -> None:
    """Rescaling time leaves β and α unchanged and rescales MTBFs."""
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.exponential(1.0, 12) * np.arange(1, 13)) + 0.01
    a, b = crow_amsaa_fit(t), crow_amsaa_fit(t * factor)
    assert b.beta == pytest.approx(a.beta, rel=1e-9)
    assert b.mtbf_instantaneous == pytest.approx(a.mtbf_instantaneous * factor, rel=1e-9)
    da, db = duane_fit(t), duane_fit(t * factor)
    assert db.alpha == pytest.approx(da.alpha, rel=1e-8, abs=1e-12)
    assert db.mtbf_cumulative == pytest.approx(da.mtbf_cumulative * factor, rel=1e-8)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: crow_amsaa_fit([1.0, -2.0]), AnalyticsError, "row 2 is -2"),
        (lambda: crow_amsaa_fit(["x"]), AnalyticsError, "must be numbers"),
        (lambda: crow_amsaa_fit([[1.0, 2.0]]), AnalyticsError, "one-dimensional"),
        (lambda: crow_amsaa_fit([5.0]), InsufficientDataError, "1 failure time; at least 2"),
        (lambda: crow_amsaa_fit([5.0, 5.0]), InsufficientDataError, "end of the test"),
        (lambda: crow_amsaa_fit([1.0, 5.0], unbiased=True), InsufficientDataError, "at least 3"),
        (lambda: crow_amsaa_fit([1.0, 5.0], end_time=3.0), SpecificationError, "at or after"),
        (
            lambda: crow_amsaa_fit([1.0, 5.0], end_time=6.0, terminated="failure"),
            SpecificationError,
            "failure-terminated",
        ),
        (lambda: crow_amsaa_fit([1.0, 5.0], terminated="both"), SpecificationError, "terminated"),
        (lambda: crow_amsaa_fit([1.0, 5.0], target_mtbf=0), SpecificationError, "target_mtbf"),
        (lambda: duane_fit([3.0, 3.0, 3.0]), InsufficientDataError, "distinct"),
    ],
)
def test_bad_input(call, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()
