"""An enterprise's self-assessment pages: questionnaire (htmx autosave), evidence, submission, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_take_self_assessment,
)
from qualitas.core.http import HtmxHttpRequest
from qualitas.evaluation import selectors, services
from qualitas.evaluation.choices import (
    Answer,
    AssessmentStatus,
)
from qualitas.evaluation.evidence import platform_evidence
from qualitas.evaluation.forms import (
    EvidenceForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.evaluation.views._shared import (
    _min_group,
    _pdf_lang,
    _report_context,
    _report_pdf_response,
)


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
