"""Writes of capability evaluation. The only place that changes evaluation rows; every change is audited.

Who may do what is decided by the policies of ``qualitas.core.access.evaluation``; these
services call them before every write (and add the conflict-of-interest and qualification checks
when a team is put together).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.maturity import GateEvent
from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    actor_for,
    may_act_for_enterprise,
    may_appeal_result,
    may_assign_team,
    may_consolidate,
    may_declare_interest,
    may_govern_region,
    may_join_team,
    may_lead_chain,
    may_publish_results,
    may_review_results,
    may_run_campaign,
    may_score_assignment,
    may_submit_scores,
    may_take_self_assessment,
    region_within,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.core.choices import ConsentScope
from qualitas.core.errors import DomainError
from qualitas.core.models import Consent
from qualitas.evaluation.choices import (
    Answer,
    AppealStatus,
    AssessmentStatus,
    AssignmentStatus,
    EvaluationStatus,
    EvidenceKind,
    FrameworkStatus,
    InvitationStatus,
    ResultStatus,
)
from qualitas.evaluation.framework_io import FrameworkDocumentError, validate_document
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
    Evidence,
    Framework,
    GateRecord,
    Indicator,
    Qualification,
    RegionalTarget,
    Requirement,
    Result,
    Score,
)
from qualitas.evaluation.scoring import result_json, score_answers
from qualitas.registry.models import Enterprise, Institution, Region


class EvaluationError(DomainError):
    """A write refused for a reason the user can fix; ``field`` names the input."""


def _setting(name: str, default: Any) -> Any:
    return settings.QUALITAS.get(name, default)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --------------------------------------------------------------------------------------------
# Frameworks
# --------------------------------------------------------------------------------------------


def framework_import(*, actor: Any, document: dict[str, Any], activate: bool = True) -> Framework:
    """Load a framework version from a document. An existing (code, version) is refused: versions
    are immutable once loaded; publish a new version instead."""
    try:
        validate_document(document)
    except FrameworkDocumentError as exc:
        raise EvaluationError(str(exc), field=exc.where or "document") from None
    code, version = str(document["code"]), str(document["version"])
    if Framework.objects.filter(code=code, version=version).exists():
        raise EvaluationError(
            _(
                "framework %(code)s version %(version)s already exists: give the new text a new version"
            ),
            field="version",
            code=code,
            version=version,
        )
    with transaction.atomic():
        if activate:
            Framework.objects.filter(code=code, status=FrameworkStatus.ACTIVE).update(
                status=FrameworkStatus.RETIRED
            )
        spec = {
            k: document.get(k)
            for k in (
                "format",
                "description_zh",
                "description_en",
                "source",
                "scale",
                "levels",
                "gating",
            )
        }
        fw = Framework.objects.create(
            code=code,
            version=version,
            name_zh=document["name_zh"],
            name_en=document.get("name_en") or "",
            status=FrameworkStatus.ACTIVE if activate else FrameworkStatus.DRAFT,
            threshold=Decimal(str(document.get("threshold", 0.8))),
            dimension_floor=Decimal(str(document.get("dimension_floor", 0.6))),
            spec=spec,
        )
        reqs: list[Requirement] = []
        for di, d in enumerate(document["dimensions"]):
            dim = Dimension.objects.create(
                framework=fw,
                code=d["code"],
                name_zh=d["name_zh"],
                name_en=d.get("name_en") or "",
                order=di,
                description_zh=d.get("description_zh") or "",
                description_en=d.get("description_en") or "",
                weight=Decimal(str(d.get("weight", 1))),
            )
            for ii, i in enumerate(d.get("indicators") or []):
                ind = Indicator.objects.create(
                    dimension=dim,
                    code=i["code"],
                    name_zh=i["name_zh"],
                    name_en=i.get("name_en") or "",
                    basis=i.get("basis") or "",
                    weight=Decimal(str(i.get("weight", 1))),
                    order=ii,
                )
                for ri, r in enumerate(i.get("requirements") or []):
                    reqs.append(
                        Requirement(
                            indicator=ind,
                            framework=fw,
                            code=r["code"],
                            level=int(r["level"]),
                            text_zh=r["text_zh"],
                            text_en=r.get("text_en") or "",
                            guidance_zh=r.get("guidance_zh") or "",
                            guidance_en=r.get("guidance_en") or "",
                            weight=Decimal(str(r.get("weight", 1))),
                            na_allowed=bool(r.get("na_allowed")),
                            order=ri,
                        )
                    )
        Requirement.objects.bulk_create(reqs)
        audit_append(
            actor=actor,
            action="import",
            model="evaluation.framework",
            object_pk=fw.pk,
            changes={"code": code, "version": version, "requirements": len(reqs)},
        )
    return fw


def framework_document(framework: Framework) -> dict[str, Any]:
    """The document of a stored framework version (inverse of :func:`framework_import`)."""
    spec = framework.spec or {}
    doc: dict[str, Any] = {
        "format": spec.get("format") or "qualitas-framework/1",
        "code": framework.code,
        "version": framework.version,
        "name_zh": framework.name_zh,
        "name_en": framework.name_en,
        "description_zh": spec.get("description_zh") or "",
        "description_en": spec.get("description_en") or "",
        "source": spec.get("source") or "",
        "threshold": float(framework.threshold),
        "dimension_floor": float(framework.dimension_floor),
        "scale": spec.get("scale") or [],
        "levels": spec.get("levels") or [],
        "gating": spec.get("gating") or [],
        "dimensions": [],
    }
    reqs: dict[int, list[Requirement]] = {}
    for r in Requirement.objects.filter(framework=framework).order_by("level", "order"):
        reqs.setdefault(r.indicator_id, []).append(r)
    for d in framework.dimensions.order_by("order").prefetch_related("indicators"):
        dd: dict[str, Any] = {
            "code": d.code,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "weight": float(d.weight),
            "description_zh": d.description_zh,
            "description_en": d.description_en,
            "indicators": [],
        }
        for i in d.indicators.order_by("order"):
            dd["indicators"].append(
                {
                    "code": i.code,
                    "name_zh": i.name_zh,
                    "name_en": i.name_en,
                    "weight": float(i.weight),
                    "basis": i.basis,
                    "requirements": [
                        {
                            "code": r.code,
                            "level": r.level,
                            "text_zh": r.text_zh,
                            "text_en": r.text_en,
                            "guidance_zh": r.guidance_zh,
                            "guidance_en": r.guidance_en,
                            "weight": float(r.weight),
                            "na_allowed": r.na_allowed,
                        }
                        for r in sorted(reqs.get(i.pk, []), key=lambda r: (r.order, r.level))
                    ],
                }
            )
        doc["dimensions"].append(dd)
    return doc


def framework_default_load() -> Framework | None:
    """Load the shipped default framework once (post_migrate); None when it is already there."""
    from qualitas.evaluation.framework_io import default_document

    doc = default_document()
    if Framework.objects.filter(code=doc["code"], version=doc["version"]).exists():
        return None
    return framework_import(
        actor="system",
        document=doc,
        activate=not Framework.objects.filter(
            code=doc["code"], status=FrameworkStatus.ACTIVE
        ).exists(),
    )


def framework_active() -> Framework:
    """The active framework version for new assessments and campaigns."""
    fw = Framework.objects.filter(status=FrameworkStatus.ACTIVE).order_by("-imported_at").first()
    if fw is None:
        raise EvaluationError(_("no active evaluation framework: import one"))
    return fw


# --------------------------------------------------------------------------------------------
# Self-assessment
# --------------------------------------------------------------------------------------------


def _own_enterprise(actor: Actor, enterprise_id: int) -> None:
    if not may_act_for_enterprise(actor, enterprise_id):
        raise NotFound


def assessment_start(*, actor: Actor) -> Assessment:
    """Open a self-assessment for the actor's enterprise on the active framework, or return the one in progress."""
    if not may_take_self_assessment(actor):
        raise Forbidden(_("only enterprise users take the self-assessment"))
    enterprise_id = cast(int, actor.enterprise_id)  # the policy requires one
    current = Assessment.objects.filter(
        enterprise_id=enterprise_id, status=AssessmentStatus.DRAFT
    ).first()
    if current is not None:
        return current
    fw = framework_active()
    with transaction.atomic():
        a = Assessment.objects.create(
            enterprise_id=enterprise_id, framework=fw, started_by=actor.user
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="evaluation.assessment",
            object_pk=a.pk,
            changes={"enterprise": actor.enterprise_id, "framework": f"{fw.code} {fw.version}"},
        )
    return a


