"""Plotly figure dicts for measurement system analysis results (no Django, no drawing)."""

from __future__ import annotations

from typing import Any

import numpy as np

from qualitas.analytics.msa import AttributeAgreementResult, GageRRResult, LinearityResult

Figure = dict[str, Any]

_SOURCES = (
    ("gage_rr", "Gage R&R"),
    ("repeatability", "Repeatability"),
    ("reproducibility", "Reproducibility"),
    ("part_to_part", "Part-to-part"),
)


def components_of_variation(result: GageRRResult) -> Figure:
    """Grouped bars: %Contribution, %StudyVar and (when given) %Tolerance per source."""
    labels = [label for _, label in _SOURCES]
    series = [("% Contribution", result.pct_contribution), ("% Study Var", result.pct_study_var)]
    if result.pct_tolerance is not None:
        series.append(("% Tolerance", result.pct_tolerance))
    data = [
        {"type": "bar", "name": name, "x": labels, "y": [getattr(b, key) for key, _ in _SOURCES]}
        for name, b in series
    ]
    return {
        "data": data,
        "layout": {
            "title": {"text": "Components of variation"},
            "barmode": "group",
            "yaxis": {"title": {"text": "%"}},
        },
    }


def _by(result: GageRRResult, index: Any, levels: tuple[Any, ...], title: str) -> Figure:
    names = [str(v) for v in levels]
    x = [names[i] for i in index.tolist()]
    means = [float(np.mean(result.values[index == i])) for i in range(len(levels))]
    return {
        "data": [
            {"type": "scatter", "mode": "markers", "name": "measurement", "x": x,
             "y": result.values.tolist(), "marker": {"opacity": 0.6}},
            {"type": "scatter", "mode": "lines+markers", "name": "mean", "x": names, "y": means},
        ],
        "layout": {"title": {"text": title}, "xaxis": {"type": "category"}},
    }  # fmt: skip


def by_part(result: GageRRResult) -> Figure:
    """Measurements by part, with the part means joined."""
    return _by(result, result.part_index, result.part_levels, "Measurement by part")


def by_operator(result: GageRRResult) -> Figure:
    """Measurements by operator, with the operator means joined."""
    return _by(result, result.operator_index, result.operator_levels, "Measurement by operator")


def interaction(result: GageRRResult) -> Figure:
    """Part × operator interaction plot: one line of cell means per operator."""
    parts = [str(p) for p in result.part_levels]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": str(op), "x": parts,
         "y": result.cell_means[:, j].tolist()}
        for j, op in enumerate(result.operator_levels)
    ]  # fmt: skip
    return {
        "data": data,
        "layout": {"title": {"text": "Part × operator interaction"}, "xaxis": {"type": "category"}},
    }


def xbar_r_by_operator(result: GageRRResult) -> list[Figure]:
    """X̄ and R charts of the (operator, part) cells, operators side by side."""
    x = [f"{op} / {part}" for op in result.operator_levels for part in result.part_levels]
    means = result.cell_means.T.ravel().tolist()
    ranges = result.cell_ranges.T.ravel().tolist()
    figures = []
    for title, y, limits in (
        ("X̄ chart by operator", means,
         None if result.xbar_r is None else
         (result.xbar_r.xbar_lcl, result.xbar_r.xbar_center, result.xbar_r.xbar_ucl)),
        ("R chart by operator", ranges,
         None if result.xbar_r is None else
         (result.xbar_r.r_lcl, result.xbar_r.r_center, result.xbar_r.r_ucl)),
    ):  # fmt: skip
        data: list[dict[str, Any]] = [
            {"type": "scatter", "mode": "lines+markers", "name": title.split()[0], "x": x, "y": y}
        ]
        if limits is not None:
            for name, value in zip(("LCL", "CL", "UCL"), limits, strict=True):
                data.append(
                    {"type": "scatter", "mode": "lines", "name": name, "x": [x[0], x[-1]],
                     "y": [value, value], "line": {"dash": "dash" if name != "CL" else "solid"}}
                )  # fmt: skip
        figures.append(
            {"data": data, "layout": {"title": {"text": title}, "xaxis": {"type": "category"}}}
        )
    return figures


def gage_rr_figures(result: GageRRResult) -> list[Figure]:
    """Every Gage R&R chart, in report order."""
    return [
        components_of_variation(result),
        by_part(result),
        by_operator(result),
        interaction(result),
        *xbar_r_by_operator(result),
    ]


def linearity(result: LinearityResult) -> Figure:
    """Bias against reference with the fitted line."""
    xs = [float(result.references.min()), float(result.references.max())]
    fit = [result.intercept.estimate + result.slope.estimate * v for v in xs]
    return {
        "data": [
            {"type": "scatter", "mode": "markers", "name": "bias",
             "x": result.references.tolist(), "y": result.biases.tolist()},
            {"type": "scatter", "mode": "lines", "name": "fit", "x": xs, "y": fit},
        ],
        "layout": {"title": {"text": "Gage linearity"}, "xaxis": {"title": {"text": "reference"}},
                   "yaxis": {"title": {"text": "bias"}}},
    }  # fmt: skip


def type1_run(
    values: Any, *, reference: float, tolerance: float, k_percent: float = 20.0
) -> Figure:
    """Run chart of a type-1 study with the reference and reference ± K/2·T lines."""
    y = np.asarray(values, dtype=float).tolist()
    x = list(range(1, len(y) + 1))
    half = k_percent / 200.0 * tolerance
    lines = [
        ("reference", reference),
        ("ref − K/2·T", reference - half),
        ("ref + K/2·T", reference + half),
    ]
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines+markers", "name": "measurement", "x": x, "y": y}
    ]
    data += [
        {"type": "scatter", "mode": "lines", "name": name, "x": [1, len(y)], "y": [v, v]}
        for name, v in lines
    ]
    return {"data": data, "layout": {"title": {"text": "Type-1 gage study"}}}


def agreement_chart(result: AttributeAgreementResult) -> Figure:
    """Percent agreement with its interval, per appraiser: within and against the standard."""
    data: list[dict[str, Any]] = []
    for name, items in (("within", result.within), ("vs standard", result.vs_standard)):
        if items is None:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [a.label for a in items],
                "y": [a.percent for a in items],
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [a.ci[1] - a.percent for a in items],
                    "arrayminus": [a.percent - a.ci[0] for a in items],
                },
            }
        )
    return {
        "data": data,
        "layout": {
            "title": {"text": "Attribute agreement"},
            "yaxis": {"title": {"text": "% agreement"}, "range": [0, 105]},
            "xaxis": {"type": "category"},
        },
    }
