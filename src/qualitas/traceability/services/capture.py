"""EPCIS capture: validate a document, store its events once, derive the genealogy.

:func:`capture_submit` runs in the request: it checks the size and the schema (a document that
fails is refused whole under ``rollback``; under ``proceed`` its failing events are reported and
the others stored) and schedules :func:`capture_process` (a background task). That step checks
that every event is the capturer's (its identifiers or its place carry one of the enterprise's
GS1 prefixes; admins capture for anyone), skips events already stored (by eventID, or by the
event hash when no eventID was given — then the hash becomes the eventID) and stores the rest
with their identifiers, parties and genealogy edges, all in one transaction or, under
``rollback`` with any problem, nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    captures_any_identifier,
    may_capture_epcis,
)
from qualitas.core.audit import audit_append
from qualitas.traceability import identifiers as ids
from qualitas.traceability.choices import (
    CaptureStatus,
    EdgeKind,
    EpcRole,
    ErrorBehaviour,
    PartyKind,
)
from qualitas.traceability.errors import EpcisProblem
from qualitas.traceability.hashing import event_hash, short_vocabulary
from qualitas.traceability.models import (
    Capture,
    CompanyPrefix,
    Edge,
    Event,
    EventEpc,
    EventParty,
)
from qualitas.traceability.rows import write_rows
from qualitas.traceability.schema import validate_document
from qualitas.traceability.xml_binding import document_from_xml

CAPTURE_MAX_EVENTS = 10_000
CAPTURE_MAX_BYTES = 20 * 1024 * 1024

_EPC_LISTS = (
    ("epcList", EpcRole.EPC),
    ("childEPCs", EpcRole.CHILD),
    ("inputEPCList", EpcRole.INPUT),
    ("outputEPCList", EpcRole.OUTPUT),
)
_QTY_LISTS = (
    ("quantityList", EpcRole.EPC),
    ("childQuantityList", EpcRole.CHILD),
    ("inputQuantityList", EpcRole.INPUT),
    ("outputQuantityList", EpcRole.OUTPUT),
)


def _check_size(raw: bytes) -> None:
    if len(raw) > CAPTURE_MAX_BYTES:
        raise EpcisProblem(
            _("The document is larger than %(limit)s bytes."),
            problem_type="epcisException:CaptureLimitExceededException",
            status=413,
            limit=CAPTURE_MAX_BYTES,
        )


def parse_xml_document(raw: bytes) -> dict[str, Any]:
    """The JSON-LD form of an XML capture body (EPCIS 2.0 XML binding), which then takes the
    JSON-LD path; an oversize, unsafe or unreadable body is refused naming the element."""
    _check_size(raw)
    return document_from_xml(raw)


def parse_document(raw: bytes) -> Any:
    """The JSON of a capture body; an oversize or unreadable body is refused (413 / 400)."""
    _check_size(raw)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise EpcisProblem(
            _("The body is not valid JSON: %(error)s"), error=str(exc), field="body"
        ) from exc


def _problem_rows(problems: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"eventIndex": p.event_index, "pointer": p.pointer, "detail": p.message} for p in problems
    ]


def capture_submit(*, actor: Actor, document: Any, error_behaviour: str = "rollback") -> Capture:
    """Accept a document for capture: checks the envelope, the schema and the limits now,
    stores the events in the background (:func:`capture_process`)."""
    if not may_capture_epcis(actor):
        raise NotFound
    if error_behaviour not in ErrorBehaviour.values:
        raise EpcisProblem(
            _("GS1-Capture-Error-Behaviour must be rollback or proceed, not %(value)s."),
            value=error_behaviour,
            field="GS1-Capture-Error-Behaviour",
        )
    problems = validate_document(document)
    envelope = [p for p in problems if p.event_index is None]
    if envelope or (problems and error_behaviour == ErrorBehaviour.ROLLBACK):
        first = problems[0]
        raise EpcisProblem(
            _("The document does not conform to the EPCIS 2.0 schema (%(where)s: %(detail)s)."),
            where=first.pointer or "/",
            detail=first.message,
            errors=_problem_rows(problems),
        )
    events = document["epcisBody"]["eventList"]
    if len(events) > CAPTURE_MAX_EVENTS:
        raise EpcisProblem(
            _("The document has %(count)s events; at most %(limit)s are captured at once."),
            problem_type="epcisException:CaptureLimitExceededException",
            status=413,
            count=len(events),
            limit=CAPTURE_MAX_EVENTS,
        )
    with transaction.atomic():
        capture = Capture.objects.create(
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
            enterprise_id=actor.enterprise_id,
            error_behaviour=error_behaviour,
            event_count=len(events),
            errors=_problem_rows(problems),
            document=document,
        )
        from qualitas.traceability.tasks import run_capture

        pk = capture.pk
        transaction.on_commit(lambda: run_capture.enqueue(capture_pk=pk))
    return capture


def company_prefix_set(enterprise_id: int | None = None) -> dict[str, int]:
    """Every registered prefix → its enterprise (or one enterprise's)."""
    qs = CompanyPrefix.objects.all()
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    return dict(qs.values_list("prefix", "enterprise_id"))


def _owner(identifier: str, prefixes: dict[str, int], lengths: list[int]) -> int | None:
    digits = ids.company_digits(identifier)
    if not digits:
        return None
    for n in lengths:  # longest first
        hit = prefixes.get(digits[:n])
        if hit is not None:
            return hit
    return None


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class _Built:
    """The rows of one event before they are written: the event's columns, and its identifier,
    party and genealogy rows (each without the event's primary key, known only once stored)."""

    __slots__ = ("biz_location", "edges", "epcs", "event_id", "parties", "read_point", "row")

    def __init__(
        self, event_id: str, read_point: str, biz_location: str, row: tuple[Any, ...]
    ) -> None:
        self.event_id = event_id
        self.read_point = read_point
        self.biz_location = biz_location
        self.row = row  # the columns of EVENT_COLUMNS but the document, as JSON text last
        self.epcs: list[tuple[str, str, bool, float | None, str]] = []
        self.parties: list[tuple[str, str, str, int | None]] = []
        self.edges: list[tuple[str, str, str, datetime, int | None, float | None, str, str]] = []


EVENT_COLUMNS = (
    "event_id",
    "event_hash",
    "event_type",
    "action",
    "event_time",
    "time_zone_offset",
    "biz_step",
    "disposition",
    "read_point",
    "biz_location",
    "enterprise_id",
    "document",
    "capture_id",
    "record_time",
)
EPC_COLUMNS = ("epc", "role", "is_class", "quantity", "uom", "event_id")
PARTY_COLUMNS = ("kind", "party_type", "value", "enterprise_id", "event_id")
EDGE_COLUMNS = (
    "src",
    "dst",
    "kind",
    "event_time",
    "owner_id",
    "quantity",
    "uom",
    "biz_step",
    "event_id",
)


def _build(
    raw: dict[str, Any],
    *,
    context: Any,
    capture: Capture,
    prefixes: dict[str, int],
    lengths: list[int],
) -> tuple[_Built, list[str]]:
    """The rows of one event, and the canonical GS1 identifiers it names (for the owner check)."""
    hashed = event_hash(raw, document_context=context)
    event_id = raw.get("eventID") or hashed
    stored = dict(raw)
    stored["eventID"] = event_id
    when = _parse_time(raw["eventTime"])
    biz_step = short_vocabulary(raw.get("bizStep", ""))
    read_point = ids.canonical(raw.get("readPoint", {}).get("id", ""))
    biz_location = ids.canonical(raw.get("bizLocation", {}).get("id", ""))
    built = _Built(
        event_id,
        read_point,
        biz_location,
        (
            event_id,
            hashed,
            raw["type"],
            raw.get("action", ""),
            when,
            raw["eventTimeZoneOffset"],
            biz_step,
            short_vocabulary(raw.get("disposition", "")),
            read_point,
            biz_location,
            capture.enterprise_id,
            json.dumps(stored),
        ),
    )
    named: list[str] = []
    by_role: dict[str, list[tuple[str, float | None, str]]] = {}
    for key, role in _EPC_LISTS:
        for value in raw.get(key, []):
            epc = ids.canonical(value)
            built.epcs.append((epc, role, False, None, ""))
            by_role.setdefault(role, []).append((epc, None, ""))
            named.append(epc)
    for key, role in _QTY_LISTS:
        for q in raw.get(key, []):
            epc = ids.canonical(q["epcClass"])
            amount = q.get("quantity")
            built.epcs.append((epc, role, True, amount, q.get("uom", "")))
            by_role.setdefault(role, []).append((epc, amount, q.get("uom", "")))
            named.append(epc)
    parent = ids.canonical(raw["parentID"]) if raw.get("parentID") else ""
    if parent:
        built.epcs.append((parent, EpcRole.PARENT, False, None, ""))
        named.append(parent)
    destinations: list[str] = []
    for kind, key, field_name in (
        (PartyKind.SOURCE, "sourceList", "source"),
        (PartyKind.DESTINATION, "destinationList", "destination"),
    ):
        for item in raw.get(key, []):
            value = ids.canonical(item[field_name])
            built.parties.append(
                (
                    kind,
                    short_vocabulary(item.get("type", "")),
                    value,
                    _owner(value, prefixes, lengths),
                )
            )
            if kind == PartyKind.DESTINATION:
                destinations.append(value)
    for kind, value in ((PartyKind.READ_POINT, read_point), (PartyKind.BIZ_LOCATION, biz_location)):
        if value:
            built.parties.append((kind, "", value, _owner(value, prefixes, lengths)))

    owner = capture.enterprise_id

    def edge(src: str, dst: str, kind: str, quantity: float | None = None, uom: str = "") -> None:
        built.edges.append((src, dst, kind, when, owner, quantity, uom, biz_step))

    objects = by_role.get(EpcRole.EPC, [])
    children = by_role.get(EpcRole.CHILD, [])
    action = raw.get("action", "")
    if raw["type"] == "TransformationEvent":
        for src, _q, _u in by_role.get(EpcRole.INPUT, []):
            for dst, quantity, uom in by_role.get(EpcRole.OUTPUT, []):
                edge(src, dst, EdgeKind.TRANSFORMATION, quantity, uom)
    elif raw["type"] in ("AggregationEvent", "AssociationEvent") and parent and action == "ADD":
        step = EdgeKind.AGGREGATION if raw["type"] == "AggregationEvent" else EdgeKind.ASSOCIATION
        for src, quantity, uom in children:
            edge(src, parent, step, quantity, uom)
    moved = list(objects)
    if raw["type"] == "AggregationEvent" and parent:
        moved.append((parent, None, ""))
    if raw["type"] == "TransactionEvent" and action != "DELETE":
        for bt in raw.get("bizTransactionList", []):
            for src, quantity, uom in moved:
                edge(src, ids.canonical(bt["bizTransaction"]), EdgeKind.TRANSACTION, quantity, uom)
    if not destinations and biz_step == "receiving" and biz_location:
        destinations = [biz_location]
    for place in dict.fromkeys(destinations):
        for src, quantity, uom in moved:
            edge(src, place, EdgeKind.SHIPMENT, quantity, uom)
    return built, [n for n in named if ids.company_digits(n)]


def _store(fresh: list[_Built], capture: Capture) -> list[int]:
    """Write the new events and their rows (inside the caller's transaction); their primary keys."""
    now = timezone.now()
    write_rows(Event._meta.db_table, EVENT_COLUMNS, (b.row + (capture.pk, now) for b in fresh))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT event_id, id FROM {Event._meta.db_table} WHERE capture_id = %s", [capture.pk]
        )
        pks = dict(cursor.fetchall())
    keyed = [(pks[b.event_id], b) for b in fresh]
    write_rows(EventEpc._meta.db_table, EPC_COLUMNS, (r + (pk,) for pk, b in keyed for r in b.epcs))
    write_rows(
        EventParty._meta.db_table, PARTY_COLUMNS, (r + (pk,) for pk, b in keyed for r in b.parties)
    )
    write_rows(Edge._meta.db_table, EDGE_COLUMNS, (r + (pk,) for pk, b in keyed for r in b.edges))
    return [pk for pk, _b in keyed]


