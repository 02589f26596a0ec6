"""Normal capability: published values (qcc, SixSigma), conventions, batch form, properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.diagnostic import normal_ad

from qualitas.analytics import _sigma
from qualitas.analytics.capability import (
    anderson_darling,
    capability,
    capability_batch,
    capability_batch_from_frame,
    normality_test,
)
from qualitas.analytics.errors import (
    AnalyticsError,
    InsufficientDataError,
    NonNormalWarning,
    SpecificationError,
    StatisticalWarning,
)
from qualitas.analytics.spc.constants import d2

RNG = np.random.default_rng(20240601)


@pytest.fixture(scope="module")
def pistonrings(reference_dir):
    data = pd.read_csv(reference_dir / "spc" / "pistonrings.csv")
    return data[data["sample"] <= 25]  # qcc's Phase I: trial samples 1–25


# --------------------------------------------------------------------------- references


QCC_SPECS = {
    "spec_73.95_74.05_target_74": (73.95, 74.05, None),
    "spec_73.95_74.05_target_74.02": (73.95, 74.05, 74.02),
    "spec_73.99_74.01": (73.99, 74.01, None),
    "spec_73.99_74.1": (73.99, 74.1, None),
}


@pytest.mark.reference
@pytest.mark.parametrize("name", list(QCC_SPECS))
def test_qcc_pistonrings_indices(pistonrings, expected, name):
    published = expected["qcc_pistonrings_capability"][name]
    lsl, usl, target = QCC_SPECS[name]
    result = capability(
        pistonrings["diameter"], subgroups=pistonrings["sample"], lsl=lsl, usl=usl, target=target
    )
    assert result.n == 125
    assert result.sigma_method == "rbar"
    # qcc divides by d2 = 2.326 (3 decimals), we by the exact 2.325929: relative 3e-5.
    assert result.sigma_within == pytest.approx(0.009785039, rel=5e-5)
    # The vignette prints 2 or 3 decimals: half a unit in the last place, plus the 3.1e-5
    # relative shift of every within index caused by qcc's rounded d2 (3.3664 · 2.326/2.325929
    # = 3.3665, which qcc prints as 3.367).
    for ours, theirs in (
        ("cp", "Cp"),
        ("cpl", "Cp_l"),
        ("cpu", "Cp_u"),
        ("cpk", "Cp_k"),
        ("cpm", "Cpm"),
    ):
        decimals = len(str(published[theirs]).split(".")[1])
        tolerance = 0.5 * 10**-decimals + 3.1e-5 * published[theirs]
        assert getattr(result, ours) == pytest.approx(published[theirs], abs=tolerance), ours
    if "target" in published:  # qcc's default target: the midpoint
        assert result.target == pytest.approx(published["target"])
    if "CI95_Cp" in published:
        lo, hi = result.ci["cp"]
        assert lo == pytest.approx(published["CI95_Cp"][0], abs=0.005)
        assert hi == pytest.approx(published["CI95_Cp"][1], abs=0.005)


@pytest.mark.reference
def test_qcc_pistonrings_exp_obs_percentages(pistonrings, expected):
    published = expected["qcc_pistonrings_capability"]["spec_73.99_74.01"]
    result = capability(
        pistonrings["diameter"], subgroups=pistonrings["sample"], lsl=73.99, usl=74.01
    )
    tails = result.ppm_tails

    def pct(text: str) -> float:
        return float(text.rstrip("%"))

    # qcc prints signif(x, 2) percent: round ours the same way and compare exactly.
    def signif2(ppm: float) -> float:
        return float(f"{ppm / 1e4:.2g}")

    assert signif2(tails["expected_within"][0]) == pct(published["Exp<LSL"])
    assert signif2(tails["expected_within"][1]) == pct(published["Exp>USL"])
    assert signif2(tails["observed"][0]) == pct(published["Obs<LSL"])
    assert signif2(tails["observed"][1]) == pct(published["Obs>USL"])
    assert result.ppm_observed == pytest.approx(280_000)  # 15 + 20 of 125 rings
    assert result.ppm_expected_within == pytest.approx(sum(tails["expected_within"]))


@pytest.mark.reference
def test_sixsigma_ss_data_ca_overall_indices(reference_dir, expected):
    published = expected["sixsigma_capability_ss.data.ca"]
    volume = pd.read_csv(reference_dir / "capability" / "ss.data.ca.csv")["Volume"]
    result = capability(volume, lsl=published["LSL"], usl=published["USL"])
    # SixSigma's "Cp/Cpk" use the sample SD, i.e. our pp/ppk; printed to 15 digits,
    # so the only difference is floating-point summation order.
    assert result.pp == pytest.approx(published["Cp"], rel=1e-12)
    assert result.ppk == pytest.approx(published["Cpk"], rel=1e-12)
    # SixSigma's Z is the distance to the nearer limit in overall SDs: 3 · Ppk.
    assert 3 * result.ppk == pytest.approx(published["Z"], rel=1e-12)
    assert result.n == 20 and result.sigma_method == "mr"


def test_qcc_interval_formulas_by_hand():
    """The interval formulas of qcc 3.0's .chisq_limits_cp_family / .wald_limits_cpk_family."""
    x = RNG.normal(10, 1, size=(20, 4))
    r = capability(x, lsl=7, usl=14, target=10.5, confidence=0.9)
    n = 80
    chi = stats.chi2.ppf([0.05, 0.95], n - 1)
    assert r.ci["cp"] == pytest.approx(tuple(r.cp * np.sqrt(chi / (n - 1))))
    assert r.ci["pp"] == pytest.approx(tuple(r.pp * np.sqrt(chi / (n - 1))))
    z = stats.norm.ppf(0.95)
    half = z * math.sqrt(1 / (9 * n * r.cpk**2) + 1 / (2 * (n - 1)))
    assert r.ci["cpk"] == pytest.approx((r.cpk * (1 - half), r.cpk * (1 + half)))
    a = (r.mean - 10.5) / r.sigma_within
    df = n * (1 + a**2) / (1 + 2 * a**2)
    chi_m = stats.chi2.ppf([0.05, 0.95], df)
    assert r.ci["cpm"] == pytest.approx(tuple(r.cpm * np.sqrt(chi_m / df)))
    assert r.confidence_level == 0.9


