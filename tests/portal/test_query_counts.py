"""Query-count ceilings of the one search (tests/generic_queries.py): the page asks one count per
kind and one page of hits per kind, whatever the number of records."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qualitas.portal.models import SearchEntry, SearchIndexBuild
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes("portal")


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more indexed records of two kinds, and a fresh build (no rebuild is asked)."""
    now = timezone.now()
    start = SearchEntry.objects.count()
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=("enterprise", "laboratory")[i % 2],
            key=f"k{start + i}",
            title_zh=f"电池记录{start + i}",
            text="电池",
            url=f"/x/{start + i}/",
            source_app="test",
            region_code="330100",
            published_at=now,
            tokens=" 电池 池记 记录 ",
        )
        for i in range(n)
    )
    SearchIndexBuild.objects.create(started_at=now, finished_at=now, counts={})
    return {}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
