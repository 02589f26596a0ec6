"""Reads of traceability: EPCIS queries (the standard's parameters, keyset pages) and traces.

Every read is scoped by :func:`qualitas.core.access.epcis_events_q`. The trace walks
:class:`~.models.Edge` rows with one recursive common table expression (PostgreSQL and SQLite
both run it): forward from an identifier along ``src → dst`` (what it went into, where it was
shipped), backward along ``dst → src`` (what went into it), each step no earlier (forward) or
no later (backward) than the step before it, within the time bounds and a depth limit.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    epcis_events_q,
    may_see_capture,
    may_trace,
    trace_owner_scope,
)
from qualitas.traceability import identifiers as ids
from qualitas.traceability.choices import EpcRole, EventType, PartyKind
from qualitas.traceability.errors import EpcisProblem
from qualitas.traceability.hashing import short_vocabulary
from qualitas.traceability.models import (
    Capture,
    Edge,
    Event,
    EventEpc,
    EventParty,
    NamedQuery,
)

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 100
MAX_DEPTH = 32

# MATCH_* parameter → the roles of EventEpc it searches
MATCH_ROLES: dict[str, tuple[str, ...]] = {
    "MATCH_epc": (EpcRole.EPC, EpcRole.CHILD),
    "MATCH_parentID": (EpcRole.PARENT,),
    "MATCH_inputEPC": (EpcRole.INPUT,),
    "MATCH_outputEPC": (EpcRole.OUTPUT,),
    "MATCH_anyEPC": (EpcRole.EPC, EpcRole.CHILD, EpcRole.PARENT, EpcRole.INPUT, EpcRole.OUTPUT),
    "MATCH_epcClass": (EpcRole.EPC, EpcRole.CHILD),
    "MATCH_inputEPCClass": (EpcRole.INPUT,),
    "MATCH_outputEPCClass": (EpcRole.OUTPUT,),
    "MATCH_anyEPCClass": (EpcRole.EPC, EpcRole.CHILD, EpcRole.INPUT, EpcRole.OUTPUT),
}
EQ_PARTY = {
    "EQ_source": PartyKind.SOURCE,
    "EQ_destination": PartyKind.DESTINATION,
}
KNOWN = {
    "eventType",
    "GE_eventTime",
    "LT_eventTime",
    "GE_recordTime",
    "LT_recordTime",
    "EQ_action",
    "EQ_bizStep",
    "EQ_disposition",
    "EQ_bizLocation",
    "EQ_readPoint",
    "EQ_eventID",
    "perPage",
    "nextPageToken",
    "lang",
    *MATCH_ROLES,
    *EQ_PARTY,
}


def capture_get(*, actor: Actor, capture_id: str) -> Capture:
    """A capture's status for whoever sent it (and admins); anyone else: not found."""
    capture = Capture.objects.filter(capture_id=capture_id).first() if _uuid(capture_id) else None
    if capture is None or not may_see_capture(actor, capture.created_by_id):
        raise NotFound
    return capture


def captures_for(*, actor: Actor, limit: int = 50) -> list[Capture]:
    """The actor's latest captures (admins: everyone's)."""
    from qualitas.core.access import captures_any_identifier

    qs = (
        Capture.objects.all()
        if captures_any_identifier(actor)
        else Capture.objects.filter(created_by=actor.user)
    )
    return list(qs.order_by("-created_at")[:limit])


def queries_for(*, actor: Actor) -> list[NamedQuery]:
    """The actor's named queries."""
    return list(NamedQuery.objects.filter(owner_id=getattr(actor.user, "pk", None)))


def query_get(*, actor: Actor, name: str) -> NamedQuery:
    """One named query of the actor's."""
    found = NamedQuery.objects.filter(owner_id=getattr(actor.user, "pk", None), name=name).first()
    if found is None:
        raise NotFound
    return found


