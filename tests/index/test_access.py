"""The index's own slice of the access matrix (tests/core/test_access_matrix.py walks every app;
this runs the same check for the index alone so it stays green while other apps are built)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.core.test_access_matrix import _status, _walk
from tests.index import access_expectations as ex

pytestmark = pytest.mark.django_db


def test_index_pages_for_every_role(world, client_for):
    from django.urls import get_resolver

    patterns = dict(_walk(get_resolver().url_patterns))
    names = [n for n in patterns if n.startswith("index:")]
    assert sorted(names) == sorted(ex.PAGES)
    kwargs = ex.kwargs(world)
    failures = []
    for role in ROLES:
        c = client_for(role)
        for name in names:
            url = reverse(name, kwargs={k: kwargs[k] for k in patterns[name].pattern.converters})
            got = c.get(url).status_code
            if got != _status(ex.PAGES[name], role):
                failures.append(
                    f"{role} GET {url}: {got}, expected {_status(ex.PAGES[name], role)}"
                )
    assert not failures, "\n".join(failures)


def test_index_api_for_every_role(world, client_for):
    from qualitas.config.api import api

    schema = api.get_openapi_schema()
    endpoints = [
        (m.upper(), p)
        for p, ops in schema["paths"].items()
        for m in ops
        if p.startswith("/api/index/")
    ]
    gets = sorted(f"GET {p}" for m, p in endpoints if m == "GET")
    assert gets == sorted(ex.API)
    kwargs = ex.kwargs(world)
    failures = []
    for role in ROLES:
        c = client_for(role)
        for method, path in endpoints:
            url = re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)
            if method == "GET":
                got = c.get(url).status_code
                if got != _status(ex.API[f"GET {path}"], role):
                    failures.append(
                        f"{role} GET {url}: {got}, expected {_status(ex.API[f'GET {path}'], role)}"
                    )
            else:
                got = c.generic(method, url, data="{}", content_type="application/json").status_code
                if got >= 500 or (role == "public" and got not in (401, 403, 404, 405)):
                    failures.append(f"{role} {method} {url}: {got}")
    assert not failures, "\n".join(failures)
