"""Pages of integrity and quality credit: the public penalty notices and lists, the officers'
credit desk. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_publish_credit_record,
    sees_credit_desk,
)
from qualitas.core.errors import DomainError
from qualitas.credit import selectors, services
from qualitas.credit.choices import RecordStatus
from qualitas.credit.forms import RecordForm


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
        request, "credit/desk.html", {"records": selectors.records_for(actor=actor)[:200]}
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
        },
    )
