"""Plotly figure dicts for capability evaluation (drawn by ``core/static/core/charts.js``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

LEVEL_COLOURS = ["#c8d3e0", "#9ec5ec", "#5b9bd5", "#2e75b6", "#1f4e79", "#0b2a4a"]


def _wrap(label: str, width: int = 16) -> str:
    """Break a long (Latin) label onto lines for the polar axis; CJK labels are short enough."""
    import textwrap

    return "<br>".join(textwrap.wrap(label, width)) if " " in label else label


def radar(*, labels: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> dict[str, Any]:
    """Radar of dimension (or indicator) scores in percent; one trace per series (e.g. self, on-site)."""
    data = []
    colours = ["#0b5cad", "#e07b00", "#05603a"]
    theta = [_wrap(str(lab)) for lab in labels]
    for k, (name, values) in enumerate(series.items()):
        r = [None if v is None else round(100 * v, 1) for v in values]
        data.append(
            {
                "type": "scatterpolar",
                "r": [*r, r[0]] if r else r,
                "theta": [*theta, theta[0]] if theta else theta,
                "name": name,
                "fill": "toself",
                "opacity": 0.6,
                "line": {"color": colours[k % len(colours)]},
                "hovertemplate": "%{theta}: %{r}%<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": {
            "polar": {
                "radialaxis": {
                    "range": [0, 100],
                    "ticksuffix": "%",
                    "dtick": 25,
                    "angle": 90,
                    "tickangle": 90,
                    "tickfont": {"size": 9},
                },
                "angularaxis": {"tickfont": {"size": 12}},
            },
            "showlegend": len(series) > 1,
            "margin": {"l": 110, "r": 110, "t": 40, "b": 40},
            "height": 380,
            "legend": {"orientation": "h"},
        },
    }


def level_scores_bar(
    *, level_scores: Mapping[str, float | None], threshold: float
) -> dict[str, Any]:
    """Level score s_ℓ per level with the threshold line."""
    levels = ["L1", "L2", "L3", "L4", "L5"]
    values: list[float | None] = []
    for i in range(1, 6):
        score = level_scores.get(str(i))
        values.append(None if score is None else round(100 * score, 1))
    colours = [
        "#05603a" if v is not None and v >= 100 * threshold - 1e-9 else "#b42318" for v in values
    ]
    return {
        "data": [
            {
                "type": "bar",
                "x": levels,
                "y": values,
                "marker": {"color": colours},
                "name": _("Level score"),
                "hovertemplate": "%{x}: %{y}%<extra></extra>",
            }
        ],
        "layout": {
            "yaxis": {"range": [0, 100], "ticksuffix": "%", "title": {"text": _("Level score")}},
            "height": 280,
            "margin": {"l": 60, "r": 20, "t": 20, "b": 40},
            "shapes": [
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": 100 * threshold,
                    "y1": 100 * threshold,
                    "line": {"dash": "dash", "color": "#5b6878"},
                }
            ],
        },
    }


def distribution_bar(*, rows: Sequence[Mapping[str, Any]], title: str) -> dict[str, Any]:
    """Stacked bars: enterprises per level for each group (withheld groups left out)."""
    shown = [r for r in rows if not r["withheld"]]
    names = [f"{r['code']} {r['name']}" for r in shown]
    data = []
    for lv in range(1, 6):
        data.append(
            {
                "type": "bar",
                "name": f"L{lv}",
                "x": names,
                "y": [r["levels"][lv - 1] for r in shown],
                "marker": {"color": LEVEL_COLOURS[lv]},
            }
        )
    return {
        "data": data,
        "layout": {
            "barmode": "stack",
            "height": 340,
            "title": {"text": title, "font": {"size": 14}},
            "margin": {"l": 50, "r": 20, "t": 40, "b": 120},
            "legend": {"orientation": "h"},
        },
    }


def peer_histogram(
    *, level_counts: Mapping[int, int], own_level: int, title: str
) -> dict[str, Any]:
    """Peers per level with the enterprise's own level highlighted."""
    levels = list(range(6))
    return {
        "data": [
            {
                "type": "bar",
                "x": [_("none") if lv == 0 else f"L{lv}" for lv in levels],
                "y": [level_counts.get(lv, 0) for lv in levels],
                "marker": {"color": ["#e07b00" if lv == own_level else "#9ec5ec" for lv in levels]},
            }
        ],
        "layout": {
            "height": 220,
            "title": {"text": title, "font": {"size": 13}},
            "margin": {"l": 40, "r": 10, "t": 36, "b": 30},
        },
    }
