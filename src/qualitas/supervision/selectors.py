"""Reads of supervision spot-checks, scoped through ``core.access`` (``core/access/supervision.py``).

Published results are public: :func:`published_campaigns`, :func:`published_get`,
:func:`published_lists` and :func:`campaign_summary` read only published campaigns. The working
records (drafts, samples before publication) go through :func:`campaigns_for`,
:func:`campaign_get`, :func:`samples_for` and :func:`sample_get`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from qualitas.core.access import (
    Actor,
    NotFound,
    campaigns_visible_q,
    may_act_for_sample,
    may_manage_campaign,
    may_publish_campaign,
    may_run_spot_checks,
    samples_visible_q,
)
from qualitas.registry.choices import InstitutionKind
from qualitas.registry.models import Institution, Region
from qualitas.supervision.choices import CampaignStatus, SampleStatus, Stage, Verdict
from qualitas.supervision.models import Campaign, ItemResult, ProductRule, Sample


def rules_all() -> QuerySet[ProductRule]:
    """Every implementation rule with its items (public reference)."""
    return ProductRule.objects.prefetch_related("items").order_by("code")


def rule_get(*, pk: int) -> ProductRule:
    rule = rules_all().filter(pk=pk).first()
    if rule is None:
        raise NotFound
    return rule


def laboratories() -> QuerySet[Institution]:
    """Institutions of the laboratory kind (the registry's), for the assignment forms."""
    return Institution.objects.filter(kind=InstitutionKind.LABORATORY).order_by("name_zh")


# --- published ------------------------------------------------------------------------------


def published_campaigns() -> QuerySet[Campaign]:
    """Published campaigns, newest first, with their organising region and products."""
    return (
        Campaign.objects.filter(status=CampaignStatus.PUBLISHED)
        .select_related("region")
        .prefetch_related("rules")
        .order_by("-published_at", "-pk")
    )


def published_get(*, pk: int) -> Campaign:
    c = published_campaigns().filter(pk=pk).first()
    if c is None:
        raise NotFound
    return c


def _published_samples(campaign: Campaign) -> QuerySet[Sample]:
    failed = ItemResult.objects.filter(verdict=Verdict.FAIL).select_related("item")
    return (
        campaign.samples.select_related(
            "enterprise",
            "enterprise__region",
            "enterprise__industry",
            "rule",
            "laboratory",
            "reinspection_lab",
        )
        .prefetch_related(Prefetch("results", queryset=failed, to_attr="failed_results"))
        .order_by("draw_order")
    )


@dataclass
class PublishedLists:
    """The published formats: qualified, unqualified (with failing items) and refusals."""

    qualified: list[Sample] = field(default_factory=list)
    unqualified: list[Sample] = field(default_factory=list)
    refused: list[Sample] = field(default_factory=list)


def failing_items(sample: Sample) -> list[str]:
    """Names of the items that failed at the stage that decided the final verdict."""
    stage = Stage.REINSPECTION if sample.reinspection_verdict else Stage.INITIAL
    return [r.item.name for r in getattr(sample, "failed_results", []) if r.stage == stage]


def published_lists(campaign: Campaign) -> PublishedLists:
    """The lists of a published campaign (empty for any other)."""
    out = PublishedLists()
    if campaign.status != CampaignStatus.PUBLISHED:
        return out
    for s in _published_samples(campaign):
        s.failing = failing_items(s)  # type: ignore[attr-defined]
        if s.status == SampleStatus.REFUSED:
            out.refused.append(s)
        elif s.final_verdict == Verdict.PASS:
            out.qualified.append(s)
        elif s.final_verdict == Verdict.FAIL:
            out.unqualified.append(s)
    return out


def _rate(failed: int, batches: int) -> float | None:
    return round(100.0 * failed / batches, 1) if batches else None


def summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Campaign summary in the published format from plain rows (``enterprise``, ``product``,
    ``province``, ``industry``, ``verdict``, ``refused``, ``failing``): enterprises, batches,
    failed batches and the failure-discovery rate (不合格发现率 = failed / tested batches), by
    product, province and industry, and the failing items."""
    tested = [s for s in samples if not s["refused"] and s["verdict"]]

    def group(key: str) -> list[dict[str, Any]]:
        acc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s in tested:
            acc[s[key]].append(s)
        rows = []
        for name, rs in sorted(acc.items()):
            failed = sum(1 for s in rs if s["verdict"] == Verdict.FAIL)
            rows.append(
                {
                    "name": name,
                    "enterprises": len({s["enterprise"] for s in rs}),
                    "batches": len(rs),
                    "failed": failed,
                    "rate": _rate(failed, len(rs)),
                }
            )
        return rows

    failed = sum(1 for s in tested if s["verdict"] == Verdict.FAIL)
    items = Counter(i for s in tested for i in s["failing"])
    return {
        "enterprises": len({s["enterprise"] for s in tested}),
        "batches": len(tested),
        "failed": failed,
        "rate": _rate(failed, len(tested)),
        "refused": sum(1 for s in samples if s["refused"]),
        "by_product": group("product"),
        "by_province": group("province"),
        "by_industry": group("industry"),
        "failing_items": items.most_common(),
    }


def campaign_summary(campaign: Campaign, lists: PublishedLists | None = None) -> dict[str, Any]:
    """The published summary of a campaign (see :func:`summarise`)."""
    lists = lists or published_lists(campaign)
    provinces = dict(Region.objects.filter(level="province").values_list("code", "name_zh"))
    en = dict(Region.objects.filter(level="province").values_list("code", "name_en"))
    from django.utils import translation

    names = en if (translation.get_language() or "").startswith("en") else provinces
    rows = []
    for s in [*lists.qualified, *lists.unqualified, *lists.refused]:
        rows.append(
            {
                "enterprise": s.enterprise_id,
                "product": s.rule.product,
                "province": names.get(s.enterprise.province_id) or s.enterprise.province_id,
                "industry": s.enterprise.industry.name,
                "verdict": s.final_verdict,
                "refused": s.status == SampleStatus.REFUSED,
                "failing": getattr(s, "failing", []),
            }
        )
    return summarise(rows)


# --- working records ------------------------------------------------------------------------


def campaigns_for(*, actor: Actor) -> QuerySet[Campaign]:
    """Campaigns the actor may see: published ones, and the officer's regions' before that."""
    return (
        Campaign.objects.filter(campaigns_visible_q(actor))
        .select_related("region")
        .prefetch_related("rules")
        .order_by("-year", "-pk")
    )


def campaign_get(*, actor: Actor, pk: int) -> Campaign:
    c = campaigns_for(actor=actor).filter(pk=pk).first()
    if c is None:
        raise NotFound
    return c


def may_work_on(actor: Actor, campaign: Campaign) -> bool:
    return may_run_spot_checks(actor) and may_manage_campaign(actor, campaign.region_id)


def may_publish(actor: Actor, campaign: Campaign) -> bool:
    return may_publish_campaign(actor, campaign.region_id, campaign.submitted_by_id)


def samples_for(*, actor: Actor, campaign: Campaign | None = None) -> QuerySet[Sample]:
    """Samples the actor may see (officers of the region, the enterprise its own)."""
    qs = Sample.objects.filter(samples_visible_q(actor)).select_related(
        "enterprise", "rule", "campaign", "laboratory"
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("campaign", "draw_order")


def sample_get(*, actor: Actor, pk: int) -> Sample:
    s = (
        samples_for(actor=actor)
        .select_related("campaign__region", "reinspection_lab", "enterprise__region")
        .prefetch_related("inspectors", "rule__items")
        .filter(pk=pk)
        .first()
    )
    if s is None:
        raise NotFound
    return s


def sample_results(sample: Sample) -> dict[str, list[ItemResult]]:
    """The sample's item results by stage."""
    out: dict[str, list[ItemResult]] = defaultdict(list)
    for r in sample.results.select_related("item").order_by("item__order"):
        out[r.stage].append(r)
    return dict(out)


def is_own_sample(actor: Actor, sample: Sample) -> bool:
    return may_act_for_sample(actor, sample.enterprise_id)


def enterprise_published(enterprise_id: int) -> list[Sample]:
    """An enterprise's samples in published campaigns (newest first): its public record."""
    return list(
        Sample.objects.filter(
            enterprise_id=enterprise_id, campaign__status=CampaignStatus.PUBLISHED
        )
        .select_related("campaign", "rule")
        .order_by("-campaign__published_at", "-pk")
    )
