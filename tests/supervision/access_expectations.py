"""What every role gets from each supervision page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published Zhejiang campaign with a
qualified sample of ent_a (Hangzhou)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.supervision.models import Campaign, ProductRule
    from tests.supervision.factories import published_fast

    c = Campaign.objects.filter(code="ACC-1").first() or published_fast(world, "ACC-1")
    return {
        "campaign_pk": c.pk,
        "sample_pk": c.samples.get().pk,
        "rule_pk": ProductRule.objects.order_by("pk").first().pk,
        "table": "qualified",
        "fmt": "csv",
        "stage": "initial",
    }


PAGES = {
    "supervision:results": 200,
    "supervision:rules": 200,
    "supervision:rule": 200,
    "supervision:methodology": 200,
    "supervision:result": 200,
    "supervision:frame": 200,
    "supervision:export": 200,
    "supervision:campaigns": only(OFFICERS, other=404, public=302),
    "supervision:campaign_new": only(OFFICERS, other=404, public=302),
    "supervision:campaign": only(OFFICERS, other=404, public=302),
    "supervision:my_samples": only(("enterprise", "other_enterprise"), other=404, public=302),
    # ent_a's sample: its own users, Zhejiang's officer, admins
    "supervision:sample": only(("enterprise", "authority", "admin"), other=404, public=302),
}

API = {
    "GET /api/supervision/rules": 200,
    "GET /api/supervision/results": 200,
    "GET /api/supervision/results/{campaign_pk}": 200,
    "GET /api/supervision/campaigns": only({}, other=200, public=401),
    # published: every logged-in user sees it
    "GET /api/supervision/campaigns/{campaign_pk}": only({}, other=200, public=401),
    "GET /api/supervision/samples": only({}, other=200, public=401),
    "GET /api/supervision/samples/{sample_pk}": only(
        ("enterprise", "authority", "admin"), other=404, public=401
    ),
}
