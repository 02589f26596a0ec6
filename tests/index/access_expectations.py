"""What every role gets from each index page and API endpoint (read by tests/core/test_access_matrix.py).

Path parameters: ``index_pk``-style names so they never clash with other apps. The world has no
index data: pages that need a run say so (200), detail pages of missing records are 404.
"""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

SUPERVISORS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    return {
        "province": "330000",
        "table": "provinces",
        "fmt": "csv",
        "version_pk": 999999,
        "warning_pk": 999999,
        "rule_pk": 999999,
        "job_pk": 999999,
    }


PAGES = {
    "index:dashboard": 200,
    "index:map": 200,
    "index:geo_provinces": 200,
    "index:geo_nine_dash": 200,
    "index:geo_cities": 200,
    # no run yet in the world: the export of a table without data is a 404 for everyone
    "index:export": 404,
    "index:methodology": 200,
    "index:version": 404,
    "index:version_new": only({"admin": 200}, other=404, public=302),
    "index:warnings": only(SUPERVISORS, other=404, public=302),
    "index:warning": only({}, other=404, public=302),
    "index:rules": only(SUPERVISORS, other=404, public=302),
    "index:rule": only({}, other=404, public=302),
    "index:recompute": only(SUPERVISORS, other=404, public=302),
    "index:job": only({}, other=404, public=302),
}

API = {
    "GET /api/index/versions": 200,
    "GET /api/index/versions/{version_pk}": 404,
    "GET /api/index/versions/{version_pk}/runs": 404,
    "GET /api/index/indicators": 200,
    "GET /api/index/map": 404,  # no run yet
    "GET /api/index/trend": 404,
    # authenticated: everyone gets a list, empty unless authority (own regions) or admin
    "GET /api/index/warnings": only({}, other=200, public=401),
    "GET /api/index/warnings/{warning_pk}": only({}, other=404, public=401),
    "GET /api/index/rules": only({}, other=200, public=401),
    "GET /api/index/jobs/{job_pk}": only({}, other=404, public=401),
}
