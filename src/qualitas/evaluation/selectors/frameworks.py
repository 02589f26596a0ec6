"""Framework versions and their tree of dimensions, indicators and requirements (public)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qualitas.core.access import (
    NotFound,
)
from qualitas.evaluation.models import (
    Dimension,
    Framework,
    Indicator,
    Requirement,
)


@dataclass
class IndicatorNode:
    indicator: Indicator
    requirements: list[Requirement]


@dataclass
class DimensionNode:
    dimension: Dimension
    indicators: list[IndicatorNode]

    @property
    def requirement_count(self) -> int:
        return sum(len(i.requirements) for i in self.indicators)


def framework_tree(framework: Framework) -> list[DimensionNode]:
    """Dimensions → indicators → requirements of a framework version, in three queries."""
    dims = list(Dimension.objects.filter(framework=framework).order_by("order"))
    inds = list(
        Indicator.objects.filter(dimension__framework=framework).order_by(
            "dimension__order", "order"
        )
    )
    reqs: dict[int, list[Requirement]] = {}
    for r in Requirement.objects.filter(framework=framework).order_by("level", "order"):
        reqs.setdefault(r.indicator_id, []).append(r)
    by_dim: dict[int, list[IndicatorNode]] = {}
    for i in inds:
        by_dim.setdefault(i.dimension_id, []).append(
            IndicatorNode(indicator=i, requirements=reqs.get(i.pk, []))
        )
    return [DimensionNode(dimension=d, indicators=by_dim.get(d.pk, [])) for d in dims]


def framework_get(*, pk: int) -> Framework:
    fw = Framework.objects.filter(pk=pk).first()
    if fw is None:
        raise NotFound
    return fw


def frameworks_list() -> QuerySet[Framework]:
    return Framework.objects.order_by("code", "-imported_at")


def requirement_labels(framework: Framework) -> dict[str, dict[str, Any]]:
    """Requirement code → its text, guidance, level and indicator (for reports and gaps)."""
    return {
        r.code: {
            "text": r.text,
            "guidance": r.guidance,
            "level": r.level,
            "indicator": r.indicator.name,
            "indicator_code": r.indicator.code,
            "id": r.pk,
        }
        for r in Requirement.objects.filter(framework=framework).select_related("indicator")
    }


def requirement_code(*, framework_id: int, pk: int) -> str | None:
    """The code of a requirement of the framework (public: frameworks are published), or None."""
    return (
        Requirement.objects.filter(pk=pk, framework_id=framework_id)
        .values_list("code", flat=True)
        .first()
    )


def requirement_by_code(*, framework_id: int, code: str) -> Requirement | None:
    """A requirement of the framework by its code (public), or None."""
    return Requirement.objects.filter(framework_id=framework_id, code=code).first()


def requirements_count(*, framework_id: int) -> int:
    """How many requirements the framework has (public)."""
    return Requirement.objects.filter(framework_id=framework_id).count()
