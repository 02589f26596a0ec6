"""API schemas of the registers (explicit fields, never ``__all__``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class LabTestItemOut(Schema):
    name_zh: str
    name_en: str
    standard: str
    method: str


class LaboratoryOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    region_id: str
    status: str
    specialties: str
    cma_no: str
    cma_valid_until: date | None
    cnas_no: str
    cnas_valid_until: date | None
    reassessment_due: date | None
    published_at: datetime | None
    items: list[LabTestItemOut]


class LaboratoryIn(Schema):
    code: str
    name_zh: str
    name_en: str = ""
    region: str
    specialties: str = ""
    address: str = ""
    cma_no: str = ""
    cma_valid_until: date | None = None
    cnas_no: str = ""
    cnas_valid_until: date | None = None
    reassessment_due: date | None = None
    items: list[LabTestItemOut]
    publish: bool = False


class CaseFigureIO(Schema):
    label_zh: str
    label_en: str = ""
    before: Decimal | None = None
    after: Decimal
    unit: str = ""


class CaseFigureOut(Schema):
    label_zh: str
    label_en: str
    before: float | None
    after: float
    unit: str


class CaseTopicIO(Schema):
    problem: str
    detail: str = ""


class CaseOut(Schema):
    id: int
    case_type: str
    name_zh: str
    name_en: str
    industry_id: str
    region_id: str
    enterprise_id: int | None
    status: str
    methods: str
    problem: str
    measures: str
    results: str
    summary_en: str
    published_at: datetime | None
    figures: list[CaseFigureOut]
    topics: list[CaseTopicIO]


class CaseIn(Schema):
    case_type: str
    name_zh: str
    name_en: str = ""
    industry: str
    region: str
    enterprise: str = ""
    methods: str = ""
    problem: str
    measures: str
    results: str
    summary_en: str = ""
    figures: list[CaseFigureIO]
    topics: list[CaseTopicIO] = []
    publish: bool = False


class CaseSuggestionOut(Schema):
    case: CaseOut
    score: int
    reason: str
