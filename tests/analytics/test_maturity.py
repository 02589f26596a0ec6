"""The capability scoring engine on hand-worked examples.

The toy framework: D1 (weight 0.6) with indicators I1, I2 (equal weights), D2 (weight 0.4) with
indicator I3; each indicator has one requirement per level, coded ``I<n>.<level>``. So a level
score is s = 0.6 · mean(I1, I2) + 0.4 · I3, with threshold 0.8 and dimension floor 0.6.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.analytics.errors import InsufficientDataError
from qualitas.analytics.maturity import (
    ChainMember,
    DimensionSpec,
    FrameworkSpec,
    GateEvent,
    GatingRule,
    IndicatorSpec,
    MaturityError,
    OnsiteRecord,
    RequirementSpec,
    chain_consistency,
    institution_consistency,
    peer_position,
    require_peers,
    score_framework,
)

INDS = ("I1", "I2", "I3")


def toy(**kw: object) -> FrameworkSpec:
    reqs = tuple(
        RequirementSpec(code=f"{i}.{lv}", indicator=i, level=lv, na_allowed=(i == "I3" and lv == 5))
        for i in INDS
        for lv in range(1, 6)
    )
    return FrameworkSpec(
        dimensions=(DimensionSpec(code="D1", weight=0.6), DimensionSpec(code="D2", weight=0.4)),
        indicators=(
            IndicatorSpec(code="I1", dimension="D1"),
            IndicatorSpec(code="I2", dimension="D1"),
            IndicatorSpec(code="I3", dimension="D2"),
        ),
        requirements=reqs,
        **{  # type: ignore[arg-type]
            "gating": (
                GatingRule(kind="serious_incident", within_years=3, cap=2),
                GatingRule(kind="published_penalty", within_years=3, cap=1),
            ),
            **kw,
        },
    )


def answers(upto: dict[int, tuple[str, str, str]], default: str = "none") -> dict[str, str]:
    """Answers per level for (I1, I2, I3); levels not given get ``default``."""
    out = {}
    for lv in range(1, 6):
        triple = upto.get(lv, (default, default, default))
        for ind, a in zip(INDS, triple, strict=True):
            out[f"{ind}.{lv}"] = a
    return out


FULL = ("full", "full", "full")
MOSTLY = ("mostly", "mostly", "mostly")
# 0.6 · (0.8 + 0.5)/2 + 0.4 · 1.0 = 0.79: just below the threshold, floors respected (0.65 ≥ 0.6)
JUST_BELOW = ("mostly", "partly", "full")


def test_all_fully_met_is_level_5() -> None:
    r = score_framework(toy(), answers(dict.fromkeys(range(1, 6), FULL)))
    assert (r.level, r.uncapped_level, r.score) == (5, 5, 5.0)
    assert r.missing == () and r.completeness == 1.0 and r.gaps == ()
    assert r.next_level is None


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 5])
def test_each_level_reached_when_its_levels_are_fully_met(k: int) -> None:
    r = score_framework(toy(), answers(dict.fromkeys(range(1, k + 1), FULL)))
    assert r.level == k
    assert r.score == pytest.approx(float(k))  # s_{k+1} = 0


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_level_met_exactly_at_threshold(k: int) -> None:
    # every requirement of level k "mostly met" = 0.8 = the threshold: met (the boundary is inclusive)
    r = score_framework(toy(), answers({**dict.fromkeys(range(1, k), FULL), k: MOSTLY}))
    assert r.level_scores[k] == pytest.approx(0.8)
    assert r.level == k


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_level_missed_just_below_threshold(k: int) -> None:
    r = score_framework(toy(), answers({**dict.fromkeys(range(1, k), FULL), k: JUST_BELOW}))
    assert r.level_scores[k] == pytest.approx(0.79)
    assert r.level == k - 1
    assert r.score == pytest.approx(k - 1 + 0.79)


def test_worked_example_level_3_with_partial_answers() -> None:
    # L3: I1 full, I2 partly → D1 = 0.75; D2 = 1 → s3 = 0.6·0.75 + 0.4 = 0.85 (met)
    # L4: all mostly → s4 = 0.8 (met); L5 none → s5 = 0 → level 4, S = 4.0
    r = score_framework(
        toy(), answers({1: FULL, 2: FULL, 3: ("full", "partly", "full"), 4: MOSTLY})
    )
    assert r.level_scores[3] == pytest.approx(0.85)
    assert r.dimension_level_scores["D1"][3] == pytest.approx(0.75)
    assert r.level == 4 and r.score == pytest.approx(4.0)
    # indicator I2: L3 = 0.5 < 0.8 → I2 alone reaches L2
    assert r.indicator_levels == {"I1": 4, "I2": 2, "I3": 4}
    # radar scores: I1 = (1+1+1+0.8+0)/5 = 0.76; D1 = mean(I1, I2) with I2 = (1+1+0.5+0.8+0)/5 = 0.66
    assert r.indicator_scores["I1"] == pytest.approx(0.76)
    assert r.dimension_scores["D1"] == pytest.approx(0.71)


def test_dimension_floor_blocks_a_level_despite_the_overall_threshold() -> None:
    # L2: D1 = 1.0, D2 = 0.5 → s2 = 0.6 + 0.2 = 0.8 meets the threshold, but D2 < floor 0.6
    a = answers({1: FULL, 2: ("full", "full", "partly"), 3: FULL})
    r = score_framework(toy(), a)
    assert r.level_scores[2] == pytest.approx(0.8)
    assert r.level_met[2] is False and r.level_met[3] is True
    assert r.level == 1 and math.floor(r.score) == 1
    # without a floor the same answers reach L3
    assert score_framework(toy(dimension_floor=0.0), a).level == 3


def test_levels_are_cumulative() -> None:
    # everything above L1 fully met, L1 not: no level at all
    r = score_framework(toy(), answers(dict.fromkeys(range(2, 6), FULL)))
    assert r.level_met[1] is False and all(r.level_met[lv] for lv in range(2, 6))
    assert r.level == 0 and r.score == pytest.approx(0.0)


def test_missing_answers_score_zero_and_are_listed() -> None:
    r = score_framework(toy(), {})
    assert r.level == 0 and r.score == 0.0
    assert r.answered == 0 and r.total == 15 and len(r.missing) == 15 and r.completeness == 0.0
    # one L1 answer missing: D2's L1 = 0 → s1 = 0.6 and the floor fails
    a = answers(dict.fromkeys(range(1, 6), FULL))
    del a["I3.1"]
    r = score_framework(toy(), a)
    assert r.missing == ("I3.1",) and r.answered == 14
    assert r.level_scores[1] == pytest.approx(0.6)
    assert r.level == 0 and r.score == pytest.approx(0.6)


def test_not_applicable_is_left_out_of_the_means() -> None:
    a = answers(dict.fromkeys(range(1, 6), FULL))
    a["I3.5"] = "na"
    r = score_framework(toy(), a)
    assert r.requirement_scores["I3.5"] is None
    assert r.dimension_level_scores["D2"][5] is None
    assert r.level_scores[5] == pytest.approx(1.0)  # D1 alone, weight renormalised
    assert r.level == 5
    with pytest.raises(MaturityError, match="not applicable"):
        score_framework(toy(), {"I1.1": "na"})


def test_invalid_answers_are_refused() -> None:
    with pytest.raises(MaturityError, match="unknown requirement"):
        score_framework(toy(), {"X.1": "full"})
    with pytest.raises(MaturityError, match="not on the scale"):
        score_framework(toy(), {"I1.1": "yes"})


def test_framework_validation() -> None:
    with pytest.raises(MaturityError, match="unknown dimension"):
        FrameworkSpec(
            dimensions=(DimensionSpec(code="D1"),),
            indicators=(IndicatorSpec(code="I", dimension="D9"),),
            requirements=(),
        )
    with pytest.raises(MaturityError, match="level must be 1–5"):
        FrameworkSpec(
            dimensions=(DimensionSpec(code="D1"),),
            indicators=(IndicatorSpec(code="I", dimension="D1"),),
            requirements=(RequirementSpec(code="R", indicator="I", level=6),),
        )
    with pytest.raises(MaturityError, match="appears twice"):
        FrameworkSpec(
            dimensions=(DimensionSpec(code="D1"), DimensionSpec(code="D1")),
            indicators=(),
            requirements=(),
        )


def test_top_level_without_requirements_is_not_reached() -> None:
    spec = FrameworkSpec(
        dimensions=(DimensionSpec(code="D"),),
        indicators=(IndicatorSpec(code="I", dimension="D"),),
        requirements=(
            RequirementSpec(code="R1", indicator="I", level=1),
            RequirementSpec(code="R2", indicator="I", level=2),
        ),
    )
    assert score_framework(spec, {"R1": "full", "R2": "full"}).level == 2


def test_gaps_to_the_next_level_ordered_by_level_then_impact() -> None:
    # level 1 reached; L2 JUST_BELOW → next level 2; gaps at L1 none; at L2: I2.2 (partly) and I1.2 (mostly)
    r = score_framework(toy(), answers({1: FULL, 2: JUST_BELOW}))
    assert r.level == 1 and r.next_level == 2
    assert [(g.requirement, g.level) for g in r.gaps] == [("I2.2", 2), ("I1.2", 2)]
    # impact = dimension share 0.6 × indicator share 0.5 × shortfall
    assert r.gaps[0].impact == pytest.approx(0.6 * 0.5 * 0.5)
    assert r.gaps[1].impact == pytest.approx(0.6 * 0.5 * 0.2)
    # closing every gap gives s2 = 1.0: the impacts add up to the shortfall of s2
    assert sum(g.impact for g in r.gaps) == pytest.approx(1.0 - r.level_scores[2])


AS_OF = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("occurred", "capped"),
    [
        (date(2026, 11, 22), True),  # the same day
        (date(2023, 11, 22), True),  # exactly three years before: inside (inclusive)
        (date(2023, 11, 21), False),  # three years and one day: outside
        (date(2026, 11, 23), False),  # after the evaluation date: not counted
    ],
)
def test_gating_window_is_three_years_inclusive(occurred: date, capped: bool) -> None:
    a = answers(dict.fromkeys(range(1, 6), FULL))
    r = score_framework(
        toy(),
        a,
        events=[GateEvent(kind="serious_incident", occurred_on=occurred, reference="X-1")],
        as_of=AS_OF,
    )
    assert r.uncapped_level == 5
    assert r.level == (2 if capped else 5)
    assert bool(r.gates) is capped


def test_strictest_gate_wins_and_a_cap_never_raises() -> None:
    a = answers(dict.fromkeys(range(1, 6), FULL))
    ev = [
        GateEvent(kind="serious_incident", occurred_on=date(2025, 1, 1)),
        GateEvent(kind="published_penalty", occurred_on=date(2024, 6, 1)),
    ]
    r = score_framework(toy(), a, events=ev, as_of=AS_OF)
    assert r.level == 1 and [g.cap for g in r.gates] == [1, 2]
    low = score_framework(toy(), answers({1: FULL}), events=ev[:1], as_of=AS_OF)
    assert low.level == 1  # cap 2 above the reached level changes nothing
    with pytest.raises(MaturityError, match="as_of"):
        score_framework(toy(), a, events=ev)


def test_gating_on_29_february() -> None:
    a = answers(dict.fromkeys(range(1, 6), FULL))
    ev = [GateEvent(kind="serious_incident", occurred_on=date(2021, 2, 28))]
    assert score_framework(toy(), a, events=ev, as_of=date(2024, 2, 29)).level == 2
    ev = [GateEvent(kind="serious_incident", occurred_on=date(2021, 2, 27))]
    assert score_framework(toy(), a, events=ev, as_of=date(2024, 2, 29)).level == 5


# --------------------------------------------------------------------------------------------
# Every gate by hand (issue 11, item 4): the rules of the shipped framework on the toy tree —
# incident cap L2, penalty cap L2 asked as requirement I3.1, dishonesty list cap L1 — and a cap-0
# rule. A gate caps the level *and* S: S = ℓ + min(s_{ℓ+1}, 0.9999) with ℓ the level given.

GATES = (
    GatingRule(kind="serious_incident", within_years=3, cap=2),
    GatingRule(kind="published_penalty", within_years=3, cap=2, requirement="I3.1"),
    GatingRule(kind="dishonesty_list", within_years=3, cap=1),
    GatingRule(kind="licence_revoked", within_years=3, cap=0),
)


def gated() -> FrameworkSpec:
    return toy(gating=GATES)


def event(kind: str, ref: str = "R-1") -> GateEvent:
    return GateEvent(kind=kind, occurred_on=date(2025, 3, 1), reference=ref)


ALL_FULL = answers(dict.fromkeys(range(1, 6), FULL))


@pytest.mark.parametrize(
    ("kind", "level", "score"),
    [
        # all fully met: s_ℓ = 1 at every level, so S = cap + 0.9999
        ("serious_incident", 2, 2.9999),
        ("published_penalty", 2, 2.9999),
        ("dishonesty_list", 1, 1.9999),
        ("licence_revoked", 0, 0.9999),
    ],
)
def test_each_recorded_gate_caps_level_and_score(kind: str, level: int, score: float) -> None:
    r = score_framework(gated(), ALL_FULL, events=[event(kind)], as_of=AS_OF)
    assert (r.uncapped_level, r.uncapped_score) == (5, 5.0)
    assert r.level == level and r.score == pytest.approx(score)
    assert math.floor(r.score) == r.level
    (g,) = r.gates
    assert (g.kind, g.cap, g.occurred_on, g.reference, g.requirement) == (
        kind,
        level,
        date(2025, 3, 1),
        "R-1",
        "",
    )


def test_a_gate_caps_score_at_the_level_given_with_its_next_level_score() -> None:
    # L1, L2 full; L3 mostly (s3 = 0.8, met); L4 full; L5 none → uncapped L4, S = 4 + s5 = 4.0.
    # An incident (cap L2) gives L2 and S = 2 + s3 = 2.8, not 4.0.
    a = answers({1: FULL, 2: FULL, 3: MOSTLY, 4: FULL})
    r = score_framework(gated(), a, events=[event("serious_incident")], as_of=AS_OF)
    assert (r.uncapped_level, r.uncapped_score) == (4, pytest.approx(4.0))
    assert (r.level, r.score) == (2, pytest.approx(2.8))
    # the dishonesty list (cap L1): S = 1 + s2 = 1 + min(1.0, 0.9999)
    r = score_framework(gated(), a, events=[event("dishonesty_list")], as_of=AS_OF)
    assert (r.level, r.score) == (1, pytest.approx(1.9999))


def test_a_cap_above_the_level_reached_changes_neither_level_nor_score() -> None:
    # L1, L2 full, L3 just below (s3 = 0.79): L2, S = 2.79; an incident (cap L2) changes nothing
    a = answers({1: FULL, 2: FULL, 3: JUST_BELOW})
    plain = score_framework(gated(), a)
    r = score_framework(gated(), a, events=[event("serious_incident")], as_of=AS_OF)
    assert (plain.level, plain.score) == (r.level, r.score) == (2, pytest.approx(2.79))
    assert r.uncapped_score == r.score and [g.cap for g in r.gates] == [2]


def test_the_penalty_requirement_answered_not_met_is_the_gate_not_a_missed_level() -> None:
    # every requirement fully met except I3.1 ("no penalty in three years"), answered "none"
    a = {**ALL_FULL, "I3.1": "none"}
    # as a scored L1 requirement it would count twice: D2 at L1 = 0 < floor → level 0, S = 0.6
    unlinked = score_framework(toy(gating=(GATES[0],)), a)
    assert (unlinked.level, unlinked.score) == (0, pytest.approx(0.6))
    # linked to the penalty rule it is not scored (D2 has nothing else at L1: s1 = D1 alone = 1)
    # and declares the penalty: the cap L2, once
    r = score_framework(gated(), a)
    assert r.requirement_scores["I3.1"] is None
    assert r.dimension_level_scores["D2"][1] is None and r.level_scores[1] == pytest.approx(1.0)
    assert (r.uncapped_level, r.level, r.score) == (5, 2, pytest.approx(2.9999))
    (g,) = r.gates
    assert (g.kind, g.cap, g.occurred_on, g.requirement) == ("published_penalty", 2, None, "I3.1")
    # stricter than nothing, never stricter than the dishonesty list (L1)
    worst = score_framework(gated(), a, events=[event("dishonesty_list")], as_of=AS_OF)
    assert worst.level == 1 and [x.kind for x in worst.gates] == [
        "dishonesty_list",
        "published_penalty",
    ]


@pytest.mark.parametrize(
    ("answer", "declared"),
    [("full", False), ("mostly", True), ("partly", True), ("none", True), (None, True)],
)
def test_only_fully_met_says_there_was_no_penalty(answer: str | None, declared: bool) -> None:
    a = dict(ALL_FULL)
    if answer is None:
        del a["I3.1"]  # unanswered: no level is gained by leaving the question out
    else:
        a["I3.1"] = answer
    r = score_framework(gated(), a)
    assert r.level == (2 if declared else 5)
    assert (r.missing == ("I3.1",)) is (answer is None)


def test_a_recorded_and_declared_penalty_counts_once() -> None:
    rec = event("published_penalty", "浙质罚〔2025〕12号")
    # recorded, answered "fully met": the record applies
    r = score_framework(gated(), ALL_FULL, events=[rec], as_of=AS_OF)
    assert r.level == 2 and [(g.reference, g.requirement) for g in r.gates] == [
        ("浙质罚〔2025〕12号", "")
    ]
    # recorded and answered "not met": still one gate, the recorded one
    r = score_framework(gated(), {**ALL_FULL, "I3.1": "none"}, events=[rec], as_of=AS_OF)
    assert r.level == 2 and [g.reference for g in r.gates] == ["浙质罚〔2025〕12号"]


def test_a_gating_rule_must_name_a_requirement_of_the_framework() -> None:
    with pytest.raises(MaturityError, match="unknown requirement 'X.1'"):
        toy(
            gating=(GatingRule(kind="published_penalty", within_years=3, cap=2, requirement="X.1"),)
        )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["full", "mostly", "partly", "none"]), min_size=15, max_size=15),
    st.sets(st.sampled_from([g.kind for g in GATES])),
)
def test_floor_of_score_is_the_level(values: list[str], kinds: set[str]) -> None:
    keys = [f"{i}.{lv}" for i in INDS for lv in range(1, 6)]
    ans = dict(zip(keys, values, strict=True))
    r = score_framework(gated(), ans, events=[event(k) for k in sorted(kinds)], as_of=AS_OF)
    # S as stored (four places) and the level agree, with or without gates
    assert math.floor(round(r.score, 4)) == r.level <= r.uncapped_level
    assert math.floor(round(r.uncapped_score, 4)) == r.uncapped_level
    assert 0.0 <= r.score <= r.uncapped_score <= 5.0
    assert r.level == min([r.uncapped_level, *(g.cap for g in r.gates)])


def test_peer_position_mid_rank_and_withholding() -> None:
    p = peer_position(2.5, [1.0, 2.0, 2.5, 3.0, 4.0], [1, 2, 2, 3, 4], min_group=5)
    assert p.percentile == pytest.approx(100 * (2 + 0.5) / 5)
    assert p.level_counts == {0: 0, 1: 1, 2: 2, 3: 1, 4: 1, 5: 0}
    w = peer_position(2.5, [1.0, 2.0, 2.5, 3.0], [1, 2, 2, 3], min_group=5)
    assert w.withheld and w.percentile is None and w.level_counts is None and w.n == 4


def test_institution_consistency_by_hand() -> None:
    recs = [
        OnsiteRecord(institution="A", cell="C38/small", onsite=3.0, self_score=3.5),
        OnsiteRecord(institution="A", cell="C38/small", onsite=2.0, self_score=3.0),
        OnsiteRecord(institution="B", cell="C38/small", onsite=2.5, self_score=2.5),
        OnsiteRecord(institution="B", cell="C38/small", onsite=1.5, self_score=None),
    ]
    a, b = institution_consistency(recs, min_group=2)
    assert a.institution == "A" and a.self_gap.n == 2
    assert a.self_gap.mean == pytest.approx(-0.75) and a.self_gap.sd == pytest.approx(
        math.sqrt(0.125)
    )
    # others' (B's) cell mean = 2.0 → A's gaps 1.0 and 0.0
    assert a.peer_gap.mean == pytest.approx(0.5) and a.peer_gap.n == 2
    # A's cell mean = 2.5 → B's gaps 0.0 and −1.0
    assert b.peer_gap.mean == pytest.approx(-0.5) and b.self_gap.n == 1 and b.self_gap.sd is None
    # with a minimum group of 3 no institution has enough comparable evaluations
    assert all(c.peer_gap.n == 0 for c in institution_consistency(recs, min_group=3))


def test_chain_consistency_weakest_first() -> None:
    members = [
        ChainMember(member="s1", level=3, dimension_scores={"D1": 0.8, "D2": 0.4}),
        ChainMember(member="s2", level=2, dimension_scores={"D1": 0.6, "D2": 0.5}),
        ChainMember(member="s3", level=3, dimension_scores={"D1": 0.5, "D2": 0.3}),
    ]
    c = chain_consistency(members, required_level=3)
    assert c.share_at_required == pytest.approx(2 / 3)
    assert c.weakest_level == 2 and c.weakest_dimension == "D2"
    assert c.dimension_means["D2"] == pytest.approx(0.4)
    assert c.order == ("s2", "s3", "s1")
    empty = chain_consistency([], required_level=3)
    assert empty.n == 0 and empty.share_at_required is None


ONE_D = (DimensionSpec(code="D"),)
ONE_I = (IndicatorSpec(code="I", dimension="D"),)
ONE_R = (RequirementSpec(code="R", indicator="I", level=1),)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"dimensions": ()}, "no dimensions"),
        ({"dimensions": (DimensionSpec(code="D", weight=0),)}, "dimension D: weight"),
        ({"indicators": (IndicatorSpec(code="I", dimension="D", weight=-1),)}, "indicator I"),
        (
            {"requirements": (RequirementSpec(code="R", indicator="X", level=1),)},
            "unknown indicator",
        ),
        (
            {"requirements": (RequirementSpec(code="R", indicator="I", level=1, weight=0),)},
            "weight",
        ),
        ({"scale": {"full": 1.0, "na": 0.5}}, "answer scale"),
        ({"scale": {"full": 1.5}}, "answer scale"),
        ({"threshold": 0.0}, "threshold"),
        ({"dimension_floor": 0.9}, "dimension_floor"),
        ({"gating": (GatingRule(kind="x", within_years=3, cap=5),)}, "cap must be 0–4"),
        ({"gating": (GatingRule(kind="x", within_years=0, cap=2),)}, "window"),
    ],
)
def test_framework_validation_names_the_part(kw: dict[str, object], message: str) -> None:
    parts: dict[str, object] = {
        "dimensions": ONE_D,
        "indicators": ONE_I,
        "requirements": ONE_R,
        **kw,
    }
    with pytest.raises(MaturityError, match=message):
        FrameworkSpec(**parts)  # type: ignore[arg-type]


def test_peer_and_chain_inputs_are_checked() -> None:
    with pytest.raises(MaturityError, match="differ in length"):
        peer_position(1.0, [1.0, 2.0], [1], min_group=1)
    with pytest.raises(MaturityError, match="required_level"):
        chain_consistency([], required_level=6)
    c = chain_consistency(
        [ChainMember(member="s", level=2, dimension_scores={"D1": None, "D2": 0.5})],
        required_level=2,
    )
    assert c.dimension_means == {"D2": 0.5} and c.share_at_required == 1.0
    require_peers(5, 5)
    with pytest.raises(InsufficientDataError, match="4 enterprises: statistics need at least 5"):
        require_peers(4, 5)
