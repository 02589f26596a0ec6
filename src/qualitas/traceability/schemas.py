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
