"""The regional work summary's figures, assembled from what the apps report through
``core.providers`` — never from their models:

* **published records** — the public search documents (``collect_search``) whose region lies in
  the summary's region and that were published in its year, counted by kind (evaluation results,
  spot-checks, recalls, penalties, laboratories, cases, …);
* **indicators** — every index indicator source (``indicator_sources``) over the region's
  enterprises in the year's last quarter (the current one for the running year): Σ num / Σ den,
  withheld below the minimum group size;
* **level targets** — evaluation's progress against the 2027 targets (``collect_supervision
  ("level_targets")``) for the summary's region;
* **enterprises** — the registry's active enterprises of the region (the base register).

Each figure carries ``source``: the query it came from, so that a reader can recompute it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, enterprise_region_q, peer_min_group, region_contains
from qualitas.core.providers import collect_search, collect_supervision, indicator_sources
from qualitas.registry.choices import EnterpriseStatus
from qualitas.registry.models import Enterprise

#: labels of the search-document kinds the platform publishes (unknown kinds show their key)
KIND_LABELS: dict[str, Any] = {
    "result": _("Capability evaluation results published"),
    "spot_check": _("Spot-check samples published"),
    "recall": _("Recalls published"),
    "penalty": _("Penalties and misconduct records published"),
    "laboratory": _("Laboratories in the register"),
    "case": _("Typical cases published"),
    "pilot": _("Pilot platforms and projects published"),
    "list_entry": _("List entries published"),
    "scenario": _("Digital quality scenarios published"),
    "article": _("Training articles and Q&A published"),
    "work_summary": _("Work summaries published"),
    "training": _("Training events published"),
}

SECTION_LABELS: dict[str, Any] = {
    "registry": _("Enterprises"),
    "evaluation": _("Evaluations and levels against the 2027 targets"),
    "published": _("Published records"),
    "indicators": _("Quality indicators"),
}

FIXED_LABELS: dict[str, Any] = {
    "enterprises": _("Active enterprises registered"),
}


def quarter_of(year: int, today: date) -> str:
    """The quarter whose indicators the summary of ``year`` shows: Q4, or today's for this year."""
    if year >= today.year:
        return f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return f"{year}Q4"


def figure_label(key: str) -> str:
    """A figure's label in the active language, by key."""
    kind, _sep, rest = key.partition(":")
    if kind == "published":
        return str(KIND_LABELS.get(rest, rest))
    if kind == "indicator":
        source = indicator_sources().get(rest)
        return str(source.label) if source else rest
    if kind == "target":
        return str(_("Enterprises newly reaching level %(level)s (2027 target)") % {"level": rest})
    return str(FIXED_LABELS.get(key, key))


def _published(region: str, year: int, docs: Iterable[Any]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    for d in docs:
        if d.published_at is None or d.published_at.year != year:
            continue
        if not region_contains(region, d.region_code):
            continue
        counts[d.kind] += 1
    kinds = [k for k in KIND_LABELS if k in counts] + sorted(set(counts) - set(KIND_LABELS))
    return [
        {
            "key": f"published:{kind}",
            "section": "published",
            "value": counts[kind],
            "unit": "count",
            "source": f"core.providers.collect_search(): kind={kind}, region within {region}, "
            f"published_at in {year}",
        }
        for kind in kinds
    ]


def _indicators(region: str, quarter: str, enterprise_ids: set[int]) -> list[dict[str, Any]]:
    out = []
    # a published summary is read by the public: small groups are withheld as for any outsider
    minimum = peer_min_group()
    for key, source in sorted(indicator_sources().items()):
        frame = source.source([quarter])
        rows = frame[frame["enterprise"].isin(enterprise_ids) & (frame["quarter"] == quarter)]
        rows = rows[rows["den"] > 0]
        n = int(rows["enterprise"].nunique())
        den = float(rows["den"].sum())
        value = round(float(rows["num"].sum()) / den, 4) if den and n >= minimum else None
        out.append(
            {
                "key": f"indicator:{key}",
                "section": "indicators",
                "value": value,
                "unit": source.unit,
                "n": n,
                "source": f"core.providers.indicator_sources()[{key!r}].source([{quarter!r}]): "
                f"sum(num)/sum(den) over {n} enterprises of region {region} with den > 0"
                + ("" if value is not None or not n else f"; withheld below {minimum}"),
            }
        )
    return out


def _targets(actor: Actor, region: str) -> list[dict[str, Any]]:
    progress = collect_supervision("level_targets", actor) or {}
    out = []
    for block in progress.get("regional", []):
        if getattr(block.get("region"), "code", None) != region:
            continue
        for row in block["rows"]:
            out.append(
                {
                    "key": f"target:{row['level']}",
                    "section": "evaluation",
                    "value": row["done"],
                    "unit": "count",
                    "target": row["target"],
                    "source": f"core.providers.collect_supervision('level_targets'): regional "
                    f"target of {region}, level {row['level']}",
                }
            )
    return out


def compile_figures(*, actor: Actor, region: str, year: int, today: date) -> list[dict[str, Any]]:
    """Every figure of the summary of ``region`` and ``year`` (see the module's docstring)."""
    enterprise_ids = set(
        Enterprise.objects.filter(
            enterprise_region_q(region), status=EnterpriseStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    figures: list[dict[str, Any]] = [
        {
            "key": "enterprises",
            "section": "registry",
            "value": len(enterprise_ids),
            "unit": "count",
            "source": f"registry: active enterprises of region {region}",
        }
    ]
    figures += _targets(actor, region)
    figures += _published(region, year, collect_search())
    figures += _indicators(region, quarter_of(year, today), enterprise_ids)
    return figures
