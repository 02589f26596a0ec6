"""The index computation against hand-worked examples: normalisation, weights, base period,
small cells, years, the bootstrap band's reproducibility, and the warning rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.index import (
    ALL_INDUSTRIES,
    NATION,
    IndicatorSpec,
    Methodology,
    Normalisation,
    bootstrap_weights,
    compute_index,
    rule_fall,
    rule_surge,
    rule_threshold,
)


def obs(rows):
    """rows: (enterprise, province, city, division, quarter, indicator, num, den)."""
    return pd.DataFrame(
        rows,
        columns=[
            "enterprise",
            "province",
            "city",
            "division",
            "quarter",
            "indicator",
            "num",
            "den",
        ],
    )


def two_provinces(q="2024Q1", a_score=60.0, b_score=80.0, n=5, indicator="score"):
    """n enterprises in Hangzhou (330100) scoring a_score, n in Shenzhen (440300) scoring b_score."""
    rows = []
    for i in range(n):
        rows.append((i + 1, "330000", "330100", "C38", q, indicator, a_score, 1.0))
        rows.append((100 + i, "440000", "440300", "C39", q, indicator, b_score, 1.0))
    return rows


def meth(**kw):
    base = {
        "version": "t",
        "base_period": "2024Q1",
        "seed": 1,
        "replicates": 0,
        "indicators": (IndicatorSpec(key="score", weight=1.0),),
    }
    return Methodology(**(base | kw))


def cell(result, region, industry=ALL_INDUSTRIES, period="2024Q1"):
    c = result.cells
    row = c[(c.region == region) & (c.industry == industry) & (c.period == period)]
    assert len(row) == 1, (region, industry, period)
    return row.iloc[0]


def test_ratio_normalisation_base_period_is_100():
    # national mean score = (5·60 + 5·80)/10 = 70 → reference 70
    r = compute_index(obs(two_provinces()), meth())
    assert r.references["score"] == pytest.approx(70.0)
    assert cell(r, NATION).value == pytest.approx(100.0)
    assert cell(r, "330000").value == pytest.approx(100 * 60 / 70)  # 85.714…
    assert cell(r, "440000").value == pytest.approx(100 * 80 / 70)  # 114.285…
    assert cell(r, "440000")["rank"] == 1 and cell(r, "330000")["rank"] == 2


def test_reflected_ratio_for_lower_is_better():
    # alerts per characteristic: Hangzhou 0.1, Shenzhen 0.3 → national 0.2; s = 100·(2 − x/0.2)
    rows = two_provinces(a_score=0.1, b_score=0.3, indicator="alerts")
    r = compute_index(
        obs(rows), meth(indicators=(IndicatorSpec(key="alerts", weight=1, higher_is_better=False),))
    )
    assert cell(r, "330000").value == pytest.approx(150.0)
    assert cell(r, "440000").value == pytest.approx(50.0)
    assert cell(r, NATION).value == pytest.approx(100.0)


def test_minmax_against_the_base_period_spread():
    # provinces 60 and 80 in the base period: spread 20, reference 70 → s = 100 + 100·(x − 70)/20
    rows = two_provinces() + [
        (i + 1, "330000", "330100", "C38", "2024Q2", "score", 75.0, 1.0) for i in range(5)
    ]
    r = compute_index(
        obs(rows),
        meth(
            indicators=(
                IndicatorSpec(key="score", weight=1, normalisation=Normalisation.MINMAX_BASE),
            )
        ),
    )
    assert r.spreads["score"] == (60.0, 80.0)
    assert cell(r, "330000").value == pytest.approx(50.0)
    assert cell(r, "440000").value == pytest.approx(150.0)
    assert cell(r, "330000", period="2024Q2").value == pytest.approx(125.0)


def test_weights_combine_sub_indices():
    # score: Hangzhou 60/70·100 = 85.714; share: Hangzhou 0.5/0.75·100 = 66.667 (national share 0.75)
    rows = two_provinces()
    for i in range(5):
        rows.append(
            (i + 1, "330000", "330100", "C38", "2024Q1", "share", float(i < 2.5), 1.0)
        )  # 3 of 5 … see below
        rows.append((100 + i, "440000", "440300", "C39", "2024Q1", "share", 1.0, 1.0))
    # Hangzhou share = 3/5 = 0.6, Shenzhen 1.0, national 0.8
    m = meth(
        indicators=(IndicatorSpec(key="score", weight=3), IndicatorSpec(key="share", weight=1))
    )
    r = compute_index(obs(rows), m)
    s_score = 100 * 60 / 70
    s_share = 100 * 0.6 / 0.8
    assert cell(r, "330000")["score__score"] == pytest.approx(s_score)
    assert cell(r, "330000")["share__score"] == pytest.approx(s_share)
    assert cell(r, "330000").value == pytest.approx((3 * s_score + 1 * s_share) / 4)


def test_ratio_of_sums_for_rates():
    # characteristics 10 and 30, capable 5 and 27: 32/40 = 0.8, not the mean of ratios (0.5+0.9)/2 = 0.7
    rows = [
        (1, "330000", "330100", "C38", "2024Q1", "cap", 5, 10),
        (2, "330000", "330100", "C38", "2024Q1", "cap", 27, 30),
    ]
    r = compute_index(
        obs(rows), meth(min_group_size=1, indicators=(IndicatorSpec(key="cap", weight=1),))
    )
    assert cell(r, NATION)["cap__value"] == pytest.approx(0.8)


def test_small_cells_are_insufficient_never_a_number():
    rows = two_provinces(n=5) + [
        (999, "330000", "330200", "C34", "2024Q1", "score", 90.0, 1.0)
    ]  # Ningbo: 1 enterprise
    r = compute_index(obs(rows), meth(replicates=20))
    ningbo = cell(r, "330200")
    assert (
        ningbo.status == "insufficient"
        and np.isnan(ningbo.value)
        and np.isnan(ningbo.lo)
        and np.isnan(ningbo["score__value"])
    )
    assert ningbo.n == 1
    zj = cell(r, "330000")  # 6 enterprises: published, and includes Ningbo's
    assert zj.status == "ok" and zj.n == 6
    assert zj.value == pytest.approx(100 * (5 * 60 + 90) / 6 / ((5 * 60 + 5 * 80 + 90) / 11))


def test_weight_coverage_withholds_cells_missing_the_main_indicators():
    rows = two_provinces()
    rows += [(i + 1, "330000", "330100", "C38", "2024Q1", "minor", 1.0, 1.0) for i in range(5)]
    rows += [(100 + i, "440000", "440300", "C39", "2024Q1", "minor", 1.0, 1.0) for i in range(5)]
    rows += [
        (200 + i, "320000", "320100", "C36", "2024Q1", "minor", 1.0, 1.0) for i in range(5)
    ]  # Nanjing: only the minor one
    m = meth(
        indicators=(IndicatorSpec(key="score", weight=0.8), IndicatorSpec(key="minor", weight=0.2))
    )
    r = compute_index(obs(rows), m)
    assert cell(r, "320000").status == "insufficient"  # 0.2 < 0.5 of the weight
    assert cell(r, "330000").status == "ok"


def test_year_pools_its_quarters_and_counts_enterprises_once():
    rows = []
    for q, v in zip(["2024Q1", "2024Q2", "2024Q3", "2024Q4"], [60, 70, 80, 90], strict=True):
        rows += [(i + 1, "330000", "330100", "C38", q, "score", float(v), 1.0) for i in range(5)]
    r = compute_index(obs(rows), meth(base_period="2024"))
    y = cell(r, NATION, period="2024")
    assert y.value == pytest.approx(100.0) and y.n == 5
    assert cell(r, NATION, period="2024Q1").value == pytest.approx(100 * 60 / 75)
    assert cell(r, NATION, period="2024Q4").prev_value == pytest.approx(100 * 80 / 75)


def test_partial_year_has_no_year_cell():
    r = compute_index(obs(two_provinces()), meth())
    assert set(r.cells.period) == {"2024Q1"}


def test_municipality_has_no_separate_city_cell():
    rows = [
        (i + 1, "110000", "110000", "C38", "2024Q1", "score", 50.0, 1.0) for i in range(5)
    ] + two_provinces()
    r = compute_index(obs(rows), meth())
    assert not ((r.cells.region == "110000") & (r.cells.level == "city")).any()
    assert cell(r, "110000").level == "province"


def test_base_period_missing_is_an_error_naming_it():
    with pytest.raises(AnalyticsError, match="2023Q4"):
        compute_index(obs(two_provinces()), meth(base_period="2023Q4"))


def test_bad_input_names_the_row():
    rows = two_provinces()
    rows[3] = (*rows[3][:7], -1.0)
    with pytest.raises(AnalyticsError, match="row 4"):
        compute_index(obs(rows), meth())


def test_band_contains_value_and_reproduces_independent_of_other_cells():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(40):
        rows.append(
            (i + 1, "330000", "330100", "C38", "2024Q1", "score", float(rng.normal(70, 10)), 1.0)
        )
        rows.append(
            (500 + i, "440000", "440300", "C39", "2024Q1", "score", float(rng.normal(75, 10)), 1.0)
        )
    m = meth(replicates=200, seed=20250101)
    a = compute_index(obs(rows), m)
    hz = cell(a, "330100")
    assert hz.lo < hz.value < hz.hi
    # the same version on the same rows: bit-for-bit the same band
    again = compute_index(obs(rows), m)
    assert (cell(again, "330100").lo, cell(again, "330100").hi) == (hz.lo, hz.hi)
    # rows in another order: the same band (up to the order of floating-point sums)
    b = compute_index(obs(rows[::-1]), m)
    assert cell(b, "330100").lo == pytest.approx(hz.lo, rel=1e-12) and cell(
        b, "330100"
    ).hi == pytest.approx(hz.hi, rel=1e-12)
    # Hangzhou's band depends only on the version and its own enterprises: give Shenzhen's
    # enterprises other ids (same values, so the same reference) and Hangzhou's band stays
    renamed = [(r[0] + 10000, *r[1:]) if r[1] == "440000" else r for r in rows]
    c = compute_index(obs(renamed), m)
    assert cell(c, "330100").lo == pytest.approx(hz.lo, rel=1e-12) and cell(
        c, "330100"
    ).hi == pytest.approx(hz.hi, rel=1e-12)
    assert cell(c, "440300").lo != pytest.approx(cell(a, "440300").lo, rel=1e-9)
    # another version (seed): another band
    d = compute_index(obs(rows), meth(replicates=200, seed=7))
    assert (cell(d, "330100").lo, cell(d, "330100").hi) != (hz.lo, hz.hi)


def test_bootstrap_weights_are_poisson_one_and_pure():
    w = bootstrap_weights(np.arange(20000), np.arange(3), seed=5)
    assert w.mean() == pytest.approx(1.0, abs=0.02) and w.var() == pytest.approx(1.0, abs=0.05)
    assert np.array_equal(
        bootstrap_weights(np.array([17, 3]), np.array([2]), seed=5), w[[17, 3]][:, [2]]
    )


def test_rule_fall_previous_and_year_ago():
    cells = pd.DataFrame(
        {
            "region": ["330000"] * 5,
            "level": "province",
            "industry": "C",
            "period": ["2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"],
            "period_kind": "quarter",
            "value": [100.0, 104.0, 103.0, 101.0, 92.0],
        }
    )
    fired = rule_fall(cells, amount=5, compare="previous")
    assert fired[["period", "current", "reference"]].values.tolist() == [["2025Q3", 92.0, 101.0]]
    yoy = rule_fall(cells, amount=7.5, compare="year_ago")
    assert yoy[["period", "reference", "change"]].values.tolist() == [["2025Q3", 100.0, -8.0]]
    assert rule_fall(cells, amount=9).empty


def test_rule_threshold_fires_on_the_crossing_only():
    cells = pd.DataFrame(
        {
            "region": "330000",
            "level": "province",
            "industry": "C",
            "period_kind": "quarter",
            "period": ["2025Q1", "2025Q2", "2025Q3"],
            "cap__value": [0.65, 0.58, 0.55],
        }
    )
    fired = rule_threshold(cells, column="cap__value", threshold=0.6)
    assert fired["period"].tolist() == ["2025Q2"]


def test_rule_surge_above_rolling_mean_by_k_sd():
    counts = pd.DataFrame(
        {
            "region": "440000",
            "industry": "C39",
            "period": ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"],
            "count": [10, 12, 8, 10, 20],
        }
    )
    # previous four: mean 10, SD sqrt(8/3) = 1.633 → limit (k=2) 13.27 < 20
    fired = rule_surge(counts, window=4, k=2)
    assert fired["period"].tolist() == ["2025Q1"]
    assert fired["mean"].iloc[0] == pytest.approx(10.0) and fired["sd"].iloc[0] == pytest.approx(
        np.sqrt(8 / 3)
    )
    # a flat zero history and one alert: SD floored at 1 → limit 2, no surge
    flat = counts.assign(count=[0, 0, 0, 0, 1])
    assert rule_surge(flat, window=4, k=2).empty
