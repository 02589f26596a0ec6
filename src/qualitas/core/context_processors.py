"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import SimpleLazyObject

from qualitas.core.access import actor_for, header_navigation


def platform(request: Any) -> dict[str, Any]:
    """The actor (role and scope) of the request, for navigation; the unread notifications of
    the header's bell (counted only when a page shows it)."""
    user = getattr(request, "user", None)

    def unread() -> int:
        from qualitas.core.notifications import unread_count

        return unread_count(user=user)

    actor = actor_for(user)
    return {
        "actor": actor,
        # navigation decided by named policies (core.access), not by role names in templates
        "nav": header_navigation(actor),
        "notifications_unread": SimpleLazyObject(unread),
        "punct": punctuation(),
    }


# Punctuation a template puts between translated words and data, by the page's language:
# Chinese sentences take full-width marks (状态：已完成；浙江省、广东省；组长（张三）).
_ZH = {"colon": "：", "list": "、", "lp": "（", "rp": "）", "stop": "。"}
_EN = {"colon": ": ", "list": ", ", "lp": " (", "rp": ")", "stop": "."}


def punctuation() -> dict[str, str]:
    """The marks of the active language: ``colon``, ``list`` (between items), ``lp``/``rp``."""
    return _ZH if (translation.get_language() or "").startswith("zh") else _EN
