"""Pages of supervision spot-checks: the public results (lists, summary, draw, rules, method) and
the officers' and enterprises' working pages. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_run_spot_checks
from qualitas.core.errors import DomainError
from qualitas.core.exports import export_response
from qualitas.supervision import selectors, services
from qualitas.supervision.choices import CampaignStatus, SampleStatus, Stage, Verdict
from qualitas.supervision.forms import (
    CampaignForm,
    DateForm,
    DrawForm,
    LabForm,
    ObjectionForm,
    PublishForm,
    RectificationForm,
    RefusalForm,
    ResultsForm,
    SamplingForm,
)


def _fail(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


# --- public ---------------------------------------------------------------------------------


def results(request: HttpRequest) -> HttpResponse:
    """Published spot-check campaigns (public)."""
    actor = actor_for(request.user)
    return render(
        request,
        "supervision/results.html",
        {
            "campaigns": selectors.published_campaigns(),
            "officer": may_run_spot_checks(actor),
            "own_samples": bool(actor.enterprise_id),
        },
    )


def result(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """A published campaign: summary, qualified and unqualified lists, refusals, the draw."""
    campaign = selectors.published_get(pk=campaign_pk)
    lists = selectors.published_lists(campaign)
    return render(
        request,
        "supervision/result.html",
        {"c": campaign, "lists": lists, "summary": selectors.campaign_summary(campaign, lists)},
    )


def frame(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """The draw's frame as published (``key,stratum,weight``), for an independent re-draw."""
    campaign = selectors.campaign_get(actor=actor_for(request.user), pk=campaign_pk)
    if not campaign.frame:
        raise Http404
    response = HttpResponse(campaign.frame + "\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.code}-frame.csv"'
    return response


LIST_HEADER = [
    "no",
    "product",
    "enterprise",
    "credit_code",
    "region",
    "brand",
    "model",
    "batch_or_date",
    "laboratory",
    "verdict",
    "failing_items",
]


def export(
    request: HttpRequest, campaign_pk: int, table: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The published lists and the summary as CSV or XLSX."""
    if fmt not in ("csv", "xlsx") or table not in (
        "qualified",
        "unqualified",
        "refused",
        "summary",
    ):
        raise Http404
    campaign = selectors.published_get(pk=campaign_pk)
    lists = selectors.published_lists(campaign)
    if table == "summary":
        summary = selectors.campaign_summary(campaign, lists)
        rows: list[tuple[Any, ...]] = [
            (dim, r["name"], r["enterprises"], r["batches"], r["failed"], r["rate"])
            for dim in ("by_product", "by_province", "by_industry")
            for r in summary[dim]
        ]
        return export_response(
            rows=rows,
            header=["dimension", "name", "enterprises", "batches", "failed", "failure_rate_pct"],
            filename=f"{campaign.code}-summary",
            fmt=fmt,
        )
    samples = getattr(lists, table)
    rows = [
        (
            i,
            s.rule.product,
            s.enterprise.name,
            s.enterprise.credit_code,
            s.enterprise.region.name,
            s.brand,
            s.model_spec,
            s.batch or (s.production_date.isoformat() if s.production_date else ""),
            s.laboratory.name if s.laboratory else "",
            s.get_final_verdict_display() if s.final_verdict else s.get_status_display(),
            "; ".join(s.failing),
        )
        for i, s in enumerate(samples, start=1)
    ]
    return export_response(
        rows=rows, header=LIST_HEADER, filename=f"{campaign.code}-{table}", fmt=fmt
    )


def rules(request: HttpRequest) -> HttpResponse:
    """Implementation rules: products, test items, standards, limits, classes, verdict rules."""
    return render(request, "supervision/rules.html", {"rules": selectors.rules_all()})


def rule(request: HttpRequest, rule_pk: int) -> HttpResponse:
    return render(request, "supervision/rule.html", {"rule": selectors.rule_get(pk=rule_pk)})


def methodology(request: HttpRequest) -> HttpResponse:
    """How enterprises are drawn and samples judged (public)."""
    from qualitas.analytics.selection import METHOD
    from qualitas.supervision.services import SIZE_RISK

    return render(
        request, "supervision/methodology.html", {"method": METHOD, "size_risk": SIZE_RISK}
    )


# --- officers -------------------------------------------------------------------------------


def _officer(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if not may_run_spot_checks(actor):
        raise NotFound
    return actor


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    """The officers' campaigns, every state."""
    actor = _officer(request)
    return render(
        request, "supervision/campaigns.html", {"campaigns": selectors.campaigns_for(actor=actor)}
    )


def _rule_choices() -> list[tuple[str, str]]:
    return [(r.code, f"{r.product} — {r.document}") for r in selectors.rules_all()]


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    actor = _officer(request)
    form = CampaignForm(request.POST or None, rules=_rule_choices())
    if request.method == "POST" and form.is_valid():
        try:
            c = services.campaign_create(actor=actor, **form.service_kwargs())
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Campaign created."))
            return redirect("supervision:campaign", campaign_pk=c.pk)
    return render(request, "supervision/campaign_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def campaign(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """One campaign: its draw, its samples, submission and publication."""
    actor = _officer(request)
    c = selectors.campaign_get(actor=actor, pk=campaign_pk)
    if not selectors.may_work_on(actor, c):
        raise NotFound
    draw_form = DrawForm(request.POST if request.POST.get("action") == "draw" else None)
    publish_form = PublishForm(request.POST if request.POST.get("action") == "publish" else None)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw" and draw_form.is_valid():
                services.campaign_draw(actor=actor, campaign=c, seed=draw_form.cleaned_data["seed"])
                messages.success(request, _("Enterprises drawn."))
                return redirect("supervision:campaign", campaign_pk=c.pk)
            if action == "submit":
                services.campaign_submit(actor=actor, campaign=c)
                messages.success(request, _("Submitted for publication."))
                return redirect("supervision:campaign", campaign_pk=c.pk)
            if action == "publish" and publish_form.is_valid():
                services.campaign_publish(
                    actor=actor, campaign=c, notice_no=publish_form.cleaned_data["notice_no"]
                )
                messages.success(request, _("Results published."))
                return redirect("supervision:result", campaign_pk=c.pk)
        except DomainError as exc:
            error = str(exc)
    samples = selectors.samples_for(actor=actor, campaign=c)
    return render(
        request,
        "supervision/campaign.html",
        {
            "c": c,
            "samples": samples,
            "draw_form": draw_form,
            "publish_form": publish_form,
            "error": error,
            "may_publish": selectors.may_publish(actor, c),
            "statuses": CampaignStatus,
        },
    )


# --- samples (officers and the sampled enterprise) ------------------------------------------


def _labs() -> list[tuple[Any, str]]:
    return [(lab.pk, lab.name) for lab in selectors.laboratories()]


@login_required
def my_samples(request: HttpRequest) -> HttpResponse:
    """An enterprise's own samples: sampling records to confirm, results, objections."""
    actor = actor_for(request.user)
    if not actor.enterprise_id:
        raise NotFound
    return render(
        request, "supervision/my_samples.html", {"samples": selectors.samples_for(actor=actor)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, sample_pk: int) -> HttpResponse:
    """One sample: the record, results by stage, and the step its state allows."""
    actor = actor_for(request.user)
    s = selectors.sample_get(actor=actor, pk=sample_pk)
    officer = selectors.may_work_on(actor, s.campaign)
    own = selectors.is_own_sample(actor, s)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post else ""
    items = list(s.rule.items.all())
    labs = _labs()

    def bound(name: str, cls: Any, **kw: Any) -> Any:
        return cls(
            post if action == name else None, request.FILES if action == name else None, **kw
        )

    f: dict[str, Any] = {
        "record": bound("record", SamplingForm, labs=labs),
        "lab": bound("lab", LabForm, labs=labs),
        "results": bound("results", ResultsForm, items=items),
        "notify": bound("notify", DateForm),
        "final": bound("final", DateForm),
        "reinspection_lab": bound("reinspection_lab", LabForm, labs=labs),
        "rectify": bound("rectify", RectificationForm),
        "refuse": bound("refuse", RefusalForm),
        "objection": bound("objection", ObjectionForm),
    }
    if post and action in f | {"confirm": None}:
        if not (officer or (own and action in ("confirm", "objection"))):
            raise NotFound
        form = f.get(action)
        try:
            if action == "confirm":
                services.sample_confirm(actor=actor, sample=s)
                messages.success(request, _("Sampling record confirmed."))
                return redirect("supervision:sample", sample_pk=s.pk)
            if form is not None and form.is_valid():
                d = form.cleaned_data
                if action == "record":
                    services.sample_record(actor=actor, sample=s, **d)
                elif action == "lab":
                    services.sample_assign_lab(actor=actor, sample=s, laboratory=d["laboratory"])
                elif action == "results":
                    stages: dict[str, str] = {
                        SampleStatus.OBJECTION: Stage.REINSPECTION,
                        SampleStatus.RECTIFICATION: Stage.RECHECK,
                    }
                    stage = stages.get(s.status, Stage.INITIAL)
                    upload = d.get("file")
                    values: Any = (
                        services.results_read_xlsx(upload.read()) if upload else form.values()
                    )
                    services.results_enter(
                        actor=actor, sample=s, values=values, tested_on=d["tested_on"], stage=stage
                    )
                elif action == "notify":
                    services.sample_notify(actor=actor, sample=s, on=d["on"])
                elif action == "final":
                    services.sample_finalise(actor=actor, sample=s, on=d["on"])
                elif action == "reinspection_lab":
                    services.reinspection_assign(actor=actor, sample=s, laboratory=d["laboratory"])
                elif action == "rectify":
                    services.rectification_order(
                        actor=actor, sample=s, deadline=d["rectification_deadline"]
                    )
                elif action == "refuse":
                    services.sample_refuse(
                        actor=actor, sample=s, refused_on=d["refused_on"], note=d["refusal_note"]
                    )
                elif action == "objection":
                    services.objection_file(
                        actor=actor, sample=s, filed_on=d["filed_on"], reason=d["reason"]
                    )
                messages.success(request, _("Saved."))
                return redirect("supervision:sample", sample_pk=s.pk)
        except DomainError as exc:
            if form is None:
                messages.error(request, str(exc))
            else:
                _fail(form, exc)
    return render(
        request,
        "supervision/sample.html",
        {
            "s": s,
            "officer": officer,
            "own": own,
            "f": f,
            "results": selectors.sample_results(s),
            "deadline": services.objection_deadline(s),
            "Status": SampleStatus,
            "Verdict": Verdict,
            "stages": Stage,
        },
    )
