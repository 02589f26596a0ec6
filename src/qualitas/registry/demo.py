"""A realistic, reproducible demo data set: enterprises, products, sites, institutions, one user per role.

Enterprises are spread over real provinces and cities and over manufacturing divisions in
proportions close to the national ones (provinces weighted roughly by their number of
industrial enterprises above designated size, divisions by theirs — NBS statistical yearbook
orders of magnitude, rounded; good enough for a demo, not statistics). Names are made of a
city name, a generated trade name and a word of the industry, so Chinese and English search
both have something to find. The same seed gives the same data; a second run with the same
arguments changes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from qualitas.core.access import role_grants_admin_site
from qualitas.core.audit import AuditRecord, audit_append_many
from qualitas.core.choices import ConsentScope, Role
from qualitas.core.models import Consent, Profile
from qualitas.registry.choices import InstitutionKind
from qualitas.registry.models import Contact, Enterprise, Institution, Product, Region, Site
from qualitas.registry.search import token_string

PROVINCE_WEIGHTS = {
    "44": 70,
    "32": 55,
    "33": 55,
    "37": 33,
    "35": 22,
    "41": 24,
    "42": 19,
    "34": 21,
    "36": 17,
    "43": 20,
    "51": 17,
    "50": 8,
    "13": 16,
    "21": 9,
    "31": 9,
    "12": 6,
    "11": 4,
    "61": 8,
    "45": 9,
    "53": 5,
    "52": 5,
    "14": 5,
    "22": 3,
    "23": 4,
    "15": 3,
    "62": 2,
    "65": 3,
    "64": 1.5,
    "63": 0.8,
    "46": 0.6,
    "54": 0.3,
}
DIVISION_WEIGHTS = {
    "C13": 5,
    "C14": 2.5,
    "C15": 1.5,
    "C16": 0.3,
    "C17": 4,
    "C18": 3,
    "C19": 1.8,
    "C20": 2,
    "C21": 1.6,
    "C22": 1.6,
    "C23": 1.2,
    "C24": 2,
    "C25": 0.5,
    "C26": 6,
    "C27": 2,
    "C28": 0.4,
    "C29": 4.5,
    "C30": 8,
    "C31": 1.2,
    "C32": 1.8,
    "C33": 5.5,
    "C34": 6.5,
    "C35": 5,
    "C36": 4,
    "C37": 1.2,
    "C38": 7,
    "C39": 5,
    "C40": 1,
    "C41": 0.8,
    "C42": 0.3,
    "C43": 0.3,
}
# A product word per division (zh, en, product category, a standard such products follow).
DIVISION_WORDS = {
    "C13": ("食品", "Foods", "饲料", "GB 13078-2017"),
    "C14": ("食品", "Food", "乳制品", "GB 19301-2010"),
    "C15": ("饮料", "Beverage", "饮料", "GB 7101-2022"),
    "C16": ("烟草", "Tobacco", "卷烟", "GB 5606.1-2005"),
    "C17": ("纺织", "Textile", "纱线", "GB/T 398-2018"),
    "C18": ("服饰", "Apparel", "服装", "GB 18401-2010"),
    "C19": ("皮革", "Leather", "皮鞋", "QB/T 1002-2015"),
    "C20": ("木业", "Wood", "人造板", "GB/T 39600-2021"),
    "C21": ("家具", "Furniture", "家具", "GB 18584-2024"),
    "C22": ("纸业", "Paper", "纸张", "GB/T 24999-2010"),
    "C23": ("印务", "Printing", "印刷品", "GB/T 7705-2008"),
    "C24": ("文体", "Sporting Goods", "体育用品", "GB 19272-2024"),
    "C25": ("石化", "Petrochemical", "燃料油", "GB 17930-2016"),
    "C26": ("化工", "Chemical", "涂料", "GB 18582-2020"),
    "C27": ("制药", "Pharmaceutical", "药品", "中国药典2020"),
    "C28": ("化纤", "Chemical Fibre", "涤纶", "GB/T 14464-2017"),
    "C29": ("塑胶", "Plastics", "塑料管材", "GB/T 10002.1-2023"),
    "C30": ("建材", "Building Materials", "水泥", "GB 175-2023"),
    "C31": ("钢铁", "Steel", "钢筋", "GB/T 1499.2-2024"),
    "C32": ("有色", "Nonferrous Metals", "铝型材", "GB/T 5237.1-2017"),
    "C33": ("五金", "Metal Products", "紧固件", "GB/T 3098.1-2010"),
    "C34": ("机械", "Machinery", "泵", "GB/T 3216-2016"),
    "C35": ("装备", "Equipment", "专用设备", "GB/T 5226.1-2019"),
    "C36": ("汽车", "Automotive", "汽车零部件", "GB 7258-2017"),
    "C37": ("交通装备", "Transport Equipment", "电动自行车", "GB 17761-2024"),
    "C38": ("电池", "Battery", "锂离子电池", "GB 31241-2022"),
    "C39": ("电子", "Electronics", "无线电发射设备", "GB/T 9254.1-2021"),
    "C40": ("仪器", "Instruments", "仪表", "GB/T 13283-2008"),
    "C41": ("工艺", "Crafts", "工艺品", "GB/T 40155-2021"),
    "C42": ("再生资源", "Recycling", "再生材料", "GB/T 39733-2020"),
    "C43": ("设备维修", "Equipment Repair", "维修服务", "GB/T 24628-2009"),
}
TRADE_SYLLABLES = [
    ("华", "Hua"),
    ("恒", "Heng"),
    ("信", "Xin"),
    ("达", "Da"),
    ("宏", "Hong"),
    ("瑞", "Rui"),
    ("鑫", "Xin"),
    ("联", "Lian"),
    ("创", "Chuang"),
    ("科", "Ke"),
    ("德", "De"),
    ("盛", "Sheng"),
    ("泰", "Tai"),
    ("源", "Yuan"),
    ("新", "Xin"),
    ("精", "Jing"),
    ("诚", "Cheng"),
    ("海", "Hai"),
    ("远", "Yuan"),
    ("立", "Li"),
    ("东", "Dong"),
    ("中", "Zhong"),
    ("金", "Jin"),
    ("天", "Tian"),
    ("益", "Yi"),
    ("博", "Bo"),
    ("安", "An"),
    ("通", "Tong"),
    ("永", "Yong"),
    ("凯", "Kai"),
    ("力", "Li"),
    ("锐", "Rui"),
]
SIZE_P = {"large": 0.03, "medium": 0.12, "small": 0.55, "micro": 0.30}
DEMO_PASSWORD = "qualitas-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str


def _trade_names(rng: np.random.Generator, n: int) -> tuple[list[str], list[str]]:
    idx = rng.integers(0, len(TRADE_SYLLABLES), size=(n, 2))
    zh = [TRADE_SYLLABLES[a][0] + TRADE_SYLLABLES[b][0] for a, b in idx]
    en = [TRADE_SYLLABLES[a][1] + TRADE_SYLLABLES[b][1].lower() for a, b in idx]
    return zh, en


def demo_enterprises(*, n: int, seed: int) -> list[Enterprise]:
    """Generate ``n`` enterprises (unsaved) deterministically from ``seed``."""
    from qualitas.registry import codes

    rng = np.random.default_rng(seed)
    prefectures = list(
        Region.objects.filter(level="prefecture").values_list("code", "name_zh", "name_en")
    )
    provinces = {r.code[:2]: r for r in Region.objects.filter(level="province")}
    by_prov: dict[str, list[tuple[str, str, str]]] = {}
    for code, zh, en in prefectures:
        by_prov.setdefault(code[:2], []).append((code, zh, en))
    for p, region in provinces.items():  # municipalities have no prefectures: the province itself
        by_prov.setdefault(p, [(region.code, region.name_zh, region.name_en)])
    prov_keys = [p for p in PROVINCE_WEIGHTS if p in by_prov]
    pw = np.array([PROVINCE_WEIGHTS[p] for p in prov_keys])
    prov_draw = rng.choice(len(prov_keys), size=n, p=pw / pw.sum())
    city_u = rng.random(n)
    div_keys = list(DIVISION_WEIGHTS)
    dw = np.array([DIVISION_WEIGHTS[d] for d in div_keys])
    div_draw = rng.choice(len(div_keys), size=n, p=dw / dw.sum())
    size_draw = rng.choice(list(SIZE_P), size=n, p=list(SIZE_P.values()))
    founded_days = rng.integers(0, 40 * 365, size=n)
    status_u = rng.random(n)
    trade_zh, trade_en = _trade_names(rng, n)
    regions_of = []
    for i in range(n):
        cities = by_prov[prov_keys[prov_draw[i]]]
        # the first city (the capital) gets a larger share
        k = (
            0
            if city_u[i] < 0.3
            else min(len(cities) - 1, int((city_u[i] - 0.3) / 0.7 * len(cities)))
        )
        regions_of.append(cities[k])
    # credit codes: one vectorised call per region so that positions 3–8 carry the region
    codes_for: dict[str, list[str]] = {}
    need: dict[str, int] = {}
    for city in regions_of:
        need[city[0]] = need.get(city[0], 0) + 1
    code_rng = np.random.default_rng(seed + 1)
    for division in sorted(need):
        codes_for[division] = codes.random_usccs(need[division], code_rng, [division])
    taken: set[str] = set()
    start = date(1985, 1, 1)
    out = []
    for i, (rcode, rzh, ren) in enumerate(regions_of):
        d = div_keys[div_draw[i]]
        word_zh, word_en, _, _ = DIVISION_WORDS[d]
        code = codes_for[rcode].pop()
        while code in taken:  # distinct across regions is guaranteed by the division part
            code = codes_for[rcode].pop()
        taken.add(code)
        city_zh = rzh.removesuffix("市").removesuffix("地区").removesuffix("盟")
        city_zh = city_zh[:2] if len(city_zh) > 3 else city_zh
        suffix = "股份有限公司" if size_draw[i] == "large" else "有限公司"
        name_zh = f"{city_zh}{trade_zh[i]}{word_zh}{suffix}"
        name_en = f"{ren.split(' ')[0]} {trade_en[i]} {word_en} Co., Ltd."
        out.append(
            Enterprise(
                credit_code=code,
                name_zh=name_zh,
                name_en=name_en,
                region_id=rcode,
                industry_id=d,
                size_class=str(size_draw[i]),
                status="active"
                if status_u[i] > 0.04
                else ("suspended" if status_u[i] > 0.01 else "deregistered"),
                founded=start + timedelta(days=int(founded_days[i])),
                address=f"{rzh}{trade_zh[i]}路{int(founded_days[i]) % 999 + 1}号",
            )
        )
    return out


INSTITUTIONS = [
    ("evaluation", "中国质量认证中心评价部", "CQC Evaluation Department", "110000"),
    (
        "evaluation",
        "浙江省质量管理能力评价中心",
        "Zhejiang Quality Management Capability Evaluation Centre",
        "330100",
    ),
    (
        "evaluation",
        "广东省质量协会评价中心",
        "Guangdong Quality Association Evaluation Centre",
        "440100",
    ),
    (
        "laboratory",
        "国家锂电池产品质量检验检测中心（示例）",
        "National Lithium Battery Testing Centre (demo)",
        "320500",
    ),
    (
        "laboratory",
        "江苏省电子信息产品质量监督检验研究院（示例）",
        "Jiangsu Electronic Products Testing Institute (demo)",
        "320100",
    ),
    ("association", "中国质量协会（示例）", "China Association for Quality (demo)", "110000"),
    (
        "association",
        "浙江省机械工业联合会（示例）",
        "Zhejiang Machinery Industry Federation (demo)",
        "330100",
    ),
    ("bank", "示例银行普惠金融部", "Demo Bank Inclusive Finance", "310000"),
    (
        "authority",
        "浙江省经济和信息化厅（示例）",
        "Zhejiang Economy and Information Technology Department (demo)",
        "330100",
    ),
]


def _progress_noop(done: int, total: int) -> None:
    return None


def demo_data_load(
    *,
    enterprises: int = 3000,
    seed: int = 20261122,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Load the demo data set; idempotent (a second run with the same arguments writes nothing).

    The registry first; then each app's demo data (hooks below, each idempotent).
    """
    result = demo_registry_load(enterprises=enterprises, seed=seed, progress=progress)
    for app, module, loader in APP_DEMOS:
        if apps.is_installed(app):
            getattr(importlib.import_module(module), loader)(seed=seed)
    return result