def _requirement_of(framework_id: int, requirement_id: int) -> Requirement:
    req = Requirement.objects.filter(pk=requirement_id, framework_id=framework_id).first()
    if req is None:
        raise EvaluationError(_("no such requirement in this framework"), field="requirement")
    return req


def _check_value(req: Requirement, value: str) -> None:
    if value not in Answer.values:
        raise EvaluationError(
            _("answer must be one of %(choices)s"),
            field="value",
            choices=", ".join(Answer.values),
        )
    if value == Answer.NA and not req.na_allowed:
        raise EvaluationError(
            _("%(code)s: 'not applicable' is not allowed here"),
            field="value",
            code=req.code,
        )


def answer_save(
    *,
    actor: Actor,
    assessment: Assessment,
    requirement_id: int,
    value: str,
    note: str | None = None,
) -> AnswerRow:
    """Save (autosave) one answer of a self-assessment in progress; audited."""
    _own_enterprise(actor, assessment.enterprise_id)
    if assessment.status != AssessmentStatus.DRAFT:
        raise EvaluationError(
            _("this self-assessment is submitted; start a new one to change answers"),
            field="status",
        )
    req = _requirement_of(assessment.framework_id, requirement_id)
    _check_value(req, value)
    with transaction.atomic():
        row, created = AnswerRow.objects.get_or_create(
            assessment=assessment,
            requirement=req,
            defaults={"value": value, "note": note or "", "updated_by": actor.user},
        )
        before = None if created else row.value
        if not created:
            row.value = value
            if note is not None:
                row.note = note
            row.updated_by = actor.user
            row.save(update_fields=["value", "note", "updated_by", "updated_at"])
        audit_append(
            actor=actor.user,
            action="answer",
            model="evaluation.assessment",
            object_pk=assessment.pk,
            changes={"requirement": req.code, "value": [before, value]},
        )
    return row


