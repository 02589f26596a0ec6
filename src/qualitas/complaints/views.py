"""Pages of consumer complaints: the public intake, tracking link, statistics and published
warnings; the authority's desk (complaints, warnings) and the enterprise's complaints.
Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.complaints import selectors, services
from qualitas.complaints.choices import ComplaintStatus, WarningStatus
from qualitas.complaints.forms import (
    ConcludeForm,
    DecideForm,
    IntakeForm,
    RejectForm,
    RespondForm,
    RouteForm,
)
from qualitas.complaints.workdays import add_working_days
from qualitas.core.access import NotFound, actor_for, may_work_on_complaints
from qualitas.core.errors import DomainError


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


# --- public -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """File a complaint without an account; the answer is the secret tracking link."""
    form = IntakeForm(request.POST or None, regions=selectors.region_choices())
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in form.fields}
        try:
            services.intake_guard(ip=_ip(request), honeypot=data["website"], issued=data["issued"])
            complaint, token = services.complaint_submit(data=data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            return render(
                request,
                "complaints/submitted.html",
                {
                    "c": complaint,
                    "link": request.build_absolute_uri(f"/complaints/track/{token}/"),
                    "token": token,
                },
            )
    # a fresh signed timestamp each time the form is shown (also for a corrected form)
    return render(
        request,
        "complaints/intake.html",
        {"form": form, "issued": services.form_issue_token()},
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The complainant's view through the secret link: status, the enterprise's response, and
    the confirmation or dispute."""
    c = services.complaint_by_token(token)
    form = ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_conclude(
                token=token,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("complaints:track", token=token)
    return render(
        request,
        "complaints/track.html",
        {"c": c, "form": form, "may_conclude": c.status == ComplaintStatus.RESPONDED},
    )


def statistics(request: HttpRequest) -> HttpResponse:
    """Public statistics (counts only, small cells suppressed) and published warnings."""
    return render(
        request,
        "complaints/statistics.html",
        {"s": selectors.public_statistics(), "warnings": selectors.published_warnings()[:50]},
    )


def public_warning(request: HttpRequest, warning_pk: int) -> HttpResponse:
    """A published warning: the problem, the period, how many similar complaints — no complaint."""
    w = selectors.published_warnings().filter(pk=warning_pk).first()
    if w is None:
        raise NotFound
    return render(request, "complaints/public_warning.html", {"w": w})


def methodology(request: HttpRequest) -> HttpResponse:
    from qualitas.complaints.clustering import ClusterParams

    return render(
        request,
        "complaints/methodology.html",
        {
            "p": ClusterParams(),
            "days": services.RESPONSE_WORKING_DAYS,
            "per_hour": services.INTAKE_PER_HOUR,
        },
    )


# --- the authority's desk -----------------------------------------------------------------------


def _desk_actor(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if not may_work_on_complaints(actor):
        raise NotFound
    return actor


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """Complaints of the officer's regions (admins: all), newest first, by status."""
    actor = _desk_actor(request)
    status = request.GET.get("status", "")
    if status not in ComplaintStatus.values:
        status = ""
    return render(
        request,
        "complaints/desk.html",
        {
            "complaints": selectors.complaints_for(actor=actor, status=status)[:200],
            "status": status,
            "statuses": ComplaintStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest, complaint_pk: int) -> HttpResponse:
    """One complaint: the handler routes, refuses; the enterprise responds; others read it
    with the contact masked."""
    actor = actor_for(request.user)
    c = selectors.complaint_get(actor=actor, pk=complaint_pk)
    view = selectors.complaint_view(actor, c)
    candidates = selectors.enterprise_candidates(c) if view.handler else []
    action = request.POST.get("action", "") if request.method == "POST" else ""
    route_form = RouteForm(
        request.POST if action == "route" else None,
        enterprises=[(e.pk, f"{e.name} ({e.credit_code})") for e in candidates],
    )
    reject_form = RejectForm(request.POST if action == "reject" else None)
    respond_form = RespondForm(request.POST if action == "respond" else None)
    forms_by_action: dict[str, forms.Form] = {
        "route": route_form,
        "reject": reject_form,
        "respond": respond_form,
    }
    if action in forms_by_action:
        form = forms_by_action[action]
        if action in ("route", "reject") and not view.handler:
            raise NotFound
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "route":
                    services.complaint_route(
                        actor=actor, complaint=c, enterprise_id=d["enterprise"]
                    )
                elif action == "reject":
                    services.complaint_reject(actor=actor, complaint=c, reason=d["reason"])
                else:
                    services.complaint_respond(actor=actor, complaint=c, response=d["response"])
            except DomainError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("complaints:complaint", complaint_pk=c.pk)
    return render(
        request,
        "complaints/complaint.html",
        {
            "v": view,
            "c": c,
            "desk": may_work_on_complaints(actor),
            "candidates": candidates,
            "route_form": route_form,
            "reject_form": reject_form,
            "respond_form": respond_form,
            "Status": ComplaintStatus,
            "would_be_due": add_working_days(c.received_on, services.RESPONSE_WORKING_DAYS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def warnings(request: HttpRequest) -> HttpResponse:
    """Warnings proposed from clusters, for the officers of their regions (admins: all)."""
    actor = _desk_actor(request)
    if request.method == "POST" and request.POST.get("action") == "detect":
        n = services.warnings_detect()
        messages.success(request, _("%(n)d new warning(s) proposed.") % {"n": n})
        return redirect("complaints:warnings")
    return render(
        request,
        "complaints/warnings.html",
        {"warnings": selectors.warnings_for(actor=actor)[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def warning(request: HttpRequest, warning_pk: int) -> HttpResponse:
    """One warning with its evidence; confirm, publish or dismiss."""
    actor = _desk_actor(request)
    w = selectors.warning_get(actor=actor, pk=warning_pk)
    may_decide = selectors.may_decide(actor, w)
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise NotFound
        if form.is_valid():
            try:
                services.warning_decide(
                    actor=actor,
                    warning=w,
                    action=form.cleaned_data["action"],
                    summary=form.cleaned_data["summary"],
                )
            except DomainError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("complaints:warning", warning_pk=w.pk)
    return render(
        request,
        "complaints/warning.html",
        {
            "w": w,
            "evidence": selectors.warning_evidence(actor, w),
            "may_decide": may_decide,
            "form": form,
            "Status": WarningStatus,
        },
    )


# --- the enterprise -------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Complaints sent to the user's enterprise."""
    actor = actor_for(request.user)
    if not actor.enterprise_id:
        raise NotFound
    return render(
        request, "complaints/mine.html", {"complaints": selectors.complaints_for(actor=actor)}
    )
