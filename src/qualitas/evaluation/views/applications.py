"""Applications for an on-site evaluation: the enterprise applies and follows its applications
(withdraws, answers requests for documents, confirms the on-site plan or asks for a change); the institution's manager decides in an inbox; the
authority reads its regions' applications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualitas.core.access import (
    Forbidden,
    NotFound,
    actor_for,
    may_apply_for_evaluation,
    may_decide_application,
    may_see_applications,
)
from qualitas.evaluation import selectors, services
from qualitas.evaluation.choices import ApplicationStatus
from qualitas.evaluation.forms import (
    AcceptForm,
    ApplicationForm,
    DeclineForm,
    DocumentAnswerForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.registry import selectors as registry_selectors


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    """The list of applications the actor may read, with the actions the actor may take on them."""
    actor = actor_for(request.user)
    if not may_see_applications(actor):
        raise NotFound
    if request.method == "POST":
        _act(request)
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    qs = selectors.applications_for(actor=actor, status=status)
    page = Paginator(qs, settings.QUALITAS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    rows = list(page)
    may_decide = may_decide_application(actor, actor.institution_id)
    own = may_apply_for_evaluation(actor, actor.enterprise_id)
    reviews = (
        {r.assignment.application_id: r for r in selectors.open_reviews_for_enterprise(actor=actor)}
        if own
        else {}
    )
    plans = selectors.onsite_plans_for_enterprise(actor=actor) if own else {}
    return render(
        request,
        "evaluation/applications.html",
        {
            "page": page,
            "rows": [(app, reviews.get(app.pk), plans.get(app.pk)) for app in rows],
            "status": status,
            "statuses": ApplicationStatus.choices,
            "may_apply": may_apply_for_evaluation(actor, actor.enterprise_id),
            "may_decide": may_decide,
            # the inbox's inputs are written in the template (one form per row): their labels
            "quote_label": AcceptForm.base_fields["quote"].label,
            "planned_label": AcceptForm.base_fields["planned_on"].label,
            "reason_label": DeclineForm.base_fields["reason"].label,
            "answer_form": DocumentAnswerForm(),
        },
    )


def _act(request: HttpRequest) -> None:
    """One action on one application: withdraw (enterprise), accept or decline (manager),
    answer a request for documents (enterprise); the outcome as a message."""
    actor = actor_for(request.user)
    app = selectors.application_get(actor=actor, pk=_int(request.POST.get("application")))
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.application_withdraw(actor=actor, application=app)
            messages.success(request, _("Application withdrawn."))
        elif action == "accept":
            form = AcceptForm(request.POST)
            if not form.is_valid():
                raise EvaluationError(_("give the quote and the planned date"), field="quote")
            services.application_accept(
                actor=actor,
                application=app,
                quote=form.cleaned_data["quote"],
                planned_on=form.cleaned_data["planned_on"],
            )
            messages.success(request, _("Application accepted: put a team on its assignment."))
        elif action == "decline":
            services.application_decline(
                actor=actor, application=app, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Application declined."))
        elif action == "answer":
            review = selectors.document_review_of_application(app)
            if review is None:
                raise NotFound
            services.document_request_answer(
                actor=actor,
                review=review,
                answer=request.POST.get("answer", ""),
                file=request.FILES.get("file"),
            )
            messages.success(request, _("Answer sent to the evaluators."))
        elif action in ("plan_confirm", "plan_change"):
            plan = selectors.onsite_plans_for_enterprise(actor=actor).get(app.pk)
            if plan is None:
                raise NotFound
            if action == "plan_confirm":
                services.onsite_plan_confirm(actor=actor, plan=plan)
                messages.success(request, _("On-site plan confirmed."))
            else:
                services.onsite_plan_request_change(
                    actor=actor, plan=plan, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Change of the on-site plan asked for."))
        else:
            raise NotFound
    except (EvaluationError, Forbidden) as exc:
        messages.error(request, str(exc))


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise NotFound from None


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    """An enterprise applies to an evaluation institution with its latest submitted self-assessment."""
    actor = actor_for(request.user)
    if actor.enterprise_id is None or not may_apply_for_evaluation(actor, actor.enterprise_id):
        raise NotFound
    enterprise = registry_selectors.enterprise_get(pk=actor.enterprise_id)
    institutions = selectors.institutions_to_apply(enterprise=enterprise)
    assessment = selectors.latest_submitted_assessment(enterprise_id=actor.enterprise_id)
    form = ApplicationForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        inst = {str(i.pk): i for i in institutions}[form.cleaned_data["institution"]]
        try:
            services.application_submit(
                actor=actor, institution=inst, message=form.cleaned_data["message"]
            )
        except EvaluationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Application sent to %(name)s.") % {"name": inst.name})
            return redirect("evaluation:applications")
    return render(
        request,
        "evaluation/application_new.html",
        {"form": form, "assessment": assessment, "institutions": institutions},
    )
