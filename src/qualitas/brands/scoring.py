"""Brand evaluation scoring (pure; ``docs/methodology/brand-evaluation.md``).

Each indicator is scored 0–100. A side's score (inputs, outcomes) is the weighted mean of its
indicators' scores; the total is the weighted sum of the two side scores with the method's
side weights (which add up to 1). Every figure is rounded half up to one decimal at the end,
never on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Item:
    part: str  # "input" or "outcome"
    key: str
    weight: Decimal


@dataclass(frozen=True)
class Score:
    input: Decimal
    outcome: Decimal
    total: Decimal


class ScoreProblem(ValueError):
    """A score is missing or outside 0–100 (``key`` names the indicator)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem  # "missing", "range" or "number"


def _round(x: Decimal) -> Decimal:
    return x.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _side(items: Sequence[Item], scores: Mapping[str, Decimal]) -> Decimal:
    weight = sum((i.weight for i in items), Decimal(0))
    if not items or weight == 0:
        return Decimal(0)
    return sum((i.weight * scores[i.key] for i in items), Decimal(0)) / weight


def parse_scores(items: Sequence[Item], raw: Mapping[str, object]) -> dict[str, Decimal]:
    """The score of every indicator as a Decimal in [0, 100]; :class:`ScoreProblem` otherwise."""
    out: dict[str, Decimal] = {}
    for i in items:
        value = raw.get(i.key)
        if value is None or value == "":
            raise ScoreProblem(i.key, "missing")
        try:
            d = Decimal(str(value))
        except ArithmeticError:
            raise ScoreProblem(i.key, "number") from None
        if not d.is_finite():
            raise ScoreProblem(i.key, "number")
        if d < 0 or d > 100:
            raise ScoreProblem(i.key, "range")
        out[i.key] = d
    return out


def score(
    items: Sequence[Item],
    scores: Mapping[str, Decimal],
    *,
    input_weight: Decimal,
    outcome_weight: Decimal,
) -> Score:
    """The side scores and the total of one evaluation (scores already parsed)."""
    inputs = _side([i for i in items if i.part == "input"], scores)
    outcomes = _side([i for i in items if i.part == "outcome"], scores)
    total = input_weight * inputs + outcome_weight * outcomes
    return Score(input=_round(inputs), outcome=_round(outcomes), total=_round(total))
