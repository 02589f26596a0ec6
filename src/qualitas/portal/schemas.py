"""Schemas of the portal's API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class HitOut(Schema):
    kind: str
    title: str
    text: str
    url: str
    region_code: str
    industry_code: str
    published_at: datetime | None


class GroupOut(Schema):
    kind: str
    name: str
    count: int
    hits: list[HitOut]


class SearchOut(Schema):
    total: int
    built_at: datetime | None
    groups: list[GroupOut]
