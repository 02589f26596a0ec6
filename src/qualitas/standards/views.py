"""Pages of standards self-declaration: the public lookup and declaration, the catalogue, and an
enterprise's own declarations. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_declare_for,
    may_publish_forerunners,
    may_record_grades_somewhere,
    sees_grade_distribution,
    sees_own_declarations,
)
from qualitas.core.errors import DomainError
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.standards import selectors, services
from qualitas.standards.forms import (
    DeclarationForm,
    ForerunnerForm,
    GradeForm,
    IndicatorFormSet,
    split_codes,
)


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def lookup(request: HttpRequest) -> HttpResponse:
    """Public lookup of published declarations by product, enterprise or standard number."""
    q = request.GET.get("q", "")
    category = request.GET.get("category", "")
    actor = actor_for(request.user)
    return render(
        request,
        "standards/lookup.html",
        {
            "q": q,
            "category": category,
            "categories": selectors.published_categories(),
            "declarations": selectors.published_declarations(q=q, category=category)[:100],
            "own": sees_own_declarations(actor),
        },
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request, "standards/catalogue.html", {"q": q, "standards": selectors.catalogue(q=q)[:200]}
    )


@require_http_methods(["GET", "POST"])
def declaration(request: HttpRequest, declaration_pk: int) -> HttpResponse:
    """One declaration version: standards, core indicators (safety apart), versions."""
    actor = actor_for(request.user)
    d = selectors.declaration_get(actor=actor, pk=declaration_pk)
    may_act = may_declare_for(actor, d.enterprise_id)
    if request.method == "POST":
        if not may_act:
            raise NotFound
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                services.declaration_publish(actor=actor, declaration=d)
                messages.success(request, _("Declaration published."))
            elif action == "withdraw":
                services.declaration_withdraw(actor=actor, declaration=d)
                messages.success(request, _("Declaration withdrawn."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("standards:declaration", declaration_pk=d.pk)
    indicators = list(d.indicators.all())
    return render(
        request,
        "standards/declaration.html",
        {
            "d": d,
            "safety": [i for i in indicators if i.safety],
            "others": [i for i in indicators if not i.safety],
            "history": selectors.declaration_history(actor=actor, declaration=d),
            "may_act": may_act,
        },
    )


@login_required
def my_declarations(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not sees_own_declarations(actor) or actor.enterprise_id is None:
        raise NotFound
    return render(
        request,
        "standards/my_declarations.html",
        {"declarations": selectors.declarations_of(enterprise_id=actor.enterprise_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest) -> HttpResponse:
    """Declare the standards (and core indicators) of one of the enterprise's products."""
    actor = actor_for(request.user)
    if not sees_own_declarations(actor) or actor.enterprise_id is None:
        raise NotFound
    products = selectors.product_choices(enterprise_id=actor.enterprise_id)
    post = request.POST if request.method == "POST" else None
    form = DeclarationForm(post, products=products, initial={"product": request.GET.get("product")})
    rows = IndicatorFormSet(post, prefix="ind")
    if post is not None and form.is_valid() and rows.is_valid():
        inputs = [f.to_input() for f in rows.forms if not f.is_blank()]
        try:
            d = services.declaration_create(
                actor=actor,
                product_id=form.cleaned_data["product"],
                standards=split_codes(form.cleaned_data["standards"]),
                indicators=inputs,
                note=form.cleaned_data.get("note", ""),
                publish=form.cleaned_data.get("publish", False),
            )
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Declaration saved."))
            return redirect("standards:declaration", declaration_pk=d.pk)
    return render(request, "standards/declare.html", {"form": form, "rows": rows})


# --- forerunners ---------------------------------------------------------------------------


def forerunners(request: HttpRequest) -> HttpResponse:
    """Published forerunner lists (public)."""
    actor = actor_for(request.user)
    return render(
        request,
        "standards/forerunners.html",
        {"lists": selectors.forerunner_lists(), "officer": may_publish_forerunners(actor)},
    )


def forerunner_list(request: HttpRequest, list_pk: int) -> HttpResponse:
    fl = selectors.forerunner_list_get(pk=list_pk)
    return render(
        request,
        "standards/forerunner_list.html",
        {"fl": fl, "entries": selectors.forerunner_entries(fl)},
    )


FORERUNNER_COLUMNS = [
    Column("rank", gettext_lazy("Rank")),
    Column("forerunner", gettext_lazy("Forerunner"), {True: gettext_lazy("yes"), False: ""}),
    Column("enterprise", gettext_lazy("Enterprise")),
    Column("credit_code", gettext_lazy("Unified social credit code")),
    Column("product", gettext_lazy("Product")),
    Column("value", gettext_lazy("Declared value")),
    Column("unit", gettext_lazy("Unit")),
]


