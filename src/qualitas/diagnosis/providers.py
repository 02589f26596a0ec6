"""What the diagnosis app contributes to other apps through ``core.providers`` (profile sections,
evaluation evidence, index indicators, credit factors, search documents). Registered from
``AppConfig.ready()``; readers never import this module.

Diagnosis data is the enterprise's own: nothing here is public. The profile sections are
private (consent scope ``quality_data``); evidence is offered to the enterprise's own
self-assessment; the index and the credit rating read counts and shares, never measurements.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.choices import ConsentScope
from qualitas.core.providers import (
    CreditFactor,
    EvidenceOffer,
    Fact,
    IndicatorSource,
    ProfileSection,
    credit_provider,
    empty_indicator_frame,
    evidence_provider,
    indicator_frame,
    indicator_source,
    profile_provider,
    quarter_end,
)
from qualitas.diagnosis.choices import AlertStatus
from qualitas.diagnosis.models import (
    Alert,
    CapabilitySummary,
    Characteristic,
    IngestBatch,
    Study,
)

APP = "diagnosis"


def latest_summary(enterprise_id: int, as_of: date | None = None) -> CapabilitySummary | None:
    """The enterprise's most recent capability summary (computed by the end of ``as_of`` if given)."""
    qs = CapabilitySummary.objects.filter(enterprise_id=enterprise_id)
    if as_of is not None:
        qs = qs.filter(computed_at__date__lte=as_of)
    return qs.order_by("-computed_at").first()


def capability_text(summary: CapabilitySummary) -> str:
    """A capability summary in one sentence, in the active language."""
    return gettext(
        "Characteristics with Cpk ≥ 1.33: %(capable)d of %(assessed)d assessed (median Cpk %(median).2f, %(day)s)"
    ) % {
        "capable": summary.capable,
        "assessed": summary.assessed,
        "median": summary.median_cpk or 0.0,
        "day": timezone.localdate(summary.computed_at).isoformat(),
    }


def monitored_count(enterprise_id: int) -> int:
    return Characteristic.objects.filter(enterprise_id=enterprise_id, monitored=True).count()


# ------------------------------------------------------------------------------------------
# evaluation evidence: what the enterprise does on the platform, by topic


