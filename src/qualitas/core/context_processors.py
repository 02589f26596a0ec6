"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from qualitas.core.access import actor_for


def platform(request: Any) -> dict[str, Any]:
    """The actor (role and scope) of the request, for navigation."""
    return {"actor": actor_for(getattr(request, "user", None))}
