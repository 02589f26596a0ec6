"""Authority dashboards (aggregate access): level distribution, 2027 targets, institution consistency, counts, regions, gating records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from qualitas.analytics.maturity import (
    OnsiteRecord,
    Spread,
    institution_consistency,
)
from qualitas.core.access import (
    Actor,
    aggregate_min_group,
    governed_q,
    governed_region_codes,
    region_within_q,
)
from qualitas.evaluation.choices import (
    AssessmentStatus,
    AssignmentStatus,
    ResultStatus,
)
from qualitas.evaluation.models import (
    Assessment,
    Assignment,
    GateRecord,
    RegionalTarget,
    Result,
)
from qualitas.evaluation.selectors._common import _lang_en
from qualitas.evaluation.selectors.campaigns import campaigns_for
from qualitas.evaluation.selectors.results import current_levels
from qualitas.registry.models import Enterprise, Region
from qualitas.registry.selectors import regions_list

NATIONAL_TARGETS_2027 = {2: 10000, 3: 1000, 4: 100, 5: 10}
"""Enterprises newly reaching each level by 2027 (MIIT, NDRC, NFRA 2023 No. 249)."""


def _scoped_enterprises(actor: Actor) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(governed_q(actor))


def level_distribution(*, actor: Actor, by: str = "province") -> dict[str, Any]:
    """Enterprises per current official level by province (or prefecture, or industry division);
    cells of groups with fewer than the minimum group size are withheld."""
    field = {"province": "province_id", "prefecture": "region_id", "industry": "industry_id"}[by]
    name = {"province": "province", "prefecture": "region", "industry": "industry"}[by]
    scope = _scoped_enterprises(actor)
    levels = current_levels(qs=scope)
    selfs = dict(
        Assessment.objects.filter(enterprise__in=scope, status=AssessmentStatus.SUBMITTED)
        .order_by("submitted_at")
        .values_list("enterprise_id", "level")
    )
    groups: dict[str, Counter[int]] = {}
    self_groups: dict[str, Counter[int]] = {}
    labels: dict[str, str] = {}
    ids = set(levels) | set(selfs)
    for eid, key, zh, en in Enterprise.objects.filter(pk__in=ids).values_list(
        "pk", field, f"{name}__name_zh", f"{name}__name_en"
    ):
        labels[key] = en if _lang_en() and en else zh
        if eid in levels:
            groups.setdefault(key, Counter())[levels[eid]] += 1
        if eid in selfs:
            self_groups.setdefault(key, Counter())[int(selfs[eid] or 0)] += 1
    rows = []
    m = aggregate_min_group(actor)
    for key in sorted(set(groups) | set(self_groups)):
        c, s = groups.get(key, Counter()), self_groups.get(key, Counter())
        n, ns = sum(c.values()), sum(s.values())
        rows.append(
            {
                "code": key,
                "name": labels.get(key, key),
                "n": n if n >= m else None,
                "withheld": n < m,
                "levels": [c.get(lv, 0) for lv in range(6)] if n >= m else None,
                "n_self": ns if ns >= m else None,
                "self_levels": [s.get(lv, 0) for lv in range(6)] if ns >= m else None,
            }
        )
    total = Counter(levels.values())
    return {
        "rows": rows,
        "total": [total.get(lv, 0) for lv in range(6)],
        "n": sum(total.values()),
    }


def targets_progress(
    *, actor: Actor, year: int = 2027, base: date = date(2024, 1, 1)
) -> dict[str, Any]:
    """Enterprises newly reaching each level since ``base`` (first published result at or above
    the level after the base date, counted once per enterprise at its highest level reached),
    against the national targets and the regional targets of the actor's regions."""
    scope = _scoped_enterprises(actor)
    rows = (
        Result.objects.filter(
            status=ResultStatus.PUBLISHED, enterprise__in=scope, published_at__date__gte=base
        )
        .values("enterprise_id")
        .annotate(top=Max("level"))
    )
    reached = Counter(r["top"] for r in rows)
    # "reaching level ℓ" counts every enterprise whose highest new level is exactly ℓ (targets are per level)
    national_scope = (
        Result.objects.filter(status=ResultStatus.PUBLISHED, published_at__date__gte=base)
        .values("enterprise_id")
        .annotate(top=Max("level"))
    )
    national = Counter(r["top"] for r in national_scope)
    regional_qs = (
        RegionalTarget.objects.filter(year=year).filter(governed_q(actor)).select_related("region")
    )
    regional: dict[str, dict[str, Any]] = {}
    for t in regional_qs:
        n = (
            Result.objects.filter(
                region_within_q(t.region_id, field="enterprise__region__code"),
                status=ResultStatus.PUBLISHED,
                published_at__date__gte=base,
            )
            .values("enterprise_id")
            .annotate(top=Max("level"))
            .filter(top=t.level)
            .count()
        )
        regional.setdefault(t.region_id, {"region": t.region, "rows": []})["rows"].append(
            {
                "level": t.level,
                "target": t.target,
                "done": n,
                "pct": min(100, int(100 * n / t.target)) if t.target else 100,
            }
        )
    return {
        "national": [
            {
                "level": lv,
                "target": tgt,
                "done": national.get(lv, 0),
                "pct": min(100, int(100 * national.get(lv, 0) / tgt)),
            }
            for lv, tgt in NATIONAL_TARGETS_2027.items()
        ],
        "scope": [{"level": lv, "done": reached.get(lv, 0)} for lv in NATIONAL_TARGETS_2027],
        "regional": list(regional.values()),
        "base": base,
        "year": year,
    }


