"""Named EPCIS queries and webhook subscriptions; delivery of new events to subscribers.

A named query keeps the standard's parameters (checked by running it once); a subscription
sends, after each capture, the new events that match its query to ``dest`` as an
``EPCISQueryDocument`` (``stream``), from a background task so that a slow receiver never
holds a capture.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_trace
from qualitas.traceability.errors import EpcisProblem
from qualitas.traceability.models import NamedQuery, Subscription

_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")


def query_create(*, actor: Actor, data: Any) -> NamedQuery:
    """A named query ``{"name": …, "query": {parameter: value}}`` of the actor's."""
    from qualitas.traceability.selectors import events_query

    if not may_trace(actor) or actor.user is None:
        raise NotFound
    if not isinstance(data, dict) or not _NAME.match(str(data.get("name", ""))):
        raise EpcisProblem(
            _("Give the query a name of letters, digits, '.', '_' or '-'."), field="name"
        )
    params = data.get("query") or {}
    if not isinstance(params, dict):
        raise EpcisProblem(_("query must be an object of query parameters."), field="query")
    params = {
        str(k): ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in params.items()
    }
    events_query(actor=actor, params={**params, "perPage": "1"})  # refuses unknown parameters
    if NamedQuery.objects.filter(owner=actor.user, name=data["name"]).exists():
        raise EpcisProblem(
            _("A query named %(name)s exists already."),
            problem_type="epcisException:ResourceAlreadyExistsException",
            status=409,
            name=data["name"],
            field="name",
        )
    return NamedQuery.objects.create(owner=actor.user, name=data["name"], params=params)


def query_delete(*, actor: Actor, query: NamedQuery) -> None:
    """Remove a named query of the actor's, with its subscriptions."""
    if query.owner_id != getattr(actor.user, "pk", None):
        raise NotFound
    query.delete()


def subscription_create(*, actor: Actor, query: NamedQuery, data: Any) -> Subscription:
    """A webhook on a named query: ``{"dest": "https://…", "stream": true}``."""
    if query.owner_id != getattr(actor.user, "pk", None):
        raise NotFound
    dest = str(data.get("dest", "")) if isinstance(data, dict) else ""
    if not re.match(r"^https?://[^\s/]+", dest):
        raise EpcisProblem(_("dest must be an http or https URL."), field="dest")
    return Subscription.objects.create(
        query=query,
        dest=dest,
        stream=bool(data.get("stream", True)),
        report_if_empty=bool(data.get("reportIfEmpty", False)),
    )


def _post(url: str, body: bytes) -> str:
    request = urllib.request.Request(  # noqa: S310 (an http(s) URL, checked when subscribed)
        url, data=body, method="POST", headers={"Content-Type": "application/ld+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return str(answer.status)


def subscriptions_notify(*, event_pks: list[int]) -> int:
    """Send each stream subscription the new events (``event_pks``) its query matches; the count sent."""
    from qualitas.core.access import actor_for
    from qualitas.traceability.documents import query_document
    from qualitas.traceability.selectors import events_query

    sent = 0
    for sub in Subscription.objects.filter(stream=True).select_related("query__owner"):
        actor = actor_for(sub.query.owner)
        page = events_query(actor=actor, params={**sub.query.params, "perPage": "1000"})
        events = [e for e in page.events if e.pk in set(event_pks)]
        if not events and not sub.report_if_empty:
            continue
        body = json.dumps(query_document(events, query_name=sub.query.name), default=str).encode()
        try:
            status = _post(sub.dest, body)
        except OSError as exc:
            status = f"error: {exc.__class__.__name__}"
        Subscription.objects.filter(pk=sub.pk).update(
            last_sent_at=timezone.now(), last_status=status[:40]
        )
        sent += 1
    return sent


def schedule_notifications(event_pks: list[int]) -> None:
    """After the capture commits, deliver to subscribers in the background (when any exist)."""
    if not event_pks or not Subscription.objects.filter(stream=True).exists():
        return
    from qualitas.traceability.tasks import run_notify

    transaction.on_commit(lambda: run_notify.enqueue(event_pks=event_pks))
