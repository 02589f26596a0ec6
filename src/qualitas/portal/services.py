"""Writes of the portal: the one search's index, rebuilt from every app's search providers.

The index is derived: a rebuild replaces every row in one transaction, so a reader sees the old
index or the new one, never half of each. ``search_index_refresh_if_stale`` lets the search page
ask for a rebuild in the background when the last one is older than ``SEARCH_INDEX_MAX_AGE``;
``qualitas search-index`` rebuilds at once (for a schedule, see docs/portal.md)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from qualitas.core.providers import SearchDocument, collect_search
from qualitas.portal.models import SearchEntry, SearchIndexBuild
from qualitas.registry.search import token_string

#: Rows written per INSERT.
BATCH = 2000
#: A queued or running rebuild younger than this keeps others from being queued.
PENDING = timedelta(minutes=10)
#: How much of a record's text is made searchable (titles always whole).
TEXT_LIMIT = 4000


def _title(doc: SearchDocument, language: str) -> str:
    with translation.override(language):
        return str(doc.title)


def _entries(counts: Counter[str]) -> Iterator[SearchEntry]:
    seen: set[tuple[str, str]] = set()
    for doc in collect_search():
        if (doc.kind, doc.key) in seen:
            continue
        seen.add((doc.kind, doc.key))
        counts[doc.kind] += 1
        zh, en = _title(doc, "zh-hans"), _title(doc, "en")
        text = (doc.text or "")[:TEXT_LIMIT]
        yield SearchEntry(
            kind=doc.kind[:40],
            key=str(doc.key)[:200],
            title_zh=zh[:500],
            title_en=("" if en == zh else en)[:500],
            text=text,
            url=doc.url[:500],
            source_app=doc.source_app[:40],
            enterprise_id=doc.enterprise_id,
            region_code=doc.region_code or "",
            industry_code=doc.industry_code or "",
            published_at=doc.published_at,
            tokens=token_string(zh, en, text),
        )


def search_index_rebuild(build_id: int | None = None) -> SearchIndexBuild:
    """Rebuild the whole index from the providers; returns the build with counts per kind
    (``build_id``: the build row queued by :func:`search_index_refresh_if_stale`)."""
    build = (
        SearchIndexBuild.objects.filter(pk=build_id, finished_at__isnull=True).first()
        if build_id
        else None
    ) or SearchIndexBuild(started_at=timezone.now())
    build.started_at = timezone.now()
    build.save()
    t0 = time.perf_counter()
    counts: Counter[str] = Counter()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        batch: list[SearchEntry] = []
        for entry in _entries(counts):
            batch.append(entry)
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_create(batch)
    build.finished_at = timezone.now()
    build.counts = dict(sorted(counts.items()))
    build.seconds = round(time.perf_counter() - t0, 3)
    build.save(update_fields=["finished_at", "counts", "seconds"])
    return build


def search_index_refresh_if_stale() -> bool:
    """Queue a background rebuild when the last finished one is older than the setting (or
    there is none) and none is waiting or running (one queued in the last ten minutes).
    True when queued."""
    now = timezone.now()
    max_age = timedelta(seconds=getattr(settings, "SEARCH_INDEX_MAX_AGE", 600))
    last = SearchIndexBuild.objects.filter(finished_at__isnull=False).first()
    if last is not None and last.finished_at and now - last.finished_at < max_age:
        return False
    pending = SearchIndexBuild.objects.filter(
        finished_at__isnull=True, started_at__gte=now - PENDING
    )
    if pending.exists():
        return False
    build = SearchIndexBuild.objects.create(started_at=now)
    from qualitas.portal.tasks import run_search_index_rebuild

    run_search_index_rebuild.enqueue(build.pk)
    return True
