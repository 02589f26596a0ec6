"""Control charts against published values (qcc 3.0, NIST e-Handbook, SixSigma) and invariants.

Tolerances: qcc prints 7 significant digits, so a value that agrees must do so to a
relative 5e-7 when computed with the same constants. We use exact d2/d3 while qcc used
d2 = 2.326 (n = 5), 1.128 (n = 2) and d3(5) = 0.8640855; those rounding differences are
at most 3.4e-4 relatively (1.128 vs 1.1283792), so each test states which applies.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.spc import (
    c_chart,
    cusum_chart,
    ewma_chart,
    imr_chart,
    np_chart,
    p_chart,
    u_chart,
    xbar_r_chart,
    xbar_s_chart,
)
from qualitas.analytics.spc.constants import d2

PRINTED = 5e-7  # relative: qcc prints 7 significant digits
D2_ROUNDING = 5e-5  # relative: 2.326 vs 2.3259289 (3.1e-5) and qcc's d3(5) 0.8640855 vs 0.8640819


def pistonrings(reference_dir: Path) -> np.ndarray:
    return (
        pd.read_csv(reference_dir / "spc" / "pistonrings.csv")["diameter"].to_numpy().reshape(40, 5)
    )


@pytest.mark.reference
def test_pistonrings_xbar_r_s(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_pistonrings_xbar_R_S"]
    x = pistonrings(reference_dir)
    # Phase I on samples 1-25; 26-40 are new data charted against those limits.
    xb, r = xbar_r_chart(x, exclude=range(25, 40))
    assert xb.center == pytest.approx(ref["xbar"]["center"], rel=PRINTED)
    assert xb.sigma == pytest.approx(ref["xbar"]["std_dev"], rel=D2_ROUNDING)
    assert xb.lcl == pytest.approx(ref["xbar"]["LCL"], rel=PRINTED)  # σ/√5·3 hides the d2 digit
    assert xb.ucl == pytest.approx(ref["xbar"]["UCL"], rel=PRINTED)
    assert r.center == pytest.approx(ref["R"]["center"], rel=PRINTED)
    assert r.lcl == ref["R"]["LCL"] == 0
    assert r.ucl == pytest.approx(ref["R"]["UCL"], rel=D2_ROUNDING)
    # With qcc's own σ (R̄/2.326) the X̄ limits agree to the printed digits.
    xq, _ = xbar_r_chart(x[:25], sigma=r.center / 2.326)
    assert xq.sigma == pytest.approx(ref["xbar"]["std_dev"], rel=PRINTED)
    # The new data (26-40) go out of control: qcc's vignette shows 37-39 beyond the UCL.
    v1 = {v.rule: v.indices for v in xb.violations}["nelson-1"]
    assert [i + 1 for i in v1] == [37, 38, 39]
    assert xb.phase == "I" and xb.excluded == tuple(range(25, 40))

    xs, s = xbar_s_chart(x[:25])
    assert xs.sigma == pytest.approx(ref["S"]["std_dev"], rel=PRINTED)  # S̄/c4: c4 exact in both
    assert s.center == pytest.approx(ref["S"]["center"], rel=PRINTED)
    assert s.lcl == ref["S"]["LCL"]
    assert s.ucl == pytest.approx(ref["S"]["UCL"], rel=PRINTED)


@pytest.mark.reference
def test_pistonrings_ewma(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_pistonrings_ewma"]
    x = pistonrings(reference_dir)
    e = ewma_chart(x[:25], lam=0.2, nsigmas=3)
    for i, (lo, hi) in ref["limits"].items():
        # Limits are centre ± 3·σ/√5·c with c ≤ 0.33: the d2 rounding moves them < 1e-7 relatively.
        assert e.lcl[int(i) - 1] == pytest.approx(lo, rel=PRINTED)
        assert e.ucl[int(i) - 1] == pytest.approx(hi, rel=PRINTED)
    e2 = ewma_chart(x, lam=0.2, nsigmas=2.7, exclude=range(25, 40))
    for i, (lo, hi) in ref["lambda0.2_nsigmas2.7_limits"].items():
        assert e2.lcl[int(i) - 1] == pytest.approx(lo, rel=PRINTED)
        assert e2.ucl[int(i) - 1] == pytest.approx(hi, rel=PRINTED)
    assert e.points[0] == pytest.approx(0.2 * x[0].mean() + 0.8 * e.center)


@pytest.mark.reference
def test_orangejuice_p_np(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_orangejuice_p_np"]
    df = pd.read_csv(reference_dir / "spc" / "orangejuice.csv")
    trial = df[df["trial"]]
    p = p_chart(trial["D"], trial["size"])
    # p charts involve no d2: agreement to qcc's printed digits.
    assert p.center == pytest.approx(ref["p_trial"]["center"], rel=PRINTED)
    assert p.se[0] == pytest.approx(ref["p_trial"]["std_dev"], rel=PRINTED)
    assert p.lcl == pytest.approx(ref["p_trial"]["LCL"], rel=PRINTED)
    assert p.ucl == pytest.approx(ref["p_trial"]["UCL"], rel=PRINTED)
    n = np_chart(trial["D"], trial["size"])
    assert n.center == pytest.approx(ref["np_trial"]["center"], rel=PRINTED)
    assert n.lcl == pytest.approx(ref["np_trial"]["LCL"], rel=PRINTED)
    assert n.ucl == pytest.approx(ref["np_trial"]["UCL"], rel=PRINTED)
    q = p_chart(trial["D"], 50, exclude=[14, 22])  # samples 15 and 23 (assignable causes)
    ex = ref["p_excluding_samples_15_23"]
    assert q.center == pytest.approx(ex["center"], rel=PRINTED)
    assert q.lcl == pytest.approx(ex["LCL"], rel=PRINTED)
    assert q.ucl == pytest.approx(ex["UCL"], rel=PRINTED)
    # Flagging instead of naming: 15 and 23 are the rule-1 points of the trial chart.
    assert [i + 1 for i in {v.rule: v.indices for v in p.violations}["nelson-1"]] == [15, 23]
    auto = p_chart(trial["D"], 50, rules="nelson-1", exclude_flagged=True)
    assert auto.excluded == (14, 22) and auto.center == pytest.approx(ex["center"], rel=PRINTED)


@pytest.mark.reference
def test_orangejuice2_p(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_orangejuice2_p"]
    df = pd.read_csv(reference_dir / "spc" / "orangejuice2.csv")
    trial = df[df["trial"]]
    p = p_chart(trial["D"], trial["size"])
    assert p.center == pytest.approx(ref["center"], rel=PRINTED)
    assert p.lcl == ref["LCL"]  # floored at zero
    assert p.ucl == pytest.approx(ref["UCL"], rel=PRINTED)


@pytest.mark.reference
def test_nist_p_chart(reference_dir: Path, expected: dict) -> None:
    # pmc332: fractions of 50 chips; the handbook prints p̄ = .2313, UCL .4102, LCL .0524.
    lines = (reference_dir / "nist" / "MONITOR-6_3_3_2.DAT").read_text().splitlines()
    fractions = [float(line.split()[1]) for line in lines[25:] if line.strip()]
    p = p_chart(np.round(np.array(fractions) * 50), 50)
    assert p.center == pytest.approx(0.2313, abs=5e-5)
    assert p.ucl == pytest.approx(0.4102, abs=5e-5)
    assert p.lcl == pytest.approx(0.0524, abs=5e-5)
    assert p.center == pytest.approx(
        expected["qcc_orangejuice_p_np"]["p_trial"]["center"], rel=PRINTED
    )


@pytest.mark.reference
def test_circuit_c_and_u(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_circuit_c_u"]
    df = pd.read_csv(reference_dir / "spc" / "circuit.csv")
    trial = df[df["trial"]]
    c = c_chart(trial["x"])
    for key, attr in (("center", "center"), ("LCL", "lcl"), ("UCL", "ucl")):
        assert getattr(c, attr) == pytest.approx(ref["c_trial"][key], rel=PRINTED)
    c2 = c_chart(trial["x"], exclude=[5, 19])
    u2 = u_chart(trial["x"], trial["size"], exclude=[5, 19])
    for key, attr in (("center", "center"), ("LCL", "lcl"), ("UCL", "ucl")):
        assert getattr(c2, attr) == pytest.approx(ref["c_excl_6_20"][key], rel=PRINTED)
        assert getattr(u2, attr) == pytest.approx(ref["u_excl_6_20"][key], rel=PRINTED)


@pytest.mark.reference
def test_pcmanufact_u(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_pcmanufact_u"]
    df = pd.read_csv(reference_dir / "spc" / "pcmanufact.csv")
    u = u_chart(df["x"], df["size"])
    assert u.center == pytest.approx(ref["center"], rel=PRINTED)
    assert u.lcl == pytest.approx(ref["LCL"], rel=PRINTED)
    assert u.ucl == pytest.approx(ref["UCL"], rel=PRINTED)


@pytest.mark.reference
def test_nist_c_chart(reference_dir: Path, expected: dict) -> None:
    ref = expected["nist_handbook_pmc331_c_chart"]
    lines = (reference_dir / "nist" / "MONITOR-6_3_3_1.DAT").read_text().splitlines()
    counts = [float(line.split()[1]) for line in lines[25:] if line.strip()]
    c = c_chart(counts)
    assert c.center == ref["cbar"] and c.ucl == ref["UCL"] and c.lcl == ref["LCL"]  # exact: √16 = 4


@pytest.mark.reference
def test_viscosity_individuals(reference_dir: Path, expected: dict) -> None:
    ref = expected["qcc_viscosity_individuals"]
    df = pd.read_csv(reference_dir / "spc" / "viscosity.csv")
    x = df.loc[df["trial"], "viscosity"].to_numpy()
    i, mr = imr_chart(x)
    # qcc divides MR̄ by 1.128; we use d2(2) = 2/√π = 1.1283792 (3.4e-4 relatively larger).
    assert i.center == pytest.approx(ref["MR"]["center"], rel=PRINTED)
    assert i.sigma == pytest.approx(ref["MR"]["std_dev"] * 1.128 / d2(2), rel=PRINTED)
    assert i.sigma == pytest.approx(ref["MR"]["std_dev"], rel=4e-4)
    assert i.lcl == pytest.approx(ref["MR"]["LCL"], rel=2e-5)
    assert i.ucl == pytest.approx(ref["MR"]["UCL"], rel=2e-5)
    # The same chart with qcc's σ reproduces its limits to the printed digits.
    iq, _ = imr_chart(x, sigma=mr.center / 1.128)
    assert (iq.lcl, iq.ucl) == pytest.approx((ref["MR"]["LCL"], ref["MR"]["UCL"]), rel=PRINTED)
    sd, _ = imr_chart(x, sigma_method="sd")  # qcc "SD": s/c4(N), c4 exact in both
    assert sd.sigma == pytest.approx(ref["SD"]["std_dev"], rel=PRINTED)
    assert (sd.lcl, sd.ucl) == pytest.approx((ref["SD"]["LCL"], ref["SD"]["UCL"]), rel=PRINTED)
    w = ref["without_batch4"]
    i4, _ = imr_chart(x, exclude=[3])  # MRs between kept neighbours, as qcc on x[-4]
    assert i4.center == pytest.approx(w["center"], rel=PRINTED)
    assert i4.sigma == pytest.approx(w["std_dev"] * 1.128 / d2(2), rel=PRINTED)
    assert (i4.lcl, i4.ucl) == pytest.approx((w["LCL"], w["UCL"]), rel=2e-5)


@pytest.mark.reference
def test_sixsigma_pb1_mr_chart(reference_dir: Path, expected: dict) -> None:
    ref = expected["sixsigma_mr_chart_pb1"]
    x = pd.read_csv(reference_dir / "capability" / "ss.data.pb1.csv")["pb.humidity"]
    _, mr = imr_chart(x)
    assert mr.center == pytest.approx(ref["MR_CL"], rel=PRINTED)
    # SixSigma: D4 = 1 + 3·0.8525/1.128379; exact d3(2) = 0.8525025 moves UCL by 2e-6 relatively.
    assert mr.ucl == pytest.approx(ref["MR_UCL"], rel=1e-5)
    assert mr.lcl == ref["LCL"]
    assert np.isnan(mr.points[0])


def test_cusum_tabular() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0, -1.0, -4.0, -4.0])
    c = cusum_chart(x, target=0.0, sigma=1.0, h=4.0, k=0.5)
    assert c.points.tolist() == [0.0, 0.5, 2.0, 4.5, 3.0, 0.0, 0.0]
    assert c.lower is not None and c.lower.tolist() == [0.0, 0.0, 0.0, 0.0, -0.5, -4.0, -7.5]
    assert c.violations[0].indices == (3, 6) and c.lcl == -4.0 and c.ucl == 4.0
    assert c.phase == "II" and c.as_dict()["lower"][-1] == -7.5
    grouped = cusum_chart(np.array([[1.0, 3.0], [2.0, 4.0], [0.0, 2.0]]), rules="none")
    assert grouped.violations == () and grouped.center == 0.0
    individuals = ewma_chart(np.arange(10.0), rules="none")
    assert individuals.sigma == pytest.approx(1 / d2(2)) and individuals.center == 4.5


def test_stages_have_their_own_limits() -> None:
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(0, 1, 20), rng.normal(10, 2, 20)])
    i, mr = imr_chart(x, stages=["a"] * 20 + ["b"] * 20)
    assert isinstance(i.center, np.ndarray) and i.center[0] != i.center[-1]
    a, _ = imr_chart(x[:20])
    assert i.center[0] == a.center and i.ucl[0] == a.ucl
    assert np.isnan(mr.points[20])  # no moving range across the stage boundary
    with pytest.raises(AnalyticsError, match="stages has 3 entries"):
        imr_chart(x, stages=["a", "b", "c"])


def test_varying_sizes_give_per_point_limits() -> None:
    p = p_chart([5, 10, 2, 8], [50, 100, 40, 80])
    assert isinstance(p.ucl, np.ndarray) and p.ucl.shape == (4,) and p.center == 25 / 270
    d = p.as_dict()
    assert isinstance(d["ucl"], list) and isinstance(d["center"], float)
    x = np.array([[1.0, 2.0, np.nan], [2.0, 3.0, 4.0], [1.0, 1.5, 3.0]])
    xb, r = xbar_r_chart(x, rules="none")
    assert isinstance(xb.ucl, np.ndarray) and r.sizes.tolist() == [2, 3, 3]


def test_phase_two_given_values_and_limits() -> None:
    x = np.arange(20.0).reshape(10, 2)
    xb, r = xbar_r_chart(x, center=10.0, sigma=1.0)
    assert xb.phase == "II" and xb.center == 10.0 and xb.ucl == pytest.approx(10 + 3 / np.sqrt(2))
    xl, rl = xbar_r_chart(x, limits=(8.0, 12.0))
    assert xl.center == 10.0 and xl.lcl == 8.0 and rl.sigma == pytest.approx(2 / 3 * np.sqrt(2))
    i, _ = imr_chart(np.arange(10.0), limits=(0.0, 6.0))
    assert i.center == 3.0 and i.sigma == 1.0
    p = p_chart([1, 2, 3], 10, center=0.1)
    assert p.phase == "II" and p.center == 0.1
    c = c_chart([1, 2, 3], limits=(0.0, 5.0))
    assert c.center == 2.0 and c.ucl == 5.0 and c.phase == "II"
    e = ewma_chart(np.arange(5.0), center=0.0, sigma=1.0, rules="nelson-1,nelson-2")
    assert [v.rule for v in e.violations] == ["nelson-1"]
    xs, _ = xbar_s_chart(x, sigma=1.0, exclude_flagged=True)
    assert xs.excluded == ()  # Phase II: nothing is re-estimated


def test_exclude_flagged_reestimates_once() -> None:
    x = np.array([10.0, 11, 9, 10, 11, 9, 10, 30, 10, 11, 9, 10])
    i, _ = imr_chart(x, rules="nelson-1")
    assert 7 in i.violations[0].indices
    j, _ = imr_chart(x, rules="nelson-1", exclude_flagged=True)
    assert 7 in j.excluded and j.sigma < i.sigma
    k, _ = imr_chart(x[:7], rules="nelson-1", exclude_flagged=True)
    assert k.excluded == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xbar_r_chart([[1.0, 2.0]]), "at least 2 subgroups, got 1"),
        (lambda: xbar_r_chart([[1.0, 2.0], [1.0, np.nan]]), "subgroup 2 has 1 value"),
        (lambda: xbar_r_chart([[1.0, np.inf], [1.0, 2.0]]), "subgroup 1 has an infinite"),
        (lambda: xbar_r_chart(np.zeros((2, 2, 2))), "1-D .* or 2-D"),
        (lambda: xbar_r_chart([["a", "b"], ["c", "d"]]), "numeric"),
        (lambda: xbar_r_chart([[1.0, 2.0], [2.0, 3.0]], exclude=[5]), "subgroup 6 does not exist"),
        (
            lambda: xbar_r_chart([[1.0, 2.0], [2.0, 3.0]], exclude=[0]),
            "stage starting at subgroup 1 has 1",
        ),
        (lambda: xbar_r_chart([[1.0, 2.0], [2.0, 3.0]], sigma=0), "sigma must be positive"),
        (lambda: xbar_r_chart([[1.0, 2.0], [2.0, 3.0]], limits=(2, 1)), "UCL"),
        (lambda: imr_chart([1.0, np.nan, 3.0]), "observation 2"),
        (lambda: imr_chart([1.0, 2.0], sigma_method="x"), "sigma_method"),  # type: ignore[arg-type]
        (lambda: p_chart([1, 60], 50), "subgroup 2 has 60 nonconforming"),
        (lambda: p_chart([1, -1], 50), "subgroup 2 has a negative count"),
        (lambda: p_chart([1, np.nan], 50), "subgroup 2 is missing"),
        (lambda: p_chart([1, 2], [50, 0]), "subgroup 2 has size 0"),
        (lambda: p_chart([1, 2], 50, center=1.5), r"in \(0, 1\)"),
        (lambda: c_chart([1, 2], center=-1), "center must be positive"),
        (lambda: c_chart([1]), "at least 2 subgroups"),
        (lambda: ewma_chart([1.0, 2.0], lam=0), "lambda"),
        (lambda: ewma_chart([[1.0, np.nan], [np.nan, np.nan]]), "subgroup 2 has no values"),
        (lambda: ewma_chart([[1.0, 2.0], [3.0, np.nan]]), "subgroup 2 has 1 value"),
        (lambda: cusum_chart([1.0, 2.0], h=0), "h must be positive"),
        (lambda: cusum_chart([[1.0, np.nan], [np.nan, np.nan]]), "subgroup 2 has no values"),
    ],
)
def test_bad_input_messages(call: object, message: str) -> None:
    with pytest.raises(AnalyticsError, match=message):
        call()  # type: ignore[operator]


def test_insufficient_data_is_its_own_class() -> None:
    with pytest.raises(InsufficientDataError):
        c_chart([3])


def test_result_helpers() -> None:
    i, _ = imr_chart([0.0, 0.1, -0.1, 0.0, 5.0, 0.0, 0.1, 0.0], rules="nelson-1")
    assert i.flagged().tolist() == [False] * 4 + [True] + [False] * 3
    assert i.violations[0].description.startswith("1 point beyond")
    assert i.as_dict()["violations"] == [{"rule": "nelson-1", "points": [5]}]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 8), st.integers(2, 30))
def test_every_point_beyond_a_limit_is_flagged(seed: int, n: int, m: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.standard_t(3, size=(m, n))
    for chart in xbar_r_chart(x) + xbar_s_chart(x) + imr_chart(x[:, 0]):
        beyond = (chart.points > chart.ucl) | (chart.points < chart.lcl)
        flagged = {v.rule: v.indices for v in chart.violations}.get("nelson-1", ())
        assert tuple(int(i) for i in np.nonzero(beyond)[0]) == flagged
