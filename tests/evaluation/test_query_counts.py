"""Query-count ceilings of the evaluation list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qualitas.evaluation.models import (
    Application,
    Assessment,
    Assignment,
    Campaign,
    ChainInvitation,
    COIDeclaration,
    Framework,
    GateRecord,
    Result,
)
from tests.factories import make_enterprise
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "evaluation",
    also=("evaluation:campaign",),  # a campaign lists its assignments
    # forms and aggregates: the same size whatever the rows
    fixed=(
        "evaluation:campaign_new",
        "evaluation:application_new",
        "evaluation:results_import",
        "evaluation:verify_form",
        "GET /api/evaluation/stats/consistency",
    ),
)
DEADLINE = date(2030, 6, 30)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more Hangzhou enterprises, each assigned to the world's institution (the evaluator
    leads) in a Zhejiang campaign, with a published result, a gate record, a conflict-of-interest
    declaration, a chain invitation from ent_a and an application to the world's institution; ``n`` more campaigns and self-assessments of
    ent_a; ``n`` more framework versions."""
    fw = Framework.objects.get(code="qmc", version="1.0")
    start = Campaign.objects.count()
    first = Campaign.objects.order_by("pk").first()
    evaluator = world.users["evaluator"]
    for i in range(start, start + n):
        campaign = Campaign.objects.create(
            name=f"浙江评价{i}", framework=fw, region_id="330000", deadline=DEADLINE
        )
        first = first or campaign
        e = make_enterprise(name_zh=f"杭州评价{i}有限公司", region="330100", industry="C38")
        asg = Assignment.objects.create(
            campaign=first,
            enterprise=e,
            institution=world.institution,
            status="assigned",
            deadline=DEADLINE,
            lead=evaluator,
        )
        asg.evaluators.add(evaluator)
        Result.objects.create(
            enterprise=e,
            assignment=asg,
            institution=world.institution,
            framework=fw,
            status="published",
            level=2,
            uncapped_level=2,
            score="0.8",
            evaluated_on=date(2026, 1, 1),
            certificate_code=f"QC-{i:06d}",
        )
        Assessment.objects.create(
            enterprise=world.ent_a, framework=fw, status="submitted", level=2, score="0.7"
        )
        GateRecord.objects.create(
            enterprise=e, kind="published_penalty", occurred_on=date(2026, 1, 1)
        )
        COIDeclaration.objects.create(
            user=evaluator, enterprise=e, kind="consulting", started_on=date(2020, 1, 1)
        )
        ChainInvitation.objects.create(leader=world.ent_a, supplier=e)
        Application.objects.create(
            enterprise=e,
            institution=world.institution,
            assessment=Assessment.objects.create(enterprise=e, framework=fw, status="submitted"),
            reply_by=DEADLINE,
        )
        Framework.objects.create(code="gen", version=f"{i}", name_zh=f"评价框架{i}", spec=fw.spec)
    assert first is not None
    return {"campaign_pk": first.pk}


@pytest.mark.parametrize("route", ROUTES)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
