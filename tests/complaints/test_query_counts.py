"""Query-count ceilings of the complaints list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from qualitas.complaints import services
from qualitas.complaints.models import ProblemWarning
from qualitas.core.access import actor_for
from tests.complaints.factories import file
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "complaints",
    # the intake form and the method page; public statistics are aggregates of fixed size
    fixed=("complaints:intake", "complaints:methodology", "complaints:statistics"),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more complaints in Hangzhou sent to ent_a, and ``n`` more warnings there."""
    officer = actor_for(world.users["authority"])
    for i in range(n):
        c, _token = file(product=f"产品{i}")
        services.complaint_route(
            actor=officer, complaint=c, enterprise_id=world.ent_a.pk, today=date(2026, 12, 3)
        )
    start = ProblemWarning.objects.count()
    ProblemWarning.objects.bulk_create(
        ProblemWarning(
            category="battery",
            region_id="330100",
            problem="safety",
            window_start=date(2020, 1, 1) + timedelta(days=start + i),
            window_end=date(2020, 1, 28) + timedelta(days=start + i),
            size=10 + start + i,
            baseline=1.0,
            threshold=5.0,
            status="published",
            summary=f"警示{start + i}",
        )
        for i in range(n)
    )
    return {}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