# --------------------------------------------------------------------------- conventions


def test_sigma_estimators_by_hand():
    x = np.array([[1.0, 2.0, 4.0], [2.0, 2.5, 3.0], [5.0, 6.0, 6.5]])
    ranges = np.array([3.0, 1.0, 1.5])
    assert capability(x, lsl=0, usl=10, sigma="rbar").sigma_within == pytest.approx(
        ranges.mean() / d2(3)
    )
    c4_3 = math.sqrt(2 / 2) * math.gamma(1.5) / math.gamma(1.0)
    sds = x.std(axis=1, ddof=1)
    assert capability(x, lsl=0, usl=10, sigma="sbar").sigma_within == pytest.approx(
        sds.mean() / c4_3
    )
    c4_7 = math.sqrt(2 / 6) * math.gamma(3.5) / math.gamma(3.0)
    pooled = math.sqrt(np.sum((x - x.mean(axis=1, keepdims=True)) ** 2) / 6) / c4_7
    assert capability(x, lsl=0, usl=10, sigma="pooled").sigma_within == pytest.approx(pooled)
    ind = capability([1.0, 3.0, 2.0, 5.0], lsl=0, usl=10)
    assert ind.sigma_method == "mr"
    assert ind.sigma_within == pytest.approx(np.mean([2.0, 1.0, 3.0]) / d2(2))


