"""What the evaluation app contributes to other apps through ``core.providers`` (profile sections,
evaluation evidence, index indicators, credit factors, search documents). Registered from
``AppConfig.ready()``; readers never import this module.

Everything here reads published results only, except the private profile section (dimension
scores), which the reader shows only to those who may see the enterprise's ``capability`` data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pandas as pd
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor
from qualitas.core.choices import ConsentScope
from qualitas.core.providers import (
    CreditFactor,
    Fact,
    IndicatorSource,
    ProfileSection,
    SearchDocument,
    bilingual,
    credit_provider,
    indicator_frame,
    indicator_source,
    profile_provider,
    quarter_end,
    search_provider,
    supervision_provider,
)
from qualitas.evaluation.choices import Level, ResultStatus
from qualitas.evaluation.models import Dimension, Result
from qualitas.evaluation.selectors import OUT_OF_FORCE, targets_progress, with_standing

APP = "evaluation"


def result_in_force(enterprise_id: int, as_of: date | None = None) -> Result | None:
    """The enterprise's published result in force on a day (today by default): evaluated by then,
    not expired, the latest version of the latest series, its certificate neither suspended nor
    withdrawn (as it stands now)."""
    day = as_of or timezone.localdate()
    r = (
        with_standing(
            Result.objects.filter(
                enterprise_id=enterprise_id, status=ResultStatus.PUBLISHED, evaluated_on__lte=day
            )
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-series", "-version")
        .first()
    )
    # a suspended or withdrawn certificate (its latest standing): no level in force
    return None if r is None or getattr(r, "standing", None) in OUT_OF_FORCE else r


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
        source_app=APP,
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
        source_app=APP,
        source=source_level_score,
    )
)


# ------------------------------------------------------------------------------------------
# profile: the published level for everyone; dimension scores under consent scope "capability"


def _verify_url(result: Result) -> str:
    return reverse("evaluation:verify", args=[result.certificate_code])


@profile_provider
def profile(*, enterprise_id: int, public: bool) -> list[ProfileSection]:
    """The capability level in force (public) and, when asked for private sections, its dimension scores."""
    r = result_in_force(enterprise_id)
    if r is None:
        return []
    url = _verify_url(r) if r.certificate_code else ""
    sections = [
        ProfileSection(
            key="evaluation.level",
            title=_("Capability level"),
            facts=(
                Fact(label=_("Level"), value=Level(r.level).label),
                Fact(label=_("Evaluation date"), value=r.evaluated_on),
                Fact(label=_("Certificate code"), value=r.certificate_code, url=url),
                Fact(label=_("Valid until"), value=r.valid_until),
            ),
            public=True,
            source_app=APP,
            order=10,
            url=url,
        )
    ]
    if not public and r.dimension_scores:
        names = {d.code: d.name for d in Dimension.objects.filter(framework_id=r.framework_id)}
        sections.append(
            ProfileSection(
                key="evaluation.dimensions",
                title=_("Dimension scores"),
                facts=tuple(
                    Fact(
                        label=f"{code} {names.get(code, '')}".strip(),
                        value=None if score is None else f"{100 * float(score):.0f}%",
                    )
                    for code, score in r.dimension_scores.items()
                ),
                public=False,
                source_app=APP,
                scope=ConsentScope.CAPABILITY,
                order=11,
            )
        )
    return sections


# ------------------------------------------------------------------------------------------
# search: the published results in force, one document per certificate


@search_provider
def search_documents() -> Iterator[SearchDocument]:
    """Every published result that is the latest published version of its series."""
    rows = (
        Result.objects.filter(status=ResultStatus.PUBLISHED)
        .select_related("enterprise")
        .order_by("series", "-version")
    )
    last_series: object = object()
    for r in rows.iterator(chunk_size=2000):
        if r.series == last_series:
            continue  # an older version of a corrected result
        last_series = r.series
        e = r.enterprise
        level = Level(r.level).label
        yield SearchDocument(
            kind="result",
            key=r.certificate_code or str(r.pk),
            title=format_lazy("{} · {}", bilingual(e.name_zh, e.name_en), level),
            text=" ".join(
                x
                for x in (
                    e.name_zh,
                    e.name_en,
                    e.credit_code,
                    r.certificate_code or "",
                    f"L{r.level}",
                )
                if x
            ),
            url=_verify_url(r) if r.certificate_code else "",
            source_app=APP,
            enterprise_id=e.pk,
            region_code=e.region_id,
            industry_code=e.industry_id,
            published_at=r.published_at,
        )


# ------------------------------------------------------------------------------------------
# credit: the capability level in force


@credit_provider
def credit_factors(enterprise_id: int, as_of: date) -> list[CreditFactor]:
    """The published capability level in force on ``as_of``, standardised as level / 5."""
    r = result_in_force(enterprise_id, as_of)
    if r is None:
        return [
            CreditFactor(
                key="capability_level",
                label=_("Capability level"),
                value=None,
                explanation=_("No published capability evaluation in force."),
                source_app=APP,
            )
        ]
    return [
        CreditFactor(
            key="capability_level",
            label=_("Capability level"),
            value=r.level / 5,
            explanation=gettext(
                "Published capability level %(level)s (certificate %(code)s), evaluated on %(day)s."
            )
            % {
                "level": Level(r.level).label,
                "code": r.certificate_code or "—",
                "day": r.evaluated_on,
            },
            source_app=APP,
            as_of=r.evaluated_on,
        )
    ]


@supervision_provider("level_targets")
def level_targets(actor: Actor) -> dict[str, Any]:
    """Enterprises newly reaching each level against the 2027 targets, for the index dashboard."""
    return targets_progress(actor=actor)
