"""The recursive trace forward and backward: API, CLI, page; against an independent graph walk."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from tests.traceability.helpers import CELLS, PACKS, PALLET, PARTY_B, SITE_B, capture_chain

pytestmark = pytest.mark.django_db

DL = {
    "cells": "https://id.gs1.org/01/06901234123457/10/CELL-2026-01",
    "packs": "https://id.gs1.org/01/05901234543217/10/PACK-2026-01",
}


def _ids(answer):
    return {r["id"]: r["depth"] for r in answer["reached"]}


def test_forward_from_the_cells_reaches_packs_pallet_and_the_holder(world, client_for):
    from qualitas.traceability.identifiers import canonical

    capture_chain(world, client_for)
    answer = client_for("authority").get(
        "/api/traceability/trace", {"direction": "forward", "id": CELLS}
    )
    assert answer.status_code == 200, answer.content
    reached = _ids(answer.json())
    assert reached[canonical(CELLS)] == 0
    assert reached[canonical(PACKS)] == 1
    assert reached[canonical(PALLET)] == 2
    assert reached[canonical(PARTY_B)] == 3  # shipped to B
    assert reached[canonical(SITE_B)] == 3  # received at B's site
    packs = next(r for r in answer.json()["reached"] if r["id"] == canonical(PACKS))
    assert packs["quantity"] == 100 and packs["kind"] == "transformation"


def test_backward_from_the_pallet_reaches_what_went_into_it(world, client_for):
    from qualitas.traceability.identifiers import canonical

    capture_chain(world, client_for)
    answer = (
        client_for("admin")
        .get("/api/traceability/trace", {"direction": "backward", "id": PALLET})
        .json()
    )
    assert _ids(answer) == {canonical(PALLET): 0, canonical(PACKS): 1, canonical(CELLS): 2}


def test_time_bounds_and_depth(world, client_for):
    capture_chain(world, client_for)
    c = client_for("admin")
    early = c.get(
        "/api/traceability/trace",
        {"direction": "forward", "id": CELLS, "until": "2026-11-01T23:00:00+08:00"},
    ).json()
    assert len(early["reached"]) == 2  # cells, packs: not yet packed
    shallow = c.get(
        "/api/traceability/trace", {"direction": "forward", "id": CELLS, "depth": 1}
    ).json()
    assert len(shallow["reached"]) == 2
    assert (
        c.get("/api/traceability/trace", {"direction": "sideways", "id": CELLS}).status_code == 422
    )
    assert (
        c.get(
            "/api/traceability/trace", {"direction": "forward", "id": CELLS, "depth": 99}
        ).status_code
        == 422
    )


def test_who_may_trace(world, client_for):
    capture_chain(world, client_for)
    params = {"direction": "forward", "id": CELLS}
    assert client_for("public").get("/api/traceability/trace", params).status_code == 401
    assert client_for("evaluator").get("/api/traceability/trace", params).status_code == 404
    # an enterprise traces over what it sees: C sees none of A's events
    assert (
        len(client_for("other_enterprise").get("/api/traceability/trace", params).json()["reached"])
        == 1
    )
    # A: its own events (the shipment to B's party), not B's receipt at B's site
    assert (
        len(client_for("enterprise").get("/api/traceability/trace", params).json()["reached"]) == 4
    )


def test_cli_json_lists_every_identifier_with_its_depth(world, client_for):
    from typer.testing import CliRunner

    from qualitas.cli import app

    capture_chain(world, client_for)
    result = CliRunner().invoke(app, ["trace", "forward", CELLS, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(r["depth"] for r in data["reached"]) == [0, 1, 2, 3, 3]
    table = CliRunner().invoke(app, ["trace", "backward", PALLET])
    assert table.exit_code == 0 and "PACK-2026-01" in table.output


def test_trace_page_draws_the_flow(world, client_for):
    capture_chain(world, client_for)
    page = client_for("enterprise").get("/trace/", {"id": CELLS, "direction": "forward"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="trace-chart"' in html and "sankey" in html
    assert "宁波华达机械股份有限公司" in html  # the holder, by name


@pytest.mark.parametrize(
    ("lang", "steps", "codes"),
    [
        ("en", ["Assembling", "Packing", "Shipping"], ["assembling", "transformation"]),
        ("zh-hans", ["组装", "包装", "发货"], ["Assembling", "transformation"]),
    ],
)
def test_trace_table_names_the_business_step_in_the_readers_language(
    world, client_for, lang, steps, codes
):
    """The Step column shows the CBV business step of the event each identifier was reached by,
    by its name in the page's language, not its code."""
    capture_chain(world, client_for)
    c = client_for("admin")
    html = c.get(
        "/trace/", {"id": CELLS, "direction": "forward"}, HTTP_ACCEPT_LANGUAGE=lang
    ).content.decode()
    table = html[html.index('data-testid="trace-table"') :]
    for name in steps:
        assert f"<td>{name}</td>" in table, name
    for code in codes:
        assert f"<td>{code}</td>" not in table, code


