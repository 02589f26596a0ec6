"""Early warning: applying the active rules to a run's latest periods (one warning per fired
cell, with the enterprises behind it) and acknowledging a warning."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics import index as core
from qualitas.core.access import Actor, NotFound, may_see_warning
from qualitas.core.audit import audit_append
from qualitas.index import indicators as registry
from qualitas.index.choices import RuleKind, WarningStatus
from qualitas.index.models import IndexRun, Warning, WarningRule
from qualitas.index.services.common import IndexInputError
from qualitas.index.services.observations import observations_frame

ENTERPRISES_PER_WARNING = 50


def _latest(cells: pd.DataFrame) -> set[str]:
    out = set()
    for kind in ("quarter", "year"):
        ps = cells.loc[cells["period_kind"] == kind, "period"]
        if not ps.empty:
            out.add(max(ps))
    return out


def _scoped(cells: pd.DataFrame, rule: WarningRule) -> pd.DataFrame:
    c = cells[cells["level"].isin(["province", "city"])]
    if rule.region_prefix:
        c = c[c["region"].str.startswith(rule.region_prefix)]
    if rule.industry:
        c = c[c["industry"] == rule.industry]
    return c


def _fired(rule: WarningRule, cells: pd.DataFrame) -> pd.DataFrame:
    c = _scoped(cells, rule)
    col = "value" if not rule.indicator else f"{rule.indicator}__score"
    if rule.kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO):
        if col not in c:
            return pd.DataFrame()
        if rule.kind == RuleKind.FALL_YEAR_AGO:
            # for a year the previous period already is the year before: quarters only here
            c = c[c["period_kind"] == "quarter"]
        return core.rule_fall(
            c,
            column=col,
            amount=float(rule.amount or 0),
            compare="previous" if rule.kind == RuleKind.FALL_PREVIOUS else "year_ago",
        )
    if rule.kind == RuleKind.THRESHOLD:
        raw = f"{rule.indicator}__value" if rule.indicator else "value"
        if raw not in c or rule.threshold is None:
            return pd.DataFrame()
        return core.rule_threshold(c, column=raw, threshold=float(rule.threshold), below=rule.below)
    if rule.kind == RuleKind.ALERT_SURGE:
        if "open_alerts__num" not in c:
            return pd.DataFrame()
        q = c[(c["period_kind"] == "quarter") & c["open_alerts__num"].notna()]
        counts = q[["region", "industry", "period"]].assign(count=q["open_alerts__num"].to_numpy())
        return core.rule_surge(counts, window=int(rule.window), k=float(rule.k or 2))
    return pd.DataFrame()


def _numbers(rule: WarningRule, row: Mapping[Hashable, Any]) -> dict[str, Any]:
    keep = ("current", "reference", "change", "threshold", "count", "mean", "sd", "limit")
    nums = {
        k: round(float(row[k]), 4)
        for k in keep
        if k in row and row[k] is not None and not pd.isna(row[k])
    }
    if "ref_period" in row:
        nums["compared_with"] = row["ref_period"]
    if rule.kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO):
        nums["amount"] = float(rule.amount or 0)
    if rule.kind == RuleKind.ALERT_SURGE:
        nums.update({"k": float(rule.k or 2), "window": int(rule.window)})
    return nums


def _driver(
    rule: WarningRule, scores: pd.DataFrame, row: Mapping[Hashable, Any], keys: Sequence[str]
) -> str:
    """The indicator behind a warning: the rule's own, or for the index the one whose sub-index
    fell most in the cell (``scores``: sub-indices indexed by region, industry, period)."""
    if rule.kind == RuleKind.ALERT_SURGE:
        return "open_alerts"
    if rule.indicator:
        return rule.indicator
    try:
        # keys of the (region, industry, period) MultiIndex; pandas-stubs types only 2-tuples
        here: Any = (row["region"], row["industry"], row["period"])
        then: Any = (row["region"], row["industry"], row.get("ref_period"))
        now = scores.loc[here]
        before = scores.loc[then]
    except KeyError:
        return keys[0]
    drops = {k: float(now[f"{k}__score"] - before[f"{k}__score"]) for k in keys}
    drops = {k: v for k, v in drops.items() if not np.isnan(v)}
    return min(drops, key=lambda k: drops[k]) if drops else keys[0]


class _CellEnterprises:
    """The observations of the latest periods, grouped once so that each warning finds the
    enterprises of its cell by a dictionary look-up rather than a scan."""

    def __init__(self, obs: pd.DataFrame) -> None:
        obs = obs[obs["den"] > 0].reset_index(drop=True)
        self.enterprise = obs["enterprise"].to_numpy()
        self.division = obs["division"].to_numpy().astype(str)
        self.ratio = (obs["num"] / obs["den"]).to_numpy()
        self.by_province = obs.groupby(["quarter", "indicator", "province"], sort=False).indices
        self.by_city = obs.groupby(["quarter", "indicator", "city"], sort=False).indices

    def worst(self, region: str, industry: str, period: str, indicator: str) -> list[int]:
        """Enterprises of the cell, worst first on ``indicator`` in the period (a year: its Q4)."""
        quarter = period if "Q" in period else f"{period}Q4"
        groups = self.by_province if region.endswith("0000") else self.by_city
        idx = groups.get((quarter, indicator, region))
        if idx is None:
            return []
        if industry != core.ALL_INDUSTRIES:
            idx = idx[self.division[idx] == industry]
        higher = (
            registry.INDICATORS[indicator].higher_is_better
            if indicator in registry.INDICATORS
            else True
        )
        ratio = self.ratio[idx]
        order = np.argsort(ratio if higher else -ratio, kind="stable")
        return [int(e) for e in self.enterprise[idx][order][:ENTERPRISES_PER_WARNING]]


def warnings_evaluate(
    *, run: IndexRun, cells: pd.DataFrame | None = None, observations: pd.DataFrame | None = None
) -> list[Warning]:
    """Apply every active rule to the run's latest periods; one Warning per fired cell."""
    if cells is None:
        return []
    keys = [i["key"] for i in run.version.indicators]
    if observations is None:
        observations = observations_frame(keys=keys)
    latest = _latest(cells)
    latest_quarters = {p if "Q" in p else f"{p}Q4" for p in latest}
    behind = _CellEnterprises(observations[observations["quarter"].isin(latest_quarters)])
    scores = cells.set_index(["region", "industry", "period"])[[f"{k}__score" for k in keys]]
    scores = scores[~scores.index.duplicated()]
    made: list[Warning] = []
    for rule in WarningRule.objects.filter(active=True):
        fired = _fired(rule, cells)
        if fired.empty:
            continue
        fired = fired[fired["period"].isin(latest)]
        for row in fired.to_dict("records"):
            driver = _driver(rule, scores, row, keys)
            made.append(
                Warning(
                    rule=rule,
                    run=run,
                    region=row["region"],
                    industry=row["industry"],
                    period=row["period"],
                    indicator=rule.indicator or driver,
                    numbers=_numbers(rule, row) | {"driver": driver},
                    enterprise_ids=behind.worst(
                        row["region"], row["industry"], row["period"], driver
                    ),
                )
            )
    with transaction.atomic():
        Warning.objects.bulk_create(made, batch_size=1000, ignore_conflicts=True)
        if made:
            audit_append(
                actor="system",
                action="warn",
                model="index.warning",
                object_pk=f"run:{run.pk}",
                changes={"count": len(made)},
            )
    return made


def warning_acknowledge(*, actor: Actor, warning: Warning, note: str) -> Warning:
    """An authority officer of the warning's region (or an admin) acknowledges it with a note."""
    if not may_see_warning(actor, warning.region):
        raise NotFound
    if not note.strip():
        raise IndexInputError(_("A note is required."), field="note")
    if warning.status == WarningStatus.ACKNOWLEDGED:
        raise IndexInputError(_("This warning has already been acknowledged."), field="status")
    with transaction.atomic():
        warning.status = WarningStatus.ACKNOWLEDGED
        warning.note = note.strip()
        warning.acknowledged_by = actor.user
        warning.acknowledged_at = timezone.now()
        warning.save(update_fields=["status", "note", "acknowledged_by", "acknowledged_at"])
        audit_append(
            actor=actor.user,
            action="acknowledge",
            model="index.warning",
            object_pk=warning.pk,
            changes={"note": warning.note},
        )
    return warning
