"""Pages of the typical-case library: the public library (full-text search in Chinese and
English, filters by type and industry, suggestions for the problem or the enterprise's own
industry), a case, and the officers' desk (cases of their regions, edit, publish, withdraw)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import NotFound, actor_for, may_keep_region_entry, may_keep_registers
from qualitas.core.errors import DomainError
from qualitas.core.providers import SuggestionContext
from qualitas.registers import selectors, services
from qualitas.registers.choices import EntryStatus
from qualitas.registers.forms import CaseForm, CaseSearchForm
from qualitas.registers.models import TypicalCase
from qualitas.registers.views.base import fail, keeper


def public_list(request: HttpRequest) -> HttpResponse:
    """The public case library; suggestions for a problem (``problem``, ``detail``) in the
    chosen industry, or for the enterprise user's own industry."""
    actor = actor_for(request.user)
    form = CaseSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    q, industry = (data.get("q") or "").strip(), (data.get("industry") or "").strip().upper()
    problem, detail = data.get("problem") or "", (data.get("detail") or "").strip()
    own = selectors.own_industry(actor)
    context_industry = industry or own
    suggestions = (
        selectors.suggest_cases(
            SuggestionContext(industry_code=context_industry, problem=problem, detail=detail)
        )
        if context_industry and (problem or own)
        else []
    )
    return render(
        request,
        "registers/cases.html",
        {
            "form": form,
            "cases": selectors.published_cases(
                q=q, case_type=data.get("case_type") or "", industry=industry
            )[:200],
            "q": q,
            "suggestions": suggestions,
            "context_industry": context_industry,
            "keeper": may_keep_registers(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A case: problem, methods, measures, results and key figures; officers publish or withdraw."""
    actor = actor_for(request.user)
    case = selectors.case_get(actor=actor, pk=case_pk)
    keeps = may_keep_region_entry(actor, case.region_id) and may_keep_registers(actor)
    if request.method == "POST":
        if not keeps:
            raise NotFound
        try:
            if request.POST.get("action") == "publish":
                services.case_publish(actor=actor, case=case)
                messages.success(request, _("Published."))
            elif request.POST.get("action") == "withdraw":
                services.case_withdraw(actor=actor, case=case)
                messages.success(request, _("Withdrawn."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("registers:case", case_pk=case.pk)
    return render(
        request,
        "registers/case.html",
        {"case": case, "keeps": keeps, "published": case.status == EntryStatus.PUBLISHED},
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The officers' cases: every state, their regions."""
    actor = keeper(request)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "registers/case_desk.html",
        {"cases": selectors.cases_for(actor=actor, q=q)[:500], "q": q},
    )


def _initial(case: TypicalCase) -> dict[str, object]:
    fields = ("case_type", "name_zh", "name_en", "methods", "problem", "measures", "results")
    initial: dict[str, object] = {f: getattr(case, f) for f in (*fields, "summary_en")}
    initial["industry"] = case.industry_id
    initial["region"] = case.region_id
    ent = case.enterprise
    initial["enterprise"] = ent.credit_code if ent else ""
    initial["figures"] = "\n".join(
        " | ".join(
            [
                f.label_zh,
                "" if f.before is None else f"{f.before.normalize():f}",
                f"{f.after.normalize():f}",
                f.unit,
                f.label_en,
            ]
        ).rstrip(" |")
        for f in case.figures.all()
    )
    initial["topics"] = "\n".join(f"{t.problem}:{t.detail}".rstrip(":") for t in case.topics.all())
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, case_pk: int | None = None) -> HttpResponse:
    """Create or change a case with its key figures and the problems it helps with."""
    actor = keeper(request)
    case = selectors.case_get(actor=actor, pk=case_pk) if case_pk else None
    if case is not None and not may_keep_region_entry(actor, case.region_id):
        raise NotFound
    form = CaseForm(request.POST or None, initial=_initial(case) if case else {})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        figures = services.parse_figures(data.pop("figures"))
        topics = services.parse_topics(data.pop("topics"))
        try:
            case = services.case_save(
                actor=actor, data=data, figures=figures, topics=topics, case=case
            )
        except DomainError as exc:
            fail(form, exc)
        else:
            messages.success(request, _("Case saved."))
            return redirect("registers:case", case_pk=case.pk)
    return render(request, "registers/case_edit.html", {"form": form, "case": case})