def test_unequal_subgroups_use_unweighted_average_and_skip_singletons():
    values = [1.0, 2.0, 4.0, 2.0, 3.0, 9.0]
    labels = ["a", "a", "a", "b", "b", "c"]
    r = capability(values, subgroups=labels, lsl=0, usl=10)
    assert r.sigma_within == pytest.approx((3.0 / d2(3) + 1.0 / d2(2)) / 2)
    s = capability(values, subgroups=labels, lsl=0, usl=10, sigma="sbar")
    expected = (
        np.std([1, 2, 4], ddof=1) / _sigma.c4(3) + np.std([2, 3], ddof=1) / _sigma.c4(2)
    ) / 2
    assert s.sigma_within == pytest.approx(float(expected))
    p = capability(values, subgroups=labels, lsl=0, usl=10, sigma="pooled")
    ss = np.sum((np.array([1, 2, 4]) - 7 / 3) ** 2) + 0.5
    assert p.sigma_within == pytest.approx(math.sqrt(ss / 3) / float(_sigma.c4(4)))


def test_large_subgroups_default_to_pooled():
    x = RNG.normal(size=(4, 30))
    assert capability(x, lsl=-5, usl=5).sigma_method == "pooled"


def test_one_sided_specifications():
    x = RNG.normal(10, 1, size=(25, 5))
    upper = capability(x, usl=14)
    assert math.isnan(upper.cp) and math.isnan(upper.pp) and math.isnan(upper.cpm)
    assert math.isnan(upper.cpl)
    assert upper.cpk == upper.cpu and upper.ppk == upper.ppu
    assert upper.ppm_tails["expected_within"][0] == 0.0
    assert upper.lsl is None and upper.target is None
    lower = capability(x, lsl=6)
    assert lower.cpk == lower.cpl and math.isnan(lower.cpu)
    assert all(math.isnan(v) for v in lower.ci["cp"])
    assert lower.ci["cpk"][0] < lower.cpk < lower.ci["cpk"][1]
    d = lower.to_dict()
    assert d["cp"] != d["cp"] and d["lsl"] == 6 and d["usl"] is None


def test_json_keys_are_the_public_contract():
    r = capability(RNG.normal(size=(10, 5)), lsl=-4, usl=4)
    d = r.to_dict()
    required = [
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
        "ci",
        "normality",
        "method",
    ]
    assert all(key in d for key in required)
    assert {"cp", "cpk", "pp", "ppk"} <= set(d["ci"])
    assert set(d["normality"]) == {"ad_statistic", "p_value"}
    assert d["method"] == "normal"
    assert all(len(v) == 2 for v in d["ci"].values())


def test_normality_test_edge_cases():
    assert normality_test(np.array([1.0, 2.0])) is None
    assert normality_test(np.array([1.0, 1.0, 1.0])) is None
    x = RNG.normal(size=40)
    ours = normality_test(x)
    theirs = normal_ad(x)
    assert ours is not None
    assert ours.ad_statistic == pytest.approx(theirs[0], rel=1e-10)
    assert ours.p_value == pytest.approx(theirs[1], rel=1e-10)


@pytest.mark.parametrize("scale", [0.05, 0.3, 0.6, 1.2, 3.0])
def test_anderson_darling_matches_statsmodels_on_every_branch(scale):
    # Mixtures of growing skew reach the four p-value formulas of D'Agostino & Stephens.
    x = np.exp(RNG.normal(size=(3, 60)) * scale)
    ad, p = anderson_darling(x, axis=1)
    for i in range(3):
        ref = normal_ad(x[i])
        if not np.isfinite(ref[0]):  # statsmodels overflows to inf; ours stays finite
            assert np.isfinite(ad[i]) and p[i] < 1e-20
            continue
        # log_ndtr is more accurate than statsmodels' log(1 - Φ) far in the tail: 1e-7.
        assert ad[i] == pytest.approx(ref[0], rel=1e-7)
        assert p[i] == pytest.approx(ref[1], rel=1e-6, abs=1e-20)


