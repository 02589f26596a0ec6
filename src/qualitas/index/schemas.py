"""API schemas of the index (``<Model>In``, ``<Model>Out``, ``<Model>Filter``), explicit fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Field, ModelSchema, Schema

from qualitas.index.models import MethodologyVersion, Warning, WarningRule


class MethodologyVersionOut(ModelSchema):
    # a JSON list in the model; the schema says so (not "object")
    indicators: list[dict[str, Any]] = Field(
        ..., description="[{key, weight, normalisation, higher_is_better}]"
    )

    class Meta:
        model = MethodologyVersion
        fields = [
            "id",
            "code",
            "title",
            "status",
            "base_period",
            "min_group_size",
            "replicates",
            "confidence",
            "min_weight_coverage",
            "seed",
            "indicators",
            "notes",
            "published_at",
        ]


class IndexIndicatorOut(Schema):
    key: str
    label: str
    description: str
    unit: str
    higher_is_better: bool
    normalisation: str
    weight: float
    source_app: str


class MapFilter(Schema):
    period: str = Field("", description="2025Q3 or 2025; default: the latest quarter")
    industry: str = Field("C", description="C (all manufacturing) or a division such as C38")
    indicator: str = Field("", description="empty: the index; else an indicator key")
    province: str = Field("", description="a province code: its cities; empty: the provinces")


class MapCellOut(Schema):
    code: str
    name: str
    status: str
    value: float | None = None
    raw: float | None = None
    lo: float | None = None
    hi: float | None = None
    rank: int | None = None
    of: int = 0
    prev: float | None = None
    change: float | None = None
    n: int | None = Field(None, description="authority officers of the region and admins only")
    open_alerts: float | None = Field(
        None, description="authority officers of the region and admins only"
    )


class MapOut(Schema):
    period: str
    previous: str
    industry: str
    indicator: str
    indicator_label: str
    level: str
    province: str
    province_name: str
    min: float | None = None
    max: float | None = None
    version: str
    run: int
    cells: list[MapCellOut]


class TrendPointOut(Schema):
    period: str
    value: float | None = None
    raw: float | None = None
    lo: float | None = None
    hi: float | None = None


class WarningOut(ModelSchema):
    rule_name: str = Field(..., alias="rule.name")
    rule_kind: str = Field(..., alias="rule.kind")

    class Meta:
        model = Warning
        fields = [
            "id",
            "region",
            "industry",
            "period",
            "indicator",
            "numbers",
            "enterprise_ids",
            "status",
            "note",
            "acknowledged_at",
            "created_at",
        ]


class WarningAcknowledgeIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000)


class WarningRuleOut(ModelSchema):
    class Meta:
        model = WarningRule
        fields = [
            "id",
            "name",
            "kind",
            "indicator",
            "amount",
            "threshold",
            "below",
            "k",
            "window",
            "region_prefix",
            "industry",
            "active",
            "updated_at",
        ]


class WarningRulePatch(Schema):
    name: str | None = Field(None, max_length=120)
    amount: Decimal | None = None
    threshold: Decimal | None = None
    below: bool | None = None
    k: Decimal | None = None
    window: int | None = Field(None, ge=2, le=20)
    active: bool | None = None


class RecomputeJobOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    done: int
    percent: int
    message: str
    result: dict[str, Any]

    @staticmethod
    def resolve_message(obj: Any) -> str:
        return str(obj.shown_message)  # in the reader's language


class VersionCopyIn(Schema):
    code: str = Field(..., min_length=1, max_length=20, description="code of the new draft")
    title: str = Field("", max_length=200, description="empty: the source's title")
    source: int | None = Field(None, description="version to copy; default: the current one")


class IndicatorWeightIn(Schema):
    key: str
    weight: float = Field(..., description="> 0; weights not summing to 1 are rescaled")
    normalisation: str = Field("ratio", description="ratio or minmax_base")
    higher_is_better: bool | None = None


class MethodologyVersionPatch(Schema):
    title: str | None = Field(None, max_length=200)
    notes: str | None = None
    base_period: str | None = Field(None, description="2024 or 2024Q1")
    min_group_size: int | None = None
    replicates: int | None = None
    indicators: list[IndicatorWeightIn] | None = None


class MethodologyVersionUpdateOut(Schema):
    version: MethodologyVersionOut
    notes: list[str]


class IndexRunOut(Schema):
    id: int
    version: str = Field(..., alias="version.code")
    status: str
    started_at: Any
    finished_at: Any = None
    observations: int
    digest: str
    periods: list[str]
    message: str


class RecomputeIn(Schema):
    quarters: list[str] = Field(
        default_factory=list,
        description='quarters to re-extract from the sources first, e.g. ["2024Q3"]; '
        "empty: the latest complete quarter",
    )
