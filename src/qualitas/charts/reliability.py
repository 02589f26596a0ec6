"""Plotly figure dicts for reliability results (no Django, no drawing).

- :func:`weibull_probability_plot`: Weibull paper — x = time on a log axis,
  y = ln(−ln(1 − F)) labelled in % failed — with the Johnson/Bernard plotting
  positions, the fitted line and its Fisher bounds on time (the ``CI_type="time"``
  bounds: for each F, the interval of the time by which that fraction has failed).
- :func:`growth_plot`: cumulative failures vs cumulative time on log-log axes,
  with the Crow-AMSAA curve N(t) = λt^β.
- :func:`growth_mtbf_plot`: cumulative MTBF tᵢ/i vs time on log axes with the
  Crow-AMSAA instantaneous and cumulative MTBF curves and the Duane line.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qualitas.analytics.reliability import CrowAmsaaFit, DuaneFit, WeibullFit

Figure = dict[str, Any]

# % failed at which the y axis of Weibull paper is labelled
_TICKS = (0.1, 0.5, 1, 2, 5, 10, 20, 30, 50, 63.2, 80, 90, 95, 99, 99.9)


def _weibull_y(f: np.ndarray) -> list[float]:
    y: list[float] = np.log(-np.log1p(-f)).tolist()
    return y


def weibull_probability_plot(
    fit: WeibullFit,
    *,
    failure_times: np.ndarray,
    plotting_positions: np.ndarray,
    points_label: str = "failures (median ranks)",
) -> Figure:
    """Weibull probability plot of a fit with its data and Fisher bounds on time.

    ``points_label`` names the points (e.g. when they are stand-ins for interval data).
    """
    lo_p = min(0.001, float(plotting_positions.min()) / 2)
    hi_p = max(0.999, 1 - (1 - float(plotting_positions.max())) / 2)
    # dense in both tails, where Weibull paper stretches the axis
    p = np.unique(
        np.concatenate([np.geomspace(lo_p, 0.5, 120), 1 - np.geomspace(1 - hi_p, 0.5, 120)])
    )
    line = fit.b_life(p)
    lower, upper = fit.b_life_bounds(p)
    y = _weibull_y(p)
    pct = f"{fit.ci_level:.0%}"
    ticks = [t for t in _TICKS if lo_p * 100 <= t <= hi_p * 100]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"lower {pct} bound",
                "x": lower.tolist(),
                "y": y,
                "line": {"dash": "dot", "color": "#7a8ca3"},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"upper {pct} bound",
                "x": upper.tolist(),
                "y": y,
                "line": {"dash": "dot", "color": "#7a8ca3"},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"Weibull {fit.model} {fit.method}: α={fit.scale:.4g}, β={fit.shape:.4g}"
                + (f", γ={fit.location:.4g}" if fit.model == "3P" else ""),
                "x": line.tolist(),
                "y": y,
                "line": {"color": "#1f5fa8"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": points_label,
                "x": failure_times.tolist(),
                "y": _weibull_y(plotting_positions),
                "marker": {"color": "#1d2733"},
            },
        ],
        "layout": {
            "title": {"text": "Weibull probability plot"},
            "xaxis": {"type": "log", "title": {"text": "time"}},
            "yaxis": {
                "title": {"text": "% failed"},
                "tickvals": _weibull_y(np.array(ticks) / 100),
                "ticktext": [f"{t:g}" for t in ticks],
            },
        },
    }


def growth_plot(crow: CrowAmsaaFit) -> Figure:
    """Cumulative failures vs cumulative test time (log-log) with the Crow-AMSAA curve."""
    t = crow.times
    grid = np.geomspace(float(t.min()) / 2, crow.end_time * 1.5, 100)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": "failures",
                "x": t.tolist(),
                "y": np.arange(1, t.size + 1).tolist(),
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"Crow-AMSAA N(t) = λt^β, β={crow.beta:.4g}",
                "x": grid.tolist(),
                "y": crow.expected_failures(grid).tolist(),
            },
        ],
        "layout": {
            "title": {"text": "Reliability growth: cumulative failures"},
            "xaxis": {"type": "log", "title": {"text": "cumulative time"}},
            "yaxis": {"type": "log", "title": {"text": "cumulative failures"}},
        },
    }


def growth_mtbf_plot(crow: CrowAmsaaFit, duane: DuaneFit) -> Figure:
    """Cumulative MTBF points and the fitted MTBF curves vs time, log axes."""
    t = crow.times
    grid = np.geomspace(float(t.min()), crow.end_time * 1.5, 100)
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "cumulative MTBF tᵢ/i",
            "x": t.tolist(),
            "y": (t / np.arange(1, t.size + 1)).tolist(),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Crow-AMSAA cumulative MTBF",
            "x": grid.tolist(),
            "y": crow.mtbf_cumulative_at(grid).tolist(),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Crow-AMSAA instantaneous MTBF",
            "x": grid.tolist(),
            "y": crow.mtbf_instantaneous_at(grid).tolist(),
            "line": {"dash": "dash"},
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"Duane cumulative MTBF, α={duane.alpha:.4g}",
            "x": grid.tolist(),
            "y": duane.mtbf_cumulative_at(grid).tolist(),
            "line": {"dash": "dot"},
        },
    ]
    if crow.target_mtbf is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "target MTBF",
                "x": [float(grid[0]), float(grid[-1])],
                "y": [crow.target_mtbf, crow.target_mtbf],
                "line": {"color": "#c0392b", "width": 1},
            }
        )
    return {
        "data": data,
        "layout": {
            "title": {"text": "Reliability growth: MTBF"},
            "xaxis": {"type": "log", "title": {"text": "cumulative time"}},
            "yaxis": {"type": "log", "title": {"text": "MTBF"}},
        },
    }
