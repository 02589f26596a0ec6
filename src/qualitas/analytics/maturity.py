"""Quality management capability levels: scoring of a framework's requirements into a level.

A framework is dimensions → indicators → requirements, each requirement tagged with the level
(1 *experience* … 5 *excellence*) it belongs to. This module turns answers on the answer scale
into level scores, the level reached, a continuous score and the gap to the next level, and
computes the consistency measures of the methodology (``docs/methodology/capability-evaluation.md``):

* requirement score r ∈ [0, 1] from the answer scale; a missing answer scores 0 and is counted;
  "not applicable" (only where a requirement allows it) is left out of every mean;
* level score s_ℓ = weighted mean over dimensions of (weighted mean over indicators of
  (weighted mean of the indicator's level-ℓ requirement scores)); parts with nothing to score
  at level ℓ are left out and the remaining weights renormalised;
* level ℓ is *met* when s_ℓ ≥ ``threshold`` and every dimension with level-ℓ requirements
  scores at least ``dimension_floor`` at that level; the level *reached* is the highest ℓ such
  that every level 1…ℓ is met (levels are cumulative: L4 practices without L2 ones do not count);
* gating rules cap the level when a recorded event (serious quality incident, published
  penalty …) lies within a window before the evaluation date; a rule may name the requirement
  that asks for the same fact ("no administrative penalty in the last three years"): that
  requirement is not scored, and answering it other than fully met (or leaving it unanswered)
  triggers the rule — the fact counts once, as the cap, never also as a missed level;
* the continuous score S = ℓ + s_{ℓ+1} with ℓ the level *given* (after gating; S = 5 at L5),
  the fraction at most 0.9999, so ``floor(S)`` is the level also after rounding to four places.

Pure Python: no Django, no I/O, no settings. Inputs and results are frozen dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError

LEVELS = (1, 2, 3, 4, 5)

#: Default answer scale (answer code → requirement score). ``na`` is "not applicable".
ANSWER_SCALE: Mapping[str, float] = {"full": 1.0, "mostly": 0.8, "partly": 0.5, "none": 0.0}
NOT_APPLICABLE = "na"
#: Largest fractional part of S: ``floor(S)`` stays the level when S is stored to four places.
MAX_FRACTION = 0.9999


class MaturityError(AnalyticsError):
    """A framework or an answer set that cannot be scored; the message names the part."""


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DimensionSpec:
    """A dimension of the framework.

    Attributes
    ----------
    code : str
        Identifier, e.g. ``"D1"``.
    weight : float
        Relative weight in the overall level score (> 0).
    """

    code: str
    weight: float = 1.0


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    """An indicator of a dimension.

    Attributes
    ----------
    code : str
        Identifier, e.g. ``"D1.07"``.
    dimension : str
        Code of its dimension.
    weight : float
        Relative weight within the dimension (> 0).
    """

    code: str
    dimension: str
    weight: float = 1.0


@dataclass(frozen=True, kw_only=True)
class RequirementSpec:
    """A requirement of an indicator, tagged with its level.

    Attributes
    ----------
    code : str
        Identifier, e.g. ``"D1.07.3"``.
    indicator : str
        Code of its indicator.
    level : int
        1 … 5.
    weight : float
        Relative weight among the indicator's requirements of the same level (> 0).
    na_allowed : bool
        Whether "not applicable" is an admissible answer.
    """

    code: str
    indicator: str
    level: int
    weight: float = 1.0
    na_allowed: bool = False


@dataclass(frozen=True, kw_only=True)
class GatingRule:
    """A recorded event of ``kind`` within ``within_years`` before the evaluation date caps the level.

    Attributes
    ----------
    kind : str
        Event kind, e.g. ``"serious_incident"``, ``"published_penalty"``.
    within_years : int
        Window in years, counted back from the evaluation date (inclusive of both ends).
    cap : int
        Highest level the enterprise may be given while the rule applies (0 … 4).
    requirement : str, optional
        Code of the requirement that asks for the absence of the event (e.g. "no administrative
        penalty for product quality in the last three years"). It is not scored; an answer
        other than the top of the scale, or no answer, triggers the rule as a declared event.
    """

    kind: str
    within_years: int
    cap: int
    requirement: str | None = None


@dataclass(frozen=True, kw_only=True)
class GateEvent:
    """A recorded event that a gating rule may apply to.

    Attributes
    ----------
    kind : str
        Matches :attr:`GatingRule.kind`.
    occurred_on : date
        When it happened (for a penalty: the decision date).
    reference : str
        What it is, for the explanation (e.g. a decision number).
    """

    kind: str
    occurred_on: date
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class FrameworkSpec:
    """The scoring structure of a framework version.

    Attributes
    ----------
    dimensions, indicators, requirements : tuple
        The tree; codes unique; every indicator's dimension and requirement's indicator exist.
    scale : Mapping[str, float]
        Answer code → score in [0, 1].
    threshold : float
        Level score needed to meet a level (default 0.8).
    dimension_floor : float
        Lowest level score any dimension may have for the level to be met (default 0.6;
        0 disables the floor).
    gating : tuple of GatingRule
    """

    dimensions: tuple[DimensionSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    requirements: tuple[RequirementSpec, ...]
    scale: Mapping[str, float] = field(default_factory=lambda: dict(ANSWER_SCALE))
    threshold: float = 0.8
    dimension_floor: float = 0.6
    gating: tuple[GatingRule, ...] = ()

    def __post_init__(self) -> None:
        _validate(self)


def _validate(spec: FrameworkSpec) -> None:
    dims = [d.code for d in spec.dimensions]
    if not dims:
        raise MaturityError("the framework has no dimensions")
    for kind, codes in (
        ("dimension", dims),
        ("indicator", [i.code for i in spec.indicators]),
        ("requirement", [r.code for r in spec.requirements]),
    ):
        seen: set[str] = set()
        for c in codes:
            if c in seen:
                raise MaturityError(f"{kind} code {c!r} appears twice")
            seen.add(c)
    dimset, indset = set(dims), {i.code for i in spec.indicators}
    for d in spec.dimensions:
        if not d.weight > 0:
            raise MaturityError(f"dimension {d.code}: weight must be > 0")
    for i in spec.indicators:
        if i.dimension not in dimset:
            raise MaturityError(f"indicator {i.code}: unknown dimension {i.dimension!r}")
        if not i.weight > 0:
            raise MaturityError(f"indicator {i.code}: weight must be > 0")
    for r in spec.requirements:
        if r.indicator not in indset:
            raise MaturityError(f"requirement {r.code}: unknown indicator {r.indicator!r}")
        if r.level not in LEVELS:
            raise MaturityError(f"requirement {r.code}: level must be 1–5, got {r.level!r}")
        if not r.weight > 0:
            raise MaturityError(f"requirement {r.code}: weight must be > 0")
    for code, value in spec.scale.items():
        if code == NOT_APPLICABLE or not 0.0 <= value <= 1.0:
            raise MaturityError(
                f"answer scale: {code!r} must be a code other than 'na' scoring within [0, 1]"
            )
    if not 0.0 < spec.threshold <= 1.0:
        raise MaturityError("threshold must lie in (0, 1]")
    if not 0.0 <= spec.dimension_floor <= spec.threshold:
        raise MaturityError("dimension_floor must lie in [0, threshold]")
    req_codes = {r.code for r in spec.requirements}
    for g in spec.gating:
        if g.cap not in (0, 1, 2, 3, 4) or g.within_years < 1:
            raise MaturityError(f"gating rule {g.kind!r}: cap must be 0–4 and window ≥ 1 year")
        if g.requirement is not None and g.requirement not in req_codes:
            raise MaturityError(f"gating rule {g.kind!r}: unknown requirement {g.requirement!r}")


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Gap:
    """A requirement not fully met at or below the next level.

    Attributes
    ----------
    requirement : str
    level : int
    score : float
        Its current score (0 when unanswered).
    impact : float
        How much fully meeting it would raise the level score of its level (its share of the
        level's weight times the shortfall).
    """

    requirement: str
    level: int
    score: float
    impact: float


@dataclass(frozen=True, kw_only=True)
class AppliedGate:
    """A gating rule that applies, with the event that triggered it.

    ``requirement`` is set (and ``occurred_on`` None) when the event was declared by the answer
    to the rule's requirement rather than recorded."""

    kind: str
    cap: int
    occurred_on: date | None
    reference: str
    requirement: str = ""


@dataclass(frozen=True, kw_only=True)
class MaturityResult:
    """Outcome of :func:`score_framework`.

    Attributes
    ----------
    level : int
        Level given (0 = L1 not reached), after gating.
    uncapped_level : int
        Level the answers alone reach.
    score : float
        Continuous score S in [0, 5] of the level given: ``level + min(s_{level+1}, 0.9999)``
        (5 at L5), so ``floor(S) == level`` — gating caps S with the level.
    uncapped_score : float
        The same for ``uncapped_level`` (what the answers alone give), for the report.
    level_scores : Mapping[int, float | None]
        s_ℓ per level; None where the framework has nothing to score at that level.
    level_met : Mapping[int, bool]
        Whether each level on its own is met (threshold and dimension floor).
    dimension_level_scores : Mapping[str, Mapping[int, float | None]]
        Per dimension, its level scores.
    dimension_scores, indicator_scores : Mapping[str, float | None]
        Weighted mean of all of a part's requirement scores across levels (for the radar chart);
        None when all its requirements are not applicable.
    indicator_levels : Mapping[str, int]
        Highest level each indicator meets cumulatively on its own (threshold only).
    requirement_scores : Mapping[str, float | None]
        Per requirement: score, or None when not applicable or not scored (a gating rule's
        requirement).
    answered, total : int
        Requirements answered (including "not applicable") and in all.
    missing : tuple of str
        Codes of unanswered requirements (scored 0).
    gaps : tuple of Gap
        Requirements at levels ≤ next level not fully met, by level then impact (largest first).
    gates : tuple of AppliedGate
        Every gating rule that applies (strictest first), whether or not it lowered the level.
    """

    level: int
    uncapped_level: int
    score: float
    uncapped_score: float
    level_scores: Mapping[int, float | None]
    level_met: Mapping[int, bool]
    dimension_level_scores: Mapping[str, Mapping[int, float | None]]
    dimension_scores: Mapping[str, float | None]
    indicator_scores: Mapping[str, float | None]
    indicator_levels: Mapping[str, int]
    requirement_scores: Mapping[str, float | None]
    answered: int
    total: int
    missing: tuple[str, ...]
    gaps: tuple[Gap, ...]
    gates: tuple[AppliedGate, ...]

    @property
    def completeness(self) -> float:
        """Share of requirements answered (0 … 1)."""
        return self.answered / self.total if self.total else 1.0

    @property
    def next_level(self) -> int | None:
        """The level to aim for next (None at L5)."""
        return self.uncapped_level + 1 if self.uncapped_level < 5 else None


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _wmean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    num = den = 0.0
    for value, weight in pairs:
        if value is None:
            continue
        num += value * weight
        den += weight
    return num / den if den > 0 else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year - years, day=28)


def gates_applying(
    rules: Sequence[GatingRule], events: Iterable[GateEvent], *, as_of: date
) -> tuple[AppliedGate, ...]:
    """The gating rules triggered by ``events`` on ``as_of``: an event counts when
    ``as_of − within_years ≤ occurred_on ≤ as_of``. Sorted by cap (strictest first)."""
    out = []
    for event in events:
        for rule in rules:
            if (
                rule.kind == event.kind
                and _years_before(as_of, rule.within_years) <= event.occurred_on <= as_of
            ):
                out.append(
                    AppliedGate(
                        kind=rule.kind,
                        cap=rule.cap,
                        occurred_on=event.occurred_on,
                        reference=event.reference,
                    )
                )
    return tuple(sorted(out, key=lambda g: (g.cap, g.occurred_on or date.min)))


def score_framework(
    spec: FrameworkSpec,
    answers: Mapping[str, str],
    *,
    events: Iterable[GateEvent] = (),
    as_of: date | None = None,
) -> MaturityResult:
    """Score ``answers`` (requirement code → answer code) against ``spec``.

    Parameters
    ----------
    spec : FrameworkSpec
    answers : Mapping[str, str]
        Answer codes of the scale, or ``"na"`` where the requirement allows it. Requirements
        without an answer score 0 and are listed in ``missing``.
    events : iterable of GateEvent
        Recorded events for the gating rules.
    as_of : date, optional
        Evaluation date for the gating windows; required when events are given.

    Raises
    ------
    MaturityError
        An answer to an unknown requirement, an answer code not on the scale, or "not
        applicable" where the requirement does not allow it.
    """
    reqs = {r.code: r for r in spec.requirements}
    for code, answer in answers.items():
        req = reqs.get(code)
        if req is None:
            raise MaturityError(f"answer to unknown requirement {code!r}")
        if answer == NOT_APPLICABLE:
            if not req.na_allowed:
                raise MaturityError(f"requirement {code}: 'not applicable' is not allowed here")
        elif answer not in spec.scale:
            raise MaturityError(
                f"requirement {code}: answer {answer!r} is not on the scale ({', '.join(spec.scale)})"
            )

    req_score: dict[str, float | None] = {}
    missing: list[str] = []
    for r in spec.requirements:
        a = answers.get(r.code)
        if a is None:
            missing.append(r.code)
            req_score[r.code] = 0.0
        else:
            req_score[r.code] = None if a == NOT_APPLICABLE else float(spec.scale[a])
    # a gating rule's requirement is the question form of the rule's fact: not scored; not fully
    # met (or unanswered) it declares the event, and the rule applies once, as a cap
    top = max(spec.scale.values())
    declared: list[GatingRule] = []
    for rule in spec.gating:
        if rule.requirement is None:
            continue
        a = answers.get(rule.requirement)
        if a is None or (a != NOT_APPLICABLE and spec.scale[a] < top):
            declared.append(rule)
        req_score[rule.requirement] = None

    by_ind_level: dict[tuple[str, int], list[RequirementSpec]] = {}
    by_ind: dict[str, list[RequirementSpec]] = {}
    for r in spec.requirements:
        by_ind_level.setdefault((r.indicator, r.level), []).append(r)
        by_ind.setdefault(r.indicator, []).append(r)
    inds_of: dict[str, list[IndicatorSpec]] = {}
    for i in spec.indicators:
        inds_of.setdefault(i.dimension, []).append(i)

    def ind_level_score(ind: str, level: int) -> float | None:
        return _wmean((req_score[r.code], r.weight) for r in by_ind_level.get((ind, level), ()))

    dim_level: dict[str, dict[int, float | None]] = {}
    for d in spec.dimensions:
        dim_level[d.code] = {
            lv: _wmean((ind_level_score(i.code, lv), i.weight) for i in inds_of.get(d.code, ()))
            for lv in LEVELS
        }
    level_scores: dict[int, float | None] = {
        lv: _wmean((dim_level[d.code][lv], d.weight) for d in spec.dimensions) for lv in LEVELS
    }
    eps = 1e-12
    level_met: dict[int, bool] = {}
    for lv in LEVELS:
        s = level_scores[lv]
        if s is None:  # nothing to score at this level: it does not block the levels above
            level_met[lv] = True
            continue
        floor_ok = all(
            v is None or v + eps >= spec.dimension_floor
            for v in (dim_level[d.code][lv] for d in spec.dimensions)
        )
        level_met[lv] = s + eps >= spec.threshold and floor_ok
    reached = 0
    for lv in LEVELS:
        if not level_met[lv]:
            break
        reached = lv
    while reached > 0 and level_scores[reached] is None:  # an empty top level is not "reached"
        reached -= 1

    def continuous(k: int) -> float:
        if k == 5:
            return 5.0
        nxt = level_scores[k + 1]
        return k + min(nxt if nxt is not None else 0.0, MAX_FRACTION)

    indicator_scores = {
        i.code: _wmean((req_score[r.code], r.weight) for r in by_ind.get(i.code, ()))
        for i in spec.indicators
    }
    indicator_levels: dict[str, int] = {}
    for i in spec.indicators:
        k = 0
        for lv in LEVELS:
            s = ind_level_score(i.code, lv)
            if s is not None and s + eps < spec.threshold:
                break
            k = lv
        indicator_levels[i.code] = k
    dimension_scores = {
        d.code: _wmean((indicator_scores[i.code], i.weight) for i in inds_of.get(d.code, ()))
        for d in spec.dimensions
    }

    gaps = tuple(
        _gaps(spec, req_score, by_ind_level, inds_of, level_scores, upto=min(reached + 1, 5))
    )
    applied: tuple[AppliedGate, ...] = ()
    events = tuple(events)
    if events:
        if as_of is None:
            raise MaturityError("as_of is required when gating events are given")
        applied = gates_applying(spec.gating, events, as_of=as_of)
    recorded = {g.kind for g in applied}
    applied += tuple(
        AppliedGate(
            kind=rule.kind,
            cap=rule.cap,
            occurred_on=None,
            reference=rule.requirement or "",
            requirement=rule.requirement or "",
        )
        for rule in declared
        if rule.kind not in recorded  # recorded and declared: the same fact, counted once
    )
    applied = tuple(sorted(applied, key=lambda g: (g.cap, g.occurred_on or date.min)))
    level = min([reached, *(g.cap for g in applied)])
    return MaturityResult(
        level=level,
        uncapped_level=reached,
        score=continuous(level),
        uncapped_score=continuous(reached),
        level_scores=level_scores,
        level_met=level_met,
        dimension_level_scores=dim_level,
        dimension_scores=dimension_scores,
        indicator_scores=indicator_scores,
        indicator_levels=indicator_levels,
        requirement_scores=req_score,
        answered=len(spec.requirements) - len(missing),
        total=len(spec.requirements),
        missing=tuple(missing),
        gaps=gaps,
        gates=applied,
    )


def _gaps(
    spec: FrameworkSpec,
    req_score: Mapping[str, float | None],
    by_ind_level: Mapping[tuple[str, int], list[RequirementSpec]],
    inds_of: Mapping[str, list[IndicatorSpec]],
    level_scores: Mapping[int, float | None],
    *,
    upto: int,
) -> list[Gap]:
    """Requirements not fully met at levels ≤ ``upto``, with the effective weight of each in its level score."""
    out: list[Gap] = []
    for lv in range(1, upto + 1):
        if level_scores[lv] is None:
            continue
        # effective weight of a requirement in s_lv = dim share × indicator share × requirement share
        dims = [
            (d, d.weight)
            for d in spec.dimensions
            if any(
                req_score[r.code] is not None
                for i in inds_of.get(d.code, ())
                for r in by_ind_level.get((i.code, lv), ())
            )
        ]
        dim_total = sum(w for _, w in dims)
        for d, dw in dims:
            inds = [
                i
                for i in inds_of.get(d.code, ())
                if any(req_score[r.code] is not None for r in by_ind_level.get((i.code, lv), ()))
            ]
            ind_total = sum(i.weight for i in inds)
            for i in inds:
                rs = [
                    r for r in by_ind_level.get((i.code, lv), ()) if req_score[r.code] is not None
                ]
                r_total = sum(r.weight for r in rs)
                for r in rs:
                    s = req_score[r.code]
                    assert s is not None
                    if s < 1.0:
                        share = (dw / dim_total) * (i.weight / ind_total) * (r.weight / r_total)
                        out.append(
                            Gap(requirement=r.code, level=lv, score=s, impact=share * (1.0 - s))
                        )
    out.sort(key=lambda g: (g.level, -g.impact, g.requirement))
    return out


# --------------------------------------------------------------------------------------------
# Peer position, consistency measures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PeerPosition:
    """Where a score stands among peers.

    Attributes
    ----------
    n : int
        Number of peers (including the enterprise itself when it is among them).
    percentile : float | None
        Mid-rank percentile: 100 × (below + ½ · equal) / n; None when withheld.
    level_counts : Mapping[int, int] | None
        Peers per level 0 … 5; None when withheld.
    withheld : bool
        True when n < ``min_group``.
    """

    n: int
    percentile: float | None
    level_counts: Mapping[int, int] | None
    withheld: bool


def peer_position(
    score: float, peer_scores: Sequence[float], peer_levels: Sequence[int], *, min_group: int
) -> PeerPosition:
    """Mid-rank percentile of ``score`` among ``peer_scores`` and the level distribution,
    withheld (numbers replaced by None) when there are fewer than ``min_group`` peers."""
    n = len(peer_scores)
    if len(peer_levels) != n:
        raise MaturityError("peer scores and levels differ in length")
    if n < max(1, min_group):
        return PeerPosition(n=n, percentile=None, level_counts=None, withheld=True)
    below = sum(1 for s in peer_scores if s < score - 1e-9)
    equal = sum(1 for s in peer_scores if abs(s - score) <= 1e-9)
    counts = dict.fromkeys((0, *LEVELS), 0)
    for lv in peer_levels:
        counts[int(lv)] = counts.get(int(lv), 0) + 1
    return PeerPosition(
        n=n, percentile=100.0 * (below + 0.5 * equal) / n, level_counts=counts, withheld=False
    )


@dataclass(frozen=True, kw_only=True)
class Spread:
    """Mean and sample standard deviation of a set of differences (None below two values)."""

    n: int
    mean: float | None
    sd: float | None


def spread(values: Sequence[float]) -> Spread:
    """Mean and sample standard deviation (n − 1)."""
    n = len(values)
    if n == 0:
        return Spread(n=0, mean=None, sd=None)
    m = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - m) ** 2 for v in values) / (n - 1)) if n > 1 else None
    return Spread(n=n, mean=m, sd=sd)


