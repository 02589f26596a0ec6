"""API schemas of traceability (``/api/traceability/``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema


class TraceFilter(Schema):
    direction: Literal["forward", "backward"]
    id: str
    since: datetime | None = None
    until: datetime | None = None
    depth: int = 32


class ReachedOut(Schema):
    id: str
    label: str
    depth: int
    kind: str
    quantity: float | None
    uom: str


class TraceEdgeOut(Schema):
    source: str
    target: str
    kind: str
    quantity: float | None
    uom: str


class TraceOut(Schema):
    id: str
    direction: str
    reached: list[ReachedOut]
    edges: list[TraceEdgeOut]


class RecallOut(Schema):
    id: int
    recall_no: str
    source: str
    status: str
    producer_name: str
    enterprise_id: int | None
    product_name: str
    brand: str
    model_spec: str
    batch: str
    defect_description: str
    consequence: str
    remedy: str
    recall_qty: int | None
    units_recovered: int
    effectiveness: float | None
    published_at: datetime | None
    closed_at: datetime | None
