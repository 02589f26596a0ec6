"""Demo data of supervision spot-checks: the shipped implementation rules, one finished and
published provincial campaign (power banks, PV modules, 2.4 GHz radio equipment in Zhejiang,
2025) with qualified and unqualified samples, an objection re-inspected by another laboratory and
a refusal; and one running campaign (2026) part way through sampling and testing.

Everything goes through the services (so the audit chain records it); values are seeded.
Failure shares follow the published rounds (``spotcheck_national_results.csv``: power banks
25–41 %, PV modules near 0–17 %); dates are in the past. Idempotent: a campaign that exists is
left alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.models import Profile
from qualitas.registry.choices import InstitutionKind
from qualitas.registry.models import Enterprise, Institution, Region
from qualitas.supervision import services
from qualitas.supervision.choices import LimitKind, SampleStatus
from qualitas.supervision.models import Campaign, Sample

FINISHED = "ZJ-2025-SC-01"
RUNNING = "ZJ-2026-SC-01"
SECOND_OFFICER = "inspector"
LABS = [
    (
        "国家锂电池产品质量检验检测中心（示例）",
        "National Lithium Battery Testing Centre (demo)",
        "320500",
    ),
    (
        "浙江省电子信息产品检验研究院（示例）",
        "Zhejiang Electronic Products Inspection Institute (demo)",
        "330100",
    ),
]
FAIL_SHARE = {"power-bank-2022": 0.3, "pv-module-provincial": 0.1, "radio-2g4": 0.2}


def _labs() -> list[Institution]:
    out = []
    for zh, en, region in LABS:
        lab = Institution.objects.filter(name_zh=zh).first()
        if lab is None and Region.objects.filter(code=region).exists():
            lab = Institution.objects.create(
                name_zh=zh, name_en=en, kind=InstitutionKind.LABORATORY, region_id=region
            )
        if lab is not None:
            out.append(lab)
    return out


def _officers() -> list[Any]:
    """The demo's authority officer plus a second Zhejiang officer who publishes."""
    User = get_user_model()
    first = User.objects.filter(username="authority").first()
    second, created = User.objects.get_or_create(username=SECOND_OFFICER)
    if created:
        from qualitas.registry.demo import DEMO_PASSWORD

        second.set_password(DEMO_PASSWORD)
        second.save()
        profile = Profile.objects.create(user=second, role="authority")
        profile.regions.add(Region.objects.get(code="330000"))
    return [u for u in (first, second) if u is not None]


def _value(item: Any, fail: bool, rng: np.random.Generator) -> str:
    if item.limit_kind == LimitKind.PASS_FAIL:
        return "不合格" if fail else "合格"
    low = float(item.low) if item.low is not None else None
    high = float(item.high) if item.high is not None else None
    if item.limit_kind == LimitKind.MIN and low is not None:
        v = low * (0.9 - 0.05 * rng.random()) if fail else low * (1.02 + 0.1 * rng.random())
    elif high is not None:
        span = abs(high) or 1.0
        v = (
            high + span * (0.05 + 0.1 * rng.random())
            if fail
            else high - span * (0.05 + 0.3 * rng.random())
        )
    else:
        v = 0.0
    return f"{v:.2f}"


def _values(sample: Sample, fail: bool, rng: np.random.Generator) -> dict[str, str]:
    items = list(sample.rule.items.all())
    failing = {items[int(rng.integers(len(items)))].code} if fail else set()
    return {i.code: _value(i, i.code in failing, rng) for i in items}


def _record(actor: Any, s: Sample, day: date, lab: Institution, rng: np.random.Generator) -> Sample:
    return services.sample_record(
        actor=actor,
        sample=s,
        sampled_on=day,
        place=f"{s.enterprise.name_zh}成品仓库",
        batch=f"B{day:%Y%m}{int(rng.integers(100, 999))}",
        production_date=day - timedelta(days=int(rng.integers(10, 90))),
        quantity=s.rule.sample_size,
        backup_quantity=s.rule.backup_size,
        brand=s.enterprise.name_zh[2:4],
        model_spec=f"M{int(rng.integers(10, 99))}",
        laboratory=lab.pk,
    )