def evidence_add(
    *,
    actor: Actor,
    assessment: Assessment,
    requirement_id: int,
    kind: str,
    url: str = "",
    note: str = "",
    file: Any = None,
    source: str = "",
) -> Evidence:
    """Attach evidence (a file, link or note, or platform data with its source) to a requirement."""
    _own_enterprise(actor, assessment.enterprise_id)
    if assessment.status != AssessmentStatus.DRAFT:
        raise EvaluationError(_("this self-assessment is submitted"), field="status")
    req = _requirement_of(assessment.framework_id, requirement_id)
    if kind not in EvidenceKind.values:
        raise EvaluationError(_("unknown evidence kind"), field="kind")
    if kind == EvidenceKind.LINK and not url.startswith(("http://", "https://")):
        raise EvaluationError(_("a link must start with http:// or https://"), field="url")
    if kind == EvidenceKind.FILE and file is None:
        raise EvaluationError(_("choose a file"), field="file")
    if kind == EvidenceKind.NOTE and not note.strip():
        raise EvaluationError(_("write the note"), field="note")
    with transaction.atomic():
        ev = Evidence.objects.create(
            assessment=assessment,
            requirement=req,
            kind=kind,
            url=url,
            note=note,
            source=source,
            created_by=actor.user,
            **({"file": file} if file is not None else {}),
        )
        audit_append(
            actor=actor.user,
            action="evidence",
            model="evaluation.assessment",
            object_pk=assessment.pk,
            changes={"requirement": req.code, "kind": kind},
        )
    return ev


def gate_events(enterprise_id: int) -> list[GateEvent]:
    """The gating records of an enterprise as engine events."""
    return [
        GateEvent(kind=g.kind, occurred_on=g.occurred_on, reference=g.reference)
        for g in GateRecord.objects.filter(enterprise_id=enterprise_id)
    ]


