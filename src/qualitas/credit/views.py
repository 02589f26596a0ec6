"""Pages of integrity and quality credit: the public penalty notices and lists, the officers'
credit desk. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_appeal_rating,
    may_apply_repair,
    may_decide_appeal,
    may_decide_repair,
    may_edit_credit_methodology,
    may_manage_credit_record,
    may_publish_credit_record,
    may_read_credit_report,
    may_see_loan_statistics,
    sees_credit_desk,
)
from qualitas.core.errors import DomainError
from qualitas.core.exports import export_response
from qualitas.credit import selectors, services
from qualitas.credit.choices import (
    AppealStatus,
    ListKind,
    MethodologyStatus,
    RecordStatus,
    RepairStatus,
    SamrClass,
)
from qualitas.credit.forms import (
    AppealDecisionForm,
    AppealForm,
    CorrectionForm,
    DecisionForm,
    ListingForm,
    MethodologyForm,
    RecordForm,
    RepairForm,
)


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
            "appeals": selectors.appeals_for(actor=actor)[:200],
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
            elif action == "correct":
                correction = CorrectionForm(request.POST)
                if correction.is_valid():
                    new = services.record_correct(actor=actor, pk=rec.pk, **correction.cleaned_data)
                    messages.success(request, _("Correction entered as a draft version."))
                    return redirect("credit:record", record_pk=new.pk)
                messages.error(request, _("Fill in the correction."))
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
            "may_correct": rec.status == RecordStatus.PUBLISHED
            and may_manage_credit_record(actor, rec.region_id)
            and not hasattr(rec, "correction"),
            "correction_form": CorrectionForm(
                initial={
                    "facts": rec.facts,
                    "amount": rec.amount,
                    "publicity_until": rec.publicity_until,
                }
            ),
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
    """A methodology version (``?v=<code>``; default: the one in force): factors, weights,
    values without data, sources, thresholds, decay, list caps; the publicity and repair terms
    with their sources; every version (public; drafts for officers)."""
    from qualitas.credit.methodology import LABELS, LIST_CAPS, RAISE
    from qualitas.credit.rating import methodology_current
    from qualitas.credit.terms import terms

    actor = actor_for(request.user)
    current = methodology_current()
    code = request.GET.get("v") or ""
    m = selectors.methodology_get(actor=actor, code=code) if code else current
    factors = [
        {"key": k, "label": LABELS.get(k, k), "raise": RAISE.get(k, ""), **spec}
        for k, spec in m.weights.items()
    ]
    names = [c for c, _t in m.thresholds]
    caps = [(ListKind(k).label, names[i]) for k, i in LIST_CAPS.items() if i < len(names)]
    return render(
        request,
        "credit/methodology.html",
        {
            "m": m,
            "in_force": m.pk == current.pk,
            "draft": m.status == MethodologyStatus.DRAFT,
            "factors": factors,
            "caps": caps,
            "terms": terms().values(),
            "samr": SamrClass.choices,
            "versions": selectors.methodology_versions(actor=actor),
            "may_edit": may_edit_credit_methodology(actor),
        },
    )


def _methodology_form(data: Any = None, initial: Any = None) -> MethodologyForm:
    from qualitas.credit.methodology import CLASS_ORDER, KNOWN_FACTORS, LABELS

    labels = {k: LABELS.get(k, k) for k in KNOWN_FACTORS}
    return MethodologyForm(data, initial=initial, labels=labels, classes=CLASS_ORDER)


def _methodology_fail(form: MethodologyForm, exc: DomainError) -> None:
    name = MethodologyForm.form_field(exc.field)
    form.add_error(name if name in form.fields else None, str(exc))


@login_required
@require_http_methods(["GET", "POST"])
def methodology_new(request: HttpRequest) -> HttpResponse:
    """Draft a new methodology version, starting from the one in force (officers)."""
    from qualitas.credit.rating import methodology_current

    actor = actor_for(request.user)
    if not may_edit_credit_methodology(actor):
        raise NotFound
    start = {**MethodologyForm.initial_for(methodology_current()), "note": ""}
    form = _methodology_form(request.POST or None, initial=start)
    if request.method == "POST" and form.is_valid():
        try:
            m = services.methodology_draft(actor=actor, **form.service_kwargs())
        except DomainError as exc:
            _methodology_fail(form, exc)
        else:
            messages.success(request, _("Version saved as a draft."))
            return redirect("credit:methodology_edit", code=m.code)
    return render(request, "credit/methodology_edit.html", {"form": form, "m": None})


@login_required
@require_http_methods(["GET", "POST"])
def methodology_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit, validate and publish a draft version (a second officer publishes)."""
    actor = actor_for(request.user)
    if not may_edit_credit_methodology(actor):
        raise NotFound
    m = selectors.methodology_get(actor=actor, code=code)
    if m.status != MethodologyStatus.DRAFT:
        return redirect(f"{reverse('credit:methodology')}?v={m.code}")
    form = _methodology_form(
        request.POST or None, initial={"code": m.code, **MethodologyForm.initial_for(m)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "publish":
                services.methodology_publish(actor=actor, code=m.code)
                messages.success(
                    request, _("Version published: ratings computed from now on cite it.")
                )
                return redirect(f"{reverse('credit:methodology')}?v={m.code}")
            services.methodology_update(actor=actor, **{**form.service_kwargs(), "code": m.code})
        except DomainError as exc:
            _methodology_fail(form, exc)
        else:
            messages.success(request, _("The version is valid and saved."))
            return redirect("credit:methodology_edit", code=m.code)
    return render(request, "credit/methodology_edit.html", {"form": form, "m": m})


@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """An enterprise's quality credit: the class and published records for everyone; the
    explanation factor by factor and the history for those who may read its credit report
    (its users, officers of its region, a bank with its consent — the read is audited)."""
    actor = actor_for(request.user)
    ent = selectors.enterprise_public_get(pk=enterprise_pk)
    appeal_form = AppealForm(request.POST if request.POST.get("action") == "appeal" else None)
    if request.method == "POST" and request.POST.get("action") == "appeal":
        if appeal_form.is_valid():
            try:
                appeal = services.appeal_submit(
                    actor=actor, enterprise_id=ent.pk, **appeal_form.cleaned_data
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Appeal submitted."))
                return redirect("credit:appeal", appeal_pk=appeal.pk)
        else:
            messages.error(request, _("Give the grounds of the appeal."))
        return redirect("credit:rating", enterprise_pk=ent.pk)
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
            "may_appeal": r is not None and may_appeal_rating(actor, ent.pk),
            "appeal_form": appeal_form,
            "appeals": selectors.appeals_for(actor=actor).filter(enterprise_id=ent.pk)[:20]
            if full
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, appeal_pk: int) -> HttpResponse:
    """An appeal of a rating: the enterprise follows it; an officer of its region decides."""
    actor = actor_for(request.user)
    a = selectors.appeal_get(actor=actor, pk=appeal_pk)
    may_decide = (
        may_decide_appeal(actor, a.enterprise.region_id) and a.status == AppealStatus.SUBMITTED
    )
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and may_decide and form.is_valid():
        try:
            services.appeal_decide(actor=actor, pk=a.pk, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("credit:appeal", appeal_pk=a.pk)
    return render(
        request,
        "credit/appeal.html",
        {"a": a, "form": form, "may_decide": may_decide, "today": timezone.localdate()},
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
    from qualitas.credit.choices import LoanOutcome
    from qualitas.registry.selectors import industries_list, regions_list

    rows = selectors.loan_statistics(actor=actor)
    regions = {r.pk: r.name for r in regions_list().filter(pk__in={x["province"] for x in rows})}
    industries = {
        i.pk: i.name for i in industries_list().filter(pk__in={x["industry"] for x in rows})
    }
    named = [
        {
            **x,
            "province_name": regions.get(x["province"], x["province"] or "—"),
            "industry_name": industries.get(x["industry"], x["industry"] or "—"),
            "outcome_label": LoanOutcome(x["outcome"]).label
            if x["outcome"] in LoanOutcome.values
            else x["outcome"],
        }
        for x in rows
    ]
    return render(request, "credit/loans.html", {"rows": named})


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
