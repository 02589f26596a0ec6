"""Reads of the registry. Private rows (contacts, sites) only through ``core.access``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Case, Count, IntegerField, Model, Q, QuerySet, Value, When
from django.utils import translation

from qualitas.core.access import (
    Actor,
    NotFound,
    aggregate_min_group,
    aggregate_scope,
    can_see_private,
    enterprise_region_q,
)
from qualitas.core.choices import ConsentScope
from qualitas.registry.models import Contact, Enterprise, Industry, Institution, Product, Region
from qualitas.registry.search import CJK_FRAGMENT, query_tokens

_M = TypeVar("_M", bound=Model)

SORTS = {
    "name": "name_zh",
    "-name": "-name_zh",
    "name_en": "name_en",
    "-name_en": "-name_en",
    "code": "credit_code",
    "-code": "-credit_code",
    "region": "region_id",
    "-region": "-region_id",
    "industry": "industry_id",
    "-industry": "-industry_id",
    "founded": "founded",
    "-founded": "-founded",
}


@dataclass(frozen=True, kw_only=True)
class EnterpriseQuery:
    """Filters of the enterprise search, shared by the page and the API (one definition)."""

    q: str = ""
    region: str = ""
    industry: str = ""
    size_class: str = ""
    status: str = ""
    sort: str = "name"


def token_filter(
    qs: QuerySet[_M], tokens: list[str], *, field: str = "search_tokens"
) -> QuerySet[_M]:
    """Rows whose ``field`` (stored tokens) holds every token (ADR 0002): on PostgreSQL a GIN
    index on ``string_to_array(field, ' ')`` with ``@>``; on SQLite a conjunction of ``LIKE``.
    Shared by every model that stores search tokens (enterprises, the registers' cases, the
    portal's index, …)."""
    if not tokens:
        return qs
    if connection.vendor == "postgresql":
        # Served by a GIN index on string_to_array(<field>, ' ') (registry migration 0002, …).
        # Qualified: a joined table (a case's enterprise) may have search tokens too.
        table = connection.ops.quote_name(qs.model._meta.db_table)
        column = connection.ops.quote_name(field)  # a plain text field: its column is its name
        return qs.extra(
            where=[f"string_to_array({table}.{column}, ' ') @> %s::text[]"], params=[tokens]
        )
    for token in tokens:
        qs = qs.filter(**{f"{field}__contains": f" {token} "})
    return qs


def token_search(
    qs: QuerySet[_M], q: str, texts: Sequence[str], *, field: str = "search_tokens"
) -> QuerySet[_M]:
    """Every token of ``q`` in the stored tokens; each Chinese fragment re-checked as a
    substring of one of ``texts`` (lookups), so bigrams that occur apart make no hit."""
    qs = token_filter(qs, query_tokens(q), field=field)
    runs = CJK_FRAGMENT.findall(q or "")
    for run in runs:
        cond = Q()
        for f in texts:
            cond |= Q(**{f"{f}__contains": run})
        qs = qs.filter(cond)
    # a lookup across a relation may repeat a row
    return qs.distinct() if runs and any("__" in f for f in texts) else qs


#: A credit-code prefix is searched from this many characters (the first 8: authority, entity
#: type and the six-digit division of registration); shorter digit strings are name words.
CODE_PREFIX_MIN = 8
#: Relevance of a name match (the alias ``match_rank``): the whole name, its beginning, elsewhere.
EXACT, LEADING, CONTAINED = 0, 1, 2


def _is_code_part(code: str) -> bool:
    return CODE_PREFIX_MIN <= len(code) <= 18 and code.isalnum() and any(c.isdigit() for c in code)


def _match_rank(text: str) -> Case:
    """Exact names first, then names that begin with the query, then names containing it
    elsewhere (e.g. across a word boundary: 海宁 in 上海宁远…)."""
    frag = "".join(text.split())
    if any("\u3400" <= ch <= "\u9fff" for ch in text):
        exact, leading = Q(name_zh=frag), Q(name_zh__startswith=frag)
    else:
        exact, leading = Q(name_en__iexact=text), Q(name_en__istartswith=text)
    return Case(
        When(exact, then=Value(EXACT)),
        When(leading, then=Value(LEADING)),
        default=Value(CONTAINED),
        output_field=IntegerField(),
    )


def enterprise_search(*, query: EnterpriseQuery) -> QuerySet[Enterprise]:
    """Public enterprise search: name fragment (Chinese ≥ 2 characters, English words), credit
    code or its prefix (≥ 8 characters), filters. A name search in the default order ranks exact
    names, then names beginning with the fragment, then the rest, each by name."""
    qs = Enterprise.objects.select_related("region", "industry", "province")
    text = query.q.strip()
    ranked = False
    if text:
        code = text.upper()
        if _is_code_part(code):  # the whole code, or its first characters (btree / LIKE 'x%')
            qs = (
                qs.filter(credit_code=code)
                if len(code) == 18
                else qs.filter(credit_code__startswith=code)
            )
        else:
            tokens = query_tokens(text)
            qs = token_filter(qs, tokens)
            if any("\u3400" <= ch <= "\u9fff" for ch in text):
                # Re-check: all bigrams present does not prove the fragment is contiguous.
                qs = qs.filter(name_zh__contains="".join(text.split()))
            if query.sort == "name":
                qs = qs.alias(match_rank=_match_rank(text))
                ranked = True
    if query.region:
        qs = qs.filter(enterprise_region_q(query.region))
    if query.industry:
        ind = query.industry.upper()
        if len(ind) == 1:  # a section: enterprises are classified by division
            qs = qs.filter(industry__parent_id=ind)
        else:  # a division, or a group (searched as its division)
            qs = qs.filter(industry_id=ind[:3])
    if query.size_class:
        qs = qs.filter(size_class=query.size_class)
    if query.status:
        qs = qs.filter(status=query.status)
    if ranked:
        return qs.order_by("match_rank", "name_zh", "pk")
    order = SORTS.get(query.sort, "name_zh")
    return qs.order_by(order, "pk")


def enterprise_get(*, pk: int) -> Enterprise:
    """A public enterprise profile (public fields only) or NotFound."""
    try:
        return Enterprise.objects.select_related(
            "region", "region__parent", "industry", "industry__parent", "province"
        ).get(pk=pk)
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def enterprise_get_private(
    *, actor: Actor, pk: int, scope: str = ConsentScope.CONTACTS
) -> Enterprise:
    """An enterprise whose private data of ``scope`` the actor may see, else NotFound (same as missing)."""
    enterprise = enterprise_get(pk=pk)
    if not can_see_private(actor, enterprise, scope=scope):
        raise NotFound
    return enterprise


def contacts_for(*, actor: Actor, pk: int) -> QuerySet[Contact]:
    """Contacts of an enterprise, only with row or consent access."""
    enterprise = enterprise_get_private(actor=actor, pk=pk, scope=ConsentScope.CONTACTS)
    return enterprise.contacts.all()


def regions_list(*, level: str = "", parent: str = "") -> QuerySet[Region]:
    """The region code list (public facts), optionally one level or the children of one parent."""
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs


def industries_list(*, level: str = "", parent: str = "") -> QuerySet[Industry]:
    """The industry code list (public facts), optionally one level or the children of one parent."""
    qs = Industry.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent.upper())
    return qs


