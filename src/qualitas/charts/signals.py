"""Plotly chart of monitoring signals over time: stacked monthly counts per kind of signal, and
the adverse ones as a line (the brand pages).

The caller gives every word in the page's language (series names, axis title); no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qualitas.charts.bars import PALETTE


def signal_timeline(
    *,
    months: Sequence[str],
    series: Sequence[tuple[str, Mapping[str, int]]],
    adverse: tuple[str, Mapping[str, int]] | None,
    axis_title: str,
) -> dict[str, Any]:
    """Stacked bars, one per month (``"2026-01"``), one colour per kind of signal (``series``:
    name and month → count); the adverse count per month as a line over them."""
    data: list[dict[str, Any]] = []
    for k, (name, counts) in enumerate(series):
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": list(months),
                "y": [counts.get(m, 0) for m in months],
                "marker": {"color": PALETTE[(k + 2) % len(PALETTE)]},
                "hovertemplate": "%{x}: %{y}<extra>" + name + "</extra>",
            }
        )
    if adverse is not None:
        name, counts = adverse
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": list(months),
                "y": [counts.get(m, 0) for m in months],
                "line": {"color": PALETTE[1], "width": 2},
                "hovertemplate": "%{x}: %{y}<extra>" + name + "</extra>",
            }
        )
    return {
        "data": data,
        "layout": {
            "barmode": "stack",
            "height": 320,
            "margin": {"l": 50, "r": 20, "t": 40, "b": 50},
            "xaxis": {"type": "category", "tickangle": -45, "automargin": True},
            "yaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "dtick": 1},
            "legend": {"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        },
    }
