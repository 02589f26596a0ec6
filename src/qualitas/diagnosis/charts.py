"""Figures of the diagnosis pages: analytics results in, Plotly figure dicts out.

The control chart of a characteristic reuses ``qualitas.charts.spc`` and adds the annotations
of acknowledged alerts (rule → assignable cause → corrective action) at the points they
concern; the chart of one alert shows the data around its points with those points marked.
Variables are drawn on I-MR, X̄-R or X̄-S charts, attribute counts on p, np, c or u charts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitas.analytics.errors import AnalyticsError
from qualitas.diagnosis.choices import AlertStatus, ChartType
from qualitas.diagnosis.models import Alert, Characteristic
from qualitas.diagnosis.rules import rule_label
from qualitas.diagnosis.selectors import measurements_around, measurements_for

RECENT = 500
AROUND = 30  # plotted points shown before and after an alert's points


def _local(t: datetime) -> str:
    return timezone.localtime(t).strftime("%Y-%m-%d %H:%M:%S")


def point_time(p: dict[str, Any]) -> datetime:
    """The aware time of a point stored on an alert (ISO 8601 in UTC)."""
    return datetime.fromisoformat(p["t"])


def _charts_of_rows(
    c: Characteristic, rows: list[Any]
) -> tuple[tuple[Any, ...], list[str], list[str]] | None:
    """The characteristic's chart(s) of ``rows`` (time, value, subgroup, size) against its
    frozen limits when set: (charts, labels, x times)."""
    from qualitas.analytics.capability import as_subgroups
    from qualitas.analytics.spc import (
        c_chart,
        imr_chart,
        np_chart,
        p_chart,
        u_chart,
        xbar_r_chart,
        xbar_s_chart,
    )

    values = np.asarray([r[1] for r in rows], dtype=float)
    frozen = c.frozen_limits if c.has_frozen_limits else {}
    center = float(frozen["center"]) if frozen else None
    sigma = float(frozen["sigma"]) if frozen and not c.is_attribute else None
    rules = c.rule_set
    try:
        if c.is_attribute:
            labels = [r[2] or str(i + 1) for i, r in enumerate(rows)]
            times = [_local(r[0]) for r in rows]
            if c.chart_type == ChartType.C:
                return (c_chart(values, rules=rules, center=center),), labels, times
            sizes = np.asarray([r[3] if r[3] is not None else np.nan for r in rows], dtype=float)
            attr = {"p": p_chart, "np": np_chart, "u": u_chart}[c.chart_type]
            return (attr(values, sizes, rules=rules, center=center),), labels, times
        if c.chart_type == ChartType.IMR:
            charts = imr_chart(values, rules=rules, center=center, sigma=sigma)
            labels = [r[2] or str(i + 1) for i, r in enumerate(rows)]
            return charts, labels, [_local(r[0]) for r in rows]
        subgroups = [r[2] or str(i // c.subgroup_size) for i, r in enumerate(rows)]
        grouped = as_subgroups(values, subgroups)
        fn = xbar_s_chart if c.chart_type == ChartType.XBAR_S else xbar_r_chart
        charts = fn(grouped, rules=rules, center=center, sigma=sigma)
        seen: dict[str, str] = {}
        for r, s in zip(rows, subgroups, strict=True):
            seen.setdefault(s, _local(r[0]))
        return charts, list(seen), list(seen.values())
    except AnalyticsError:
        return None


def _figure(
    c: Characteristic, rows: list[Any], *, title: str | None = None
) -> tuple[dict[str, Any], list[str]] | None:
    from qualitas.charts.spc import control_chart_figure

    if len(rows) < 2 * (1 if c.is_attribute else max(1, c.subgroup_size)):
        return None
    drawn = _charts_of_rows(c, rows)
    if drawn is None:
        return None
    charts, labels, times = drawn
    phase = (
        _("Phase II: judged against the frozen limits")
        if c.has_frozen_limits
        else _("Phase I: limits estimated from these data")
    )
    fig = control_chart_figure(
        charts[0], labels=labels, times=times, title=title or f"{c.name} [{c.unit}] — {phase}"
    )
    fig["layout"]["height"] = 420
    return fig, times


def _note_position(x: str, times: list[str], k: int) -> dict[str, Any]:
    """Where the ``k``-th note (0-based, left to right) sits relative to its point at time ``x``
    on an axis spanning ``times``: near the right edge its box ends at the arrow (xanchor
    "right"), near the left edge it starts there ("left"), else it is centred, so that no note is
    cut at the figure's edge; neighbouring notes stand at three heights above their points
    (``ay`` -28, -50, -72 px), so that they do not cover each other."""
    first, last = datetime.fromisoformat(times[0]), datetime.fromisoformat(times[-1])
    span = (last - first).total_seconds()
    rel = (datetime.fromisoformat(x) - first).total_seconds() / span if span > 0 else 0.5
    anchor = "right" if rel > 0.85 else "left" if rel < 0.15 else "center"
    return {"xanchor": anchor, "ax": 0, "ay": -28 - 22 * (k % 3)}


def characteristic_chart(
    c: Characteristic, *, last: int = RECENT, alerts: list[Alert] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The recent data of a characteristic on its chart: against the frozen limits (Phase II)
    when set, and the notes of its acknowledged alerts.

    Each acknowledged alert on the chart is a short numbered note at its last point (the full
    text — rule, cause, action — in the note's hover text); the same numbers head the list of
    ``notes`` the page shows below the chart (number, time, rule, cause, action)."""
    per_point = 1 if c.is_attribute else max(1, c.subgroup_size)
    rows = measurements_for(characteristic=c, last=last * per_point, sizes=True)
    drawn = _figure(c, rows)
    if drawn is None:
        return None
    fig, times = drawn
    shown = []
    for a in alerts or []:
        if a.status == AlertStatus.OPEN or not a.points:
            continue
        p = a.points[-1]
        t = _local(point_time(p))
        if t >= times[0]:
            shown.append((t, a, p))
    shown.sort(key=lambda item: item[0])
    annotations, notes = [], []
    for k, (t, a, p) in enumerate(shown):
        cause = a.cause.name if a.cause else ""
        action = a.action.name if a.action else ""
        annotations.append(
            {
                "x": t,
                "y": p["v"],
                "yref": "y",
                "text": f"<b>{k + 1}</b>",
                "hovertext": _("%(n)s. %(rule)s: %(cause)s → %(action)s")
                % {"n": k + 1, "rule": rule_label(a.rule), "cause": cause, "action": action},
                "showarrow": True,
                "arrowhead": 2,
                **_note_position(t, times, k),
                "font": {"size": 11},
                "bgcolor": "#fff8e1",
                "bordercolor": "#c77700",
            }
        )
        notes.append(
            {
                "n": k + 1,
                "time": point_time(p),
                "alert": a,
                "rule": rule_label(a.rule),
                "cause": cause,
                "action": action,
            }
        )
    fig["layout"]["annotations"] = annotations
    if annotations:
        # room above the plot for the notes of its highest points (up to 72 px above them plus
        # the box): the title at the figure's top edge, the top margin grown by that much
        layout = fig["layout"]
        layout["title"] = {
            **layout.get("title", {}),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 8},
        }
        layout["margin"] = {**layout.get("margin", {}), "t": 120}
        layout["height"] = 480
    return fig, notes


def alert_chart(a: Alert, *, around: int = AROUND) -> dict[str, Any] | None:
    """The data around an alert on the characteristic's chart (frozen limits), ``around``
    plotted points before the first and after the last of its points, its points marked."""
    c = a.characteristic
    if not a.points:
        return None
    stamps = [point_time(p) for p in a.points]
    per_point = 1 if c.is_attribute else max(1, c.subgroup_size)
    rows = measurements_around(
        characteristic=c,
        start=min(stamps),
        end=max(stamps),
        before=around * per_point,
        after=around * per_point,
    )
    title = f"{c.name} [{c.unit}] — {rule_label(a.rule)}"
    drawn = _figure(c, rows, title=title)
    if drawn is None:
        return None
    fig, times = drawn
    shown = set(times)
    xs, ys = [], []
    for p, t in zip(a.points, stamps, strict=True):
        x = _local(t)
        if x in shown:
            xs.append(x)
            ys.append(p["v"])
    fig["data"].append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "points of this alert",
            "x": xs,
            "y": ys,
            "hoverinfo": "skip",
            "marker": {
                "color": "#f08c00",
                "size": 17,
                "symbol": "diamond-open",
                "line": {"width": 2.5},
            },
        }
    )
    return fig
