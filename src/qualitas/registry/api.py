"""REST endpoints of the registry (mounted at /api/registry/). Thin: validate, call, return."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.security import django_auth

from qualitas.core.access import Forbidden, NotFound, actor_for, can_edit_enterprise, can_import
from qualitas.core.exports import Column, export_response
from qualitas.core.selectors import job_get
from qualitas.core.uploads import upload_bytes
from qualitas.registry import selectors, services
from qualitas.registry.choices import EnterpriseStatus, SizeClass
from qualitas.registry.schemas import (
    ContactIn,
    ContactOut,
    EnterpriseFilter,
    EnterpriseIn,
    EnterpriseListOut,
    EnterpriseOut,
    EnterprisePatch,
    ImportJobOut,
    IndustryOut,
    InstitutionOut,
    ProductIn,
    ProductOut,
    RegionOut,
    SiteOut,
    StatsOut,
)
from qualitas.registry.validation import UNKNOWN_REGION, validate_enterprise

router = Router(tags=["registry"])

EXPORT_COLUMNS = (
    Column("credit_code", _("Unified social credit code")),
    Column("name_zh", _("Name (Chinese)")),
    Column("name_en", _("Name (English)")),
    Column("province", _("Province code")),
    Column("region", _("Region code")),
    Column("region_name", _("Region")),
    Column("industry", _("Industry code")),
    Column("industry_name", _("Industry")),
    Column("size_class", _("Size"), choices=SizeClass.choices),
    Column("status", _("Status"), choices=EnterpriseStatus.choices),
)
EXPORT_HEADER = [c.key for c in EXPORT_COLUMNS]


def _query(filters: EnterpriseFilter) -> selectors.EnterpriseQuery:
    return selectors.EnterpriseQuery(**filters.model_dump())


def _validated(payload: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    data, problems = validate_enterprise(payload, partial=partial)
    if problems:
        raise services.RegistryError(problems[0].message, field=problems[0].field)
    return data


@router.get("/regions", response=list[RegionOut], summary="Regions (GB/T 2260)")
def regions(request: HttpRequest, level: str = "", parent: str = "") -> Any:
    return selectors.regions_list(level=level, parent=parent)


@router.get("/industries", response=list[IndustryOut], summary="Industries (GB/T 4754-2017)")
def industries(request: HttpRequest, level: str = "", parent: str = "") -> Any:
    return selectors.industries_list(level=level, parent=parent)


@router.get("/institutions", response=list[InstitutionOut], summary="Institutions")
def institutions(request: HttpRequest, kind: str = "") -> Any:
    return selectors.institutions_list(kind=kind)


class EnterprisePage(Schema):
    items: list[EnterpriseListOut]
    count: int
    count_capped: bool = Field(
        False,
        description="True when more enterprises match than were counted (count is then the cap)",
    )
    page: int
    pages: int


@router.get("/enterprises", response=EnterprisePage, summary="Search enterprises")
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilter], page: int = 1) -> Any:
    """Public search, 25 per page. Responses are cached briefly (see ``selectors.search_page_cached``)."""
    if page < 1:
        raise services.RegistryError(_("The page must be 1 or more."), field="page")
    body = selectors.search_page_cached(query=_query(filters), page=page, page_size=25)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get("/enterprises/export", summary="Export a search as CSV or XLSX", response={200: None})
def enterprise_export(
    request: HttpRequest,
    filters: Query[EnterpriseFilter],
    format: str = "csv",
    header: str = "labels",
) -> Any:
    """``header=labels`` (default): headers, coded values and names in the request's language;
    ``header=keys``: the stable machine keys and raw codes (``small``, ``active``)."""
    if format not in ("csv", "xlsx"):
        raise services.RegistryError(_("The format must be csv or xlsx."), field="format")
    if header not in ("labels", "keys"):
        raise services.RegistryError(_("The header must be labels or keys."), field="header")
    keys = header == "keys"
    qs = selectors.enterprise_search(query=_query(filters))
    return export_response(
        rows=selectors.enterprises_for_export(qs, english=not keys and _english()).iterator(),
        columns=EXPORT_COLUMNS,
        keys=keys,
        filename="enterprises",
        fmt=format,
    )


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


@router.get(
    "/enterprises/{int:pk}", response=EnterpriseOut, summary="Enterprise profile (public fields)"
)
def enterprise_detail(request: HttpRequest, pk: int) -> Any:
    return selectors.enterprise_get(pk=pk)


@router.post(
    "/enterprises", response={201: EnterpriseOut}, auth=django_auth, summary="Create an enterprise"
)
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Any:
    actor = actor_for(request.user)
    if not can_edit_enterprise(actor, None):
        raise Forbidden(_("You may not create enterprises."))
    data = _validated(payload.model_dump(mode="json"), partial=False)
    return 201, services.enterprise_create(actor=actor, data=data)


@router.patch(
    "/enterprises/{int:pk}",
    response=EnterpriseOut,
    auth=django_auth,
    summary="Change an enterprise",
)
def enterprise_patch(request: HttpRequest, pk: int, payload: EnterprisePatch) -> Any:
    actor = actor_for(request.user)
    enterprise = selectors.enterprise_get(pk=pk)
    if not can_edit_enterprise(actor, enterprise):
        raise NotFound
    data = _validated(payload.model_dump(mode="json", exclude_unset=True), partial=True)
    return services.enterprise_update(actor=actor, enterprise=enterprise, data=data)


@router.delete(
    "/enterprises/{int:pk}",
    response={204: None},
    auth=django_auth,
    summary="Delete an enterprise (admins)",
)
def enterprise_delete(request: HttpRequest, pk: int) -> Any:
    actor = actor_for(request.user)
    enterprise = selectors.enterprise_get(pk=pk)
    services.enterprise_delete(actor=actor, enterprise=enterprise)
    return 204, None


@router.get(
    "/enterprises/{int:pk}/contacts",
    response=list[ContactOut],
    auth=django_auth,
    summary="Contacts (private)",
)
def enterprise_contacts(request: HttpRequest, pk: int) -> Any:
    return selectors.contacts_for(actor=actor_for(request.user), pk=pk)


@router.post(
    "/enterprises/{int:pk}/contacts",
    response={201: ContactOut},
    auth=django_auth,
    summary="Add a contact",
)
def contact_create(request: HttpRequest, pk: int, payload: ContactIn) -> Any:
    actor = actor_for(request.user)
    enterprise = selectors.enterprise_get_private(actor=actor, pk=pk)
    return 201, services.contact_create(
        actor=actor, enterprise=enterprise, data=payload.model_dump()
    )


@router.post(
    "/enterprises/{int:pk}/products",
    response={201: ProductOut},
    auth=django_auth,
    summary="Add a product",
)
def product_create(request: HttpRequest, pk: int, payload: ProductIn) -> Any:
    actor = actor_for(request.user)
    enterprise = selectors.enterprise_get(pk=pk)
    if not can_edit_enterprise(actor, enterprise):
        raise NotFound
    return 201, services.product_create(
        actor=actor, enterprise=enterprise, data=payload.model_dump()
    )


@router.get(
    "/stats", response=StatsOut, summary="Counts by province and industry (aggregate access)"
)
def stats(request: HttpRequest) -> Any:
    return selectors.registry_stats(actor=actor_for(request.user))


@router.post(
    "/imports",
    response={202: ImportJobOut},
    auth=django_auth,
    summary="Import enterprises from CSV or XLSX (background job)",
)
def import_start(request: HttpRequest, file: File[UploadedFile]) -> Any:
    from qualitas.registry.imports import import_job_start

    actor = actor_for(request.user)
    if not can_import(actor):
        raise Forbidden(_("You may not import enterprises."))
    content = upload_bytes(file)
    job = import_job_start(actor=actor, filename=file.name or "upload.csv", content=content)
    return 202, job


@router.get(
    "/jobs/{int:registry_job_pk}",
    response=ImportJobOut,
    auth=django_auth,
    summary="Progress of a background job",
)
def job_detail(request: HttpRequest, registry_job_pk: int) -> Any:
    return job_get(actor=actor_for(request.user), pk=registry_job_pk)


# --- products, sites, contacts: change and remove (same access as the pages: those who may edit the enterprise) ---


class ProductPatch(Schema):
    name_zh: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=300)
    category: str | None = Field(None, min_length=1, max_length=100)
    model: str | None = Field(None, max_length=100)
    standards: str | None = Field(None, max_length=300)


class SiteIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    region: str = Field(..., description="GB/T 2260 region code, e.g. 330100")
    address: str = Field("", max_length=300)


class SitePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    region: str | None = Field(None, description="GB/T 2260 region code")
    address: str | None = Field(None, max_length=300)


class ContactPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    title: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)


def _editable(request: HttpRequest, pk: int) -> tuple[Any, Any]:
    actor = actor_for(request.user)
    enterprise = selectors.enterprise_get(pk=pk)
    if not can_edit_enterprise(actor, enterprise):
        raise NotFound
    return actor, enterprise


def _child(enterprise: Any, related: str, child_pk: int) -> Any:
    obj = getattr(enterprise, related).filter(pk=child_pk).first()
    if obj is None:
        raise NotFound
    return obj


def _site_data(payload: dict[str, Any]) -> dict[str, Any]:
    if "region" in payload:
        code = payload.pop("region") or ""
        if not selectors.regions_list().filter(code=code).exists():
            raise services.RegistryError(UNKNOWN_REGION, field="region", code=repr(code))
        payload["region_id"] = code
    return payload


@router.patch(
    "/enterprises/{int:pk}/products/{int:product_pk}",
    response=ProductOut,
    auth=django_auth,
    summary="Change a product",
)
def product_patch(request: HttpRequest, pk: int, product_pk: int, payload: ProductPatch) -> Any:
    actor, enterprise = _editable(request, pk)
    product = _child(enterprise, "products", product_pk)
    return services.product_update(
        actor=actor, product=product, data=payload.model_dump(exclude_unset=True, exclude_none=True)
    )


@router.delete(
    "/enterprises/{int:pk}/products/{int:product_pk}",
    response={204: None},
    auth=django_auth,
    summary="Remove a product",
)
def product_remove(request: HttpRequest, pk: int, product_pk: int) -> Any:
    actor, enterprise = _editable(request, pk)
    services.product_delete(actor=actor, product=_child(enterprise, "products", product_pk))
    return 204, None


@router.post(
    "/enterprises/{int:pk}/sites", response={201: SiteOut}, auth=django_auth, summary="Add a site"
)
def site_create(request: HttpRequest, pk: int, payload: SiteIn) -> Any:
    actor, enterprise = _editable(request, pk)
    return 201, services.site_create(
        actor=actor, enterprise=enterprise, data=_site_data(payload.model_dump())
    )


@router.patch(
    "/enterprises/{int:pk}/sites/{int:site_pk}",
    response=SiteOut,
    auth=django_auth,
    summary="Change a site",
)
def site_patch(request: HttpRequest, pk: int, site_pk: int, payload: SitePatch) -> Any:
    actor, enterprise = _editable(request, pk)
    site = _child(enterprise, "sites", site_pk)
    return services.site_update(
        actor=actor,
        site=site,
        data=_site_data(payload.model_dump(exclude_unset=True, exclude_none=True)),
    )


@router.delete(
    "/enterprises/{int:pk}/sites/{int:site_pk}",
    response={204: None},
    auth=django_auth,
    summary="Remove a site",
)
def site_remove(request: HttpRequest, pk: int, site_pk: int) -> Any:
    actor, enterprise = _editable(request, pk)
    services.site_delete(actor=actor, site=_child(enterprise, "sites", site_pk))
    return 204, None


@router.patch(
    "/enterprises/{int:pk}/contacts/{int:contact_pk}",
    response=ContactOut,
    auth=django_auth,
    summary="Change a contact",
)
def contact_patch(request: HttpRequest, pk: int, contact_pk: int, payload: ContactPatch) -> Any:
    actor, enterprise = _editable(request, pk)
    contact = _child(enterprise, "contacts", contact_pk)
    return services.contact_update(
        actor=actor, contact=contact, data=payload.model_dump(exclude_unset=True, exclude_none=True)
    )


@router.delete(
    "/enterprises/{int:pk}/contacts/{int:contact_pk}",
    response={204: None},
    auth=django_auth,
    summary="Remove a contact",
)
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> Any:
    actor, enterprise = _editable(request, pk)
    services.contact_delete(actor=actor, contact=_child(enterprise, "contacts", contact_pk))
    return 204, None