def test_anderson_darling_stays_finite_on_extreme_data():
    x = np.r_[np.zeros(100), 1e6]
    ad, p = anderson_darling(x)
    assert np.isfinite(ad) and ad > 30 and p < 1e-50
    assert anderson_darling(np.r_[np.zeros(1000), 1e6])[1] == 0.0  # A*² > 153.47
    assert normal_ad(x)[0] == np.inf  # statsmodels overflows here


def test_options_skip_normality_and_intervals():
    r = capability(RNG.normal(size=50), lsl=-4, usl=4, normality=False, intervals=False)
    assert r.normality is None and dict(r.ci) == {}
    assert r.to_dict()["normality"] is None


def test_non_normal_data_warn():
    x = RNG.exponential(size=200)
    with pytest.warns(NonNormalWarning, match="capability_nonnormal"):
        r = capability(x, usl=8)
    assert r.normality is not None and r.normality.p_value < 0.05


def test_normal_data_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        capability(np.linspace(-2, 2, 5)[[0, 2, 1, 4, 3]], lsl=-9, usl=9)


def test_target_outside_the_limits_warns():
    with pytest.warns(StatisticalWarning, match="target"):
        capability([1.0, 2.0, 3.0], lsl=0, usl=5, target=7)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lsl": None, "usl": None}, SpecificationError, "at least one"),
        ({"lsl": 5, "usl": 5}, SpecificationError, "usl .5. must be greater than lsl .5."),
        ({"lsl": math.inf, "usl": 5}, SpecificationError, "lsl must be a finite"),
        ({"lsl": 0, "usl": 5, "target": math.nan}, SpecificationError, "target must be"),
        ({"lsl": 0, "usl": 5, "confidence": 1.0}, AnalyticsError, "confidence"),
        ({"lsl": 0, "usl": 5, "sigma": "bogus"}, AnalyticsError, "sigma must be one of"),
        ({"lsl": 0, "usl": 5, "sigma": "rbar"}, InsufficientDataError, "at least two values"),
    ],
)
def test_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        capability([1.0, 2.0, 3.5, 2.0], **kwargs)


def test_bad_values():
    with pytest.raises(InsufficientDataError, match="at least two values, got 1"):
        capability([1.0], lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="row 2 is not a finite"):
        capability([1.0, math.nan, 2.0], lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="subgroup 2, place 1 is not finite"):
        capability([[1.0, 2.0], [math.inf, 1.0]], lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="must not be given"):
        capability([[1.0, 2.0], [3.0, 1.0]], subgroups=[1, 2], lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="1-D or 2-D"):
        capability(np.ones((2, 2, 2)), lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="3 labels but values has 2"):
        capability([1.0, 2.0], subgroups=[1, 1, 2], lsl=0, usl=2)
    with pytest.raises(AnalyticsError, match="row 2 has no label"):
        capability([1.0, 2.0, 3.0], subgroups=["a", None, "a"], lsl=0, usl=4)
    with pytest.raises(AnalyticsError, match="sigma='mr' needs individual"):
        capability([[1.0, 2.0], [3.0, 1.0]], lsl=0, usl=4, sigma="mr")
    with pytest.raises(InsufficientDataError, match="no variation at all"):
        capability([2.0, 2.0, 2.0], lsl=0, usl=4)
    with pytest.raises(InsufficientDataError, match="within subgroups"):
        capability([[1.0, 1.0], [3.0, 3.0]], lsl=0, usl=4)


# --------------------------------------------------------------------------- batch


def _batch_data(k=6, m=25, n=5, rng=None):
    rng = RNG if rng is None else rng
    x = rng.normal(0, 1, size=(k, m, n)) * rng.uniform(0.5, 2, size=(k, 1, 1))
    return x + rng.uniform(-1, 1, size=(k, 1, 1))


