"""Figures of traceability: a trace as a Sankey flow (lots → pallets → parties, with quantities)."""

from __future__ import annotations

from typing import Any

from qualitas.traceability.selectors import Trace


def trace_sankey(
    trace: Trace, *, names: dict[str, str] | None = None, title: str = ""
) -> dict[str, Any]:
    """A Plotly Sankey of the trace: one node per identifier (labelled, party names where known),
    one link per step, its width the quantity where the event gave one (else 1)."""
    names = names or {}
    order = [trace.start] + [n.id for n in trace.nodes if n.id != trace.start]
    index = {node: i for i, node in enumerate(order)}
    labels = []
    by_id = {n.id: n for n in trace.nodes}
    for node in order:
        reached = by_id.get(node)
        text = names.get(node) or (reached.label if reached else node)
        labels.append(text)
    sources, targets, values, hover = [], [], [], []
    for s, d, kind, quantity, uom in trace.edges:
        if s not in index or d not in index:
            continue
        sources.append(index[s])
        targets.append(index[d])
        values.append(quantity if quantity else 1)
        hover.append(f"{kind} {quantity:g} {uom}".strip() if quantity else kind)
    return {
        "data": [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {"label": labels, "pad": 18, "thickness": 14},
                "link": {
                    "source": sources,
                    "target": targets,
                    "value": values,
                    "customdata": hover,
                    "hovertemplate": "%{customdata}<extra></extra>",
                },
            }
        ],
        "layout": {
            "title": {"text": title},
            "height": max(320, 40 * len(order)),
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        },
    }
