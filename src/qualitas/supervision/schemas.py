"""API schemas of supervision spot-checks (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class TestItemOut(Schema):
    code: str
    name_zh: str
    name_en: str
    standard: str
    method: str
    requirement: str
    item_class: str
    limit_kind: str
    low: float | None = None
    high: float | None = None
    unit: str


class ProductRuleOut(Schema):
    id: int
    code: str
    product_zh: str
    product_en: str
    document: str
    verdict_rule: str
    major_allowed: int
    minor_allowed: int
    sample_size: int
    backup_size: int
    items: list[TestItemOut]


class SpotCheckCampaignOut(Schema):
    id: int
    code: str
    title_zh: str
    title_en: str
    level: str
    region: str | None = Field(None, alias="region_id")
    year: int
    status: str
    rules: list[str]
    sample_count: int
    frame_regions: list[str]
    frame_industries: list[str]
    stratify_by: list[str]
    weight_by: str
    exclude_months: int
    seed: int | None = None
    frame_size: int
    frame_digest: str
    method: str
    allocation: dict[str, int]
    drawn_at: datetime | None = None
    objection_days: int
    notice_no: str
    published_at: datetime | None = None


class SpotCheckCampaignIn(Schema):
    code: str
    title_zh: str
    title_en: str = ""
    level: str = Field(..., description="national, provincial or city")
    region: str | None = Field(None, description="organising region (GB/T 2260); none: national")
    year: int
    rules: list[str] = Field(..., description="product rule codes")
    sample_count: int
    frame_regions: list[str] = []
    frame_industries: list[str] = []
    stratify_by: list[str] = Field([], description="region, industry, size")
    weight_by: str = Field("", description="empty or size_risk")
    exclude_months: int = 12


class DrawIn(Schema):
    seed: int | None = Field(None, description="empty: a random seed, recorded and published")


class PublishIn(Schema):
    notice_no: str = ""


class SampleOut(Schema):
    id: int
    code: str
    campaign: int = Field(..., alias="campaign_id")
    enterprise: int = Field(..., alias="enterprise_id")
    rule: int = Field(..., alias="rule_id")
    draw_order: int
    stratum: str
    status: str
    sampled_on: date | None = None
    place: str
    brand: str
    model_spec: str
    batch: str
    production_date: date | None = None
    quantity: int | None = None
    backup_quantity: int | None = None
    enterprise_confirmed_at: datetime | None = None
    laboratory: int | None = Field(None, alias="laboratory_id")
    tested_on: date | None = None
    verdict: str
    notified_on: date | None = None
    objection_filed_on: date | None = None
    reinspection_lab: int | None = Field(None, alias="reinspection_lab_id")
    reinspection_verdict: str
    final_verdict: str
    rectification_deadline: date | None = None
    recheck_verdict: str
    refused_on: date | None = None


class SamplingIn(Schema):
    sampled_on: date
    place: str
    batch: str = ""
    production_date: date | None = None
    quantity: int
    backup_quantity: int
    brand: str = ""
    model_spec: str = ""
    laboratory: int | None = None


class LabIn(Schema):
    laboratory: int


class ResultValueIn(Schema):
    value: str
    unit: str = ""


class ResultsIn(Schema):
    tested_on: date
    values: dict[str, ResultValueIn] = Field(..., description="by test item code")


class DayIn(Schema):
    on: date | None = None


class ObjectionIn(Schema):
    filed_on: date | None = None
    reason: str


class RectificationIn(Schema):
    deadline: date


class RefusalIn(Schema):
    refused_on: date
    note: str


class PublishedRowOut(Schema):
    sample: str
    product: str
    enterprise: str
    credit_code: str
    region: str
    brand: str
    model_spec: str
    batch: str
    production_date: date | None = None
    laboratory: str
    verdict: str
    failing_items: list[str]


class SummaryRowOut(Schema):
    name: str
    enterprises: int
    batches: int
    failed: int
    rate: float | None = None


class SummaryOut(Schema):
    enterprises: int
    batches: int
    failed: int
    rate: float | None = None
    refused: int
    by_product: list[SummaryRowOut]
    by_province: list[SummaryRowOut]
    by_industry: list[SummaryRowOut]
    failing_items: list[tuple[str, int]]


class PublishedOut(Schema):
    campaign: SpotCheckCampaignOut
    summary: SummaryOut
    qualified: list[PublishedRowOut]
    unqualified: list[PublishedRowOut]
    refused: list[PublishedRowOut]