def test_batch_equals_single():
    x = _batch_data()
    lsl = np.array([-4.0, -5, np.nan, -3, -6, -4])
    usl = np.array([4.0, np.nan, 5, 3, 6, 4])
    target = np.array([0.5, np.nan, np.nan, 0, 0, np.nan])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        batch = capability_batch(x, lsl=lsl, usl=usl, target=target)
        singles = [
            capability(
                x[i],
                lsl=None if np.isnan(lsl[i]) else lsl[i],
                usl=None if np.isnan(usl[i]) else usl[i],
                target=None if np.isnan(target[i]) else target[i],
            )
            for i in range(len(x))
        ]
    for i, single in enumerate(singles):
        for name in [
            "mean",
            "sigma_within",
            "sigma_overall",
            "cp",
            "cpl",
            "cpu",
            "cpk",
            "pp",
            "ppl",
            "ppu",
            "ppk",
            "cpm",
            "ppm_expected_within",
            "ppm_expected_overall",
            "ppm_observed",
        ]:
            np.testing.assert_allclose(getattr(batch, name)[i], getattr(single, name), rtol=1e-12)
        for name, bounds in single.ci.items():
            np.testing.assert_allclose(batch.ci[name][i], bounds, rtol=1e-12)
        assert batch.ad_statistic is not None and batch.p_value is not None
        assert single.normality is not None
        assert batch.ad_statistic[i] == pytest.approx(single.normality.ad_statistic)
        assert batch.p_value[i] == pytest.approx(single.normality.p_value)
        assert batch.n[i] == single.n


def test_batch_fast_path_options_and_warning():
    # its own generator: the outcome must not depend on which tests ran before (xdist order)
    rng = np.random.default_rng(7)
    x = _batch_data(k=3, rng=rng)
    fast = capability_batch(x, lsl=-8, usl=8, normality=False, intervals=False)
    assert fast.ad_statistic is None and dict(fast.ci) == {}
    x[1] = np.exp(rng.normal(size=(25, 5)) * 1.5)
    with pytest.warns(NonNormalWarning, match="1 of 3"):
        capability_batch(x, lsl=-8, usl=80)


@pytest.mark.parametrize(
    ("values", "kwargs", "error", "message"),
    [
        (np.ones((2, 3)), {"lsl": 0}, AnalyticsError, "shape"),
        (np.ones((2, 3, 1)), {"lsl": 0}, InsufficientDataError, "at least two"),
        (np.full((2, 3, 2), np.nan), {"lsl": 0}, AnalyticsError, "characteristic 1, subgroup 1"),
        (
            RNG.normal(size=(2, 3, 2)),
            {"lsl": [0.0, np.nan]},
            SpecificationError,
            "characteristic 2",
        ),
        (RNG.normal(size=(2, 3, 2)), {"lsl": 1, "usl": [2, 0]}, SpecificationError, r"usl \(0\)"),
        (RNG.normal(size=(2, 3, 2)), {"lsl": [1, 2, 3]}, AnalyticsError, "one entry per"),
        (np.ones((2, 3, 2)), {"lsl": 0}, InsufficientDataError, "no variation"),
        (RNG.normal(size=(2, 3, 2)), {"lsl": 0, "confidence": 0}, AnalyticsError, "confidence"),
    ],
)
def test_batch_bad_input(values, kwargs, error, message):
    with pytest.raises(error, match=message):
        capability_batch(values, **kwargs)


def test_batch_from_frame():
    x = _batch_data(k=3, m=4, n=3)
    rows = [
        {"char": f"c{c}", "sg": s, "v": x[c, s, j]}
        for c in range(3)
        for s in range(4)
        for j in range(3)
    ]
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=1).reset_index(drop=True)
    frame = frame.sort_values(["char", "sg"], kind="stable")  # row order within subgroup kept
    result = capability_batch_from_frame(
        frame.sample(frac=1.0, random_state=2),
        key="char",
        value="v",
        subgroup="sg",
        lsl={"c0": -5.0, "c1": -6.0, "c2": -7.0},
        usl=7.0,
        normality=False,
    )
    assert result.keys == ("c0", "c1", "c2")
    direct = capability_batch(x, lsl=[-5.0, -6.0, -7.0], usl=7.0, normality=False)
    # Order inside a subgroup may change: R̄, means and SDs do not depend on it.
    np.testing.assert_allclose(result.cpk, direct.cpk, rtol=1e-12)
    np.testing.assert_allclose(result.pp, direct.pp, rtol=1e-12)


