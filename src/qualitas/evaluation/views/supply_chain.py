"""The chain page: a leader invites suppliers; a supplier answers and withdraws consent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualitas.core.access import (
    NotFound,
    actor_for,
    may_lead_chain,
)
from qualitas.core.providers import collect_chain
from qualitas.evaluation import selectors, services
from qualitas.evaluation.forms import (
    InviteForm,
)
from qualitas.evaluation.services import EvaluationError


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
    # other apps' tables about the leader's suppliers (its own records, e.g. scorecards); the
    # level is joined only for suppliers whose consent stands (the rows of the chain view)
    shared = {row.invitation.supplier_id: row.level for row in view.rows}
    sections = [
        (s, [(r, shared.get(r.enterprise_id) if r.enterprise_id else None) for r in s.rows])
        for s in collect_chain(actor, int(actor.enterprise_id or 0))
    ]
    return render(
        request,
        "evaluation/chain.html",
        {
            "sections": sections,
            "form": form,
            "view": view,
            "received": selectors.invitations_received(actor=actor),
            "dims": tree_dims,
        },
    )
