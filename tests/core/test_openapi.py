"""The committed OpenAPI schema equals the one generated from the code (like Saleor's schema check)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_schema_has_not_drifted():
    # in a fresh interpreter: django-ninja fixes the models' field titles in the language active
    # when the API module is first imported, which inside the suite depends on the test order
    code = (
        "import importlib.util, sys;"
        "spec = importlib.util.spec_from_file_location('openapi_script', 'scripts/openapi.py');"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "sys.stdout.write(module.schema_text())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.test"}
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr[-2000:]
    committed = (ROOT / "docs" / "api" / "openapi.json").read_text(encoding="utf-8")
    assert r.stdout == committed, (
        "the API changed: run `.venv/bin/python scripts/openapi.py` and commit docs/api/openapi.json"
    )


def test_openapi_served(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "Qualitas API"
    assert client.get("/api/docs").status_code == 200


def test_every_operation_documents_the_bearer_token():
    """Issue 10 §5: a token with the endpoint's scope works on every endpoint (core.bearer); the
    schema says so on each operation — optional on public ones — not only on diagnosis'."""
    from qualitas.config.api import api

    schema = api.get_openapi_schema()
    assert schema["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"BearerAuth": []} in operation["security"], (method, path)
    consents = schema["paths"]["/api/core/consents"]["get"]["security"]
    assert {"SessionAuth": []} in consents
    public = schema["paths"]["/api/registry/enterprises"]["get"]["security"]
    assert {} in public


def test_no_two_api_schemas_share_a_name():
    """Issue 16 §10: two schemas of one name (``AcknowledgeIn`` of diagnosis and of the index)
    become one entry of the OpenAPI document, so the spec described one endpoint's body with the
    other's. Every app's schemas are checked, including those added later."""
    import importlib
    import inspect
    import pkgutil
    from collections import defaultdict

    from pydantic import BaseModel

    import qualitas

    modules: dict[str, set[str]] = defaultdict(set)
    for info in pkgutil.walk_packages(qualitas.__path__, "qualitas."):
        if info.name.rsplit(".", 1)[-1] not in ("schemas", "api"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            ours = inspect.isclass(obj) and obj.__module__ == module.__name__
            if ours and issubclass(obj, BaseModel):
                modules[name].add(module.__name__)
    shared = {name: sorted(where) for name, where in modules.items() if len(where) > 1}
    assert not shared, shared


def test_the_spec_says_what_the_server_requires():
    from qualitas.config.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def body(path: str) -> dict:
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        return components[ref["schema"]["$ref"].rsplit("/", 1)[-1]]

    alert = body("/api/diagnosis/alerts/{alert_pk}/acknowledge")
    assert {"cause", "action"} <= set(alert["required"])
    warning = body("/api/index/warnings/{warning_pk}/acknowledge")
    assert warning["required"] == ["note"]
    indicators = components["MethodologyVersionOut"]["properties"]["indicators"]
    assert indicators["type"] == "array"


def test_every_operation_lists_the_refusals_it_may_answer():
    """Issue 16 §10: undocumented status codes — each operation lists its 4xx."""
    from qualitas.config.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {str(code) for code in operation["responses"]}
            assert {"400", "422"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
    consents = schema["paths"]["/api/core/consents"]["post"]["responses"]
    assert {"401", "403"} <= {str(code) for code in consents}
    batches = schema["paths"]["/api/diagnosis/characteristics/{char_pk}/batches"]["post"]
    assert {"409", "413"} <= {str(code) for code in batches["responses"]}
