"""Reads of capability evaluation, scoped through ``core.access``.

* self-assessments: row access (the enterprise's own users; authorities read their regions);
* assignments: the institution's manager and reviewers, the evaluators on the team, the
  campaign's authority; results: the same plus the enterprise; published results are public
  through the certificate page only;
* statistics: aggregate access, withheld below ``QUALITAS["MIN_GROUP_SIZE"]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qualitas.analytics.maturity import (
    ChainMember,
    OnsiteRecord,
    chain_consistency,
    institution_consistency,
    peer_position,
)
from qualitas.core.access import (
    Actor,
    NotFound,
    assessments_q,
    assignments_q,
    campaigns_q,
    governed_q,
    governed_region_codes,
    may_lead_chain,
    reads_published_results_only,
    reads_submitted_assessments_only,
    region_within_q,
    results_q,
    team_candidates_q,
)
from qualitas.evaluation.choices import (
    AssessmentStatus,
    AssignmentStatus,
    InvitationStatus,
    ResultStatus,
)
from qualitas.evaluation.models import (
    AnswerRow,
    Appeal,
    Assessment,
    Assignment,
    Campaign,
    ChainInvitation,
    COIDeclaration,
    Dimension,
    Evaluation,
    Framework,
    GateRecord,
    Indicator,
    Qualification,
    RegionalTarget,
    Requirement,
    Result,
    Score,
)
from qualitas.registry.models import Enterprise, Region
from qualitas.registry.selectors import regions_list

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NATIONAL_TARGETS_2027 = {2: 10000, 3: 1000, 4: 100, 5: 10}
"""Enterprises newly reaching each level by 2027 (MIIT, NDRC, NFRA 2023 No. 249)."""


def min_group() -> int:
    return int(settings.QUALITAS["MIN_GROUP_SIZE"])


# --------------------------------------------------------------------------------------------
# Framework tree
# --------------------------------------------------------------------------------------------


@dataclass
class IndicatorNode:
    indicator: Indicator
    requirements: list[Requirement]


@dataclass
class DimensionNode:
    dimension: Dimension
    indicators: list[IndicatorNode]

    @property
    def requirement_count(self) -> int:
        return sum(len(i.requirements) for i in self.indicators)


def framework_tree(framework: Framework) -> list[DimensionNode]:
    """Dimensions → indicators → requirements of a framework version, in three queries."""
    dims = list(Dimension.objects.filter(framework=framework).order_by("order"))
    inds = list(
        Indicator.objects.filter(dimension__framework=framework).order_by(
            "dimension__order", "order"
        )
    )
    reqs: dict[int, list[Requirement]] = {}
    for r in Requirement.objects.filter(framework=framework).order_by("level", "order"):
        reqs.setdefault(r.indicator_id, []).append(r)
    by_dim: dict[int, list[IndicatorNode]] = {}
    for i in inds:
        by_dim.setdefault(i.dimension_id, []).append(
            IndicatorNode(indicator=i, requirements=reqs.get(i.pk, []))
        )
    return [DimensionNode(dimension=d, indicators=by_dim.get(d.pk, [])) for d in dims]


def framework_get(*, pk: int) -> Framework:
    fw = Framework.objects.filter(pk=pk).first()
    if fw is None:
        raise NotFound
    return fw


def frameworks_list() -> QuerySet[Framework]:
    return Framework.objects.order_by("code", "-imported_at")


def requirement_labels(framework: Framework) -> dict[str, dict[str, Any]]:
    """Requirement code → its text, guidance, level and indicator (for reports and gaps)."""
    return {
        r.code: {
            "text": r.text,
            "guidance": r.guidance,
            "level": r.level,
            "indicator": r.indicator.name,
            "indicator_code": r.indicator.code,
            "id": r.pk,
        }
        for r in Requirement.objects.filter(framework=framework).select_related("indicator")
    }


# --------------------------------------------------------------------------------------------
# Self-assessments
# --------------------------------------------------------------------------------------------


def requirement_code(*, framework_id: int, pk: int) -> str | None:
    """The code of a requirement of the framework (public: frameworks are published), or None."""
    return (
        Requirement.objects.filter(pk=pk, framework_id=framework_id)
        .values_list("code", flat=True)
        .first()
    )


def requirement_by_code(*, framework_id: int, code: str) -> Requirement | None:
    """A requirement of the framework by its code (public), or None."""
    return Requirement.objects.filter(framework_id=framework_id, code=code).first()


def requirements_count(*, framework_id: int) -> int:
    """How many requirements the framework has (public)."""
    return Requirement.objects.filter(framework_id=framework_id).count()


def _assessments_visible(actor: Actor) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("enterprise", "framework").filter(assessments_q(actor))
    if reads_submitted_assessments_only(actor):
        qs = qs.filter(status=AssessmentStatus.SUBMITTED)
    return qs


def assessments_for(*, actor: Actor) -> QuerySet[Assessment]:
    """Self-assessments the actor may read (own enterprise; authorities: submitted ones in their regions)."""
    return _assessments_visible(actor)


def assessment_get(*, actor: Actor, pk: int) -> Assessment:
    """One self-assessment, or NotFound (missing and not allowed look the same)."""
    a = _assessments_visible(actor).filter(pk=pk).first()
    if a is None:
        raise NotFound
    return a


def assessment_answers(assessment: Assessment) -> dict[int, AnswerRow]:
    return {a.requirement_id: a for a in AnswerRow.objects.filter(assessment=assessment)}


def assessment_progress(
    assessment: Assessment,
    tree: list[DimensionNode] | None = None,
    answers: dict[int, Any] | None = None,
) -> list[dict[str, Any]]:
    """Answered / total per dimension."""
    tree = tree if tree is not None else framework_tree(assessment.framework)
    answered = (
        set(answers)
        if answers is not None
        else set(
            AnswerRow.objects.filter(assessment=assessment).values_list("requirement_id", flat=True)
        )
    )
    out = []
    for node in tree:
        ids = [r.pk for i in node.indicators for r in i.requirements]
        done = sum(1 for i in ids if i in answered)
        out.append(
            {
                "code": node.dimension.code,
                "name": node.dimension.name,
                "done": done,
                "total": len(ids),
                "percent": int(100 * done / len(ids)) if ids else 100,
            }
        )
    return out


def peers_for(*, enterprise: Enterprise, score: float) -> dict[str, Any]:
    """Position among peers of the same industry division and of the same province, from the
    latest submitted self-assessment of every enterprise (official levels where published)."""
    base = Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        submitted_at=Subquery(
            Assessment.objects.filter(
                enterprise_id=OuterRef("enterprise_id"), status=AssessmentStatus.SUBMITTED
            )
            .order_by("-submitted_at")
            .values("submitted_at")[:1]
        ),
    )
    out = {}
    for key, flt in (
        ("industry", Q(enterprise__industry_id=enterprise.industry_id)),
        ("region", Q(enterprise__province_id=enterprise.province_id)),
    ):
        rows = list(base.filter(flt).values_list("score", "level"))
        p = peer_position(
            score,
            # a submitted assessment always has its score (assessment_submit sets both)
            [float(cast(Decimal, s)) for s, _ in rows],
            [int(lv or 0) for _, lv in rows],
            min_group=min_group(),
        )
        out[key] = p
    return out


# --------------------------------------------------------------------------------------------
# Campaigns, assignments, evaluations
# --------------------------------------------------------------------------------------------


def campaigns_for(*, actor: Actor) -> QuerySet[Campaign]:
    """Campaigns of the actor's regions (authority), with assignments of their institution (institution staff)."""
    qs = Campaign.objects.select_related("region", "framework").annotate(n=Count("assignments"))
    seen = Assignment.objects.filter(assignments_q(actor)).values("campaign_id")
    return qs.filter(campaigns_q(actor, of_visible_assignments=seen))


