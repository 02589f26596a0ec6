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
from datetime import UTC, datetime, timedelta
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
from qualitas.traceability.choices import BizStep, EdgeKind, EpcRole, EventType, PartyKind
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
    step: str = ""  # the business step (CBV bare name) of the event it was reached by

    @property
    def label(self) -> str:
        return ids.label(self.id)

    @property
    def step_label(self) -> str:
        """The business step's name in the active language (a step outside the CBV as given);
        without one, how the identifier was reached (packed into, shipped to …)."""
        if self.step:
            return str(BizStep(self.step).label) if self.step in BizStep.values else self.step
        return str(EdgeKind(self.kind).label) if self.kind in EdgeKind.values else self.kind


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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _time_key(value: datetime) -> Any:
    """A moment as the trace compares it in Python, like the database's own order: whole
    microseconds since 1970 on PostgreSQL (read as integers, much cheaper than datetimes), the
    stored text on SQLite."""
    if connection.vendor == "postgresql":
        return (value - _EPOCH) // timedelta(microseconds=1)
    return _adapt(value)


def _scope(owner_id: int | None) -> tuple[str, list[int]]:
    """The condition on an edge ``e`` that its event is one ``owner_id`` sees (none without)."""
    if owner_id is None:
        return "", []
    party = EventParty._meta.db_table
    return (
        f" AND (e.owner_id = %s OR e.event_id IN (SELECT p.event_id FROM {party} p"
        " WHERE p.enterprise_id = %s AND p.kind IN ('source', 'destination')))",
        [owner_id, owner_id],
    )


