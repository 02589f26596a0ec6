"""Spot-check factories: a laboratory pair, officers, a campaign through to publication."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.registry.models import Institution
from qualitas.supervision import services
from qualitas.supervision.models import Campaign, ItemResult, ProductRule, Sample
from tests.factories import make_user

POWER_BANK_PASS = {
    "capacity": "103",
    "efficiency": "86",
    "ripple": "120",
    "cycle-life": "320",
    "overcharge": "合格",
    "short-circuit": "合格",
    "thermal-abuse": "合格",
    "heavy-impact": "合格",
    "emission": "合格",
    "marking": "合格",
}


def labs() -> tuple[Institution, Institution]:
    a, _ = Institution.objects.get_or_create(
        name_zh="检验所甲",
        defaults={"kind": "laboratory", "region_id": "330100", "name_en": "Lab A"},
    )
    b, _ = Institution.objects.get_or_create(
        name_zh="检验所乙",
        defaults={"kind": "laboratory", "region_id": "330100", "name_en": "Lab B"},
    )
    return a, b


def second_officer() -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="auth2").first()
    return user or make_user("auth2", "authority", regions=["330000"])


def campaign(world: Any, *, code: str = "T-2025-01", n: int = 2, **kw: Any) -> Campaign:
    """A drawn Zhejiang power-bank campaign over the world's enterprises."""
    services.rules_load_defaults()
    a = actor_for(world.users["authority"])
    c = services.campaign_create(
        actor=a,
        code=code,
        title_zh=kw.pop("title_zh", "浙江移动电源抽查"),
        title_en="Zhejiang power-bank check",
        level="provincial",
        region="330000",
        year=2025,
        rules=["power-bank-2022"],
        sample_count=n,
        exclude_months=0,
        **kw,
    )
    return services.campaign_draw(actor=a, campaign=c, seed=20250601)


def run_sample(
    world: Any, s: Sample, *, values: dict[str, str] | None = None, day: date | None = None
) -> Sample:
    """Sample, test and notify one sample (results ``values``, default all pass)."""
    a = actor_for(world.users["authority"])
    lab, _ = labs()
    day = day or date(2025, 6, 2)
    s = services.sample_record(
        actor=a,
        sample=s,
        sampled_on=day,
        place="成品库",
        batch="B1",
        production_date=day - timedelta(days=20),
        quantity=2,
        backup_quantity=1,
        brand="恒信",
        model_spec="PB-10",
        laboratory=lab.pk,
    )
    s = services.results_enter(
        actor=a, sample=s, values=values or POWER_BANK_PASS, tested_on=day + timedelta(days=20)
    )
    return services.sample_notify(actor=a, sample=s, on=day + timedelta(days=30))


def published(world: Any, *, code: str = "T-2025-PUB") -> Campaign:
    """A published campaign: ent_a qualified, ent_b unqualified (final after the period)."""
    c = campaign(world, code=code, n=2, frame_regions=["330100", "330200"])
    a = actor_for(world.users["authority"])
    for s in c.samples.order_by("draw_order"):
        fail = s.enterprise_id != world.ent_a.pk
        values = dict(POWER_BANK_PASS, capacity="88") if fail else None
        s = run_sample(world, s, values=values)
        if fail:
            services.sample_finalise(actor=a, sample=s, on=s.notified_on + timedelta(days=16))
    services.campaign_submit(actor=a, campaign=c)
    return services.campaign_publish(
        actor=actor_for(second_officer()), campaign=c, notice_no="公告1号"
    )


def published_fast(world: Any, code: str) -> Campaign:
    """A published campaign with one qualified sample of ent_a, written directly (for access and
    query-count tests, where the procedure itself is not under test)."""
    if not ProductRule.objects.exists():
        services.rules_load_defaults()
    rule = ProductRule.objects.get(code="power-bank-2022")
    lab, _ = labs()
    c = Campaign.objects.create(
        code=code,
        title_zh=f"抽查{code}",
        level="provincial",
        region_id="330000",
        year=2025,
        sample_count=1,
        status="published",
        published_at=timezone.now(),
        seed=1,
        frame=f"{world.ent_a.credit_code},all,1",
        frame_size=1,
    )
    c.rules.add(rule)
    s = Sample.objects.create(
        campaign=c,
        enterprise=world.ent_a,
        rule=rule,
        code=f"{code}-0001",
        draw_order=1,
        status="final",
        verdict="pass",
        final_verdict="pass",
        laboratory=lab,
        sampled_on=date(2025, 6, 1),
        batch="B1",
    )
    item = rule.items.first()
    ItemResult.objects.create(sample=s, item=item, stage="initial", value="1", verdict="pass")
    return c
