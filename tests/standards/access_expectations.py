"""What every role gets from each standards page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published declaration of ent_a's product
and one draft of ent_a's product (version 2)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.registry.models import Product
    from qualitas.standards.models import Declaration
    from tests.standards.factories import declare

    # a product of its own: the registry's walk deletes ent_a's first product
    product, _ = Product.objects.get_or_create(
        enterprise=world.ent_a, name_zh="锂离子电池Z9", defaults={"category": "锂离子电池"}
    )
    published = Declaration.objects.filter(product=product, version=1).first()
    if published is None:
        published = declare(world, product=product)
        declare(world, product=product, publish=False)
    draft = Declaration.objects.get(product=product, version=2)
    return {"declaration_pk": published.pk, "draft_pk": draft.pk}


PAGES = {
    "standards:lookup": 200,
    "standards:catalogue": 200,
    "standards:declaration": 200,
    "standards:my_declarations": only(("enterprise", "other_enterprise"), other=404, public=302),
    "standards:declare": only(("enterprise", "other_enterprise"), other=404, public=302),
}

API = {
    "GET /api/standards/catalogue": 200,
    "GET /api/standards/declarations": 200,
    "GET /api/standards/declarations/{declaration_pk}": 200,
}