def test_batch_from_frame_bad_input():
    frame = pd.DataFrame({"k": ["a"] * 4 + ["b"] * 4, "s": [1, 1, 2, 2] * 2, "v": np.arange(8.0)})
    with pytest.raises(AnalyticsError, match="column 'x' not found"):
        capability_batch_from_frame(frame, key="k", value="x", subgroup="s", lsl=0)
    bad = frame.assign(v=frame["v"].astype(object))
    bad.loc[5, "v"] = "oops"
    with pytest.raises(AnalyticsError, match="row 6 is not a finite"):
        capability_batch_from_frame(bad, key="k", value="v", subgroup="s", lsl=0)
    uneven = frame.assign(s=[1, 1, 1, 2, 1, 1, 2, 2])
    with pytest.raises(AnalyticsError, match="k 'a', s 2: subgroup size 1 differs from 3"):
        capability_batch_from_frame(uneven, key="k", value="v", subgroup="s", lsl=0)
    counts = pd.concat(
        [frame, pd.DataFrame({"k": ["b", "b"], "s": [3, 3], "v": [1.0, 2.0]})], ignore_index=True
    )
    with pytest.raises(AnalyticsError, match="k 'b' has 3 subgroups, others 2"):
        capability_batch_from_frame(counts, key="k", value="v", subgroup="s", lsl=0)
    with pytest.raises(SpecificationError, match="lsl has no value for k 'b'"):
        capability_batch_from_frame(frame, key="k", value="v", subgroup="s", lsl={"a": 0.0})


# --------------------------------------------------------------------------- properties


finite = st.floats(-1e3, 1e3, allow_nan=False)


@st.composite
def samples(draw):
    m = draw(st.integers(3, 12))
    n = draw(st.integers(2, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    x = np.random.default_rng(seed).normal(size=(m, n))
    lo = draw(st.floats(-6, -0.5))
    hi = draw(st.floats(0.5, 6))
    return x, lo, hi


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples(), st.floats(-100, 100), st.floats(0.01, 100))
def test_cpk_below_cp_and_affine_invariance(sample, shift, scale):
    x, lo, hi = sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        base = capability(x, lsl=lo, usl=hi, normality=False)
        moved = capability(
            x * scale + shift, lsl=lo * scale + shift, usl=hi * scale + shift, normality=False
        )
    assert base.cpk <= base.cp + 1e-12
    assert base.ppk <= base.pp + 1e-12
    assert base.cpm <= base.cp + 1e-12
    for name in ("cp", "cpk", "cpl", "cpu", "pp", "ppk", "cpm"):
        assert getattr(moved, name) == pytest.approx(getattr(base, name), rel=1e-7, abs=1e-9)
    assert moved.ppm_expected_within == pytest.approx(base.ppm_expected_within, rel=1e-6, abs=1e-6)
    assert moved.ppm_observed == base.ppm_observed


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(2, 5), st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_batch_equals_single_property(k, m, n, seed):
    x = np.random.default_rng(seed).normal(size=(k, m, n))
    batch = capability_batch(x, lsl=-3, usl=3, normality=False)
    for i in range(k):
        single = capability(x[i], lsl=-3, usl=3, normality=False)
        assert batch.cpk[i] == pytest.approx(single.cpk, rel=1e-12)
        assert batch.cp[i] == pytest.approx(single.cp, rel=1e-12)
        assert batch.ppk[i] == pytest.approx(single.ppk, rel=1e-12)
