"""REST endpoint of the one search (mounted at /api/portal/; public: it holds only published
records). Thin: the same query and rules as the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router

from qualitas.portal import selectors
from qualitas.portal.schemas import SearchOut

router = Router(tags=["portal"])


@router.get(
    "/search",
    response=SearchOut,
    summary="Search every published record, grouped by kind",
    description=(
        "Tokens as in the enterprise search: Chinese fragments of two characters or more, Latin "
        "words; filters by kind, region (any level), industry and publication date. "
        "`per_kind` records of each kind, the newest first (1–100)."
    ),
)
def search(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    region: str = "",
    industry: str = "",
    since: date | None = None,
    until: date | None = None,
    per_kind: int = 10,
) -> Any:
    query = selectors.SearchQuery(
        q=q.strip(), kind=kind, region=region, industry=industry, since=since, until=until
    )
    return selectors.search(query, per_kind=max(1, min(per_kind, 100)))
