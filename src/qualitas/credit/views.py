"""Pages of integrity and quality credit: the public penalty notices and lists, the officers'
credit desk. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_apply_repair,
    may_decide_repair,
    may_manage_credit_record,
    may_publish_credit_record,
    may_read_credit_report,
    may_see_loan_statistics,
    sees_credit_desk,
)
from qualitas.core.errors import DomainError
from qualitas.core.exports import export_response
from qualitas.credit import selectors, services
from qualitas.credit.choices import ListKind, RecordStatus, RepairStatus, SamrClass
from qualitas.credit.forms import DecisionForm, ListingForm, RecordForm, RepairForm


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


# --- public ---------------------------------------------------------------------------------


def penalties(request: HttpRequest) -> HttpResponse:
    """Published penalty and misconduct records in their publicity period (public)."""
    q = request.GET.get("q", "")
    return render(
        request,
        "credit/penalties.html",
        {"records": selectors.public_records(q=q)[:200], "q": q},
    )


def penalty(request: HttpRequest, record_pk: int) -> HttpResponse:
    """One public penalty notice."""
    return render(request, "credit/penalty.html", {"r": selectors.public_record_get(pk=record_pk)})


# --- officers -------------------------------------------------------------------------------


def _officer(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if not sees_credit_desk(actor):
        raise NotFound
    return actor


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The credit desk: records of the officer's regions in every state."""
    actor = _officer(request)
    return render(
        request,
        "credit/desk.html",
        {
            "records": selectors.records_for(actor=actor)[:200],
            "listings": selectors.listings_for(actor=actor)[:200],
            "repairs": selectors.repairs_for(actor=actor)[:200],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    actor = _officer(request)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.record_create(actor=actor, **form.service_kwargs())
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Record entered as a draft."))
            return redirect("credit:record", record_pk=rec.pk)
    return render(request, "credit/record_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, record_pk: int) -> HttpResponse:
    """A record in any state: approve and publish (a second officer)."""
    actor = actor_for(request.user)
    rec = selectors.record_get(actor=actor, pk=record_pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.record_approve(actor=actor, pk=rec.pk)
                messages.success(request, _("Record approved."))
            elif action == "publish":
                services.record_publish(actor=actor, pk=rec.pk)
                messages.success(request, _("Record published."))
            elif action == "repair":
                form = RepairForm(request.POST)
                if form.is_valid():
                    req = services.repair_apply(actor=actor, record_pk=rec.pk, **form.cleaned_data)
                    messages.success(request, _("Application for credit repair submitted."))
                    return redirect("credit:repair", repair_pk=req.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("credit:record", record_pk=rec.pk)
    return render(
        request,
        "credit/record.html",
        {
            "r": rec,
            "may_decide": may_publish_credit_record(actor, rec.region_id, rec.created_by_id),
            "draft": rec.status == RecordStatus.DRAFT,
            "approved": rec.status == RecordStatus.APPROVED,
            "may_repair": may_apply_repair(actor, rec.enterprise_id)
            and rec.status == RecordStatus.PUBLISHED,
            "repair_form": RepairForm(),
            "repairs": rec.repairs.all(),
        },
    )


def lists(request: HttpRequest) -> HttpResponse:
    """The public lists: entries in their term, with their grounds (public)."""
    kind = request.GET.get("kind") or ""
    if kind not in ListKind.values:
        kind = ""
    return render(
        request,
        "credit/lists.html",
        {
            "entries": selectors.public_listings(kind=kind or None)[:500],
            "kind": kind,
            "kinds": ListKind.choices,
        },
    )


def methodology(request: HttpRequest) -> HttpResponse:
    """The published methodology: factors, weights, values without data, sources, thresholds,
    decay, list caps; the publicity and repair terms with their sources (public)."""
    from qualitas.credit.methodology import LABELS, LIST_CAPS, RAISE
    from qualitas.credit.rating import methodology_current
    from qualitas.credit.terms import terms

    m = methodology_current()
    factors = [
        {"key": k, "label": LABELS.get(k, k), "raise": RAISE.get(k, ""), **spec}
        for k, spec in m.weights.items()
    ]
    names = [c for c, _t in m.thresholds]
    caps = [(ListKind(k).label, names[i]) for k, i in LIST_CAPS.items()]
    return render(
        request,
        "credit/methodology.html",
        {
            "m": m,
            "factors": factors,
            "caps": caps,
            "terms": terms().values(),
            "samr": SamrClass.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """An enterprise's quality credit: the class and published records for everyone; the
    explanation factor by factor and the history for those who may read its credit report
    (its users, officers of its region, a bank with its consent — the read is audited)."""
    actor = actor_for(request.user)
    ent = selectors.enterprise_public_get(pk=enterprise_pk)
    if request.method == "POST":
        try:
            services.rating_refresh(actor=actor, enterprise_id=ent.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Rating recomputed."))
        return redirect("credit:rating", enterprise_pk=ent.pk)
    full = may_read_credit_report(actor, ent)
    lang = "en" if (translation.get_language() or "").startswith("en") else "zh"
    r = selectors.rating_current(enterprise_id=ent.pk)
    factors = [
        {
            **f,
            "label": f[f"label_{lang}"],
            "explanation": f[f"explanation_{lang}"],
            "raise": f[f"raise_{lang}"],
        }
        for f in (r.factors if r else [])
    ]
    return render(
        request,
        "credit/rating.html",
        {
            "e": ent,
            "r": r,
            "full": full,
            "factors": factors,
            "history": selectors.rating_history(enterprise_id=ent.pk)[:20] if full else [],
            "records": selectors.public_records().filter(enterprise_id=ent.pk),
            "listings": selectors.public_listings().filter(enterprise_id=ent.pk),
            "may_refresh": may_manage_credit_record(actor, ent.region_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_new(request: HttpRequest) -> HttpResponse:
    actor = _officer(request)
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_create(actor=actor, **form.service_kwargs())
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("List entry saved as a draft."))
            return redirect("credit:desk")
    return render(request, "credit/listing_new.html", {"form": form})


@login_required
@require_http_methods(["POST"])
def listing_publish(request: HttpRequest, listing_pk: int) -> HttpResponse:
    actor = _officer(request)
    try:
        services.listing_publish(actor=actor, pk=listing_pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("List entry published."))
    return redirect("credit:desk")


@login_required
@require_http_methods(["GET", "POST"])
def repair(request: HttpRequest, repair_pk: int) -> HttpResponse:
    """A repair application: the enterprise follows it; the deciding authority decides."""
    actor = actor_for(request.user)
    req = selectors.repair_get(actor=actor, pk=repair_pk)
    region = req.record.region_id if req.record else req.listing.region_id  # type: ignore[union-attr]
    may_decide = may_decide_repair(actor, region) and req.status == RepairStatus.SUBMITTED
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and may_decide and form.is_valid():
        try:
            services.repair_decide(actor=actor, pk=req.pk, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("credit:repair", repair_pk=req.pk)
    return render(request, "credit/repair.html", {"q": req, "form": form, "may_decide": may_decide})


@login_required
def loans(request: HttpRequest) -> HttpResponse:
    """Quality-credit lending by province and industry (officers: their regions)."""
    actor = actor_for(request.user)
    if not may_see_loan_statistics(actor):
        raise NotFound
    return render(request, "credit/loans.html", {"rows": selectors.loan_statistics(actor=actor)})


EXPORT_HEADERS = {
    "penalties": [
        "decision_no",
        "version",
        "enterprise",
        "credit_code",
        "kind",
        "penalty_type",
        "amount",
        "legal_basis",
        "authority",
        "decided_on",
        "publicity_from",
        "publicity_until",
    ],
    "lists": [
        "list",
        "enterprise",
        "credit_code",
        "grounds",
        "authority",
        "entered_on",
        "term_until",
    ],
}


def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The public penalty notices or the lists as CSV or XLSX (public)."""
    if fmt not in ("csv", "xlsx") or table not in EXPORT_HEADERS:
        raise Http404
    rows: list[tuple[Any, ...]]
    if table == "penalties":
        rows = [
            (
                r.decision_no,
                r.version,
                r.enterprise.name,
                r.enterprise.credit_code,
                r.get_kind_display(),
                r.get_penalty_type_display(),
                r.amount,
                r.legal_basis,
                r.authority,
                r.decided_on,
                r.publicity_from,
                r.publicity_end,
            )
            for r in selectors.public_records()
        ]
    else:
        rows = [
            (
                e.get_kind_display(),
                e.enterprise.name,
                e.enterprise.credit_code,
                e.grounds,
                e.authority,
                e.entered_on,
                e.term_until,
            )
            for e in selectors.public_listings()
        ]
    return export_response(
        rows=rows, header=EXPORT_HEADERS[table], filename=f"credit-{table}", fmt=fmt
    )
