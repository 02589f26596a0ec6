"""Reads of an enterprise's private data by a partner, written to the audit log.

The partner policies (``core.access.platform``) note each enterprise whose data a partner was
allowed to read by consent; :class:`PartnerReadMiddleware` writes one audit entry per
enterprise and scope at the end of a successful request (``action="partner_read"``, the
enterprise as the record, the path and whether a token or the session was used). Outside a
request (a script) the read is written at once. The enterprise lists them with
:func:`partner_reads_for`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

from qualitas.core.access import Actor, NotFound, sees_partner_reads
from qualitas.core.audit import AuditRecord, audit_append_many
from qualitas.core.models import AuditEntry

ACTION = "partner_read"
MODEL = "registry.enterprise"

# (actor user, {(enterprise_id, scope)}) of the request being served; None outside a request
_pending: ContextVar[dict[tuple[int, str], Any] | None] = ContextVar(
    "qualitas_partner_reads", default=None
)


def note_partner_read(actor: Actor, enterprise_ids: Iterable[int], *, scope: str) -> None:
    """Record that the partner read (or listed) these enterprises' data of ``scope``."""
    ids = list(enterprise_ids)
    if not ids:
        return
    pending = _pending.get()
    if pending is None:
        _write(actor.user, {(eid, scope): None for eid in ids}, path="", via="")
        return
    for eid in ids:
        pending[(eid, scope)] = actor.user


def _write(user: Any, reads: dict[tuple[int, str], Any], *, path: str, via: str) -> None:
    records = [
        AuditRecord(
            action=ACTION,
            model=MODEL,
            object_pk=str(eid),
            changes={"enterprise": eid, "scope": scope, "path": path, "via": via},
        )
        for eid, scope in sorted(reads)
    ]
    audit_append_many(actor=user, records=records)


class PartnerReadMiddleware:
    """Collect the partner reads of a request; write them to the audit log when it succeeded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending: dict[tuple[int, str], Any] = {}
        reset = _pending.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(reset)
        if pending and response.status_code < 400:
            token = getattr(request, "api_token", None)
            via = f"token {token.prefix}…" if token is not None else "session"
            user = next(iter(pending.values()))
            _write(user, pending, path=request.path[:200], via=via)
        return response


def partner_reads_for(*, actor: Actor, limit: int = 200) -> list[AuditEntry]:
    """The partner reads of the actor's own enterprise, newest first (its own users only)."""
    if not sees_partner_reads(actor):
        raise NotFound
    return list(
        AuditEntry.objects.filter(
            action=ACTION, model=MODEL, object_pk=str(actor.enterprise_id)
        ).order_by("-seq")[:limit]
    )