def campaign_get(*, actor: Actor, pk: int) -> Campaign:
    c = campaigns_for(actor=actor).filter(pk=pk).first()
    if c is None:
        raise NotFound
    return c


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    """Assignments per status, per institution, and overdue count."""
    qs = Assignment.objects.filter(campaign=campaign)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(by_status.values())
    by_inst = list(
        qs.values("institution_id", "institution__name_zh", "institution__name_en")
        .annotate(
            n=Count("pk"),
            published=Count("pk", filter=Q(status=AssignmentStatus.PUBLISHED)),
        )
        .order_by("institution_id")
    )
    overdue = (
        qs.filter(deadline__lt=timezone.localdate())
        .exclude(status=AssignmentStatus.PUBLISHED)
        .count()
    )
    statuses = [(s.value, s.label, by_status.get(s.value, 0)) for s in AssignmentStatus]
    return {
        "total": total,
        "statuses": statuses,
        "by_institution": by_inst,
        "overdue": overdue,
        "published_pct": int(100 * by_status.get(AssignmentStatus.PUBLISHED, 0) / total)
        if total
        else 0,
    }


def campaign_candidates(
    *,
    actor: Actor,
    region: str = "",
    industry: str = "",
    self_level: int | None = None,
    credit_codes: list[str] | None = None,
) -> QuerySet[Enterprise]:
    """Enterprises a campaign may cover: in the actor's regions, filtered by region, industry,
    latest self-assessed level, or a list of credit codes."""
    qs = Enterprise.objects.filter(status="active").filter(governed_q(actor))
    if region:
        qs = (
            qs.filter(province_id=region)
            if region.endswith("0000")
            else qs.filter(region_id=region)
        )
    if industry:
        ind = industry.upper()
        qs = qs.filter(industry__parent_id=ind) if len(ind) == 1 else qs.filter(industry_id=ind[:3])
    if self_level is not None:
        last = (
            Assessment.objects.filter(
                enterprise_id=OuterRef("pk"), status=AssessmentStatus.SUBMITTED
            )
            .order_by("-submitted_at")
            .values("level")[:1]
        )
        qs = qs.annotate(self_level=Subquery(last)).filter(self_level=self_level)
    if credit_codes is not None:
        qs = qs.filter(credit_code__in=[c.strip().upper() for c in credit_codes if c.strip()])
    return qs.order_by("pk")


