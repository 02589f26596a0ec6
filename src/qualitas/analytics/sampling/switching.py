"""Switching rules between normal, tightened and reduced inspection, as a state machine.

GB/T 2828.1-2012 ≡ ISO 2859-1:1999 clause 9 (``standard="gb2828"``):

* **normal → tightened** (9.3.1): 2 lots out of 5 or fewer consecutive lots are not accepted on
  original inspection. The window holds the lots inspected since normal inspection (re)started.
* **tightened → normal** (9.3.2): 5 consecutive lots are accepted on original inspection.
* **normal → reduced** (9.3.3): *all* of a) the switching score is at least 30, b) production is
  at a steady rate, c) the responsible authority considers reduced inspection desirable. b) and
  c) are inputs per lot. The switching score (9.3.3.2, single sampling) starts at 0 when normal
  inspection starts and is updated after every lot on original normal inspection: when the
  plan's acceptance number is 2 or more, add 3 if the lot would have been accepted had the AQL
  been one step tighter (same sample size, next smaller AQL column of Table 2-A), otherwise
  reset to 0; when the acceptance number is 0 or 1, add 2 if the lot is accepted, otherwise reset
  to 0.
* **reduced → normal** (9.3.4): a lot is not accepted, or production becomes irregular or
  delayed, or other conditions warrant normal inspection (both inputs).
* **discontinuation** (9.4): the cumulative number of lots not accepted in a sequence of
  consecutive lots on original tightened inspection reaches 5. Inspection resumes (on
  tightened) only after the supplier's corrective action is accepted: start a new simulation
  with ``initial_inspection="tightened"``.

ANSI/ASQ Z1.4-2003 ≡ MIL-STD-105E tables (``standard="z14"``), differences:

* normal → reduced: the preceding 10 lots on normal inspection are all accepted, production is
  steady and the responsible authority approves (Z1.4 8.3.3; the limit numbers of Table VIII are
  optional since Z1.4-2003 and are not applied here);
* reduced → normal also when a lot is accepted with Ac < d < Re (the reduced plans' gap,
  MIL-STD-105E 10.1.4): the lot is accepted but normal inspection is reinstated;
* discontinuation after 5 lots not accepted on tightened, as ISO (Z1.4-2003; MIL-STD-105E's
  older rule was 10 consecutive lots remaining on tightened).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.sampling.plans import (
    INSPECTIONS,
    STANDARDS,
    SamplingPlan,
    single_sampling_plan,
    tighter_accept_number,
)

#: ISO 2859-1:1999 9.3.3 a): minimum switching score for reduced inspection.
SWITCHING_SCORE_FOR_REDUCED = 30
#: ISO 2859-1:1999 9.3.1: "2 out of 5 or fewer consecutive lots".
NORMAL_WINDOW = 5
NORMAL_NOT_ACCEPTED_TO_TIGHTEN = 2
#: ISO 2859-1:1999 9.3.2: consecutive accepted lots on tightened to return to normal.
TIGHTENED_ACCEPTED_TO_NORMAL = 5
#: ISO 2859-1:1999 9.4 (and ANSI/ASQ Z1.4-2003): lots not accepted on tightened to discontinue.
TIGHTENED_NOT_ACCEPTED_TO_DISCONTINUE = 5
#: ANSI/ASQ Z1.4 8.3.3 a): preceding lots on normal, all accepted, for reduced inspection.
Z14_ACCEPTED_LOTS_FOR_REDUCED = 10


@dataclass(frozen=True, kw_only=True)
class SwitchingState:
    """Where the switching procedure stands before the next lot.

    Attributes
    ----------
    inspection : str
        ``"normal"``, ``"tightened"``, ``"reduced"`` or ``"discontinued"``.
    switching_score : int or None
        ISO switching score while on normal inspection (0 elsewhere); None when it cannot be
        computed because the plan's acceptance number is unknown.
    normal_results : tuple of bool
        Acceptance of the last (up to 4) lots since normal inspection started, oldest first.
    normal_accepted_run : int
        Consecutive lots accepted on normal inspection (the Z1.4 rule for reduced).
    tightened_accepted_run : int
        Consecutive lots accepted on tightened inspection.
    tightened_not_accepted : int
        Lots not accepted since tightened inspection started.
    """

    inspection: str = "normal"
    switching_score: int | None = 0
    normal_results: tuple[bool, ...] = ()
    normal_accepted_run: int = 0
    tightened_accepted_run: int = 0
    tightened_not_accepted: int = 0


@dataclass(frozen=True, kw_only=True)
class LotRecord:
    """The result of one lot on original inspection, and the conditions around it.

    Attributes
    ----------
    accepted : bool, optional
        Whether the lot was accepted. May be omitted when ``nonconforming`` is given and the
        plan is known (an AQL was given).
    nonconforming : int, optional
        Nonconforming items (or nonconformities) found in the sample. Needed for the switching
        score when the normal plan's Ac ≥ 2, and for the Z1.4 reduced gap.
    lot_size : int, optional
        Lot size, overriding the simulation's ``lot_size``.
    steady_production : bool
        Production at a steady rate (needed for reduced; False on reduced returns to normal).
    approved_for_reduced : bool
        The responsible authority considers reduced inspection desirable.
    reinstate_normal : bool
        Other conditions warrant reinstating normal inspection (ISO 9.3.4 c)).
    """

    accepted: bool | None = None
    nonconforming: int | None = None
    lot_size: int | None = None
    steady_production: bool = True
    approved_for_reduced: bool = False
    reinstate_normal: bool = False


@dataclass(frozen=True, kw_only=True)
class LotStep:
    """What happened at one lot.

    Attributes
    ----------
    lot : int
        1-based lot number.
    inspection : str
        Severity the lot was inspected under.
    code_letter, code_letter_after_arrow : str or None
        Plan code letters (None without an AQL).
    sample_size, accept, reject : int or None
        The plan used (None without an AQL).
    nonconforming : int or None
        As given.
    accepted : bool
        Lot accepted on original inspection.
    switching_score : int or None
        Score after this lot while on normal inspection (ISO), else None.
    next_inspection : str
        Severity for the next lot.
    reason : str
        Why the severity changed (empty when it did not).
    """

    lot: int
    inspection: str
    code_letter: str | None
    code_letter_after_arrow: str | None
    sample_size: int | None
    accept: int | None
    reject: int | None
    nonconforming: int | None
    accepted: bool
    switching_score: int | None
    next_inspection: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class SwitchingHistory:
    """A run of the switching procedure over a sequence of lots.

    Attributes
    ----------
    standard : str
        ``"gb2828"`` or ``"z14"``.
    aql : float or None
        The AQL the plans were read for.
    steps : tuple of LotStep
        One per lot, in order.
    final_state : SwitchingState
        State after the last lot.
    discontinued_at_lot : int or None
        Lot after which inspection was discontinued.
    """

    standard: str
    aql: float | None
    steps: tuple[LotStep, ...]
    final_state: SwitchingState
    discontinued_at_lot: int | None


def _to_normal(reason: str) -> tuple[SwitchingState, str]:
    return SwitchingState(inspection="normal"), reason


def switching_step(
    state: SwitchingState,
    *,
    accepted: bool,
    nonconforming: int | None = None,
    accept: int | None = None,
    reject: int | None = None,
    tighter_accept: int | None = None,
    steady_production: bool = True,
    approved_for_reduced: bool = False,
    reinstate_normal: bool = False,
    standard: str = "gb2828",
) -> tuple[SwitchingState, str]:
    """Apply the switching rules to one lot; return the new state and the reason for a switch.

    ``accept``/``reject`` are the plan the lot was inspected with and ``tighter_accept`` the Ac
    one AQL step tighter in the same row of the normal table (see
    :func:`~qualitas.analytics.sampling.plans.tighter_accept_number`).
    """
    if standard not in STANDARDS:
        raise AnalyticsError(f"standard {standard!r} is not one of: {', '.join(STANDARDS)}")
    inspection = state.inspection
    if inspection == "discontinued":
        return state, "inspection discontinued: resume on tightened after corrective action"
    if inspection == "tightened":
        if accepted:
            run = state.tightened_accepted_run + 1
            if run >= TIGHTENED_ACCEPTED_TO_NORMAL:
                return _to_normal("5 consecutive lots accepted on tightened inspection")
            return replace(state, tightened_accepted_run=run), ""
        failures = state.tightened_not_accepted + 1
        if failures >= TIGHTENED_NOT_ACCEPTED_TO_DISCONTINUE:
            return (
                replace(state, inspection="discontinued", tightened_not_accepted=failures),
                "5 lots not accepted on tightened inspection: discontinue",
            )
        return replace(state, tightened_accepted_run=0, tightened_not_accepted=failures), ""
    if inspection == "reduced":
        if not accepted:
            return _to_normal("lot not accepted on reduced inspection")
        if (
            standard == "z14"
            and nonconforming is not None
            and accept is not None
            and nonconforming > accept
        ):
            return _to_normal("lot accepted with Ac < d < Re on reduced inspection")
        if not steady_production:
            return _to_normal("production irregular or delayed")
        if reinstate_normal:
            return _to_normal("other conditions warrant normal inspection")
        return state, ""
    # Normal inspection.
    window = (*state.normal_results, accepted)[-NORMAL_WINDOW:]
    if window.count(False) >= NORMAL_NOT_ACCEPTED_TO_TIGHTEN:
        return (
            SwitchingState(inspection="tightened", switching_score=0),
            "2 of 5 or fewer consecutive lots not accepted on normal inspection",
        )
    kept = window[-(NORMAL_WINDOW - 1) :]
    run = state.normal_accepted_run + 1 if accepted else 0
    if standard == "z14":
        new = replace(state, normal_results=kept, normal_accepted_run=run, switching_score=None)
        if run >= Z14_ACCEPTED_LOTS_FOR_REDUCED and steady_production and approved_for_reduced:
            return (
                SwitchingState(inspection="reduced", switching_score=None),
                "10 consecutive lots accepted on normal, steady production, authority approval",
            )
        return new, ""
    score = _updated_score(
        state.switching_score,
        accepted=accepted,
        nonconforming=nonconforming,
        accept=accept,
        tighter_accept=tighter_accept,
    )
    new = replace(state, normal_results=kept, normal_accepted_run=run, switching_score=score)
    if (
        score is not None
        and score >= SWITCHING_SCORE_FOR_REDUCED
        and steady_production
        and approved_for_reduced
    ):
        return (
            SwitchingState(inspection="reduced", switching_score=0),
            f"switching score {score} ≥ 30, steady production, authority approval",
        )
    return new, ""


def _updated_score(
    score: int | None,
    *,
    accepted: bool,
    nonconforming: int | None,
    accept: int | None,
    tighter_accept: int | None,
) -> int | None:
    """ISO 2859-1:1999 9.3.3.2 a), single sampling."""
    if score is None or accept is None:
        return None
    if accept >= 2:
        if nonconforming is None:
            raise AnalyticsError(
                f"the switching score needs the number nonconforming when Ac = {accept} ≥ 2 "
                "(ISO 2859-1 9.3.3.2)"
            )
        would_pass_tighter = tighter_accept is not None and nonconforming <= tighter_accept
        return score + 3 if accepted and would_pass_tighter else 0
    return score + 2 if accepted else 0


def simulate_switching(
    *,
    lots: Sequence[LotRecord],
    aql: float | None = None,
    lot_size: int | None = None,
    level: str = "II",
    standard: str = "gb2828",
    initial_inspection: str = "normal",
) -> SwitchingHistory:
    """Run the switching rules over lots in the order given.

    Parameters
    ----------
    lots : sequence of LotRecord
        One per lot, in production order.
    aql : float, optional
        With an AQL the plan of each lot is read for the current severity, acceptance can be
        decided from ``nonconforming``, and the ISO switching score is computed. Without it
        only ``accepted`` is used and the switching score is unknown (ISO normal → reduced is
        then never taken).
    lot_size : int, optional
        Lot size for every lot (a lot's own ``lot_size`` wins); needed with an AQL.
    level : str
        Inspection level for the plans.
    standard : str
        ``"gb2828"`` (default) or ``"z14"``.
    initial_inspection : str
        Severity of the first lot (normal unless the responsible authority says otherwise).
    """
    if standard not in STANDARDS:
        raise AnalyticsError(f"standard {standard!r} is not one of: {', '.join(STANDARDS)}")
    if initial_inspection not in INSPECTIONS:
        raise AnalyticsError(
            f"initial_inspection {initial_inspection!r} is not one of: {', '.join(INSPECTIONS)}"
        )
    if not lots:
        raise AnalyticsError("lots is empty: give at least one lot result")
    state = SwitchingState(
        inspection=initial_inspection,
        switching_score=0 if standard == "gb2828" and aql is not None else None,
    )
    steps: list[LotStep] = []
    discontinued_at: int | None = None
    for number, lot in enumerate(lots, start=1):
        inspection = state.inspection
        plan = None
        if aql is not None and inspection != "discontinued":
            size = lot.lot_size if lot.lot_size is not None else lot_size
            if size is None:
                raise AnalyticsError(f"lot {number}: lot size is needed to read the plan")
            try:
                plan = single_sampling_plan(
                    lot_size=size, aql=aql, level=level, inspection=inspection, standard=standard
                )
            except AnalyticsError as exc:
                raise AnalyticsError(f"lot {number}: {exc}") from None
        accepted = _lot_accepted(number, lot, plan)
        tighter = None
        if plan is not None and inspection == "normal":
            tighter = tighter_accept_number(
                code_letter=plan.code_letter_after_arrow, aql=plan.aql, standard=standard
            )
            if standard == "gb2828" and plan.accept >= 2 and lot.nonconforming is None:
                raise AnalyticsError(
                    f"lot {number}: the switching score needs the number nonconforming "
                    f"(Ac = {plan.accept} ≥ 2, ISO 2859-1 9.3.3.2)"
                )
        new_state, reason = switching_step(
            state,
            accepted=accepted,
            nonconforming=lot.nonconforming,
            accept=plan.accept if plan is not None else None,
            reject=plan.reject if plan is not None else None,
            tighter_accept=tighter,
            steady_production=lot.steady_production,
            approved_for_reduced=lot.approved_for_reduced,
            reinstate_normal=lot.reinstate_normal,
            standard=standard,
        )
        if inspection == "discontinued":
            reason = ""
        elif new_state.inspection == "discontinued":
            discontinued_at = number
        steps.append(
            LotStep(
                lot=number,
                inspection=inspection,
                code_letter=plan.code_letter if plan is not None else None,
                code_letter_after_arrow=plan.code_letter_after_arrow if plan is not None else None,
                sample_size=plan.sample_size if plan is not None else None,
                accept=plan.accept if plan is not None else None,
                reject=plan.reject if plan is not None else None,
                nonconforming=lot.nonconforming,
                accepted=accepted,
                switching_score=new_state.switching_score
                if inspection == "normal" and new_state.inspection == "normal"
                else None,
                next_inspection=new_state.inspection,
                reason=reason,
            )
        )
        state = new_state
    return SwitchingHistory(
        standard=standard,
        aql=None if aql is None else float(aql),
        steps=tuple(steps),
        final_state=state,
        discontinued_at_lot=discontinued_at,
    )


def _lot_accepted(number: int, lot: LotRecord, plan: SamplingPlan | None) -> bool:
    """Acceptance of a lot from its flag, or from d and the plan; they must agree."""
    d = lot.nonconforming
    if d is not None and (isinstance(d, bool) or not isinstance(d, int) or d < 0):
        raise AnalyticsError(f"lot {number}: nonconforming {d!r} must be a whole number ≥ 0")
    from_plan: bool | None = None
    if d is not None and plan is not None:
        # A lot is accepted when d ≤ Ac; on a Z1.4 reduced plan with a gap it is also accepted
        # (with a return to normal) while d < Re.
        gap = plan.standard == "z14" and plan.inspection == "reduced"
        from_plan = d < plan.reject if gap else d <= plan.accept
    if lot.accepted is None:
        if from_plan is None:
            raise AnalyticsError(
                f"lot {number}: give whether the lot was accepted, or its number nonconforming "
                "together with an AQL"
            )
        return from_plan
    if from_plan is not None and from_plan != lot.accepted:
        assert plan is not None  # from_plan is only set with a plan
        raise AnalyticsError(
            f"lot {number}: accepted={lot.accepted} contradicts {d} nonconforming "
            f"with the plan Ac {plan.accept} / Re {plan.reject}"
        )
    return bool(lot.accepted)
