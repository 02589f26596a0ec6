"""The demo data set tells a possible story (issue 11 item 16): no date in the future except
plans (deadlines, validity, targets), and every record dated after the step it follows — a
self-assessment started before it was submitted, a visit after its campaign opened, scores
submitted after the visit, a result approved after it was made and published after approval,
an alert opened after its characteristic was set up. Runs every app's demo loader on a small
size."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Max, Min
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Fields that hold a plan or a validity, which may lie ahead: (app label, model, field).
FORWARD = {
    ("evaluation", "campaign", "deadline"),
    ("evaluation", "assignment", "deadline"),
    ("evaluation", "result", "valid_until"),
    ("evaluation", "qualification", "valid_until"),
    ("core", "apitoken", "expires_at"),
}


@pytest.fixture
def demo(db):
    from qualitas.diagnosis.demo import diagnosis_demo_load
    from qualitas.evaluation.demo import evaluation_demo_load
    from qualitas.index.demo import index_demo_load
    from qualitas.registry.demo import demo_registry_load

    demo_registry_load(enterprises=60, seed=7)
    evaluation_demo_load(seed=7, self_assessments=30, campaign_size=40)
    diagnosis_demo_load(seed=7, enterprises=3, per_enterprise=1, demo_enterprise=6)
    index_demo_load(seed=7)


def _later(a: datetime | date, b: datetime | date) -> bool:
    """``a`` is not before ``b`` (a date against a datetime: its local day)."""
    if isinstance(a, datetime) != isinstance(b, datetime):
        a = timezone.localdate(a) if isinstance(a, datetime) else a
        b = timezone.localdate(b) if isinstance(b, datetime) else b
    return a >= b


def _no_date_in_the_future() -> None:
    now, today = timezone.now(), timezone.localdate()
    future = []
    for model in apps.get_models():
        if model._meta.app_label not in {"core", "registry", "evaluation", "diagnosis", "index"}:
            continue
        for f in model._meta.concrete_fields:
            key = (model._meta.app_label, model._meta.model_name, f.name)
            if key in FORWARD or not isinstance(f, models.DateField):
                continue
            latest = model.objects.aggregate(m=Max(f.name))["m"]
            if latest is None:
                continue
            if (
                isinstance(f, models.DateTimeField)
                and latest > now
                or not isinstance(f, models.DateTimeField)
                and latest > today
            ):
                future.append(f"{key}: {latest}")
    assert not future, future


def _evaluation_steps_follow_one_another() -> None:
    from qualitas.evaluation.models import (
        AnswerRow,
        Assessment,
        Campaign,
        ChainInvitation,
        Evaluation,
        GateRecord,
        Result,
        Score,
    )

    bad = []
    assessments = list(Assessment.objects.exclude(submitted_at=None))
    assert assessments
    submitted_of = {a.enterprise_id: a.submitted_at for a in assessments}
    for a in assessments:
        if not a.started_at < a.submitted_at:
            bad.append(
                f"assessment {a.pk} submitted {a.submitted_at} before started {a.started_at}"
            )
    late = (
        AnswerRow.objects.filter(assessment__submitted_at__isnull=False)
        .values("assessment_id", "assessment__submitted_at")
        .annotate(last=Max("updated_at"))
    )
    bad += [
        f"answers of {r['assessment_id']} saved after submission"
        for r in late
        if r["last"] > r["assessment__submitted_at"]
    ]
    campaign = Campaign.objects.get()
    evaluations = list(Evaluation.objects.select_related("assignment"))
    assert evaluations
    for e in evaluations:
        if not _later(e.visited_on, campaign.created_at):
            bad.append(f"evaluation {e.pk} visited {e.visited_on} before the campaign opened")
        if not _later(e.submitted_at, e.visited_on):
            bad.append(f"evaluation {e.pk} submitted before its visit")
    scores = Score.objects.values("evaluation_id", "evaluation__submitted_at").annotate(
        last=Max("updated_at")
    )
    bad += [
        f"scores of {s['evaluation_id']} saved after submission"
        for s in scores
        if s["last"] > s["evaluation__submitted_at"]
    ]
    submitted = {e.assignment_id: e.submitted_at for e in evaluations}
    results = list(Result.objects.all())
    assert any(r.published_at for r in results)
    for r in results:
        if not r.created_at >= submitted[r.assignment_id]:
            bad.append(f"result {r.pk} made before its scores were submitted")
        if r.approved_at and not r.approved_at >= r.created_at:
            bad.append(f"result {r.pk} approved before it was made")
        if r.published_at and not (r.approved_at and r.published_at >= r.approved_at):
            bad.append(f"result {r.pk} published before approval")
        if r.self_score is not None and not _later(r.evaluated_on, submitted_of[r.enterprise_id]):
            bad.append(f"result {r.pk} compares with a self-assessment submitted after the visit")
    for g in GateRecord.objects.all():
        if not _later(g.entered_at, g.occurred_on):
            bad.append(f"gate record {g.pk} entered before it happened")
    for i in ChainInvitation.objects.exclude(responded_at=None):
        if not i.responded_at >= i.invited_at:
            bad.append(f"invitation {i.pk} answered before it was sent")
    assert not bad, bad[:20]


def _diagnosis_steps_follow_one_another() -> None:
    from qualitas.diagnosis.models import Alert, Characteristic, IngestBatch, Measurement, Study

    bad = []
    chars = list(Characteristic.objects.annotate(first=Min("measurements__time")))
    assert chars and any(c.frozen_at for c in chars)
    created = {c.pk: c.created_at for c in chars}
    for c in chars:
        if c.first and not c.created_at <= c.first:
            bad.append(f"characteristic {c.pk} measured before it was set up")
        if c.frozen_at and c.frozen_from_id:
            study = Study.objects.get(pk=c.frozen_from_id)
            if not c.created_at <= study.created_at <= c.frozen_at:
                bad.append(f"characteristic {c.pk}: limits frozen before their study ran")
    received = dict(IngestBatch.objects.values_list("pk", "received_at"))
    for row in Measurement.objects.values("batch_id").annotate(last=Max("time")):
        if row["batch_id"] and not received[row["batch_id"]] >= row["last"]:
            bad.append(f"batch {row['batch_id']} received before its last point was measured")
    alerts = list(Alert.objects.all())
    assert alerts and any(a.acknowledged_at for a in alerts)
    for a in alerts:
        if not a.opened_at >= created[a.characteristic_id]:
            bad.append(f"alert {a.pk} opened before its characteristic existed")
        for step in (a.acknowledged_at, a.closed_at):
            if step and not step >= a.opened_at:
                bad.append(f"alert {a.pk} handled before it opened")
    assert not bad, bad[:20]


def _demo_text_is_in_one_language() -> None:
    """Names and titles the demo writes are in one language, not "中文 / English" at once."""
    from qualitas.diagnosis.models import Characteristic, Study
    from qualitas.evaluation.models import Campaign

    texts = [
        *Characteristic.objects.values_list("name", flat=True),
        *Study.objects.values_list("title", flat=True),
        *Campaign.objects.values_list("name", flat=True),
    ]
    assert texts
    mixed = [t for t in texts if " / " in t or "Phase I" in t]
    assert not mixed, mixed


def _the_demo_partner_has_consents_to_read() -> None:
    """The partner account shows what a bank sees: the demo enterprise's capability and quality
    data, four enterprises' contacts (before, it had no consent and read nothing private)."""
    from qualitas.core.access import actor_for, partner_may_read
    from qualitas.core.models import Consent, Profile

    partner = actor_for(Profile.objects.get(user__username="partner").user)
    ent = Profile.objects.get(user__username="enterprise").enterprise_id
    assert partner_may_read(partner, ent, scope="capability")
    assert Consent.objects.filter(grantee_user=partner.user, scope="contacts").count() == 4


def test_demo_tells_a_possible_story(demo):
    """One demo load (about half a minute), every check on it."""
    _no_date_in_the_future()
    _evaluation_steps_follow_one_another()
    _diagnosis_steps_follow_one_another()
    _demo_text_is_in_one_language()
    _the_demo_partner_has_consents_to_read()
