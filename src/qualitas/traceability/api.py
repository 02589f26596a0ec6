"""REST endpoints of traceability (mounted at /api/traceability/). Thin: validate, call, return.

The EPCIS 2.0 binding itself is at ``/epcis/`` (``traceability.epcis``); here: the trace.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.core.bearer import bearer_auth
from qualitas.traceability import selectors
from qualitas.traceability.schemas import TraceFilter, TraceOut

router = Router(tags=["traceability"])
AUTH = [bearer_auth, django_auth]


def trace_json(trace: selectors.Trace) -> dict[str, Any]:
    """A trace as the API and the CLI give it: every identifier reached with its depth, and the steps."""
    return {
        "id": trace.start,
        "direction": trace.direction,
        "reached": [
            {
                "id": n.id,
                "label": n.label,
                "depth": n.depth,
                "kind": n.kind,
                "quantity": n.quantity,
                "uom": n.uom,
            }
            for n in trace.nodes
        ],
        "edges": [
            {"source": s, "target": d, "kind": k, "quantity": q, "uom": u}
            for s, d, k, q, u in trace.edges
        ],
    }


@router.get("/trace", response=TraceOut, auth=AUTH)
def trace(request: HttpRequest, filters: Query[TraceFilter]) -> dict[str, Any]:
    """Trace forward (what it went into, where it went, who holds it) or backward (what went into
    it) from an identifier (URN or GS1 Digital Link), recursively, within the time bounds."""
    result = selectors.trace_for(
        actor=actor_for(request.user),
        start=filters.id,
        direction=filters.direction,
        since=filters.since,
        until=filters.until,
        max_depth=filters.depth,
    )
    return trace_json(result)
