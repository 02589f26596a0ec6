"""Code letters, single sampling plans and OC curves (qualitas.analytics.sampling)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qualitas.analytics.errors import AnalyticsError, SpecificationError
from qualitas.analytics.sampling import (
    code_letter,
    oc_curve,
    single_sampling_plan,
    table_plan,
    tables,
    tighter_accept_number,
)

LEVELS = tables.LEVELS


def _read(reference_dir: Path, name: str) -> list[dict[str, str]]:
    with (reference_dir / "sampling" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _lot_range(label: str) -> tuple[int, int | None]:
    label = label.replace(",", "")
    if label.startswith("over"):
        return int(label.split()[1]), None
    low, high = label.split("-")
    return int(low), int(high)


# --- Table 1 -----------------------------------------------------------------------------


@pytest.mark.reference
def test_code_letters_match_table_1(reference_dir: Path) -> None:
    """Every lot-size band × level of MIL-STD-105E Table I (= ISO 2859-1 Table 1), at both ends."""
    rows = _read(reference_dir, "z14_table1_code_letters_AQLSchemes.csv")
    assert len(rows) == 15
    for row in rows:
        low, high = _lot_range(row["lot_size"])
        # AQLSchemes prints the last band as "over 500,001"; the standard's band starts at
        # 500 001 ("500 001 and over"), which is what Table 1 here encodes.
        ends = [low, high] if high is not None else [low, 10**9]
        for level in LEVELS:
            for lot in ends:
                assert code_letter(lot_size=lot, level=level) == row[level], (lot, level)


def test_code_letter_validation() -> None:
    with pytest.raises(AnalyticsError, match="lot_size 1 is below 2"):
        code_letter(lot_size=1)
    with pytest.raises(AnalyticsError, match="level 'IV' is not one of: S-1, S-2"):
        code_letter(lot_size=100, level="IV")
    with pytest.raises(AnalyticsError, match="whole number"):
        code_letter(lot_size=10.5)  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="whole number"):
        code_letter(lot_size=True)  # type: ignore[arg-type]


@given(st.integers(2, 2_000_000), st.integers(2, 2_000_000))
def test_code_letter_grows_with_lot_size_and_level(a: int, b: int) -> None:
    small, large = sorted((a, b))
    order = tables.CODE_LETTERS
    for level in LEVELS:
        assert order.index(code_letter(lot_size=small, level=level)) <= order.index(
            code_letter(lot_size=large, level=level)
        )
    letters = [order.index(code_letter(lot_size=small, level=lv)) for lv in ("I", "II", "III")]
    assert letters == sorted(letters)


# --- master tables against AQLSchemes (MIL-STD-105E) ---------------------------------------


@pytest.mark.reference
@pytest.mark.parametrize(
    ("inspection", "name"),
    [
        ("normal", "z14_single_normal_resolved_AQLSchemes.csv"),
        ("tightened", "z14_single_tightened_resolved_AQLSchemes.csv"),
        ("reduced", "z14_single_reduced_resolved_AQLSchemes.csv"),
    ],
)
def test_z14_tables_match_aqlschemes(reference_dir: Path, inspection: str, name: str) -> None:
    """Every code letter × AQL ≤ 10 (the README: above 10 AQLSchemes uses its own fill).

    Integers, compared exactly.
    """
    rows = [r for r in _read(reference_dir, name) if float(r["AQL"]) <= 10]
    assert len(rows) == 16 * 16
    for row in rows:
        cell = table_plan(
            code_letter=row["code_letter"],
            aql=float(row["AQL"]),
            inspection=inspection,
            standard="z14",
        )
        assert (cell.sample_size, cell.accept, cell.reject) == (
            int(row["n"]),
            int(row["Ac"]),
            int(row["Re"]),
        ), row


@pytest.mark.reference
@pytest.mark.parametrize("inspection", ["normal", "tightened"])
def test_gb2828_normal_tightened_match_z14_except_documented_cell(
    reference_dir: Path, inspection: str
) -> None:
    """ISO 2859-1 normal = 105E normal; tightened differs only at code letter A, AQL 10."""
    name = f"z14_single_{inspection}_resolved_AQLSchemes.csv"
    for row in _read(reference_dir, name):
        if float(row["AQL"]) > 10:
            continue
        cell = table_plan(
            code_letter=row["code_letter"], aql=float(row["AQL"]), inspection=inspection
        )
        got = (cell.sample_size, cell.accept, cell.reject)
        if inspection == "tightened" and row["code_letter"] == "A" and row["AQL"] == "10":
            assert got == (2, 0, 1)  # ISO Table 2-B prints 0/1 in row A at AQL 10
        else:
            assert got == (int(row["n"]), int(row["Ac"]), int(row["Re"])), row


@pytest.mark.reference
def test_vignette_plan(expected: dict) -> None:
    """AQLSchemes vignette: lot 3201–10 000, level II, AQL 1.5 → L, n 200, Ac 7, Re 8."""
    vignette = expected["z14_single_sampling"]["vignette_examples"]
    normal = vignette["lot_3201-10000_levelII_AQL1.5_normal"]
    tightened = vignette["same_tightened"]
    for standard in ("gb2828", "z14"):
        for lot in (3201, 5000, 10000):
            plan = single_sampling_plan(lot_size=lot, aql=1.5, level="II", standard=standard)
            assert plan.code_letter == normal["code"] == plan.code_letter_after_arrow
            assert (plan.sample_size, plan.accept, plan.reject) == (
                normal["n"],
                normal["Ac"],
                normal["Re"],
            )
            tight = single_sampling_plan(
                lot_size=lot, aql=1.5, inspection="tightened", standard=standard
            )
            assert (tight.sample_size, tight.accept) == (tightened["n"], tightened["Ac"])
            assert tight.reject == 6


# --- hand-worked examples from the printed tables ------------------------------------------


@pytest.mark.parametrize(
    ("standard", "letter", "aql", "expected"),
    [
        # ISO 2859-1 Table 2-C: no Ac/Re gap; L (n = 80) at 1.5 reads 5/6 on its diagonal.
        ("gb2828", "L", 1.5, ("L", None, 80, 5, 6)),
        ("gb2828", "L", 2.5, ("L", None, 80, 6, 7)),
        ("gb2828", "L", 4.0, ("L", None, 80, 8, 9)),
        ("gb2828", "L", 6.5, ("L", None, 80, 10, 11)),
        ("gb2828", "L", 10, ("K", "up", 50, 10, 11)),
        ("gb2828", "L", 0.10, ("K", "up", 50, 0, 1)),
        ("gb2828", "L", 0.15, ("N", "down", 200, 1, 2)),  # ↓ through M to N
        ("gb2828", "A", 10, ("D", "down", 3, 1, 2)),
        ("gb2828", "R", 0.025, ("N", "up", 200, 0, 1)),  # one long ↑ through R, Q, P
        ("gb2828", "P", 0.040, ("R", "down", 800, 1, 2)),
        # MIL-STD-105E Table II-C: the same cells with the gap plans.
        ("z14", "L", 1.5, ("L", None, 80, 3, 6)),
        ("z14", "L", 6.5, ("L", None, 80, 10, 13)),
        ("z14", "R", 0.025, ("R", None, 800, 0, 2)),
    ],
)
def test_reduced_plans_hand_worked(
    standard: str, letter: str, aql: float, expected: tuple[str, str | None, int, int, int]
) -> None:
    cell = table_plan(code_letter=letter, aql=aql, inspection="reduced", standard=standard)
    assert (
        cell.code_letter_after_arrow,
        cell.arrow,
        cell.sample_size,
        cell.accept,
        cell.reject,
    ) == expected


def test_iso_reduced_has_no_gap_and_z14_reduced_does() -> None:
    gaps = {"gb2828": set(), "z14": set()}
    for standard in gaps:
        for letter in tables.CODE_LETTERS:
            for aql in tables.AQL_LABELS[:16]:
                cell = table_plan(
                    code_letter=letter, aql=float(aql), inspection="reduced", standard=standard
                )
                gaps[standard].add(cell.reject - cell.accept)
    assert gaps["gb2828"] == {1}
    assert gaps["z14"] == {1, 2, 3}


def test_tightened_code_letter_s_and_arrows() -> None:
    """Q and R at AQL 0.025 tightened → S, n = 3150, 1/2; R at 0.015 → ↑ to Q."""
    for letter in ("Q", "R"):
        cell = table_plan(code_letter=letter, aql=0.025, inspection="tightened")
        assert (cell.code_letter_after_arrow, cell.sample_size, cell.accept) == ("S", 3150, 1)
    cell = table_plan(code_letter="R", aql=0.015, inspection="tightened")
    assert (cell.code_letter_after_arrow, cell.arrow, cell.sample_size) == ("Q", "up", 1250)


def test_arrow_reported_before_and_after() -> None:
    # Lot 100, level II → F; F at AQL 1.5 is ↓ → G (n = 32), 1/2.
    plan = single_sampling_plan(lot_size=100, aql=1.5)
    assert (plan.code_letter, plan.code_letter_after_arrow, plan.arrow) == ("F", "G", "down")
    assert (plan.sample_size, plan.accept, plan.reject) == (32, 1, 2)
    assert not plan.hundred_percent


def test_hundred_percent_when_sample_reaches_lot() -> None:
    # Lot 20, level II → C; C at AQL 0.10 is ↓ to K (n = 125) ≥ 20: inspect the whole lot.
    plan = single_sampling_plan(lot_size=20, aql=0.10)
    assert plan.code_letter == "C" and plan.code_letter_after_arrow == "K"
    assert plan.hundred_percent and plan.sample_size == 20 and plan.table_sample_size == 125
    exact = single_sampling_plan(lot_size=2, aql=6.5)  # A, n = 2 = lot size
    assert exact.hundred_percent and exact.sample_size == 2


def test_aql_basis_and_large_aql() -> None:
    plan = single_sampling_plan(lot_size=10, aql=250, level="I")
    assert plan.aql_basis == "nonconformities_per_100_units"
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("A", 2, 10, 11)
    assert single_sampling_plan(lot_size=5000, aql=10).aql_basis.startswith("percent")


def test_bad_aql_lists_valid_ones() -> None:
    with pytest.raises(SpecificationError, match=r"aql 2 is not a column .*0\.010, 0\.015"):
        single_sampling_plan(lot_size=5000, aql=2.0)
    with pytest.raises(SpecificationError, match="must be a number"):
        single_sampling_plan(lot_size=5000, aql=math.nan)
    with pytest.raises(SpecificationError, match="not tabulated"):
        single_sampling_plan(lot_size=5000, aql=25, inspection="reduced")
    with pytest.raises(AnalyticsError, match="inspection 'loose' is not one of"):
        single_sampling_plan(lot_size=5000, aql=1.5, inspection="loose")
    with pytest.raises(AnalyticsError, match="standard 'iso' is not one of"):
        single_sampling_plan(lot_size=5000, aql=1.5, standard="iso")
    with pytest.raises(AnalyticsError, match="code letter 'S' is not one of"):
        table_plan(code_letter="S", aql=1.5)


def test_tighter_accept_number() -> None:
    assert tighter_accept_number(code_letter="L", aql=1.5) == 5  # L at 1.0: 5/6
    assert tighter_accept_number(code_letter="L", aql=0.010) is None  # no tighter column
    assert tighter_accept_number(code_letter="L", aql=0.25) is None  # L at 0.15 is ↓


@given(
    st.sampled_from(tables.CODE_LETTERS),
    st.sampled_from(tables.AQL_LABELS[:16]),
    st.sampled_from(["gb2828", "z14"]),
)
def test_tightened_never_looser_than_normal(letter: str, aql: str, standard: str) -> None:
    """At the same code letter and AQL, tightened accepts with probability ≤ normal.

    Checked for p ≤ 25 %: ISO's row A at AQL 10 (tightened 0/1 with n = 2 against normal ↓ to
    C, n = 5, 1/2) crosses over only above about 40 % nonconforming.
    """
    normal = table_plan(code_letter=letter, aql=float(aql), standard=standard)
    tight = table_plan(
        code_letter=letter, aql=float(aql), inspection="tightened", standard=standard
    )
    grid = np.linspace(0, 0.25, 26)
    pa_n = stats.binom.cdf(normal.accept, normal.sample_size, grid)
    pa_t = stats.binom.cdf(tight.accept, tight.sample_size, grid)
    assert np.all(pa_t <= pa_n + 1e-12)


# --- OC curve ------------------------------------------------------------------------------


def test_oc_curve_binomial_vignette_plan() -> None:
    oc = oc_curve(sample_size=200, accept=7, aql=1.5)
    assert oc.model == "binomial" and oc.reject == 8
    assert oc.pa[0] == 1.0
    assert np.all(np.diff(oc.pa) <= 0)
    # Pa at the AQL from the binomial CDF directly (exact identity, float tolerance).
    assert oc.pa_at_aql == pytest.approx(stats.binom.cdf(7, 200, 0.015), rel=1e-12)
    for pa, q in ((0.95, oc.quality_at_pa95), (0.5, oc.quality_at_pa50), (0.1, oc.quality_at_pa10)):
        assert stats.binom.cdf(7, 200, q / 100) == pytest.approx(pa, abs=1e-9)
    assert np.array_equal(oc.pa, oc.pa_lot_not_rejected)


def test_oc_curve_poisson_and_gap() -> None:
    oc = oc_curve(sample_size=13, accept=21, aql=100)
    assert oc.model == "poisson"
    assert oc.pa_at_aql == pytest.approx(stats.poisson.cdf(21, 13.0), rel=1e-12)
    assert stats.poisson.cdf(21, 13 * oc.quality_at_pa10 / 100) == pytest.approx(0.1, abs=1e-9)
    gap = oc_curve(sample_size=80, accept=3, reject=6, max_quality=20, points=5)
    assert gap.quality[-1] == 20 and len(gap.quality) == 5
    assert np.all(gap.pa_lot_not_rejected >= gap.pa)
    capped = oc_curve(sample_size=2, accept=1, reject=3, model="binomial")
    assert capped.quality[-1] == 100  # Re - 1 = n: the curve P(D < Re) never drops
    assert oc_curve(sample_size=2, accept=2, model="poisson").quality_at_pa10 > 0


def test_oc_curve_validation() -> None:
    with pytest.raises(AnalyticsError, match="sample_size"):
        oc_curve(sample_size=0, accept=0)
    with pytest.raises(AnalyticsError, match="accept"):
        oc_curve(sample_size=5, accept=-1)
    with pytest.raises(AnalyticsError, match="reject 2 must be greater"):
        oc_curve(sample_size=5, accept=2, reject=2)
    with pytest.raises(AnalyticsError, match="model 'normal'"):
        oc_curve(sample_size=5, accept=1, model="normal")
    with pytest.raises(AnalyticsError, match="must be below sample_size"):
        oc_curve(sample_size=5, accept=5, model="binomial")
    with pytest.raises(AnalyticsError, match="points 1"):
        oc_curve(sample_size=5, accept=1, points=1)
    with pytest.raises(AnalyticsError, match="max_quality"):
        oc_curve(sample_size=5, accept=1, max_quality=0)


@given(st.integers(1, 3000), st.data())
def test_oc_curve_monotone(n: int, data: st.DataObject) -> None:
    ac = data.draw(st.integers(0, min(n - 1, 50))) if n > 1 else 0
    oc = oc_curve(sample_size=n, accept=ac, points=21)
    assert np.all(np.diff(oc.pa) <= 1e-12)
    assert oc.quality_at_pa95 <= oc.quality_at_pa50 <= oc.quality_at_pa10