def assessment_submit(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Submit a self-assessment: score it at once (unanswered requirements score 0) and freeze it."""
    _own_enterprise(actor, assessment.enterprise_id)
    if assessment.status != AssessmentStatus.DRAFT:
        raise EvaluationError(_("already submitted"), field="status")
    answers = dict(assessment.answers.values_list("requirement_id", "value"))
    if not answers:
        raise EvaluationError(
            _("answer at least one requirement before submitting"),
            field="answers",
        )
    today = timezone.localdate()
    res = score_answers(
        assessment.framework, answers, events=gate_events(assessment.enterprise_id), as_of=today
    )
    with transaction.atomic():
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.level = res.level
        assessment.score = Decimal(str(round(res.score, 4)))
        assessment.result = result_json(res)
        assessment.save(update_fields=["status", "submitted_at", "level", "score", "result"])
        audit_append(
            actor=actor.user,
            action="submit",
            model="evaluation.assessment",
            object_pk=assessment.pk,
            changes={
                "level": res.level,
                "score": round(res.score, 4),
                "answered": res.answered,
                "total": res.total,
            },
        )
    return assessment


# --------------------------------------------------------------------------------------------
# Gating records, targets
# --------------------------------------------------------------------------------------------


def gate_record_create(
    *,
    actor: Actor,
    enterprise: Enterprise,
    kind: str,
    occurred_on: date,
    reference: str,
    description: str = "",
) -> GateRecord:
    """An authority officer records a serious incident, penalty or listing for an enterprise in their regions."""
    if not may_govern_region(actor, enterprise.region_id):
        raise Forbidden(_("only authority officers of the enterprise's region may record this"))
    if occurred_on > timezone.localdate():
        raise EvaluationError(_("the date lies in the future"), field="occurred_on")
    if not reference.strip():
        raise EvaluationError(_("give the decision number or report reference"), field="reference")
    with transaction.atomic():
        g = GateRecord.objects.create(
            enterprise=enterprise,
            kind=kind,
            occurred_on=occurred_on,
            reference=reference,
            description=description,
            entered_by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="evaluation.gaterecord",
            object_pk=g.pk,
            changes={
                "enterprise": enterprise.pk,
                "kind": kind,
                "occurred_on": occurred_on.isoformat(),
                "reference": reference,
            },
        )
    return g


def regional_target_set(
    *, actor: Actor, region: Region, level: int, target: int, year: int = 2027
) -> RegionalTarget:
    """Set the number of enterprises a region aims to bring newly to ``level`` by ``year``."""
    if not may_govern_region(actor, region.code):
        raise Forbidden(_("only authority officers of this region may set its targets"))
    if level not in (2, 3, 4, 5):
        raise EvaluationError(_("targets are set for L2–L5"), field="level")
    if target < 0:
        raise EvaluationError(_("the target cannot be negative"), field="target")
    with transaction.atomic():
        t, _created = RegionalTarget.objects.update_or_create(
            region=region,
            level=level,
            year=year,
            defaults={"target": target, "entered_by": actor.user},
        )
        audit_append(
            actor=actor.user,
            action="set",
            model="evaluation.regionaltarget",
            object_pk=t.pk,
            changes={
                "region": region.code,
                "level": level,
                "year": year,
                "target": target,
            },
        )
    return t


# --------------------------------------------------------------------------------------------
# Campaigns and assignments
# --------------------------------------------------------------------------------------------


def campaign_create(
    *,
    actor: Actor,
    name: str,
    region: Region | None,
    deadline: date,
    enterprise_ids: Sequence[int],
    institution_ids: Sequence[int] = (),
    criteria: dict[str, Any] | None = None,
    framework: Framework | None = None,
) -> Campaign:
    """Create a campaign over the given enterprises (all within the actor's regions; ``region``
    None = nationwide, administrators only) and its assignments, shared round-robin among the
    chosen evaluation institutions; one audit entry each."""
    if not may_run_campaign(actor, region.code if region is not None else None):
        raise Forbidden(_("only authority officers run campaigns in their regions"))
    if not name.strip():
        raise EvaluationError(_("give the campaign a name"), field="name")
    if deadline <= timezone.localdate():
        raise EvaluationError(_("the deadline must lie in the future"), field="deadline")
    ids = list(dict.fromkeys(int(i) for i in enterprise_ids))
    if not ids:
        raise EvaluationError(_("the selection contains no enterprise"), field="enterprises")
    found = (
        dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "region_id"))
        if len(ids) <= 20000
        else _regions_of(ids)
    )
    outside = [
        i
        for i in ids
        if i not in found or (region is not None and not region_within(found[i], region.code))
    ]
    if outside:
        raise EvaluationError(
            _("%(n)d enterprise(s) lie outside the campaign's region"),
            field="enterprises",
            n=len(outside),
        )
    institutions = (
        list(Institution.objects.filter(pk__in=institution_ids, kind="evaluation").order_by("pk"))
        if institution_ids
        else []
    )
    if institution_ids and len(institutions) != len(set(institution_ids)):
        raise EvaluationError(_("choose evaluation institutions only"), field="institutions")
    fw = framework or framework_active()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            framework=fw,
            region=region,
            deadline=deadline,
            criteria=criteria or {},
            created_by=actor.user,
        )
        rows = [
            Assignment(
                campaign=campaign,
                enterprise_id=eid,
                institution=institutions[k % len(institutions)] if institutions else None,
                deadline=deadline,
            )
            for k, eid in enumerate(ids)
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        pks = dict(Assignment.objects.filter(campaign=campaign).values_list("enterprise_id", "pk"))
        audit_append_many(
            actor=actor.user,
            records=[
                AuditRecord(
                    action="create",
                    model="evaluation.campaign",
                    object_pk=str(campaign.pk),
                    changes={
                        "name": name,
                        "region": region.code if region else None,
                        "deadline": deadline.isoformat(),
                        "enterprises": len(ids),
                        "framework": f"{fw.code} {fw.version}",
                    },
                ),
                *(
                    AuditRecord(
                        action="create",
                        model="evaluation.assignment",
                        object_pk=str(pks[a.enterprise_id]),
                        changes={
                            "campaign": campaign.pk,
                            "enterprise": a.enterprise_id,
                            "institution": a.institution_id,
                        },
                    )
                    for a in rows
                ),
            ],
        )
    return campaign


def _regions_of(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 20000):
        out.update(
            Enterprise.objects.filter(pk__in=ids[i : i + 20000]).values_list("pk", "region_id")
        )
    return out


def assignment_set_institution(
    *, actor: Actor, assignment: Assignment, institution: Institution
) -> Assignment:
    """Authority: (re)assign an enterprise of a campaign to an evaluation institution before scoring starts."""
    if not may_govern_region(actor, assignment.enterprise.region_id):
        raise Forbidden(_("not your campaign"))
    if institution.kind != "evaluation":
        raise EvaluationError(_("choose an evaluation institution"), field="institution")
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED):
        raise EvaluationError(
            _("scoring has started: the institution cannot change"),
            field="institution",
        )
    with transaction.atomic():
        before = assignment.institution_id
        assignment.institution = institution
        assignment.status = AssignmentStatus.PENDING
        assignment.lead = None
        assignment.save(update_fields=["institution", "status", "lead", "updated_at"])
        assignment.evaluators.clear()
        audit_append(
            actor=actor.user,
            action="assign_institution",
            model="evaluation.assignment",
            object_pk=assignment.pk,
            changes={"institution": [before, institution.pk]},
        )
    return assignment


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """Why an evaluator may not evaluate an enterprise."""

    reason: str
    declaration_id: int | None = None


def coi_conflicts(*, user: Any, enterprise: Enterprise, on: date) -> list[Conflict]:
    """Declared ties of ``user`` with ``enterprise`` that still bar them on ``on``: the tie began
    on or before ``on`` and has not ended, or ended less than the cooling-off period
    (``QUALITAS["COI_COOLING_OFF_YEARS"]``, default 3) before ``on``."""
    years = int(_setting("COI_COOLING_OFF_YEARS", 3))
    out = []
    for d in COIDeclaration.objects.filter(
        user=user, enterprise=enterprise, started_on__lte=on
    ).order_by("-started_on"):
        if d.ended_on is None:
            out.append(
                Conflict(
                    declaration_id=d.pk,
                    reason=_(
                        "%(user)s: declared %(kind)s tie with %(enterprise)s since %(since)s, "
                        "still continuing"
                    )
                    % {
                        "user": user.username,
                        "kind": d.get_kind_display(),
                        "enterprise": enterprise.name,
                        "since": d.started_on.isoformat(),
                    },
                )
            )
            continue
        clear = _years_after(d.ended_on, years)
        if on < clear:
            out.append(
                Conflict(
                    declaration_id=d.pk,
                    reason=_(
                        "%(user)s: %(kind)s tie with %(enterprise)s ended %(ended)s; the "
                        "%(years)d-year cooling-off period runs until %(clear)s"
                    )
                    % {
                        "user": user.username,
                        "kind": d.get_kind_display(),
                        "enterprise": enterprise.name,
                        "ended": d.ended_on.isoformat(),
                        "years": years,
                        "clear": clear.isoformat(),
                    },
                )
            )
    return out


def qualification_problems(*, user: Any, enterprise: Enterprise, on: date) -> list[str]:
    """Why an evaluator lacks a valid qualification covering the enterprise's industry on ``on`` (empty: fine)."""
    quals = list(Qualification.objects.filter(user=user, valid_from__lte=on))
    valid = [q for q in quals if q.valid_until is None or q.valid_until >= on]
    if not valid:
        return [
            _("%(user)s: no evaluator qualification valid on %(day)s")
            % {"user": user.username, "day": on.isoformat()}
        ]
    covering = [
        q
        for q in valid
        if not q.industries.strip()
        or enterprise.industry_id in q.industries.replace(",", " ").split()
    ]
    if not covering:
        return [
            _("%(user)s: qualifications do not cover industry %(industry)s")
            % {"user": user.username, "industry": enterprise.industry_id}
        ]
    return []


def assignment_assign_evaluators(
    *, actor: Actor, assignment: Assignment, lead: Any, evaluators: Iterable[Any] = ()
) -> Assignment:
    """Institution manager: put a team (lead first) on an assignment of their institution.

    Refused, with the reason, for any member who is not an evaluator of the institution, has no
    valid qualification covering the industry, or has a declared tie to the enterprise within
    the cooling-off period."""
    if not may_assign_team(actor, assignment.institution_id):
        raise NotFound
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED):
        raise EvaluationError(
            _("scores are already submitted: the team cannot change"),
            field="evaluators",
        )
    team = [lead, *[e for e in evaluators if e.pk != lead.pk]]
    today = timezone.localdate()
    problems: list[str] = []
    enterprise = assignment.enterprise
    for user in team:
        if not may_join_team(actor_for(user), assignment.institution_id):
            problems.append(
                _("%(user)s: not an evaluator of this institution") % {"user": user.username}
            )
            continue
        problems += [c.reason for c in coi_conflicts(user=user, enterprise=enterprise, on=today)]
        problems += qualification_problems(user=user, enterprise=enterprise, on=today)
    if problems:
        raise EvaluationError("; ".join(problems), field="evaluators")
    with transaction.atomic():
        assignment.lead = lead
        assignment.status = AssignmentStatus.ASSIGNED
        assignment.save(update_fields=["lead", "status", "updated_at"])
        assignment.evaluators.set(team)
        audit_append(
            actor=actor.user,
            action="assign_evaluators",
            model="evaluation.assignment",
            object_pk=assignment.pk,
            changes={"lead": lead.username, "team": [u.username for u in team]},
        )
    return assignment


