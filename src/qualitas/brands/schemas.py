"""API schemas of brands (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class TrademarkOut(Schema):
    number: str
    nice_class: int
    registered_on: date | None = None
    valid_until: date | None = None


class TrademarkIn(Schema):
    number: str
    nice_class: int
    registered_on: date | None = None
    valid_until: date | None = None


class EvaluationOut(Schema):
    id: int
    method: str
    evaluated_on: date
    input_score: float
    outcome_score: float
    total: float
    scores: dict[str, float]


class BrandOut(Schema):
    id: int
    name_zh: str
    name_en: str
    kind: str
    category: str
    status: str
    owner_id: int | None = None
    owner: str | None = None
    region: str | None = None
    members: list[int]
    products: list[int]
    trademarks: list[TrademarkOut]
    evaluation: EvaluationOut | None = None
    lists: list[str]
    published_at: datetime | None = None


class BrandIn(Schema):
    kind: str
    name_zh: str
    name_en: str = ""
    category: str
    owner_id: int | None = None
    region: str | None = None
    members: list[int] = []
    products: list[int] = []
    trademarks: list[TrademarkIn] = []
    description: str = ""
    publish: bool = False


class SignalOut(Schema):
    kind: str
    day: date
    label: str
    adverse: bool
    enterprise_id: int
    url: str


class EvaluationIn(Schema):
    method: str = ""
    scores: dict[str, float]
    evaluated_on: date | None = None
    note: str = ""


class NominationIn(Schema):
    brand_id: int
    reason: str = ""


class ReviewIn(Schema):
    action: str
    note: str = ""


class EntryOut(Schema):
    id: int
    list: str
    brand_id: int
    brand: str
    status: str


class BrandListOut(Schema):
    id: int
    code: str
    title_zh: str
    title_en: str
    year: int
    tier: str
    status: str
    published_at: datetime | None = None
    brands: list[int]
