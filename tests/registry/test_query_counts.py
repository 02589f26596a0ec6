"""Query-count ceilings of the registry's list pages and endpoints (tests/generic_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest

from qualitas.core.access import actor_for
from qualitas.core.models import Consent, Job
from qualitas.registry import services
from qualitas.registry.models import Contact, Institution, Site
from tests.factories import make_enterprise, make_user
from tests.generic_queries import check_route, list_routes

pytestmark = pytest.mark.django_db

ROUTES = list_routes(
    "registry",
    # the profile lists products, sites and contacts (and, for editors, their history);
    # the export streams the search
    also=("registry:profile", "registry:export"),
    # aggregates, forms and code lists: the same size whatever the rows
    fixed=(
        "registry:stats",
        "registry:enterprise_create",
        "GET /api/registry/regions",
        "GET /api/registry/industries",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more enterprises, institutions with members, and products, sites, contacts,
    consents and import jobs of ent_a (Hangzhou)."""
    start = Institution.objects.count()
    editor = actor_for(world.users["enterprise"])
    for i in range(n):
        make_enterprise(name_zh=f"杭州列表{start + i}有限公司", region="330100", industry="C34")
        inst = Institution.objects.create(
            kind="evaluation", name_zh=f"列表机构{start + i}", region_id="330200"
        )
        member = make_user(f"member{start + i}", "evaluator", institution=inst)
        services.product_create(
            actor=editor,
            enterprise=world.ent_a,
            data={"name_zh": f"产品{start + i}", "category": "电池"},
        )
        Site.objects.create(enterprise=world.ent_a, name=f"工厂{start + i}", region_id="330100")
        Contact.objects.create(enterprise=world.ent_a, name=f"联系人{start + i}")
        Consent.objects.create(enterprise=world.ent_a, grantee_user=member, scope="contacts")
        Job.objects.create(kind="import_enterprises", created_by=world.users["admin"])
    return {"pk": world.ent_a.pk, "fmt": "csv"}


@pytest.mark.parametrize("route", ROUTES)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)
