"""Plotly bar charts of counts per group (statistics and monitoring pages).

The caller gives every word already in the page's language (group names, not codes; series
names; axis titles): these builders add none of their own, so nothing is left to translate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ROW_HEIGHT = 26  # px per bar of a horizontal chart, so that every name is readable
PALETTE = ("#1f5f9e", "#c0392b", "#e08e0b", "#2e8b57", "#6c5b7b")


def wrap_label(text: str, width: int = 24) -> str:
    """A long category name on several lines (at spaces; Chinese names are short enough), so
    that an axis with an automatic margin shows it whole and leaves room for the bars."""
    if len(text) <= width or " " not in text:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


def count_bars(
    *,
    names: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float | None]]],
    axis_title: str,
) -> dict[str, Any]:
    """Horizontal bars, one row per group (``names``), one bar per series; the largest group of
    the first series on top. The height grows with the number of groups; the names, wrapped
    when long, sit in an automatic margin (never clipped) and the values at the end of each
    bar. No title: the page's heading names the chart, and a title cannot wrap on a phone."""
    first = list(series[0][1]) if series else []
    order = sorted(range(len(names)), key=lambda i: (first[i] or 0, -i))  # bottom → top
    labels = [wrap_label(names[i]) for i in order]
    data = []
    for k, (name, values) in enumerate(series):
        ys = [values[i] for i in order]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": ys,
                "text": ["" if v is None else f"{v:g}" for v in ys],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": PALETTE[k % len(PALETTE)]},
                "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",
            }
        )
    lines = sum(label.count("<br>") + 1 for label in labels)
    rows = max(1, len(labels)) * max(1, len(series))
    return {
        "data": data,
        "layout": {
            "barmode": "group",
            "height": min(1400, 90 + ROW_HEIGHT * rows + 8 * lines),
            "margin": {"l": 10, "r": 40, "t": 40 if len(series) > 1 else 10, "b": 40},
            "xaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            "yaxis": {"automargin": True, "tickfont": {"size": 12}},
            "legend": {"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "xanchor": "left"},
            "showlegend": len(series) > 1,
        },
    }
