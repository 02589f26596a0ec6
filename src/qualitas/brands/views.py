"""Pages of brands: the public brand database and brand pages (with monitoring signals over
time), registration, evaluation, brand lists with their review, and the method. Thin: parse,
call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qualitas.brands import selectors, services
from qualitas.brands.choices import BrandKind, EvalPart, ListStatus
from qualitas.brands.forms import BrandForm, EvaluationForm, split_codes
from qualitas.brands.models import Brand
from qualitas.core.access import (
    Actor,
    NotFound,
    actor_for,
    may_edit_brand,
    may_evaluate_brands,
    may_nominate_brand,
    may_publish_brand_lists,
    may_register_brand,
    may_review_nomination,
    sees_brand_officers,
)
from qualitas.core.errors import DomainError

SIGNAL_KINDS = {
    "spot_check": gettext_lazy("Spot-checks"),
    "recall": gettext_lazy("Recalls"),
    "grade": gettext_lazy("Quality grades"),
    "complaint": gettext_lazy("Complaints"),
}


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _registers(actor: Actor) -> bool:
    """The actor may register some brand (the page's link)."""
    if actor.enterprise_id:
        return may_register_brand(
            actor, kind=BrandKind.ENTERPRISE, owner_id=actor.enterprise_id, region_code=None
        )
    return bool(actor.region_codes) or may_register_brand(
        actor, kind=BrandKind.CLUSTER, owner_id=None, region_code=None
    )


def index(request: HttpRequest) -> HttpResponse:
    """The brand database: published brands (and one's own or one's regions' drafts)."""
    actor = actor_for(request.user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in BrandKind.values else ""
    return render(
        request,
        "brands/index.html",
        {
            "q": q,
            "kind": kind,
            "kinds": BrandKind.choices,
            "brands": selectors.brands_visible(actor=actor, q=q, kind=kind)[:200],
            "registers": _registers(actor),
        },
    )


def _figure(mon: selectors.Monitoring) -> dict[str, Any]:
    from qualitas.charts.signals import signal_timeline

    return signal_timeline(
        months=mon.months,
        series=[(str(SIGNAL_KINDS.get(k, k)), c) for k, c in sorted(mon.counts.items())],
        adverse=(_("Adverse signals"), mon.adverse),
        axis_title=_("Signals per month"),
    )


@require_http_methods(["GET", "POST"])
def brand(request: HttpRequest, brand_pk: int) -> HttpResponse:
    """A brand page: facts, trademarks, members, evaluation, lists and monitoring signals."""
    actor = actor_for(request.user)
    b = selectors.brand_get(actor=actor, pk=brand_pk)
    editor = may_edit_brand(actor, owner_id=b.owner_id, region_code=b.region_code)
    nominator = may_nominate_brand(actor, owner_id=b.owner_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "publish" and editor:
                services.brand_publish(actor=actor, brand=b)
                messages.success(request, _("Brand published."))
            elif action == "nominate" and nominator:
                bl = selectors.list_get(pk=request.POST.get("list"), officer=True)
                services.nominate(
                    actor=actor, brand_list=bl, brand=b, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Brand nominated."))
            else:
                raise NotFound
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("brands:brand", brand_pk=b.pk)
    ev = selectors.latest_evaluation(b)
    mon = selectors.monitoring(b)
    rows = selectors.evaluation_rows(ev) if ev else []
    return render(
        request,
        "brands/brand.html",
        {
            "b": b,
            "members": list(b.enterprises.all()),
            "products": list(b.products.all()),
            "trademarks": list(b.trademarks.all()),
            "officers": selectors.officers_of(b)
            if sees_brand_officers(actor, owner_id=b.owner_id, region_code=b.region_code)
            else None,
            "ev": ev,
            "inputs": [r for r in rows if r["part"] == EvalPart.INPUT],
            "outcomes": [r for r in rows if r["part"] == EvalPart.OUTCOME],
            "history": selectors.evaluations_of(b)[:10],
            "memberships": selectors.memberships(b),
            "signals": [
                {**vars(s), "kind_label": SIGNAL_KINDS.get(s.kind, s.kind)}
                for s in reversed(mon.signals[-50:])
            ],
            "signal_count": len(mon.signals),
            "adverse_count": sum(1 for s in mon.signals if s.adverse),
            "since": mon.since,
            "figure": _figure(mon) if mon.signals else None,
            "editor": editor,
            "evaluator": may_evaluate_brands(actor) and b.status == "published",
            "open_lists": selectors.nominable_lists()
            if nominator and b.status == "published"
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_new(request: HttpRequest) -> HttpResponse:
    """Register a brand: an enterprise its own; an officer any in its regions (clusters too)."""
    actor = actor_for(request.user)
    if not _registers(actor):
        raise NotFound
    own = bool(actor.enterprise_id)
    products = (
        selectors.product_choices(enterprise_id=actor.enterprise_id) if actor.enterprise_id else []
    )
    form = BrandForm(request.POST or None, products=products, own=own)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            b = services.brand_create(actor=actor, **_brand_args(actor, d))
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Brand registered."))
            return redirect("brands:brand", brand_pk=b.pk)
    return render(request, "brands/brand_new.html", {"form": form})


def _brand_args(actor: Actor, d: dict[str, Any]) -> dict[str, Any]:
    marks = []
    if d.get("trademark"):
        marks.append(services.TrademarkInput(d["trademark"], d.get("nice_class") or 0))
    args: dict[str, Any] = {
        "kind": d["kind"],
        "name_zh": d["name_zh"],
        "name_en": d.get("name_en", ""),
        "category": d["category"],
        "description": d.get("description", ""),
        "trademarks": marks,
        "publish": d.get("publish", False),
    }
    if actor.enterprise_id:
        args["owner_id"] = actor.enterprise_id
        args["product_ids"] = d.get("products") or []
        return args
    codes = selectors.enterprise_ids_by_codes(
        [d.get("owner", "").strip(), *split_codes(d.get("members", ""))]
    )
    owner = d.get("owner", "").strip()
    if owner and owner not in codes:
        raise services.BrandsError(
            _("No enterprise has the credit code %(code)s.") % {"code": owner}, field="owner"
        )
    args["owner_id"] = codes.get(owner)
    args["region_code"] = d.get("region", "").strip() or None
    args["member_ids"] = [codes[c] for c in split_codes(d.get("members", "")) if c in codes]
    return args


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, brand_pk: int) -> HttpResponse:
    """Score a brand under the current method version."""
    actor = actor_for(request.user)
    if not may_evaluate_brands(actor):
        raise NotFound
    b = selectors.brand_get(actor=actor, pk=brand_pk)
    method = selectors.current_method()
    if method is None:
        raise NotFound
    form = EvaluationForm(
        request.POST or None, method=method, initial={"evaluated_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(
                actor=actor,
                brand=b,
                method=method,
                scores=form.scores(),
                evaluated_on=form.cleaned_data["evaluated_on"],
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            key = (exc.field or "").removeprefix("scores.")
            form.add_error(f"score_{key}" if f"score_{key}" in form.fields else None, str(exc))
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("brands:brand", brand_pk=b.pk)
    return render(request, "brands/evaluate.html", {"b": b, "method": method, "form": form})


def lists(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    officer = may_publish_brand_lists(actor)
    return render(
        request,
        "brands/lists.html",
        {"lists": selectors.lists_for(actor, officer=officer), "officer": officer},
    )


@require_http_methods(["GET", "POST"])
def brand_list(request: HttpRequest, list_pk: int) -> HttpResponse:
    """A brand list: its brands (published) or its nominations and their review (officers)."""
    actor = actor_for(request.user)
    officer = may_publish_brand_lists(actor)
    bl = selectors.list_get(pk=list_pk, officer=officer)
    if request.method == "POST":
        if not officer:
            raise NotFound
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                services.list_publish(actor=actor, brand_list=bl)
                messages.success(request, _("List published."))
            else:
                entry = selectors.entry_get(pk=request.POST.get("entry"))
                if entry.brand_list_id != bl.pk:
                    raise NotFound
                services.review(
                    actor=actor, entry=entry, action=action, note=request.POST.get("note", "")
                )
                messages.success(request, _("Nomination updated."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("brands:list", list_pk=bl.pk)
    entries = list(selectors.list_entries(bl, officer=officer))
    for e in entries:
        reviewable = officer and may_review_nomination(actor, nominated_by_id=e.nominated_by_id)
        e.reviewable = reviewable  # type: ignore[attr-defined]
    return render(
        request,
        "brands/list.html",
        {
            "bl": bl,
            "entries": entries,
            "officer": officer,
            "open": bl.status == ListStatus.OPEN,
        },
    )


def methodology(request: HttpRequest) -> HttpResponse:
    method = selectors.current_method()
    indicators = list(method.indicators.all()) if method else []
    return render(
        request,
        "brands/methodology.html",
        {
            "method": method,
            "inputs": [i for i in indicators if i.part == EvalPart.INPUT],
            "outcomes": [i for i in indicators if i.part == EvalPart.OUTCOME],
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """An enterprise's own brands (drafts too)."""
    actor = actor_for(request.user)
    if not actor.enterprise_id:
        raise NotFound
    brands: list[Brand] = list(selectors.my_brands(enterprise_id=actor.enterprise_id))
    return render(request, "brands/mine.html", {"brands": brands})