def region_by_code(*, code: str) -> Region | None:
    """One region of the code list by its code (public facts), or None."""
    return Region.objects.filter(code=code).first()


def enterprise_by_credit_code(*, credit_code: str) -> Enterprise | None:
    """The enterprise registered under a credit code (public: the code is on every licence), or None.

    The code is compared as written on the licence: surrounding spaces dropped, upper case.
    """
    return Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()


def institutions_list(*, kind: str = "") -> QuerySet[Institution]:
    """Institutions (public: names, kinds and regions), optionally of one kind."""
    qs = Institution.objects.select_related("region")
    return qs.filter(kind=kind) if kind else qs


@dataclass(frozen=True, kw_only=True)
class GroupCount:
    """How many enterprises one province or one manufacturing division has in the actor's scope.

    ``n`` is None and ``withheld`` True when the group is smaller than the minimum group size.
    """

    code: str
    name_zh: str
    name_en: str
    n: int | None
    withheld: bool

    @property
    def name(self) -> str:
        """The name in the active language (Chinese when there is no English one)."""
        english = (translation.get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name_zh


@dataclass(frozen=True, kw_only=True)
class RegistryStats:
    """The aggregate counts of the registry (the stats page and ``/api/registry/stats``)."""

    total: int
    min_group: int
    by_province: tuple[GroupCount, ...]
    by_industry: tuple[GroupCount, ...]


def registry_stats(*, actor: Actor, min_group: int | None = None) -> RegistryStats:
    """Aggregate counts by province and by manufacturing division, scoped for authority officers.

    Groups with fewer than ``min_group`` enterprises (default: what
    :func:`~qualitas.core.access.aggregate_min_group` gives the actor — every group for a reader
    who can list the same enterprises row by row) are withheld: their count is not reported.
    """
    if min_group is None:
        min_group = aggregate_min_group(actor)
    qs = aggregate_scope(actor, Enterprise.objects.all())

    def groups(key: str) -> tuple[GroupCount, ...]:
        rows = (
            qs.values_list(f"{key}_id", f"{key}__name_zh", f"{key}__name_en")
            .annotate(n=Count("pk"))
            .order_by(f"{key}_id")
        )
        return tuple(
            GroupCount(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                n=None if n < min_group else n,
                withheld=n < min_group,
            )
            for code, name_zh, name_en, n in rows
        )

    return RegistryStats(
        total=qs.count(),
        min_group=min_group,
        by_province=groups("province"),
        by_industry=groups("industry"),
    )


def enterprises_for_export(qs: QuerySet[Enterprise], *, english: bool = False) -> Any:
    """Rows for CSV/XLSX export of a search result (public fields only); the region's and the
    industry's names in English when ``english`` (else, and for machine headers, Chinese)."""
    lang = "en" if english else "zh"
    return qs.values_list(
        "credit_code",
        "name_zh",
        "name_en",
        "province_id",
        "region_id",
        f"region__name_{lang}",
        "industry_id",
        f"industry__name_{lang}",
        "size_class",
        "status",
    )


def tokens_any(q: str) -> Q:
    """Exposed for tests: the Q object a name query turns into on SQLite."""
    cond = Q()
    for token in query_tokens(q):
        cond &= Q(search_tokens__contains=f" {token} ")
    return cond


def home_counts() -> dict[str, int]:
    """Headline counts for the home page."""
    from django.core.cache import cache

    counts: dict[str, int] | None = cache.get("qualitas:home_counts")
    if counts is None:
        counts = {
            "enterprises": Enterprise.objects.count(),
            "provinces": Enterprise.objects.values("province_id").distinct().count(),
            "industries": Enterprise.objects.values("industry_id").distinct().count(),
            "institutions": Institution.objects.count(),
        }
        cache.set("qualitas:home_counts", counts, 60)
    return counts


SEARCH_CACHE_SECONDS = 30
# Counting every match of a common fragment ("有限公司" matches all) costs a scan of the table;
# lists count up to this many and then say "more than" (the user narrows the search).
COUNT_CAP = 2000


DENSE_MATCHES = 8000


def fetch_page(qs: QuerySet[Any], start: int, stop: int, *, many: bool) -> list[Any]:
    """Rows ``start:stop`` of an ordered search.

    Only name searches pass ``many``: for plain column filters the planner's estimates are good.
    When more rows match than are counted (``many``) — and, checked here, more than
    ``DENSE_MATCHES``, so that walking the ordering index meets a match every few hundred rows
    at worst — PostgreSQL's estimate for the token
    containment is far too low and it would sort every match (70,000 rows for "装备有限": 0.4 s).
    Reading the ordering index and filtering stops after the page instead (16 ms), so for this
    one query bitmap scans, sequential scans and explicit sorts are switched off (``SET LOCAL``,
    this transaction only), which leaves the planner the ordered index scan.
    """
    if (
        many
        and connection.vendor == "postgresql"
        and qs.order_by().values("pk")[DENSE_MATCHES : DENSE_MATCHES + 1].exists()
    ):
        if "match_rank" not in qs.query.annotations:
            return _index_ordered(qs, start, stop)
        # ranked name search: the exact and leading matches (few, sorted), then the rest in the
        # order of the name index
        lead = qs.filter(match_rank__lt=CONTAINED)
        n_lead = lead.order_by().values("pk")[: stop + 1].count()
        rows = list(lead[start:stop]) if start < n_lead else []
        if len(rows) < stop - start:
            rest = qs.filter(match_rank=CONTAINED).order_by("name_zh", "pk")
            rows += _index_ordered(rest, max(0, start - n_lead), stop - n_lead)
        return rows
    return list(qs[start:stop])


def _index_ordered(qs: QuerySet[Any], start: int, stop: int) -> list[Any]:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off"
        )
        return list(qs[start:stop])


