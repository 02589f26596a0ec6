"""Capture's fast paths keep its behaviour: the compiled schema decides exactly as jsonschema does,
the rows written by COPY / executemany are those the events name, and nothing is half-stored."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.traceability.helpers import (
    CHAIN_A,
    COMMISSION,
    PACK,
    PALLET,
    RECEIVE,
    SHIP,
    TRANSFORM,
    document,
    give_prefixes,
    post,
)

WRONG_VALUES: list[Any] = [None, True, -1, 1.5, "", "not a uri", "ADD", [], ["x y"], {}, {"id": 1}]


def _reference_events(reference_dir: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for folder in ("gs1", "openepcis"):
        for path in sorted((reference_dir / "epcis" / folder).rglob("*.json*")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            body = doc.get("epcisBody") if isinstance(doc, dict) else None
            if isinstance(body, dict) and isinstance(body.get("eventList"), list):
                events += [e for e in body["eventList"] if isinstance(e, dict)]
    return events


def _mutations(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event without each of its keys, with each top-level and nested value replaced by
    wrong ones, and with an unknown bare key."""
    out = []
    for key in event:
        out.append({k: v for k, v in event.items() if k != key})
        for wrong in WRONG_VALUES:
            out.append({**event, key: wrong})
        value = event[key]
        if isinstance(value, list) and value:
            for wrong in WRONG_VALUES:
                out.append({**event, key: [wrong, *value[1:]]})
            if isinstance(value[0], dict):
                for inner in value[0]:
                    for wrong in WRONG_VALUES:
                        out.append({**event, key: [{**value[0], inner: wrong}]})
        if isinstance(value, dict):
            for inner in value:
                for wrong in WRONG_VALUES:
                    out.append({**event, key: {**value, inner: wrong}})
    out.append({**event, "unknownField": 1})
    out.append({**event, "example:extension": {"any": "thing"}})
    return out


def test_the_compiled_schema_decides_as_jsonschema_does(reference_dir):
    """On every event of the reference documents and thousands of mutations of them (and of
    this suite's chain), the fast check accepts exactly what jsonschema accepts."""
    from qualitas.traceability.schema import _EVENTS, _conforms

    events = _reference_events(reference_dir) + copy.deepcopy([*CHAIN_A, RECEIVE, TRANSFORM])
    assert len(events) > 50
    checked = disagreements = 0
    refused = 0
    examples = []
    for event in events:
        for variant in [event, *_mutations(event)]:
            kind = variant.get("type")
            if not isinstance(kind, str) or kind not in _EVENTS:
                continue
            slow = not any(True for _e in _EVENTS[kind].iter_errors(variant))
            fast = _conforms(kind, variant)
            checked += 1
            refused += not slow
            if slow != fast:
                disagreements += 1
                examples.append((slow, fast, variant))
    assert checked > 5000 and refused > 1000
    assert disagreements == 0, examples[:3]


def test_the_compiled_schema_decides_the_envelope_as_jsonschema_does():
    from qualitas.traceability.schema import _DOC, _conforms

    good = document(CHAIN_A)
    variants = [good]
    for key in good:
        variants.append({k: v for k, v in good.items() if k != key})
        variants += [{**good, key: wrong} for wrong in WRONG_VALUES]
    variants.append({**good, "epcisBody": {"eventList": [{"type": "ThingEvent"}]}})
    variants.append({**good, "epcisBody": {"eventList": [{"no": "type"}]}})
    variants.append({**good, "schemaVersion": "1.2"})
    for variant in variants:
        slow = not any(True for _e in _DOC.iter_errors(variant))
        assert _conforms("", variant) == slow, variant


@pytest.mark.django_db
def test_captured_rows_are_those_the_events_name(world, client_for):
    """The identifier, party and genealogy rows written for a capture (with quantities, units,
    times and owners) are the ones the events name; each points at its event."""
    from qualitas.traceability.identifiers import canonical
    from qualitas.traceability.models import Edge, Event, EventEpc, EventParty

    give_prefixes(world)
    c = client_for("enterprise")
    assert post(c, document(CHAIN_A)).status_code == 202
    events = {e.event_id: e for e in Event.objects.all()}
    assert set(events) == {e["eventID"] for e in CHAIN_A}
    transform = events[TRANSFORM["eventID"]]
    assert transform.document == TRANSFORM and transform.enterprise_id == world.ent_a.pk
    assert transform.event_time.isoformat() == "2026-11-01T06:00:00+00:00"
    cells = canonical(TRANSFORM["inputQuantityList"][0]["epcClass"])
    packs = canonical(TRANSFORM["outputQuantityList"][0]["epcClass"])
    assert set(
        EventEpc.objects.filter(event=transform).values_list(
            "epc", "role", "is_class", "quantity", "uom"
        )
    ) == {(cells, "input", True, 800.0, "H87"), (packs, "output", True, 100.0, "H87")}
    assert list(
        Edge.objects.filter(event=transform).values_list(
            "src", "dst", "kind", "quantity", "uom", "owner_id", "event_time"
        )
    ) == [(cells, packs, "transformation", 100.0, "H87", world.ent_a.pk, transform.event_time)]
    ship = events[SHIP["eventID"]]
    destinations = EventParty.objects.filter(event=ship, kind="destination")
    assert {(p.value, p.enterprise_id) for p in destinations} == {
        (canonical(d["destination"]), world.ent_b.pk) for d in SHIP["destinationList"]
    }
    assert {e.dst for e in Edge.objects.filter(event=ship, src=canonical(PALLET))} == {
        canonical(d["destination"]) for d in SHIP["destinationList"]
    }
    commission = events[COMMISSION["eventID"]]
    assert EventEpc.objects.get(event=commission).quantity == 1000.0
    assert not Edge.objects.filter(event=commission).exists()


@pytest.mark.django_db
def test_a_foreign_event_under_rollback_stores_nothing_of_the_document(world, client_for):
    """One event naming another enterprise's identifiers among the capturer's own: under
    rollback no event, identifier, party or edge is written; under proceed the others are."""
    from qualitas.traceability.models import Edge, Event, EventEpc, EventParty

    give_prefixes(world)
    c = client_for("enterprise")  # enterprise A, prefix 6901234
    site_c = {"id": "urn:epc:id:sgln:6909999.00001.0"}
    foreign = dict(  # C's lot commissioned at C's site
        COMMISSION,
        eventID="urn:uuid:6a1f0c1e-0000-4000-8000-0000000000ff",
        quantityList=[{"epcClass": "urn:epc:class:lgtin:6909999.012345.X1", "quantity": 5}],
        readPoint=site_c,
        bizLocation=site_c,
    )
    doc = document([COMMISSION, TRANSFORM, foreign, PACK])
    status = c.get(post(c, doc)["Location"]).json()
    assert status["storedCount"] == 0 and status["errors"][0]["eventIndex"] == 2
    for model in (Event, EventEpc, EventParty, Edge):
        assert not model.objects.exists(), model
    status = c.get(post(c, doc, HTTP_GS1_CAPTURE_ERROR_BEHAVIOUR="proceed")["Location"]).json()
    assert status["storedCount"] == 3
    assert [e["status"] for e in status["events"]] == ["stored", "stored", "error", "stored"]
    assert Event.objects.count() == 3 and Edge.objects.count() == 2
    assert not Event.objects.filter(event_id=foreign["eventID"]).exists()
