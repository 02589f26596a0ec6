"""Self-assessment by an enterprise: start, answer (autosave), attach evidence, submit and score."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.maturity import GateEvent
from qualitas.core.access import (
    Actor,
    Forbidden,
    may_take_self_assessment,
)
from qualitas.core.audit import audit_append
from qualitas.core.weblinks import NOT_A_WEB_ADDRESS, web_url_problem
from qualitas.evaluation.choices import (
    AssessmentStatus,
    EvidenceKind,
)
from qualitas.evaluation.models import (
    AnswerRow,
    Assessment,
    Evidence,
    GateRecord,
)
from qualitas.evaluation.scoring import result_json, score_answers
from qualitas.evaluation.services._common import (
    EvaluationError,
    _check_value,
    _own_enterprise,
    _requirement_of,
)
from qualitas.evaluation.services.frameworks import framework_active


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
    """Attach evidence (a file, link or note, or platform data with its source) to a requirement.
    The same platform data attached again is not duplicated (the earlier row is returned)."""
    _own_enterprise(actor, assessment.enterprise_id)
    if assessment.status != AssessmentStatus.DRAFT:
        raise EvaluationError(_("this self-assessment is submitted"), field="status")
    req = _requirement_of(assessment.framework_id, requirement_id)
    if kind not in EvidenceKind.values:
        raise EvaluationError(_("unknown evidence kind"), field="kind")
    if kind == EvidenceKind.LINK and (not url or web_url_problem(url) is not None):
        raise EvaluationError(NOT_A_WEB_ADDRESS, field="url")
    if kind == EvidenceKind.FILE and file is None:
        raise EvaluationError(_("choose a file"), field="file")
    if kind == EvidenceKind.NOTE and not note.strip():
        raise EvaluationError(_("write the note"), field="note")
    if kind == EvidenceKind.PLATFORM:
        # the same platform fact attached once is enough: return the one attached before
        same = assessment.evidence.filter(requirement=req, kind=kind, note=note).first()
        if same is not None:
            return same
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
