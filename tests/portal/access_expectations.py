"""What every role gets from the portal (read by tests/core/test_access_matrix.py): the one
search holds only published records, so everyone, signed in or not, gets it."""

from __future__ import annotations

from typing import Any


def kwargs(world: Any) -> dict[str, Any]:
    return {}


PAGES = {"portal:search": 200}

API = {"GET /api/portal/search": 200}