def assignments_for(*, actor: Actor) -> QuerySet[Assignment]:
    """Assignments the actor may see: managers and reviewers of the institution, evaluators on the team, authorities of the region."""
    return Assignment.objects.select_related(
        "enterprise", "enterprise__region", "campaign", "institution", "lead"
    ).filter(assignments_q(actor))


def assignment_get(*, actor: Actor, pk: int) -> Assignment:
    a = assignments_for(actor=actor).filter(pk=pk).first()
    if a is None:
        raise NotFound
    return a


def evaluation_rows(
    *, evaluation: Evaluation, assessment: Assessment | None
) -> dict[int, dict[str, Any]]:
    """Per requirement: the evaluator's score and finding, the self-assessment answer and whether they differ widely."""
    from qualitas.evaluation.scoring import framework_spec

    spec, _ = framework_spec(evaluation.framework)
    scale = dict(spec.scale)
    mine = {s.requirement_id: s for s in Score.objects.filter(evaluation=evaluation)}
    theirs = (
        {a.requirement_id: a for a in AnswerRow.objects.filter(assessment=assessment)}
        if assessment
        else {}
    )
    out: dict[int, dict[str, Any]] = {}
    for rid in set(mine) | set(theirs):
        s, a = mine.get(rid), theirs.get(rid)
        diff = None
        if s and a and s.value in scale and a.value in scale:
            diff = scale[s.value] - scale[a.value]
        out[rid] = {
            "score": s,
            "answer": a,
            "diff": diff,
            "large": diff is not None and abs(diff) >= 0.5,
        }
    return out


