"""Pages of the Q&A knowledge base: the public base (search in Chinese and English) and the
officers' desk (entries of their regions, new entry, publish)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import actor_for, may_keep_registers
from qualitas.core.errors import DomainError
from qualitas.registers import selectors, services
from qualitas.registers.forms import QAForm
from qualitas.registers.views.base import fail, keeper


def public_list(request: HttpRequest) -> HttpResponse:
    """The public knowledge base, searchable in Chinese and English."""
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "registers/qa.html",
        {
            "entries": selectors.published_qa(q=q)[:200],
            "q": q,
            "keeper": may_keep_registers(actor_for(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """The officers' questions and answers: enter one, publish drafts."""
    actor = keeper(request)
    form = QAForm(request.POST if request.POST.get("action") == "save" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                entry = selectors.qa_get(actor=actor, pk=int(request.POST.get("pk") or 0))
                services.qa_publish(actor=actor, entry=entry)
                messages.success(request, _("Published."))
                return redirect("registers:qa_desk")
            if form.is_valid():
                services.qa_save(actor=actor, data=form.cleaned_data)
                messages.success(request, _("Question saved."))
                return redirect("registers:qa_desk")
        except DomainError as exc:
            fail(form, exc)
    return render(
        request, "registers/qa_desk.html", {"entries": selectors.qa_for(actor=actor), "form": form}
    )
