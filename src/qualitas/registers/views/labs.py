"""Pages of the laboratory register: the public register (search by name, standard, method),
a laboratory, and the officers' desk (entries of their regions, edit, assess, publish)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_keep_region_entry, may_keep_registers
from qualitas.core.errors import DomainError
from qualitas.registers import selectors, services
from qualitas.registers.choices import EntryStatus
from qualitas.registers.forms import AssessmentForm, LaboratoryForm
from qualitas.registers.views.base import fail, keeper


def public_list(request: HttpRequest) -> HttpResponse:
    """The public laboratory register, searchable by name, standard and test method."""
    q = request.GET.get("q", "").strip()
    actor = actor_for(request.user)
    return render(
        request,
        "registers/laboratories.html",
        {
            "labs": selectors.published_laboratories(q=q)[:200],
            "q": q,
            "keeper": may_keep_registers(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, lab_pk: int) -> HttpResponse:
    """A laboratory: accreditations, test items, assessments; officers record assessments and publish."""
    actor = actor_for(request.user)
    lab = selectors.laboratory_get(actor=actor, pk=lab_pk)
    keeps = may_keep_region_entry(actor, lab.region_id)
    form = AssessmentForm(request.POST if request.POST.get("action") == "assess" else None)
    if request.method == "POST" and keeps:
        try:
            if request.POST.get("action") == "publish":
                services.laboratory_publish(actor=actor, lab=lab)
                messages.success(request, _("Published."))
                return redirect("registers:laboratory", lab_pk=lab.pk)
            if request.POST.get("action") == "assess" and form.is_valid():
                services.lab_assessment_record(actor=actor, lab=lab, **form.cleaned_data)
                messages.success(request, _("Assessment recorded."))
                return redirect("registers:laboratory", lab_pk=lab.pk)
        except DomainError as exc:
            fail(form, exc)
    return render(
        request,
        "registers/laboratory.html",
        {"lab": lab, "keeps": keeps, "form": form, "draft": lab.status != EntryStatus.PUBLISHED},
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The officers' laboratories: every state, their regions."""
    actor = keeper(request)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "registers/lab_desk.html",
        {"labs": selectors.laboratories_for(actor=actor, q=q)[:500], "q": q},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, lab_pk: int | None = None) -> HttpResponse:
    """Create or change a laboratory with its test items."""
    actor = keeper(request)
    lab = selectors.laboratory_get(actor=actor, pk=lab_pk) if lab_pk else None
    initial = {}
    if lab is not None:
        if not may_keep_region_entry(actor, lab.region_id):
            raise NotFound
        initial = {
            f: getattr(lab, f)
            for f in (
                "code",
                "name_zh",
                "name_en",
                "specialties",
                "address",
                "cma_no",
                "cma_valid_until",
                "cnas_no",
                "cnas_valid_until",
                "reassessment_due",
            )
        }
        initial["region"] = lab.region_id
        initial["items"] = "\n".join(
            " | ".join([i.name_zh, i.standard, i.method, i.name_en]).rstrip(" |")
            for i in lab.items.all()
        )
    form = LaboratoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = services.parse_test_items(data.pop("items"))
        try:
            lab = services.laboratory_save(actor=actor, data=data, items=items, lab=lab)
        except DomainError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Laboratory saved."))
            return redirect("registers:laboratory", lab_pk=lab.pk)
    return render(request, "registers/lab_edit.html", {"form": form, "lab": lab})