# Each app's demo loader, in dependency order (the index reads evaluations and diagnosis data).
# A loader takes ``seed`` and must be idempotent.
APP_DEMOS = (
    ("qualitas.evaluation", "qualitas.evaluation.demo", "evaluation_demo_load"),
    ("qualitas.evaluation", "qualitas.evaluation.demo", "applications_demo_load"),
    ("qualitas.diagnosis", "qualitas.diagnosis.demo", "diagnosis_demo_load"),
    ("qualitas.supervision", "qualitas.supervision.demo", "supervision_demo_load"),
    ("qualitas.complaints", "qualitas.complaints.demo", "complaints_demo_load"),
    ("qualitas.index", "qualitas.index.demo", "index_demo_load"),
    ("qualitas.traceability", "qualitas.traceability.demo", "traceability_demo_load"),
    ("qualitas.credit", "qualitas.credit.demo", "credit_demo_load"),
    ("qualitas.suppliers", "qualitas.suppliers.demo", "suppliers_demo_load"),
    ("qualitas.standards", "qualitas.standards.demo", "standards_demo_load"),
    ("qualitas.brands", "qualitas.brands.demo", "brands_demo_load"),
    ("qualitas.registers", "qualitas.registers.demo", "registers_demo_load"),
    # last: the one search indexes what every app above has published
    ("qualitas.portal", "qualitas.portal.demo", "portal_demo_load"),
)


