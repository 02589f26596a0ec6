"""What the registry app contributes to other apps through ``core.providers`` (profile sections,
evaluation evidence, index indicators, credit factors, search documents). Registered from
``AppConfig.ready()``; readers never import this module.

The registry's own profile page shows the registration itself; what it contributes to others is
one search document per registered enterprise (public facts only: names, credit code, region,
industry, products).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from qualitas.core.providers import (
    SearchDocument,
    bilingual,
    headline_provider,
    search_provider,
)
from qualitas.registry.models import Enterprise, Product
from qualitas.registry.selectors import home_counts

# the public figures of the home page: enterprises, provinces, industries, institutions (cached 60 s)
headline_provider(home_counts)

APP = "registry"
CHUNK = 2000


@search_provider
def search_documents() -> Iterator[SearchDocument]:
    """Every registered enterprise with the names of its products, streamed in chunks of
    :data:`CHUNK` (two queries per chunk)."""
    last = 0
    while True:
        rows = list(
            Enterprise.objects.filter(pk__gt=last)
            .order_by("pk")
            .values(
                "pk", "name_zh", "name_en", "credit_code", "region_id", "industry_id", "address"
            )[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        products: dict[int, list[str]] = {}
        for eid, zh, en in Product.objects.filter(
            enterprise_id__in=[r["pk"] for r in rows]
        ).values_list("enterprise_id", "name_zh", "name_en"):
            products.setdefault(eid, []).extend(x for x in (zh, en) if x)
        for r in rows:
            words = [r["name_zh"], r["name_en"], r["credit_code"], r["address"]]
            yield SearchDocument(
                kind="enterprise",
                key=r["credit_code"],
                title=bilingual(r["name_zh"], r["name_en"]),
                text=" ".join(w for w in [*words, *products.get(r["pk"], [])] if w),
                url=reverse("registry:profile", args=[r["pk"]]),
                source_app=APP,
                enterprise_id=r["pk"],
                region_code=r["region_id"],
                industry_code=r["industry_id"],
            )
