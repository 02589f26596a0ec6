"""Query-count ceilings of the index list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from qualitas.index.indicators import default_indicator_spec
from qualitas.index.models import IndexRun, IndexValue, MethodologyVersion, Warning, WarningRule
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "index",
    also=("index:export",),  # the warnings table, as CSV
    # maps of the provinces, forms and the indicator registry: the same size whatever the rows
    fixed=(
        "index:map",
        "index:geo_provinces",
        "index:geo_nine_dash",
        "index:recompute",
        "index:version_new",
        "GET /api/index/indicators",
    ),
)


def _quarter(i: int) -> str:
    return f"{1990 + i // 4}Q{i % 4 + 1}"


def populate(world: Any, n: int) -> dict[str, Any]:
    """A published version with a run (first call); then ``n`` more published versions, runs,
    quarters of values (the nation and Zhejiang, all industries), warning rules and warnings
    in Hangzhou."""
    first = MethodologyVersion.objects.order_by("pk").first()
    if first is None:
        first = MethodologyVersion.objects.create(
            code="Q-0", title="Q-0", base_period="1990", seed=1, indicators=default_indicator_spec()
        )
        MethodologyVersion.objects.filter(pk=first.pk).update(
            status="published", published_at=timezone.now()
        )
        IndexRun.objects.create(version=first, status="succeeded")
    run = IndexRun.objects.filter(version=first).order_by("pk").first()
    start = MethodologyVersion.objects.count()
    quarters = IndexValue.objects.filter(run=run, region="100000").count()
    for i in range(n):
        MethodologyVersion.objects.create(
            code=f"Q-{start + i}",
            title=f"Q-{start + i}",
            base_period="1990",
            seed=1,
            indicators=default_indicator_spec(),
            status="published",
            published_at=timezone.now() - timedelta(days=1),
        )
        older = IndexRun.objects.create(version=first, status="succeeded")
        # older than the first run, which stays the current one (the one with values)
        IndexRun.objects.filter(pk=older.pk).update(
            started_at=timezone.now() - timedelta(days=i + 1)
        )
        for region, level, parent in (("100000", "nation", ""), ("330000", "province", "100000")):
            IndexValue.objects.create(
                run=run,
                region=region,
                level=level,
                parent=parent,
                industry="C",
                period=_quarter(quarters + i),
                period_kind="quarter",
                n=20,
                value=100.0 + i,
                lo=99.0,
                hi=101.0,
                status="ok",
            )
        rule = WarningRule.objects.create(name=f"规则{start + i}", kind="fall_previous")
        Warning.objects.create(
            rule=rule, run=run, region="330100", industry="C38", period=_quarter(i)
        )
    return {"version_pk": first.pk, "table": "warnings", "fmt": "csv"}


@pytest.mark.parametrize("route", ROUTES)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
