"""What every role gets from each register page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published laboratory in Hangzhou and one
published typical case, both kept by Zhejiang's officer."""

from __future__ import annotations

import shutil
from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.registers.models import AnnualPlan, Laboratory, TypicalCase, WorkSummary
    from tests.registers.factories import make_case, make_lab, make_plan, make_summary

    lab = Laboratory.objects.filter(code="ACC-LAB").first() or make_lab(world, code="ACC-LAB")
    summary = WorkSummary.objects.filter(region_id="330000").first() or make_summary(world)
    plan = AnnualPlan.objects.filter(region_id="330000").first() or make_plan(world)
    case = TypicalCase.objects.filter(name_zh="访问矩阵案例").first() or make_case(
        world, name_zh="访问矩阵案例"
    )
    return {
        "case_pk": case.pk,
        "lab_pk": lab.pk,
        "summary_pk": summary.pk,
        "plan_pk": plan.pk,
        "fmt": "xlsx",
    }


PAGES = {
    "registers:laboratories": 200,
    "registers:laboratory": 200,
    "registers:lab_desk": only(OFFICERS, other=404, public=302),
    "registers:lab_new": only(OFFICERS, other=404, public=302),
    "registers:lab_edit": only(OFFICERS, other=404, public=302),
    "registers:cases": 200,
    "registers:case": 200,
    "registers:case_desk": only(OFFICERS, other=404, public=302),
    "registers:case_new": only(OFFICERS, other=404, public=302),
    "registers:case_edit": only(OFFICERS, other=404, public=302),
    "registers:qa": 200,
    "registers:qa_desk": only(OFFICERS, other=404, public=302),
    "registers:summaries": 200,
    "registers:summary": 200,
    "registers:summary_export": 200,
    # printed by Chromium; without it the page says so (back to the summary)
    "registers:summary_pdf": 200 if shutil.which("chromium") else 302,
    "registers:plan": 200,
    "registers:report_desk": only(OFFICERS, other=404, public=302),
    "registers:plan_new": only(OFFICERS, other=404, public=302),
}

API = {
    "GET /api/registers/laboratories": 200,
    "GET /api/registers/laboratories/{lab_pk}": 200,
    "GET /api/registers/cases": 200,
    "GET /api/registers/cases/suggestions": 200,
    "GET /api/registers/cases/{case_pk}": 200,
}