def self_assessment_for_evaluation(assignment: Assignment) -> Assessment | None:
    """The enterprise's latest submitted self-assessment on the campaign's framework, shown beside the evaluators' scores."""
    return (
        Assessment.objects.filter(
            enterprise_id=assignment.enterprise_id,
            framework_id=assignment.campaign.framework_id,
            status=AssessmentStatus.SUBMITTED,
        )
        .order_by("-submitted_at")
        .first()
    )


# --------------------------------------------------------------------------------------------
# Results and certificates
# --------------------------------------------------------------------------------------------


def evaluators_of_institution(*, institution_id: int | None) -> list[User]:
    """The evaluators of an institution, by user name (who may be put on its teams)."""
    from django.contrib.auth import get_user_model

    qs = get_user_model().objects.filter(team_candidates_q(institution_id))
    return list(qs.order_by("username"))


def coi_declarations_for(*, actor: Actor) -> QuerySet[COIDeclaration]:
    """The actor's own conflict-of-interest declarations (nobody lists another's here)."""
    return COIDeclaration.objects.filter(user=actor.user).select_related("enterprise")


def qualifications_for(*, actor: Actor) -> QuerySet[Qualification]:
    """The actor's own evaluator qualifications."""
    return Qualification.objects.filter(user=actor.user)


def results_for(*, actor: Actor) -> QuerySet[Result]:
    """Results the actor may read: the enterprise its own (published), institution staff theirs, authorities their regions."""
    qs = Result.objects.select_related("enterprise", "institution", "framework").filter(
        results_q(actor)
    )
    if reads_published_results_only(actor):
        qs = qs.filter(status=ResultStatus.PUBLISHED)
    return qs


def result_get(*, actor: Actor, pk: int) -> Result:
    r = results_for(actor=actor).filter(pk=pk).first()
    if r is None:
        raise NotFound
    return r


