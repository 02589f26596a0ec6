"""Evaluation institution pages: assignments, teams, on-site scoring, declarations of interest."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
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
    may_assign_team,
    may_consolidate,
    may_decide_application,
    may_declare_interest,
    may_plan_onsite,
    may_review_documents,
    may_score,
    may_see_assignments,
)
from qualitas.core.http import HtmxHttpRequest
from qualitas.evaluation import selectors, services
from qualitas.evaluation.choices import (
    Answer,
    AssignmentStatus,
    DocumentReviewStatus,
    EvaluationStatus,
    OnsitePlanStatus,
)
from qualitas.evaluation.forms import (
    COIForm,
    DocumentRequestForm,
    OnsitePlanForm,
    TeamForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.registry import selectors as registry_selectors


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
    # an application's assignment is scored once its document review has passed
    # ... and its on-site plan confirmed by the enterprise
    qs = qs.annotate(
        review_status=F("document_review__status"), plan_status=F("onsite_plan__status")
    )
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
            "may_decide": may_decide_application(actor, actor.institution_id),
            "review_labels": dict(DocumentReviewStatus.choices),
            "plan_labels": dict(OnsitePlanStatus.choices),
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
    review = selectors.document_review_of(a)
    request_form = DocumentRequestForm(
        request.POST if request.POST.get("action") == "documents_request" else None
    )
    if request.method == "POST" and review is not None:
        action = request.POST.get("action")
        try:
            if action == "documents_pass":
                services.document_review_pass(
                    actor=actor, review=review, note=request.POST.get("note", "")
                )
                messages.success(request, _("Document review passed: scoring on site may start."))
                return redirect("evaluation:assignment", a.pk)
            if action == "documents_request" and request_form.is_valid():
                services.document_review_request(
                    actor=actor, review=review, text=request_form.cleaned_data["text"]
                )
                messages.success(request, _("Request for more documents sent to the enterprise."))
                return redirect("evaluation:assignment", a.pk)
        except (EvaluationError, Forbidden) as exc:
            messages.error(request, str(exc))
            return redirect("evaluation:assignment", a.pk)
    plan = selectors.onsite_plan_of(a)
    plan_form = OnsitePlanForm(
        request.POST if request.POST.get("action") == "plan_send" else None,
        initial={"starts_on": plan.starts_on, "ends_on": plan.ends_on, "agenda": plan.agenda}
        if plan
        else {"starts_on": a.application.planned_on if a.application else None},
    )
    if request.POST.get("action") == "plan_send" and plan_form.is_valid():
        try:
            services.onsite_plan_send(actor=actor, assignment=a, **plan_form.cleaned_data)
        except (EvaluationError, Forbidden) as exc:
            field = getattr(exc, "field", None)
            plan_form.add_error(field if field in plan_form.fields else None, str(exc))
        else:
            messages.success(request, _("On-site plan sent to the enterprise."))
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
            "review": review,
            "review_requests": list(review.requests.all()) if review else [],
            "may_review": review is not None
            and may_review_documents(actor, a)
            and review.status == DocumentReviewStatus.OPEN,
            "request_form": request_form,
            "plan": plan,
            "plan_form": plan_form,
            "may_plan": review is not None
            and review.status == DocumentReviewStatus.PASSED
            and may_plan_onsite(actor, a)
            and (plan is None or plan.status == OnsitePlanStatus.CHANGE_REQUESTED),
            "scoring_open": review is None
            or (
                review.status == DocumentReviewStatus.PASSED
                and plan is not None
                and plan.status == OnsitePlanStatus.CONFIRMED
            ),
            **_review_evidence(a, review),
        },
    )


def _review_evidence(a: Any, review: Any) -> dict[str, Any]:
    """For the document review panel: the attached self-assessment and its evidence."""
    if review is None:
        return {}
    own = selectors.self_assessment_for_evaluation(a)
    return {"assessment": own, "evidence": selectors.evidence_of(own) if own else []}


@login_required
@vary_on_headers("HX-Request")
def score_form(request: HtmxHttpRequest, assignment_pk: int) -> HttpResponse:
    """The evaluator's scoring form (large touch targets), with the self-assessment answer beside each requirement."""
    actor = actor_for(request.user)
    a = selectors.assignment_get(actor=actor, pk=assignment_pk)
    try:
        ev = services.evaluation_for(actor=actor, assignment=a)
    except EvaluationError as exc:  # a stage before scoring is not done: back to the assignment
        messages.error(request, str(exc))
        return redirect("evaluation:assignment", a.pk)
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
    ctx = {
        "a": a,
        "ev": ev,
        "tree": tree,
        "node": node,
        "rows": rows,
        "own": own,
        "choices": Answer.choices,
        **selectors.scoring_summary(evaluation=ev, rows=rows),
        "editable": ev.status == EvaluationStatus.DRAFT,
        "is_lead": a.lead_id == request.user.pk,
    }
    template = "evaluation/score.html#dimension" if request.htmx else "evaluation/score.html"
    return render(request, template, ctx)


@login_required
@require_POST
def score_save(request: HttpRequest, assignment_pk: int, req_pk: int) -> HttpResponse:
    """Autosave one on-site score and finding; returns the row with the difference mark and,
    out of band, the summary (requirements scored, large differences)."""
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
    rows = selectors.evaluation_rows(evaluation=ev, assessment=own)
    return render(
        request,
        "evaluation/score.html#saved",
        {
            "rid": req_pk,
            "row": rows.get(req_pk, {}),
            "error": error,
            "own": own,
            "oob": True,
            **selectors.scoring_summary(evaluation=ev, rows=rows),
        },
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
