"""Reads of annual plans and work summaries: published ones are public; drafts go to the
officers of their region and admins (``core.access.register_entries_visible_q``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qualitas.core.access import Actor, NotFound, register_entries_visible_q
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import AnnualPlan, WorkSummary
from qualitas.registers.summary import SECTION_LABELS, figure_label


def plans_for(*, actor: Actor) -> QuerySet[AnnualPlan]:
    """Plans the actor may see (published; every state of an officer's regions)."""
    return (
        AnnualPlan.objects.filter(register_entries_visible_q(actor))
        .select_related("region")
        .order_by("-year", "region_id")
    )


def plan_get(*, actor: Actor, pk: int) -> AnnualPlan:
    plan = plans_for(actor=actor).prefetch_related("targets").filter(pk=pk).first()
    if plan is None:
        raise NotFound
    return plan


def summaries_for(*, actor: Actor) -> QuerySet[WorkSummary]:
    """Summaries the actor may see (published; every state of an officer's regions)."""
    return (
        WorkSummary.objects.filter(register_entries_visible_q(actor))
        .select_related("region")
        .order_by("-year", "region_id")
    )


def published_summaries() -> QuerySet[WorkSummary]:
    return (
        WorkSummary.objects.filter(status=EntryStatus.PUBLISHED)
        .select_related("region")
        .order_by("-year", "region_id")
    )


def summary_get(*, actor: Actor, pk: int) -> WorkSummary:
    summary = summaries_for(actor=actor).filter(pk=pk).first()
    if summary is None:
        raise NotFound
    return summary


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return _("insufficient data")
    if unit == "share":
        return f"{100 * float(value):.1f} %"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def summary_rows(summary: WorkSummary) -> list[dict[str, Any]]:
    """The figures grouped by section, with labels in the active language and values as shown."""
    sections: dict[str, dict[str, Any]] = {}
    for f in summary.figures:
        block = sections.setdefault(
            f["section"],
            {
                "key": f["section"],
                "title": str(SECTION_LABELS.get(f["section"], f["section"])),
                "rows": [],
            },
        )
        target = f.get("target")
        block["rows"].append(
            {
                **f,
                "label": figure_label(f["key"]),
                "shown": _shown(f["value"], f.get("unit", "")),
                "target_shown": "" if target is None else _shown(target, f.get("unit", "")),
            }
        )
    return list(sections.values())


def summary_chart(summary: WorkSummary) -> dict[str, Any] | None:
    """A bar chart of the published records by kind (a Plotly figure dict), or None without any."""
    rows = [f for f in summary.figures if f["section"] == "published"]
    if not rows:
        return None
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [f["value"] for f in rows],
                "y": [figure_label(f["key"]) for f in rows],
                "marker": {"color": "#2f6f9f"},
            }
        ],
        "layout": {
            "title": {"text": _("Published records, %(year)s") % {"year": summary.year}},
            "margin": {"l": 260, "r": 20, "t": 40, "b": 30},
            "height": 80 + 32 * len(rows),
            "xaxis": {"tickformat": "d", "rangemode": "tozero"},
            "yaxis": {"automargin": True, "autorange": "reversed"},
        },
    }


def summary_export_rows(summary: WorkSummary) -> list[tuple[Any, ...]]:
    """One row per figure: section, key, label, value, unit, target, source (the query)."""
    return [
        (
            row["title"],
            r["key"],
            r["label"],
            r["value"],
            r.get("unit", ""),
            r.get("target"),
            r["source"],
        )
        for row in summary_rows(summary)
        for r in row["rows"]
    ]
