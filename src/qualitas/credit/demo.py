"""Demo data of integrity and quality credit: four published penalty records in Zhejiang, one
enterprise on the serious-violation list, one granted repair and one waiting for the officer's
decision, the demo bank (``partner``) with ``credit_report`` consents and two loan decisions,
and ratings of the enterprises involved and the first 200 of Zhejiang (``qualitas credit rate``
rates the whole register).

Everything goes through the services (so the audit chain records it); dates are in the past.
Idempotent: nothing is written when the first demo record exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.choices import ConsentScope
from qualitas.core.models import Consent, Profile
from qualitas.credit import rating, services
from qualitas.credit.models import CreditRecord
from qualitas.registry.models import Enterprise, Region

FIRST = "浙市监处〔2026〕演示1号"
SECOND_OFFICER = "inspector"


def _second_officer(first: Any) -> Any:
    """A second officer covering the demo officer's regions (two people publish)."""
    user, created = get_user_model().objects.get_or_create(username=SECOND_OFFICER)
    if created:
        from qualitas.registry.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
    profile = Profile.objects.filter(user=user).first() or Profile.objects.create(
        user=user, role="authority"
    )
    profile.regions.add(*first.profile.regions.all())
    user.__dict__.pop("_qualitas_actor", None)
    return user


def _record(officer: Any, second: Any, ent: Enterprise, no: str, days_ago: int, **kw: Any) -> Any:
    today = timezone.localdate()
    region = Region.objects.get(code=ent.region_id)
    rec = services.record_create(
        actor=officer,
        credit_code=ent.credit_code,
        region=ent.region_id,
        decision_no=no,
        authority_zh=f"{region.name_zh}市场监督管理局",
        authority_en=f"{region.name_en or region.name_zh} Administration for Market Regulation",
        decided_on=today - timedelta(days=days_ago),
        **kw,
    )
    services.record_approve(actor=second, pk=rec.pk)
    return services.record_publish(actor=second, pk=rec.pk)


def credit_demo_load(*, seed: int = 20261122) -> None:
    """Penalties, one listed enterprise, repairs, a bank with consents and loans (idempotent)."""
    User = get_user_model()  # noqa: N806
    first = User.objects.filter(username="authority").first()
    ent_user = User.objects.filter(username="enterprise").first()
    if first is None or ent_user is None or CreditRecord.objects.filter(decision_no=FIRST).exists():
        return
    own_id = getattr(getattr(ent_user, "profile", None), "enterprise_id", None)
    if not own_id:
        return
    own = Enterprise.objects.filter(pk=own_id).first()
    others = list(
        Enterprise.objects.filter(province_id="330000", status="active")
        .exclude(pk=own_id)
        .order_by("pk")[:3]
    )
    if own is None or len(others) < 3:
        return
    officer, second = actor_for(first), actor_for(_second_officer(first))
    today = timezone.localdate()
    product_law = "《中华人民共和国产品质量法》第四十九条"
    with transaction.atomic():
        mine = _record(
            officer,
            second,
            own,
            FIRST,
            200,
            legal_basis=product_law,
            facts="抽查发现所产移动电源“输出短路保护”项目不合格，已责令停止销售并整改。",
            penalty_type="fine",
            amount="300000",
        )
        fined = _record(
            officer,
            second,
            others[0],
            "浙市监处〔2026〕演示2号",
            210,
            legal_basis=product_law,
            facts="生产的电动自行车充电器“电气强度”项目不符合国家标准。",
            penalty_type="fine",
            amount="180000",
        )
        major = _record(
            officer,
            second,
            others[1],
            "浙市监处〔2025〕演示3号",
            300,
            legal_basis="《中华人民共和国产品质量法》第五十条",
            facts="在产品中掺杂、掺假，以不合格产品冒充合格产品，货值金额较大。",
            penalty_type="licence",
            amount=None,
            major=True,
        )
        _record(
            officer,
            second,
            others[2],
            "浙市监处〔2026〕演示4号",
            40,
            legal_basis="《中华人民共和国产品质量法》第二十七条",
            facts="产品标识不符合规定，未标明生产日期。",
            penalty_type="fine",
            amount="20000",
        )
        entry = services.listing_create(
            actor=officer,
            credit_code=others[1].credit_code,
            region=others[1].region_id,
            kind="serious",
            grounds="因以不合格产品冒充合格产品受到吊销许可证的较重行政处罚，情节严重（《市场监督管理严重违法失信名单管理办法》第二条）。",
            authority_zh="浙江省市场监督管理局",
            authority_en="Zhejiang Administration for Market Regulation",
            entered_on=today - timedelta(days=290),
            record_pk=major.pk,
        )
        services.listing_publish(actor=second, pk=entry.pk)
        # a repair granted (a fine: publicity ended early, six months in) and one waiting
        fined_user = _enterprise_user(others[0])
        granted = services.repair_apply(
            actor=actor_for(fined_user),
            record_pk=fined.pk,
            evidence="已更换充电器绝缘材料，复检合格，罚款已缴纳，提交整改报告。",
            commitment=True,
            today=today - timedelta(days=20),
        )
        services.repair_decide(
            actor=second,
            pk=granted.pk,
            grant=True,
            note="整改到位，公示满六个月，准予修复。",
            today=today - timedelta(days=10),
        )
        services.repair_apply(
            actor=actor_for(ent_user),
            record_pk=mine.pk,
            evidence="已完成整改：更换短路保护元件，复检合格（附检验报告）。",
            commitment=True,
            today=today - timedelta(days=2),
        )
    ids = [own.pk, *(e.pk for e in others)]
    ids += list(
        Enterprise.objects.filter(province_id="330000")
        .exclude(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    rating.rate_enterprises(ids, reason="demo")
    _bank(own, others[0], today)


def _enterprise_user(ent: Enterprise) -> Any:
    user, created = get_user_model().objects.get_or_create(username=f"ent{ent.pk}")
    if created:
        from qualitas.registry.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
        Profile.objects.create(user=user, role="enterprise", enterprise=ent)
    return user


def _bank(own: Enterprise, other: Enterprise, today: Any) -> None:
    """The demo bank reads two enterprises' credit reports by consent and records two loans."""
    bank = get_user_model().objects.filter(username="partner").first()
    if bank is None:
        return
    for ent in (own, other):
        if not Consent.objects.filter(
            enterprise=ent, scope=ConsentScope.CREDIT_REPORT, grantee_user=bank
        ).exists():
            Consent.objects.create(
                enterprise=ent, scope=ConsentScope.CREDIT_REPORT, grantee_user=bank
            )
    actor = actor_for(bank)
    services.loan_record(
        actor=actor,
        credit_code=own.credit_code,
        outcome="granted",
        amount_band="le_5m",
        decided_on=today - timedelta(days=1),
    )
    services.loan_record(
        actor=actor,
        credit_code=other.credit_code,
        outcome="declined",
        decided_on=today,
    )
