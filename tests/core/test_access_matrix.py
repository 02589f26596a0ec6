"""Every page and every API endpoint, for every role: each gets what its expectations say.

A URL or endpoint without an expectation fails the test, so a new endpoint cannot escape the
access rules. Expectations live next to each app's tests (``tests/<app>/access_expectations.py``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import ROLES

SKIP_NAMESPACES = {"admin", "api"}  # the admin site is Django's own; the API is walked below
SKIP_NAMES = {"logout", "set_language"}


def _public_writes() -> set[str]:
    """Unsafe endpoints meant for anonymous users (``PUBLIC_WRITES`` of an expectations module,
    e.g. filing a complaint without an account): refused for bad input (422), never a 500."""
    out: set[str] = set()
    for mod in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{mod.name}.access_expectations")
        except ModuleNotFoundError:
            continue
        out |= set(getattr(module, "PUBLIC_WRITES", ()))
    return out


def _expectations() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(pages, api, kwargs_of): each page/endpoint takes its path parameters from the module that declares it."""
    pages: dict[str, Any] = {}
    api: dict[str, Any] = {}
    kwargs_of: dict[str, Any] = {}
    for mod in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{mod.name}.access_expectations")
        except ModuleNotFoundError:
            continue
        pages.update(module.PAGES)
        api.update(module.API)
        for key in [*module.PAGES, *module.API]:
            kwargs_of[key] = module.kwargs
    return pages, api, kwargs_of


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIP_NAMESPACES or (p.app_name in SKIP_NAMESPACES):
                continue
            out += _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            out.append((namespace + p.name, p))
    return out


def _status(expect: Any, role: str) -> int:
    return expect if isinstance(expect, int) else expect[role]


@pytest.mark.django_db
def test_every_page_for_every_role(world, client_for):
    pages, _, kwargs_of = _expectations()
    computed: dict[Any, dict[str, Any]] = {}

    def kwargs_for(key: str) -> dict[str, Any]:
        fn = kwargs_of[key]
        if fn not in computed:
            computed[fn] = fn(world)
        return computed[fn]

    names = [n for n, _ in _walk(get_resolver().url_patterns) if n not in SKIP_NAMES]
    missing = sorted(set(names) - set(pages))
    assert not missing, f"pages without access expectations: {missing}"
    failures = []
    for role in ROLES:
        c = client_for(role)
        for name in names:
            pattern = dict(_walk(get_resolver().url_patterns))[name]
            needed = {k: kwargs_for(name)[k] for k in pattern.pattern.converters}
            url = reverse(name, kwargs=needed)
            got = c.get(url).status_code
            want = _status(pages[name], role)
            if got != want:
                failures.append(f"{role} GET {url} ({name}): {got}, expected {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_api_endpoint_for_every_role(world, client_for):
    from qualitas.config.api import api

    _, expectations, kwargs_of = _expectations()
    computed: dict[Any, dict[str, Any]] = {}

    def kwargs_for_fn(fn: Any) -> dict[str, Any]:
        if fn not in computed:
            computed[fn] = fn(world)
        return computed[fn]

    def kwargs_for(key: str) -> dict[str, Any]:
        return kwargs_for_fn(kwargs_of.get(key) or next(iter(kwargs_of.values())))

    schema = api.get_openapi_schema()
    endpoints = [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]
    gets = [f"GET {p}" for m, p in endpoints if m == "GET"]
    missing = sorted(set(gets) - set(expectations))
    assert not missing, f"API endpoints without access expectations: {missing}"
    public_writes = _public_writes()
    failures = []
    for role in ROLES:
        c = client_for(role)
        for method, path in endpoints:
            key = f"GET {path}"
            if (
                key not in kwargs_of
            ):  # an unsafe-only endpoint: the GET of the same app path gives the parameters
                key = next(
                    (k for k in kwargs_of if k.startswith("GET /api/" + path.split("/")[2] + "/")),
                    key,
                )

            def param(m: re.Match[str], key: str = key) -> str:
                own = kwargs_for(key)
                if m.group(1) in own:
                    return str(own[m.group(1)])
                merged = {
                    k: v for fn in set(kwargs_of.values()) for k, v in kwargs_for_fn(fn).items()
                }
                return str(
                    merged.get(m.group(1), 10**9)
                )  # no such record: must still never be a 500

            url = re.sub(r"\{(\w+)\}", param, path)
            if method == "GET":
                got = c.get(url).status_code
                want = _status(expectations[f"GET {path}"], role)
                if got != want:
                    failures.append(f"{role} GET {url}: {got}, expected {want}")
            else:
                # Unsafe methods with an empty body: anonymous is refused; nobody gets a 500.
                got = c.generic(method, url, data="{}", content_type="application/json").status_code
                refused = (
                    (401, 403, 404, 405, 422)
                    if f"{method} {path}" in public_writes
                    else (
                        401,
                        403,
                        404,
                        405,
                    )
                )
                if got >= 500 or (role == "public" and got not in refused):
                    failures.append(f"{role} {method} {url}: {got}")
    assert not failures, "\n".join(failures)
