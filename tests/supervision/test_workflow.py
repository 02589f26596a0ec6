"""The procedure through the services: draw, sampling, results, notice, the 15-day objection
window, re-inspection by another laboratory, rectification, refusal, two-person publication;
bad input refused naming the field, nothing half-written; every step audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.errors import DomainError
from qualitas.core.models import AuditEntry
from qualitas.core.providers import collect_credit, collect_profile, collect_search
from qualitas.supervision import selectors, services
from qualitas.supervision.models import ItemResult, Sample
from qualitas.supervision.services import SpotCheckError
from tests.supervision.factories import (
    POWER_BANK_PASS,
    campaign,
    labs,
    published,
    run_sample,
    second_officer,
)

pytestmark = pytest.mark.django_db


def test_draw_is_recorded_and_redrawn_from_the_published_frame(world):
    c = campaign(world, n=2)
    assert c.seed == 20250601 and c.frame_size == 2 and len(c.frame_digest) == 64
    drawn = [s.enterprise.credit_code for s in c.samples.order_by("draw_order")]
    assert services.redraw_from_frame(c.frame, n=2, seed=c.seed) == drawn
    assert AuditEntry.objects.filter(
        action="supervision.campaign.draw", object_pk=str(c.pk)
    ).exists()
    with pytest.raises(SpotCheckError) as e:
        services.campaign_draw(actor=actor_for(world.users["authority"]), campaign=c, seed=1)
    assert e.value.field == "status"


def test_recently_checked_enterprises_leave_the_frame(world):
    c = campaign(world, n=3)
    for s in c.samples.all():
        Sample.objects.filter(pk=s.pk).update(sampled_on=timezone.localdate() - timedelta(days=30))
    a = actor_for(world.users["authority"])
    nxt = services.campaign_create(
        actor=a,
        code="T-NEXT",
        title_zh="再抽",
        level="provincial",
        region="330000",
        year=2025,
        rules=["power-bank-2022"],
        sample_count=1,
        exclude_months=12,
    )
    with pytest.raises(SpotCheckError) as e:
        services.campaign_draw(actor=a, campaign=nxt, seed=1)
    assert e.value.field == "frame_regions"


def test_objection_window_is_fifteen_days(world):
    c = campaign(world, n=1, frame_regions=["330100"])
    s = run_sample(world, c.samples.get(), values=dict(POWER_BANK_PASS, capacity="95"))
    assert s.verdict == "fail" and s.status == "notified" and s.notified_on == date(2025, 7, 2)
    assert services.objection_deadline(s) == date(2025, 7, 17)
    ent = actor_for(world.users["enterprise"])
    with pytest.raises(SpotCheckError) as e:
        services.objection_file(actor=ent, sample=s, filed_on=date(2025, 7, 18), reason="不服")
    assert e.value.field == "filed_on" and "2025-07-17" in str(e.value)
    officer = actor_for(world.users["authority"])
    with pytest.raises(SpotCheckError):  # not final while the window runs
        services.sample_finalise(actor=officer, sample=s, on=date(2025, 7, 17))
    s = services.objection_file(
        actor=ent, sample=s, filed_on=date(2025, 7, 17), reason="容量测试条件有误"
    )
    assert s.status == "objection"
    lab_a, lab_b = labs()
    with pytest.raises(SpotCheckError) as e:  # the same laboratory may not re-inspect
        services.reinspection_assign(actor=officer, sample=s, laboratory=lab_a.pk)
    assert e.value.field == "reinspection_lab"
    services.reinspection_assign(actor=officer, sample=s, laboratory=lab_b.pk)
    s = services.results_enter(
        actor=officer,
        sample=s,
        values=POWER_BANK_PASS,
        tested_on=date(2025, 8, 1),
        stage="reinspection",
    )
    assert s.final_verdict == "pass" and s.reinspection_verdict == "pass" and s.status == "final"


def test_other_users_cannot_object(world):
    c = campaign(world, n=1, frame_regions=["330100"])
    s = run_sample(world, c.samples.get(), values=dict(POWER_BANK_PASS, capacity="95"))
    from qualitas.core.access import NotFound

    with pytest.raises(NotFound):
        services.objection_file(
            actor=actor_for(world.users["other_enterprise"]),
            sample=s,
            filed_on=date(2025, 7, 3),
            reason="x",
        )


def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(world):
    c = campaign(world, n=1, frame_regions=["330100"])
    s = c.samples.get()
    a = actor_for(world.users["authority"])
    lab, _ = labs()
    future = timezone.localdate() + timedelta(days=3)
    cases = [
        ({"sampled_on": future}, "sampled_on"),
        ({"production_date": date(2025, 6, 3)}, "production_date"),  # after sampling
        ({"quantity": 1}, "quantity"),
        ({"backup_quantity": 0}, "backup_quantity"),
        ({"place": " "}, "place"),
    ]
    good = {
        "sampled_on": date(2025, 6, 2),
        "place": "库",
        "batch": "B",
        "production_date": date(2025, 5, 1),
        "quantity": 2,
        "backup_quantity": 1,
        "laboratory": lab.pk,
    }
    for change, field in cases:
        with pytest.raises(SpotCheckError) as e:
            services.sample_record(actor=a, sample=s, **(good | change))
        assert e.value.field == field
    s.refresh_from_db()
    assert s.sampled_on is None and s.status == "selected"
    s = services.sample_record(actor=a, sample=s, **good)
    # a result without its item; an unknown item; a value in the wrong unit; an impossible date
    missing = {k: v for k, v in POWER_BANK_PASS.items() if k != "ripple"}
    for values, field in [
        (missing, "ripple"),
        (POWER_BANK_PASS | {"nonsense": "1"}, "nonsense"),
        (POWER_BANK_PASS | {"ripple": ("0.12", "V")}, "ripple"),
    ]:
        with pytest.raises(DomainError) as e:
            services.results_enter(actor=a, sample=s, values=values, tested_on=date(2025, 6, 20))
        assert e.value.field == field
    with pytest.raises(SpotCheckError) as e:
        services.results_enter(
            actor=a, sample=s, values=POWER_BANK_PASS, tested_on=date(2025, 6, 1)
        )
    assert e.value.field == "tested_on"
    assert not ItemResult.objects.filter(sample=s).exists()
    s.refresh_from_db()
    assert s.status == "testing" and s.verdict == ""


def test_refusal_rectification_and_two_person_publication(world):
    c = campaign(world, n=2, frame_regions=["330100", "330200"])
    a = actor_for(world.users["authority"])
    first, second = list(c.samples.order_by("draw_order"))
    services.sample_refuse(actor=a, sample=first, refused_on=date(2025, 6, 1), note="拒绝抽样")
    s = run_sample(world, second, values=dict(POWER_BANK_PASS, **{"thermal-abuse": "不合格"}))
    with pytest.raises(SpotCheckError):  # a sample without its final result
        services.campaign_submit(actor=a, campaign=c)
    s = services.sample_finalise(actor=a, sample=s, on=date(2025, 7, 20))
    s = services.rectification_order(
        actor=a, sample=s, deadline=timezone.localdate() + timedelta(days=60)
    )
    assert s.status == "rectification"
    services.campaign_submit(actor=a, campaign=c)
    with pytest.raises(SpotCheckError) as e:  # the submitter may not publish
        services.campaign_publish(actor=a, campaign=c)
    assert e.value.field == "status"
    c = services.campaign_publish(
        actor=actor_for(second_officer()), campaign=c, notice_no="公告2号"
    )
    lists = selectors.published_lists(c)
    assert [x.pk for x in lists.refused] == [first.pk]
    assert [x.pk for x in lists.unqualified] == [second.pk]
    assert lists.unqualified[0].failing == ["热滥用"]
    # the re-check after rectification goes on after publication
    s = services.results_enter(
        actor=a, sample=s, values=POWER_BANK_PASS, tested_on=timezone.localdate(), stage="recheck"
    )
    assert s.status == "rechecked" and s.recheck_verdict == "pass"
    actions = set(
        AuditEntry.objects.filter(model="supervision.sample").values_list("action", flat=True)
    )
    assert {
        "supervision.sample.refused",
        "supervision.sample.notify",
        "supervision.sample.rectification",
        "supervision.results.recheck",
    } <= actions


def test_summary_and_providers_of_a_published_campaign(world):
    c = published(world)
    summary = selectors.campaign_summary(c)
    assert summary["batches"] == 2 and summary["failed"] == 1 and summary["rate"] == 50.0
    assert summary["by_product"][0]["name"] == "移动电源"
    assert summary["failing_items"] == [("常温下的有效输出容量", 1)]
    public = collect_profile(enterprise_id=world.ent_a.pk, public=True)
    section = next(p for p in public if p.key == "supervision.spot_checks")
    assert section.public and any(str(f.value) in ("合格", "Qualified") for f in section.facts)
    factors = [
        f for f in collect_credit(world.ent_b.pk, timezone.localdate()) if f.key == "spot_checks"
    ]
    assert factors[0].value == 0.0
    docs = [d for d in collect_search() if d.kind == "spot_check"]
    assert len(docs) == 2


def test_unpublished_results_stay_out_of_public_kinds(world):
    c = campaign(world, n=1, frame_regions=["330100"])
    run_sample(world, c.samples.get())
    assert not [
        p
        for p in collect_profile(enterprise_id=world.ent_a.pk, public=True)
        if p.key.startswith("supervision")
    ]
    assert not [d for d in collect_search() if d.kind == "spot_check"]


def test_summarise_hand_worked():
    rows = [
        {
            "enterprise": 1,
            "product": "A",
            "province": "浙江",
            "industry": "C38",
            "verdict": "pass",
            "refused": False,
            "failing": [],
        },
        {
            "enterprise": 1,
            "product": "A",
            "province": "浙江",
            "industry": "C38",
            "verdict": "fail",
            "refused": False,
            "failing": ["x"],
        },
        {
            "enterprise": 2,
            "product": "B",
            "province": "广东",
            "industry": "C39",
            "verdict": "fail",
            "refused": False,
            "failing": ["x", "y"],
        },
        {
            "enterprise": 3,
            "product": "B",
            "province": "广东",
            "industry": "C39",
            "verdict": "",
            "refused": True,
            "failing": [],
        },
    ]
    s = selectors.summarise(rows)
    assert (s["enterprises"], s["batches"], s["failed"], s["rate"], s["refused"]) == (
        2,
        3,
        2,
        66.7,
        1,
    )
    assert s["by_product"] == [
        {"name": "A", "enterprises": 1, "batches": 2, "failed": 1, "rate": 50.0},
        {"name": "B", "enterprises": 1, "batches": 1, "failed": 1, "rate": 100.0},
    ]
    assert s["failing_items"] == [("x", 2), ("y", 1)]


def test_frame_industries_take_codes_at_any_level(world):
    """A frame of industries "C38" holds only that division's enterprises; "C3" the section's
    whole C3x range (the codes are prefixes, as region codes are)."""
    c = campaign(world, code="T-IND-1", n=1, frame_industries=["C38"])
    assert [e["pk"] for e in services.campaign_frame(c)] == [world.ent_a.pk]
    c = campaign(world, code="T-IND-2", n=1, frame_industries=["C3"])
    assert {e["pk"] for e in services.campaign_frame(c)} == {world.ent_a.pk, world.ent_b.pk}