def demo_registry_load(
    *,
    enterprises: int = 3000,
    seed: int = 20261122,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Institutions, enterprises (with products, sites, contacts for the first 2,000) and one user per role."""
    notify = progress or _progress_noop
    with transaction.atomic():
        institutions: dict[str, Institution] = {}
        for kind, zh, en, region in INSTITUTIONS:
            inst, _ = Institution.objects.get_or_create(
                name_zh=zh,
                defaults={"name_en": en, "kind": InstitutionKind(kind), "region_id": region},
            )
            institutions[kind] = institutions.get(kind) or inst
    generated = demo_enterprises(n=enterprises, seed=seed)
    existing: set[str] = set()
    codes_list = [e.credit_code for e in generated]
    for i in range(0, len(codes_list), 20000):
        existing.update(
            Enterprise.objects.filter(credit_code__in=codes_list[i : i + 20000]).values_list(
                "credit_code", flat=True
            )
        )
    new = [e for e in generated if e.credit_code not in existing]
    batch = 10000
    created = 0
    for i in range(0, len(new), batch):
        chunk = new[i : i + batch]
        with transaction.atomic():
            for e in chunk:
                e.province_id = e.region_id[:2] + "0000"
                e.search_tokens = token_string(e.name_zh, e.name_en, e.credit_code)
            Enterprise.objects.bulk_create(chunk, batch_size=batch)
            # Synthetic bulk load: one audit entry per batch (count and code range), not per row.
            audit_append_many(
                actor="demo-data",
                records=[
                    AuditRecord(
                        action="bulk_create",
                        model="registry.enterprise",
                        object_pk=f"{chunk[0].credit_code}..{chunk[-1].credit_code}",
                        changes={"count": len(chunk), "seed": seed},
                    )
                ],
            )
        created += len(chunk)
        notify(created, len(new))
    # products, sites and contacts for the first enterprises (enough for every page to show something)
    with transaction.atomic():
        first = list(
            Enterprise.objects.filter(credit_code__in=codes_list[:2000]).values_list(
                "pk", "industry_id", "region_id", "name_zh"
            )
        )
        have_products = set(
            Product.objects.filter(enterprise_id__in=[f[0] for f in first]).values_list(
                "enterprise_id", flat=True
            )
        )
        rng = np.random.default_rng(seed + 2)
        products, sites, contacts = [], [], []
        for pk, division, region, _name in first:
            if pk in have_products:
                continue
            word_zh, word_en, category, standard = DIVISION_WORDS[division]
            for j in range(int(rng.integers(1, 4))):
                model = f"{chr(65 + j)}{int(rng.integers(100, 999))}"
                products.append(
                    Product(
                        enterprise_id=pk,
                        name_zh=f"{category}{model}",
                        name_en=f"{word_en} product {model}",
                        category=category,
                        model=model,
                        standards=standard,
                    )
                )
            sites.append(Site(enterprise_id=pk, name="总部工厂", region_id=region, address=""))
            contacts.append(
                Contact(
                    enterprise_id=pk,
                    name=f"质量负责人{pk}",
                    title="质量部经理",
                    phone=f"0571-{int(rng.integers(1000000, 9999999))}",
                    email=f"quality{pk}@example.cn",
                )
            )
        Product.objects.bulk_create(products)
        Site.objects.bulk_create(sites)
        Contact.objects.bulk_create(contacts)
    accounts = demo_users(
        institutions=institutions, enterprise_code=codes_list[0] if codes_list else None
    )
    return {
        "enterprises_created": created,
        "enterprises_total": Enterprise.objects.count(),
        "accounts": accounts,
    }


def demo_users(
    *, institutions: dict[str, Institution], enterprise_code: str | None
) -> list[DemoAccount]:
    """One user per role (password ``qualitas-demo``), created once."""
    User = get_user_model()
    accounts: list[DemoAccount] = []
    enterprise = (
        Enterprise.objects.filter(credit_code=enterprise_code).first() if enterprise_code else None
    )
    zhejiang = Region.objects.get(code="330000")
    spec = [
        ("admin", Role.ADMIN, None, None, []),
        ("enterprise", Role.ENTERPRISE, enterprise, None, []),
        ("evaluator", Role.EVALUATOR, None, institutions.get("evaluation"), []),
        ("manager", Role.INSTITUTION_MANAGER, None, institutions.get("evaluation"), []),
        ("reviewer", Role.REVIEWER, None, institutions.get("evaluation"), []),
        ("authority", Role.AUTHORITY, None, institutions.get("authority"), [zhejiang]),
        ("partner", Role.PARTNER, None, None, []),
    ]
    if enterprise is not None:
        authority_region = Region.objects.get(code=enterprise.province_id)
        spec[-2] = (
            "authority",
            Role.AUTHORITY,
            None,
            institutions.get("authority"),
            [zhejiang, authority_region],
        )
    for username, role, ent, inst, regions in spec:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": role_grants_admin_site(role),
                "is_superuser": role_grants_admin_site(role),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        profile, _ = Profile.objects.get_or_create(
            user=user, defaults={"role": role, "enterprise": ent, "institution": inst}
        )
        if regions:
            profile.regions.add(*regions)
        scope = ent.name_zh if ent else (inst.name_zh if inst else "")
        if regions:
            scope = "、".join(r.name_zh for r in regions)
        accounts.append(DemoAccount(username=username, role=str(role), scope=scope))
    _partner_consents(enterprise)
    return accounts


def _partner_consents(enterprise: Enterprise | None) -> None:
    """The demo partner (a bank) reads what consents let it: the demo enterprise lets it see its
    capability level and quality data, four more enterprises of its province their contacts.
    Created once (an existing consent of the same scope is kept)."""
    partner = get_user_model().objects.filter(username="partner").first()
    if partner is None or enterprise is None:
        return
    grants = [(enterprise.pk, ConsentScope.CAPABILITY), (enterprise.pk, ConsentScope.QUALITY_DATA)]
    others = (
        Enterprise.objects.filter(province_id=enterprise.province_id, status="active")
        .exclude(pk=enterprise.pk)
        .order_by("pk")
        .values_list("pk", flat=True)[:4]
    )
    grants += [(pk, ConsentScope.CONTACTS) for pk in others]
    for pk, scope in grants:
        Consent.objects.get_or_create(
            enterprise_id=pk, grantee_user=partner, scope=scope, withdrawn_at=None
        )
