"""The evaluation workflow through the services: self-assessment, campaign, COI, scoring,
consolidation, approval, publication, corrections, appeals, framework versions, gating."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from qualitas.core.access import Forbidden, NotFound
from qualitas.core.models import AuditEntry
from qualitas.evaluation import services
from qualitas.evaluation.models import Assessment, PublishedResultEdit, Requirement, Result
from qualitas.evaluation.services import EvaluationError
from tests.evaluation.conftest import actor, publish, score_all, submitted_assessment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are asserted in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


def test_default_framework_is_loaded_with_four_dimensions_and_thirty_indicators(fw):
    assert [d.code for d in fw.dimensions.order_by("order")] == ["D1", "D2", "D3", "D4"]
    assert sum(d.indicators.count() for d in fw.dimensions.all()) == 30
    reqs = Requirement.objects.filter(framework=fw)
    assert set(reqs.values_list("level", flat=True)) == {1, 2, 3, 4, 5}
    assert all(r.text_zh and r.text_en and r.guidance_zh and r.guidance_en for r in reqs)


def test_self_assessment_scores_at_once(world, fw):
    a = submitted_assessment(world.users["enterprise"], upto=3)
    assert a.status == "submitted" and a.level == 3
    assert float(a.score) == pytest.approx(3.0)
    assert a.result["answered"] == a.result["total"] == 127
    # the gaps to L4 are the L4 requirements, all at 0
    assert {g[1] for g in a.result["gaps"]} == {4}
    assert AuditEntry.objects.filter(
        model="evaluation.assessment", object_pk=str(a.pk), action="submit"
    ).exists()


def test_answers_autosave_and_missing_answers_count_as_not_met(world, fw):
    act = actor(world.users["enterprise"])
    a = services.assessment_start(actor=act)
    assert services.assessment_start(actor=act).pk == a.pk  # the one in progress is continued
    l1 = list(Requirement.objects.filter(framework=fw, level=1))
    for r in l1:
        services.answer_save(actor=act, assessment=a, requirement_id=r.pk, value="mostly")
    services.answer_save(
        actor=act, assessment=a, requirement_id=l1[0].pk, value="full", note="certificate on file"
    )
    services.assessment_submit(actor=act, assessment=a)
    a.refresh_from_db()
    assert a.result["answered"] == len(l1) and len(a.result["missing"]) == 127 - len(l1)
    assert a.level == 1  # L1 at ≥ 0.8; everything else unanswered = 0
    with pytest.raises(EvaluationError, match="submitted"):
        services.answer_save(actor=act, assessment=a, requirement_id=l1[0].pk, value="none")


def test_not_applicable_only_where_allowed(world, fw):
    act = actor(world.users["enterprise"])
    a = services.assessment_start(actor=act)
    design = Requirement.objects.filter(framework=fw, indicator__code="D1.06").first()
    services.answer_save(actor=act, assessment=a, requirement_id=design.pk, value="na")
    other = Requirement.objects.filter(framework=fw, indicator__code="D1.08").first()
    with pytest.raises(EvaluationError, match="not applicable"):
        services.answer_save(actor=act, assessment=a, requirement_id=other.pk, value="na")


def test_gating_record_caps_the_self_assessment(world, fw):
    services.gate_record_create(
        actor=actor(world.users["authority"]),
        enterprise=world.ent_a,
        kind="serious_incident",
        occurred_on=timezone.localdate() - timedelta(days=400),
        reference="浙质罚〔2025〕12号",
    )
    a = submitted_assessment(world.users["enterprise"], upto=5)
    assert a.result["uncapped_level"] == 5 and a.level == 2
    assert a.result["gates"][0]["reference"] == "浙质罚〔2025〕12号"


def test_gating_record_only_by_the_regions_authority(world):
    with pytest.raises(Forbidden):  # ent_c is in Guangdong, the officer in Zhejiang
        services.gate_record_create(
            actor=actor(world.users["authority"]),
            enterprise=world.ent_c,
            kind="published_penalty",
            occurred_on=date(2025, 1, 1),
            reference="X",
        )
    with pytest.raises(Forbidden):
        services.gate_record_create(
            actor=actor(world.users["enterprise"]),
            enterprise=world.ent_a,
            kind="published_penalty",
            occurred_on=date(2025, 1, 1),
            reference="X",
        )


def test_campaign_refuses_enterprises_outside_the_region(world, fw):
    from qualitas.registry.models import Region

    with pytest.raises(EvaluationError, match="outside"):
        services.campaign_create(
            actor=actor(world.users["authority"]),
            name="x",
            region=Region.objects.get(code="330000"),
            deadline=timezone.localdate() + timedelta(days=5),
            enterprise_ids=[world.ent_a.pk, world.ent_c.pk],
        )
    with pytest.raises(Forbidden):
        services.campaign_create(
            actor=actor(world.users["authority"]),
            name="x",
            region=Region.objects.get(code="440000"),
            deadline=timezone.localdate() + timedelta(days=5),
            enterprise_ids=[world.ent_c.pk],
        )


# -------------------------------------------------------------------- conflict of interest


def _declare(world, **kw):
    return services.coi_declare(actor=actor(world.users["evaluator"]), enterprise=world.ent_a, **kw)


def _assign(world, onsite_assignment):
    return services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]),
        assignment=onsite_assignment,
        lead=world.users["evaluator"],
    )


@pytest.mark.parametrize(
    ("started_days_ago", "ended_days_ago", "refused", "words"),
    [
        (2000, None, True, "still continuing"),  # a continuing tie
        (3000, 365 * 3 - 5, True, "cooling-off period runs until"),  # ended 3 years less 5 days ago
        (3000, 365 * 3 + 5, False, ""),  # ended more than 3 years ago: cleared
        (-10, None, False, ""),  # begins in the future: not yet a tie today
    ],
)
def test_coi_check_with_dates_and_cooling_off(
    world, onsite, started_days_ago, ended_days_ago, refused, words
):
    today = timezone.localdate()
    _declare(
        world,
        kind="consulting",
        started_on=today - timedelta(days=started_days_ago),
        ended_on=None if ended_days_ago is None else today - timedelta(days=ended_days_ago),
    )
    if refused:
        with pytest.raises(EvaluationError, match=words) as exc:
            _assign(world, onsite.assignment)
        assert "eva" in str(exc.value) and exc.value.field == "evaluators"
    else:
        assert _assign(world, onsite.assignment).lead == world.users["evaluator"]


def test_coi_cooling_off_is_a_setting(world, onsite, settings):
    today = timezone.localdate()
    _declare(
        world, kind="employment", started_on=date(2010, 1, 1), ended_on=today - timedelta(days=400)
    )
    with pytest.raises(EvaluationError, match="3-year"):
        _assign(world, onsite.assignment)
    settings.QUALITAS = {**settings.QUALITAS, "COI_COOLING_OFF_YEARS": 1}
    assert _assign(world, onsite.assignment).status == "assigned"


def test_evaluators_need_a_valid_qualification_of_their_institution(world, onsite):
    from qualitas.evaluation.models import Qualification

    other = make_user("eva2", "evaluator", institution=world.institution)
    with pytest.raises(EvaluationError, match="no evaluator qualification"):
        services.assignment_assign_evaluators(
            actor=actor(world.users["institution_manager"]),
            assignment=onsite.assignment,
            lead=other,
        )
    Qualification.objects.create(
        user=other, title="Evaluator", valid_from=date(2020, 1, 1), industries="C34"
    )
    with pytest.raises(EvaluationError, match="do not cover industry C38"):
        services.assignment_assign_evaluators(
            actor=actor(world.users["institution_manager"]),
            assignment=onsite.assignment,
            lead=other,
        )
    with pytest.raises(EvaluationError, match="not an evaluator of this institution"):
        services.assignment_assign_evaluators(
            actor=actor(world.users["institution_manager"]),
            assignment=onsite.assignment,
            lead=world.users["reviewer"],
        )


# -------------------------------------------------------------------- on-site to certificate


def test_onsite_consolidate_approve_publish(world, onsite):
    submitted_assessment(world.users["enterprise"], upto=4)
    r = publish(world, onsite, upto=3)
    assert (r.status, r.level, r.version, r.series) == ("published", 3, 1, r.pk)
    assert float(r.self_score) == pytest.approx(4.0)
    assert r.certificate_code.startswith("QM-") and len(r.certificate_code) == 17
    assert r.valid_until == date(
        timezone.localdate().year + 3, timezone.localdate().month, timezone.localdate().day
    ) - timedelta(days=1)
    onsite.assignment.refresh_from_db()
    assert onsite.assignment.status == "published"
    actions = list(
        AuditEntry.objects.filter(model="evaluation.result", object_pk=str(r.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["consolidate", "approve", "publish"]


def test_validity_is_a_setting(world, onsite, settings):
    settings.QUALITAS = {**settings.QUALITAS, "RESULT_VALIDITY_YEARS": 2}
    r = publish(world, onsite, upto=2)
    assert r.valid_until.year == timezone.localdate().year + 2


def test_submit_needs_every_requirement_scored_and_the_lead(world, onsite):
    ev = services.evaluation_for(actor=actor(onsite.evaluator), assignment=onsite.assignment)
    r = Requirement.objects.filter(framework=ev.framework).first()
    services.score_save(
        actor=actor(onsite.evaluator),
        evaluation=ev,
        requirement_id=r.pk,
        value="full",
        finding="seen",
    )
    with pytest.raises(EvaluationError, match="not scored yet"):
        services.evaluation_submit(actor=actor(onsite.evaluator), evaluation=ev)


def test_published_result_is_never_edited_and_corrections_are_versions(world, onsite):
    r = publish(world, onsite, upto=4)
    r.level = 1
    with pytest.raises(PublishedResultEdit):
        r.save()
    new = services.result_correct(
        actor=actor(world.users["reviewer"]),
        result=Result.objects.get(pk=r.pk),
        revision_note="incident found later",
        level=2,
    )
    assert (new.version, new.series, new.status, new.level) == (2, r.series, "draft", 2)
    services.result_approve(actor=actor(world.users["reviewer"]), result=new)
    services.result_publish(actor=actor(world.users["reviewer"]), result=new)
    old = Result.objects.get(pk=r.pk)
    assert (old.level, old.status, old.certificate_code) == (4, "published", r.certificate_code)
    from qualitas.evaluation.selectors import certificate_verify

    v = certificate_verify(code=r.certificate_code)
    assert v.state == "superseded" and v.current.pk == new.pk
    with pytest.raises(EvaluationError, match="lower"):
        services.result_correct(
            actor=actor(world.users["reviewer"]), result=new, revision_note="x", level=5
        )


def test_appeal_upheld_reopens_and_reconsolidation_is_a_new_version(world, onsite):
    r = publish(world, onsite, upto=2)
    ap = services.appeal_file(
        actor=actor(world.users["enterprise"]), result=r, reason="our L3 evidence was not looked at"
    )
    with pytest.raises(EvaluationError, match="already open"):
        services.appeal_file(actor=actor(world.users["enterprise"]), result=r, reason="again")
    services.appeal_decide(
        actor=actor(world.users["reviewer"]), appeal=ap, uphold=True, decision="re-evaluate D1"
    )
    onsite.assignment.refresh_from_db()
    assert onsite.assignment.status == "assigned"
    score_all(onsite, upto=3)
    (r2,) = services.evaluations_consolidate(
        actor=actor(world.users["reviewer"]),
        assignments=[onsite.assignment],
        revision_note=f"appeal {ap.pk} upheld",
    )
    assert (r2.version, r2.series, r2.level) == (2, r.series, 3)
    assert Result.objects.get(pk=r.pk).level == 2  # the published version is untouched
    assert AuditEntry.objects.filter(action="appeal_decide", object_pk=str(r.pk)).exists()


def test_new_framework_version_leaves_old_results_untouched(world, onsite, fw):
    a = submitted_assessment(world.users["enterprise"], upto=3)
    r = publish(world, onsite, upto=3)
    doc = services.framework_document(fw)
    doc["version"] = "2.0"
    doc["threshold"] = 0.95
    for d in doc["dimensions"]:
        for i in d["indicators"]:
            i["requirements"] = [q for q in i["requirements"] if q["level"] != 1]
    # the penalty rule still names its question D4.06.L1, now gone: refused, naming the part
    with pytest.raises(EvaluationError, match=r"gating\[1\]\.requirement: unknown requirement"):
        services.framework_import(actor="test", document=doc)
    doc["gating"][1].pop("requirement")
    fw2 = services.framework_import(actor="test", document=doc)
    fw.refresh_from_db()
    assert fw.status == "retired" and fw2.status == "active"
    assert (
        Requirement.objects.filter(framework=fw2).count()
        < Requirement.objects.filter(framework=fw).count()
    )
    a.refresh_from_db()
    r.refresh_from_db()
    assert (a.framework_id, a.level, float(a.score)) == (fw.pk, 3, 3.0)
    assert (r.framework_id, r.level) == (fw.pk, 3)
    # a new assessment uses the new version
    a2 = services.assessment_start(actor=actor(world.users["enterprise"]))
    assert a2.framework_id == fw2.pk
    with pytest.raises(EvaluationError, match="already exists"):
        services.framework_import(actor="test", document=doc)


def test_only_the_team_scores(world, onsite):
    other = make_user("eva3", "evaluator", institution=world.institution)
    with pytest.raises(NotFound):
        services.evaluation_for(actor=actor(other), assignment=onsite.assignment)


def test_campaign_of_many_enterprises_round_robin(world, fw):
    from qualitas.registry.models import Institution, Region
    from tests.factories import make_enterprise

    for k in range(30):
        make_enterprise(name_zh=f"杭州测试{k}有限公司", region="330100")
    inst2 = Institution.objects.create(
        kind="evaluation", name_zh="第二评价中心", region_id="330100"
    )
    from qualitas.evaluation.selectors import campaign_candidates

    ids = list(
        campaign_candidates(actor=actor(world.users["authority"]), region="330100").values_list(
            "pk", flat=True
        )
    )
    c = services.campaign_create(
        actor=actor(world.users["authority"]),
        name="Hangzhou",
        region=Region.objects.get(code="330100"),
        deadline=timezone.localdate() + timedelta(days=30),
        enterprise_ids=ids,
        institution_ids=[world.institution.pk, inst2.pk],
    )
    counts = dict(
        c.assignments.values_list("institution_id")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
        .values_list("institution_id", "n")
    )
    assert (
        sum(counts.values()) == len(ids) == 31
        and abs(counts[world.institution.pk] - counts[inst2.pk]) <= 1
    )
    assert AuditEntry.objects.filter(model="evaluation.assignment").count() == 31


def test_self_level_selection(world, fw):
    from qualitas.evaluation.selectors import campaign_candidates

    submitted_assessment(world.users["enterprise"], upto=2)
    got = list(campaign_candidates(actor=actor(world.users["authority"]), self_level=2))
    assert got == [world.ent_a]
    assert Assessment.objects.count() == 1
