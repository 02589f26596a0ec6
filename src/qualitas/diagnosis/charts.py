"""Figures of the diagnosis pages: analytics results in, Plotly figure dicts out.

The control chart of a characteristic reuses ``qualitas.charts.spc`` and adds the annotations
of acknowledged alerts (assignable cause → corrective action) at the points they concern.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitas.analytics.errors import AnalyticsError
from qualitas.diagnosis.choices import AlertStatus, ChartType
from qualitas.diagnosis.models import Alert, Characteristic
from qualitas.diagnosis.selectors import measurements_for

RECENT = 500


def characteristic_chart(
    c: Characteristic, *, last: int = RECENT, alerts: list[Alert] | None = None
) -> dict[str, Any] | None:
    """The recent data of a characteristic on its chart: against the frozen limits (Phase II) when set."""
    from qualitas.analytics.capability import as_subgroups
    from qualitas.analytics.spc import imr_chart, xbar_r_chart, xbar_s_chart
    from qualitas.charts.spc import control_chart_figure

    rows = measurements_for(characteristic=c, last=last * max(1, c.subgroup_size))
    if len(rows) < 2 * max(1, c.subgroup_size):
        return None
    values = np.asarray([r[1] for r in rows], dtype=float)
    frozen = c.frozen_limits if c.has_frozen_limits else {}
    given = {"center": frozen["center"], "sigma": frozen["sigma"]} if frozen else {}
    try:
        if c.chart_type == ChartType.IMR:
            charts = imr_chart(values, rules=c.rule_set, **given)
            times = [timezone.localtime(r[0]).strftime("%Y-%m-%d %H:%M:%S") for r in rows]
            labels = [r[2] or str(i + 1) for i, r in enumerate(rows)]
        else:
            subgroups = [r[2] or str(i // c.subgroup_size) for i, r in enumerate(rows)]
            grouped = as_subgroups(values, subgroups)
            fn = xbar_s_chart if c.chart_type == ChartType.XBAR_S else xbar_r_chart
            charts = fn(grouped, rules=c.rule_set, **given)
            seen: dict[str, str] = {}
            for r, s in zip(rows, subgroups, strict=True):
                seen.setdefault(s, timezone.localtime(r[0]).strftime("%Y-%m-%d %H:%M:%S"))
            labels, times = list(seen), list(seen.values())
    except AnalyticsError:
        return None
    phase = (
        _("Phase II: judged against the frozen limits")
        if frozen
        else _("Phase I: limits estimated from these data")
    )
    fig = control_chart_figure(
        charts[0], labels=labels, times=times, title=f"{c.name} [{c.unit}] — {phase}"
    )
    annotations = []
    for a in alerts or []:
        if a.status == AlertStatus.OPEN or not a.points:
            continue
        p = a.points[-1]
        from datetime import datetime

        t = timezone.localtime(datetime.fromisoformat(p["t"])).strftime("%Y-%m-%d %H:%M:%S")
        if t < times[0]:
            continue
        text = f"{a.rule}: {a.cause.name if a.cause else ''} → {a.action.name if a.action else ''}"
        annotations.append(
            {
                "x": t,
                "y": p["v"] if c.subgroup_size == 1 else None,
                "yref": "y",
                "text": text,
                "showarrow": True,
                "arrowhead": 2,
                "ax": 0,
                "ay": -40,
                "font": {"size": 11},
                "bgcolor": "#fff8e1",
                "bordercolor": "#c77700",
            }
        )
    fig["layout"]["annotations"] = [a for a in annotations if a["y"] is not None] + [
        {**a, "y": 1.0, "yref": "paper"} for a in annotations if a["y"] is None
    ]
    fig["layout"]["height"] = 420
    return fig