def results_by_pks(*, actor: Actor, pks: Iterable[Any]) -> list[Result]:
    """The results among ``pks`` the actor may read (:func:`results_for`), in the order given;
    unknown, unreadable and malformed ids are left out."""
    ids: list[int] = []
    for pk in pks:
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    found = {r.pk: r for r in results_for(actor=actor).filter(pk__in=ids)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def appeal_get(*, actor: Actor, pk: int) -> Appeal:
    """An appeal against a result the actor may read (:func:`results_for`), else NotFound."""
    appeal = Appeal.objects.filter(pk=pk, result__in=results_for(actor=actor)).first()
    if appeal is None:
        raise NotFound
    return appeal


def appeal_of_result(*, result: Result, pk: Any) -> Appeal:
    """An appeal against ``result`` (already access-checked by :func:`result_get`), else NotFound."""
    try:
        return Appeal.objects.get(pk=pk, result=result)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def result_versions(result: Result) -> list[Result]:
    return list(Result.objects.filter(series=result.series).order_by("version"))


@dataclass(frozen=True)
class Verification:
    """What the public certificate page says about a code."""

    result: Result
    state: str  # "valid", "expired", "superseded"
    current: Result


def certificate_verify(*, code: str) -> Verification:
    """Look up a certificate code (public): valid, expired, or superseded by a later published version."""
    r = (
        Result.objects.select_related("enterprise", "institution", "framework")
        .filter(certificate_code=code.strip().upper(), status=ResultStatus.PUBLISHED)
        .first()
    )
    if r is None:
        raise NotFound
    current = (
        Result.objects.filter(series=r.series, status=ResultStatus.PUBLISHED)
        .order_by("-version")
        .first()
        or r
    )
    if current.pk != r.pk:
        state = "superseded"
    elif r.valid_until and r.valid_until < timezone.localdate():
        state = "expired"
    else:
        state = "valid"
    return Verification(result=r, state=state, current=current)


def current_levels(*, qs: QuerySet[Enterprise] | None = None) -> dict[int, int]:
    """Enterprise id → its current official level (latest published version of its latest series, still valid)."""
    today = timezone.localdate()
    rows = Result.objects.filter(status=ResultStatus.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if qs is not None:
        rows = rows.filter(enterprise__in=qs)
    out: dict[int, tuple[int | None, int, int]] = {}
    for eid, series, version, level in rows.values_list(
        "enterprise_id", "series", "version", "level"
    ):
        key = (series, version)
        if eid not in out or key > out[eid][:2]:
            out[eid] = (series, version, level)
    return {k: v[2] for k, v in out.items()}


# --------------------------------------------------------------------------------------------
# Chain
# --------------------------------------------------------------------------------------------


def chain_view(*, actor: Actor, required_level: int | None = None) -> dict[str, Any]:
    """The leader's chain: each invited supplier with its official (else self-assessed) level and
    dimension scores where consent stands; the consistency measure; weakest first."""
    if not may_lead_chain(actor):
        raise NotFound
    invs = list(
        ChainInvitation.objects.filter(leader_id=actor.enterprise_id).select_related(
            "supplier", "consent"
        )
    )
    visible = [
        i
        for i in invs
        if i.status == InvitationStatus.ACCEPTED
        and i.consent is not None
        and i.consent.withdrawn_at is None
    ]
    ids = [i.supplier_id for i in visible]
    official = {
        r.enterprise_id: r
        for r in Result.objects.filter(
            enterprise_id__in=ids, status=ResultStatus.PUBLISHED
        ).order_by("series", "version")
    }
    selfs = {
        a.enterprise_id: a
        for a in Assessment.objects.filter(
            enterprise_id__in=ids, status=AssessmentStatus.SUBMITTED
        ).order_by("submitted_at")
    }
    members, rows = [], {}
    for i in visible:
        r, a = official.get(i.supplier_id), selfs.get(i.supplier_id)
        if r is not None:
            level, dims, source = r.level, r.dimension_scores, "official"
        elif a is not None:
            level, dims, source = int(a.level or 0), a.result.get("dimension_scores", {}), "self"
        else:
            level, dims, source = 0, {}, "none"
        members.append(ChainMember(member=str(i.supplier_id), level=level, dimension_scores=dims))
        rows[str(i.supplier_id)] = {
            "invitation": i,
            "level": level,
            "dims": dims,
            "source": source,
            "meets": level >= (required_level or i.required_level),
        }
    req = required_level or (max((i.required_level for i in invs), default=3))
    cc = chain_consistency(members, required_level=req)
    ordered = [rows[m] for m in cc.order]
    others = [i for i in invs if i not in visible]
    return {"consistency": cc, "rows": ordered, "others": others, "required_level": req}


def invitations_received(*, actor: Actor) -> QuerySet[ChainInvitation]:
    if not may_lead_chain(actor):
        return ChainInvitation.objects.none()
    return ChainInvitation.objects.filter(supplier_id=actor.enterprise_id).select_related("leader")


def invitation_received_get(*, actor: Actor, pk: Any) -> ChainInvitation:
    """An invitation sent to the actor's own enterprise (the supplier), else NotFound."""
    try:
        invitation = ChainInvitation.objects.filter(
            pk=pk, supplier_id=actor.enterprise_id or -1
        ).first()
    except (ValueError, TypeError):
        invitation = None
    if invitation is None:
        raise NotFound
    return invitation


# --------------------------------------------------------------------------------------------
# Authority dashboards (aggregate access)
# --------------------------------------------------------------------------------------------


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
    m = min_group()
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


def _lang_en() -> bool:
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")


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


def consistency_by_institution(*, actor: Actor) -> list[dict[str, Any]]:
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
    out = []
    m = min_group()
    for c in institution_consistency(recs, min_group=m):
        withheld = c.self_gap.n < m
        out.append(
            {
                "institution": names[c.institution],
                "self_gap": c.self_gap,
                "peer_gap": c.peer_gap,
                "withheld": withheld,
                "peer_withheld": c.peer_gap.n < m,
            }
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
