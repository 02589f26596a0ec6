"""Access policies of the platform itself (users, API tokens, partner reads, admin pages)."""

from __future__ import annotations

__all__: list[str] = []
