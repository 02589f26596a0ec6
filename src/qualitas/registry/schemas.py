"""API schemas of the registry (``<Model>In``, ``<Model>Out``, ``<Model>Filter``), explicit fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, FilterSchema, ModelSchema, Schema

from qualitas.registry.choices import EnterpriseStatus, SizeClass
from qualitas.registry.models import (
    Contact,
    Enterprise,
    Industry,
    Institution,
    Product,
    Region,
    Site,
)


class RegionOut(ModelSchema):
    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "parent", "kind"]


class IndustryOut(ModelSchema):
    class Meta:
        model = Industry
        fields = ["code", "name_zh", "name_en", "level", "parent"]


class InstitutionOut(ModelSchema):
    class Meta:
        model = Institution
        fields = ["id", "kind", "name_zh", "name_en", "credit_code", "region"]


class EnterpriseListOut(ModelSchema):
    region_name: str = Field(..., alias="region.name_zh")
    industry_name: str = Field(..., alias="industry.name_zh")

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name_zh",
            "name_en",
            "region",
            "province",
            "industry",
            "size_class",
            "status",
        ]


class ProductOut(ModelSchema):
    class Meta:
        model = Product
        fields = ["id", "name_zh", "name_en", "category", "model", "standards"]


class SiteOut(ModelSchema):
    class Meta:
        model = Site
        fields = ["id", "name", "region", "address"]


class ContactOut(ModelSchema):
    class Meta:
        model = Contact
        fields = ["id", "name", "title", "phone", "email"]


class EnterpriseOut(ModelSchema):
    region_name: str = Field(..., alias="region.name_zh")
    industry_name: str = Field(..., alias="industry.name_zh")
    products: list[ProductOut]
    sites: list[SiteOut]

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name_zh",
            "name_en",
            "region",
            "province",
            "industry",
            "size_class",
            "status",
            "founded",
            "address",
            "website",
            "created_at",
            "updated_at",
        ]


class EnterpriseIn(Schema):
    credit_code: str = Field(
        ..., description="Unified social credit code, 18 characters (GB 32100-2015)"
    )
    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=300)
    region: str = Field(..., description="GB/T 2260 region code, e.g. 330100")
    industry: str = Field(..., description="GB/T 4754-2017 manufacturing division, e.g. C38")
    size_class: SizeClass
    status: EnterpriseStatus = EnterpriseStatus.ACTIVE
    founded: date | None = None
    address: str = Field("", max_length=300)
    website: str = Field("", max_length=200)


class EnterprisePatch(Schema):
    name_zh: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=300)
    region: str | None = None
    industry: str | None = None
    size_class: SizeClass | None = None
    status: EnterpriseStatus | None = None
    founded: date | None = None
    address: str | None = Field(None, max_length=300)
    website: str | None = Field(None, max_length=200)


class EnterpriseFilter(FilterSchema):
    q: str = Field(
        "",
        description="Name fragment (Chinese ≥ 2 characters or English words; exact and leading matches first in the default order) or a credit code, whole or its first 8 or more characters",
    )
    region: str = Field(
        "", description="Region code at any level: a province, a city (prefecture) or a county"
    )
    industry: str = Field("", description="Section (C), division (C38) or group (C384)")
    size_class: str = ""
    status: str = ""
    sort: str = Field(
        "name",
        description="name, -name, name_en, code, region, industry, founded (prefix - for descending)",
    )


class ProductIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=300)
    category: str = Field(..., min_length=1, max_length=100)
    model: str = Field("", max_length=100)
    standards: str = Field("", max_length=300)


class ContactIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)


class StatsRow(Schema):
    code: str
    name_zh: str
    name_en: str
    n: int | None
    withheld: bool


class StatsOut(Schema):
    total: int
    by_province: list[StatsRow]
    by_industry: list[StatsRow]


class ImportJobOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    done: int
    percent: int
    message: str
    result: dict[str, Any]
