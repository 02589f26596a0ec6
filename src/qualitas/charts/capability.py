"""Capability histogram and Pareto chart as Plotly figure dicts."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from qualitas.analytics.capability import CapabilityResult
from qualitas.analytics.pareto import ParetoResult

Figure = dict[str, Any]

_ANCHOR = {"LSL": "left", "USL": "right", "Target": "center"}


def _density(result: CapabilityResult, grid: np.ndarray) -> tuple[np.ndarray, str] | None:
    """The fitted density on the original scale for the result's method, or None."""
    if result.method == "percentile" and result.fits:
        fit = next(f for f in result.fits if f.distribution == result.distribution)
        p = fit.parameters
        dist: Any = {
            "normal": lambda: stats.norm(loc=p.get("loc", 0.0), scale=p.get("scale", 1.0)),
            "lognormal": lambda: stats.lognorm(p.get("shape", 1.0), scale=p.get("scale", 1.0)),
            "weibull": lambda: stats.weibull_min(p.get("shape", 1.0), scale=p.get("scale", 1.0)),
            "gamma": lambda: stats.gamma(p.get("shape", 1.0), scale=p.get("scale", 1.0)),
            "logistic": lambda: stats.logistic(loc=p.get("loc", 0.0), scale=p.get("scale", 1.0)),
        }[fit.distribution]()
        return dist.pdf(grid), f"{fit.distribution} fit"
    if result.method == "normal":
        curves = stats.norm(result.mean, result.sigma_overall).pdf(grid)
        return curves, "normal (overall σ)"
    return None  # transformed or empirical: the histogram speaks for itself


def capability_histogram(result: CapabilityResult, values: ArrayLike) -> Figure:
    """Histogram (density scale) with the fitted density and LSL/USL/target lines."""
    x = np.asarray(values, dtype=float).reshape(-1)
    x = x[np.isfinite(x)]
    marks = [v for v in (result.lsl, result.usl, result.target) if v is not None]
    lo, hi = min([float(x.min()), *marks]), max([float(x.max()), *marks])
    pad = (hi - lo) * 0.05 or 1.0
    grid = np.linspace(lo - pad, hi + pad, 250)
    data: list[dict[str, Any]] = [
        {
            "type": "histogram",
            "x": x.tolist(),
            "histnorm": "probability density",
            "name": "values",
            "marker": {"color": "#9db4d6", "line": {"color": "white", "width": 1}},
        }
    ]
    density = _density(result, grid)
    if density is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": grid.tolist(),
                "y": density[0].tolist(),
                "name": density[1],
                "line": {"color": "#1d2733"},
            }
        )
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for label, value, dash in (
        ("LSL", result.lsl, "dash"),
        ("USL", result.usl, "dash"),
        ("Target", result.target, "dot"),
    ):
        if value is None or not math.isfinite(value):
            continue
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#c0392b" if label != "Target" else "#27ae60", "dash": dash},
            }
        )
        annotations.append(
            {
                "x": value,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "text": label,
                "showarrow": False,
                # LSL's label to the right of its line and USL's to the left (inside the
                # tolerance: never cut at the figure's edge); the target's one line higher, so
                # that it never covers a limit's label when they are close
                "xanchor": _ANCHOR[label],
                "yanchor": "bottom",
                "yshift": 16 if label == "Target" else 0,
                "font": {"size": 11},
            }
        )
    title = f"Process capability ({result.method})"
    return {
        "data": data,
        "layout": {
            "title": {"text": title},
            "shapes": shapes,
            "annotations": annotations,
            "margin": {"t": 80},
            "bargap": 0.02,
            "xaxis": {"title": {"text": "value"}},
            "yaxis": {"title": {"text": "density"}},
        },
    }


def pareto_chart(result: ParetoResult) -> Figure:
    """Bars of counts (vital few highlighted) with the cumulative percentage on a second axis."""
    names = [str(c) for c in result.categories]
    colors = ["#c0392b" if v else "#9db4d6" for v in result.vital]
    return {
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": result.counts.tolist(),
                "name": "count",
                "marker": {"color": colors},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": names,
                "y": result.cumulative_percent.tolist(),
                "name": "cumulative %",
                "yaxis": "y2",
                "line": {"color": "#1d2733"},
            },
        ],
        "layout": {
            "title": {"text": "Pareto chart"},
            "xaxis": {"automargin": True},
            # above the plot: at the right it covers the cumulative axis's tick labels
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "yaxis": {"title": {"text": "count"}, "automargin": True},
            # ticks of its own (0 %, 20 %, … 100 %): an overlaying axis would otherwise take the
            # count axis's tick positions, which land on 24.9, 49.9, … 99.7 (drawn cut as "99.")
            "yaxis2": {
                "title": {"text": "cumulative %"},
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "tickmode": "linear",
                "tick0": 0,
                "dtick": 20,
                "ticksuffix": "%",
                "automargin": True,
            },
            "shapes": [
                {
                    "type": "line",
                    "xref": "paper",
                    "yref": "y2",
                    "x0": 0,
                    "x1": 1,
                    "y0": result.cutoff * 100,
                    "y1": result.cutoff * 100,
                    "line": {"color": "#7f8c8d", "dash": "dot"},
                }
            ],
        },
    }
