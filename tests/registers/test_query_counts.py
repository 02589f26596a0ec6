"""Query-count ceilings of the register list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qualitas.registers.models import Laboratory, LabTestItem, QAEntry, TypicalCase
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "registers",
    also=("registers:laboratory", "registers:summary", "registers:plan"),
    fixed=(
        "registers:lab_new",
        "registers:plan_new",
        "registers:case_new",
        # suggestions answer for a stated problem (no context given: none)
        "GET /api/registers/cases/suggestions",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more published laboratories in Hangzhou with two test items each; the first one
    gets ``n`` more test items (its page lists them)."""
    from django.utils import timezone

    start = Laboratory.objects.count()
    labs = Laboratory.objects.bulk_create(
        Laboratory(
            code=f"QC-LAB-{start + i}",
            name_zh=f"检验所{start + i}",
            region_id="330100",
            status="published",
            published_at=timezone.now(),
            cma_no=f"{221112050000 + start + i}",
            cma_valid_until=date(2028, 1, 1),
        )
        for i in range(n)
    )
    labs = list(Laboratory.objects.filter(code__in=[lab.code for lab in labs]))
    LabTestItem.objects.bulk_create(
        LabTestItem(lab=lab, name_zh=f"项目{k}", standard="GB 31241-2022", method="9.2")
        for lab in labs
        for k in range(2)
    )
    first = Laboratory.objects.order_by("pk").first()
    LabTestItem.objects.bulk_create(
        LabTestItem(lab=first, name_zh=f"附加{i}", standard="GB 4943.1-2022") for i in range(n)
    )
    # n more published summaries and plans (regions × years); the first summary and plan get n
    # more figures and targets
    from qualitas.registers.models import AnnualPlan, PlanTarget, WorkSummary
    from qualitas.registry.models import Region

    regions = list(Region.objects.order_by("code").values_list("code", flat=True)[:10])
    taken = WorkSummary.objects.count()
    cells = [(regions[(taken + i) % 10], 2019 + (taken + i) // 10) for i in range(n)]
    WorkSummary.objects.bulk_create(
        WorkSummary(
            region_id=r,
            year=y,
            status="published",
            published_at=timezone.now(),
            figures=[
                {
                    "key": "enterprises",
                    "section": "registry",
                    "value": 1,
                    "unit": "count",
                    "source": "registry",
                }
            ],
        )
        for r, y in cells
    )
    AnnualPlan.objects.bulk_create(
        AnnualPlan(region_id=r, year=y, title=f"计划{y}", status="published") for r, y in cells
    )
    s = WorkSummary.objects.order_by("pk").first()
    s.figures = s.figures + [
        {
            "key": f"published:k{len(s.figures) + i}",
            "section": "published",
            "value": i,
            "unit": "count",
            "source": "search",
        }
        for i in range(n)
    ]
    s.save()
    plan = AnnualPlan.objects.order_by("pk").first()
    k = plan.targets.count()
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, key=f"published:k{k + i}", target=i) for i in range(n)
    )
    # n more published cases in Hangzhou (two figures, one topic each) and n more Q&A entries
    from qualitas.core.access import actor_for
    from qualitas.registers import services
    from tests.registers.factories import make_case

    taken = TypicalCase.objects.count()
    for i in range(n):
        make_case(world, name_zh=f"改进案例{taken + i}", name_en=f"Improvement case {taken + i}")
    officer = actor_for(world.users["authority"])
    taken = QAEntry.objects.count()
    for i in range(n):
        entry = services.qa_save(
            actor=officer,
            data={
                "name_zh": f"问题{taken + i}",
                "name_en": f"Question {taken + i}",
                "answer_zh": "回答。",
                "answer_en": "An answer.",
                "topic": "过程能力",
                "region": "330100",
            },
        )
        services.qa_publish(actor=officer, entry=entry)
    return {"lab_pk": first.pk, "summary_pk": s.pk, "plan_pk": plan.pk, "fmt": "xlsx"}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route, world, client_for):
    check_route(route, populate, world, client_for)
