"""What the evaluation app contributes to other apps through ``core.providers`` (profile sections,
evaluation evidence, index indicators, credit factors, search documents). Registered from
``AppConfig.ready()``; readers never import this module.

Everything here reads published results only, except the private profile section (dimension
scores), which the reader shows only to those who may see the enterprise's ``capability`` data.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from django.utils.translation import gettext_lazy as _

from qualitas.core.providers import (
    IndicatorSource,
    indicator_frame,
    indicator_source,
    quarter_end,
)
from qualitas.evaluation.choices import ResultStatus
from qualitas.evaluation.models import Result

# ------------------------------------------------------------------------------------------
# index indicators: the latest published, valid result of each enterprise at a quarter end

_LEVEL_COLUMNS = ["enterprise", "quarter", "level", "score"]


def levels_as_of(quarters: Sequence[str]) -> pd.DataFrame:
    """Per (enterprise, quarter): level and score of the published result in force at the quarter end."""
    rows = pd.DataFrame.from_records(
        Result.objects.filter(status=ResultStatus.PUBLISHED).values_list(
            "enterprise_id", "level", "score", "evaluated_on", "valid_until", "version"
        ),
        columns=["enterprise", "level", "score", "evaluated_on", "valid_until", "version"],
    )
    if rows.empty:
        return pd.DataFrame(columns=_LEVEL_COLUMNS)
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
        out.append(latest.assign(quarter=q)[_LEVEL_COLUMNS])
    return pd.concat(out, ignore_index=True)


def source_level_share(quarters: Sequence[str]) -> pd.DataFrame:
    """Share of evaluated enterprises at level L3 (assurance) or above."""
    lv = levels_as_of(quarters)
    return indicator_frame(lv, num=(lv["level"].astype(int) >= 3).astype(float), den=1.0)


def source_level_score(quarters: Sequence[str]) -> pd.DataFrame:
    """Mean evaluation score of evaluated enterprises."""
    lv = levels_as_of(quarters)
    return indicator_frame(lv, num=lv["score"].astype(float), den=1.0)


indicator_source(
    IndicatorSource(
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
indicator_source(
    IndicatorSource(
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
