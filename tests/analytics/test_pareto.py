"""Pareto analysis: order, cumulative percentages, vital few, ties, the Other bucket."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError
from qualitas.analytics.pareto import pareto

# qcc's pareto.chart example (?pareto.chart): defects by kind of error on purchase orders.
QCC_NAMES = ["price code", "schedule date", "supplier code", "contact num.", "part num."]
QCC_COUNTS = [80, 27, 66, 94, 33]


def test_qcc_pareto_example():
    r = pareto(QCC_NAMES, counts=QCC_COUNTS)
    assert r.categories == (
        "contact num.",
        "price code",
        "supplier code",
        "part num.",
        "schedule date",
    )
    np.testing.assert_allclose(r.counts, [94, 80, 66, 33, 27])
    # qcc prints cumulative percentages 31.33, 58.00, 80.00, 91.00, 100.00
    np.testing.assert_allclose(
        r.cumulative_percent, [31.333333, 58.0, 80.0, 91.0, 100.0], atol=1e-6
    )
    np.testing.assert_allclose(r.percent.sum(), 100.0)
    # 80.0 % reached exactly at the third category: it is vital.
    assert r.vital_few == ("contact num.", "price code", "supplier code")
    assert r.total == 300


def test_labels_are_counted_and_ties_keep_first_appearance():
    labels = ["scratch", "dent", "dent", "crack", "scratch", "stain", "crack"]
    r = pareto(labels)
    assert r.categories == ("scratch", "dent", "crack", "stain")
    np.testing.assert_allclose(r.counts, [2, 2, 2, 1])


def test_ties_with_the_last_vital_category_are_vital():
    r = pareto(["a", "b", "c", "d"], counts=[5, 3, 3, 1], cutoff=0.6)
    # a + b = 66.7 % reaches 60 %; c ties with b, so it is vital as well.
    assert r.vital_few == ("a", "b", "c")
    r = pareto(["a", "b", "c", "d"], counts=[5, 3, 3, 1], cutoff=0.3)
    assert r.vital_few == ("a",)


def test_repeated_categories_with_counts_are_summed():
    r = pareto(["x", "y", "x"], counts=[1, 3, 4])
    assert r.categories == ("x", "y")
    np.testing.assert_allclose(r.counts, [5, 3])


def test_other_bucket():
    names = list("abcdef")
    counts = [50, 20, 10, 8, 7, 5]
    r = pareto(names, counts=counts, other_after=0.85)
    assert r.categories == ("a", "b", "c", "d", "Other")
    assert r.other_categories == ("e", "f")
    assert r.counts[-1] == 12 and not r.vital[-1]
    m = pareto(names, counts=counts, max_categories=2, other_label="其他")
    assert m.categories == ("a", "b", "其他")
    assert m.counts[-1] == 30 and m.cumulative_percent[-1] == pytest.approx(100)
    assert m.vital_few == ("a", "b")  # 70 % then Other: Other never vital
    # A bucket of a single category would only rename it: not made.
    assert pareto(names, counts=counts, max_categories=5).other_categories == ()


def test_to_dict():
    d = pareto(["a", "b", "a"]).to_dict()
    assert d["categories"][0] == {
        "category": "a",
        "count": 2.0,
        "percent": pytest.approx(66.6666667),
        "cumulative_percent": pytest.approx(66.6666667),
        "vital": True,
    }
    assert d["total"] == 3 and d["cutoff"] == 0.8 and d["vital_few"] == ["a", "b"]
    assert d["other_categories"] == []
    assert pareto(np.array([3, 3, 4])).to_dict()["vital_few"] == [3, 4]


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (["a"], {"cutoff": 0}, AnalyticsError, "cutoff must be in"),
        (["a"], {"other_after": 1.5}, AnalyticsError, "other_after must be in"),
        (["a"], {"max_categories": 0}, AnalyticsError, "max_categories must be at least 1"),
        ([], {}, InsufficientDataError, "no categories"),
        (["a", None], {}, AnalyticsError, "row 2 has no category"),
        (["a", "b"], {"counts": [1]}, AnalyticsError, "counts has 1 entries but categories has 2"),
        (["a", "b"], {"counts": [1, -2]}, AnalyticsError, "row 2 must be a non-negative"),
        (["a", "b"], {"counts": [1, np.nan]}, AnalyticsError, "row 2 must be a non-negative"),
        (["a", "b"], {"counts": [0, 0]}, InsufficientDataError, "add up to zero"),
    ],
)
def test_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        pareto(args, **kwargs)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=12).filter(lambda c: sum(c) > 0),
    st.floats(0.05, 1.0),
)
def test_properties(counts, cutoff):
    names = [f"c{i}" for i in range(len(counts))]
    r = pareto(names, counts=counts, cutoff=cutoff)
    assert np.all(np.diff(r.counts) <= 0)
    assert r.cumulative_percent[-1] == pytest.approx(100.0)
    assert np.all(np.diff(r.cumulative_percent) >= -1e-9)
    vital = r.counts[r.vital]
    # The vital few are a prefix, reach the cutoff, and every excluded category is strictly smaller.
    assert r.vital[: len(vital)].all()
    assert vital.sum() / r.total >= cutoff - 1e-9
    assert np.all(r.counts[~r.vital] < vital.min())
