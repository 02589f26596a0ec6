"""Plotly figure dicts of the index dashboards (drawn by core/static/core/charts.js)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qualitas.charts.bars import wrap_label
from qualitas.index.indicators import indicator_label

PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a2e", "#7b4ea3", "#5c6b73"]


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    """The common layout: the title at the top of the figure, the legend between it and the
    plot (the margins grow to hold both), axes whose tick labels push the margins. Below the
    plot the legend covered the tick labels once a narrow screen slanted them."""
    return {
        "title": {
            "text": title,
            "font": {"size": 15},
            "automargin": True,
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 6},
        },
        "margin": {"l": 50, "r": 20, "t": 45, "b": 40},
        "height": 360,
        "hovermode": "x unified",
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        **extra,
    }


def trend_figure(trends: dict[str, list[dict[str, Any]]], *, title: str) -> dict[str, Any]:
    """The index with its uncertainty band, and each indicator's sub-index, by quarter."""
    data: list[dict[str, Any]] = []
    index = trends.get("", [])
    x = [p["period"] for p in index]
    if index:
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p["hi"] for p in index],
                "mode": "lines",
                "line": {"width": 0},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p["lo"] for p in index],
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": "rgba(31,95,168,0.18)",
                "name": _("95% band"),
                "hoverinfo": "skip",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p["value"] for p in index],
                "mode": "lines+markers",
                "name": indicator_label(""),
                "line": {"color": PALETTE[0], "width": 3},
            }
        )
    for i, (key, points) in enumerate((k, v) for k, v in trends.items() if k):
        data.append(
            {
                "type": "scatter",
                "x": [p["period"] for p in points],
                "y": [p["value"] for p in points],
                "mode": "lines",
                "name": indicator_label(key),
                "line": {"color": PALETTE[(i + 1) % len(PALETTE)], "dash": "dot"},
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title, yaxis={"title": {"text": _("base period = 100")}, "automargin": True}
        ),
    }


def comparison_figure(
    a: tuple[str, list[dict[str, Any]]], b: tuple[str, list[dict[str, Any]]], *, title: str
) -> dict[str, Any]:
    data = []
    for (name, points), color in ((a, PALETTE[0]), (b, PALETTE[1])):
        data.append(
            {
                "type": "scatter",
                "x": [p["period"] for p in points],
                "y": [p["value"] for p in points],
                "mode": "lines+markers",
                "name": name,
                "line": {"color": color},
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        (p["hi"] - p["value"])
                        if p["hi"] is not None and p["value"] is not None
                        else None
                        for p in points
                    ],
                    "arrayminus": [
                        (p["value"] - p["lo"])
                        if p["lo"] is not None and p["value"] is not None
                        else None
                        for p in points
                    ],
                    "color": color,
                    "thickness": 1,
                },
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title, yaxis={"title": {"text": _("base period = 100")}, "automargin": True}
        ),
    }


def ranking_figure(rows: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    shown = [r for r in rows if r["value"] is not None][:15][::-1]
    lines = sum(wrap_label(r["name"]).count("<br>") + 1 for r in shown)
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [wrap_label(r["name"]) for r in shown],
                "x": [r["value"] for r in shown],
                "marker": {"color": PALETTE[0]},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        (r["hi"] - r["value"]) if r.get("hi") is not None else None for r in shown
                    ],
                    "arrayminus": [
                        (r["value"] - r["lo"]) if r.get("lo") is not None else None for r in shown
                    ],
                    "color": "#555",
                    "thickness": 1,
                },
            }
        ],
        "layout": _layout(
            title,
            height=max(300, 16 * lines + 10 * len(shown) + 80),
            hovermode="closest",
            margin={"l": 10, "r": 20, "t": 45, "b": 40},
            yaxis={"automargin": True},
        ),
    }


def targets_figure(progress: dict[str, Any], *, title: str) -> dict[str, Any]:
    rows = progress.get("national", [])
    levels = [f"L{r['level']}" for r in rows]
    return {
        "data": [
            {
                "type": "bar",
                "x": levels,
                "y": [r["target"] for r in rows],
                "name": _("2027 target"),
                "marker": {"color": "#c9d6e8"},
            },
            {
                "type": "bar",
                "x": levels,
                "y": [r["done"] for r in rows],
                "name": _("reached since 2024"),
                "marker": {"color": PALETTE[2]},
            },
        ],
        "layout": _layout(
            title,
            barmode="overlay",
            yaxis={"type": "log", "title": {"text": _("enterprises")}, "automargin": True},
            hovermode="closest",
        ),
    }
