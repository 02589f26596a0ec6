"""Demo data of the portal: the one search's index over everything the other demos published."""

from __future__ import annotations

from qualitas.portal.services import search_index_rebuild


def portal_demo_load(*, seed: int) -> None:
    """Rebuild the index (idempotent: a rebuild replaces it)."""
    search_index_rebuild()
