"""Authority pages: campaigns, the dashboard, regional targets and gating records."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import (
    Forbidden,
    NotFound,
    actor_for,
    aggregate_min_group,
    may_run_campaigns,
    may_see_campaigns,
)
from qualitas.core.http import HtmxHttpRequest
from qualitas.evaluation import charts, selectors, services
from qualitas.evaluation.choices import (
    AssignmentStatus,
)
from qualitas.evaluation.forms import (
    CampaignForm,
    GateRecordForm,
    TargetForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.evaluation.views._shared import _authority, _region
from qualitas.registry import selectors as registry_selectors


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not may_see_campaigns(actor):
        raise NotFound
    shown = list(selectors.campaigns_for(actor=actor)[:50])
    progress = selectors.campaigns_progress(shown)
    rows = [(c, progress[c.pk]) for c in shown]
    return render(
        request,
        "evaluation/campaigns.html",
        {"rows": rows, "can_create": may_run_campaigns(actor)},
    )


@login_required
@vary_on_headers("HX-Request")
def campaign_new(request: HtmxHttpRequest) -> HttpResponse:
    """Choose enterprises (filters or a list of credit codes), institutions and a deadline; htmx previews the count."""
    actor = _authority(request)
    regions = selectors.regions_for(actor=actor)
    form = CampaignForm(request.POST or None, request.FILES or None, regions=regions)
    preview = None
    if request.method == "POST":
        valid = form.is_valid()
        d = form.cleaned_data
        if "region" in d and "limit" in d:
            qs = selectors.campaign_candidates(
                actor=actor,
                region=d["region"],
                industry=d.get("industry") or "",
                self_level=d.get("self_level"),
                credit_codes=form.codes(),
            )
            ids = list(qs.values_list("pk", flat=True)[: d["limit"]])
            preview = {"n": len(ids), "available": qs.count()}
        if request.htmx:
            return render(
                request, "evaluation/campaign_new.html#preview", {"form": form, "preview": preview}
            )
        if valid and preview is not None:
            try:
                c = services.campaign_create(
                    actor=actor,
                    name=d["name"],
                    region=_region(d["region"]),
                    deadline=d["deadline"],
                    enterprise_ids=ids,
                    institution_ids=[int(i) for i in d.get("institutions") or []],
                    criteria={
                        "region": d["region"],
                        "industry": d.get("industry") or "",
                        "self_level": d.get("self_level"),
                        "codes": bool(form.codes()),
                        "limit": d["limit"],
                    },
                )
            except EvaluationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(
                    request, _("Campaign created with %(n)d enterprises.") % {"n": len(ids)}
                )
                return redirect("evaluation:campaign", c.pk)
    if request.method == "GET" and regions:  # the form offers these regions, the first preselected
        qs = selectors.campaign_candidates(actor=actor, region=regions[0].code)
        preview = {"n": min(qs.count(), 1000), "available": qs.count()}
    return render(request, "evaluation/campaign_new.html", {"form": form, "preview": preview})


@login_required
def campaign_detail(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    c = selectors.campaign_get(actor=actor, pk=campaign_pk)
    qs = selectors.assignments_for(actor=actor).filter(campaign=c)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("pk"), settings.QUALITAS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evaluation/campaign.html",
        {
            "c": c,
            "progress": selectors.campaign_progress(c),
            "page": page,
            "status": status,
            "statuses": AssignmentStatus.choices,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Level distribution by region and industry, 2027 targets, campaign progress, institution consistency."""
    actor = _authority(request)
    by = request.GET.get("by", "province")
    if by not in ("province", "prefecture", "industry"):
        by = "province"
    dist = selectors.level_distribution(actor=actor, by=by)
    targets = selectors.targets_progress(actor=actor)
    shown = list(selectors.campaigns_for(actor=actor)[:10])
    progress = selectors.campaigns_progress(shown)
    camps = [(c, progress[c.pk]) for c in shown]
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "by": by,
            "dist": dist,
            "targets": targets,
            "campaigns": camps,
            "counts": selectors.dashboard_counts(actor=actor),
            "consistency": selectors.consistency_by_institution(actor=actor),
            "min_group": aggregate_min_group(actor),
            "dist_chart": charts.distribution_bar(
                rows=dist["rows"], title=_("Enterprises per official level")
            ),
            "target_form": TargetForm(regions=selectors.regions_for(actor=actor)),
        },
    )


@login_required
@require_POST
def target_set(request: HttpRequest) -> HttpResponse:
    actor = _authority(request)
    form = TargetForm(request.POST, regions=selectors.regions_for(actor=actor))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.regional_target_set(
                actor=actor,
                region=_region(d["region"]),
                level=d["level"],
                target=d["target"],
            )
            messages.success(request, _("Target saved."))
        except EvaluationError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("evaluation:dashboard") + "#targets")


@login_required
def gates(request: HttpRequest) -> HttpResponse:
    """Authority officers record serious incidents, penalties and listings (gating) for enterprises in their regions."""
    actor = _authority(request)
    form = GateRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        e = registry_selectors.enterprise_by_credit_code(credit_code=d["credit_code"])
        if e is None:
            form.add_error("credit_code", _("No registered enterprise has this credit code."))
        else:
            try:
                services.gate_record_create(
                    actor=actor,
                    enterprise=e,
                    kind=d["kind"],
                    occurred_on=d["occurred_on"],
                    reference=d["reference"],
                    description=d.get("description") or "",
                )
            except EvaluationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            except Forbidden:
                form.add_error("credit_code", _("This enterprise lies outside your regions."))
            else:
                messages.success(
                    request, _("Record saved: it caps levels from the next scoring on.")
                )
                return redirect("evaluation:gates")
    rows = selectors.gate_records_for(actor=actor)
    return render(request, "evaluation/gates.html", {"form": form, "rows": rows[:200]})


@login_required
def results_import(request: HttpRequest) -> HttpResponse:
    """Authority officers import results of evaluations done elsewhere from an XLSX sheet; the
    report names each rejected row, and nothing is written unless every row is valid."""
    actor = _authority(request)
    report = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise EvaluationError(_("choose an XLSX file"), field="file")
            report = services.results_import(actor=actor, content=upload.read())
        except EvaluationError as exc:
            error = str(exc)
        else:
            if report.ok and report.created:
                messages.success(request, _("%(n)d results imported.") % {"n": report.created})
                return redirect("evaluation:results")
    return render(
        request,
        "evaluation/results_import.html",
        {"report": report, "error": error, "columns": services.RESULT_IMPORT_COLUMNS},
        status=422 if error or (report is not None and not report.ok) else 200,
    )
