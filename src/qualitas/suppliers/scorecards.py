"""Supplier scorecards (pure computation; no Django): per supplier and period, the figures and a
weighted score with the enterprise's weights and class limits.

Components, each on 0–100 and left out (the other weights renormalised) when there is no data:

* ``ppm`` — incoming quality: 100 × max(0, 1 − PPM / ``ppm_limit``) (PPM = nonconforming items
  found per million inspected);
* ``lots`` — lot acceptance: 100 × (1 − rejected lots / decided lots);
* ``delivery`` — on-time delivery: 100 × lots received on or before their promised date (plus
  ``grace_days``) / lots with a promised date;
* ``audit`` — the last completed process audit's E_G;
* ``actions`` — 8D closure: 100 × closed / opened in the period.

Weights and limits (the PPM at which quality scores 0, the grace days of delivery, the lowest
scores of classes A and B) are the enterprise's choice; the defaults are below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_WEIGHTS: dict[str, float] = {
    "ppm": 40.0,
    "lots": 30.0,
    "delivery": 20.0,
    "audit": 20.0,
    "actions": 10.0,
}
DEFAULT_LIMITS: dict[str, float] = {"ppm_limit": 1000.0, "a": 85.0, "b": 70.0, "grace_days": 0.0}


@dataclass
class Scorecard:
    supplier_id: int
    code: str
    name: str
    lots: int = 0
    rejected: int = 0
    inspected: int = 0
    nonconforming: int = 0
    due_lots: int = 0
    on_time: int = 0
    audit: float | None = None
    actions_opened: int = 0
    actions_closed: int = 0
    closure_days: float | None = None
    components: dict[str, float] = field(default_factory=dict)
    score: float | None = None
    score_class: str = ""

    @property
    def ppm(self) -> float | None:
        return 1_000_000 * self.nonconforming / self.inspected if self.inspected else None

    @property
    def rejection_rate(self) -> float | None:
        return self.rejected / self.lots if self.lots else None

    @property
    def on_time_rate(self) -> float | None:
        """Share of the lots with a promised date received on time (None without any)."""
        return self.on_time / self.due_lots if self.due_lots else None


def score(card: Scorecard, *, weights: dict[str, float], limits: dict[str, float]) -> Scorecard:
    """Fill ``components``, ``score`` and ``score_class`` (A ≥ limits["a"], B ≥ limits["b"],
    else C)."""
    parts: dict[str, float] = {}
    if card.ppm is not None:
        parts["ppm"] = 100 * max(0.0, 1 - card.ppm / limits["ppm_limit"])
    if card.rejection_rate is not None:
        parts["lots"] = 100 * (1 - card.rejection_rate)
    if card.on_time_rate is not None:
        parts["delivery"] = 100 * card.on_time_rate
    if card.audit is not None:
        parts["audit"] = float(card.audit)
    if card.actions_opened:
        parts["actions"] = 100 * card.actions_closed / card.actions_opened
    total = sum(weights.get(k, 0.0) for k in parts)
    card.components = parts
    if total > 0:
        card.score = sum(parts[k] * weights.get(k, 0.0) for k in parts) / total
        card.score_class = (
            "A" if card.score >= limits["a"] else "B" if card.score >= limits["b"] else "C"
        )
    return card


def check_weights(weights: dict[str, Any]) -> dict[str, float]:
    """Weights by component, each ≥ 0, not all 0; unknown keys refused (ValueError names it)."""
    out: dict[str, float] = {}
    for key, value in weights.items():
        if key not in DEFAULT_WEIGHTS:
            raise ValueError(key)
        number = float(value)
        if number < 0:
            raise ValueError(key)
        out[key] = number
    if not any(out.values()):
        raise ValueError("weights")
    return out


def check_limits(limits: dict[str, Any]) -> dict[str, float]:
    """Limits merged over the defaults: ``ppm_limit`` > 0, ``grace_days`` ≥ 0, 0 ≤ ``b`` ≤ ``a``
    ≤ 100; a bad or unknown one raises ValueError naming it."""
    out = dict(DEFAULT_LIMITS)
    for key, value in limits.items():
        if key not in DEFAULT_LIMITS:
            raise ValueError(key)
        if value is None:
            continue
        out[key] = float(value)
    if out["ppm_limit"] <= 0:
        raise ValueError("ppm_limit")
    if out["grace_days"] < 0:
        raise ValueError("grace_days")
    if not 0 <= out["a"] <= 100:
        raise ValueError("a")
    if not 0 <= out["b"] <= out["a"]:
        raise ValueError("b")
    return out
