"""API schemas of the registers (explicit fields, never ``__all__``)."""

from __future__ import annotations

from datetime import date, datetime

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
