"""Registry pages. Thin: validate the form, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    actor_for,
    can_edit_enterprise,
    can_import,
    can_see_private,
    is_own_enterprise,
    may_register_enterprise,
    may_see_registry_stats,
    region_within_q,
)
from qualitas.core.choices import ConsentScope
from qualitas.core.errors import DomainError
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.core.http import HtmxHttpRequest
from qualitas.core.providers import profile_for
from qualitas.core.selectors import audit_for, consent_get, consents_for, job_get, jobs_recent
from qualitas.core.services import consent_grant, consent_withdraw
from qualitas.core.uploads import upload_bytes
from qualitas.registry import selectors, services
from qualitas.registry.api import EXPORT_COLUMNS
from qualitas.registry.forms import (
    CHILD_FORMS,
    ConsentForm,
    EnterpriseForm,
    EnterpriseSearchForm,
    ImportForm,
    InstitutionFilterForm,
)
from qualitas.registry.models import Enterprise
from qualitas.registry.validation import COLUMNS


class CappedPaginator(Paginator[Enterprise]):
    """Counts up to ``selectors.COUNT_CAP`` matches; ``capped`` tells the template there are more."""

    def __init__(
        self, object_list: QuerySet[Enterprise], per_page: int, *, name_search: bool = False
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.name_search = name_search

    @cached_property
    def count(self) -> int:
        n, self.capped = selectors.capped_count(self.queryset)
        return n

    def page(self, number: Any) -> Page[Enterprise]:
        """The page's rows through ``selectors.fetch_page`` (index order when many match)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        many = self.capped and self.name_search
        rows = selectors.fetch_page(self.queryset, bottom, bottom + self.per_page, many=many)
        return Page(rows, number, self)


def _query(request: HttpRequest) -> tuple[EnterpriseSearchForm, selectors.EnterpriseQuery]:
    form = EnterpriseSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.EnterpriseQuery(
        **{k: v or "" for k, v in data.items()} | ({"sort": data.get("sort") or "name"})
    )


@vary_on_headers("HX-Request")
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Enterprise search with filters, sorting and pagination; htmx swaps only the results."""
    form, query = _query(request)
    qs = selectors.enterprise_search(query=query)
    page = CappedPaginator(
        qs, settings.QUALITAS["PAGE_SIZE"], name_search=bool(query.q.strip())
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "registry/search.html#results" if request.htmx else "registry/search.html"
    context = {
        "form": form,
        "page": page,
        "params": params.urlencode(),
        "can_register": may_register_enterprise(actor_for(request.user)),
    }
    return render(request, template, context)


def export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The current search as CSV or XLSX (public fields)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _, query = _query(request)
    keys = wants_keys(request)
    english = not keys and (translation.get_language() or "").startswith("en")
    qs = selectors.enterprise_search(query=query)
    rows = selectors.enterprises_for_export(qs, english=english).iterator()
    return export_response(
        rows=rows, columns=EXPORT_COLUMNS, keys=keys, filename="enterprises", fmt=fmt
    )


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Aggregate counts by province and industry; authority officers see their regions only."""
    actor = actor_for(request.user)
    if not may_see_registry_stats(actor):
        raise NotFound
    data = selectors.registry_stats(actor=actor)
    return render(
        request,
        "registry/stats.html",
        {"data": data, "min_group": data.min_group, "figures": _stats_figures(data)},
    )


STATS_TABLES = {"provinces": _("Province"), "industries": _("Industry")}