@dataclass(frozen=True, kw_only=True)
class InstitutionConsistency:
    """Consistency of one evaluation institution (see the methodology).

    Attributes
    ----------
    institution : str
    self_gap : Spread
        On-site score minus the enterprise's own self-assessed score, over its evaluations
        that have a self-assessment.
    peer_gap : Spread
        On-site score minus the mean on-site score other institutions gave to comparable
        enterprises (same cell: industry division × size class), over its evaluations in cells
        where the other institutions have at least ``min_group`` evaluations.
    """

    institution: str
    self_gap: Spread
    peer_gap: Spread


@dataclass(frozen=True, kw_only=True)
class OnsiteRecord:
    """One on-site result for the consistency measures."""

    institution: str
    cell: str
    onsite: float
    self_score: float | None = None


def institution_consistency(
    records: Sequence[OnsiteRecord], *, min_group: int
) -> tuple[InstitutionConsistency, ...]:
    """Per institution: spread of (on-site − self) and of (on-site − other institutions' cell mean)."""
    cell_sum: dict[str, float] = {}
    cell_n: dict[str, int] = {}
    inst_cell_sum: dict[tuple[str, str], float] = {}
    inst_cell_n: dict[tuple[str, str], int] = {}
    for r in records:
        cell_sum[r.cell] = cell_sum.get(r.cell, 0.0) + r.onsite
        cell_n[r.cell] = cell_n.get(r.cell, 0) + 1
        key = (r.institution, r.cell)
        inst_cell_sum[key] = inst_cell_sum.get(key, 0.0) + r.onsite
        inst_cell_n[key] = inst_cell_n.get(key, 0) + 1
    selfs: dict[str, list[float]] = {}
    peers: dict[str, list[float]] = {}
    for r in records:
        selfs.setdefault(r.institution, [])
        peers.setdefault(r.institution, [])
        if r.self_score is not None:
            selfs[r.institution].append(r.onsite - r.self_score)
        key = (r.institution, r.cell)
        others_n = cell_n[r.cell] - inst_cell_n[key]
        if others_n >= max(1, min_group):
            others_mean = (cell_sum[r.cell] - inst_cell_sum[key]) / others_n
            peers[r.institution].append(r.onsite - others_mean)
    return tuple(
        InstitutionConsistency(
            institution=inst, self_gap=spread(selfs[inst]), peer_gap=spread(peers[inst])
        )
        for inst in sorted(selfs)
    )


