"""Fixtures of the evaluation tests: the default framework, answered assessments, an on-site set-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import login  # noqa: F401 - the browser fixtures come from tests/conftest.py


@pytest.fixture
def fw(db: Any) -> Any:
    from qualitas.evaluation.models import Framework

    return Framework.objects.get(code="qmc", version="1.0")


def actor(user: Any) -> Any:
    from qualitas.core.access import actor_for

    if hasattr(user, "_qualitas_actor"):
        del user._qualitas_actor
    return actor_for(user)


def answer_levels(a: Any, *, upto: int, value: str = "full", rest: str = "none") -> None:
    """Answer every requirement: ``value`` up to level ``upto``, ``rest`` above."""
    from qualitas.evaluation.models import AnswerRow, Requirement

    rows = [
        AnswerRow(assessment=a, requirement=r, value=value if r.level <= upto else rest)
        for r in Requirement.objects.filter(framework=a.framework)
    ]
    AnswerRow.objects.bulk_create(rows)


def submitted_assessment(user: Any, *, upto: int) -> Any:
    from qualitas.evaluation import services

    act = actor(user)
    a = services.assessment_start(actor=act)
    answer_levels(a, upto=upto)
    return services.assessment_submit(actor=act, assessment=a)


@dataclass
class Onsite:
    campaign: Any
    assignment: Any
    evaluator: Any


@pytest.fixture
def onsite(world: Any, fw: Any) -> Onsite:
    """A campaign in Zhejiang over ent_a and ent_b, assigned to the world's institution; the
    evaluator holds a valid qualification and is put on ent_a's assignment."""
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Qualification
    from qualitas.registry.models import Region

    ev = world.users["evaluator"]
    Qualification.objects.create(
        user=ev, title="Senior evaluator", certificate_no="QE-1", valid_from=date(2020, 1, 1)
    )
    c = services.campaign_create(
        actor=actor(world.users["authority"]),
        name="Zhejiang 2026",
        region=Region.objects.get(code="330000"),
        deadline=timezone.localdate() + timedelta(days=60),
        enterprise_ids=[world.ent_a.pk, world.ent_b.pk],
        institution_ids=[world.institution.pk],
    )
    a = c.assignments.get(enterprise=world.ent_a)
    services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]), assignment=a, lead=ev
    )
    a.refresh_from_db()
    return Onsite(campaign=c, assignment=a, evaluator=ev)


def score_all(o: Onsite, *, upto: int) -> Any:
    """The evaluator scores every requirement (full up to ``upto``) and submits."""
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Requirement, Score

    act = actor(o.evaluator)
    ev = services.evaluation_for(actor=act, assignment=o.assignment)
    Score.objects.filter(evaluation=ev).delete()
    Score.objects.bulk_create(
        [
            Score(evaluation=ev, requirement=r, value="full" if r.level <= upto else "none")
            for r in Requirement.objects.filter(framework=ev.framework)
        ]
    )
    services.evaluation_submit(actor=act, evaluation=ev)
    o.assignment.refresh_from_db()
    return ev


def publish(world: Any, o: Onsite, *, upto: int) -> Any:
    """Score, consolidate, approve and publish; the published result."""
    from qualitas.evaluation import services

    score_all(o, upto=upto)
    (r,) = services.evaluations_consolidate(
        actor=actor(world.users["reviewer"]), assignments=[o.assignment]
    )
    services.result_approve(actor=actor(world.users["reviewer"]), result=r)
    services.result_publish(actor=actor(world.users["reviewer"]), result=r)
    r.refresh_from_db()
    return r
