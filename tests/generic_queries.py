"""Query-count ceilings on every list page and list endpoint (issue 10 §7, ADR 0008).

The routes are found, not listed: every named page without path parameters, and every GET
endpoint whose answer is a list or a page of ``items`` (from the OpenAPI schema), grouped by app
(the URL namespace; ``/api/<app>/``). Pages with path parameters that list children (a profile
with its products) are added by the app with ``also=``. Every role that gets 200 is measured: those that get 200 with the app's rows.

Each app's ``tests/<app>/test_query_counts.py`` declares ``populate(world, n)`` — make ``n`` more
rows of everything its lists show, visible to the world's users, and return the path parameters
its routes need — and parametrises one test over ``list_routes(app)``::

    ROUTES = list_routes("registry", also=("registry:profile",))

    @pytest.mark.parametrize("route", ROUTES, ids=str)
    def test_queries_do_not_grow_with_rows(route, world, client_for):
        check_route(route, populate, world, client_for)

Each route is fetched by every role that gets 200, with 5 rows and again with 50: the number of
queries must not grow, and stays under ``CEILING`` (or the app's ``ceiling=``). The answer must
grow for some role (else ``populate`` does not fill that list and the check would prove
nothing); routes whose answer is the same size whatever the rows (forms, aggregates, code lists)
are named in ``fixed=``. A route known to issue a
query per row is passed in ``known_per_row={name: "measured counts"}`` and marked
``xfail(strict=True)``, so fixing it turns the mark into a failure to remove.
``tests/core/test_query_counts.py`` fails for an app with list routes and no such module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES
from tests.generic import access_matrix, status_for

#: at most this many queries for one list page or endpoint with 50 rows
CEILING = 40
SMALL, LARGE = 5, 50
#: bytes by which a list's answer must grow from 5 to 50 rows (45 rows of at least a few bytes)
GROWTH = 200
SKIP_NAMESPACES = {"admin", "api"}
SKIP_NAMES = {"logout", "set_language"}


@dataclass(frozen=True)
class ListRoute:
    """A page (URL name) or an endpoint (``GET /api/...``) of one app."""

    app: str
    key: str
    params: tuple[str, ...]
    #: whether its answer must grow with the rows (else it is named in ``fixed``)
    lists: bool = True

    def __str__(self) -> str:
        return self.key

    @property
    def is_api(self) -> bool:
        return self.key.startswith("GET /api/")

    def url(self, kwargs: dict[str, Any]) -> str:
        missing = [p for p in self.params if p not in kwargs]
        assert not missing, f"{self.key}: populate() must return {missing}"
        if self.is_api:
            return re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), self.key[4:])
        return reverse(self.key, kwargs={p: kwargs[p] for p in self.params})

    def expectation(self) -> Any:
        pages, api = access_matrix()
        return (api if self.is_api else pages).get(self.key)


def _pages(patterns: list[Any], namespace: str = "") -> Iterable[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            if (p.namespace or "") in SKIP_NAMESPACES or p.app_name in SKIP_NAMESPACES:
                continue
            yield from _pages(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else "")
        elif isinstance(p, URLPattern) and p.name and p.name not in SKIP_NAMES:
            yield namespace + p.name, p


def _lists(schema: dict[str, Any], node: dict[str, Any]) -> bool:
    """Whether a response schema is an array, or an object with an ``items`` array."""
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if node.get("type") == "array":
        return True
    items = node.get("properties", {}).get("items", {})
    return items.get("type") == "array"


def all_list_routes() -> list[ListRoute]:
    """Every page without path parameters and every GET endpoint that answers a list."""
    from qualitas.config.api import api

    out = []
    for name, pattern in _pages(get_resolver().url_patterns):
        if not pattern.pattern.converters:
            app = name.split(":")[0] if ":" in name else "core"
            out.append(ListRoute(app, name, ()))
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        responses = ops.get("get", {}).get("responses", {})
        ok = responses.get(200) or responses.get("200") or {}
        body = ok.get("content", {}).get("application/json", {}).get("schema")
        if body and _lists(schema, body):
            out.append(
                ListRoute(path.split("/")[2], f"GET {path}", tuple(re.findall(r"\{(\w+)\}", path)))
            )
    return out


def _reads(route: ListRoute) -> bool:
    """Whether the matrix lets some role GET it (200, or 404 where its world has no data);
    POST-only routes (405 to a GET) and routes that redirect everyone list nothing."""
    expect = route.expectation()
    return expect is None or any(status_for(expect, r) in (200, 404) for r in ROLES)


def list_routes(
    app: str,
    *,
    also: Iterable[str] = (),
    fixed: Iterable[str] = (),
    known_per_row: dict[str, str] | None = None,
) -> list[Any]:
    """The list routes of ``app`` that some role may GET, as pytest parameters.

    ``fixed`` names the routes whose answer does not grow with the app's rows (a form, a map of
    the provinces, a code list); every other route must show more with 50 rows than with 5,
    so that a list ``populate`` does not fill is noticed.
    """
    known = known_per_row or {}
    unchanging = set(fixed)
    routes = [r for r in all_list_routes() if r.app == app]
    patterns = dict(_pages(get_resolver().url_patterns))
    for name in also:
        routes.append(ListRoute(app, name, tuple(patterns[name].pattern.converters)))
    out = []
    for route in routes:
        if not _reads(route):
            continue
        if route.key in unchanging:
            route = ListRoute(route.app, route.key, route.params, lists=False)
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"a query per row: {known[route.key]}")]
            if route.key in known
            else []
        )
        out.append(pytest.param(route, marks=marks, id=route.key))
    return out


def _count(c: Client, url: str) -> tuple[int, int, int]:
    """(status, queries, bytes) of one GET."""
    cache.clear()  # cached answers (the search) would hide the work
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url)
        # an export runs its queries while it is read
        body = b"".join(r.streaming_content) if r.streaming else r.content
    return r.status_code, len(ctx.captured_queries), len(body)


def check_route(
    route: ListRoute,
    populate: Callable[[Any, int], dict[str, Any]],
    world: Any,
    client_for: Callable[[str], Client],
    *,
    ceiling: int = CEILING,
) -> None:
    """Queries of ``route`` for every allowed role with 5 and with 50 rows: no growth, ≤ ceiling."""
    kwargs = populate(world, SMALL)
    url = route.url(kwargs)
    clients = {role: client_for(role) for role in ROLES}
    small: dict[str, tuple[int, int]] = {}
    for role, c in clients.items():
        c.get(url)  # warm the per-process caches (content types, code lists)
        status, n, size = _count(c, url)
        if status == 200:
            small[role] = (n, size)
    assert small, f"{route.key}: no role got 200; populate() must make what it lists"
    populate(world, LARGE - SMALL)
    failures = []
    grew = False
    for role, (n_small, size_small) in small.items():
        status, n, size = _count(clients[role], url)
        grew = grew or size > size_small + GROWTH
        if status != 200 or n > n_small or n > ceiling:
            failures.append(
                f"{role} GET {url}: {n_small} queries with {SMALL} rows, "
                f"{n} with {LARGE} (status {status}, ceiling {ceiling})"
            )
    if route.lists and not grew:
        failures.append(
            f"{route.key}: the answer did not grow with {LARGE - SMALL} more rows for any role: "
            "populate() does not make what it lists, or name the route in fixed=(...)"
        )
    assert not failures, "\n".join(failures)
