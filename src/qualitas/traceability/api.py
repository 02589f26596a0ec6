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
from qualitas.traceability import recall_selectors as rs
from qualitas.traceability import selectors
from qualitas.traceability.schemas import RecallOut, TraceFilter, TraceOut

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


def recall_json(r: Any) -> dict[str, Any]:
    """A published recall notice as the API gives it."""
    return {
        "id": r.pk,
        "recall_no": r.recall_no,
        "source": r.source,
        "status": r.status,
        "producer_name": r.producer_name,
        "enterprise_id": r.enterprise_id,
        "product_name": r.product_name,
        "brand": r.brand,
        "model_spec": r.model_spec,
        "batch": r.batch,
        "defect_description": r.defect_description,
        "consequence": r.consequence,
        "remedy": r.remedy,
        "recall_qty": r.recall_qty,
        "units_recovered": r.recovered or 0,
        "effectiveness": rs.effectiveness(r),
        "published_at": r.published_at,
        "closed_at": r.closed_at,
    }


@router.get("/recalls", response=list[RecallOut])
def recalls(
    request: HttpRequest, q: str = "", limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Published recall notices (public), newest first, searched by ``q``; with effectiveness."""
    limit = max(1, min(limit, 500))
    rows = rs.recalls_public(q=q)[max(0, offset) : max(0, offset) + limit]
    return [recall_json(r) for r in rows]


@router.get("/recalls/{recall_pk}", response=RecallOut)
def recall(request: HttpRequest, recall_pk: int) -> dict[str, Any]:
    """One published recall notice."""
    return recall_json(rs.recall_public_get(pk=recall_pk))
