"""VDA 6.3-style audit scoring on hand-worked audits (rules in
../shared/reference/domain/vda63_structure.csv)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qualitas.suppliers.vda import Answer, AuditScoringError, score_audit


def _a(number: str, *scores: int, star: bool = False, sub: str = "") -> Answer:
    return Answer(number=number, element="P" + number[0], sub_element=sub, star=star, scores=scores)


def test_twelve_of_thirteen_evaluated_98_percent_is_a():
    # 13 questions, 12 evaluated → 120 possible points; 118 awarded → 98.33 % → A, no downgrade
    answers = [
        _a("2.1", 10), _a("2.2", 10, star=True), _a("2.3", 10),
        _a("5.1", 10), _a("5.2", 10), _a("5.3", 8), _a("5.4", 10, star=True),
        _a("7.1", 10), _a("7.2", 10), _a("7.3", 10, star=True), _a("7.4", 10), _a("7.5", 10),
        _a("7.6"),  # not evaluated
    ]  # fmt: skip
    r = score_audit(answers)
    assert (r.evaluated, r.possible_points, r.awarded_points) == (12, 120, Decimal(118))
    assert round(r.overall, 2) == Decimal("98.33")
    assert r.elements["P5"] == Decimal(95)
    assert (r.score_class, r.final_class, r.downgrades) == ("A", "A", ())


def test_88_percent_is_b_and_78_percent_is_c_without_downgrading():
    b = [_a(f"2.{i}", s) for i, s in enumerate([10, 8, 8, 8, 10], start=1)]  # 44/50 = 88 %
    assert (score_audit(b).overall, score_audit(b).final_class) == (Decimal(88), "B")
    c = [_a(f"2.{i}", s) for i, s in enumerate([8, 8, 8, 6, 8], start=1)]  # 38/50 = 76 %
    r = score_audit(c)
    assert (r.overall, r.score_class, r.final_class) == (Decimal(76), "C", "C")


def test_star_question_scored_4_downgrades_a_to_b():
    # 10 questions: nine 10s and star 2.2 at 4 → 94/100 = 94 % (A by score); P2 = 94 %
    answers = [_a("2.2", 4, star=True)] + [_a(f"2.{i}", 10) for i in range(3, 12)]
    r = score_audit(answers)
    assert (r.overall, r.score_class, r.final_class) == (Decimal(94), "A", "B")
    assert r.downgrades == (("star_scored_4", "2.2"),)


def test_any_question_scored_0_downgrades_a_to_b():
    answers = (
        [_a("3.1", 0)]
        + [_a(f"2.{i}", 10) for i in range(1, 10)]
        + [_a(f"3.{i}", 10) for i in range(2, 11)]
    )  # P3: 90/100 = 90 %; overall 180/190 = 94.7 %
    r = score_audit(answers)
    assert (r.score_class, r.final_class) == ("A", "B")
    assert r.downgrades == (("question_scored_0", "3.1"),)


def test_element_below_70_sets_c_even_with_overall_above_80():
    # P5: 6, 6, 8 → 20/30 = 66.67 % (< 70 after rounding: 67); P6 twelve 10s → overall 140/150 = 93.3 %
    answers = [_a("5.1", 6), _a("5.2", 6), _a("5.3", 8)] + [_a(f"6.{i}", 10) for i in range(1, 13)]
    r = score_audit(answers)
    assert (r.score_class, r.final_class) == ("A", "C")
    assert ("element_below_70", "P5") in r.downgrades


def test_star_question_scored_0_sets_c():
    answers = [_a("7.3", 0, star=True)] + [_a(f"7.{i}", 10) for i in range(4, 24)]  # 200/210
    r = score_audit(answers)
    assert (r.score_class, r.final_class) == ("A", "C")
    assert ("star_scored_0", "7.3") in r.downgrades


def test_sub_element_below_80_downgrades_to_b():
    # P6 sub-element 6.2: 8, 6, 8 → 22/30 = 73 %; others 10 → overall 22+150 = 172/180 = 95.6 %
    answers = [_a("6.2.1", 8, sub="6.2"), _a("6.2.2", 6, sub="6.2"), _a("6.2.3", 8, sub="6.2")]
    answers += [_a(f"6.1.{i}", 10, sub="6.1") for i in range(1, 16)]
    r = score_audit(answers)
    assert (r.score_class, r.final_class) == ("A", "B")
    assert ("sub_element_below_80", "6.2") in r.downgrades
    assert r.elements["P6"] > 90


def test_element_results_are_rounded_to_whole_percent_before_downgrading():
    # P4 with two questions scored per process step: means 7.90 and 8.00 → 15.9/20 = 79.5 % → 80
    answers = [_a("4.1", *([8] * 19), 6), _a("4.2", 8)]  # 4.1 at 20 steps: 158 / 20 = 7.90
    answers += [_a(f"2.{i}", 10) for i in range(1, 11)]
    r = score_audit(answers)
    assert r.elements["P4"] == Decimal("79.5")
    assert not any(code == "element_below_80" for code, _ in r.downgrades)


def test_fewer_than_two_thirds_evaluated_is_refused_naming_the_element():
    with pytest.raises(AuditScoringError) as err:
        score_audit([_a("5.1", 10), _a("5.2"), _a("5.3")])
    assert err.value.where == {"element": "P5"}


def test_a_score_outside_the_scale_is_refused():
    with pytest.raises(AuditScoringError) as err:
        score_audit([_a("2.1", 5)])
    assert err.value.where == {"question": "2.1"}
