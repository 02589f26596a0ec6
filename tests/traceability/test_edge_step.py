"""The business step kept on each genealogy edge: written at capture, backfilled by the migration
for edges captured before it, and what the trace reports for each step."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.traceability.helpers import CHAIN_A, PALLET, document, give_prefixes, post


@pytest.mark.django_db(transaction=True)
def test_edges_captured_before_the_column_get_their_events_business_step(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from qualitas.traceability.models import Edge

    before = [("traceability", "0002_recall_recallprogress_recallscopeitem_and_more")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    when = datetime(2026, 11, 1, 9, tzinfo=UTC)
    capture = old.get_model("traceability", "Capture").objects.create()
    event_model = old.get_model("traceability", "Event")
    edge_model = old.get_model("traceability", "Edge")
    for n, step in enumerate(("shipping", "")):
        event = event_model.objects.create(
            event_id=f"urn:uuid:backfill-{n}",
            event_hash=f"h{n}",
            event_type="ObjectEvent",
            event_time=when,
            time_zone_offset="+08:00",
            biz_step=step,
            capture=capture,
            document={},
        )
        edge_model.objects.create(
            src=f"lot-{n}", dst=f"party-{n}", kind="shipment", event_time=when, event=event
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Edge.objects.values_list("src", "biz_step")) == {"lot-0": "shipping", "lot-1": ""}


@pytest.mark.django_db
def test_capture_writes_the_step_on_each_edge_and_the_trace_reads_it(world, client_for):
    from qualitas.traceability.identifiers import canonical
    from qualitas.traceability.models import Edge
    from qualitas.traceability.selectors import trace_walk

    give_prefixes(world)
    assert post(client_for("enterprise"), document(CHAIN_A)).status_code == 202
    steps = {(e.kind, e.biz_step) for e in Edge.objects.select_related("event")}
    assert steps == {
        ("transformation", "assembling"),
        ("aggregation", "packing"),
        ("shipment", "shipping"),
    }
    assert all(e.biz_step == e.event.biz_step for e in Edge.objects.select_related("event"))
    trace = trace_walk(canonical(PALLET), direction="forward")
    assert {n.step for n in trace.nodes if n.depth == 1} == {"shipping"}
