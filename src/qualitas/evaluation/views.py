"""Capability evaluation pages. Thin: check the form, call a selector or service, render.

htmx: one URL, one template; fragments are ``{% partialdef %}`` blocks of the same template.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    actor_for,
    evaluation_home,
    may_appeal_result,
    may_assign_team,
    may_consolidate,
    may_declare_interest,
    may_lead_chain,
    may_publish_results,
    may_review_results,
    may_run_campaigns,
    may_score,
    may_see_assignments,
    may_see_campaigns,
    may_take_self_assessment,
)
from qualitas.core.http import HtmxHttpRequest
from qualitas.evaluation import charts, selectors, services
from qualitas.evaluation.choices import (
    Answer,
    AssessmentStatus,
    AssignmentStatus,
    EvaluationStatus,
    ResultStatus,
)
from qualitas.evaluation.evidence import platform_evidence
from qualitas.evaluation.forms import (
    CampaignForm,
    COIForm,
    EvidenceForm,
    GateRecordForm,
    InviteForm,
    TargetForm,
    TeamForm,
    TextForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.registry import selectors as registry_selectors
from qualitas.registry.models import Enterprise, Region


def _min_group() -> int:
    return int(settings.QUALITAS["MIN_GROUP_SIZE"])


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its starting page."""
    target = evaluation_home(actor_for(request.user))
    if target is None:
        raise NotFound
    return redirect(target)


def frameworks(request: HttpRequest) -> HttpResponse:
    """The framework versions (public: the criteria are no secret)."""
    return render(
        request, "evaluation/frameworks.html", {"frameworks": selectors.frameworks_list()}
    )


def framework_detail(request: HttpRequest, framework_pk: int) -> HttpResponse:
    fw = selectors.framework_get(pk=framework_pk)
    return render(
        request,
        "evaluation/framework.html",
        {
            "fw": fw,
            "tree": selectors.framework_tree(fw),
            "levels": (fw.spec or {}).get("levels", []),
            "gating": (fw.spec or {}).get("gating", []),
        },
    )


