"""API schemas of consumer complaints (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class FormTokenOut(Schema):
    issued: str


class ComplaintIn(Schema):
    category: str
    problem: str
    region: str
    product: str
    description: str
    brand: str = ""
    purchased_on: str = ""
    enterprise: str = ""
    credit_code: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    issued: str


class ComplaintFiledOut(Schema):
    code: str
    tracking_token: str
    tracking_url: str


class ComplaintOut(Schema):
    id: int
    code: str
    category: str
    problem: str
    region: str
    product: str
    brand: str
    description: str
    received_on: date
    status: str
    enterprise_id: int | None = None
    deadline: date | None = None
    responded_on: date | None = None
    response: str
    #: masked except for the handler
    contact: dict[str, str]
    contact_masked: bool


class ComplaintRespondIn(Schema):
    response: str


class StatisticsRowOut(Schema):
    category: str
    code: str
    cells: list[int | None]
    total: int


class ProvinceOut(Schema):
    province: str
    n: int | None = None


class StatisticsOut(Schema):
    days: int
    total: int
    problems: list[str]
    table: list[StatisticsRowOut]
    by_province: list[ProvinceOut]
    routed: int
    answered: int
    on_time_share: float | None = None
    confirmed: int
    disputed: int


class ComplaintWarningOut(Schema):
    id: int
    category: str
    region: str
    problem: str
    window_start: date
    window_end: date
    size: int
    baseline: float
    terms: list[str]
    status: str
    summary: str