@login_required
def stats_export(
    request: HttpRequest, table: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """A table of the statistics page as CSV or XLSX, in the reader's language (``?header=keys``:
    machine keys)."""
    actor = actor_for(request.user)
    if fmt not in ("csv", "xlsx") or table not in STATS_TABLES or not may_see_registry_stats(actor):
        raise Http404
    data = selectors.registry_stats(actor=actor)
    groups = data.by_province if table == "provinces" else data.by_industry
    columns = (
        Column("code", _("Code")),
        Column("name", STATS_TABLES[table]),
        Column("enterprises", _("Enterprises")),
        Column("withheld", _("Withheld")),
    )
    return export_response(
        rows=[(g.code, g.name, g.n, g.withheld) for g in groups],
        columns=columns,
        keys=wants_keys(request),
        filename=f"registry-stats-{table}",
        fmt=fmt,
    )


def _stats_figures(data: selectors.RegistryStats) -> dict[str, Any]:
    """Bars of enterprises per province and per manufacturing division, named (not coded) in
    the page's language; withheld groups left out."""
    from qualitas.charts.bars import count_bars

    figures = {}
    for key, groups in (("provinces", data.by_province), ("industries", data.by_industry)):
        shown = [g for g in groups if not g.withheld]
        figures[key] = count_bars(
            names=[g.name or g.code for g in shown],
            series=[(str(_("Enterprises")), [g.n for g in shown])],
            axis_title=str(_("Enterprises")),
        )
    return figures


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX of enterprises; the import runs as a background job with progress."""
    from qualitas.registry.imports import import_job_start

    actor = actor_for(request.user)
    if not can_import(actor):
        raise NotFound
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload_bytes(upload)
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            job = import_job_start(actor=actor, filename=upload.name, content=content)
            return redirect("registry:job", registry_job_pk=job.pk)
    jobs = jobs_recent(actor=actor, kind="import_enterprises")
    return render(request, "registry/import.html", {"form": form, "jobs": jobs})


@login_required
@vary_on_headers("HX-Request")
def job(request: HtmxHttpRequest, registry_job_pk: int) -> HttpResponse:
    """Progress of a job; htmx polls the fragment until it finishes."""
    the_job = job_get(actor=actor_for(request.user), pk=registry_job_pk)
    template = "registry/job.html#progress" if request.htmx else "registry/job.html"
    return render(request, template, {"job": the_job})


# --- writes from the pages: enterprise create/edit, products/sites/contacts inline, consents ---

CHILDREN = {
    # kind: (model label, related name on Enterprise, services prefix)
    "product": ("registry.product", "products"),
    "site": ("registry.site", "sites"),
    "contact": ("registry.contact", "contacts"),
}
ACTION_LABELS = {"create": _("created"), "update": _("changed"), "delete": _("removed")}
RECORD_LABELS = {
    "registry.enterprise": _("Enterprise"),
    "registry.product": _("Product"),
    "registry.site": _("Production site"),
    "registry.contact": _("Contact"),
}


def _editable(actor: Actor, pk: int) -> Enterprise:
    """An enterprise the actor may edit, else NotFound (missing and not allowed look the same)."""
    enterprise = selectors.enterprise_get(pk=pk)
    if not can_edit_enterprise(actor, enterprise):
        raise NotFound
    return enterprise


def _field(model: str, field: str) -> Any:
    try:
        return apps.get_model(model)._meta.get_field(field.removesuffix("_id"))
    except (LookupError, FieldDoesNotExist, ValueError):
        return None


def _shown(f: Any, value: Any) -> Any:
    """A stored value as people read it: the label of a choice, else the value itself."""
    choices = dict(f.flatchoices) if f is not None and getattr(f, "choices", None) else {}
    return choices.get(value, value)


def _history(enterprise: Enterprise) -> list[dict[str, Any]]:
    """Audit entries of the enterprise and its products, sites and contacts, ready for the template."""
    entries = audit_for(
        model="registry.enterprise",
        object_pk=enterprise.pk,
        children=tuple(v[0] for v in CHILDREN.values()),
    )
    out = []
    for entry in entries:
        rows = []
        for name, value in (entry.changes or {}).items():
            if name == "enterprise":
                continue
            f = _field(entry.model, name)
            label = capfirst(str(f.verbose_name)) if f is not None else name
            if entry.action == "update" and isinstance(value, list) and len(value) == 2:
                rows.append(
                    {"field": label, "old": _shown(f, value[0]), "new": _shown(f, value[1])}
                )
            else:
                rows.append({"field": label, "old": None, "new": _shown(f, value)})
        what = RECORD_LABELS.get(entry.model, entry.model)
        out.append(
            {
                "entry": entry,
                "what": what,
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "kind": entry.action,
                "rows": rows,
            }
        )
    return out


def _profile_context(request: HttpRequest, enterprise: Enterprise, **state: Any) -> dict[str, Any]:
    actor = actor_for(request.user)
    can_edit = can_edit_enterprise(actor, enterprise)
    contacts = (
        enterprise.contacts.all()
        if can_see_private(actor, enterprise, scope=ConsentScope.CONTACTS)
        else None
    )
    return {
        "e": enterprise,
        "contacts": contacts,
        "can_edit": can_edit,
        "products": enterprise.products.all(),
        "sites": enterprise.sites.select_related("region"),
        "history": _history(enterprise) if can_edit else None,
        "sections": partial(profile_for, actor, enterprise),  # other apps', read when shown
        "own": is_own_enterprise(actor, enterprise),
        "editing": None,
        "adding": None,
        "form": None,
        **state,
    }


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """Public profile; contacts only with row or consent access; edit controls and history for editors."""
    enterprise = selectors.enterprise_get(pk=pk)
    return render(request, "registry/profile.html", _profile_context(request, enterprise))


def _enterprise_form_page(
    request: HttpRequest, form: EnterpriseForm, enterprise: Enterprise | None
) -> HttpResponse:
    return render(request, "registry/enterprise_form.html", {"form": form, "e": enterprise})


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    """A new enterprise: authority officers (in their regions) and admins."""
    actor = actor_for(request.user)
    if not may_register_enterprise(actor):
        raise NotFound
    form = EnterpriseForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=actor, data=form.data_for_service)
        except Forbidden:
            form.add_error("region", _("This region is outside your regions."))
        except services.RegistryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Enterprise registered."))
            return redirect("registry:profile", pk=enterprise.pk)
    return _enterprise_form_page(request, form, None)


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an enterprise: its own users, authority officers for their regions, admins."""
    actor = actor_for(request.user)
    enterprise = _editable(actor, pk)
    form = EnterpriseForm(request.POST or None, enterprise=enterprise, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                actor=actor, enterprise=enterprise, data=form.data_for_service
            )
        except Forbidden:
            enterprise.refresh_from_db()
            form.add_error("region", _("This region is outside your regions."))
        except services.RegistryError as exc:
            enterprise.refresh_from_db()
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:profile", pk=enterprise.pk)
    return _enterprise_form_page(request, form, enterprise)


def _child_get(enterprise: Enterprise, kind: str, child_pk: int) -> Any:
    obj = getattr(enterprise, CHILDREN[kind][1]).filter(pk=child_pk).first()
    if obj is None:
        raise Http404
    return obj


def _child_initial(kind: str, obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in CHILD_FORMS[kind].base_fields}


def _child_response(
    request: HtmxHttpRequest, enterprise: Enterprise, kind: str, **state: Any
) -> HttpResponse:
    """The section of ``kind`` (and, out of band, the history) for htmx; else the whole profile page."""
    context = _profile_context(request, enterprise, **state)
    if not request.htmx:
        return render(request, "registry/profile.html", context)
    body = render_to_string(f"registry/profile.html#{CHILDREN[kind][1]}", context, request=request)
    body += render_to_string(
        "registry/profile.html#history", context | {"oob": True}, request=request
    )
    return HttpResponse(body)


def _done(
    request: HtmxHttpRequest, enterprise: Enterprise, kind: str, message: str
) -> HttpResponse:
    if request.htmx:
        return _child_response(request, enterprise, kind, flash=message)
    messages.success(request, message)
    return redirect(
        reverse("registry:profile", kwargs={"pk": enterprise.pk}) + f"#{CHILDREN[kind][1]}"
    )


@login_required
@vary_on_headers("HX-Request")
def child_new(request: HtmxHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a product, site or contact: GET shows the form in place, POST adds it (audited)."""
    actor = actor_for(request.user)
    enterprise = _editable(actor, pk)
    form = CHILD_FORMS[kind](request.POST or None, prefix=kind)
    if request.method == "POST" and form.is_valid():
        creators: dict[str, Callable[..., object]] = {
            "product": services.product_create,
            "site": services.site_create,
            "contact": services.contact_create,
        }
        create = creators[kind]
        create(actor=actor, enterprise=enterprise, data=form.cleaned_data)
        return _done(request, enterprise, kind, str(_("Added.")))
    return _child_response(request, enterprise, kind, adding=kind, form=form)


@login_required
@vary_on_headers("HX-Request")
def child(request: HtmxHttpRequest, pk: int, kind: str, **kw: int) -> HttpResponse:
    """One product, site or contact: GET shows it in edit mode, POST saves, DELETE (or POST ``delete``) removes it."""
    actor = actor_for(request.user)
    enterprise = _editable(actor, pk)
    obj = _child_get(enterprise, kind, kw[f"{kind}_pk"])
    updaters: dict[str, Callable[..., object]] = {
        "product": services.product_update,
        "site": services.site_update,
        "contact": services.contact_update,
    }
    update = updaters[kind]
    deleters: dict[str, Callable[..., object]] = {
        "product": services.product_delete,
        "site": services.site_delete,
        "contact": services.contact_delete,
    }
    delete = deleters[kind]
    if request.method == "DELETE" or (request.method == "POST" and "delete" in request.POST):
        delete(actor=actor, **{kind: obj})
        return _done(request, enterprise, kind, str(_("Removed.")))
    if request.method == "POST" and "cancel" in request.POST:
        return _child_response(request, enterprise, kind)
    form = CHILD_FORMS[kind](request.POST or None, initial=_child_initial(kind, obj), prefix=kind)
    if request.method == "POST" and form.is_valid():
        update(actor=actor, data=form.cleaned_data, **{kind: obj})
        return _done(request, enterprise, kind, str(_("Saved.")))
    return _child_response(request, enterprise, kind, editing=(kind, obj.pk), form=form)


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """An enterprise user's page: who may see which private data; grant and withdraw."""
    actor = actor_for(request.user)
    rows = consents_for(actor=actor)
    enterprise_id = actor.enterprise_id
    if enterprise_id is None:  # consents_for has refused such actors already
        raise NotFound
    active = [c for c in rows if c.withdrawn_at is None]
    form = ConsentForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        inst = form.cleaned_data["institution"]
        try:
            consent_grant(
                actor=actor,
                enterprise_id=enterprise_id,
                scope=form.cleaned_data["scope"],
                grantee_user=form.cleaned_data["grantee_user"],
                grantee_institution_id=inst.pk if inst else None,
            )
        except DomainError as exc:
            form.add_error("scope" if exc.field == "scope" else None, str(exc))
        else:
            messages.success(request, _("Consent granted."))
            return redirect("registry:consents")
    enterprise = selectors.enterprise_get(pk=enterprise_id)
    return render(
        request,
        "registry/consents.html",
        {
            "form": form,
            "e": enterprise,
            "active": active,
            "withdrawn": sorted(
                (c for c in rows if c.withdrawn_at is not None),
                key=lambda c: c.withdrawn_at,
                reverse=True,
            ),
            "scopes": ConsentScope.choices,
        },
    )


@login_required
@require_POST
def consent_withdraw_view(request: HttpRequest, consent_pk: int) -> HttpResponse:
    """Withdraw one of the enterprise's consents (POST)."""
    actor = actor_for(request.user)
    consent = consent_get(actor=actor, pk=consent_pk)
    if consent.withdrawn_at is None:
        consent_withdraw(actor=actor, consent=consent)
        messages.success(request, _("Consent withdrawn."))
    return redirect("registry:consents")


# --- institutions (public: no personal data, only a count of members) ---


@vary_on_headers("HX-Request")
def institutions(request: HtmxHttpRequest) -> HttpResponse:
    """Institutions by kind and province, with member counts."""
    form = InstitutionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.institutions_list(kind=data.get("kind") or "")
    if data.get("region"):
        qs = qs.filter(region_within_q(data["region"]))
    qs = qs.annotate(n_members=Count("members")).order_by("kind", "name_zh", "pk")
    page = Paginator(qs, settings.QUALITAS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = (
        "registry/institutions.html#results" if request.htmx else "registry/institutions.html"
    )
    return render(request, template, {"form": form, "page": page, "params": params.urlencode()})


def institution(request: HttpRequest, institution_pk: int) -> HttpResponse:
    """One institution: kind, region, credit code and how many platform users belong to it."""
    inst = (
        selectors.institutions_list()
        .select_related("region__parent")
        .annotate(n_members=Count("members"))
        .filter(pk=institution_pk)
        .first()
    )
    if inst is None:
        raise Http404
    return render(request, "registry/institution.html", {"inst": inst})


# --- import: a template to fill in ---

IMPORT_EXAMPLE = [
    "91330100MA2H3T8X29",
    "杭州示例精密机械有限公司",
    "Hangzhou Example Precision Machinery Co., Ltd.",
    "330100",
    "C34",
    "small",
    "active",
    "2015-06-30",
    "杭州市滨江区示例路1号",
    "https://example.cn",
]


@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The import file's header and one example row, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx") or not can_import(actor_for(request.user)):
        raise Http404
    return export_response(
        rows=[IMPORT_EXAMPLE], header=list(COLUMNS), filename="enterprises-import-template", fmt=fmt
    )
