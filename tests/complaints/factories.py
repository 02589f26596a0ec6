"""Complaints for tests: filed through the service as the public would."""

from __future__ import annotations

from datetime import date
from typing import Any

from qualitas.complaints import services

CONTACT = {"name": "张三", "phone": "13812345678", "email": "zhangsan@example.cn"}


def file(**overrides: Any) -> tuple[Any, str]:
    data: dict[str, Any] = {
        "category": "battery",
        "problem": "safety",
        "region": "330100",
        "product": "移动电源",
        "brand": "恒信 PB-10",
        "description": "充电宝充电时外壳发烫鼓包冒烟，差点起火",
        "purchased_on": "2026-11-01",
        "enterprise": "恒信电池",
        "credit_code": "",
        **CONTACT,
    }
    data.update(overrides)
    today = overrides.pop("today", None) or date(2026, 12, 3)
    data.pop("today", None)
    return services.complaint_submit(data=data, today=today)