def coi_declare(
    *,
    actor: Actor,
    enterprise: Enterprise,
    kind: str,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
) -> COIDeclaration:
    """An evaluator declares a tie with an enterprise (dated)."""
    if not may_declare_interest(actor):
        raise Forbidden(_("only evaluators declare ties"))
    if ended_on is not None and ended_on < started_on:
        raise EvaluationError(_("the end lies before the start"), field="ended_on")
    with transaction.atomic():
        d = COIDeclaration.objects.create(
            user=actor.user,
            enterprise=enterprise,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            note=note,
        )
        audit_append(
            actor=actor.user,
            action="declare",
            model="evaluation.coideclaration",
            object_pk=d.pk,
            changes={
                "enterprise": enterprise.pk,
                "kind": kind,
                "from": started_on.isoformat(),
                "until": ended_on.isoformat() if ended_on else None,
            },
        )
    return d


# --------------------------------------------------------------------------------------------
# On-site scoring
# --------------------------------------------------------------------------------------------


def evaluation_for(*, actor: Actor, assignment: Assignment) -> Evaluation:
    """The on-site evaluation of an assignment (created when a team member first opens it)."""
    if not may_score_assignment(actor, assignment):
        raise NotFound
    ev, _created = Evaluation.objects.get_or_create(
        assignment=assignment, defaults={"framework_id": assignment.campaign.framework_id}
    )
    return ev


def score_save(
    *,
    actor: Actor,
    evaluation: Evaluation,
    requirement_id: int,
    value: str,
    finding: str | None = None,
) -> Score:
    """An evaluator scores one requirement on site (autosaved), with a finding; audited."""
    if not may_score_assignment(actor, evaluation.assignment):
        raise NotFound
    if evaluation.status != EvaluationStatus.DRAFT:
        raise EvaluationError(_("scores are submitted"), field="status")
    req = _requirement_of(evaluation.framework_id, requirement_id)
    _check_value(req, value)
    with transaction.atomic():
        row, created = Score.objects.get_or_create(
            evaluation=evaluation,
            requirement=req,
            defaults={"value": value, "finding": finding or "", "updated_by": actor.user},
        )
        before = None if created else row.value
        if not created:
            row.value = value
            if finding is not None:
                row.finding = finding
            row.updated_by = actor.user
            row.save(update_fields=["value", "finding", "updated_by", "updated_at"])
        audit_append(
            actor=actor.user,
            action="score",
            model="evaluation.evaluation",
            object_pk=evaluation.pk,
            changes={"requirement": req.code, "value": [before, value], "finding": finding},
        )
    return row


