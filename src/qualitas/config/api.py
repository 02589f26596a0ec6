"""The one NinjaAPI: mounts each app's router; domain errors become HTTP errors here.

* NotFound (missing or not allowed — deliberately the same) → 404
* Forbidden (visible but not allowed to act) → 403
* DomainError (every app's refusals) → 422 with the field (and row) named, in the request's language
* Pydantic validation → 422 (django-ninja's default, which names the field)
* a value no column or encoding takes (``core.json_input``: bodies parsed strictly; an integer
  beyond 64 bits or a text the database refuses anywhere else) → 422
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from qualitas.brands.api import router as brands_router
from qualitas.complaints.api import router as complaints_router
from qualitas.core.access import Forbidden, NotFound
from qualitas.core.errors import DomainError
from qualitas.core.json_input import BadInput, StrictParser, out_of_range
from qualitas.credit.api import router as credit_router
from qualitas.diagnosis.api import router as diagnosis_router
from qualitas.evaluation.api import router as evaluation_router
from qualitas.index.api import router as index_router
from qualitas.portal.api import router as portal_router
from qualitas.registers.api import router as registers_router
from qualitas.registry.api import router as registry_router
from qualitas.standards.api import router as standards_router
from qualitas.supervision.api import router as supervision_router
from qualitas.suppliers.api import router as suppliers_router
from qualitas.traceability.api import router as traceability_router


class LocalTimeEncoder(NinjaJSONEncoder):
    """Aware times in the platform's zone (Asia/Shanghai, ``TIME_ZONE``): ``…T14:30:00+08:00``
    rather than ``…T06:30:00Z`` — the same instant, as the pages show it."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


class QualitasAPI(NinjaAPI):
    """The API whose schema says what ``core.bearer`` does: a bearer token with the endpoint's
    scope works wherever a session does, and public endpoints take one too (optional)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["BearerAuth"] = {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                gettext_lazy(
                    "A platform token made on /account/tokens/; it needs the scope of the "
                    "endpoint's area: <area>:read for GET, <area>:write otherwise."
                )
            ),
        }
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                security = operation.get("security")
                if security is None:
                    operation["security"] = [{}, {"BearerAuth": []}]
                elif {"BearerAuth": []} not in security:
                    security.insert(0, {"BearerAuth": []})
                _document_refusals(path, operation)
        return schema


def _refusal(description: str) -> dict[str, Any]:
    return {"description": description}


def _document_refusals(path: str, operation: dict[str, Any]) -> None:
    """The 4xx every endpoint may answer, from the handlers below (issue 16 §10: the spec listed
    only the successes): 400 for a query the platform refuses up front (``core.json_input``),
    422 for a refused input, 404 for a record missing or not yours, 401/403 where a sign-in or
    a role is needed. An endpoint's own codes (409, 413, …) stay as it declares them."""
    responses = operation.setdefault("responses", {})
    codes = {400: "Refused query (a NUL character, a number beyond 64 bits)"}
    codes[422] = "Refused input; detail[].loc names the field (and row)"
    if "{" in path:
        codes[404] = "Not found, or not yours to see (the same answer)"
    if {} not in operation.get("security", [{}]):
        codes[401] = "Authentication required"
        codes[403] = "Signed in, but not allowed to do this"
    declared = {str(code) for code in responses}
    for code, text in codes.items():
        if str(code) not in declared:
            responses[code] = _refusal(text)


api = QualitasAPI(
    title="Qualitas API",
    version="1",
    # lazy: the schema (and /api/docs) reads it in the language of the request
    description=cast(str, gettext_lazy("Open platform for manufacturing quality.")),
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI from django-ninja's own static files ("ninja" is an installed app): works offline
    docs=Swagger(settings={"validatorUrl": None, "docExpansion": "list"}),
    renderer=LocalTimeRenderer(),
    # bodies a column or an encoding could not take are a 422 naming the field (core.json_input)
    parser=StrictParser(),
    openapi_url="/openapi.json",
)
api.add_router("/registry/", registry_router)
api.add_router("/evaluation/", evaluation_router)
api.add_router("/diagnosis/", diagnosis_router)
api.add_router("/index/", index_router)
api.add_router("/traceability/", traceability_router)
api.add_router("/supervision/", supervision_router)
api.add_router("/complaints/", complaints_router)
api.add_router("/standards/", standards_router)
api.add_router("/brands/", brands_router)
api.add_router("/registers/", registers_router)
api.add_router("/portal/", portal_router)
api.add_router("/core/", "qualitas.core.api.router")
api.add_router("/credit/", credit_router)
api.add_router("/suppliers/", suppliers_router)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found")}, status=404)


@api.exception_handler(Forbidden)
def _forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Forbidden")}, status=403)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": [exc.as_detail()]}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext_lazy("Authentication required")}, status=401
    )


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number or text the database cannot take (an id or page beyond 64 bits) → 422."""
    return api.create_response(request, {"detail": [out_of_range(exc).as_detail()]}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own answer, except that a body refused by ``core.json_input`` (which ninja
    wraps as "Cannot parse request body") is the 422 that names the field."""
    if isinstance(exc.__cause__, BadInput):
        return _domain_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