def _finished(officers: list[Any], labs: list[Institution], seed: int) -> None:
    a, b = actor_for(officers[0]), actor_for(officers[-1])
    c = services.campaign_create(
        actor=a,
        code=FINISHED,
        title_zh="2025年浙江省移动电源等产品质量监督抽查",
        title_en="Zhejiang 2025 spot-check of power banks and other products",
        level="provincial",
        region="330000",
        year=2025,
        rules=["power-bank-2022", "pv-module-provincial", "radio-2g4"],
        sample_count=40,
        frame_industries=["C38", "C39"],
        stratify_by=["region"],
        weight_by="size_risk",
    )
    c = services.campaign_draw(actor=a, campaign=c, seed=seed)
    Campaign.objects.filter(pk=c.pk).update(  # planned and drawn before the sampling began
        created_at=timezone.make_aware(datetime(2025, 5, 10, 10)),
        drawn_at=timezone.make_aware(datetime(2025, 5, 20, 10)),
    )
    rng = np.random.default_rng(seed)
    start = date(2025, 6, 2)
    samples = list(c.samples.select_related("rule", "enterprise").order_by("draw_order"))
    for i, s in enumerate(samples):
        if i == 3:  # one refusal, recorded and published
            services.sample_refuse(
                actor=a, sample=s, refused_on=start, note="企业拒绝抽样，拒绝在抽样单上签字。"
            )
            continue
        day = start + timedelta(days=i % 20)
        lab = labs[0]
        s = _record(a, s, day, lab, rng)
        fail = rng.random() < FAIL_SHARE.get(s.rule.code, 0.2)
        s = services.results_enter(
            actor=a, sample=s, values=_values(s, fail, rng), tested_on=day + timedelta(days=21)
        )
        notified = day + timedelta(days=30)
        s = services.sample_notify(actor=a, sample=s, on=notified)
        if s.status != SampleStatus.NOTIFIED:
            continue
        if i % 4 == 0 and len(labs) > 1:  # an objection: the backup sample re-inspected elsewhere
            ent_user = _enterprise_user(s.enterprise)
            services.objection_file(
                actor=actor_for(ent_user) if ent_user else _as_enterprise(s),
                sample=s,
                filed_on=notified + timedelta(days=6),
                reason="对容量检测结果有异议，申请复检备样。",
            )
            services.reinspection_assign(actor=a, sample=s, laboratory=labs[1].pk)
            services.results_enter(
                actor=a,
                sample=s,
                values=_values(s, rng.random() < 0.6, rng),
                tested_on=notified + timedelta(days=25),
                stage="reinspection",
            )
        else:
            services.sample_finalise(actor=a, sample=s, on=notified + timedelta(days=16))
    services.campaign_submit(actor=a, campaign=c)
    c = services.campaign_publish(actor=b, campaign=c, notice_no="浙市监公告〔2025〕18号")
    Campaign.objects.filter(pk=c.pk).update(
        published_at=timezone.make_aware(datetime(2025, 9, 26, 10))
    )


def _enterprise_user(enterprise: Enterprise) -> Any:
    profile = (
        Profile.objects.filter(enterprise=enterprise, role="enterprise")
        .select_related("user")
        .first()
    )
    return profile.user if profile else None


def _as_enterprise(s: Sample) -> Any:
    """An enterprise user for an enterprise that has none (the demo creates one per objection)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=f"ent-{s.enterprise.credit_code[-6:]}")
    if created:
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role="enterprise", enterprise=s.enterprise)
    return actor_for(user)


def _running(officers: list[Any], labs: list[Institution], seed: int) -> None:
    a = actor_for(officers[0])
    c = services.campaign_create(
        actor=a,
        code=RUNNING,
        title_zh="2026年浙江省光伏组件和无线电发射设备产品质量监督抽查",
        title_en="Zhejiang 2026 spot-check of PV modules and radio transmitting equipment",
        level="provincial",
        region="330000",
        year=2026,
        rules=["pv-module-provincial", "radio-2g4"],
        sample_count=20,
        frame_industries=["C38", "C39"],
        stratify_by=["region", "size"],
    )
    c = services.campaign_draw(actor=a, campaign=c, seed=seed + 1)
    rng = np.random.default_rng(seed + 1)
    today = timezone.localdate()
    for i, s in enumerate(c.samples.select_related("rule", "enterprise").order_by("draw_order")):
        if i >= 12:
            break  # the rest wait to be sampled
        day = today - timedelta(days=40 - i)
        s = _record(a, s, day, labs[0], rng)
        if i < 6:
            services.results_enter(
                actor=a,
                sample=s,
                values=_values(s, rng.random() < 0.15, rng),
                tested_on=day + timedelta(days=10),
            )


def supervision_demo_load(*, seed: int = 20261122) -> None:
    """Rules, one finished and one running campaign (idempotent)."""
    services.rules_load_defaults()
    officers = _officers()
    labs = _labs()
    if not officers or not labs:
        return
    if not Enterprise.objects.filter(
        province_id="330000", industry__code__startswith="C3"
    ).exists():
        return
    with transaction.atomic():
        if not Campaign.objects.filter(code=FINISHED).exists():
            _finished(officers, labs, seed)
        if not Campaign.objects.filter(code=RUNNING).exists():
            _running(officers, labs, seed)
