"""API schemas of problem diagnosis (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, ModelSchema, Schema

from qualitas.diagnosis.choices import ChartType, RuleSet, StudyKind
from qualitas.diagnosis.models import Alert, Characteristic, DataSet, Study


class UnitOut(Schema):
    symbol: str
    name_zh: str
    name_en: str


class CharacteristicOut(ModelSchema):
    class Meta:
        model = Characteristic
        fields = [
            "id",
            "enterprise",
            "name",
            "unit",
            "lsl",
            "usl",
            "target",
            "subgroup_size",
            "chart_type",
            "rule_set",
            "site",
            "product",
            "line",
            "monitored",
            "frozen_limits",
            "frozen_from",
            "frozen_at",
            "last_cpk",
            "last_cpk_at",
            "created_at",
        ]


class CharacteristicIn(Schema):
    enterprise: int | None = Field(
        None,
        description="Enterprise id (admins only; enterprise users always create for their own)",
    )
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field(
        ...,
        description="A unit symbol or name from GET /api/diagnosis/units, e.g. mm, µm, N·m, °C, 毫米",
    )
    lsl: Decimal | None = None
    usl: Decimal | None = None
    target: Decimal | None = None
    subgroup_size: int = Field(1, ge=1, le=25)
    chart_type: ChartType = ChartType.IMR
    rule_set: RuleSet = RuleSet.NELSON
    site: int | None = None
    product: int | None = None
    line: str = Field("", max_length=100)


class CharacteristicPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = None
    lsl: Decimal | None = None
    usl: Decimal | None = None
    target: Decimal | None = None
    subgroup_size: int | None = Field(None, ge=1, le=25)
    chart_type: ChartType | None = None
    rule_set: RuleSet | None = None
    site: int | None = None
    product: int | None = None
    line: str | None = Field(None, max_length=100)
    monitored: bool | None = None


class BatchOut(Schema):
    batch_id: str
    stored: int = Field(
        ..., description="Points stored by this batch (for a duplicate: by the first delivery)"
    )
    duplicate: bool = Field(
        ..., description="True when this batch id was already received: nothing was stored again"
    )
    violations: int
    alerts_opened: int
    alerts_updated: int


BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["batch_id", "times", "values"],
                    "properties": {
                        "batch_id": {
                            "type": "string",
                            "maxLength": 100,
                            "description": "Client batch id; a retry with the same id is stored once",
                        },
                        "times": {
                            "type": "array",
                            "maxItems": 100000,
                            "items": {
                                "oneOf": [
                                    {"type": "string", "format": "date-time"},
                                    {"type": "number"},
                                ]
                            },
                            "description": "ISO 8601 (offset or Z; none = UTC) or Unix seconds",
                        },
                        "values": {
                            "type": "array",
                            "maxItems": 100000,
                            "items": {"type": "number"},
                        },
                        "subgroups": {
                            "type": "array",
                            "maxItems": 100000,
                            "items": {"type": ["string", "integer"]},
                        },
                        "sizes": {
                            "type": "array",
                            "maxItems": 100000,
                            "items": {"type": ["number", "null"]},
                            "description": (
                                "Attribute characteristics: the sample size of each count "
                                "(units inspected; required for p, np and u charts, where "
                                "`values` are counts of nonconforming units or nonconformities)"
                            ),
                        },
                    },
                }
            }
        },
    }
}


class MeasurementsOut(Schema):
    characteristic: int
    times: list[datetime]
    values: list[float]
    subgroups: list[str]
    sizes: list[float | None]


class FreezeIn(Schema):
    study: int
    monitor: bool = True


class AlertOut(ModelSchema):
    characteristic_name: str = Field(..., alias="characteristic.name")
    rule_name: str = Field(
        ..., alias="rule_label", description="The rule by name in the answer's language"
    )
    rule_description: str = Field(..., description="What the rule tests, in the answer's language")
    cause_name: str | None = Field(None, alias="cause.name")
    action_name: str | None = Field(None, alias="action.name")

    class Meta:
        model = Alert
        fields = [
            "id",
            "characteristic",
            "rule",
            "points",
            "occurrences",
            "opened_at",
            "last_at",
            "status",
            "cause",
            "action",
            "acknowledged_at",
            "closed_at",
            "note",
        ]


class AlertAcknowledgeIn(Schema):
    cause: int
    action: int
    note: str = Field("", max_length=2000)
    close: bool = False


class ListItemOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    own: bool


class ListsOut(Schema):
    causes: list[ListItemOut]
    actions: list[ListItemOut]


class StudyIn(Schema):
    kind: StudyKind
    characteristic: int | None = None
    dataset: int | None = None
    title: str = Field("", max_length=200)
    options: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Per kind, e.g. control_chart {chart_type: xbar_r|xbar_s|imr|p|np|c|u|ewma|cusum "
            "(empty: proposed from the data), value_column, subgroup_column, count_column, "
            "size_column, lam and nsigmas (EWMA λ and L), h, k (CUSUM)}; capability {method, lsl, usl}; "
            "gage_rr {value_column, part_column, operator_column}; sampling {lot_size, aql, level}"
        ),
    )


class StudyOut(ModelSchema):
    class Meta:
        model = Study
        fields = [
            "id",
            "enterprise",
            "kind",
            "title",
            "characteristic",
            "dataset",
            "inputs",
            "options",
            "created_at",
        ]


class StudyDetailOut(StudyOut):
    results: dict[str, Any]


class DataSetOut(ModelSchema):
    class Meta:
        model = DataSet
        fields = [
            "id",
            "enterprise",
            "name",
            "columns",
            "row_count",
            "mapping",
            "characteristic",
            "status",
            "job",
            "created_at",
        ]


class DataSetImportIn(Schema):
    characteristic: int
    time: str
    value: str
    subgroup: str = ""


class DiagnosisSummaryOut(Schema):
    enterprise: int
    computed_at: datetime | None
    window_start: datetime | None
    window_end: datetime | None
    monitored: int
    assessed: int
    capable: int
    below_one: int
    share_capable: float | None
    median_cpk: float | None


class AggregateEnterprise(Schema):
    id: int
    credit_code: str
    name_zh: str
    name_en: str
    industry: str
    region: str
    monitored: int
    open_alerts: int
    below_one: int


class AggregateIndustry(Schema):
    code: str
    name_zh: str
    name_en: str
    enterprises: int
    monitored: int | None
    open_alerts: int | None
    below_one: int | None
    withheld: bool


class AggregatesOut(Schema):
    by_enterprise: list[AggregateEnterprise]
    by_industry: list[AggregateIndustry]
    totals: dict[str, int]
    min_group: int