def _uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def visible_events(actor: Actor) -> QuerySet[Event]:
    """The events the actor may read."""
    q = epcis_events_q(actor)
    qs = Event.objects.all()
    if q:
        qs = qs.filter(pk__in=Event.objects.filter(q).values("pk"))
    return qs


def _values(raw: str) -> list[str]:
    return [v.strip() for v in raw.split(",") if v.strip()]


def _time(name: str, raw: str) -> datetime:
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError as exc:
        raise EpcisProblem(
            _("%(name)s is not a date and time: %(value)s"),
            problem_type="epcisException:QueryParameterException",
            name=name,
            value=raw,
            field=name,
        ) from exc


def _epc_q(name: str, values: list[str]) -> Q:
    roles = MATCH_ROLES[name]
    q = Q(pk__in=[])
    for value in values:
        if value.endswith("*") and value.startswith("urn:epc:idpat:"):
            stem = ids.canonical(value)
            q |= Q(epc=stem) | Q(epc__startswith=stem + "/")
        else:
            q |= Q(epc=ids.canonical(value))
    return Q(pk__in=EventEpc.objects.filter(q, role__in=roles).values("event_id"))


def _token(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _untoken(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        return {"t": datetime.fromisoformat(data["t"]), "id": int(data["id"])}
    except (ValueError, KeyError, TypeError) as exc:
        raise EpcisProblem(
            _("nextPageToken is not one this repository gave."),
            problem_type="epcisException:QueryParameterException",
            field="nextPageToken",
        ) from exc


@dataclass
class EventPage:
    events: list[Event]
    next_token: str = ""
    params: dict[str, str] = field(default_factory=dict)


def events_query(*, actor: Actor, params: dict[str, str]) -> EventPage:
    """One page of the events matching the standard's query parameters (all ANDed; a
    comma-separated value ORs its parts), ordered by event time; ``nextPageToken`` continues."""
    unknown = sorted(
        k for k in params if k not in KNOWN and not k.startswith(("EQ_source_", "EQ_destination_"))
    )
    if unknown:
        raise EpcisProblem(
            _("Unknown query parameter %(name)s."),
            problem_type="epcisException:QueryParameterException",
            name=unknown[0],
            field=unknown[0],
        )
    qs = visible_events(actor)
    for name, raw in params.items():
        values = _values(raw)
        if name == "eventType":
            bad = [v for v in values if v not in EventType.values]
            if bad:
                raise EpcisProblem(
                    _("Unknown event type %(value)s."),
                    problem_type="epcisException:QueryParameterException",
                    value=bad[0],
                    field=name,
                )
            qs = qs.filter(event_type__in=values)
        elif name == "GE_eventTime":
            qs = qs.filter(event_time__gte=_time(name, raw))
        elif name == "LT_eventTime":
            qs = qs.filter(event_time__lt=_time(name, raw))
        elif name == "GE_recordTime":
            qs = qs.filter(record_time__gte=_time(name, raw))
        elif name == "LT_recordTime":
            qs = qs.filter(record_time__lt=_time(name, raw))
        elif name == "EQ_action":
            qs = qs.filter(action__in=values)
        elif name == "EQ_bizStep":
            qs = qs.filter(biz_step__in=[short_vocabulary(v) for v in values])
        elif name == "EQ_disposition":
            qs = qs.filter(disposition__in=[short_vocabulary(v) for v in values])
        elif name == "EQ_bizLocation":
            qs = qs.filter(biz_location__in=[ids.canonical(v) for v in values])
        elif name == "EQ_readPoint":
            qs = qs.filter(read_point__in=[ids.canonical(v) for v in values])
        elif name == "EQ_eventID":
            qs = qs.filter(event_id__in=values)
        elif name in MATCH_ROLES:
            qs = qs.filter(_epc_q(name, values))
        elif name in EQ_PARTY or name.startswith(("EQ_source_", "EQ_destination_")):
            kind = PartyKind.SOURCE if name.startswith("EQ_source") else PartyKind.DESTINATION
            party = EventParty.objects.filter(
                kind=kind, value__in=[ids.canonical(v) for v in values]
            )
            if "_" in name[3:]:
                party = party.filter(party_type=short_vocabulary(name.split("_", 2)[2]))
            qs = qs.filter(pk__in=party.values("event_id"))
    try:
        per_page = int(params.get("perPage") or DEFAULT_PER_PAGE)
    except ValueError:
        per_page = 0
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise EpcisProblem(
            _("perPage must be a whole number from 1 to %(max)s."),
            problem_type="epcisException:QueryParameterException",
            max=MAX_PER_PAGE,
            field="perPage",
        )
    if params.get("nextPageToken"):
        after = _untoken(params["nextPageToken"])
        qs = qs.filter(Q(event_time__gt=after["t"]) | Q(event_time=after["t"], pk__gt=after["id"]))
    rows = list(qs.order_by("event_time", "pk")[: per_page + 1])
    token = ""
    if len(rows) > per_page:
        rows = rows[:per_page]
        last = rows[-1]
        token = _token({"t": last.event_time.isoformat(), "id": last.pk})
    return EventPage(events=rows, next_token=token, params=params)


def event_get(*, actor: Actor, event_id: str) -> Event:
    """One event the actor may read, by its eventID."""
    event = visible_events(actor).filter(event_id=event_id).first()
    if event is None:
        raise NotFound
    return event


# ------------------------------------------------------------------------------------------
# Trace
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reached:
    """One identifier a trace reached: its depth (steps from the start) and how."""

    id: str
    depth: int
    kind: str = ""
    via: str = ""
    quantity: float | None = None
    uom: str = ""

    @property
    def label(self) -> str:
        return ids.label(self.id)


@dataclass
class Trace:
    start: str
    direction: str
    nodes: list[Reached]
    edges: list[tuple[str, str, str, float | None, str]]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.start,
            "direction": self.direction,
            "reached": [
                {"id": n.id, "depth": n.depth, "kind": n.kind, "quantity": n.quantity, "uom": n.uom}
                for n in self.nodes
            ],
            "edges": [
                {"from": s, "to": d, "kind": k, "quantity": q, "uom": u}
                for s, d, k, q, u in self.edges
            ],
        }


def _adapt(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def trace_walk(
    start: str,
    *,
    direction: str,
    since: datetime | None = None,
    until: datetime | None = None,
    max_depth: int = MAX_DEPTH,
    owner_id: int | None = None,
) -> Trace:
    """Every identifier reached from ``start`` (canonicalised), with its smallest depth, by one
    recursive query; ``owner_id`` limits the walk to edges of events that enterprise sees."""
    node = ids.canonical(start)
    table = Edge._meta.db_table
    party = EventParty._meta.db_table
    near, far = ("src", "dst") if direction == "forward" else ("dst", "src")
    order = ">=" if direction == "forward" else "<="
    lo = _adapt(since or datetime(1970, 1, 1, tzinfo=datetime.now().astimezone().tzinfo))
    hi = _adapt(until or datetime(9999, 1, 1, tzinfo=datetime.now().astimezone().tzinfo))
    scope_sql, scope_params = "", []
    if owner_id is not None:
        scope_sql = (
            f" AND (e.owner_id = %s OR e.event_id IN (SELECT p.event_id FROM {party} p"
            " WHERE p.enterprise_id = %s AND p.kind IN ('source', 'destination')))"
        )
        scope_params = [owner_id, owner_id]
    start_t = lo if direction == "forward" else hi
    # PostgreSQL types the recursive columns from the first term: say them (SQLite needs no cast)
    pg = connection.vendor == "postgresql"
    first = "CAST(%s AS TEXT), 0, CAST(%s AS TIMESTAMPTZ)" if pg else "%s, 0, %s"
    step = f"CAST(e.{far} AS TEXT)" if pg else f"e.{far}"
    sql = f"""
        WITH RECURSIVE reach(node, depth, t) AS (
            SELECT {first}
            UNION
            SELECT {step}, r.depth + 1, e.event_time
            FROM reach r JOIN {table} e ON e.{near} = r.node
            WHERE r.depth < %s AND e.event_time {order} r.t
              AND e.event_time >= %s AND e.event_time <= %s{scope_sql}
        )
        SELECT node, MIN(depth) FROM reach GROUP BY node ORDER BY MIN(depth), node
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [node, start_t, max_depth, lo, hi, *scope_params])
        reached = cursor.fetchall()
    depth = dict(reached)
    edges: list[tuple[str, str, str, float | None, str]] = []
    info: dict[str, tuple[str, str, float | None, str]] = {}
    names = list(depth)
    for chunk in range(0, len(names), 900):
        part = names[chunk : chunk + 900]
        filt = Q(**{f"{near}__in": part})
        if since:
            filt &= Q(event_time__gte=since)
        if until:
            filt &= Q(event_time__lte=until)
        if owner_id is not None:
            filt &= Q(owner_id=owner_id) | Q(
                event__parties__enterprise_id=owner_id,
                event__parties__kind__in=("source", "destination"),
            )
        for s, d, k, q, u in (
            Edge.objects.filter(filt)
            .values_list("src", "dst", "kind", "quantity", "uom")
            .distinct()
        ):
            a, b = (s, d) if direction == "forward" else (d, s)
            if b not in depth or depth[b] != depth.get(a, 0) + 1:
                continue
            edges.append((s, d, k, q, u))
            info.setdefault(b, (k, a, q, u))
    nodes = [Reached(n, d, *(info.get(n) or ("", "", None, ""))) for n, d in reached]
    return Trace(start=node, direction=direction, nodes=nodes, edges=edges)


def trace_for(
    *,
    actor: Actor,
    start: str,
    direction: str,
    since: datetime | None = None,
    until: datetime | None = None,
    max_depth: int = MAX_DEPTH,
) -> Trace:
    """A trace the actor may run: an enterprise over the events it sees, authority officers and
    admins over the whole genealogy."""
    if not may_trace(actor):
        raise NotFound
    if direction not in ("forward", "backward"):
        raise EpcisProblem(_("direction must be forward or backward"), field="direction")
    if not 0 < max_depth <= MAX_DEPTH:
        raise EpcisProblem(_("depth must be from 1 to %(max)s"), field="depth", max=MAX_DEPTH)
    return trace_walk(
        start,
        direction=direction,
        since=since,
        until=until,
        max_depth=max_depth,
        owner_id=trace_owner_scope(actor),
    )


def parties_of(identifiers: Iterable[str]) -> dict[str, int | None]:
    """The enterprise of each party identifier (GLN, PGLN) reached, where a prefix resolves it."""
    out: dict[str, int | None] = {}
    names = list(identifiers)
    for chunk in range(0, len(names), 900):
        for value, ent in EventParty.objects.filter(
            value__in=names[chunk : chunk + 900]
        ).values_list("value", "enterprise_id"):
            if out.get(value) is None:
                out[value] = ent
    return out


def party_names(identifiers: Iterable[str]) -> dict[str, str]:
    """The enterprise name (in the page's language) of each party or place identifier that a
    company prefix resolves (GLN, PGLN); others are left out."""
    from qualitas.registry.models import Enterprise

    owners = {k: v for k, v in parties_of(identifiers).items() if v is not None}
    if not owners:
        return {}
    enterprises = {e.pk: e for e in Enterprise.objects.filter(pk__in=set(owners.values()))}
    out = {}
    for value, ent in owners.items():
        e = enterprises.get(ent) if ent is not None else None
        if e is not None:
            out[value] = str(e)
    return out
