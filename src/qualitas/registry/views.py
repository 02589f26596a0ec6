"""Registry pages. Thin: validate the form, call a selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import NotFound, actor_for, can_import, can_see_private
from qualitas.core.choices import ConsentScope
from qualitas.core.exports import export_response
from qualitas.core.selectors import job_get
from qualitas.registry import selectors
from qualitas.registry.api import EXPORT_HEADER
from qualitas.registry.forms import EnterpriseSearchForm, ImportForm


class CappedPaginator(Paginator):
    """Counts up to ``selectors.COUNT_CAP`` matches; ``capped`` tells the template there are more."""

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        n, self.capped = selectors.capped_count(self.object_list)
        return n


def _query(request: HttpRequest) -> tuple[EnterpriseSearchForm, selectors.EnterpriseQuery]:
    form = EnterpriseSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.EnterpriseQuery(**{k: v or "" for k, v in data.items()} | ({"sort": data.get("sort") or "name"}))


@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    """Enterprise search with filters, sorting and pagination; htmx swaps only the results."""
    form, query = _query(request)
    qs = selectors.enterprise_search(query=query)
    page = CappedPaginator(qs, settings.QUALITAS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "registry/search.html#results" if request.htmx else "registry/search.html"
    return render(request, template, {"form": form, "page": page, "params": params.urlencode()})


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current search as CSV or XLSX (public fields)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _, query = _query(request)
    rows = selectors.enterprises_for_export(selectors.enterprise_search(query=query)).iterator()
    return export_response(rows=rows, header=EXPORT_HEADER, filename="enterprises", fmt=fmt)


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """Public profile; contacts only for those with row or consent access."""
    try:
        enterprise = selectors.enterprise_get(pk=pk)
    except NotFound:
        raise Http404 from None
    actor = actor_for(request.user)
    contacts = enterprise.contacts.all() if can_see_private(actor, enterprise, scope=ConsentScope.CONTACTS) else None
    return render(request, "registry/profile.html", {
        "e": enterprise, "contacts": contacts,
        "products": enterprise.products.all(), "sites": enterprise.sites.select_related("region"),
    })


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Aggregate counts by province and industry; authority officers see their regions only."""
    actor = actor_for(request.user)
    if actor.role not in ("authority", "admin"):
        raise Http404
    data = selectors.registry_stats(actor=actor, min_group=settings.QUALITAS["MIN_GROUP_SIZE"])
    return render(request, "registry/stats.html", {"data": data, "min_group": settings.QUALITAS["MIN_GROUP_SIZE"]})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX of enterprises; the import runs as a background job with progress."""
    from qualitas.registry.imports import import_job_start

    actor = actor_for(request.user)
    if not can_import(actor):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_start(actor=actor, filename=upload.name, content=upload.read())
        return redirect("registry:job", registry_job_pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


@login_required
@vary_on_headers("HX-Request")
def job(request: HttpRequest, registry_job_pk: int) -> HttpResponse:
    """Progress of a job; htmx polls the fragment until it finishes."""
    try:
        the_job = job_get(actor=actor_for(request.user), pk=registry_job_pk)
    except NotFound:
        raise Http404 from None
    template = "registry/job.html#progress" if request.htmx else "registry/job.html"
    return render(request, template, {"job": the_job})
