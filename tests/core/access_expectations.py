"""What every role gets from each core API endpoint (read by tests/core/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

PAGES: dict[str, Any] = {}


def kwargs(world: Any) -> dict[str, Any]:
    return {}


API = {
    # an enterprise user's consents; other roles have none to manage (403), anonymous 401
    "GET /api/core/consents": only(("enterprise", "other_enterprise"), other=403, public=401),
}
