"""Bridge between stored frameworks and the pure scoring engine (``qualitas.analytics.maturity``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from qualitas.analytics.maturity import (
    DimensionSpec,
    FrameworkSpec,
    GateEvent,
    GatingRule,
    IndicatorSpec,
    MaturityResult,
    RequirementSpec,
    score_framework,
)
from qualitas.evaluation.models import Framework, Indicator, Requirement


@lru_cache(maxsize=16)
def _spec_cached(framework_id: int, imported_at: str) -> tuple[FrameworkSpec, dict[int, str]]:
    fw = Framework.objects.get(pk=framework_id)
    dims = tuple(
        DimensionSpec(code=d.code, weight=float(d.weight)) for d in fw.dimensions.order_by("order")
    )
    inds = tuple(
        IndicatorSpec(code=i.code, dimension=i.dimension.code, weight=float(i.weight))
        for i in Indicator.objects.filter(dimension__framework=fw)
        .select_related("dimension")
        .order_by("dimension__order", "order")
    )
    reqs = list(
        Requirement.objects.filter(framework=fw)
        .select_related("indicator")
        .order_by("indicator__dimension__order", "indicator__order", "level", "order")
    )
    doc = fw.spec or {}
    scale = {s["code"]: float(s["score"]) for s in doc.get("scale", [])} or None
    gating = tuple(
        GatingRule(
            kind=g["kind"],
            within_years=int(g["within_years"]),
            cap=int(g["cap"]),
            requirement=str(g["requirement"]) if g.get("requirement") else None,
        )
        for g in doc.get("gating", [])
    )
    kwargs: dict[str, Any] = {
        "threshold": float(fw.threshold),
        "dimension_floor": float(fw.dimension_floor),
        "gating": gating,
    }
    if scale:
        kwargs["scale"] = scale
    spec = FrameworkSpec(
        dimensions=dims,
        indicators=inds,
        requirements=tuple(
            RequirementSpec(
                code=r.code,
                indicator=r.indicator.code,
                level=r.level,
                weight=float(r.weight),
                na_allowed=r.na_allowed,
            )
            for r in reqs
        ),
        **kwargs,
    )
    return spec, {r.pk: r.code for r in reqs}


def framework_spec(framework: Framework) -> tuple[FrameworkSpec, dict[int, str]]:
    """The engine's spec of a framework version and the map requirement id → code (cached per version)."""
    return _spec_cached(
        framework.pk, framework.imported_at.isoformat() if framework.imported_at else ""
    )


def score_answers(
    framework: Framework,
    answers: Mapping[int, str],
    *,
    events: Iterable[GateEvent] = (),
    as_of: date | None = None,
) -> MaturityResult:
    """Score answers given as requirement id → answer code."""
    spec, codes = framework_spec(framework)
    return score_framework(
        spec,
        {codes[rid]: v for rid, v in answers.items() if rid in codes},
        events=events,
        as_of=as_of,
    )


def result_json(result: MaturityResult) -> dict[str, Any]:
    """A compact JSON snapshot of a scoring result (stored with assessments and results)."""
    return {
        "level": result.level,
        "uncapped_level": result.uncapped_level,
        "score": round(result.score, 4),
        "uncapped_score": round(result.uncapped_score, 4),
        "level_scores": {
            str(k): (None if v is None else round(v, 4)) for k, v in result.level_scores.items()
        },
        "level_met": {str(k): v for k, v in result.level_met.items()},
        "dimension_scores": {
            k: (None if v is None else round(v, 4)) for k, v in result.dimension_scores.items()
        },
        "dimension_level_scores": {
            d: {str(k): (None if v is None else round(v, 4)) for k, v in lv.items()}
            for d, lv in result.dimension_level_scores.items()
        },
        "indicator_scores": {
            k: (None if v is None else round(v, 4)) for k, v in result.indicator_scores.items()
        },
        "indicator_levels": dict(result.indicator_levels),
        "answered": result.answered,
        "total": result.total,
        "missing": list(result.missing),
        "gaps": [
            [g.requirement, g.level, round(g.score, 4), round(g.impact, 6)] for g in result.gaps
        ],
        "gates": [
            {
                "kind": g.kind,
                "cap": g.cap,
                "occurred_on": g.occurred_on.isoformat() if g.occurred_on else None,
                "reference": g.reference,
                "requirement": g.requirement,
            }
            for g in result.gates
        ],
    }
