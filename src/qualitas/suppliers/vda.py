"""Scoring of a VDA 6.3-style process audit (pure computation; no Django).

The rules as summarised in ``../shared/reference/domain/vda63_structure.csv``:

* each question is scored 0, 4, 6, 8 or 10, or not evaluated (with a reason); a question scored
  several times (per product/process or per process step) enters with the mean of its scores,
  to 2 decimals, and 10 possible points;
* every element P2–P7 and every P6 sub-element audited needs at least two thirds of its
  questions evaluated;
* element result E_Pn (and sub-element result E_Un) = points awarded / points possible × 100 %
  over the evaluated questions; overall E_G the same over every evaluated question (all questions
  weigh equally);
* class A: E_G ≥ 90 %; B: 80 % ≤ E_G < 90 %; C: E_G < 80 %;
* downgrading, with E_Pn and E_Un rounded to whole per cent first: A → B when an element or a P6
  sub-element is below 80 %, a star question scored 4, or any question scored 0; to C (even with
  E_G ≥ 80 %) when an element is below 70 % or a star question scored 0.

E_G is compared with the class limits as computed (not rounded): the reference rounds only the
element results before the downgrading rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SCORES: tuple[int, ...] = (0, 4, 6, 8, 10)
ELEMENTS: tuple[str, ...] = ("P2", "P3", "P4", "P5", "P6", "P7")


class AuditScoringError(ValueError):
    """An audit that cannot be scored; ``question`` or ``element`` names where."""

    def __init__(self, message: str, *, code: str, **where: str) -> None:
        super().__init__(message)
        self.code = code
        self.where = where


@dataclass(frozen=True)
class Answer:
    """One question's evaluation: ``scores`` empty when not evaluated."""

    number: str
    element: str
    sub_element: str = ""
    star: bool = False
    scores: tuple[int, ...] = ()

    @property
    def evaluated(self) -> bool:
        return bool(self.scores)

    @property
    def points(self) -> Decimal:
        """Mean of the scores to 2 decimals (half up)."""
        mean = Decimal(sum(self.scores)) / Decimal(len(self.scores))
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AuditResult:
    elements: dict[str, Decimal]
    sub_elements: dict[str, Decimal]
    overall: Decimal
    score_class: str  # class from E_G alone
    final_class: str  # after downgrading
    downgrades: tuple[tuple[str, str], ...] = field(default=())  # (rule code, where)
    evaluated: int = 0
    possible_points: int = 0
    awarded_points: Decimal = Decimal(0)


def whole_percent(value: Decimal) -> int:
    """Nearest whole per cent (half up), as the downgrading rules read element results."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _percent(answers: Sequence[Answer]) -> Decimal:
    evaluated = [a for a in answers if a.evaluated]
    awarded = sum((a.points for a in evaluated), Decimal(0))
    return awarded * 100 / (10 * len(evaluated))


def _class(value: Decimal) -> str:
    if value >= 90:
        return "A"
    if value >= 80:
        return "B"
    return "C"


def score_audit(answers: Sequence[Answer]) -> AuditResult:
    """Element, sub-element and overall results, the class and the downgrades applied."""
    for a in answers:
        bad = [s for s in a.scores if s not in SCORES]
        if bad:
            raise AuditScoringError(
                f"question {a.number}: score {bad[0]} is not one of 0, 4, 6, 8, 10",
                code="score",
                question=a.number,
            )
    groups: dict[str, list[Answer]] = {}
    subs: dict[str, list[Answer]] = {}
    for a in answers:
        groups.setdefault(a.element, []).append(a)
        if a.sub_element:
            subs.setdefault(a.sub_element, []).append(a)
    if not any(a.evaluated for a in answers):
        raise AuditScoringError("no question is evaluated", code="empty")
    for name, members in [*groups.items(), *subs.items()]:
        counted = sum(1 for a in members if a.evaluated)
        if 3 * counted < 2 * len(members):
            raise AuditScoringError(
                f"{name}: {counted} of {len(members)} questions evaluated, fewer than two thirds",
                code="two_thirds",
                element=name,
            )
    elements = {k: _percent(v) for k, v in groups.items()}
    sub_elements = {k: _percent(v) for k, v in subs.items()}
    overall = _percent(answers)
    downgrades: list[tuple[str, str]] = []
    to_c = False
    to_b = False
    for name, value in elements.items():
        if whole_percent(value) < 70:
            downgrades.append(("element_below_70", name))
            to_c = True
        elif whole_percent(value) < 80:
            downgrades.append(("element_below_80", name))
            to_b = True
    for name, value in sub_elements.items():
        if whole_percent(value) < 80:
            downgrades.append(("sub_element_below_80", name))
            to_b = True
    for a in answers:
        if not a.evaluated:
            continue
        if a.star and a.points == 0:
            downgrades.append(("star_scored_0", a.number))
            to_c = True
        elif a.star and a.points <= 4:
            downgrades.append(("star_scored_4", a.number))
            to_b = True
        elif a.points == 0:
            downgrades.append(("question_scored_0", a.number))
            to_b = True
    score_class = _class(overall)
    final = score_class
    if to_c:
        final = "C"
    elif to_b and final == "A":
        final = "B"
    done = [a for a in answers if a.evaluated]
    return AuditResult(
        elements=elements,
        sub_elements=sub_elements,
        overall=overall,
        score_class=score_class,
        final_class=final,
        downgrades=tuple(downgrades),
        evaluated=len(done),
        possible_points=10 * len(done),
        awarded_points=sum((a.points for a in done), Decimal(0)),
    )
