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


REACHED, BELOW, BLOCKED = "#05603a", "#b42318", "#98a2b3"


def level_scores_bar(
    *, level_scores: Mapping[str, float | None], threshold: float, level: int
) -> dict[str, Any]:
    """Level score s_ℓ per level with the threshold line, coloured by what the result achieved.

    A level is green only when the result reaches it (ℓ ≤ ``level``, the level after every rule
    and gate). A level above it is red when its score is below the threshold, and grey when the
    score clears the threshold but the level is still not reached (a lower level, a dimension's
    floor or a gating rule stops it): an L5 bar over the line never reads as reached while the
    result is L1.
    """
    groups: dict[str, tuple[str, list[str], list[float | None]]] = {
        "reached": (REACHED, [], []),
        "below": (BELOW, [], []),
        "blocked": (BLOCKED, [], []),
    }
    for i in range(1, 6):
        score = level_scores.get(str(i))
        value = None if score is None else round(100 * score, 1)
        if i <= level:
            key = "reached"
        elif value is not None and value >= 100 * threshold - 1e-9:
            key = "blocked"
        else:
            key = "below"
        groups[key][1].append(f"L{i}")
        groups[key][2].append(value)
    names = {
        "reached": _("Reached"),
        "below": _("Below the threshold"),
        "blocked": _("Above the threshold, not reached"),
    }
    data = [
        {
            "type": "bar",
            "x": x,
            "y": y,
            "marker": {"color": colour},
            "name": names[key],
            "hovertemplate": "%{x}: %{y}%<extra>" + str(names[key]) + "</extra>",
        }
        for key, (colour, x, y) in groups.items()
        if x
    ]
    return {
        "data": data,
        "layout": {
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": ["L1", "L2", "L3", "L4", "L5"],
            },
            "yaxis": {"range": [0, 100], "ticksuffix": "%", "title": {"text": _("Level score")}},
            "height": 300,
            "margin": {"l": 60, "r": 20, "t": 20, "b": 40},
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
            "barmode": "overlay",
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
    names = [r["name"] or r["code"] for r in shown]  # names, not codes
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
            "height": 380,
            # title on top, legend between it and the bars: below, the legend covered the
            # slanted group names
            "title": {
                "text": title,
                "font": {"size": 14},
                "automargin": True,
                "yref": "container",
                "y": 1,
                "yanchor": "top",
                "pad": {"t": 6},
            },
            "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "xaxis": {"automargin": True},
            "yaxis": {"automargin": True},
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
