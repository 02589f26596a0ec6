"""Plotly figure dicts for control charts (:class:`~qualitas.analytics.spc.ChartResult`).

Points joined by a line; centre line and limits as lines that step where they change
(per-point limits of p/u charts with varying sizes, stages, EWMA); flagged points as
red markers whose hover names every rule that flagged them; hover on every point shows
the subgroup number (1-based), its label/time when given, and the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qualitas.analytics.spc import ChartResult
from qualitas.analytics.spc.rules import DESCRIPTIONS

TITLES = {
    "xbar": "X̄",
    "r": "R",
    "s": "S",
    "i": "Individuals",
    "mr": "Moving range",
    "p": "p (proportion nonconforming)",
    "np": "np (number nonconforming)",
    "c": "c (nonconformities)",
    "u": "u (nonconformities per unit)",
    "ewma": "EWMA",
    "cusum": "CUSUM (σ units)",
}


def _values(v: Any, m: int) -> list[float | None]:
    arr = np.broadcast_to(np.asarray(v, dtype=float), (m,))
    return [float(x) if np.isfinite(x) else None for x in arr]


def _line(name: str, x: list[Any], y: list[float | None], color: str, dash: str) -> dict[str, Any]:
    # "hv" steps: a limit that changes at subgroup i is drawn flat over each subgroup.
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": x,
        "y": y,
        "line": {"color": color, "dash": dash, "width": 1.5, "shape": "hvh"},
        "hoverinfo": "skip",
    }


def rule_name(rule: str) -> str:
    """``nelson-2`` → "Nelson rule 2", ``we-1`` → "Western Electric rule 1": the rule by name in
    hover texts (translated when drawn, like every chart label), never the bare code."""
    family, _sep, number = rule.partition("-")
    if family == "nelson":
        return f"Nelson rule {number}"
    if family == "we":
        return f"Western Electric rule {number}"
    return rule


def control_chart_figure(
    chart: ChartResult,
    *,
    labels: Sequence[Any] | None = None,
    times: Sequence[Any] | None = None,
    title: str | None = None,
    y_title: str | None = None,
) -> dict[str, Any]:
    """One chart as a plotly figure dict (``{"data": [...], "layout": {...}}``).

    ``y_title`` names the plotted quantity (e.g. the characteristic and its unit); without it
    the y axis has no title (the chart's title already says what is plotted).
    """
    m = int(chart.points.size)
    x: list[Any] = list(times) if times is not None else list(range(1, m + 1))
    hover = []
    for i in range(m):
        parts = [f"subgroup {i + 1}"]
        if labels is not None:
            parts.append(f"label {labels[i]}")
        if times is not None:
            parts.append(f"time {times[i]}")
        if i in chart.excluded:
            parts.append("excluded from the limits")
        hover.append("<br>".join(parts))
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": TITLES.get(chart.name, chart.name),
            "x": x,
            "y": _values(chart.points, m),
            "text": hover,
            "hovertemplate": "%{text}<br>value %{y:.6g}<extra></extra>",
            "marker": {"color": "#2b5c8f", "size": 6},
            "line": {"color": "#2b5c8f", "width": 1},
        }
    ]
    if chart.lower is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "lower CUSUM",
                "x": x,
                "y": _values(chart.lower, m),
                "text": hover,
                "hovertemplate": "%{text}<br>lower %{y:.6g}<extra></extra>",
                "marker": {"color": "#7a5195", "size": 5},
                "line": {"color": "#7a5195", "width": 1},
            }
        )
    data.append(_line("CL", x, _values(chart.center, m), "#2a9d8f", "solid"))
    data.append(_line("UCL", x, _values(chart.ucl, m), "#d62828", "dash"))
    data.append(_line("LCL", x, _values(chart.lcl, m), "#d62828", "dash"))
    rules_at: dict[int, list[str]] = {}
    for v in chart.violations:
        for i in v.indices:
            rules_at.setdefault(i, []).append(v.rule)
    if rules_at:
        idx = sorted(rules_at)
        points = np.asarray(chart.points, dtype=float)
        y = [
            float(points[i])
            if np.isfinite(points[i]) or chart.lower is None
            else float(np.asarray(chart.lower)[i])
            for i in idx
        ]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "rule violations",
                "x": [x[i] for i in idx],
                "y": y,
                "text": [
                    hover[i]
                    + "<br>"
                    + "<br>".join(f"{rule_name(r)}: {DESCRIPTIONS[r]}" for r in rules_at[i])
                    for i in idx
                ],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "color": "#d62828",
                    "size": 11,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                },
            }
        )
    return {
        "data": data,
        "layout": {
            "title": {"text": title or TITLES.get(chart.name, chart.name)},
            "xaxis": {"title": {"text": "time" if times is not None else "subgroup"}},
            "yaxis": {"title": {"text": y_title or ""}},
            "hovermode": "closest",
            "showlegend": True,
            "margin": {"t": 50, "r": 20, "b": 50, "l": 60},
        },
    }


def control_chart_figures(
    charts: Sequence[ChartResult],
    *,
    labels: Sequence[Any] | None = None,
    times: Sequence[Any] | None = None,
    y_title: str | None = None,
) -> list[dict[str, Any]]:
    """One figure per chart (e.g. X̄ then R); ``y_title`` as in :func:`control_chart_figure`."""
    return [control_chart_figure(c, labels=labels, times=times, y_title=y_title) for c in charts]
