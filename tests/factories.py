"""Typed factories shared by the tests of every app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qualitas.registry import codes

_rng = np.random.default_rng(7)
_counter = [0]


def credit_code(division: str = "330100") -> str:
    """A fresh valid unified social credit code in ``division``."""
    _counter[0] += 1
    body = f"{_counter[0]:08d}"
    return codes.make_uscc(authority="9", entity_type="1", division=division, org_body=body)


def make_enterprise(
    *,
    name_zh: str = "杭州示例电池有限公司",
    name_en: str = "Hangzhou Example Battery Co., Ltd.",
    region: str = "330100",
    industry: str = "C38",
    size_class: str = "small",
    **extra: Any,
) -> Any:
    from qualitas.registry.models import Enterprise
    from qualitas.registry.services import enterprise_prepare

    e = Enterprise(
        credit_code=extra.pop("credit_code", None) or credit_code(region),
        name_zh=name_zh,
        name_en=name_en,
        region_id=region,
        industry_id=industry,
        size_class=size_class,
        **extra,
    )
    enterprise_prepare(e).save()
    return e


def make_user(
    username: str,
    role: str | None,
    *,
    enterprise: Any = None,
    institution: Any = None,
    regions: list[str] | None = None,
) -> Any:
    from django.contrib.auth import get_user_model

    from qualitas.core.models import Profile
    from qualitas.registry.models import Region

    User = get_user_model()
    if role == "admin":
        return User.objects.create_superuser(username=username, password="pw-" + username)
    user = User.objects.create_user(username=username, password="pw-" + username)
    if role:
        profile = Profile.objects.create(
            user=user, role=role, enterprise=enterprise, institution=institution
        )
        if regions:
            profile.regions.set(Region.objects.filter(code__in=regions))
    return user


@dataclass
class World:
    ent_a: Any
    ent_b: Any
    ent_c: Any
    institution: Any
    users: dict[str, Any] = field(default_factory=dict)


def make_world() -> World:
    from qualitas.registry.models import Contact, Institution, Product

    a = make_enterprise(
        name_zh="杭州恒信电池有限公司",
        name_en="Hangzhou Hengxin Battery Co., Ltd.",
        region="330100",
        industry="C38",
    )
    b = make_enterprise(
        name_zh="宁波华达机械股份有限公司",
        name_en="Ningbo Huada Machinery Co., Ltd.",
        region="330200",
        industry="C34",
        size_class="large",
    )
    c = make_enterprise(
        name_zh="深圳锐创电子有限公司",
        name_en="Shenzhen Ruichuang Electronics Co., Ltd.",
        region="440300",
        industry="C39",
    )
    for e in (a, b, c):
        Contact.objects.create(
            enterprise=e, name=f"联系人{e.pk}", phone="0571-1234567", email=f"q{e.pk}@example.cn"
        )
        Product.objects.create(
            enterprise=e,
            name_zh="锂离子电池A1",
            name_en="Li-ion battery A1",
            category="锂离子电池",
            model="A1",
            standards="GB 31241-2022",
        )
    inst = Institution.objects.create(
        kind="evaluation",
        name_zh="浙江评价中心",
        name_en="Zhejiang Evaluation Centre",
        region_id="330100",
    )
    w = World(ent_a=a, ent_b=b, ent_c=c, institution=inst)
    w.users = {
        "enterprise": make_user("ent", "enterprise", enterprise=a),
        "other_enterprise": make_user("ent_c", "enterprise", enterprise=c),
        "evaluator": make_user("eva", "evaluator", institution=inst),
        "institution_manager": make_user("mgr", "institution_manager", institution=inst),
        "reviewer": make_user("rev", "reviewer", institution=inst),
        "authority": make_user("auth", "authority", regions=["330000"]),
        "partner": make_user("bank", "partner"),
        "admin": make_user("root", "admin"),
    }
    return w