@evidence_provider
def evidence(enterprise_id: int) -> list[EvidenceOffer]:
    """Monitoring, capability, streamed batches, alerts and studies of one enterprise."""
    facts: dict[str, str] = {}
    monitored = monitored_count(enterprise_id)
    if monitored:
        facts["monitoring"] = gettext(
            "Characteristics monitored with control charts on the platform: %(n)d"
        ) % {"n": monitored}
    summary = latest_summary(enterprise_id)
    if summary is not None and summary.assessed:
        facts["capability"] = capability_text(summary)
    since = timezone.now() - timedelta(days=365)
    batches = IngestBatch.objects.filter(
        characteristic__enterprise_id=enterprise_id, received_at__gte=since
    ).count()
    if batches:
        facts["ingest"] = gettext(
            "Batches of measurements streamed to the platform in the last 12 months: %(n)d"
        ) % {"n": batches}
    alerts = Alert.objects.filter(
        characteristic__enterprise_id=enterprise_id, opened_at__gte=since
    ).aggregate(
        n=Count("pk"),
        handled=Count("pk", filter=~Q(status=AlertStatus.OPEN)),
        with_action=Count("pk", filter=Q(action__isnull=False)),
    )
    if alerts["n"]:
        facts["alerts"] = gettext(
            "Run-rule alerts in the last 12 months: %(n)d, of which %(handled)d handled and %(action)d with a corrective action"
        ) % {
            "n": alerts["n"],
            "handled": alerts["handled"],
            "action": alerts["with_action"],
        }
    kinds = dict(
        Study.objects.filter(enterprise_id=enterprise_id)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    if kinds.get("gage_rr"):
        facts["msa"] = gettext("Gage R&R studies run on the platform: %(n)d") % {
            "n": kinds["gage_rr"]
        }
    if kinds.get("pareto"):
        facts["pareto"] = gettext("Pareto analyses run on the platform: %(n)d") % {
            "n": kinds["pareto"]
        }
    rel = kinds.get("weibull", 0) + kinds.get("growth", 0)
    if rel:
        facts["reliability"] = gettext(
            "Reliability analyses (Weibull, growth) run on the platform: %(n)d"
        ) % {"n": rel}
    return [EvidenceOffer(topic=k, text=v, source_app=APP) for k, v in facts.items()]


# ------------------------------------------------------------------------------------------
# index indicators: capability summaries and open alerts as of each quarter end

_SUMMARY_COLUMNS = ["enterprise", "quarter", "monitored", "assessed", "capable"]


def summaries_as_of(quarters: Sequence[str]) -> pd.DataFrame:
    """Per (enterprise, quarter): the latest capability summary computed by the quarter end."""
    if not quarters:
        return pd.DataFrame(columns=_SUMMARY_COLUMNS)
    rows = pd.DataFrame.from_records(
        CapabilitySummary.objects.values_list(
            "enterprise_id", "computed_at", "monitored", "assessed", "capable"
        ),
        columns=["enterprise", "computed_at", "monitored", "assessed", "capable"],
    )
    if rows.empty:
        return pd.DataFrame(columns=_SUMMARY_COLUMNS)
    rows["day"] = pd.to_datetime(rows["computed_at"], utc=True).dt.date
    out = []
    for q in quarters:  # a handful of quarters; the work per quarter is vectorised
        done = rows[rows["day"] <= quarter_end(q)]
        latest = done.sort_values(["enterprise", "computed_at"]).groupby("enterprise").tail(1)
        out.append(latest.assign(quarter=q)[_SUMMARY_COLUMNS])
    return pd.concat(out, ignore_index=True)


def source_capability(quarters: Sequence[str]) -> pd.DataFrame:
    """Share of monitored characteristics with Cpk >= 1.33 (of those with an assessed Cpk)."""
    s = summaries_as_of(quarters)
    return indicator_frame(s, num=s["capable"].astype(float), den=s["assessed"].astype(float))


def source_open_alerts(quarters: Sequence[str]) -> pd.DataFrame:
    """Alerts not closed at the quarter end, per monitored characteristic."""
    s = summaries_as_of(quarters)
    if s.empty:
        return empty_indicator_frame()
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
    return indicator_frame(
        merged,
        num=merged["alerts"].fillna(0).astype(float),
        den=merged["monitored"].astype(float),
    )


indicator_source(
    IndicatorSource(
        key="capability",
        label=_("Capable characteristics"),
        unit="share",
        higher_is_better=True,
        description=_("Share of monitored characteristics whose Cpk is at least 1.33."),
        normalisation="ratio",
        weight=0.2,
        source_app=APP,
        source=source_capability,
    )
)
indicator_source(
    IndicatorSource(
        key="open_alerts",
        label=_("Open alerts per characteristic"),
        unit="rate",
        higher_is_better=False,
        description=_(
            "Open monitoring alerts per monitored characteristic at the quarter end (lower is better)."
        ),
        normalisation="ratio",
        weight=0.2,
        source_app=APP,
        source=source_open_alerts,
    )
)


# ------------------------------------------------------------------------------------------
# profile: private (consent scope "quality_data"); nothing of diagnosis is public


@profile_provider
def profile(*, enterprise_id: int, public: bool) -> list[ProfileSection]:
    """Monitored characteristics, the latest capability summary and open alerts, privately (two queries)."""
    if public:
        return []
    counts = Characteristic.objects.filter(enterprise_id=enterprise_id).aggregate(
        monitored=Count("pk", filter=Q(monitored=True), distinct=True),
        open_alerts=Count("alerts", filter=Q(alerts__closed_at__isnull=True)),
    )
    monitored, open_alerts = counts["monitored"], counts["open_alerts"]
    summary = latest_summary(enterprise_id)
    if not monitored and summary is None and not open_alerts:
        return []
    facts = [Fact(label=_("Monitored characteristics"), value=monitored)]
    if summary is not None:
        facts += [
            Fact(
                label=_("Characteristics with Cpk ≥ 1.33"),
                value=gettext("%(capable)d of %(assessed)d assessed")
                % {"capable": summary.capable, "assessed": summary.assessed},
            ),
            Fact(
                label=_("Median Cpk"),
                value=None if summary.median_cpk is None else f"{summary.median_cpk:.2f}",
            ),
            Fact(
                label=_("Capability summary computed"),
                value=timezone.localdate(summary.computed_at),
            ),
        ]
    facts.append(Fact(label=_("Open alerts"), value=open_alerts))
    return [
        ProfileSection(
            key="diagnosis.capability",
            title=_("Process monitoring and capability"),
            facts=tuple(facts),
            public=False,
            source_app=APP,
            scope=ConsentScope.QUALITY_DATA,
            order=20,
        )
    ]


# ------------------------------------------------------------------------------------------
# credit: the share of capable characteristics in the latest summary


@credit_provider
def credit_factors(enterprise_id: int, as_of: date) -> list[CreditFactor]:
    """The latest capability summary computed by ``as_of``: the share of assessed characteristics with Cpk ≥ 1.33."""
    summary = latest_summary(enterprise_id, as_of)
    if summary is None or not summary.assessed:
        return [
            CreditFactor(
                key="capability_summary",
                label=_("Capable characteristics"),
                value=None,
                explanation=_("No process capability assessed on the platform."),
                source_app=APP,
            )
        ]
    return [
        CreditFactor(
            key="capability_summary",
            label=_("Capable characteristics"),
            value=summary.capable / summary.assessed,
            explanation=capability_text(summary),
            source_app=APP,
            as_of=timezone.localdate(summary.computed_at),
        )
    ]