def _is_own(built: _Built, named: list[str], own: tuple[str, ...]) -> bool:
    """An event is the capturer's when its place is its own, or every GS1 identifier it names is."""
    places = [built.read_point, built.biz_location]
    if any(p and ids.owned_by(p, own) for p in places):
        return True
    return bool(named) and all(ids.owned_by(n, own) for n in named)


def capture_process(capture: Capture) -> Capture:
    """Store a submitted capture's events (the background step); returns the finished capture."""
    document = capture.document or {}
    events = document.get("epcisBody", {}).get("eventList", [])
    context = document.get("@context")
    errors: list[dict[str, Any]] = list(capture.errors)
    skip = {e["eventIndex"] for e in errors}
    prefixes = company_prefix_set()
    lengths = sorted({len(p) for p in prefixes}, reverse=True)
    own = tuple(p for p, ent in prefixes.items() if ent == capture.enterprise_id)
    anyone = capture.enterprise_id is None and (
        capture.created_by is None or captures_any_identifier(_actor(capture))
    )
    built: list[tuple[int, _Built]] = []
    for i, raw in enumerate(events):
        if i in skip:
            continue
        rows, named = _build(
            raw, context=context, capture=capture, prefixes=prefixes, lengths=lengths
        )
        if not anyone and not _is_own(rows, named, own):
            errors.append(
                {
                    "eventIndex": i,
                    "eventID": rows.event_id,
                    "pointer": f"/epcisBody/eventList/{i}",
                    "detail": gettext(
                        "The event names identifiers and places that are not the capturing enterprise's (GS1 company prefixes)."
                    ),
                    "type": "epcisException:SecurityException",
                }
            )
            continue
        built.append((i, rows))
    # idempotent: an eventID stored before, or twice in this document, is a duplicate
    wanted = [b.event_id for _i, b in built]
    existing = set()
    for start in range(0, len(wanted), 900):
        existing |= set(
            Event.objects.filter(event_id__in=wanted[start : start + 900]).values_list(
                "event_id", flat=True
            )
        )
    duplicates: list[dict[str, Any]] = []
    fresh: list[_Built] = []
    seen: set[str] = set()
    for i, b in built:
        if b.event_id in existing or b.event_id in seen:
            duplicates.append({"eventIndex": i, "eventID": b.event_id})
            continue
        seen.add(b.event_id)
        fresh.append(b)
    failed = bool(errors) and capture.error_behaviour == ErrorBehaviour.ROLLBACK
    with transaction.atomic():
        if not failed and fresh:
            stored = _store(fresh, capture)
            from qualitas.traceability.services.queries import schedule_notifications

            schedule_notifications(stored)
        capture.errors = errors
        capture.duplicates = duplicates
        capture.duplicate_count = len(duplicates)
        capture.stored_count = 0 if failed else len(fresh)
        capture.status = CaptureStatus.FAILED if failed else CaptureStatus.SUCCESS
        capture.finished_at = timezone.now()
        capture.document = None
        capture.save()
        audit_append(
            actor=capture.created_by,
            action="epcis_capture",
            model="traceability.Capture",
            object_pk=capture.pk,
            changes={
                "stored": capture.stored_count,
                "duplicates": len(duplicates),
                "errors": len(errors),
            },
        )
    return capture


def _actor(capture: Capture) -> Actor:
    from qualitas.core.access import actor_for

    return actor_for(capture.created_by)
