"""Traceability benchmarks on PostgreSQL (issue 12's performance targets).

* capture with full schema validation and hashing: ≥ 10,000 events/s in bulk, printed beside
  the COPY rate of the same event rows into a table of the same shape (the floor);
* forward and backward trace over a generated supply chain (default 100,000 lots, 1,000,000
  events, depth up to 8, each lot feeding 1–3 lots of the next layer): p95 < 50 ms, beside the
  p95 of a one-hop indexed lookup;
* recall scope of a lot that feeds 10,000 downstream lots: < 1 s.

Database: ``DATABASE_URL`` when set, otherwise the pgserver wheel in ``var/bench-pg`` (kept).
Run: ``.venv/bin/python benchmarks/traceability.py [--lots N --events N --capture N]``.
Prints absolute figures and the ratios in the same run; exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def _event(i: int) -> dict:
    lot = f"urn:epc:class:lgtin:6901234.012345.B{i // 50}"
    kind = i % 4
    base = {
        "eventTime": (T0 + timedelta(seconds=i)).isoformat(),
        "eventTimeZoneOffset": "+08:00",
        "readPoint": {"id": "urn:epc:id:sgln:6901234.00001.0"},
    }
    if kind == 0:
        return {
            **base,
            "type": "ObjectEvent",
            "action": "ADD",
            "bizStep": "commissioning",
            "quantityList": [{"epcClass": lot, "quantity": 100, "uom": "H87"}],
        }
    if kind == 1:
        return {
            **base,
            "type": "TransformationEvent",
            "bizStep": "assembling",
            "inputQuantityList": [{"epcClass": lot, "quantity": 100, "uom": "H87"}],
            "outputQuantityList": [
                {"epcClass": f"urn:epc:class:lgtin:6901234.054321.P{i}", "quantity": 10}
            ],
        }
    if kind == 2:
        return {
            **base,
            "type": "AggregationEvent",
            "action": "ADD",
            "bizStep": "packing",
            "parentID": f"urn:epc:id:sscc:6901234.{i % 10**10:010d}",
            "childQuantityList": [
                {"epcClass": f"urn:epc:class:lgtin:6901234.054321.P{i - 1}", "quantity": 10}
            ],
        }
    return {
        **base,
        "type": "ObjectEvent",
        "action": "OBSERVE",
        "bizStep": "shipping",
        "epcList": [f"urn:epc:id:sscc:6901234.{(i - 1) % 10**10:010d}"],
        "destinationList": [
            {"type": "owning_party", "destination": "urn:epc:id:pgln:6905678.00000"}
        ],
    }


def bench_capture(n: int, run: str) -> tuple[float, float]:
    from django.db import connection

    from qualitas.traceability.models import Capture, Event
    from qualitas.traceability.schema import validate_document
    from qualitas.traceability.services import capture_process
    from qualitas.traceability.services.capture import EVENT_COLUMNS

    events = [_event(i) for i in range(n)]
    for i, e in enumerate(events):
        e["eventID"] = f"urn:uuid:bench-{run}-{i}"
    chunk = 5_000
    t = time.perf_counter()
    for start in range(0, n, chunk):
        doc = {
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": T0.isoformat(),
            "epcisBody": {"eventList": events[start : start + chunk]},
        }
        assert not validate_document(doc)
        capture = Capture.objects.create(
            document=doc, event_count=len(doc["epcisBody"]["eventList"])
        )
        capture_process(capture)
    capture_s = time.perf_counter() - t
    # the floor: COPY of the same event rows (columns and JSON documents) into a like table
    columns = [c for c in EVENT_COLUMNS if c not in ("capture_id", "record_time")]
    rows = list(
        Event.objects.filter(event_id__startswith=f"urn:uuid:bench-{run}-").values_list(*columns)
    )
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_event_copy")
        cur.execute("CREATE TABLE bench_event_copy (LIKE traceability_event INCLUDING DEFAULTS)")
        cur.execute(
            "ALTER TABLE bench_event_copy ALTER COLUMN id DROP NOT NULL, ALTER COLUMN capture_id DROP NOT NULL"
        )
        t = time.perf_counter()
        with cur.connection.cursor().copy(
            f"COPY bench_event_copy ({', '.join(columns)}, record_time) FROM STDIN"
        ) as copy:
            now = datetime.now(UTC)
            for r in rows:
                copy.write_row([*r[:-1], json.dumps(r[-1]), now])
        copy_s = time.perf_counter() - t
        cur.execute("DROP TABLE bench_event_copy")
    return n / capture_s, len(rows) / copy_s


CHAIN = "https://id.gs1.org/01/06901234000017/10/K"


def load_chain(lots: int, events: int) -> list[str]:
    """Lots in 8 layers: each lot of a layer feeds 1–3 lots of the next one (a transformation
    event), each lot of the last layer is shipped to 1–3 of 1,000 parties (a shipping event), so a
    trace is up to 8 steps deep; the other events up to ``events`` observe the lots (inspections,
    storage), which a trace does not follow. Written with COPY (the capture path is measured
    above); kept in the benchmark database for the next run."""
    from django.db import connection

    from qualitas.traceability.models import Edge

    names = [f"{CHAIN}{i}" for i in range(lots)]
    if Edge.objects.filter(src__startswith=CHAIN).exists():
        return names
    rng = random.Random(12)
    per_layer = lots // 8
    edges = []
    for layer in range(8):
        for i in range(layer * per_layer, (layer + 1) * per_layer):
            for _ in range(rng.randint(1, 3)):
                if layer < 7:
                    dst = names[(layer + 1) * per_layer + rng.randrange(per_layer)]
                    kind = "transformation"
                else:
                    dst, kind = (
                        f"https://id.gs1.org/417/69056780{rng.randrange(1000):04d}0",
                        "shipment",
                    )
                at = T0 + timedelta(days=layer, seconds=rng.randrange(3600))
                edges.append((names[i], dst, kind, at))
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO traceability_capture (capture_id, status, error_behaviour, event_count, stored_count,"
            " duplicate_count, errors, duplicates, created_at) VALUES (gen_random_uuid(), 'success', 'rollback',"
            " 0, 0, 0, '[]', '[]', now()) RETURNING id"
        )
        capture_id = cur.fetchone()[0]
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM traceability_event")
        first = cur.fetchone()[0] + 1
        with cur.connection.cursor().copy(
            "COPY traceability_event (id, event_id, event_hash, event_type, action, event_time, time_zone_offset,"
            " record_time, biz_step, disposition, read_point, biz_location, capture_id, document) FROM STDIN"
        ) as copy:
            now = datetime.now(UTC)
            for k in range(max(events, len(edges))):
                if k < len(edges):
                    kind, at = edges[k][2], edges[k][3]
                    row = ("TransformationEvent", "", at, "assembling")
                    if kind == "shipment":
                        row = ("ObjectEvent", "OBSERVE", at, "shipping")
                else:
                    at = T0 + timedelta(days=rng.randrange(8), seconds=rng.randrange(86400))
                    row = ("ObjectEvent", "OBSERVE", at, rng.choice(["inspecting", "storing"]))
                copy.write_row(
                    [first + k, f"urn:uuid:chain-{k}", "x", row[0], row[1], row[2], "+08:00", now]
                    + [row[3], "", "", "", capture_id, "{}"]
                )
        with cur.connection.cursor().copy(
            "COPY traceability_edge (src, dst, kind, event_time, event_id, uom, biz_step) FROM STDIN"
        ) as copy:
            for k, (s, d, kind, at) in enumerate(edges):
                step = "shipping" if kind == "shipment" else "assembling"
                copy.write_row([s, d, kind, at, first + k, "", step])
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('traceability_event', 'id'), (SELECT MAX(id) FROM traceability_event))"
        )
        cur.execute("ANALYZE traceability_edge")
        cur.execute("ANALYZE traceability_event")
    return names


def fan_out(root: str) -> None:
    """``root`` feeds 100 lots, each of them 100 more: 10,000 downstream lots."""
    from qualitas.traceability.models import Capture, Edge, Event

    if Edge.objects.filter(src=root).exists():
        return
    capture = Capture.objects.create(status="success")
    event = Event.objects.create(
        event_id="urn:uuid:fan-out",
        event_hash="x",
        event_type="TransformationEvent",
        event_time=T0,
        time_zone_offset="+08:00",
        capture=capture,
        document={},
    )
    rows = []
    for a in range(100):
        mid = f"{root}-M{a}"
        rows.append(
            Edge(src=root, dst=mid, kind="transformation", event_time=T0, event=event, quantity=100)
        )
        rows += [
            Edge(
                src=mid,
                dst=f"{mid}-D{b}",
                kind="transformation",
                event_time=T0 + timedelta(hours=1),
                event=event,
                quantity=10,
            )
            for b in range(100)
        ]
    Edge.objects.bulk_create(rows, batch_size=5000)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--capture", type=int, default=20_000)
    ap.add_argument("--traces", type=int, default=200)
    args = ap.parse_args()
    server = None
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "bench-pg"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode=None)
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qualitas.core.access import Actor
    from qualitas.core.choices import Role
    from qualitas.traceability.models import Edge, Event, Recall, RecallScopeItem
    from qualitas.traceability.selectors import trace_walk
    from qualitas.traceability.services import recall_scope_compute

    print(f"database: {connection.vendor}; machine: {os.cpu_count()} cores, shared")
    call_command("migrate", "--no-input", "-v", "0")
    failed = False

    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    rate, copy_rate = bench_capture(args.capture, run)
    print(
        f"capture (schema + hash + genealogy + insert): {rate:,.0f} events/s; COPY of the same rows: "
        f"{copy_rate:,.0f} rows/s; ratio {rate / copy_rate:.3f}; target ≥ 10,000 events/s: "
        f"{'met' if rate >= 10_000 else 'MISSED'}"
    )
    failed |= rate < 10_000

    t = time.perf_counter()
    names = load_chain(args.lots, args.events)
    print(
        f"supply chain: {args.lots:,} lots, {Event.objects.count():,} events, "
        f"{Edge.objects.count():,} edges (loaded in {time.perf_counter() - t:.0f} s)"
    )
    rng = random.Random(5)
    fwd, back, hop = [], [], []
    sizes: dict[str, list[int]] = {"forward": [], "backward": []}
    for _ in range(args.traces):
        start = names[rng.randrange(len(names))]
        t = time.perf_counter()
        sizes["forward"].append(len(trace_walk(start, direction="forward", max_depth=8).nodes))
        fwd.append(time.perf_counter() - t)
        t = time.perf_counter()
        sizes["backward"].append(len(trace_walk(start, direction="backward", max_depth=8).nodes))
        back.append(time.perf_counter() - t)
        t = time.perf_counter()
        list(Edge.objects.filter(src=start).values_list("dst", flat=True))
        hop.append(time.perf_counter() - t)
    for label, samples in (("forward", fwd), ("backward", back)):
        print(
            f"trace {label}: p95 {1000 * p95(samples):.1f} ms (median {1000 * statistics.median(samples):.1f} ms; "
            f"identifiers reached: median {statistics.median(sizes[label]):.0f}, max {max(sizes[label]):,}); "
            f"one-hop lookup p95 {1000 * p95(hop):.2f} ms; ratio {p95(samples) / p95(hop):.0f}; target p95 < 50 ms: "
            f"{'met' if p95(samples) < 0.05 else 'MISSED'}"
        )
        failed |= p95(samples) >= 0.05

    root = "https://id.gs1.org/01/06901234000017/10/FANOUT"
    fan_out(root)
    recall = Recall.objects.create(
        defect_source="own_finding", product_name="bench", defect_description="bench", lots=root
    )
    admin = Actor(user=None, role=Role.ADMIN)
    t = time.perf_counter()
    items = recall_scope_compute(actor=admin, recall=recall)
    scope_s = time.perf_counter() - t
    assert RecallScopeItem.objects.filter(recall=recall).count() == items
    t = time.perf_counter()
    trace_walk(root, direction="forward")
    walk_s = time.perf_counter() - t
    print(
        f"recall scope of a lot feeding 10,000 lots: {items:,} items in {scope_s:.2f} s "
        f"(the trace alone {walk_s:.2f} s, ratio {scope_s / walk_s:.1f}); target < 1 s: "
        f"{'met' if scope_s < 1 else 'MISSED'}"
    )
    failed |= scope_s >= 1
    recall.delete()
    if server is not None:
        server.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
