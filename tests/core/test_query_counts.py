"""Query-count ceilings: core's own list routes, and every app's list routes are checked.

The walk of the URL conf and the API schema (``tests/generic_queries.py``) finds the list
routes of each app; an app with list routes must have ``tests/<app>/test_query_counts.py``
parametrised over all of them, so a new app's lists are measured without anyone adding them.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from qualitas.core.access import actor_for
from qualitas.core.services import consent_grant
from qualitas.registry.models import Institution
from tests.generic_queries import all_list_routes, check_route, list_routes

ROUTES = list_routes(
    "core",
    # home: counts, each a link; the password pages: Django's forms and their answers
    fixed=(
        "login",
        "healthz",
        "home",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_complete",
    ),
)


def populate(world: Any, n: int) -> dict[str, Any]:
    """``n`` more consents of ent_a, to institutions; ``n`` more API tokens of every user (and of
    ent_a's gateways); ``n`` more reads of ent_a's and ent_c's contacts by the partner; ``n``
    more notifications of every user."""
    from qualitas.core.access import partner_may_read
    from qualitas.core.models import ApiToken, Notification

    start = Institution.objects.count()
    tokens = ApiToken.objects.count()
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind="info",
            message="Notifications",
            url="/",
            key=f"q{Notification.objects.count()}-{i}",
        )
        for user in world.users.values()
        for i in range(n)
    )
    for user in world.users.values():
        for i in range(n):
            ApiToken.objects.create(
                user=user,
                enterprise=world.ent_a if user == world.users["enterprise"] else None,
                name=f"t{tokens}-{i}",
                prefix=f"qt_{user.pk}_{tokens + i}",
                hash=f"{user.pk}-{tokens + i}",
                scopes=["registry:read", "index:read"],
                created_by=user,
            )
    partner = actor_for(world.users["partner"])
    for e, owner in ((world.ent_a, "enterprise"), (world.ent_c, "other_enterprise")):
        if not partner_may_read(partner, e.pk, scope="contacts"):
            consent_grant(
                actor=actor_for(world.users[owner]),
                enterprise_id=e.pk,
                scope="contacts",
                grantee_user=world.users["partner"],
            )
        for _ in range(n):
            partner_may_read(partner, e.pk, scope="contacts")  # outside a request: audited at once
    for i in range(n):
        inst = Institution.objects.create(
            kind="evaluation", name_zh=f"授权机构{start + i}", region_id="330100"
        )
        consent_grant(
            actor=actor_for(world.users["enterprise"]),
            enterprise_id=world.ent_a.pk,
            scope="contacts",
            grantee_institution_id=inst.pk,
        )
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_queries_do_not_grow_with_rows(route: Any, world: Any, client_for: Any) -> None:
    check_route(route, populate, world, client_for)


def test_every_list_route_is_measured() -> None:
    """Each app with list routes parametrises its query-count test over all of them."""
    by_app: dict[str, set[str]] = {}
    for route in all_list_routes():
        by_app.setdefault(route.app, set()).add(route.key)
    problems = []
    for app, keys in sorted(by_app.items()):
        try:
            module = importlib.import_module(f"tests.{app}.test_query_counts")
        except ModuleNotFoundError:
            problems.append(f"{app}: no tests/{app}/test_query_counts.py for {sorted(keys)}")
            continue
        measured = {p.values[0].key for p in module.ROUTES}
        # a route nobody may GET (POST-only, redirecting) lists nothing and is left out
        wanted = {p.values[0].key for p in list_routes(app)}
        if missing := sorted(wanted - measured):
            problems.append(f"{app}: not measured {missing}")
        if not hasattr(module, "populate"):
            problems.append(f"{app}: tests/{app}/test_query_counts.py has no populate(world, n)")
    assert not problems, "\n".join(problems)
