"""Public pages: the framework versions and the certificate check; each role's starting page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qualitas.core.access import (
    NotFound,
    actor_for,
    evaluation_home,
)
from qualitas.evaluation import selectors, services


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its starting page."""
    target = evaluation_home(actor_for(request.user))
    if target is None:
        raise NotFound
    return redirect(target)


def frameworks(request: HttpRequest) -> HttpResponse:
    """The framework versions (public: the criteria are no secret)."""
    return render(
        request, "evaluation/frameworks.html", {"frameworks": selectors.frameworks_list()}
    )


def framework_detail(request: HttpRequest, framework_pk: int) -> HttpResponse:
    fw = selectors.framework_get(pk=framework_pk)
    return render(
        request,
        "evaluation/framework.html",
        {
            "fw": fw,
            "tree": selectors.framework_tree(fw),
            "levels": (fw.spec or {}).get("levels", []),
            "gating": (fw.spec or {}).get("gating", []),
        },
    )


def framework_export(request: HttpRequest, framework_pk: int, framework_fmt: str) -> HttpResponse:
    """Download a framework version as JSON or XLSX."""
    import json

    from qualitas.evaluation.framework_io import document_to_xlsx

    fw = selectors.framework_get(pk=framework_pk)
    doc = services.framework_document(fw)
    name = f"framework-{fw.code}-{fw.version}"
    if framework_fmt == "json":
        resp = HttpResponse(
            json.dumps(doc, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    elif framework_fmt == "xlsx":
        resp = HttpResponse(
            document_to_xlsx(doc),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="{name}.{framework_fmt}"'
    return resp


def verify(request: HttpRequest, cert_code: str = "") -> HttpResponse:
    """Public: check a certificate code (from the QR code or typed in)."""
    cert_code = cert_code or request.GET.get("code", "")
    v = None
    if cert_code:
        try:
            v = selectors.certificate_verify(code=cert_code)
        except NotFound:
            v = None
    return render(
        request,
        "evaluation/verify.html",
        {"code": cert_code, "v": v, "today": timezone.localdate()},
        status=404 if cert_code and v is None else 200,
    )