def forerunner_export(
    request: HttpRequest, list_pk: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    fl = selectors.forerunner_list_get(pk=list_pk)
    rows = (
        (
            e.rank,
            e.forerunner,
            e.enterprise.name,
            e.enterprise.credit_code,
            e.declaration.product.name,
            e.value,
            fl.unit,
        )
        for e in selectors.forerunner_entries(fl)
    )
    return export_response(
        rows=rows,
        columns=FORERUNNER_COLUMNS,
        keys=wants_keys(request),
        filename=f"forerunners-{fl.year}-{fl.key}",
        fmt=fmt,
    )


@login_required
@require_http_methods(["GET", "POST"])
def forerunner_compute(request: HttpRequest) -> HttpResponse:
    """Officers: preview the ranking of a category and indicator, then publish the list."""
    actor = actor_for(request.user)
    if not may_publish_forerunners(actor):
        raise NotFound
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "key" in request.GET else None)
    )
    form = ForerunnerForm(data, initial={"year": timezone.localdate().year})
    preview = None
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if request.method == "POST":
                fl = services.forerunner_publish(
                    actor=actor,
                    category=d["category"],
                    key=d["key"],
                    year=d["year"],
                    share=d["share"],
                )
                messages.success(request, _("Forerunner list published."))
                return redirect("standards:forerunner_list", list_pk=fl.pk)
            preview = services.forerunner_preview(
                category=d["category"], key=d["key"], year=d["year"], share=d["share"]
            )
        except DomainError as exc:
            _fail(form, exc)
    return render(
        request,
        "standards/forerunner_compute.html",
        {"form": form, "preview": preview, "keys": selectors.declared_indicator_keys()},
    )


def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "standards/methodology.html", {"share_pct": 20, "min_entries": 3})


# --- grading -------------------------------------------------------------------------------


def grades(request: HttpRequest) -> HttpResponse:
    """Public grade lookup by grade number, product or enterprise."""
    q = request.GET.get("q", "")
    actor = actor_for(request.user)
    return render(
        request,
        "standards/grades.html",
        {
            "q": q,
            "grades": selectors.grades_public(q=q)[:100],
            "schemes": selectors.schemes(),
            "recorder": may_record_grades_somewhere(actor),
        },
    )


def grade(request: HttpRequest, grade_pk: int) -> HttpResponse:
    g = selectors.grade_get(pk=grade_pk)
    inds = list(g.scheme.indicators.all())
    per = g.detail.get("per_indicator", {})
    failed = set(g.detail.get("failed", []))
    rows = [
        {
            "i": i,
            "value": g.values.get(i.key, ""),
            "reached": per.get(i.key),
            "failed": i.key in failed,
        }
        for i in inds
    ]
    return render(
        request,
        "standards/grade.html",
        {
            "g": g,
            "rows": rows,
            "in_force": not g.withdrawn and g.valid_until >= timezone.localdate(),
        },
    )


def scheme(request: HttpRequest, scheme_pk: int) -> HttpResponse:
    s = selectors.scheme_get(pk=scheme_pk)
    actor = actor_for(request.user)
    return render(
        request,
        "standards/scheme.html",
        {
            "s": s,
            "distribution": selectors.grade_distribution(s)
            if sees_grade_distribution(actor)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grade_new(request: HttpRequest) -> HttpResponse:
    """Record a grade from test results: an enterprise for its products (uploaded report),
    officers and admins for products of their regions."""
    actor = actor_for(request.user)
    if not may_record_grades_somewhere(actor):
        raise NotFound
    schemes = list(selectors.schemes())
    chosen = (
        request.POST.get("scheme")
        or request.GET.get("scheme")
        or (schemes[0].pk if schemes else "")
    )
    current = next((s for s in schemes if str(s.pk) == str(chosen)), None)
    products = (
        selectors.product_choices(enterprise_id=actor.enterprise_id)
        if actor.enterprise_id
        else None
    )
    post = (
        request.POST if request.method == "POST" and request.POST.get("action") == "grade" else None
    )
    form = GradeForm(
        post,
        schemes=[(s.pk, f"{s.title} v{s.version}") for s in schemes],
        products=products,
        indicators=list(current.indicators.all()) if current else [],
        initial={"scheme": chosen},
    )
    if post is not None and form.is_valid():
        d = form.cleaned_data
        try:
            g = services.grade_record(
                actor=actor,
                scheme_id=d["scheme"],
                product_id=d["product"],
                source=d["source"],
                laboratory=d["laboratory"],
                accreditation=d["accreditation"],
                report_no=d["report_no"],
                tested_on=d["tested_on"],
                values=form.values(),
            )
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Grade recorded."))
            return redirect("standards:grade", grade_pk=g.pk)
    return render(
        request, "standards/grade_new.html", {"form": form, "schemes": schemes, "current": current}
    )
