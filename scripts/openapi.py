"""Write the generated OpenAPI schema to docs/api/openapi.json (committed; a test checks drift)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.json"


def schema_text() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitas.config.settings.test")
    import django

    django.setup()
    from django.utils import translation

    from qualitas.config.api import api

    with translation.override("en"):
        return (
            json.dumps(
                api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True, default=str
            )
            + "\n"
        )


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {OUT}")
    sys.exit(0)
