"""The indicator registry: every indicator of the index with its source, normalisation and weight.

A new indicator plugs in by calling :func:`register` with an :class:`Indicator`: a key, labels,
the direction, the default normalisation and weight (a methodology version copies these and may
change them), and a *source*: a function that returns, for the asked quarters, one row per
(enterprise, quarter) with ``num`` and ``den`` — the indicator's value in a cell is
``Σ num / Σ den`` over the cell's enterprises. Sources read their own app's models as of each
quarter end; an app that is not installed yet yields no rows (the demo fills in, see
``index.demo``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Source = Callable[[Sequence[str]], pd.DataFrame]  # quarters → enterprise, quarter, num, den
SOURCE_COLUMNS = ["enterprise", "quarter", "num", "den"]


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One indicator the index can use."""

    key: str
    label: Promise | str
    description: Promise | str
    unit: str  # "share" (0–1, shown in %), "score", "rate"
    higher_is_better: bool
    normalisation: str
    weight: float
    source_app: str
    source: Source


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add an indicator to the registry (keys are unique)."""
    if indicator.key in INDICATORS and INDICATORS[indicator.key] is not indicator:
        raise ValueError(f"indicator {indicator.key!r} is already registered")
    INDICATORS[indicator.key] = indicator
    return indicator


def indicator_label(key: str) -> str:
    """The label of an indicator, or of the index itself (empty key)."""
    if not key:
        return str(_("Quality management level index"))
    ind = INDICATORS.get(key)
    return str(ind.label) if ind else key


def quarter_end(label: str) -> date:
    year, q = int(label[:4]), int(label[5])
    month = q * 3
    return date(year, month, 30 if month in (6, 9) else 31)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c in ("num", "den") else "object") for c in SOURCE_COLUMNS}
    )


def _installed(app: str) -> bool:
    return apps.is_installed(f"qualitas.{app}")


# ------------------------------------------------------------------------------------------
# evaluation (issue 6): the latest published, valid result of each enterprise at a quarter end


def _evaluation_levels(quarters: Sequence[str]) -> pd.DataFrame:
    """Per (enterprise, quarter): level and score of the result in force at the quarter end."""
    if not _installed("evaluation"):
        return pd.DataFrame(columns=["enterprise", "quarter", "level", "score"])
    Result = apps.get_model("evaluation", "Result")
    rows = pd.DataFrame.from_records(
        Result.objects.filter(status="published").values_list(
            "enterprise_id", "level", "score", "evaluated_on", "valid_until", "version"
        ),
        columns=["enterprise", "level", "score", "evaluated_on", "valid_until", "version"],
    )
    if rows.empty:
        return pd.DataFrame(columns=["enterprise", "quarter", "level", "score"])
    rows["score"] = rows["score"].astype(float)
    out = []
    for q in quarters:  # a handful of quarters; the work per quarter is vectorised
        end = quarter_end(q)
        valid = rows[
            (rows["evaluated_on"] <= end)
            & (rows["valid_until"].isna() | (rows["valid_until"] >= end))
        ]
        latest = (
            valid.sort_values(["enterprise", "evaluated_on", "version"])
            .groupby("enterprise")
            .tail(1)
        )
        out.append(latest.assign(quarter=q)[["enterprise", "quarter", "level", "score"]])
    return pd.concat(out, ignore_index=True)


def source_level_share(quarters: Sequence[str]) -> pd.DataFrame:
    """Share of evaluated enterprises at level L3 (assurance) or above."""
    lv = _evaluation_levels(quarters)
    if lv.empty:
        return _empty()
    return pd.DataFrame(
        {
            "enterprise": lv["enterprise"],
            "quarter": lv["quarter"],
            "num": (lv["level"].astype(int) >= 3).astype(float),
            "den": 1.0,
        }
    )


def source_level_score(quarters: Sequence[str]) -> pd.DataFrame:
    """Mean evaluation score of evaluated enterprises."""
    lv = _evaluation_levels(quarters)
    if lv.empty:
        return _empty()
    return pd.DataFrame(
        {
            "enterprise": lv["enterprise"],
            "quarter": lv["quarter"],
            "num": lv["score"].astype(float),
            "den": 1.0,
        }
    )


# ------------------------------------------------------------------------------------------
# diagnosis (issue 5): capability summaries and open alerts


def _summaries_as_of(quarters: Sequence[str]) -> pd.DataFrame:
    """Per (enterprise, quarter): the latest capability summary computed by the quarter end."""
    cols = ["enterprise", "quarter", "monitored", "assessed", "capable"]
    if not _installed("diagnosis") or not quarters:
        return pd.DataFrame(columns=cols)
    Summary = apps.get_model("diagnosis", "CapabilitySummary")
    rows = pd.DataFrame.from_records(
        Summary.objects.values_list(
            "enterprise_id", "computed_at", "monitored", "assessed", "capable"
        ),
        columns=["enterprise", "computed_at", "monitored", "assessed", "capable"],
    )
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows["day"] = pd.to_datetime(rows["computed_at"], utc=True).dt.date
    out = []
    for q in quarters:  # a handful of quarters; the work per quarter is vectorised
        done = rows[rows["day"] <= quarter_end(q)]
        latest = done.sort_values(["enterprise", "computed_at"]).groupby("enterprise").tail(1)
        out.append(latest.assign(quarter=q)[cols])
    return pd.concat(out, ignore_index=True)


def source_capability(quarters: Sequence[str]) -> pd.DataFrame:
    """Share of monitored characteristics with Cpk >= 1.33 (of those with an assessed Cpk)."""
    s = _summaries_as_of(quarters)
    if s.empty:
        return _empty()
    return pd.DataFrame(
        {
            "enterprise": s["enterprise"],
            "quarter": s["quarter"],
            "num": s["capable"].astype(float),
            "den": s["assessed"].astype(float),
        }
    )


def source_open_alerts(quarters: Sequence[str]) -> pd.DataFrame:
    """Alerts not closed at the quarter end, per monitored characteristic."""
    s = _summaries_as_of(quarters)
    if s.empty:
        return _empty()
    Alert = apps.get_model("diagnosis", "Alert")
    alerts = pd.DataFrame.from_records(
        Alert.objects.values_list("characteristic__enterprise_id", "opened_at", "closed_at"),
        columns=["enterprise", "opened_at", "closed_at"],
    )
    counts = []
    if not alerts.empty:
        opened = pd.to_datetime(alerts["opened_at"], utc=True).dt.date
        closed = pd.to_datetime(alerts["closed_at"], utc=True).dt.date
        for q in quarters:
            end = quarter_end(q)
            is_open = (opened <= end) & (closed.isna() | (closed > end))
            c = alerts.loc[is_open.to_numpy(), "enterprise"].value_counts()
            counts.append(
                pd.DataFrame(
                    {"enterprise": c.index.to_numpy(), "quarter": q, "alerts": c.to_numpy()}
                )
            )
    found = (
        pd.concat(counts, ignore_index=True)
        if counts
        else pd.DataFrame(columns=["enterprise", "quarter", "alerts"])
    )
    merged = s.merge(found, on=["enterprise", "quarter"], how="left")
    return pd.DataFrame(
        {
            "enterprise": merged["enterprise"],
            "quarter": merged["quarter"],
            "num": merged["alerts"].fillna(0).astype(float),
            "den": merged["monitored"].astype(float),
        }
    )


register(
    Indicator(
        key="level_share",
        label=_("Share at level L3 or above"),
        unit="share",
        higher_is_better=True,
        description=_(
            "Share of evaluated enterprises whose capability level is L3 (assurance) or above."
        ),
        normalisation="ratio",
        weight=0.3,
        source_app="evaluation",
        source=source_level_share,
    )
)
register(
    Indicator(
        key="level_score",
        label=_("Mean evaluation score"),
        unit="score",
        higher_is_better=True,
        description=_(
            "Mean continuous level score (1–5) of the evaluation results in force at the quarter end."
        ),
        normalisation="ratio",
        weight=0.3,
        source_app="evaluation",
        source=source_level_score,
    )
)
register(
    Indicator(
        key="capability",
        label=_("Capable characteristics"),
        unit="share",
        higher_is_better=True,
        description=_("Share of monitored characteristics whose Cpk is at least 1.33."),
        normalisation="ratio",
        weight=0.2,
        source_app="diagnosis",
        source=source_capability,
    )
)
register(
    Indicator(
        key="open_alerts",
        label=_("Open alerts per characteristic"),
        unit="rate",
        higher_is_better=False,
        description=_(
            "Open monitoring alerts per monitored characteristic at the quarter end (lower is better)."
        ),
        normalisation="ratio",
        weight=0.2,
        source_app="diagnosis",
        source=source_open_alerts,
    )
)


def default_indicator_spec() -> list[dict[str, Any]]:
    """The registry's defaults, as a methodology version stores them."""
    return [
        {
            "key": i.key,
            "weight": i.weight,
            "normalisation": i.normalisation,
            "higher_is_better": i.higher_is_better,
        }
        for i in INDICATORS.values()
    ]


def extract(quarters: Sequence[str], keys: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Run the sources of ``keys`` for ``quarters``; indicators whose app has no data yield empty frames."""
    out = {}
    for key in keys:
        ind = INDICATORS.get(key)
        frame = ind.source(quarters) if ind else _empty()
        out[key] = frame[frame["den"] > 0] if not frame.empty else frame
    return out


def as_float(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
