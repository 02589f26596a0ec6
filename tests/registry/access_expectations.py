"""What every role gets from each registry page and API endpoint (read by tests/core/test_access_matrix.py).

Keys: URL names for pages, ``"METHOD /api/path"`` for endpoints. Values: the status each role
gets on a GET, as a dict, or one int for all roles. Path parameters come from ``kwargs(world)``.
"""

from __future__ import annotations

from typing import Any

R = (
    "public",
    "enterprise",
    "other_enterprise",
    "evaluator",
    "institution_manager",
    "reviewer",
    "authority",
    "partner",
    "admin",
)


def only(
    ok: dict[str, int] | tuple[str, ...], *, other: int, public: int | None = None
) -> dict[str, int]:
    allowed = ok if isinstance(ok, dict) else dict.fromkeys(ok, 200)
    out = {r: allowed.get(r, other) for r in R}
    if public is not None and "public" not in allowed:
        out["public"] = public
    return out


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.registry.models import Site

    # the world has no site: one in ent_a for the site edit page (idempotent)
    site, _ = Site.objects.get_or_create(
        enterprise=world.ent_a, name="总部工厂", defaults={"region_id": "330100"}
    )
    return {
        "pk": world.ent_a.pk,
        "fmt": "csv",
        "registry_job_pk": 10**9,
        "product_pk": world.ent_a.products.first().pk,
        "site_pk": site.pk,
        "contact_pk": world.ent_a.contacts.first().pk,
        "consent_pk": 10**9,
        "institution_pk": world.institution.pk,
        "table": "provinces",
    }


# ent_a (Hangzhou) may be edited by its own users, Zhejiang's authority officer and admins
EDITORS = only(("enterprise", "authority", "admin"), other=404, public=302)


PAGES = {
    "home": 200,
    "login": 200,
    "healthz": 200,
    "registry:search": 200,
    "registry:export": 200,
    "registry:profile": 200,
    "registry:stats": only(("authority", "admin"), other=404, public=302),
    "registry:stats_export": only(("authority", "admin"), other=404, public=302),
    "registry:import": only(("authority", "admin"), other=404, public=302),
    # no such job: a 404 for everyone, never a 500
    "registry:job": only({}, other=404, public=302),
    "registry:import_template": only(("authority", "admin"), other=404, public=302),
    "registry:enterprise_create": only(("authority", "admin"), other=404, public=302),
    "registry:enterprise_edit": EDITORS,
    "registry:product_new": EDITORS,
    "registry:product": EDITORS,
    "registry:site_new": EDITORS,
    "registry:site": EDITORS,
    "registry:contact_new": EDITORS,
    "registry:contact": EDITORS,
    # an enterprise user's own consents; nobody else has any to manage
    "registry:consents": only(("enterprise", "other_enterprise"), other=404, public=302),
    # POST only: a GET is 405 for every logged-in user, whoever owns the consent
    "registry:consent_withdraw": only({}, other=405, public=302),
    "registry:institutions": 200,
    "registry:institution": 200,
}

API = {
    "GET /api/registry/regions": 200,
    "GET /api/registry/industries": 200,
    "GET /api/registry/institutions": 200,
    "GET /api/registry/enterprises": 200,
    "GET /api/registry/enterprises/export": 200,
    "GET /api/registry/enterprises/{pk}": 200,
    # ent_a is in Hangzhou: its own users, Zhejiang's authority and admins see contacts
    "GET /api/registry/enterprises/{pk}/contacts": only(
        ("enterprise", "authority", "admin"), other=404, public=401
    ),
    "GET /api/registry/stats": 200,
    "GET /api/registry/jobs/{registry_job_pk}": only({}, other=404, public=401),
}