@dataclass(frozen=True)
class InstitutionConsistency:
    """One institution's gaps (on-site − self, on-site − peers); a gap over fewer enterprises than
    the minimum group size is withheld, and its mean and spread read as None."""

    institution: str
    self_gap: Spread
    peer_gap: Spread
    withheld: bool
    peer_withheld: bool

    @property
    def n(self) -> int:
        return self.self_gap.n

    @property
    def self_gap_mean(self) -> float | None:
        return None if self.withheld else self.self_gap.mean

    @property
    def self_gap_sd(self) -> float | None:
        return None if self.withheld else self.self_gap.sd

    @property
    def peer_gap_n(self) -> int:
        return self.peer_gap.n

    @property
    def peer_gap_mean(self) -> float | None:
        return None if self.peer_withheld else self.peer_gap.mean

    @property
    def peer_gap_sd(self) -> float | None:
        return None if self.peer_withheld else self.peer_gap.sd


def consistency_by_institution(*, actor: Actor) -> list[InstitutionConsistency]:
    """Per institution: (on-site − self) and (on-site − other institutions on comparable enterprises), see the methodology."""
    scope = _scoped_enterprises(actor)
    rows = (
        Result.objects.filter(enterprise__in=scope, institution__isnull=False)
        .exclude(status=ResultStatus.DRAFT)
        .values_list(
            "institution_id",
            "institution__name_zh",
            "institution__name_en",
            "enterprise__industry_id",
            "enterprise__size_class",
            "score",
            "self_score",
            "series",
            "version",
        )
    )
    latest: dict[int | None, tuple[Any, ...]] = {}
    for row in rows:
        if row[7] not in latest or row[8] > latest[row[7]][8]:
            latest[row[7]] = row
    names = {}
    recs = []
    for inst, zh, en, ind, size, score, self_score, *_ in latest.values():
        names[str(inst)] = en if _lang_en() and en else zh
        recs.append(
            OnsiteRecord(
                institution=str(inst),
                cell=f"{ind}/{size}",
                onsite=float(score),
                self_score=float(self_score) if self_score is not None else None,
            )
        )
    out: list[InstitutionConsistency] = []
    m = aggregate_min_group(actor)
    for c in institution_consistency(recs, min_group=m):
        withheld = c.self_gap.n < m
        out.append(
            InstitutionConsistency(
                institution=names[c.institution],
                self_gap=c.self_gap,
                peer_gap=c.peer_gap,
                withheld=withheld,
                peer_withheld=c.peer_gap.n < m,
            )
        )
    return out


def dashboard_counts(*, actor: Actor) -> dict[str, Any]:
    scope = _scoped_enterprises(actor)
    return {
        "enterprises": scope.count(),
        "self_assessed": Assessment.objects.filter(
            enterprise__in=scope, status=AssessmentStatus.SUBMITTED
        )
        .values("enterprise_id")
        .distinct()
        .count(),
        "published": Result.objects.filter(enterprise__in=scope, status=ResultStatus.PUBLISHED)
        .values("enterprise_id")
        .distinct()
        .count(),
        "campaigns": campaigns_for(actor=actor).count(),
        "in_progress": Assignment.objects.filter(
            campaign__in=campaigns_for(actor=actor).values("pk")
        )
        .exclude(status=AssignmentStatus.PUBLISHED)
        .count(),
    }


def regions_for(*, actor: Actor) -> list[Region]:
    """Regions an authority officer acts on (campaigns, targets): their own; admins every province."""
    codes = governed_region_codes(actor)
    if codes is None:
        return list(regions_list(level="province"))
    return list(regions_list().filter(code__in=codes))


def gate_records_for(*, actor: Actor) -> QuerySet[GateRecord]:
    """Gating records (incidents, penalties, listings): authority officers those of their regions, admins all."""
    return GateRecord.objects.select_related("enterprise").filter(
        governed_q(actor, field="enterprise__region__code")
    )
