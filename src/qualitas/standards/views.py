"""Pages of standards self-declaration: the public lookup and declaration, the catalogue, and an
enterprise's own declarations. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_declare_for, sees_own_declarations
from qualitas.core.errors import DomainError
from qualitas.standards import selectors, services
from qualitas.standards.forms import DeclarationForm, IndicatorFormSet, split_codes


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