def evaluation_submit(
    *, actor: Actor, evaluation: Evaluation, visited_on: date | None = None, summary: str = ""
) -> Evaluation:
    """The lead evaluator submits the scores; every requirement must be scored."""
    a = evaluation.assignment
    if not may_score_assignment(actor, a):
        raise NotFound
    if not may_submit_scores(actor, a):
        raise Forbidden(_("only the lead evaluator submits"))
    total = Requirement.objects.filter(framework_id=evaluation.framework_id).count()
    done = evaluation.scores.count()
    if done < total:
        raise EvaluationError(
            _("%(n)d requirement(s) not scored yet"),
            field="scores",
            n=total - done,
        )
    with transaction.atomic():
        evaluation.status = EvaluationStatus.SUBMITTED
        evaluation.submitted_at = timezone.now()
        evaluation.visited_on = visited_on or timezone.localdate()
        evaluation.summary = summary
        evaluation.save(update_fields=["status", "submitted_at", "visited_on", "summary"])
        a.status = AssignmentStatus.SUBMITTED
        a.save(update_fields=["status", "updated_at"])
        audit_append(
            actor=actor.user,
            action="submit",
            model="evaluation.evaluation",
            object_pk=evaluation.pk,
            changes={"assignment": a.pk, "visited_on": evaluation.visited_on.isoformat()},
        )
    return evaluation


# --------------------------------------------------------------------------------------------
# Consolidation, approval, publication, corrections, appeals
# --------------------------------------------------------------------------------------------


def latest_self_scores(enterprise_ids: Iterable[int]) -> dict[int, Decimal]:
    """The latest submitted self-assessment score per enterprise."""
    out: dict[int, Decimal] = {}
    ids = list(enterprise_ids)
    for i in range(0, len(ids), 20000):
        rows = (
            Assessment.objects.filter(
                enterprise_id__in=ids[i : i + 20000], status=AssessmentStatus.SUBMITTED
            )
            .order_by("enterprise_id", "submitted_at")
            .values_list("enterprise_id", "score")
        )
        for eid, score in rows:
            out[eid] = cast(Decimal, score)  # submitted: assessment_submit has set the score
    return out


def evaluations_consolidate(
    *, actor: Actor, assignments: Sequence[Assignment], revision_note: str = ""
) -> list[Result]:
    """Consolidate submitted on-site evaluations into draft results by the framework's rules.

    One result per assignment: version 1, or the next version of the assignment's series when a
    result exists (a re-evaluation after an appeal or a correction), with ``revision_note``."""
    if not assignments:
        return []
    for a in assignments:
        if not may_consolidate(actor, a.institution_id):
            raise NotFound
        if a.status != AssignmentStatus.SUBMITTED:
            raise EvaluationError(
                _("assignment %(pk)s: scores not submitted"), field="assignments", pk=a.pk
            )
    ids = [a.pk for a in assignments]
    evals = {
        e.assignment_id: e
        for e in Evaluation.objects.filter(assignment_id__in=ids).select_related("framework")
    }
    scores: dict[int, dict[int, str]] = {}
    for eval_id, rid, value in (
        Score.objects.filter(evaluation__assignment_id__in=ids)
        .values_list("evaluation_id", "requirement_id", "value")
        .iterator(chunk_size=20000)
    ):
        scores.setdefault(eval_id, {})[rid] = value
    events: dict[int, list[GateEvent]] = {}
    for g in GateRecord.objects.filter(enterprise_id__in=[a.enterprise_id for a in assignments]):
        events.setdefault(g.enterprise_id, []).append(
            GateEvent(kind=g.kind, occurred_on=g.occurred_on, reference=g.reference)
        )
    selfs = latest_self_scores(a.enterprise_id for a in assignments)
    prior = {
        row["assignment_id"]: row
        for row in Result.objects.filter(assignment_id__in=ids)
        .values("assignment_id")
        .annotate(series=Max("series"), version=Max("version"))
    }
    results = []
    for a in assignments:
        ev = evals[a.pk]
        on = ev.visited_on or timezone.localdate()
        res = score_answers(
            ev.framework, scores.get(ev.pk, {}), events=events.get(a.enterprise_id, ()), as_of=on
        )
        p = prior.get(a.pk)
        snapshot = result_json(res)
        results.append(
            Result(
                enterprise_id=a.enterprise_id,
                assignment=a,
                institution_id=a.institution_id,
                framework=ev.framework,
                series=p["series"] if p else None,
                version=(p["version"] + 1) if p else 1,
                revision_note=revision_note if p else "",
                level=res.level,
                uncapped_level=res.uncapped_level,
                score=Decimal(str(round(res.score, 4))),
                self_score=selfs.get(a.enterprise_id),
                dimension_scores=snapshot["dimension_scores"],
                detail=snapshot,
                evaluated_on=on,
            )
        )
    with transaction.atomic():
        Result.objects.bulk_create(results, batch_size=1000)
        created = list(Result.objects.filter(assignment_id__in=ids, series__isnull=True))
        for r in created:
            r.series = r.pk
        Result.objects.bulk_update(created, ["series"], batch_size=1000)
        saved = list(
            Result.objects.filter(assignment_id__in=ids, status=ResultStatus.DRAFT).order_by("pk")
        )
        Assignment.objects.filter(pk__in=ids).update(
            status=AssignmentStatus.CONSOLIDATED, updated_at=timezone.now()
        )
        audit_append_many(
            actor=actor.user,
            records=[
                AuditRecord(
                    action="consolidate",
                    model="evaluation.result",
                    object_pk=str(r.pk),
                    changes={
                        "assignment": r.assignment_id,
                        "enterprise": r.enterprise_id,
                        "version": r.version,
                        "level": r.level,
                        "score": str(r.score),
                        "revision_note": r.revision_note,
                    },
                )
                for r in saved
            ],
        )
    return saved


