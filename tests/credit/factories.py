"""Credit records for tests, made through the services (so the same rules apply)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.credit import services
from tests.factories import make_user


def second_officer(world: Any) -> Any:
    """A second Zhejiang officer (two people approve and publish)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="auth2").first()
    return user or make_user("auth2", "authority", regions=["330000"])


def published_record(
    world: Any,
    *,
    decision_no: str = "杭市监处罚〔2026〕1号",
    decided_on: date | None = None,
    penalty_type: str = "fine",
    amount: str = "500000",
    major: bool = False,
    **kw: Any,
) -> Any:
    """A fine of ent_a by Hangzhou's authority, entered by ``authority`` and approved and
    published by a second officer."""
    entered = actor_for(world.users["authority"])
    second = actor_for(second_officer(world))
    rec = services.record_create(
        actor=entered,
        credit_code=world.ent_a.credit_code,
        region="330100",
        decision_no=decision_no,
        legal_basis="《中华人民共和国产品质量法》第四十九条",
        facts="生产不符合保障人体健康和人身、财产安全的国家标准的产品（移动电源）。",
        penalty_type=penalty_type,
        amount=amount,
        major=major,
        authority_zh="杭州市市场监督管理局",
        authority_en="Hangzhou Administration for Market Regulation",
        decided_on=decided_on or timezone.localdate() - timedelta(days=10),
        **kw,
    )
    services.record_approve(actor=second, pk=rec.pk)
    return services.record_publish(actor=second, pk=rec.pk)
