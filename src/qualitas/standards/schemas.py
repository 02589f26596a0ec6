"""API schemas of standards self-declaration (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class StandardOut(Schema):
    code: str
    kind: str
    mandatory: bool
    title_zh: str
    title_en: str
    status: str
    replaced_by: str | None = None
    issued_on: date | None = None
    effective_on: date | None = None
    ics: str
    ccs: str


class IndicatorOut(Schema):
    key: str
    name_zh: str
    name_en: str
    unit: str
    limit_kind: str
    value: float
    method: str
    safety: bool
    standard: str | None = None


class DeclarationOut(Schema):
    id: int
    enterprise_id: int
    product_id: int
    product: str
    category: str
    version: int
    status: str
    standards: list[str]
    indicators: list[IndicatorOut]
    published_at: datetime | None = None


class IndicatorIn(Schema):
    name_zh: str
    unit: str = ""
    limit_kind: str
    value: str
    key: str = ""
    name_en: str = ""
    method: str = ""
    safety: bool = False
    standard: str = ""


class DeclarationIn(Schema):
    product_id: int
    standards: list[str]
    indicators: list[IndicatorIn] = []
    note: str = ""
    publish: bool = False


class GradeOut(Schema):
    number: str
    grade: str
    qualified: bool
    in_force: bool
    product: str
    product_id: int
    enterprise: str
    enterprise_id: int
    credit_code: str
    category: str
    scheme: str
    scheme_version: int
    source: str
    laboratory: str
    accreditation: str
    report_no: str
    tested_on: date
    valid_until: date
    url: str
