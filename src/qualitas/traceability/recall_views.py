"""Pages of recalls: public notices (list, notice, Atom feed, methodology) and the recall desk."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_supervise_recall,
    may_write_recall_plan,
    own_enterprise_id,
    sees_recall_desk,
)
from qualitas.core.errors import DomainError
from qualitas.core.exports import export_response
from qualitas.traceability import recall_selectors as rs
from qualitas.traceability import services
from qualitas.traceability.choices import RecallSource, RecallStatus
from qualitas.traceability.forms import DefectReportForm, ProgressForm, RecallPlanForm
from qualitas.traceability.identifiers import label as id_label
from qualitas.traceability.models import RecallScopeItem


def _effectiveness_figure(points: list[rs.EffectivenessPoint]) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [p.month for p in points],
                "y": [round(100 * p.rate, 1) if p.rate is not None else None for p in points],
                "name": _("Recall effectiveness"),
            }
        ],
        "layout": {
            "title": {"text": _("Recall effectiveness (units recovered / units affected), %")},
            "yaxis": {"range": [0, 100], "ticksuffix": " %"},
            "height": 320,
            "margin": {"l": 50, "r": 10, "t": 40, "b": 40},
        },
    }


def recall_list(request: HttpRequest) -> HttpResponse:
    """Public recall notices: search, newest first, effectiveness of each and over time."""
    q = request.GET.get("q", "").strip()
    source = request.GET.get("source", "")
    source = source if source in RecallSource.values else ""
    page = Paginator(rs.recalls_public(q=q, source=source), 25).get_page(request.GET.get("page"))
    points = rs.effectiveness_over_time()
    return render(
        request,
        "traceability/recall_list.html",
        {
            "page": page,
            "rows": [(r, rs.effectiveness(r)) for r in page],
            "q": q,
            "source": source,
            "sources": RecallSource.choices,
            "figure": _effectiveness_figure(points) if points else None,
            "overall": points[-1].rate if points else None,
        },
    )


def recall_notice(request: HttpRequest, recall_pk: int) -> HttpResponse:
    """A public recall notice with its progress and effectiveness."""
    recall = rs.recall_public_get(pk=recall_pk)
    return render(
        request,
        "traceability/recall_notice.html",
        {
            "r": recall,
            "rate": rs.effectiveness(recall),
            "filed_with": rs.filed_with(recall),
            "progress": list(recall.progress.select_related("region")),
        },
    )


def recall_feed(request: HttpRequest) -> HttpResponse:
    """The Atom feed of public recall notices (latest 50)."""
    feed = Atom1Feed(
        title=_("Product recall notices"),
        link=request.build_absolute_uri(reverse("traceability:recalls")),
        description=_("Defective-product recalls published on the platform."),
        language=request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "zh-hans",
    )
    for r in rs.recalls_public()[:50]:
        url = request.build_absolute_uri(reverse("traceability:recall", args=[r.pk]))
        feed.add_item(
            title=f"{r.producer_name} · {r.product_name} {r.model_spec}".strip(),
            link=url,
            unique_id=url,
            description=r.defect_description,
            pubdate=r.published_at,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def recall_methodology(request: HttpRequest) -> HttpResponse:
    """How recall effectiveness is measured and published."""
    return render(
        request, "traceability/recall_methodology.html", {"every": rs.PROGRESS_EVERY_DAYS}
    )


# --- the recall desk ---------------------------------------------------------------------


def _desk_actor(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if not sees_recall_desk(actor):
        raise NotFound
    return actor


@login_required
def recall_desk(request: HttpRequest) -> HttpResponse:
    """The recalls an enterprise, an authority officer or an admin works on, with what is overdue."""
    actor = _desk_actor(request)
    rows = list(rs.recalls_managed(actor=actor)[:200])
    return render(
        request,
        "traceability/recall_desk.html",
        {"rows": [(r, rs.effectiveness(r), rs.is_overdue(r)) for r in rows]},
    )


@login_required
def recall_new(request: HttpRequest) -> HttpResponse:
    """A defect report: the producer's own finding, or an authority's (complaint, spot check, accident, investigation)."""
    from qualitas.registry.models import Enterprise

    actor = _desk_actor(request)
    own = own_enterprise_id(actor)
    form = DefectReportForm(request.POST or None, fixed_enterprise=own is not None)
    if request.method == "POST" and form.is_valid():
        ent_id = own or form.cleaned_data.get("enterprise")
        enterprise = Enterprise.objects.filter(pk=ent_id).first() if ent_id else None
        if enterprise is None:
            form.add_error("enterprise", _("No such enterprise."))
        else:
            try:
                recall = services.recall_report(
                    actor=actor,
                    enterprise=enterprise,
                    defect_source=form.cleaned_data["defect_source"],
                    product_name=form.cleaned_data["product_name"],
                    defect_description=form.cleaned_data["defect_description"],
                    lots=form.cleaned_data.get("lots", ""),
                )
            except NotFound:
                form.add_error("enterprise", _("This enterprise is outside your regions."))
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Defect reported."))
                return redirect("traceability:recall_manage", recall_pk=recall.pk)
    return render(request, "traceability/recall_new.html", {"form": form})


@login_required
def recall_manage(request: HttpRequest, recall_pk: int) -> HttpResponse:
    """One recall at the desk: the plan, the scope, the authority's steps, progress."""
    actor = _desk_actor(request)
    recall = rs.recall_managed_get(actor=actor, pk=recall_pk)
    region = recall.enterprise.region_id if recall.enterprise else None
    producer = may_write_recall_plan(actor, recall.enterprise_id)
    supervisor = may_supervise_recall(actor, region)
    plan_form = RecallPlanForm(instance=recall)
    progress_form = ProgressForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "plan":
                plan_form = RecallPlanForm(request.POST, instance=recall)
                if plan_form.is_valid():
                    services.recall_plan(actor=actor, recall=recall, data=plan_form.cleaned_data)
                    messages.success(request, _("Recall plan submitted."))
                    return redirect("traceability:recall_manage", recall_pk=recall.pk)
            elif action == "progress":
                progress_form = ProgressForm(request.POST)
                if progress_form.is_valid():
                    d = progress_form.cleaned_data
                    services.recall_progress_add(
                        actor=actor,
                        recall=recall,
                        report_date=d["report_date"],
                        units_recovered=d["units_recovered"],
                        channel=d["channel"],
                        region_id=d["region"] or None,
                        note=d["note"],
                    )
                    messages.success(request, _("Progress reported."))
                    return redirect("traceability:recall_manage", recall_pk=recall.pk)
            elif action in ("investigate", "scope", "file", "publish", "close"):
                step = {
                    "investigate": services.recall_investigate,
                    "scope": services.recall_scope_compute,
                    "file": services.recall_file,
                    "publish": services.recall_publish,
                    "close": services.recall_close,
                }[action]
                step(actor=actor, recall=recall)
                messages.success(request, _("Done."))
                return redirect("traceability:recall_manage", recall_pk=recall.pk)
        except DomainError as exc:
            target = plan_form if action == "plan" else progress_form
            if exc.field and exc.field in target.fields:
                target.add_error(exc.field, str(exc))
            else:
                messages.error(request, str(exc))
        recall = rs.recall_managed_get(actor=actor, pk=recall_pk)
    scope = list(RecallScopeItem.objects.filter(recall=recall).select_related("party")[:500])
    return render(
        request,
        "traceability/recall_manage.html",
        {
            "r": recall,
            "rate": rs.effectiveness(recall),
            "overdue": rs.is_overdue(recall),
            "producer": producer,
            "supervisor": supervisor,
            "plan_form": plan_form,
            "progress_form": progress_form,
            "scope": [(s, id_label(s.identifier)) for s in scope],
            "progress": list(recall.progress.select_related("region")),
            "S": RecallStatus,
            "editable": recall.status
            in (RecallStatus.REPORTED, RecallStatus.INVESTIGATING, RecallStatus.PLANNED),
        },
    )


@login_required
def recall_scope_export(
    request: HttpRequest, recall_pk: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The recall's scope as XLSX or CSV: identifier, reading, depth, step, quantity, party."""
    actor = _desk_actor(request)
    recall = rs.recall_managed_get(actor=actor, pk=recall_pk)
    if fmt not in ("xlsx", "csv"):
        raise NotFound
    rows = (
        (
            s.identifier,
            id_label(s.identifier),
            s.depth,
            s.kind,
            s.quantity,
            s.uom,
            str(s.party) if s.party else "",
            s.party.region_id if s.party else "",
        )
        for s in RecallScopeItem.objects.filter(recall=recall).select_related("party")
    )
    return export_response(
        rows=rows,
        header=[
            _("Identifier"),
            _("Reading"),
            _("Depth"),
            _("Step"),
            _("Quantity"),
            _("Unit"),
            _("Party"),
            _("Region"),
        ],
        filename=f"recall-scope-{recall.recall_no or recall.pk}",
        fmt=fmt,
    )
