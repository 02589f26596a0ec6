"""API schemas of integrity and quality credit (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class CreditRecordOut(Schema):
    id: int
    kind: str
    decision_no: str
    version: int
    revision_note: str
    enterprise_credit_code: str
    enterprise_name_zh: str
    legal_basis: str
    facts: str
    penalty_type: str
    amount: float | None = None
    major: bool
    authority_zh: str
    authority_en: str
    region_id: str
    decided_on: date
    publicity_from: date
    publicity_until: date
    published_at: datetime | None = None
