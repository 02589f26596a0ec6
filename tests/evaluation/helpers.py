"""Build a complete evaluation for a world (used by the access matrix and tests)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def make_evaluation(world: Any) -> dict[str, Any]:
    """ent_a: submitted self-assessment, published on-site result (campaign in Zhejiang, the
    world's institution, evaluator as lead), an open appeal; a pending chain invitation to ent_c."""
    cached = getattr(world, "_evaluation", None)
    if cached is not None:
        return cached
    from django.utils import timezone

    from qualitas.evaluation import services
    from qualitas.evaluation.models import Framework, Qualification, Requirement, Score
    from qualitas.registry.models import Region
    from tests.evaluation.conftest import actor, answer_levels

    fw = Framework.objects.get(code="qmc", version="1.0")
    ent = actor(world.users["enterprise"])
    a = services.assessment_start(actor=ent)
    answer_levels(a, upto=3)
    services.assessment_submit(actor=ent, assessment=a)
    Qualification.objects.get_or_create(
        user=world.users["evaluator"], title="Evaluator", defaults={"valid_from": date(2020, 1, 1)}
    )
    c = services.campaign_create(
        actor=actor(world.users["authority"]),
        name="Zhejiang 2026",
        region=Region.objects.get(code="330000"),
        deadline=timezone.localdate() + timedelta(days=60),
        enterprise_ids=[world.ent_a.pk, world.ent_b.pk],
        institution_ids=[world.institution.pk],
    )
    asg = c.assignments.get(enterprise=world.ent_a)
    services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]),
        assignment=asg,
        lead=world.users["evaluator"],
    )
    ev = services.evaluation_for(actor=actor(world.users["evaluator"]), assignment=asg)
    Score.objects.bulk_create(
        [
            Score(evaluation=ev, requirement=r, value="full" if r.level <= 2 else "none")
            for r in Requirement.objects.filter(framework=fw)
        ]
    )
    services.evaluation_submit(actor=actor(world.users["evaluator"]), evaluation=ev)
    asg.refresh_from_db()
    (r,) = services.evaluations_consolidate(actor=actor(world.users["reviewer"]), assignments=[asg])
    services.result_approve(actor=actor(world.users["reviewer"]), result=r)
    services.result_publish(actor=actor(world.users["reviewer"]), result=r)
    r.refresh_from_db()
    appeal = services.appeal_file(actor=ent, result=r, reason="L3 evidence overlooked")
    (inv,), _ = services.chain_invite(actor=ent, credit_codes=[world.ent_c.credit_code])
    out = {
        "framework": fw,
        "assessment": a,
        "requirement": Requirement.objects.get(framework=fw, code="D1.02.L1"),
        "campaign": c,
        "assignment": asg,
        "result": r,
        "appeal": appeal,
        "invitation": inv,
    }
    world._evaluation = out
    return out
