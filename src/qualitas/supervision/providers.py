"""What supervision spot-checks contribute through ``core.providers``: the public profile section
of published results, evaluation evidence, the spot-check pass-rate indicator, the spot-check
credit factor and one search document per published sample. Only published campaigns count.
Registered from ``AppConfig.ready()``; readers never import this module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitas.core.providers import (
    CreditFactor,
    EvidenceOffer,
    Fact,
    IndicatorSource,
    ProfileSection,
    SearchDocument,
    Signal,
    bilingual,
    credit_provider,
    empty_indicator_frame,
    evidence_provider,
    indicator_source,
    profile_provider,
    quarter_end,
    search_provider,
    signal_provider,
    trailing_share_frame,
)
from qualitas.supervision.choices import CampaignStatus, Verdict
from qualitas.supervision.models import Sample
from qualitas.supervision.selectors import enterprise_published

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "supervision"
CREDIT_YEARS = 3


@profile_provider
def spot_check_profile(*, enterprise_id: int, public: bool) -> Iterator[ProfileSection]:
    """Public: the enterprise's published spot-check results (latest first, five at most)."""
    samples = [s for s in enterprise_published(enterprise_id) if s.final_verdict or s.refused_on]
    if not samples:
        return
    facts = []
    for s in samples[:5]:
        verdict = s.get_final_verdict_display() if s.final_verdict else _("Refused inspection")
        facts.append(
            Fact(
                label=f"{s.campaign.year} {s.rule.product}",
                value=verdict,
                url=f"/spot-checks/{s.campaign_id}/",
            )
        )
    failed = sum(1 for s in samples if s.final_verdict == Verdict.FAIL)
    facts.append(Fact(label=_("Published spot-checks"), value=len(samples)))
    facts.append(Fact(label=_("Unqualified"), value=failed))
    yield ProfileSection(
        key="supervision.spot_checks",
        title=_("Supervision spot-checks"),
        facts=tuple(facts),
        public=True,
        source_app=SOURCE,
        order=40,
        url="/spot-checks/",
    )


@evidence_provider
def spot_check_evidence(enterprise_id: int) -> Iterator[EvidenceOffer]:
    """Published spot-check results as evidence of product conformity."""
    samples = [s for s in enterprise_published(enterprise_id) if s.final_verdict]
    if not samples:
        return
    passed = sum(1 for s in samples if s.final_verdict == Verdict.PASS)
    yield EvidenceOffer(
        topic="spot_checks",
        text=_("%(passed)d of %(n)d published spot-check samples qualified; latest: %(latest)s")
        % {"passed": passed, "n": len(samples), "latest": samples[0].get_final_verdict_display()},
        source_app=SOURCE,
        url=f"/spot-checks/{samples[0].campaign_id}/",
    )


def _pass_rate_source(quarters: Sequence[str]) -> pd.DataFrame:
    """Per enterprise and quarter: samples of campaigns published by the quarter's end within the
    last three years (den) and those qualified (num)."""
    if not quarters:
        return empty_indicator_frame()
    first = min(quarter_end(q) for q in quarters) - timedelta(days=365 * CREDIT_YEARS)
    rows = Sample.objects.filter(
        campaign__status=CampaignStatus.PUBLISHED,
        campaign__published_at__date__gte=first,
        final_verdict__in=[Verdict.PASS, Verdict.FAIL],
    ).values_list("enterprise_id", "campaign__published_at", "final_verdict")
    return trailing_share_frame(
        list(rows), quarters, days=365 * CREDIT_YEARS, hit=lambda v: v == Verdict.PASS
    )


indicator_source(
    IndicatorSource(
        key="spot_check_pass_rate",
        label=gettext_lazy("Spot-check pass rate"),
        description=gettext_lazy(
            "Share of samples qualified in published supervision spot-checks of the last three years"
        ),
        unit="share",
        higher_is_better=True,
        normalisation="ratio",
        weight=0.1,
        source_app=SOURCE,
        source=_pass_rate_source,
        # offered to methodology versions; not in the default list until spot-checks have a
        # published history in the base period
        in_default=False,
    )
)


@credit_provider
def spot_check_credit(enterprise_id: int, as_of: date) -> Iterator[CreditFactor]:
    """Share of qualified samples in spot-checks published in the three years up to ``as_of``
    (a refusal counts as unqualified); ``None`` without any."""
    since = as_of - timedelta(days=365 * CREDIT_YEARS)
    samples = [
        s
        for s in enterprise_published(enterprise_id)
        if s.campaign.published_at
        and since < s.campaign.published_at.date() <= as_of
        and (s.final_verdict or s.refused_on)
    ]
    if not samples:
        yield CreditFactor(
            key="spot_checks",
            label=gettext_lazy("Supervision spot-checks"),
            value=None,
            explanation=gettext_lazy("No published spot-check in the last three years."),
            source_app=SOURCE,
            as_of=as_of,
        )
        return
    passed = sum(1 for s in samples if s.final_verdict == Verdict.PASS)
    yield CreditFactor(
        key="spot_checks",
        label=gettext_lazy("Supervision spot-checks"),
        value=passed / len(samples),
        explanation=_(
            "%(passed)d of %(n)d samples qualified in spot-checks published in the last three "
            "years (a refusal counts as unqualified)."
        )
        % {"passed": passed, "n": len(samples)},
        source_app=SOURCE,
        as_of=as_of,
    )


@search_provider
def spot_check_documents() -> Iterator[SearchDocument]:
    """One document per sample of a published campaign (qualified, unqualified or refused)."""
    qs = (
        Sample.objects.filter(campaign__status=CampaignStatus.PUBLISHED)
        .select_related("campaign", "rule", "enterprise")
        .order_by("pk")
    )
    for s in qs.iterator(chunk_size=2000):
        verdict = s.get_final_verdict_display() if s.final_verdict else _("Refused inspection")
        yield SearchDocument(
            kind="spot_check",
            key=s.code,
            title=bilingual(
                f"{s.enterprise.name_zh} {s.rule.product_zh} 监督抽查",
                f"{s.enterprise.name_en or s.enterprise.name_zh} {s.rule.product_en} spot-check",
            ),
            text=f"{s.campaign.title_zh} {s.rule.product_zh} {verdict} {s.brand} {s.model_spec}",
            url=f"/spot-checks/{s.campaign_id}/",
            source_app=SOURCE,
            enterprise_id=s.enterprise_id,
            region_code=s.enterprise.region_id,
            industry_code=s.enterprise.industry_id,
            published_at=s.campaign.published_at,
        )


@signal_provider
def spot_check_signals(enterprise_ids: Sequence[int], since: date) -> Iterator[Signal]:
    """One signal per sample of a published campaign (dated at publication): an unqualified
    verdict or a refusal is adverse."""
    qs = (
        Sample.objects.filter(
            enterprise_id__in=list(enterprise_ids),
            campaign__status=CampaignStatus.PUBLISHED,
            campaign__published_at__date__gte=since,
        )
        .select_related("campaign", "rule")
        .order_by("pk")
    )
    for s in qs:
        if not (s.final_verdict or s.refused_on) or s.campaign.published_at is None:
            continue
        verdict = s.get_final_verdict_display() if s.final_verdict else _("Refused inspection")
        yield Signal(
            kind="spot_check",
            enterprise_id=s.enterprise_id,
            day=s.campaign.published_at.date(),
            label=f"{s.rule.product} · {verdict}",
            adverse=s.final_verdict != Verdict.PASS,
            source_app=SOURCE,
            url=f"/spot-checks/{s.campaign_id}/",
        )
