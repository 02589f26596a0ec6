"""Results: the list with bulk approve / publish, one result with its actions, certificate and PDFs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitas.core.access import (
    Forbidden,
    NotFound,
    actor_for,
    may_appeal_result,
    may_import_results,
    may_manage_certificate,
    may_publish_results,
    may_review_results,
)
from qualitas.evaluation import charts, selectors, services
from qualitas.evaluation.choices import (
    ResultStatus,
)
from qualitas.evaluation.forms import (
    CertificateActionForm,
    SurveillanceForm,
    TextForm,
)
from qualitas.evaluation.services import EvaluationError
from qualitas.evaluation.views._shared import (
    _names,
    _pdf_lang,
    _pdf_response,
    _qr_svg,
    _report_context,
    _report_pdf_response,
)


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
            "can_import": may_import_results(actor),
            "back": request.get_full_path(),
        },
    )


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
            elif action == "surveillance":
                _record_surveillance(request, actor, r)
            elif action == "certificate":
                services.certificate_act(
                    actor=actor,
                    result=r,
                    kind=request.POST.get("kind", ""),
                    grounds=request.POST.get("grounds", ""),
                )
                messages.success(request, _("Certificate standing recorded."))
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
        except (EvaluationError, Forbidden) as exc:
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
            **_surveillance_context(actor, r),
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


@login_required
def certificate(request: HttpRequest, result_pk: int) -> HttpResponse:
    """The printable certificate of a published result, with a QR code to the public verification page."""
    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    if r.status != ResultStatus.PUBLISHED or not r.certificate_code:  # no level, no certificate
        raise NotFound
    url = request.build_absolute_uri(reverse("evaluation:verify", args=[r.certificate_code]))
    return render(
        request, "evaluation/certificate.html", {"r": r, "qr": _qr_svg(url), "verify_url": url}
    )


@login_required
def certificate_pdf(request: HttpRequest, result_pk: int) -> HttpResponse:
    """The certificate as PDF (``?lang=``), printed by Chromium like every report."""
    actor = actor_for(request.user)
    r = selectors.result_get(actor=actor, pk=result_pk)
    if r.status != ResultStatus.PUBLISHED or not r.certificate_code:  # no level, no certificate
        raise NotFound
    url = request.build_absolute_uri(reverse("evaluation:verify", args=[r.certificate_code]))
    return _pdf_response(
        request,
        template="evaluation/certificate_print.html",
        ctx={"r": r, "qr": _qr_svg(url), "verify_url": url},
        filename=f"certificate-{r.certificate_code}",
        back=reverse("evaluation:certificate", args=[r.pk]),
        charts=False,
    )


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


def _record_surveillance(request: HttpRequest, actor: Any, r: Any) -> None:
    """The surveillance form's inputs go to the service as typed: it names the field refused."""
    d = request.POST
    try:
        year: int | None = int(d.get("year", ""))
    except ValueError:
        year = None
    try:
        visited = forms.DateField().clean(d.get("visited_on"))
    except forms.ValidationError:
        visited = None
    services.surveillance_record(
        actor=actor,
        result=r,
        year=year,
        visited_on=visited,
        outcome=d.get("outcome", ""),
        findings=d.get("findings", ""),
    )
    messages.success(request, _("Surveillance recorded."))


def _surveillance_context(actor: Any, r: Any) -> dict[str, Any]:
    """The certificate's standing and surveillance years, and the forms for its staff."""
    if r.status != ResultStatus.PUBLISHED or not r.certificate_code:
        return {}
    years = selectors.surveillance_years(r)
    staff = may_manage_certificate(actor, r.institution_id)
    standing = selectors.certificate_standing(r)
    return {
        "standing": standing,
        "actions": list(r.actions.order_by("at", "pk")),
        "surveillance": years,
        "may_manage_certificate": staff and (standing is None or standing.kind != "withdraw"),
        "surveillance_form": SurveillanceForm(years=[y.year for y in years if y.record is None]),
        "certificate_form": CertificateActionForm(),
    }
