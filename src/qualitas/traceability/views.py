"""Pages of traceability and recalls. Thin: read the query, call a selector or service, render."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qualitas.core.access import NotFound, actor_for, may_trace
from qualitas.core.errors import DomainError
from qualitas.traceability import charts, selectors
from qualitas.traceability import identifiers as ids


def _moment(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def trace_page(request: HttpRequest) -> HttpResponse:
    """Trace an identifier forward or backward and draw what it reached (a flow of lots,
    pallets and parties, widths by quantity)."""
    actor = actor_for(request.user)
    if not may_trace(actor):
        raise NotFound
    identifier = request.GET.get("id", "").strip()
    direction = request.GET.get("direction", "forward")
    context: dict[str, Any] = {"identifier": identifier, "direction": direction, "trace": None}
    if identifier:
        try:
            trace = selectors.trace_for(
                actor=actor,
                start=identifier,
                direction=direction,
                since=_moment(request.GET.get("since", "")),
                until=_moment(request.GET.get("until", "")),
            )
        except DomainError as exc:
            context["error"] = str(exc)
        else:
            names = selectors.party_names([n.id for n in trace.nodes])
            context["trace"] = trace
            context["names"] = names
            context["rows"] = [(n, names.get(n.id, "")) for n in trace.nodes]
            context["figure"] = charts.trace_sankey(
                trace,
                names={k: f"{v} · {ids.label(k)}" for k, v in names.items()},
                title=_("Forward trace") if direction == "forward" else _("Backward trace"),
            )
    return render(request, "traceability/trace.html", context)
