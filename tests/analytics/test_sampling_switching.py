"""Switching rules (ISO 2859-1:1999 clause 9; ANSI/ASQ Z1.4) on hand-worked lot sequences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.sampling import (
    LotRecord,
    SwitchingState,
    simulate_switching,
    switching_step,
)


def _lots(pattern: str, **kwargs: object) -> list[LotRecord]:
    return [LotRecord(accepted=c == "A", **kwargs) for c in pattern]  # type: ignore[arg-type]


def _states(pattern: str, **kwargs: object) -> list[str]:
    history = simulate_switching(lots=_lots(pattern), **kwargs)  # type: ignore[arg-type]
    return [step.next_inspection for step in history.steps]


def test_normal_to_tightened_after_r_a_r() -> None:
    # 9.3.1: lots 1 and 3 not accepted: 2 out of 3 (≤ 5) consecutive lots → tightened.
    assert _states("RAR") == ["normal", "normal", "tightened"]
    history = simulate_switching(lots=_lots("RAR"))
    assert "2 of 5" in history.steps[2].reason


def test_two_rejections_six_lots_apart_stay_normal() -> None:
    # R A A A A R: the two rejections are 6 lots apart, never within 5 consecutive lots.
    assert _states("RAAAAR")[-1] == "normal"
    # R A A A R: within 5 consecutive lots → tightened at the fifth lot.
    assert _states("RAAAR")[-1] == "tightened"


def test_tightened_to_normal_after_five_accepted() -> None:
    states = _states("RR" + "AAAA" + "A")
    assert states[1] == "tightened"
    assert states[2:6] == ["tightened"] * 4
    assert states[6] == "normal"


def test_tightened_run_restarts_after_a_rejection() -> None:
    states = _states("RR" + "AAAAR" + "AAAA" + "A")
    assert states[6] == "tightened"  # run broken by R
    assert states[-2] == "tightened" and states[-1] == "normal"


def test_discontinue_after_five_not_accepted_on_tightened() -> None:
    # Not necessarily consecutive: cumulative on this spell of tightened inspection.
    pattern = "RR" + "RARARAR" + "AA"
    history = simulate_switching(lots=_lots(pattern))
    states = [s.next_inspection for s in history.steps]
    assert states[1] == "tightened"
    # Lots 3..9 on tightened: R A R A R A R, i.e. 4 not accepted (lots 3, 5, 7, 9): go on.
    assert states[8] == "tightened"
    history = simulate_switching(lots=_lots("RR" + "RARARARR" + "A"))
    states = [s.next_inspection for s in history.steps]
    assert history.discontinued_at_lot == 10  # lots 3,5,7,9,10 not accepted
    assert states[9:] == ["discontinued", "discontinued"]
    assert history.steps[9].reason.startswith("5 lots not accepted")
    assert history.steps[10].inspection == "discontinued" and history.steps[10].reason == ""
    assert history.final_state.inspection == "discontinued"


def test_resume_on_tightened() -> None:
    assert _states("AAAAA", initial_inspection="tightened")[-1] == "normal"


# --- switching score, ISO 2859-1:1999 9.3.3.2 ---------------------------------------------


def test_switching_score_ac_0_or_1_adds_two() -> None:
    # Lot 5000, level II, AQL 0.10 → L (n 200), normal plan 0/1: +2 per accepted lot.
    lots = [LotRecord(accepted=True, approved_for_reduced=True)] * 15
    history = simulate_switching(lots=lots, aql=0.10, lot_size=5000)
    scores = [s.switching_score for s in history.steps]
    assert history.steps[0].accept == 0
    assert scores[:14] == [2 * k for k in range(1, 15)]
    # 15 × 2 = 30 reached at lot 15 with approval and steady production → reduced.
    assert history.steps[14].next_inspection == "reduced"
    assert "switching score 30" in history.steps[14].reason
    assert history.steps[14].switching_score is None


def test_switching_score_resets_on_rejection() -> None:
    lots = (
        [LotRecord(nonconforming=0)] * 3
        + [LotRecord(nonconforming=1)]
        + [LotRecord(nonconforming=0)]
    )
    history = simulate_switching(lots=lots, aql=0.10, lot_size=5000)
    assert [s.switching_score for s in history.steps] == [2, 4, 6, 0, 2]


def test_switching_score_ac_two_or_more_one_step_tighter() -> None:
    # L at AQL 1.5: Ac 7; one step tighter (AQL 1.0, same n = 200) Ac 5.
    ds = [5, 0, 6, 3, 7, 8, 2]
    history = simulate_switching(
        lots=[LotRecord(nonconforming=d) for d in ds], aql=1.5, lot_size=5000
    )
    # d=5 → +3 (3); d=0 → +3 (6); d=6 accepted but not at Ac 5 → reset (0); d=3 → 3;
    # d=7 accepted, not at tighter → 0; d=8 not accepted → 0; d=2 → 3.
    assert [s.switching_score for s in history.steps] == [3, 6, 0, 3, 0, 0, 3]
    assert [s.accepted for s in history.steps] == [True, True, True, True, True, False, True]


def test_score_thirty_needs_steady_production_and_approval() -> None:
    base = [LotRecord(nonconforming=0)] * 10  # 10 × 3 = 30 at AQL 1.5 (Ac 7 ≥ 2)
    history = simulate_switching(lots=base, aql=1.5, lot_size=5000)
    assert history.steps[-1].switching_score == 30
    assert history.final_state.inspection == "normal"
    unsteady = [LotRecord(nonconforming=0, approved_for_reduced=True, steady_production=False)]
    history = simulate_switching(lots=base + unsteady, aql=1.5, lot_size=5000)
    assert history.final_state.inspection == "normal"
    assert history.steps[-1].switching_score == 33
    approved = [LotRecord(nonconforming=0, approved_for_reduced=True)]
    history = simulate_switching(lots=base + approved, aql=1.5, lot_size=5000)
    assert history.final_state.inspection == "reduced"


def test_reduced_plan_and_return_to_normal() -> None:
    to_reduced = [LotRecord(nonconforming=0, approved_for_reduced=True)] * 10
    lots = [*to_reduced, LotRecord(nonconforming=5), LotRecord(nonconforming=6)]
    history = simulate_switching(lots=lots, aql=1.5, lot_size=5000)
    reduced_step = history.steps[10]
    # ISO Table 2-C, L at AQL 1.5: n 80, 5/6.
    assert reduced_step.inspection == "reduced"
    assert (reduced_step.sample_size, reduced_step.accept, reduced_step.reject) == (80, 5, 6)
    assert reduced_step.accepted and reduced_step.next_inspection == "reduced"
    assert history.steps[11].accepted is False
    assert history.steps[11].next_inspection == "normal"
    assert history.steps[11].reason == "lot not accepted on reduced inspection"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (LotRecord(accepted=True, steady_production=False), "production irregular or delayed"),
        (LotRecord(accepted=True, reinstate_normal=True), "other conditions"),
    ],
)
def test_reduced_to_normal_on_conditions(record: LotRecord, reason: str) -> None:
    history = simulate_switching(
        lots=[LotRecord(accepted=True), record], initial_inspection="reduced"
    )
    assert history.steps[0].next_inspection == "reduced"
    assert history.steps[1].next_inspection == "normal"
    assert reason in history.steps[1].reason


def test_z14_reduced_gap_returns_to_normal() -> None:
    # 105E Table II-C, L at AQL 1.5: n 80, Ac 3, Re 6. d = 4: accepted, normal reinstated.
    history = simulate_switching(
        lots=[LotRecord(nonconforming=3), LotRecord(nonconforming=4), LotRecord(nonconforming=1)],
        aql=1.5,
        lot_size=5000,
        standard="z14",
        initial_inspection="reduced",
    )
    first, second, third = history.steps
    assert (first.accept, first.reject) == (3, 6) and first.next_inspection == "reduced"
    assert second.accepted and second.next_inspection == "normal"
    assert "Ac < d < Re" in second.reason
    assert third.inspection == "normal" and third.sample_size == 200


def test_z14_ten_accepted_lots_for_reduced() -> None:
    lots = [LotRecord(accepted=True, approved_for_reduced=True)] * 10
    history = simulate_switching(lots=lots, standard="z14")
    assert [s.next_inspection for s in history.steps][-2:] == ["normal", "reduced"]
    assert all(s.switching_score is None for s in history.steps)
    # a rejection restarts the count
    lots = (
        [LotRecord(accepted=True)] * 4
        + _lots("R")
        + [LotRecord(accepted=True, approved_for_reduced=True)] * 9
    )
    assert simulate_switching(lots=lots, standard="z14").final_state.inspection == "normal"


def test_without_aql_score_unknown() -> None:
    lots = [LotRecord(accepted=True, approved_for_reduced=True)] * 20
    history = simulate_switching(lots=lots)
    assert history.final_state.inspection == "normal"
    assert all(s.switching_score is None and s.sample_size is None for s in history.steps)


def test_input_errors() -> None:
    with pytest.raises(AnalyticsError, match="lots is empty"):
        simulate_switching(lots=[])
    with pytest.raises(AnalyticsError, match="standard 'x'"):
        simulate_switching(lots=_lots("A"), standard="x")
    with pytest.raises(AnalyticsError, match="initial_inspection 'x'"):
        simulate_switching(lots=_lots("A"), initial_inspection="x")
    with pytest.raises(AnalyticsError, match="lot 1: lot size is needed"):
        simulate_switching(lots=_lots("A"), aql=1.5)
    with pytest.raises(AnalyticsError, match="lot 2: lot_size 1 is below 2"):
        simulate_switching(
            lots=[LotRecord(accepted=True), LotRecord(accepted=True, lot_size=1)],
            aql=1.5,
            lot_size=50,
        )
    with pytest.raises(AnalyticsError, match="lot 1: the switching score needs"):
        simulate_switching(lots=_lots("A"), aql=1.5, lot_size=5000)
    with pytest.raises(AnalyticsError, match="lot 1: give whether the lot was accepted"):
        simulate_switching(lots=[LotRecord(nonconforming=1)])
    with pytest.raises(AnalyticsError, match="lot 1: nonconforming -1"):
        simulate_switching(lots=[LotRecord(nonconforming=-1)], aql=1.5, lot_size=5000)
    with pytest.raises(AnalyticsError, match="lot 1: accepted=True contradicts 9"):
        simulate_switching(lots=[LotRecord(accepted=True, nonconforming=9)], aql=1.5, lot_size=5000)
    # consistent flag and count are fine
    ok = simulate_switching(
        lots=[LotRecord(accepted=False, nonconforming=9)], aql=1.5, lot_size=5000
    )
    assert ok.steps[0].accepted is False


def test_step_function_directly() -> None:
    with pytest.raises(AnalyticsError, match="standard 'x'"):
        switching_step(SwitchingState(), accepted=True, standard="x")
    with pytest.raises(AnalyticsError, match="needs the number nonconforming when Ac = 2"):
        switching_step(SwitchingState(), accepted=True, accept=2, tighter_accept=1)
    state, reason = switching_step(SwitchingState(inspection="discontinued"), accepted=True)
    assert state.inspection == "discontinued" and "corrective action" in reason
    state, _ = switching_step(SwitchingState(), accepted=True, accept=1)
    assert state.switching_score == 2


@given(st.lists(st.booleans(), min_size=1, max_size=60))
def test_state_machine_invariants(results: list[bool]) -> None:
    history = simulate_switching(lots=[LotRecord(accepted=r) for r in results])
    for before, step in zip(history.steps, history.steps[1:], strict=False):
        assert step.inspection == before.next_inspection
    for step in history.steps:
        if step.inspection == "normal" and step.next_inspection == "tightened":
            assert not step.accepted
        if step.inspection == "tightened" and step.next_inspection == "normal":
            assert step.accepted
        assert step.next_inspection != "reduced"  # never without score and approval
    if all(results):
        assert history.final_state.inspection == "normal"