def result_approve(*, actor: Actor, result: Result) -> Result:
    """A reviewer of the institution approves a draft result."""
    if not may_review_results(actor, result.institution_id):
        raise NotFound
    if result.status != ResultStatus.DRAFT:
        raise EvaluationError(_("only a draft can be approved"), field="status")
    with transaction.atomic():
        result.status = ResultStatus.APPROVED
        result.approved_by = actor.user
        result.approved_at = timezone.now()
        result.save(update_fields=["status", "approved_by", "approved_at"])
        if result.assignment_id:
            Assignment.objects.filter(pk=result.assignment_id).update(
                status=AssignmentStatus.APPROVED
            )
        audit_append(
            actor=actor.user,
            action="approve",
            model="evaluation.result",
            object_pk=result.pk,
            changes={"version": result.version, "level": result.level},
        )
    return result


BULK_ACTIONS = ("approve", "publish")


def results_bulk(
    *, actor: Actor, results: Iterable[Result], action: str
) -> tuple[list[Result], list[tuple[Result, str]]]:
    """Approve or publish several results, one by one through :func:`result_approve` /
    :func:`result_publish` — each in its own transaction, each audited, each checked by the same
    rules. Not all-or-nothing: a refused result is returned with the reason and the others go on.
    Returns (done, refused)."""
    if action not in BULK_ACTIONS:
        raise EvaluationError(_("unknown action"), field="action")
    one = result_approve if action == "approve" else result_publish
    done: list[Result] = []
    refused: list[tuple[Result, str]] = []
    for result in results:
        try:
            done.append(one(actor=actor, result=result))
        except EvaluationError as exc:
            refused.append((result, str(exc)))
        except (NotFound, Forbidden):
            refused.append((result, str(_("not allowed"))))
    return done, refused