def capped_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """(count, capped): the exact count up to ``COUNT_CAP``, else ``COUNT_CAP`` and True."""
    n = (
        qs.select_related(None).order_by().values("pk")[: COUNT_CAP + 1].count()
    )  # no joins to count
    return (COUNT_CAP, True) if n > COUNT_CAP else (n, False)


_LIST_FIELDS = (
    "id",
    "credit_code",
    "name_zh",
    "name_en",
    "region_id",
    "province_id",
    "industry_id",
    "size_class",
    "status",
    "region__name_zh",
    "industry__name_zh",
)


def search_version() -> int:
    """A counter bumped by every registry write; part of every search cache key."""
    from django.core.cache import cache

    return int(cache.get("registry:search:v") or 0)


def search_invalidate() -> None:
    """Called by the services after a write: cached search pages of older versions are never served again."""
    from django.core.cache import cache

    try:
        cache.incr("registry:search:v")
    except ValueError:
        cache.set("registry:search:v", 1, None)


def search_page_cached(*, query: EnterpriseQuery, page: int, page_size: int) -> bytes:
    """One page of the public search as JSON bytes, cached for ``SEARCH_CACHE_SECONDS``.

    Public fields only, so one cache entry serves every visitor. With a shared cache (Redis,
    ``REDIS_URL``) writes invalidate at once through the version counter; with the per-process
    default a page may be up to 30 s old in another process.
    """
    import hashlib
    import json

    from django.core.cache import cache

    key = (
        "registry:search:"
        + hashlib.sha1(f"{search_version()}|{query}|{page}|{page_size}".encode()).hexdigest()
    )
    body: bytes | None = cache.get(key)
    if body is not None:
        return body
    qs = enterprise_search(query=query)
    count, capped = capped_count(qs)
    pages = max(1, -(-count // page_size))
    rows = fetch_page(
        qs.values(*_LIST_FIELDS),
        (page - 1) * page_size,
        page * page_size,
        many=capped and bool(query.q.strip()),
    )
    items = [
        {
            "id": r["id"],
            "credit_code": r["credit_code"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "region": r["region_id"],
            "province": r["province_id"],
            "industry": r["industry_id"],
            "size_class": r["size_class"],
            "status": r["status"],
            "region_name": r["region__name_zh"],
            "industry_name": r["industry__name_zh"],
        }
        for r in rows
    ]
    body = json.dumps(
        {"items": items, "count": count, "count_capped": capped, "page": page, "pages": pages},
        ensure_ascii=False,
    ).encode()
    cache.set(key, body, SEARCH_CACHE_SECONDS)
    return body


def products_of(*, enterprise_id: int) -> QuerySet[Product]:
    """An enterprise's products (public facts: name, category, model), for other apps' forms."""
    return Product.objects.filter(enterprise_id=enterprise_id).order_by("name_zh", "pk")


def product_get(*, pk: Any) -> Product:
    """One product with its enterprise, or NotFound."""
    try:
        return Product.objects.select_related("enterprise").get(pk=pk)
    except (Product.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
