"""Plotly figures for acceptance sampling: OC curve and switching history.

Labels are English; a page translates them when it draws the figure (``core/chart_labels.py``).
"""

from __future__ import annotations

from typing import Any

from qualitas.analytics.sampling import OCCurve, SwitchingHistory

_SEVERITY_LEVEL = {"reduced": 0, "normal": 1, "tightened": 2, "discontinued": 3}


def oc_curve_figure(oc: OCCurve, *, aql: float | None = None, title: str = "") -> dict[str, Any]:
    """OC curve: probability of acceptance against quality, with the AQL marked."""
    unit = "percent nonconforming" if oc.model == "binomial" else "nonconformities per 100 units"
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"Pa (n={oc.sample_size}, Ac={oc.accept})",
            "x": oc.quality.tolist(),
            "y": oc.pa.tolist(),
        }
    ]
    if oc.reject > oc.accept + 1:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"dash": "dot"},
                "name": f"P(d < Re={oc.reject})",
                "x": oc.quality.tolist(),
                "y": oc.pa_lot_not_rejected.tolist(),
            }
        )
    if aql is not None and oc.pa_at_aql is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"AQL {aql:g}",
                "x": [aql],
                "y": [oc.pa_at_aql],
            }
        )
    return {
        "data": data,
        "layout": {
            "title": {"text": title or f"OC curve ({oc.model})"},
            "xaxis": {"title": {"text": unit}, "rangemode": "tozero"},
            "yaxis": {
                "title": {"text": "probability of acceptance"},
                "range": [0, 1.02],
            },
        },
    }


def switching_figure(history: SwitchingHistory) -> dict[str, Any]:
    """Severity per lot as a step line, with lots not accepted marked."""
    lots = [step.lot for step in history.steps]
    levels = [_SEVERITY_LEVEL[step.inspection] for step in history.steps]
    rejected = [step for step in history.steps if not step.accepted]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "line": {"shape": "hv"},
                "name": "inspection severity",
                "x": lots,
                "y": levels,
            },
            {
                "type": "scatter",
                "mode": "markers",
                "marker": {"symbol": "x", "size": 10},
                "name": "not accepted",
                "x": [step.lot for step in rejected],
                "y": [_SEVERITY_LEVEL[step.inspection] for step in rejected],
            },
        ],
        "layout": {
            "title": {"text": "Switching rules"},
            "xaxis": {"title": {"text": "lot"}},
            "yaxis": {
                "tickvals": list(_SEVERITY_LEVEL.values()),
                "ticktext": ["reduced", "normal", "tightened", "discontinued"],
            },
        },
    }
