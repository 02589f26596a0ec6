"""Attribute agreement: kappas and agreement counts checked against hand calculations."""

from __future__ import annotations

import pytest
from scipy import stats

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.msa import attribute_agreement

# part: standard, A trial 1, A trial 2, B trial 1, B trial 2  (g = good, b = bad)
TABLE = {
    "p1": ("g", "g", "g", "g", "g"),
    "p2": ("b", "b", "b", "b", "g"),
    "p3": ("g", "g", "b", "g", "g"),
    "p4": ("b", "b", "b", "b", "b"),
}


def _long() -> dict[str, list]:
    rows: dict[str, list] = {"rating": [], "part": [], "appraiser": [], "trial": [], "standard": []}
    for part, (std, a1, a2, b1, b2) in TABLE.items():
        for app, trial, r in (("A", 1, a1), ("A", 2, a2), ("B", 1, b1), ("B", 2, b2)):
            rows["rating"].append(r)
            rows["part"].append(part)
            rows["appraiser"].append(app)
            rows["trial"].append(trial)
            rows["standard"].append(std)
    return rows


def _exact(m: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(m, n).proportion_ci(confidence_level=0.95, method="exact")
    return 100 * ci.low, 100 * ci.high


def test_hand_worked_example() -> None:
    d = _long()
    res = attribute_agreement(
        d["rating"], d["part"], d["appraiser"], trials=d["trial"], standard=d["standard"]
    )
    assert res.categories == ("b", "g") and res.trials == 2
    a, b = res.within
    # Within A: parts 1, 2, 4 agree → 3/4. Cohen (trial 1 vs 2): po = 3/4, pe = (2·3 + 2·1)/16
    # = 1/2 → κ = 0.5. Fleiss: P̄ = 3/4, p_b = 5/8 → Pe = 34/64 → κ = (48 − 34)/(64 − 34) = 7/15.
    assert (a.matched, a.inspected, a.percent) == (3, 4, 75.0)
    assert a.cohen_kappa == pytest.approx(0.5)
    assert a.fleiss_kappa == pytest.approx(7 / 15)
    assert a.ci == pytest.approx(_exact(3, 4))
    assert b.matched == 3
    # A vs standard: part 3 missed → 3/4; Cohen over 8 ratings: po = 7/8, pe = 1/2 → κ = 0.75.
    va, vb = res.vs_standard
    assert va.matched == 3 and va.cohen_kappa == pytest.approx(0.75)
    assert vb.matched == 3
    # Between: parts 1 and 4 → 2/4; Fleiss with 4 ratings per part: P̄ = 3/4, Pe = 1/2 → κ = 0.5.
    assert res.between.matched == 2 and res.between.fleiss_kappa == pytest.approx(0.5)
    assert res.between.cohen_kappa is None
    assert res.all_vs_standard.matched == 2 and res.all_vs_standard.percent == 50.0
    assert res.between.to_dict()["ci"] == pytest.approx(list(_exact(2, 4)))


def test_cohen_two_raters_and_wilson() -> None:
    # 2×2 table [[20, 5], [10, 15]]: po = 0.7, pe = (25·30 + 25·20)/2500 = 0.5 → κ = 0.4;
    # Fleiss (Scott's π) for 2 raters: p_y = 0.55 → Pe = 0.505 → κ = 0.195/0.495.
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    parts = list(range(50)) * 2
    res = attribute_agreement(a + b, parts, ["A"] * 50 + ["B"] * 50, ci_method="wilson")
    assert res.within is None and res.vs_standard is None and res.all_vs_standard is None
    assert res.between.cohen_kappa == pytest.approx(0.4)
    assert res.between.fleiss_kappa == pytest.approx(0.195 / 0.495)
    ci = stats.binomtest(35, 50).proportion_ci(method="wilson")
    assert res.between.ci == pytest.approx((100 * ci.low, 100 * ci.high))


def test_row_order_trials_three_trials_and_undefined_kappa() -> None:
    # One appraiser, 3 trials from row order; every rating the same → kappa undefined (None).
    res = attribute_agreement([1] * 6, ["p", "q"] * 3, ["A"] * 6)
    (w,) = res.within
    assert res.trials == 3 and w.matched == 2 and w.fleiss_kappa is None and w.cohen_kappa is None
    assert res.between is None
    mixed = attribute_agreement([1, "x", 1, "x"], ["p", "q", "p", "q"], ["A"] * 4)
    assert set(mixed.categories) == {1, "x"}


def test_errors() -> None:
    d = _long()
    base = (d["rating"], d["part"], d["appraiser"])
    with pytest.raises(AnalyticsError, match="ci_method"):
        attribute_agreement(*base, ci_method="normal")
    with pytest.raises(AnalyticsError, match="confidence"):
        attribute_agreement(*base, confidence=0)
    with pytest.raises(AnalyticsError, match="part has 15 values but there are 16"):
        attribute_agreement(d["rating"], d["part"][:-1], d["appraiser"])
    with pytest.raises(AnalyticsError, match="rating: row 2 is empty"):
        attribute_agreement(["g", None] + d["rating"][2:], d["part"], d["appraiser"])
    with pytest.raises(AnalyticsError, match="row 2: part 'p1', appraiser 'A' has trial 1 twice"):
        attribute_agreement(*base, trials=[1, 1] + d["trial"][2:])
    with pytest.raises(AnalyticsError, match="part 'p4': appraiser 'B' rated it 1 time"):
        attribute_agreement(d["rating"][:-1], d["part"][:-1], d["appraiser"][:-1])
    with pytest.raises(AnalyticsError, match="row 2: part 'p1' has more than one standard"):
        attribute_agreement(*base, standard=["g", "b"] + d["standard"][2:])
    with pytest.raises(InsufficientDataError, match="at least 2 parts"):
        attribute_agreement(["g", "b"], ["p", "p"], ["A", "B"])
    with pytest.raises(InsufficientDataError, match="nothing to compare"):
        attribute_agreement(["g", "b"], ["p", "q"], ["A", "A"])
