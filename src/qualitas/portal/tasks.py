"""Background tasks of the portal (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_search_index_rebuild(build_id: int) -> None:
    """Rebuild the one search's index from every app's providers (the queued build)."""
    from qualitas.portal.services import search_index_rebuild

    search_index_rebuild(build_id)
