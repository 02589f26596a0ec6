"""The one search page: every published record, grouped by kind, with filters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qualitas.core.errors import DomainError
from qualitas.portal import selectors, services
from qualitas.portal.forms import SearchForm


def search(request: HttpRequest) -> HttpResponse:
    """Search every published record; an empty query lists the newest of each kind."""
    services.search_index_refresh_if_stale()
    form = SearchForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        query = selectors.SearchQuery(
            q=d["q"].strip(),
            kind=d["kind"],
            region=d["region"],
            industry=d["industry"],
            since=d["since"],
            until=d["until"],
        )
        try:
            result = selectors.search(query, per_kind=100 if query.kind else 10)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    elif not form.is_bound:
        result = selectors.search(selectors.SearchQuery())
    status = 200 if form.is_valid() or not form.is_bound else 422
    return render(request, "portal/search.html", {"form": form, "result": result}, status=status)