def framework_export(request: HttpRequest, framework_pk: int, framework_fmt: str) -> HttpResponse:
    """Download a framework version as JSON or XLSX."""
    import json

    from qualitas.evaluation.framework_io import document_to_xlsx

    fw = selectors.framework_get(pk=framework_pk)
    doc = services.framework_document(fw)
    name = f"framework-{fw.code}-{fw.version}"
    if framework_fmt == "json":
        resp = HttpResponse(
            json.dumps(doc, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    elif framework_fmt == "xlsx":
        resp = HttpResponse(
            document_to_xlsx(doc),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="{name}.{framework_fmt}"'
    return resp


# --------------------------------------------------------------------------------------------
# Self-assessment
# --------------------------------------------------------------------------------------------


@login_required
def self_home(request: HttpRequest) -> HttpResponse:
    """An enterprise's self-assessments, official results and chain invitations."""
    actor = actor_for(request.user)
    if not may_take_self_assessment(actor):
        raise NotFound
    return render(
        request,
        "evaluation/self_home.html",
        {
            "assessments": selectors.assessments_for(actor=actor),
            "results": selectors.results_for(actor=actor).order_by("-published_at"),
            "invitations": selectors.invitations_received(actor=actor),
        },
    )


@login_required
@require_POST
def self_start(request: HttpRequest) -> HttpResponse:
    try:
        a = services.assessment_start(actor=actor_for(request.user))
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:self")
    return redirect("evaluation:questionnaire", a.pk)


@login_required
@vary_on_headers("HX-Request")
def questionnaire(request: HtmxHttpRequest, assessment_pk: int) -> HttpResponse:
    """The questionnaire by dimension (tabs) and indicator; every answer autosaves through htmx."""
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    if a.status != AssessmentStatus.DRAFT:
        return redirect("evaluation:report", a.pk)
    tree = selectors.framework_tree(a.framework)
    answers = selectors.assessment_answers(a)
    codes = [n.dimension.code for n in tree]
    dim = request.GET.get("dim") or (codes[0] if codes else "")
    node = next((n for n in tree if n.dimension.code == dim), tree[0] if tree else None)
    evidence: dict[int, list[Any]] = {}
    for ev in a.evidence.all():
        evidence.setdefault(ev.requirement_id, []).append(ev)
    ctx = {
        "a": a,
        "tree": tree,
        "node": node,
        "answers": answers,
        "evidence": evidence,
        "progress": selectors.assessment_progress(a, tree, answers),
        "choices": Answer.choices,
        "answered": len(answers),
        "total": sum(n.requirement_count for n in tree),
        "evidence_form": EvidenceForm(),
        "all": request.GET.get("dim") == "all",
        "offers": platform_evidence(a.enterprise_id),
    }
    if ctx["all"]:
        ctx["nodes"] = tree
    else:
        ctx["nodes"] = [node] if node else []
    template = (
        "evaluation/questionnaire.html#dimension"
        if request.htmx
        else "evaluation/questionnaire.html"
    )
    return render(request, template, ctx)


@login_required
@require_POST
def answer(request: HttpRequest, assessment_pk: int, req_pk: int) -> HttpResponse:
    """Autosave one answer; returns the saved mark and, out of band, the progress bars."""
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    error = ""
    try:
        services.answer_save(
            actor=actor,
            assessment=a,
            requirement_id=req_pk,
            value=request.POST.get(f"v{req_pk}", request.POST.get("value", "")),
            note=request.POST.get(f"note{req_pk}"),
        )
    except EvaluationError as exc:
        error = str(exc)
    tree = selectors.framework_tree(a.framework)
    answers = selectors.assessment_answers(a)
    return render(
        request,
        "evaluation/questionnaire.html#saved",
        {
            "a": a,
            "rid": req_pk,
            "error": error,
            "progress": selectors.assessment_progress(a, tree, answers),
            "answered": len(answers),
            "total": sum(n.requirement_count for n in tree),
            "oob": True,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, assessment_pk: int, req_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    form = EvidenceForm(request.POST, request.FILES)
    error = ""
    if request.POST.get("kind") == "platform":
        # platform data: the text is computed here, never taken from the client
        code = selectors.requirement_code(framework_id=a.framework_id, pk=req_pk)
        offer = next(
            (
                o
                for o in platform_evidence(a.enterprise_id).get(code or "", [])
                if o["key"] == request.POST.get("key")
            ),
            None,
        )
        if offer is None:
            error = _("This platform data is no longer available.")
        elif a.evidence.filter(requirement_id=req_pk, kind="platform", note=offer["text"]).exists():
            pass  # attached already: once is enough
        else:
            try:
                services.evidence_add(
                    actor=actor,
                    assessment=a,
                    requirement_id=req_pk,
                    kind="platform",
                    note=offer["text"],
                    source=offer["source"],
                )
            except EvaluationError as exc:
                error = str(exc)
    elif form.is_valid():
        d = form.cleaned_data
        try:
            services.evidence_add(
                actor=actor,
                assessment=a,
                requirement_id=req_pk,
                kind=d["kind"],
                url=d.get("url") or "",
                note=d.get("note") or "",
                file=d.get("file"),
            )
        except EvaluationError as exc:
            error = str(exc)
    else:
        error = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    items = list(a.evidence.filter(requirement_id=req_pk))
    return render(
        request,
        "evaluation/questionnaire.html#evidence",
        {"a": a, "rid": req_pk, "items": items, "error": error, "evidence_form": EvidenceForm()},
    )


@login_required
@require_POST
def self_submit(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    try:
        services.assessment_submit(actor=actor, assessment=a)
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:questionnaire", a.pk)
    return redirect("evaluation:report", a.pk)


def _report_context(
    *, framework: Any, result: dict[str, Any], enterprise: Enterprise | None, peers: bool
) -> dict[str, Any]:
    labels = selectors.requirement_labels(framework)
    tree = selectors.framework_tree(framework)
    dims = [(n.dimension.code, n.dimension.name) for n in tree]
    dim_scores = result.get("dimension_scores", {})
    gaps = []
    for code, level, score, impact in result.get("gaps", []):
        info = labels.get(code, {})
        gaps.append({"code": code, "level": level, "score": score, "impact": impact, **info})
    ctx: dict[str, Any] = {
        "res": result,
        "tree": tree,
        "gaps": gaps,
        "threshold": float(framework.threshold),
        "radar": charts.radar(
            labels=[name for _, name in dims],
            series={_("Score"): [dim_scores.get(c) for c, _ in dims]},
        ),
        "bars": charts.level_scores_bar(
            level_scores=result.get("level_scores", {}), threshold=float(framework.threshold)
        ),
        "next_level": result["uncapped_level"] + 1 if result.get("uncapped_level", 0) < 5 else None,
        "gate_labels": {g["kind"]: g for g in (framework.spec or {}).get("gating", [])},
    }
    if peers and enterprise is not None:
        pos = selectors.peers_for(enterprise=enterprise, score=float(result["score"]))
        ctx["peers"] = pos
        ctx["peer_charts"] = {
            k: charts.peer_histogram(
                level_counts=p.level_counts, own_level=int(result["level"]), title=title
            )
            for k, p, title in (
                ("industry", pos["industry"], _("Peers in the same industry")),
                ("region", pos["region"], _("Peers in the same province")),
            )
            if not p.withheld
        }
    return ctx


@login_required
def report(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The result of a submitted self-assessment: provisional level, scores, radar, gaps, peers."""
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    if a.status != AssessmentStatus.SUBMITTED:
        return redirect("evaluation:questionnaire", a.pk)
    ctx = _report_context(
        framework=a.framework, result=a.result, enterprise=a.enterprise, peers=True
    )
    ctx.update({"a": a, "min_group": _min_group()})
    return render(request, "evaluation/report.html", ctx)


def _static_text(name: str) -> str:
    from django.contrib.staticfiles import finders

    found = finders.find(name)
    if not found or isinstance(found, list):
        raise RuntimeError(f"static file {name} not found")
    with open(found, encoding="utf-8") as fh:
        return fh.read()


def _pdf_lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang") or translation.get_language() or "zh-hans"
    return "en" if lang.startswith("en") else "zh-hans"


def _report_pdf_response(
    request: HttpRequest, *, ctx: dict[str, Any], filename: str, back: str
) -> HttpResponse:
    """Render the self-contained print page of a report and print it with Chromium (charts drawn)."""
    from qualitas.evaluation.pdf import report_pdf_bytes

    lang = _pdf_lang(request)
    with translation.override(lang):
        ctx = {
            **ctx,
            "lang": lang,
            "print": True,
            "css": _static_text("core/qualitas.css") + _static_text("evaluation/evaluation.css"),
            "plotly_js": _static_text("core/plotly.min.js"),
            "charts_js": _static_text("core/charts.js"),
        }
        html = render_to_string("evaluation/report_print.html", ctx, request=request)
    try:
        data = report_pdf_bytes(html=html, lang=lang)
    except RuntimeError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{filename}-{lang}.pdf"'
    return resp


@login_required
def report_pdf(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The self-assessment report as PDF (Chinese or English by ``?lang=``), charts included."""
    actor = actor_for(request.user)
    a = selectors.assessment_get(actor=actor, pk=assessment_pk)
    if a.status != AssessmentStatus.SUBMITTED:
        raise NotFound
    lang = _pdf_lang(request)
    with translation.override(lang):
        ctx = _report_context(
            framework=a.framework, result=a.result, enterprise=a.enterprise, peers=True
        )
        ctx.update(
            {
                "a": a,
                "framework": a.framework,
                "enterprise": a.enterprise,
                "min_group": _min_group(),
                "title": _("Self-assessment result"),
            }
        )
    return _report_pdf_response(
        request,
        ctx=ctx,
        filename=f"self-assessment-{a.enterprise.credit_code}-{a.pk}",
        back=reverse("evaluation:report", args=[a.pk]),
    )


# --------------------------------------------------------------------------------------------
# Campaigns (authorities)
# --------------------------------------------------------------------------------------------


def _authority(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    if not may_run_campaigns(actor):
        raise NotFound
    return actor


def _region(code: str) -> Region:
    """A region of the code list (chosen in a form), else NotFound."""
    region = registry_selectors.region_by_code(code=code)
    if region is None:
        raise NotFound
    return region


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not may_see_campaigns(actor):
        raise NotFound
    rows = [(c, selectors.campaign_progress(c)) for c in selectors.campaigns_for(actor=actor)[:50]]
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


# --------------------------------------------------------------------------------------------
# Assignments, team, on-site scoring
# --------------------------------------------------------------------------------------------


@login_required
def assignments(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not may_see_assignments(actor):
        raise NotFound
    qs = selectors.assignments_for(actor=actor)
    staff = may_consolidate(actor, actor.institution_id)
    if request.method == "POST" and staff and request.POST.get("action") == "consolidate_all":
        # every submitted evaluation of the institution at once (first versions only: re-evaluations need a note)
        ready = list(qs.filter(status=AssignmentStatus.SUBMITTED, results__isnull=True))
        try:
            done = services.evaluations_consolidate(actor=actor, assignments=ready)
        except EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(n)d evaluations consolidated into draft results.") % {"n": len(done)}
            )
        return redirect(reverse("evaluation:assignments") + "?status=consolidated")
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("deadline", "pk"), settings.QUALITAS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    ready_n = (
        selectors.assignments_for(actor=actor)
        .filter(status=AssignmentStatus.SUBMITTED, results__isnull=True)
        .count()
        if staff
        else 0
    )
    return render(
        request,
        "evaluation/assignments.html",
        {
            "page": page,
            "status": status,
            "statuses": AssignmentStatus.choices,
            "is_evaluator": may_score(actor),
            "may_declare": may_declare_interest(actor),
            "ready_n": ready_n,
        },
    )


@login_required
def assignment_detail(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """One enterprise of a campaign: team (manager assigns, with the COI check), scoring link, consolidation."""
    actor = actor_for(request.user)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    evaluators = selectors.evaluators_of_institution(institution_id=a.institution_id)
    form = TeamForm(
        request.POST or None,
        evaluators=evaluators,
        initial={"lead": str(a.lead_id or ""), "members": [str(u.pk) for u in a.evaluators.all()]},
    )
    if request.method == "POST" and request.POST.get("action") == "team" and form.is_valid():
        by_id = {str(u.pk): u for u in evaluators}
        try:
            services.assignment_assign_evaluators(
                actor=actor,
                assignment=a,
                lead=by_id[form.cleaned_data["lead"]],
                evaluators=[by_id[i] for i in form.cleaned_data["members"]],
            )
        except EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Evaluators assigned."))
            return redirect("evaluation:assignment", a.pk)
    if request.method == "POST" and request.POST.get("action") == "consolidate":
        try:
            results = services.evaluations_consolidate(
                actor=actor, assignments=[a], revision_note=request.POST.get("revision_note", "")
            )
        except EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("evaluation:result", results[0].pk)
    return render(
        request,
        "evaluation/assignment.html",
        {
            "a": a,
            "form": form,
            "team": list(a.evaluators.all()),
            "results": list(a.results.order_by("version")),
            "can_assign": may_assign_team(actor, a.institution_id)
            and a.status in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED),
            "can_consolidate": may_consolidate(actor, a.institution_id)
            and a.status == AssignmentStatus.SUBMITTED,
            "on_team": may_score(actor),
        },
    )


@login_required
@vary_on_headers("HX-Request")
def score_form(request: HtmxHttpRequest, assignment_pk: int) -> HttpResponse:
    """The evaluator's scoring form (large touch targets), with the self-assessment answer beside each requirement."""
    actor = actor_for(request.user)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    ev = services.evaluation_for(actor=actor, assignment=a)
    tree = selectors.framework_tree(ev.framework)
    own = selectors.self_assessment_for_evaluation(a)
    rows = selectors.evaluation_rows(evaluation=ev, assessment=own)
    codes = [n.dimension.code for n in tree]
    dim = request.GET.get("dim") or (codes[0] if codes else "")
    node = next((n for n in tree if n.dimension.code == dim), tree[0] if tree else None)
    if request.method == "POST" and request.POST.get("action") == "submit":
        try:
            services.evaluation_submit(
                actor=actor, evaluation=ev, summary=request.POST.get("summary", "")
            )
        except (EvaluationError, Forbidden) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Scores submitted."))
            return redirect("evaluation:assignment", a.pk)
    scored = sum(1 for r in rows.values() if r["score"])
    total = sum(n.requirement_count for n in tree)
    ctx = {
        "a": a,
        "ev": ev,
        "tree": tree,
        "node": node,
        "rows": rows,
        "own": own,
        "choices": Answer.choices,
        "scored": scored,
        "total": total,
        "editable": ev.status == EvaluationStatus.DRAFT,
        "is_lead": a.lead_id == request.user.pk,
        "large": sum(1 for r in rows.values() if r["large"]),
    }
    template = "evaluation/score.html#dimension" if request.htmx else "evaluation/score.html"
    return render(request, template, ctx)


@login_required
@require_POST
def score_save(request: HttpRequest, assignment_pk: int, req_pk: int) -> HttpResponse:
    """Autosave one on-site score and finding; returns the row with the difference mark."""
    actor = actor_for(request.user)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    ev = services.evaluation_for(actor=actor, assignment=a)
    error = ""
    try:
        services.score_save(
            actor=actor,
            evaluation=ev,
            requirement_id=req_pk,
            value=request.POST.get(f"v{req_pk}", ""),
            finding=request.POST.get(f"f{req_pk}"),
        )
    except EvaluationError as exc:
        error = str(exc)
    own = selectors.self_assessment_for_evaluation(a)
    row = selectors.evaluation_rows(evaluation=ev, assessment=own).get(req_pk, {})
    return render(
        request,
        "evaluation/score.html#mark",
        {"rid": req_pk, "row": row, "error": error},
        status=422 if error else 200,
    )


@login_required
def coi(request: HttpRequest) -> HttpResponse:
    """An evaluator's dated conflict-of-interest declarations."""
    actor = actor_for(request.user)
    if not may_declare_interest(actor):
        raise NotFound
    form = COIForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        e = registry_selectors.enterprise_by_credit_code(credit_code=d["credit_code"])
        if e is None:
            form.add_error("credit_code", _("No registered enterprise has this credit code."))
        else:
            try:
                services.coi_declare(
                    actor=actor,
                    enterprise=e,
                    kind=d["kind"],
                    started_on=d["started_on"],
                    ended_on=d.get("ended_on"),
                )
            except EvaluationError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("evaluation:coi")
    return render(
        request,
        "evaluation/coi.html",
        {
            "form": form,
            "rows": selectors.coi_declarations_for(actor=actor),
            "quals": selectors.qualifications_for(actor=actor),
            "years": settings.QUALITAS.get("COI_COOLING_OFF_YEARS", 3),
        },
    )


# --------------------------------------------------------------------------------------------
# Results, certificates, appeals
# --------------------------------------------------------------------------------------------


@login_required
def results(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    qs = selectors.results_for(actor=actor)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created_at"), settings.QUALITAS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evaluation/results.html",
        {
            "page": page,
            "status": status,
            "statuses": ResultStatus.choices,
            "can_bulk": may_publish_results(actor, actor.institution_id),
            "can_bulk_approve": may_review_results(actor, actor.institution_id),
            "back": request.get_full_path(),
        },
    )


def _names(rows: list[Any]) -> str:
    return "; ".join(f"{r.enterprise.name} v{r.version}" for r in rows)


@login_required
@require_POST
def results_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or publish the checked results, one by one through the same services; a refusal
    names the result and the others go on (not all-or-nothing)."""
    actor = actor_for(request.user)
    back = request.POST.get("next", "")
    if not back.startswith("/evaluation/results/"):
        back = reverse("evaluation:results")
    action = request.POST.get("action", "")
    rows = selectors.results_by_pks(actor=actor, pks=request.POST.getlist("pk"))
    if not rows:
        messages.error(request, _("Select at least one result."))
        return redirect(back)
    try:
        done, refused = services.results_bulk(actor=actor, results=rows, action=action)
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if done:
        msg = (
            _("Approved %(n)d: %(names)s")
            if action == "approve"
            else _("Published %(n)d: %(names)s")
        )
        messages.success(request, msg % {"n": len(done), "names": _names(done)})
    by_reason: dict[str, list[Any]] = {}
    for r, reason in refused:
        by_reason.setdefault(reason, []).append(r)
    for reason, rows in by_reason.items():
        messages.error(
            request,
            _("Not done for %(n)d (%(reason)s): %(names)s")
            % {"n": len(rows), "reason": reason, "names": _names(rows)},
        )
    return redirect(back)


@login_required
def result_detail(request: HttpRequest, result_pk: int) -> HttpResponse:
    """A result with its versions, actions by role (approve, publish, correct, appeal, decide) and the report."""
    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    form = TextForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "approve":
                services.result_approve(actor=actor, result=r)
            elif action == "publish":
                services.result_publish(actor=actor, result=r)
            elif action == "correct" and form.is_valid():
                lv = request.POST.get("level")
                new = services.result_correct(
                    actor=actor,
                    result=r,
                    revision_note=form.cleaned_data["text"],
                    level=int(lv) if lv not in (None, "") else None,
                )
                return redirect("evaluation:result", new.pk)
            elif action == "appeal" and form.is_valid():
                services.appeal_file(actor=actor, result=r, reason=form.cleaned_data["text"])
                messages.success(request, _("Appeal filed."))
            elif action in ("uphold", "reject") and form.is_valid():
                ap = selectors.appeal_of_result(result=r, pk=request.POST.get("appeal"))
                services.appeal_decide(
                    actor=actor,
                    appeal=ap,
                    uphold=action == "uphold",
                    decision=form.cleaned_data["text"],
                )
            else:
                raise EvaluationError(_("Fill in the text."), field="text")
        except EvaluationError as exc:
            messages.error(request, str(exc))
        return redirect("evaluation:result", r.pk)
    ctx = _report_context(
        framework=r.framework, result=r.detail, enterprise=r.enterprise, peers=False
    )
    staff = may_publish_results(actor, r.institution_id)
    ctx.update(
        {
            "r": r,
            "versions": selectors.result_versions(r),
            "appeals": r.appeals.all(),
            "form": TextForm(),
            "can_approve": may_review_results(actor, r.institution_id)
            and r.status == ResultStatus.DRAFT,
            "can_publish": staff and r.status == ResultStatus.APPROVED,
            "can_correct": staff and r.status in (ResultStatus.APPROVED, ResultStatus.PUBLISHED),
            "can_appeal": may_appeal_result(actor, r.enterprise_id)
            and r.status == ResultStatus.PUBLISHED,
            "can_decide": may_review_results(actor, r.institution_id),
            "levels": range(r.level + 1),
        }
    )
    if r.self_score is not None:
        own = selectors.self_assessment_for_evaluation(r.assignment) if r.assignment else None
        if own is not None:
            dims = [(n.dimension.code, n.dimension.name) for n in ctx["tree"]]
            ctx["radar"] = charts.radar(
                labels=[n for _, n in dims],
                series={
                    _("On-site"): [r.dimension_scores.get(c) for c, _ in dims],
                    _("Self-assessment"): [
                        own.result.get("dimension_scores", {}).get(c) for c, _ in dims
                    ],
                },
            )
    return render(request, "evaluation/result.html", ctx)


def _qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno: pure Python); empty when segno is missing."""
    try:
        import segno
    except ImportError:  # pragma: no cover - segno is a runtime dependency
        return ""

    buf = io.BytesIO()
    segno.make(url, error="m").save(
        buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="QR"
    )
    return buf.getvalue().decode()


@login_required
def certificate(request: HttpRequest, result_pk: int) -> HttpResponse:
    """The printable certificate of a published result, with a QR code to the public verification page."""
    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    if r.status != ResultStatus.PUBLISHED:
        raise NotFound
    url = request.build_absolute_uri(reverse("evaluation:verify", args=[r.certificate_code]))
    return render(
        request, "evaluation/certificate.html", {"r": r, "qr": _qr_svg(url), "verify_url": url}
    )


@login_required
def certificate_pdf(request: HttpRequest, result_pk: int) -> HttpResponse:
    """The certificate as PDF through Chromium's print (the same page)."""
    from qualitas.evaluation.pdf import certificate_pdf_bytes

    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    if r.status != ResultStatus.PUBLISHED:
        raise NotFound
    url = request.build_absolute_uri(reverse("evaluation:verify", args=[r.certificate_code]))
    html = render(
        request,
        "evaluation/certificate.html",
        {"r": r, "qr": _qr_svg(url), "verify_url": url, "print": True},
    ).content.decode()
    try:
        data = certificate_pdf_bytes(html=html, base_url=request.build_absolute_uri("/"))
    except RuntimeError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:certificate", r.pk)
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="certificate-{r.certificate_code}.pdf"'
    return resp


@login_required
def result_report_pdf(request: HttpRequest, result_pk: int) -> HttpResponse:
    """An on-site result's report as PDF (Chinese or English by ``?lang=``), charts included."""
    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    lang = _pdf_lang(request)
    with translation.override(lang):
        ctx = _report_context(
            framework=r.framework, result=r.detail, enterprise=r.enterprise, peers=False
        )
        ctx.update(
            {
                "r": r,
                "framework": r.framework,
                "enterprise": r.enterprise,
                "title": _("Evaluation result"),
            }
        )
    return _report_pdf_response(
        request,
        ctx=ctx,
        filename=f"evaluation-{r.enterprise.credit_code}-v{r.version}",
        back=reverse("evaluation:result", args=[r.pk]),
    )


def verify(request: HttpRequest, cert_code: str = "") -> HttpResponse:
    """Public: check a certificate code (from the QR code or typed in)."""
    cert_code = cert_code or request.GET.get("code", "")
    v = None
    if cert_code:
        try:
            v = selectors.certificate_verify(code=cert_code)
        except NotFound:
            v = None
    return render(
        request,
        "evaluation/verify.html",
        {"code": cert_code, "v": v, "today": timezone.localdate()},
        status=404 if cert_code and v is None else 200,
    )


# --------------------------------------------------------------------------------------------
# Chain
# --------------------------------------------------------------------------------------------


@login_required
def chain(request: HttpRequest) -> HttpResponse:
    """Leader: invite suppliers and see the chain weakest first. Supplier: answer invitations, withdraw consent."""
    actor = actor_for(request.user)
    if not may_lead_chain(actor):
        raise NotFound
    form = InviteForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "invite" and form.is_valid():
            created, problems = services.chain_invite(
                actor=actor,
                credit_codes=form.cleaned_data["credit_codes"].replace(",", "\n").split(),
                required_level=form.cleaned_data["required_level"],
            )
            if created:
                messages.success(request, _("%(n)d supplier(s) invited.") % {"n": len(created)})
            for p in problems:
                messages.error(request, p)
            return redirect("evaluation:chain")
        if action in ("accept", "decline", "withdraw"):
            inv = selectors.invitation_received_get(actor=actor, pk=request.POST.get("invitation"))
            try:
                if action == "withdraw":
                    services.chain_withdraw(actor=actor, invitation=inv)
                else:
                    services.chain_respond(actor=actor, invitation=inv, accept=action == "accept")
            except EvaluationError as exc:
                messages.error(request, str(exc))
            return redirect("evaluation:chain")
    view = selectors.chain_view(actor=actor)
    tree_dims = []
    fw = selectors.frameworks_list().filter(status="active").first()
    if fw is not None:
        tree_dims = [(d.code, d.name) for d in fw.dimensions.order_by("order")]
    return render(
        request,
        "evaluation/chain.html",
        {
            "form": form,
            "view": view,
            "received": selectors.invitations_received(actor=actor),
            "dims": tree_dims,
        },
    )


# --------------------------------------------------------------------------------------------
# Authority dashboard, gating records, targets
# --------------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Level distribution by region and industry, 2027 targets, campaign progress, institution consistency."""
    actor = _authority(request)
    by = request.GET.get("by", "province")
    if by not in ("province", "prefecture", "industry"):
        by = "province"
    dist = selectors.level_distribution(actor=actor, by=by)
    targets = selectors.targets_progress(actor=actor)
    camps = [(c, selectors.campaign_progress(c)) for c in selectors.campaigns_for(actor=actor)[:10]]
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
            "min_group": _min_group(),
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
