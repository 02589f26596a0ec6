"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from qualitas.core.access import actor_for


def platform(request: Any) -> dict[str, Any]:
    """The actor (role and scope) of the request, for navigation; the unread notifications of
    the header's bell (counted only when a page shows it)."""
    user = getattr(request, "user", None)

    def unread() -> int:
        from qualitas.core.notifications import unread_count

        return unread_count(user=user)

    return {"actor": actor_for(user), "notifications_unread": SimpleLazyObject(unread)}
