"""The committed OpenAPI schema equals the one generated from the code (like Saleor's schema check)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_schema_has_not_drifted(db):
    spec = importlib.util.spec_from_file_location("openapi_script", ROOT / "scripts" / "openapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "api" / "openapi.json").read_text(encoding="utf-8")
    assert module.schema_text() == committed, (
        "the API changed: run `.venv/bin/python scripts/openapi.py` and commit docs/api/openapi.json"
    )


def test_openapi_served(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "Qualitas API"
    assert client.get("/api/docs").status_code == 200
