"""Reads of the portal: the one search over every published record, grouped by kind.

Everything in the index is public (the providers offer only published records), so no actor
is needed. A query is turned into the stored tokens (``registry.search.query_tokens``): on
PostgreSQL the GIN index on ``string_to_array(tokens, ' ')`` answers "holds all of these", on
SQLite a conjunction of ``LIKE``; each run of Chinese characters in the query is then
re-checked as a substring of the title or text, so bigrams that occur apart never match."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import region_within_q
from qualitas.core.errors import DomainError
from qualitas.portal.choices import KIND_ORDER, kind_name
from qualitas.portal.models import SearchEntry, SearchIndexBuild
from qualitas.registry.selectors import token_search

#: Longest query accepted (characters).
MAX_QUERY = 200


@dataclass(frozen=True, kw_only=True)
class SearchQuery:
    """The filters of the one search, shared by the page and the API."""

    q: str = ""
    kind: str = ""
    region: str = ""
    industry: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    text: str
    url: str
    region_code: str
    industry_code: str
    published_at: datetime | None


@dataclass
class Group:
    kind: str
    name: str
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResult:
    groups: list[Group]
    total: int
    built_at: datetime | None


def _check(query: SearchQuery) -> None:
    if len(query.q) > MAX_QUERY:
        raise DomainError(
            _("The search text is longer than %(n)s characters."), field="q", n=MAX_QUERY
        )
    if query.since and query.until and query.until < query.since:
        raise DomainError(_("The end date is before the start date."), field="until")


def _filtered(query: SearchQuery) -> QuerySet[SearchEntry]:
    qs = token_search(
        SearchEntry.objects.all(), query.q, ("title_zh", "title_en", "text"), field="tokens"
    )
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.region:
        qs = qs.filter(region_within_q(query.region, field="region_code"))
    if query.industry:
        qs = qs.filter(industry_code__startswith=query.industry.upper())
    tz = timezone.get_current_timezone()
    if query.since:
        qs = qs.filter(published_at__gte=datetime.combine(query.since, time.min, tzinfo=tz))
    if query.until:
        qs = qs.filter(published_at__lte=datetime.combine(query.until, time.max, tzinfo=tz))
    return qs


def _snippet(text: str, q: str, width: int = 160) -> str:
    if not text:
        return ""
    words = [w for w in re.split(r"\s+", q.strip()) if w]
    at = min((i for w in words if (i := text.lower().find(w.lower())) >= 0), default=0)
    start = max(0, at - width // 3)
    out = text[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def _hit(row: SearchEntry, q: str, english: bool) -> Hit:
    return Hit(
        kind=row.kind,
        title=row.title_en if english and row.title_en else row.title_zh,
        text=_snippet(row.text, q),
        url=row.url,
        region_code=row.region_code,
        industry_code=row.industry_code,
        published_at=row.published_at,
    )


def search(query: SearchQuery, *, per_kind: int = 10) -> SearchResult:
    """Records matching the query, grouped by kind (counts per kind, the newest first)."""
    _check(query)
    qs = _filtered(query)
    counts = dict(
        qs.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    kinds = sorted(counts, key=lambda k: (order.get(k, len(order)), k))
    english = (translation.get_language() or "").startswith("en")
    groups = []
    for kind in kinds:
        rows = qs.filter(kind=kind).order_by("-published_at", "title_zh")[:per_kind]
        groups.append(
            Group(
                kind=kind,
                name=kind_name(kind),
                count=counts[kind],
                hits=[_hit(r, query.q, english) for r in rows],
            )
        )
    last = SearchIndexBuild.objects.filter(finished_at__isnull=False).first()
    return SearchResult(
        groups=groups,
        total=sum(counts.values()),
        built_at=last.finished_at if last else None,
    )


def kinds_present() -> list[tuple[str, str]]:
    """The kinds the index holds, as (key, name) in the page's order."""
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    kinds = SearchEntry.objects.order_by().values_list("kind", flat=True).distinct()
    return [(k, kind_name(k)) for k in sorted(kinds, key=lambda k: (order.get(k, len(order)), k))]
