"""Forerunner ranking and product quality grading: pure computation (no Django).

**Forerunners** (published method, version 1): for one product category, one indicator and one
year, every declaration in force that declares the indicator is ranked by its declared value in
one unit — ascending for an upper limit (at most: lower is better), descending for a lower limit
(at least: higher is better). Equal values share a rank (competition ranking: 1, 2, 2, 4). The
forerunners are the declarations ranked within the first ``max(1, ceil(share × n))`` places —
a tie at the last place brings in every tied declaration; a list needs at least ``min_entries``
declarations.

**Grading** (GB/T 44164-2024 principles; the 2024 SAMR draft opinion's AAAAA–A): a product is
graded only when it is qualified — every gate indicator (mandatory and safety requirements)
meets its limit. Each grading indicator reaches the highest grade whose threshold its measured
value meets; the product's grade is the lowest grade any grading indicator reaches (the common
decision rule: one weak indicator caps the grade). An indicator below the lowest grade's
threshold leaves the product qualified but ungraded.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

METHOD_VERSION = 1
DEFAULT_SHARE = Decimal("0.2")
MIN_ENTRIES = 3


@dataclass(frozen=True)
class Ranked:
    key: Hashable
    value: Decimal
    rank: int
    forerunner: bool


def rank_forerunners(
    entries: Iterable[tuple[Hashable, Decimal]],
    *,
    lower_is_better: bool,
    share: Decimal = DEFAULT_SHARE,
    min_entries: int = MIN_ENTRIES,
) -> list[Ranked]:
    """Entries ``(key, value)`` ranked best first; ties share a rank and are ordered by key."""
    rows = sorted(entries, key=lambda e: (e[1] if lower_is_better else -e[1], str(e[0])))
    n = len(rows)
    if n < min_entries:
        return []
    places = max(1, math.ceil(share * n))
    out: list[Ranked] = []
    prev: Decimal | None = None
    current = 0
    for i, (key, value) in enumerate(rows, start=1):
        if value != prev:
            current, prev = i, value
        out.append(Ranked(key=key, value=value, rank=current, forerunner=current <= places))
    return out


COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
SIGNS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


@dataclass(frozen=True)
class Gate:
    """A mandatory or safety requirement: the value must meet ``limit`` by ``comparison``."""

    key: str
    comparison: str
    limit: Decimal


@dataclass(frozen=True)
class Graded:
    """A grading indicator: ``thresholds`` per grade, the grades ordered best first."""

    key: str
    comparison: str
    thresholds: Mapping[str, Decimal]


@dataclass
class GradeOutcome:
    grade: str | None  # None: not graded
    qualified: bool
    failed_gates: list[str] = field(default_factory=list)
    per_indicator: dict[str, str | None] = field(default_factory=dict)
    limiting: list[str] = field(default_factory=list)  # indicators that set the grade


def grade(
    values: Mapping[str, Decimal],
    *,
    grades: Sequence[str],
    gates: Sequence[Gate],
    graded: Sequence[Graded],
) -> GradeOutcome:
    """The product's grade from measured ``values`` (every key present; the caller checks)."""
    failed = [g.key for g in gates if not COMPARISONS[g.comparison](values[g.key], g.limit)]
    if failed:
        return GradeOutcome(grade=None, qualified=False, failed_gates=failed)
    order = {g: i for i, g in enumerate(grades)}
    per: dict[str, str | None] = {}
    for ind in graded:
        reached = None
        for g in grades:  # best first
            t = ind.thresholds.get(g)
            if t is not None and COMPARISONS[ind.comparison](values[ind.key], t):
                reached = g
                break
        per[ind.key] = reached
    if not per:
        return GradeOutcome(grade=None, qualified=True, per_indicator=per)
    if any(v is None for v in per.values()):
        return GradeOutcome(
            grade=None,
            qualified=True,
            per_indicator=per,
            limiting=[k for k, v in per.items() if v is None],
        )
    worst = max(per.values(), key=lambda g: order[g or ""])
    return GradeOutcome(
        grade=worst,
        qualified=True,
        per_indicator=per,
        limiting=[k for k, v in per.items() if v == worst],
    )