def certificate_code() -> str:
    """A fresh certificate verification code, e.g. ``QM-7KQ2-M9XD-4TWA`` (no 0/O/1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"QM-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def result_publish(*, actor: Actor, result: Result) -> Result:
    """Publish an approved result: validity (``QUALITAS["RESULT_VALIDITY_YEARS"]``, default 3) and a certificate code."""
    if not may_publish_results(actor, result.institution_id):
        raise NotFound
    if result.status != ResultStatus.APPROVED:
        raise EvaluationError(_("only an approved result can be published"), field="status")
    years = int(_setting("RESULT_VALIDITY_YEARS", 3))
    with transaction.atomic():
        result.status = ResultStatus.PUBLISHED
        result.published_by = actor.user
        result.published_at = timezone.now()
        start = timezone.localdate()
        result.valid_until = _years_after(start, years) - timedelta(days=1)
        result.certificate_code = certificate_code()
        Result.objects.filter(pk=result.pk).update(
            status=result.status,
            published_by=actor.user,
            published_at=result.published_at,
            valid_until=result.valid_until,
            certificate_code=result.certificate_code,
        )
        if result.assignment_id:
            Assignment.objects.filter(pk=result.assignment_id).update(
                status=AssignmentStatus.PUBLISHED
            )
        audit_append(
            actor=actor.user,
            action="publish",
            model="evaluation.result",
            object_pk=result.pk,
            changes={
                "version": result.version,
                "level": result.level,
                "valid_until": result.valid_until.isoformat(),
                "certificate": result.certificate_code,
            },
        )
    return result


def result_correct(
    *, actor: Actor, result: Result, revision_note: str, level: int | None = None
) -> Result:
    """A correction of a published (or approved) result: a new draft version with a revision
    note; the earlier version stays as it was. ``level`` may lower the level (e.g. an incident
    found later); raising it needs a re-evaluation."""
    if not may_publish_results(actor, result.institution_id):
        raise NotFound
    if not revision_note.strip():
        raise EvaluationError(_("say what is corrected and why"), field="revision_note")
    if level is not None and not 0 <= level <= result.level:
        raise EvaluationError(
            _("a correction can only keep or lower the level; re-evaluate to raise it"),
            field="level",
        )
    latest = (
        Result.objects.filter(series=result.series).aggregate(v=Max("version"))["v"]
        or result.version
    )
    with transaction.atomic():
        new = Result.objects.create(
            enterprise_id=result.enterprise_id,
            assignment_id=result.assignment_id,
            institution_id=result.institution_id,
            framework_id=result.framework_id,
            series=result.series,
            version=latest + 1,
            revision_note=revision_note,
            level=result.level if level is None else level,
            uncapped_level=result.uncapped_level,
            score=result.score,
            self_score=result.self_score,
            dimension_scores=result.dimension_scores,
            detail=result.detail,
            evaluated_on=result.evaluated_on,
        )
        audit_append(
            actor=actor.user,
            action="correct",
            model="evaluation.result",
            object_pk=new.pk,
            changes={
                "corrects": result.pk,
                "version": new.version,
                "level": [result.level, new.level],
                "revision_note": revision_note,
            },
        )
    return new


def appeal_file(*, actor: Actor, result: Result, reason: str) -> Appeal:
    """The evaluated enterprise appeals against its published result."""
    if not may_appeal_result(actor, result.enterprise_id):
        raise NotFound
    if result.status != ResultStatus.PUBLISHED:
        raise EvaluationError(_("only a published result can be appealed"), field="result")
    if not reason.strip():
        raise EvaluationError(_("give the reasons"), field="reason")
    if result.appeals.filter(status=AppealStatus.OPEN).exists():
        raise EvaluationError(_("an appeal is already open"), field="result")
    with transaction.atomic():
        ap = Appeal.objects.create(result=result, filed_by=actor.user, reason=reason)
        audit_append(
            actor=actor.user,
            action="appeal",
            model="evaluation.result",
            object_pk=result.pk,
            changes={"appeal": ap.pk, "reason": reason},
        )
    return ap


def appeal_decide(*, actor: Actor, appeal: Appeal, uphold: bool, decision: str) -> Appeal:
    """A reviewer decides an appeal. Upheld: the on-site evaluation reopens for the team (traced),
    and its next consolidation becomes a new version of the result."""
    result = appeal.result
    if not may_review_results(actor, result.institution_id):
        raise NotFound
    if appeal.status != AppealStatus.OPEN:
        raise EvaluationError(_("this appeal is decided"), field="status")
    if not decision.strip():
        raise EvaluationError(_("give the reasons for the decision"), field="decision")
    with transaction.atomic():
        appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
        appeal.decided_by = actor.user
        appeal.decided_at = timezone.now()
        appeal.decision = decision
        appeal.save(update_fields=["status", "decided_by", "decided_at", "decision"])
        if uphold and result.assignment_id:
            Evaluation.objects.filter(assignment_id=result.assignment_id).update(
                status=EvaluationStatus.DRAFT, submitted_at=None
            )
            ev = Evaluation.objects.get(assignment_id=result.assignment_id)
            ev.reopened += 1
            ev.save(update_fields=["reopened"])
            Assignment.objects.filter(pk=result.assignment_id).update(
                status=AssignmentStatus.ASSIGNED
            )
        audit_append(
            actor=actor.user,
            action="appeal_decide",
            model="evaluation.result",
            object_pk=result.pk,
            changes={"appeal": appeal.pk, "upheld": uphold, "decision": decision},
        )
    return appeal


# --------------------------------------------------------------------------------------------
# Chain evaluation
# --------------------------------------------------------------------------------------------


def chain_invite(
    *, actor: Actor, credit_codes: Iterable[str], required_level: int = 3
) -> tuple[list[ChainInvitation], list[str]]:
    """A leading enterprise invites suppliers by credit code; returns (invitations, problems per code)."""
    if not may_lead_chain(actor):
        raise Forbidden(_("only enterprise users invite suppliers"))
    if required_level not in (1, 2, 3, 4, 5):
        raise EvaluationError(_("required level must be 1–5"), field="required_level")
    codes = [c.strip().upper() for c in credit_codes if c.strip()]
    found = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    problems, created = [], []
    with transaction.atomic():
        for code in dict.fromkeys(codes):
            e = found.get(code)
            if e is None:
                problems.append(_("%(code)s: no registered enterprise") % {"code": code})
                continue
            if e.pk == actor.enterprise_id:
                problems.append(_("%(code)s: that is your own enterprise") % {"code": code})
                continue
            inv, new = ChainInvitation.objects.get_or_create(
                leader_id=actor.enterprise_id,
                supplier=e,
                defaults={"required_level": required_level, "invited_by": actor.user},
            )
            if not new:
                problems.append(_("%(code)s: already invited") % {"code": code})
                continue
            created.append(inv)
        audit_append_many(
            actor=actor.user,
            records=[
                AuditRecord(
                    action="invite",
                    model="evaluation.chaininvitation",
                    object_pk=str(i.pk),
                    changes={
                        "leader": i.leader_id,
                        "supplier": i.supplier_id,
                        "required_level": required_level,
                    },
                )
                for i in created
            ],
        )
    return created, problems


def chain_respond(*, actor: Actor, invitation: ChainInvitation, accept: bool) -> ChainInvitation:
    """The supplier accepts (granting consent, scope ``capability``, to the leading enterprise:
    every enterprise user of the leader sees its level and scores) or declines."""
    _own_enterprise(actor, invitation.supplier_id)
    if invitation.status != InvitationStatus.PENDING:
        raise EvaluationError(_("this invitation has been answered"), field="status")
    from qualitas.core.services import consent_grant

    with transaction.atomic():
        if accept:
            invitation.consent = consent_grant(
                actor=actor,
                enterprise_id=invitation.supplier_id,
                scope=ConsentScope.CAPABILITY,
                grantee_enterprise_id=invitation.leader_id,
            )
        invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        invitation.responded_by = actor.user
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "consent", "responded_by", "responded_at"])
        audit_append(
            actor=actor.user,
            action="accept" if accept else "decline",
            model="evaluation.chaininvitation",
            object_pk=invitation.pk,
            changes={"leader": invitation.leader_id},
        )
    return invitation


def chain_withdraw(*, actor: Actor, invitation: ChainInvitation) -> ChainInvitation:
    """The supplier withdraws its consent: the leader no longer sees its level and scores."""
    _own_enterprise(actor, invitation.supplier_id)
    if invitation.status != InvitationStatus.ACCEPTED or invitation.consent is None:
        raise EvaluationError(_("nothing to withdraw"), field="status")
    from qualitas.core.services import consent_withdraw

    with transaction.atomic():
        consent_withdraw(actor=actor, consent=invitation.consent)
        invitation.status = InvitationStatus.WITHDRAWN
        invitation.save(update_fields=["status"])
        audit_append(
            actor=actor.user,
            action="withdraw",
            model="evaluation.chaininvitation",
            object_pk=invitation.pk,
            changes={},
        )
    return invitation


def chain_consent_active(invitation: ChainInvitation) -> bool:
    """Whether the supplier's consent behind an accepted invitation still stands."""
    if invitation.status != InvitationStatus.ACCEPTED or invitation.consent_id is None:
        return False
    return Consent.objects.filter(pk=invitation.consent_id, withdrawn_at__isnull=True).exists()