# --- against an independent walk over generated supply chains -----------------------------


def _generate(seed: int):
    """A random chain: lots transformed into lots, packed on pallets, shipped to parties, over time."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    lots = [f"https://id.gs1.org/01/0690123400000{i % 10}/10/L{seed}-{i}" for i in range(30)]
    parties = [f"https://id.gs1.org/417/690123400{i:03d}" for i in range(5)]
    edges = []
    for _ in range(60):
        kind = rng.choice(["transformation", "aggregation", "shipment"])
        src = rng.choice(lots)
        dst = rng.choice(parties) if kind == "shipment" else rng.choice(lots)
        if src != dst:
            edges.append((src, dst, kind, start + timedelta(hours=rng.randint(0, 200))))
    return lots, edges


def _independent(edges, start, direction, max_depth, lo=None, hi=None):
    """Breadth-first over (identifier, time) states: a step no earlier (forward) / later (backward)."""
    far = hi or datetime(9999, 1, 1, tzinfo=UTC)
    near = lo or datetime(1970, 1, 1, tzinfo=UTC)
    edges = [e for e in edges if near <= e[3] <= far]
    frontier = {(start, near if direction == "forward" else far)}
    best = {start: 0}
    seen = set(frontier)
    for depth in range(1, max_depth + 1):
        nxt = set()
        for node, t in frontier:
            for s, d, _k, when in edges:
                a, b = (s, d) if direction == "forward" else (d, s)
                if a == node and (when >= t if direction == "forward" else when <= t):
                    state = (b, when)
                    if state not in seen:
                        seen.add(state)
                        nxt.add(state)
                        best.setdefault(b, depth)
        frontier = nxt
    return best


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trace_equals_an_independent_walk(db, seed):
    from qualitas.traceability.models import Capture, Edge, Event
    from qualitas.traceability.selectors import trace_walk

    lots, edges = _generate(seed)
    capture = Capture.objects.create(status="success")
    rows = []
    for i, (s, d, kind, when) in enumerate(edges):
        event = Event.objects.create(
            event_id=f"urn:uuid:{seed}-{i}",
            event_hash="x",
            event_type="ObjectEvent",
            event_time=when,
            time_zone_offset="+00:00",
            capture=capture,
            document={},
        )
        rows.append(Edge(src=s, dst=d, kind=kind, event_time=when, event=event))
    Edge.objects.bulk_create(rows)
    lo, hi = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 7, tzinfo=UTC)
    for lot in lots[:10]:
        for direction in ("forward", "backward"):
            trace = trace_walk(lot, direction=direction, max_depth=8)
            got = {n.id: n.depth for n in trace.nodes}
            assert got == _independent(edges, lot, direction, 8), (lot, direction)
            # the edges drawn: every edge between consecutive depths, once
            want = set()
            for s, d, kind, _when in edges:
                a, b = (s, d) if direction == "forward" else (d, s)
                if a in got and got.get(b) == got[a] + 1:
                    want.add((s, d, kind))
            assert sorted((s, d, k) for s, d, k, _q, _u in trace.edges) == sorted(want)
            # within time bounds, and shallower
            bounded = trace_walk(lot, direction=direction, since=lo, until=hi, max_depth=3)
            assert {n.id: n.depth for n in bounded.nodes} == _independent(
                edges, lot, direction, 3, lo, hi
            ), (lot, direction, "bounded")
