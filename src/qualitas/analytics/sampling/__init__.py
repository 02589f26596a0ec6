"""Acceptance sampling by attributes: GB/T 2828.1-2012 (≡ ISO 2859-1:1999) and ANSI/ASQ Z1.4
(≡ MIL-STD-105E).

* :mod:`.tables` — Table 1 code letters and the single sampling master tables, with sources;
* :mod:`.plans` — code letter and single sampling plan (normal, tightened, reduced), arrows
  followed, 100 % inspection when n ≥ lot size;
* :mod:`.oc` — operating characteristic curve (binomial or Poisson);
* :mod:`.switching` — the switching rules as a state machine driven by lot results.
"""

from __future__ import annotations

from qualitas.analytics.sampling.oc import OCCurve, oc_curve
from qualitas.analytics.sampling.plans import (
    SamplingPlan,
    TableCell,
    code_letter,
    single_sampling_plan,
    table_plan,
    tighter_accept_number,
)
from qualitas.analytics.sampling.switching import (
    LotRecord,
    LotStep,
    SwitchingHistory,
    SwitchingState,
    simulate_switching,
    switching_step,
)

__all__ = [
    "LotRecord",
    "LotStep",
    "OCCurve",
    "SamplingPlan",
    "SwitchingHistory",
    "SwitchingState",
    "TableCell",
    "code_letter",
    "oc_curve",
    "simulate_switching",
    "single_sampling_plan",
    "switching_step",
    "table_plan",
    "tighter_accept_number",
]
