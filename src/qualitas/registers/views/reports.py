"""Pages of annual plans and work summaries: the public summaries and plans, a summary (figures
with their sources, chart, narrative; XLSX/CSV export, printable), and the officers' report desk
(compile, edit, publish)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from qualitas.core.access import actor_for, may_keep_region_entry, may_keep_registers
from qualitas.core.errors import DomainError
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.core.pdf import pdf_download, pdf_language
from qualitas.registers import selectors, services
from qualitas.registers.choices import EntryStatus
from qualitas.registers.forms import CompileForm, NarrativeForm, PlanForm
from qualitas.registers.views.base import fail, keeper

EXPORT_COLUMNS = [
    Column("section", pgettext_lazy("report", "Section")),
    Column("key", gettext_lazy("Figure key")),
    Column("figure", gettext_lazy("Figure")),
    Column("value", gettext_lazy("Value")),
    Column("unit", gettext_lazy("Unit")),
    Column("target", gettext_lazy("Target")),
    Column("source", gettext_lazy("Source (query)")),
]


def summaries(request: HttpRequest) -> HttpResponse:
    """Published work summaries and plans (public); officers reach their desk from here."""
    actor = actor_for(request.user)
    return render(
        request,
        "registers/summaries.html",
        {
            "summaries": selectors.published_summaries(),
            "plans": selectors.plans_for(actor=actor).filter(status=EntryStatus.PUBLISHED),
            "keeper": may_keep_registers(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, summary_pk: int) -> HttpResponse:
    """A work summary: figures by section with their sources, a chart, the narrative."""
    actor = actor_for(request.user)
    s = selectors.summary_get(actor=actor, pk=summary_pk)
    keeps = may_keep_region_entry(actor, s.region_id)
    form = NarrativeForm(
        request.POST if request.method == "POST" else None, initial={"narrative": s.narrative}
    )
    if request.method == "POST" and keeps:
        action = request.POST.get("action")
        try:
            if action == "save" and form.is_valid():
                services.summary_edit(
                    actor=actor, summary=s, narrative=form.cleaned_data["narrative"]
                )
                messages.success(request, _("Narrative saved."))
            elif action == "compile":
                services.summary_compile(actor=actor, region=s.region_id, year=s.year)
                messages.success(request, _("Figures compiled again."))
            elif action == "publish":
                services.summary_publish(actor=actor, summary=s)
                messages.success(request, _("Published."))
            return redirect("registers:summary", summary_pk=s.pk)
        except DomainError as exc:
            fail(form, exc)
    return render(
        request,
        "registers/summary.html",
        {
            "s": s,
            "sections": selectors.summary_rows(s),
            "chart": selectors.summary_chart(s),
            "keeps": keeps and s.status != EntryStatus.PUBLISHED,
            "form": form,
        },
    )


def summary_export(
    request: HttpRequest, summary_pk: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The summary's figures with their sources as XLSX or CSV (headers in the reader's language)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    s = selectors.summary_get(actor=actor_for(request.user), pk=summary_pk)
    return export_response(
        rows=selectors.summary_export_rows(s),
        columns=EXPORT_COLUMNS,
        keys=wants_keys(request),
        filename=f"work-summary-{s.region_id}-{s.year}",
        fmt=fmt,
    )


def summary_pdf(request: HttpRequest, summary_pk: int) -> HttpResponse:
    """The summary printed to PDF (``core.pdf``) in ``?lang=`` (zh-hans or en), chart drawn."""
    s = selectors.summary_get(actor=actor_for(request.user), pk=summary_pk)
    lang = pdf_language(request)
    with translation.override(lang):
        ctx = {
            "s": s,
            "sections": selectors.summary_rows(s),
            "chart": selectors.summary_chart(s),
        }
    return pdf_download(
        request,
        "registers/summary_print.html",
        ctx,
        lang=lang,
        filename=f"work-summary-{s.region_id}-{s.year}",
        back=reverse("registers:summary", kwargs={"summary_pk": s.pk}),
        charts=bool(ctx["chart"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """The officers' report desk: plans and summaries of their regions; compile a summary."""
    actor = keeper(request)
    year = timezone.localdate().year
    form = CompileForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            s = services.summary_compile(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Figures compiled."))
            return redirect("registers:summary", summary_pk=s.pk)
    return render(
        request,
        "registers/report_desk.html",
        {
            "form": form,
            "plans": selectors.plans_for(actor=actor),
            "summaries": selectors.summaries_for(actor=actor),
        },
    )


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, plan_pk: int | None = None) -> HttpResponse:
    """An annual plan (public once published); officers create, change and publish it."""
    actor = actor_for(request.user)
    p = selectors.plan_get(actor=actor, pk=plan_pk) if plan_pk else None
    if p is None:
        keeper(request)
    keeps = may_keep_registers(actor) and (p is None or may_keep_region_entry(actor, p.region_id))
    initial: dict[str, object] = {"year": timezone.localdate().year + 1}
    if p is not None:
        initial = {
            "region": p.region_id,
            "year": p.year,
            "title": p.title,
            "body": p.body,
            "targets": "\n".join(f"{t.key} = {t.target.normalize()}" for t in p.targets.all()),
        }
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and keeps:
        try:
            if request.POST.get("action") == "publish" and p is not None:
                services.plan_publish(actor=actor, plan=p)
                messages.success(request, _("Published."))
                return redirect("registers:plan", plan_pk=p.pk)
            if form.is_valid():
                data = dict(form.cleaned_data)
                data["targets"] = services.parse_targets(data["targets"])
                p = services.plan_save(actor=actor, **data)
                messages.success(request, _("Plan saved."))
                return redirect("registers:plan", plan_pk=p.pk)
        except DomainError as exc:
            fail(form, exc)
    return render(
        request,
        "registers/plan.html",
        {
            "p": p,
            "form": form,
            "keeps": keeps,
            "draft": p is None or p.status != EntryStatus.PUBLISHED,
        },
    )


plan_new = login_required(plan)
