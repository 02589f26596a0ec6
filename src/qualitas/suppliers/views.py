"""Pages of supplier quality: the supplier list, a supplier with its parts and lots, and the
incoming-inspection page of a lot (plan, result, decision). Thin: parse, call a service or
selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_manage_suppliers, sees_suppliers
from qualitas.core.errors import DomainError
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.core.pdf import pdf_download, pdf_language
from qualitas.suppliers import selectors, services
from qualitas.suppliers.choices import (
    DISCIPLINES,
    ActionStatus,
    AuditStatus,
    LotDecision,
    Severity,
)
from qualitas.suppliers.forms import (
    ActionForm,
    AuditPlanForm,
    ChecklistImportForm,
    CloseForm,
    LotForm,
    PartForm,
    ResultForm,
    ResultsImportForm,
    ScorecardForm,
    StepForm,
    SupplierForm,
    VerifyForm,
)
from qualitas.suppliers.notifications import ESCALATE_DAYS
from qualitas.suppliers.scorecards import DEFAULT_LIMITS, DEFAULT_WEIGHTS, check_limits


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
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    checklist_form = ChecklistImportForm(
        request.POST if posted == "checklist" else None,
        request.FILES if posted == "checklist" else None,
    )
    if posted == "checklist":
        if not manage:
            raise NotFound
        if checklist_form.is_valid():
            d = checklist_form.cleaned_data
            try:
                t = services.checklist_import(
                    actor=actor,
                    customer=selectors.own_enterprise(actor),
                    code=d["code"],
                    name=d["name"],
                    data=d["file"].read(),
                )
                messages.success(
                    request,
                    _("Checklist %(code)s imported as version %(v)s.")
                    % {"code": t.code, "v": t.version},
                )
                return redirect("suppliers:home")
            except DomainError as exc:
                where = _("row %(row)s") % {"row": exc.row} if exc.row else ""
                checklist_form.add_error("file", f"{where} {exc}".strip())
    post = posted == "results"
    results_form = ResultsImportForm(
        request.POST if post else None, request.FILES if post else None
    )
    if post:
        if not manage:
            raise NotFound
        if results_form.is_valid():
            try:
                decided = services.lot_results_import(
                    actor=actor,
                    customer_id=int(actor.enterprise_id or 0),
                    data=results_form.cleaned_data["file"].read(),
                )
                messages.success(
                    request,
                    _("%(n)d lot results entered: %(rejected)d rejected.")
                    % {
                        "n": len(decided),
                        "rejected": sum(1 for lot in decided if lot.decision == "rejected"),
                    },
                )
                return redirect("suppliers:home")
            except DomainError as exc:
                where = _("row %(row)s") % {"row": exc.row} if exc.row else ""
                results_form.add_error("file", f"{where} {exc}".strip())
    elif request.method == "POST" and posted != "checklist":
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
    today = timezone.localdate()
    overdue = [
        (ca, (today - ca.due_on).days, (today - ca.due_on).days >= ESCALATE_DAYS)
        for ca in selectors.overdue_actions(actor, today).order_by("due_on", "pk")[:50]
    ]
    return render(
        request,
        "suppliers/home.html",
        {
            "suppliers": [s for s in rows if s.enterprise_id != own or own is None],
            "customers": [s for s in rows if own is not None and s.enterprise_id == own],
            "form": form,
            "results_form": results_form,
            "checklist_form": checklist_form,
            "checklists": list(selectors.checklists_for(actor).filter(owner__isnull=False))
            if manage
            else [],
            "manage": manage,
            "overdue": overdue if own else [],
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
        "audit": _bound(
            request,
            "audit",
            AuditPlanForm,
            checklists=[(t.pk, f"{t.name} v{t.version}") for t in selectors.checklists_for(actor)],
        ),
        "action": _bound(request, "action", ActionForm),
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
                if action == "audit":
                    pk = d.pop("checklist")
                    template = selectors.checklist_get(actor=actor, pk=pk) if pk else None
                    a = services.audit_plan(actor=actor, supplier=s, template=template, **d)
                    return redirect("suppliers:audit", audit_pk=a.pk)
                if action == "action":
                    ca = services.action_open(actor=actor, supplier=s, **d)
                    return redirect("suppliers:action", action_pk=ca.pk)
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
            "trend": selectors.scorecard_trend(actor=actor, supplier=s, end=timezone.localdate()),
            "audits": selectors.audits_for(actor).filter(supplier=s)[:20],
            "actions": selectors.actions_for(actor).filter(supplier=s)[:50],
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
        if request.POST.get("action") == "open_8d":
            try:
                ca = services.action_open_from_lot(actor=actor, lot=lot)
            except DomainError as exc:
                messages.error(request, str(exc))
                return redirect("suppliers:lot", lot_pk=lot.pk)
            return redirect("suppliers:action", action_pk=ca.pk)
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
            "actions": list(lot.actions.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_page(request: HttpRequest, audit_pk: int) -> HttpResponse:
    """A process audit: the checklist with scores, findings and reasons; the result once
    completed (element results, downgrades, class) — the audit report."""
    actor = actor_for(request.user)
    a = selectors.audit_get(actor=actor, pk=audit_pk)
    customer = selectors.is_customer(actor, a.supplier)
    editable = customer and a.status != AuditStatus.COMPLETED
    form_error = ""
    if request.method == "POST":
        if not editable:
            raise NotFound
        answers = {
            r.question.number: {
                "scores": request.POST.get(f"s-{r.question.number}", ""),
                "finding": request.POST.get(f"f-{r.question.number}", ""),
                "not_evaluated_reason": request.POST.get(f"n-{r.question.number}", ""),
                "evidence": r.evidence,
            }
            for r in selectors.audit_rows(a)
        }
        try:
            services.audit_record(actor=actor, audit_obj=a, answers=answers)
            if request.POST.get("complete"):
                services.audit_complete(actor=actor, audit_obj=a)
            messages.success(request, _("Saved."))
            return redirect("suppliers:audit", audit_pk=a.pk)
        except DomainError as exc:
            form_error = str(exc)
    return render(
        request,
        "suppliers/audit.html",
        {
            "a": a,
            "answers": selectors.audit_rows(a),
            "editable": editable,
            "form_error": form_error,
            "downgrades": selectors.downgrade_texts(a),
            "Status": AuditStatus,
        },
    )


@login_required
def audit_pdf(request: HttpRequest, audit_pk: int) -> HttpResponse:
    """The report of a completed process audit as PDF (core.pdf) in ``?lang=``; read by the
    customer and by the supplier, as the audit page is."""
    a = selectors.audit_get(actor=actor_for(request.user), pk=audit_pk)
    if a.status != AuditStatus.COMPLETED:
        raise NotFound
    lang = pdf_language(request)
    with translation.override(lang):
        ctx = {
            "a": a,
            "answers": selectors.audit_rows(a),
            "downgrades": selectors.downgrade_texts(a),
        }
    return pdf_download(
        request,
        "suppliers/audit_print.html",
        ctx,
        lang=lang,
        filename=f"process-audit-{a.supplier.code}-{a.pk}",
        back=reverse("suppliers:audit", kwargs={"audit_pk": a.pk}),
        charts=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, action_pk: int) -> HttpResponse:
    """An 8D: the disciplines done, the next one for the supplier, verification and closure for
    the customer."""
    actor = actor_for(request.user)
    ca = selectors.action_get(actor=actor, pk=action_pk)
    customer = selectors.is_customer(actor, ca.supplier)
    can_work = services.may_work_on(actor, ca)
    f = {
        "step": _bound(request, "step", StepForm),
        "verify": _bound(request, "verify", VerifyForm),
        "close": _bound(request, "close", CloseForm),
    }
    name = request.POST.get("action", "") if request.method == "POST" else ""
    if name:
        if name not in f or not (customer or (can_work and name == "step")):
            raise NotFound
        form = f[name]
        if form.is_valid():
            d = form.cleaned_data
            try:
                if name == "step":
                    services.action_submit(
                        actor=actor,
                        action=ca,
                        discipline=ca.step + 1,
                        owner=d["owner"],
                        text=d["text"],
                        whys=[w for w in d["whys"].splitlines() if w.strip()],
                        cause_category=d["cause_category"],
                    )
                elif name == "verify":
                    services.action_verify(
                        actor=actor, action=ca, effective=d["effective"] == "yes", note=d["note"]
                    )
                else:
                    services.action_close(actor=actor, action=ca, note=d["note"])
                messages.success(request, _("Saved."))
                return redirect("suppliers:action", action_pk=ca.pk)
            except DomainError as exc:
                _fail(form, exc)
    steps = [
        (DISCIPLINES[i], ca.disciplines.get(f"D{i}", {}))
        for i in range(1, 9)
        if f"D{i}" in ca.disciplines
    ]
    nxt = ca.next_discipline
    return render(
        request,
        "suppliers/action.html",
        {
            "ca": ca,
            "customer": customer,
            "can_work": can_work,
            "steps": steps,
            "verification": ca.disciplines.get("verification"),
            "next_step": nxt,
            "next_label": DISCIPLINES.get(nxt or 0, ""),
            "overdue": selectors.is_overdue(ca),
            "f": f,
            "Status": ActionStatus,
        },
    )


SCORECARD_COLUMNS = [
    Column("code", _lazy("Supplier code")),
    Column("name", _lazy("Name")),
    Column("lots", _lazy("Lots decided")),
    Column("rejected", _lazy("Lots rejected")),
    Column("inspected", _lazy("Items inspected")),
    Column("nonconforming", _lazy("Nonconforming items")),
    Column("ppm", _lazy("Incoming PPM")),
    Column("rejection_rate", _lazy("Lot rejection rate")),
    Column("due_lots", _lazy("Lots with a promised date")),
    Column("on_time_rate", _lazy("On-time delivery rate")),
    Column("audit", _lazy("Audit result (%)")),
    Column("actions_opened", _lazy("8Ds opened")),
    Column("actions_closed", _lazy("8Ds closed")),
    Column("closure_days", _lazy("Mean days to close")),
    Column("score", _lazy("Score")),
    Column("class", _lazy("Class")),
]


def _scorecards(request: HttpRequest) -> tuple[Any, ScorecardForm, dict[str, Any]]:
    """The cards over the period with the weights and limits of the form (GET), and what was
    asked (start, end, the class policy)."""
    actor = actor_for(request.user)
    if not (may_manage_suppliers(actor) and actor.enterprise_id):
        raise NotFound
    today = timezone.localdate()
    start, end = today.replace(year=today.year - 1), today
    form = ScorecardForm(request.GET or None, initial={"start": start, "end": end})
    weights = limits = None
    policy: dict[str, str] = {}
    if request.GET and form.is_valid():
        d = form.cleaned_data
        start = d["start"] or start
        end = d["end"] or end
        weights = {k: d[f"w_{k}"] for k in DEFAULT_WEIGHTS}
        if not any(weights.values()):
            form.add_error(None, _("give at least one weight above 0"))
            weights = None
        try:
            limits = check_limits({k: d[k] for k in DEFAULT_LIMITS})
        except ValueError as exc:
            form.add_error(str(exc) if str(exc) in form.fields else None, _("not a valid limit"))
            limits = None
        policy = {"B": d["class_b"], "C": d["class_c"]}
    cards = selectors.scorecards(
        actor=actor,
        customer_id=int(actor.enterprise_id or 0),
        start=start,
        end=end,
        weights=weights,
        limits=limits,
    )
    cards = sorted(cards, key=lambda c: (c.score is None, -(c.score or 0), c.code))
    return cards, form, {"start": start, "end": end, "policy": policy, "actor": actor}


@login_required
@require_http_methods(["GET", "POST"])
def scorecards(request: HttpRequest) -> HttpResponse:
    """The scorecards of the enterprise's suppliers over a period, with its weights and limits;
    a POST applies the classes the enterprise chose (B/C → conditional/blocked)."""
    cards, form, asked = _scorecards(request)
    if request.method == "POST":
        try:
            changes = services.scorecards_apply_classes(
                actor=asked["actor"],
                customer_id=int(asked["actor"].enterprise_id or 0),
                cards=cards,
                policy=asked["policy"],
                period=f"{asked['start']:%Y-%m-%d}–{asked['end']:%Y-%m-%d}",
            )
            messages.success(
                request, _("%(n)d supplier(s) changed approval status.") % {"n": len(changes)}
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect(f"{reverse('suppliers:scorecards')}?{request.GET.urlencode()}")
    return render(
        request,
        "suppliers/scorecards.html",
        {
            "cards": cards,
            "form": form,
            "can_apply": bool(asked["policy"] and any(asked["policy"].values())),
        },
    )


@login_required
def scorecards_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise NotFound
    cards, _form, _asked = _scorecards(request)
    rows = (
        [
            c.code, c.name, c.lots, c.rejected, c.inspected, c.nonconforming,
            None if c.ppm is None else round(c.ppm),
            None if c.rejection_rate is None else round(c.rejection_rate, 4),
            c.due_lots, None if c.on_time_rate is None else round(c.on_time_rate, 4),
            c.audit, c.actions_opened, c.actions_closed,
            None if c.closure_days is None else round(c.closure_days, 1),
            None if c.score is None else round(c.score, 1), c.score_class,
        ]
        for c in cards
    )  # fmt: skip
    return export_response(
        rows=rows,
        filename="supplier-scorecards",
        fmt=fmt,
        columns=SCORECARD_COLUMNS,
        keys=wants_keys(request),
    )