@dataclass(frozen=True, kw_only=True)
class ChainMember:
    """A supplier's level and dimension scores as the chain view sees them."""

    member: str
    level: int
    dimension_scores: Mapping[str, float | None]


@dataclass(frozen=True, kw_only=True)
class ChainConsistency:
    """Chain consistency (see the methodology).

    Attributes
    ----------
    n : int
        Suppliers with a level.
    share_at_required : float | None
        Share of suppliers at or above ``required_level``.
    weakest_level : int | None
    dimension_means : Mapping[str, float]
        Mean score of each dimension across the suppliers that have one.
    weakest_dimension : str | None
        The dimension with the lowest mean.
    order : tuple of str
        Members, weakest first (level, then mean dimension score, then name).
    """

    n: int
    required_level: int
    share_at_required: float | None
    weakest_level: int | None
    dimension_means: Mapping[str, float]
    weakest_dimension: str | None
    order: tuple[str, ...]


def chain_consistency(members: Sequence[ChainMember], *, required_level: int) -> ChainConsistency:
    """Share of suppliers at or above the required level, weakest dimension, weakest-first order."""
    if required_level not in LEVELS:
        raise MaturityError("required_level must be 1–5")
    n = len(members)
    if n == 0:
        return ChainConsistency(
            n=0,
            required_level=required_level,
            share_at_required=None,
            weakest_level=None,
            dimension_means={},
            weakest_dimension=None,
            order=(),
        )
    sums: dict[str, list[float]] = {}
    for m in members:
        for d, v in m.dimension_scores.items():
            if v is not None:
                sums.setdefault(d, []).append(v)
    means = {d: math.fsum(v) / len(v) for d, v in sorted(sums.items())}
    weakest_dim = min(means, key=lambda d: (means[d], d)) if means else None

    def mean_dim(m: ChainMember) -> float:
        vals = [v for v in m.dimension_scores.values() if v is not None]
        return math.fsum(vals) / len(vals) if vals else 0.0

    order = tuple(m.member for m in sorted(members, key=lambda m: (m.level, mean_dim(m), m.member)))
    return ChainConsistency(
        n=n,
        required_level=required_level,
        share_at_required=sum(1 for m in members if m.level >= required_level) / n,
        weakest_level=min(m.level for m in members),
        dimension_means=means,
        weakest_dimension=weakest_dim,
        order=order,
    )


def require_peers(n: int, min_group: int) -> None:
    """Raise :class:`InsufficientDataError` when a statistic would rest on fewer than ``min_group`` enterprises."""
    if n < min_group:
        raise InsufficientDataError(f"{n} enterprises: statistics need at least {min_group}")
