"""Demo data of the registers: three laboratories with their accredited test items (the two
spot-check laboratories of the supervision demo among them), a dozen typical cases
(``demo_cases``), Zhejiang's annual plan for next year
with target figures, last year's published work summary and this year's draft (due 10 December).

Everything goes through the services (so the audit chain records it). Idempotent: an entry that
exists is left alone.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.registers import services
from qualitas.registers.demo_cases import CASES, QA, case_data
from qualitas.registers.models import AnnualPlan, Laboratory, QAEntry, TypicalCase, WorkSummary
from qualitas.registry.models import Region

OFFICER = "authority"  # the demo's Zhejiang officer (registry demo)

LABS = [
    (
        "ZJ-EPI",
        "浙江省电子信息产品检验研究院（示例）",
        "Zhejiang Electronic Products Inspection Institute (demo)",
        "330100",
        "电子电器、无线电设备、移动电源",
        [
            (
                "移动电源额定容量",
                "GB/T 35590-2017",
                "GB/T 35590-2017 第5.3条",
                "Rated capacity of power banks",
            ),
            ("过充电保护", "GB 31241-2022", "GB 31241-2022 第9.2条", "Overcharge protection"),
            ("辐射骚扰", "GB/T 9254.1-2021", "GB/T 9254.1-2021 附录C", "Radiated emission"),
        ],
    ),
    (
        "ZJ-PV",
        "浙江省光伏产品质量检验中心（示例）",
        "Zhejiang PV Product Quality Testing Centre (demo)",
        "330200",
        "光伏组件、逆变器",
        [
            ("最大功率", "GB/T 9535-1998", "IEC 61215-2:2021 MQT 02", "Maximum power"),
            ("湿热试验", "IEC 61215-2:2021", "IEC 61215-2:2021 MQT 13", "Damp heat"),
        ],
    ),
    (
        "ZJ-MECH",
        "宁波机械产品质量检测研究院（示例）",
        "Ningbo Machinery Product Quality Institute (demo)",
        "330200",
        "通用机械、紧固件",
        [
            ("抗拉强度", "GB/T 3098.1-2010", "GB/T 228.1-2021", "Tensile strength"),
            ("硬度", "GB/T 3098.1-2010", "GB/T 230.1-2018", "Hardness"),
        ],
    ),
]


def registers_demo_load(*, seed: int = 20261122) -> None:
    """Laboratories, the plan and the work summaries of Zhejiang (idempotent)."""
    del seed  # nothing random here
    officer = get_user_model().objects.filter(username=OFFICER).first()
    if officer is None or not Region.objects.filter(code="330000").exists():
        return
    actor = actor_for(officer)
    today = timezone.localdate()
    for i, (code, zh, en, region, specialties, items) in enumerate(LABS):
        if Laboratory.objects.filter(code=code).exists():
            continue
        lab = services.laboratory_save(
            actor=actor,
            data={
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "region": region,
                "specialties": specialties,
                "cma_no": f"2211120501{23 + i:02d}",
                "cma_valid_until": date(today.year + 2, 6, 30),
                "cnas_no": f"L{5120 + i}",
                "cnas_valid_until": date(today.year + 2, 3, 31),
                "reassessment_due": date(today.year + 1, 5, 31),
            },
            items=[
                {"name_zh": n, "standard": s, "method": m, "name_en": e} for n, s, m, e in items
            ],
        )
        services.laboratory_publish(actor=actor, lab=lab)
    for row in CASES:
        data, figures, topics = case_data(row)
        if TypicalCase.objects.filter(name_zh=data["name_zh"]).exists():
            continue
        case = services.case_save(actor=actor, data=data, figures=figures, topics=topics)
        services.case_publish(actor=actor, case=case)
    for topic, q_zh, q_en, a_zh, a_en in QA:
        if not QAEntry.objects.filter(name_zh=q_zh).exists():
            entry = services.qa_save(
                actor=actor,
                data={
                    "name_zh": q_zh,
                    "name_en": q_en,
                    "answer_zh": a_zh,
                    "answer_en": a_en,
                    "topic": topic,
                    "region": "330000",
                },
            )
            services.qa_publish(actor=actor, entry=entry)
    if not AnnualPlan.objects.filter(region_id="330000", year=today.year + 1).exists():
        plan = services.plan_save(
            actor=actor,
            region="330000",
            year=today.year + 1,
            title=f"浙江省{today.year + 1}年制造业质量工作计划（示例）",
            body="围绕质量强省建设：推进质量管理能力分级评价，完善实验室和典型案例名录，"
            "开展重点产品监督抽查，按时报送年度工作总结。",
            targets=services.parse_targets(
                "published:laboratory = 5\npublished:spot_check = 60\npublished:result = 40"
            ),
        )
        services.plan_publish(actor=actor, plan=plan)
    last = today.year - 1
    if not WorkSummary.objects.filter(region_id="330000", year=last).exists():
        s = services.summary_compile(actor=actor, region="330000", year=last, today=today)
        services.summary_edit(
            actor=actor,
            summary=s,
            narrative=f"{last}年，全省推进制造业质量管理能力评价和产品质量监督抽查，"
            "发布检验检测实验室名录。以下数据由平台按来源查询汇总。",
        )
        services.summary_publish(actor=actor, summary=s)
    if not WorkSummary.objects.filter(region_id="330000", year=today.year).exists():
        services.summary_compile(actor=actor, region="330000", year=today.year, today=today)
