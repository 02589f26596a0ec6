"""Results: consolidation into drafts, approval, publication with a certificate code, corrections, appeals."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.maturity import GateEvent
from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_appeal_result,
    may_consolidate,
    may_publish_results,
    may_review_results,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.evaluation.choices import (
    AppealStatus,
    AssessmentStatus,
    AssignmentStatus,
    EvaluationStatus,
    ResultStatus,
)
from qualitas.evaluation.models import (
    Appeal,
    Assessment,
    Assignment,
    Evaluation,
    GateRecord,
    Result,
    Score,
)
from qualitas.evaluation.scoring import result_json, score_answers
from qualitas.evaluation.services._common import EvaluationError, _setting, _years_after


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
    """Publish an approved result: validity (``QUALITAS["RESULT_VALIDITY_YEARS"]``, default 3) and a
    certificate code — only for a level: a result that reached none (level 0) is published
    without a certificate."""
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
        result.certificate_code = certificate_code() if result.level >= 1 else None
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
