"""Pages of supplier quality: the supplier list, a supplier with its parts and lots, and the
incoming-inspection page of a lot (plan, result, decision). Thin: parse, call a service or
selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_manage_suppliers, sees_suppliers
from qualitas.core.errors import DomainError
from qualitas.suppliers import selectors, services
from qualitas.suppliers.choices import LotDecision, Severity
from qualitas.suppliers.forms import LotForm, PartForm, ResultForm, SupplierForm


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _bound(request: HttpRequest, name: str, cls: Any, **kw: Any) -> Any:
    post = request.method == "POST" and request.POST.get("action") == name
    return cls(request.POST if post else None, **kw)


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The actor's suppliers (as customer) and customers (as supplier)."""
    actor = actor_for(request.user)
    if not sees_suppliers(actor):
        raise NotFound
    manage = may_manage_suppliers(actor) and bool(actor.enterprise_id)
    form = _bound(request, "supplier", SupplierForm)
    if request.method == "POST":
        if not manage:
            raise NotFound
        if form.is_valid():
            d = form.cleaned_data
            try:
                enterprise = None
                if d["credit_code"]:
                    enterprise = selectors.enterprise_by_credit_code(d["credit_code"])
                    if enterprise is None:
                        raise services.SupplierError(
                            _("no enterprise with this credit code in the registry"),
                            field="credit_code",
                        )
                s = services.supplier_create(
                    actor=actor,
                    customer=selectors.own_enterprise(actor),
                    code=d["code"],
                    name=d["name"],
                    enterprise=enterprise,
                    status=d["status"],
                    contact_name=d["contact_name"],
                    contact_email=d["contact_email"],
                    contact_phone=d["contact_phone"],
                )
                messages.success(request, _("Saved."))
                return redirect("suppliers:supplier", supplier_pk=s.pk)
            except DomainError as exc:
                _fail(form, exc)
    rows = list(selectors.suppliers_for(actor))
    own = actor.enterprise_id
    return render(
        request,
        "suppliers/home.html",
        {
            "suppliers": [s for s in rows if s.enterprise_id != own or own is None],
            "customers": [s for s in rows if own is not None and s.enterprise_id == own],
            "form": form,
            "manage": manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier(request: HttpRequest, supplier_pk: int) -> HttpResponse:
    """One supplier: parts with their switching state, lots received, forms to add and receive."""
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    customer = selectors.is_customer(actor, s)
    summaries = selectors.parts_with_summary(s)
    parts = [p for p, _sum in summaries]
    f = {
        "part": _bound(request, "part", PartForm),
        "lot": _bound(request, "lot", LotForm, parts=[(p.pk, str(p)) for p in parts]),
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action:
        if not customer or action not in f:
            raise NotFound
        form = f[action]
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "part":
                    services.part_create(actor=actor, supplier=s, **d)
                    messages.success(request, _("Saved."))
                    return redirect("suppliers:supplier", supplier_pk=s.pk)
                part = next(p for p in parts if p.pk == d.pop("part"))
                lot = services.lot_receive(actor=actor, part=part, **d)
                return redirect("suppliers:lot", lot_pk=lot.pk)
            except DomainError as exc:
                _fail(form, exc)
    return render(
        request,
        "suppliers/supplier.html",
        {
            "s": s,
            "customer": customer,
            "parts": summaries,
            "lots": selectors.lots_for(actor).filter(part__supplier=s)[:50],
            "f": f,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot(request: HttpRequest, lot_pk: int) -> HttpResponse:
    """The incoming-inspection page of a lot: the GB/T 2828.1 plan, the result and the decision."""
    actor = actor_for(request.user)
    lot = selectors.lot_get(actor=actor, pk=lot_pk)
    customer = selectors.is_customer(actor, lot.part.supplier)
    form = _bound(request, "result", ResultForm)
    if request.method == "POST":
        if not customer:
            raise NotFound
        if form.is_valid():
            try:
                services.lot_record_result(
                    actor=actor, lot=lot, nonconforming=form.cleaned_data["nonconforming"]
                )
                messages.success(request, _("Saved."))
                return redirect("suppliers:lot", lot_pk=lot.pk)
            except DomainError as exc:
                _fail(form, exc)
    return render(
        request,
        "suppliers/lot.html",
        {
            "lot": lot,
            "customer": customer,
            "form": form,
            "Decision": LotDecision,
            "Severity": Severity,
        },
    )