def _reach_pg(
    node: str,
    near: str,
    far: str,
    forward: bool,
    lo: Any,
    hi: Any,
    max_depth: int,
    owner_id: int | None,
) -> dict[str, int]:
    """PostgreSQL: the smallest depth of every identifier reached, by one recursive query. Each
    depth keeps one arrival per identifier, its earliest (forward) or latest (backward): the
    others lead nowhere it does not."""
    table = Edge._meta.db_table
    scope_sql, scope_params = _scope(owner_id)
    order, best = (">=", "ASC") if forward else ("<=", "DESC")
    sql = f"""
        WITH RECURSIVE reach(node, depth, t) AS (
            SELECT CAST(%s AS TEXT), 0, CAST(%s AS TIMESTAMPTZ)
            UNION ALL
            SELECT x.node, x.depth, x.t FROM (
                SELECT CAST(e.{far} AS TEXT) AS node, r.depth + 1 AS depth, e.event_time AS t,
                       row_number() OVER (PARTITION BY e.{far} ORDER BY e.event_time {best}) AS n
                FROM reach r JOIN {table} e ON e.{near} = r.node
                WHERE r.depth < %s AND e.event_time {order} r.t
                  AND e.event_time >= %s AND e.event_time <= %s{scope_sql}
            ) x WHERE x.n = 1
        )
        SELECT node, MIN(depth) FROM reach GROUP BY node
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [node, lo if forward else hi, max_depth, lo, hi, *scope_params])
        return dict(cursor.fetchall())


def _edges_from(
    near: str,
    nodes: list[str],
    lo: Any,
    hi: Any,
    owner_id: int | None,
) -> list[tuple[str, str, str, float | None, str, Any, str]]:
    """The edges leaving ``nodes`` (by their ``near`` end) within the time bounds and, with
    ``owner_id``, among the events that enterprise sees, by event time, each with its time as
    :func:`_time_key` gives it. One query on PostgreSQL (an array parameter), chunks of 900
    elsewhere."""
    table = Edge._meta.db_table
    scope_sql, scope_params = _scope(owner_id)
    pg = connection.vendor == "postgresql"
    chunks = [nodes] if pg else [nodes[i : i + 900] for i in range(0, len(nodes), 900)]
    rows: list[tuple[str, str, str, float | None, str, Any, str]] = []
    moment = "CAST(EXTRACT(EPOCH FROM e.event_time) * 1000000 AS BIGINT)" if pg else "e.event_time"
    with connection.cursor() as cursor:
        for chunk in chunks:
            match = (
                f"e.{near} = ANY(%s)" if pg else f"e.{near} IN ({', '.join(['%s'] * len(chunk))})"
            )
            cursor.execute(
                f"SELECT e.src, e.dst, e.kind, e.quantity, e.uom, {moment}, e.biz_step FROM {table} e"
                f" WHERE {match} AND e.event_time >= %s AND e.event_time <= %s{scope_sql}"
                " ORDER BY e.event_time, e.id",
                [*([chunk] if pg else chunk), lo, hi, *scope_params],
            )
            rows += cursor.fetchall()
    if not pg:  # SQLite returns its datetimes as text: compared as the database compares them
        rows = [(*r[:5], _adapt(r[5]) if isinstance(r[5], datetime) else r[5], r[6]) for r in rows]
    return rows


def trace_walk(
    start: str,
    *,
    direction: str,
    since: datetime | None = None,
    until: datetime | None = None,
    max_depth: int = MAX_DEPTH,
    owner_id: int | None = None,
) -> Trace:
    """Every identifier reached from ``start`` (canonicalised), with its smallest depth, and the
    edges between consecutive depths; ``owner_id`` limits the walk to edges of events that
    enterprise sees.

    Breadth first: a step is taken no earlier (forward) or no later (backward) than the one
    before it, so an identifier reached again is followed again only when it is reached earlier
    (forward) or later (backward) than before: any other arrival leads nowhere new. On
    PostgreSQL one recursive query finds the identifiers and one more their edges; elsewhere one
    query per depth looks up the identifiers reached at it together."""
    node = ids.canonical(start)
    near, far = ("src", "dst") if direction == "forward" else ("dst", "src")
    forward = direction == "forward"
    tz = datetime.now().astimezone().tzinfo
    lo = since or datetime(1970, 1, 1, tzinfo=tz)
    hi = until or datetime(9999, 1, 1, tzinfo=tz)
    depth: dict[str, int] = {node: 0}
    # the best arrival time of each identifier so far
    best: dict[str, Any] = {node: _time_key(lo) if forward else _time_key(hi)}
    frontier = {node: best[node]}
    listed: dict[tuple[str, str, str, float | None, str], str] = {}  # edge → business step
    if connection.vendor == "postgresql":  # two queries, whatever the depth
        depth = _reach_pg(node, near, far, forward, lo, hi, max_depth, owner_id)
        inner = [n for n, d in depth.items() if d < max_depth]
        for s, d, k, q, u, _when, step in _edges_from(near, inner, lo, hi, owner_id):
            listed.setdefault((s, d, k, q, u), step)
        frontier = {}
    for level in range(1, max_depth + 1):
        if not frontier:
            break
        arrivals: dict[str, Any] = {}
        for s, d, k, q, u, when, step in _edges_from(
            near, list(frontier), _adapt(lo), _adapt(hi), owner_id
        ):
            a, b = (s, d) if forward else (d, s)
            listed.setdefault((s, d, k, q, u), step)
            t = frontier[a]
            if (when < t) if forward else (when > t):
                continue
            depth.setdefault(b, level)
            old = arrivals.get(b, best.get(b))
            if old is None or ((when < old) if forward else (when > old)):
                arrivals[b] = when
        best.update(arrivals)
        frontier = arrivals
    edges: list[tuple[str, str, str, float | None, str]] = []
    info: dict[str, tuple[str, str, float | None, str, str]] = {}
    for (s, d, k, q, u), step in listed.items():
        a, b = (s, d) if forward else (d, s)
        if b not in depth or depth[b] != depth.get(a, 0) + 1:
            continue
        edges.append((s, d, k, q, u))
        info.setdefault(b, (k, a, q, u, step))
    nodes = [
        Reached(n, d, *(info.get(n) or ("", "", None, "", "")))
        for n, d in sorted(depth.items(), key=lambda item: (item[1], item[0]))
    ]
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
    """The enterprise of each party identifier (GLN, PGLN) reached, where a prefix resolves it
    (identifiers no prefix resolves are left out). One query on PostgreSQL, chunks of 900
    elsewhere."""
    out: dict[str, int | None] = {}
    names = list(identifiers)
    table = EventParty._meta.db_table
    pg = connection.vendor == "postgresql"
    chunks = [names] if pg else [names[i : i + 900] for i in range(0, len(names), 900)]
    with connection.cursor() as cursor:
        for chunk in chunks:
            if not chunk:
                continue
            match = "value = ANY(%s)" if pg else f"value IN ({', '.join(['%s'] * len(chunk))})"
            cursor.execute(
                f"SELECT DISTINCT value, enterprise_id FROM {table}"
                f" WHERE {match} AND enterprise_id IS NOT NULL ORDER BY value, enterprise_id",
                [chunk] if pg else chunk,
            )
            for value, ent in cursor.fetchall():
                out.setdefault(value, ent)
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
