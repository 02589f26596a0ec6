"""Register factories: a laboratory (published or draft) kept by the world's Zhejiang officer."""

from __future__ import annotations

from datetime import date
from typing import Any

from qualitas.core.access import actor_for
from qualitas.registers import services
from qualitas.registers.models import Laboratory

BATTERY_ITEMS = [
    {
        "name_zh": "过充电保护",
        "name_en": "Overcharge protection",
        "standard": "GB 31241-2022",
        "method": "GB 31241-2022 第9.2条",
    },
    {
        "name_zh": "短路保护",
        "name_en": "Short-circuit protection",
        "standard": "GB 31241-2022",
        "method": "GB 31241-2022 第9.4条",
    },
    {
        "name_zh": "辐射骚扰",
        "name_en": "Radiated emission",
        "standard": "GB/T 9254.1-2021",
        "method": "GB/T 9254.1-2021 附录C",
    },
]


def lab_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "ZJ-LAB-1",
        "name_zh": "浙江省电池质量检验中心",
        "name_en": "Zhejiang Battery Quality Testing Centre",
        "region": "330100",
        "specialties": "锂离子电池、移动电源",
        "cma_no": "221112050123",
        "cma_valid_until": date(2028, 6, 30),
        "cnas_no": "L1234",
        "cnas_valid_until": date(2028, 3, 31),
        "reassessment_due": date(2027, 6, 30),
    }
    data.update(over)
    return data


def make_lab(
    world: Any, *, publish: bool = True, items: list[dict[str, str]] | None = None, **over: Any
) -> Laboratory:
    actor = actor_for(world.users["authority"])
    lab = services.laboratory_save(actor=actor, data=lab_data(**over), items=items or BATTERY_ITEMS)
    if publish:
        services.laboratory_publish(actor=actor, lab=lab)
    return lab


def make_summary(world: Any, *, year: int | None = None, region: str = "330000") -> Any:
    """A compiled, narrated and published work summary of Zhejiang for ``year`` (this year)."""
    from django.utils import timezone

    officer = actor_for(world.users["authority"])
    s = services.summary_compile(
        actor=officer, region=region, year=year or timezone.localdate().year
    )
    services.summary_edit(actor=officer, summary=s, narrative="全年质量工作稳步推进。")
    return services.summary_publish(actor=officer, summary=s)


def make_plan(world: Any, *, year: int | None = None, publish: bool = True) -> Any:
    """Zhejiang's annual plan for ``year`` (next year) with two target figures."""
    from decimal import Decimal

    from django.utils import timezone

    officer = actor_for(world.users["authority"])
    plan = services.plan_save(
        actor=officer,
        region="330000",
        year=year or timezone.localdate().year + 1,
        title="浙江省年度制造业质量工作计划",
        body="围绕质量强省建设，推进质量管理能力评价和质量基础设施建设。",
        targets={"published:laboratory": Decimal("5"), "published:case": Decimal("20")},
    )
    if publish:
        services.plan_publish(actor=officer, plan=plan)
    return plan


def case_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_type": "improvement",
        "name_zh": "锂电池极片涂布厚度过程能力提升",
        "name_en": "Raising the capability of electrode coating thickness",
        "industry": "C384",
        "region": "330100",
        "methods": "SPC、DOE",
        "problem": "极片涂布厚度过程能力不足，返工率高。",
        "measures": "更换测厚仪，正交试验确定工艺窗口，实施控制图。",
        "results": "涂布厚度过程能力达到要求。",
        "summary_en": "Coating thickness Cpk rose with a designed experiment and control charts.",
    }
    data.update(over)
    return data


CASE_FIGURES = [
    {
        "label_zh": "涂布厚度Cpk",
        "label_en": "Coating thickness Cpk",
        "before": "0.92",
        "after": "1.45",
        "unit": "",
    },
    {"label_zh": "返工率", "label_en": "Rework rate", "before": "3.8", "after": "0.9", "unit": "%"},
]


def make_case(
    world: Any,
    *,
    publish: bool = True,
    topics: tuple[str, ...] = ("low_capability:dimension",),
    figures: list[dict[str, str]] | None = None,
    **over: Any,
) -> Any:
    """A case kept by the world's Zhejiang officer; ``topics`` as ``kind:detail``."""
    actor = actor_for(world.users["authority"])
    case = services.case_save(
        actor=actor,
        data=case_data(**over),
        figures=figures or CASE_FIGURES,
        topics=services.parse_topics("\n".join(topics)),
    )
    if publish:
        services.case_publish(actor=actor, case=case)
    return case
