"""What every role gets from each diagnosis page and API endpoint (read by tests/core/test_access_matrix.py).

Enterprise data are row-private: ent_a's own users and admins see them; everyone else gets a 404
("not found" and "not allowed" look the same). Authority officers get only the aggregates.
"""

from __future__ import annotations

from typing import Any

from tests.diagnosis.helpers import make_diagnosis
from tests.registry.access_expectations import only


def kwargs(world: Any) -> dict[str, Any]:
    d = make_diagnosis(world)
    return {
        "char_pk": d["char"].pk,
        "study_pk": d["study"].pk,
        "alert_pk": d["alert"].pk,
        "dataset_pk": d["dataset"].pk,
        "job_pk": d["job"].pk,
        "table": "enterprises",
        "fmt": "xlsx",
    }


OWN = only(("enterprise", "admin"), other=404, public=302)
USERS = only(("enterprise", "other_enterprise", "admin"), other=404, public=302)

PAGES = {
    "diagnosis:dashboard": only(
        {"enterprise": 200, "other_enterprise": 200, "admin": 200, "authority": 302},
        other=404,
        public=302,
    ),
    "diagnosis:characteristic_new": USERS,
    "diagnosis:characteristic": OWN,
    "diagnosis:alert": OWN,
    "diagnosis:dataset_new": USERS,
    "diagnosis:dataset": OWN,
    "diagnosis:job": OWN,
    "diagnosis:study_new": USERS,
    "diagnosis:study": OWN,
    "diagnosis:study_report": OWN,
    "diagnosis:study_pdf": OWN,
    "diagnosis:authority": only(("authority", "admin"), other=404, public=302),
    "diagnosis:authority_export": only(("authority", "admin"), other=404, public=302),
    "diagnosis:tokens": USERS,
}

OWN_API = only(("enterprise", "admin"), other=404, public=401)
# every logged-in user gets a list (a partner: what a consent lets it read)
LOGGED_IN = only(
    (
        "enterprise",
        "other_enterprise",
        "evaluator",
        "institution_manager",
        "reviewer",
        "authority",
        "partner",
        "admin",
    ),
    other=401,
)

API = {
    "GET /api/diagnosis/units": 200,
    "GET /api/diagnosis/characteristics": LOGGED_IN,
    "GET /api/diagnosis/characteristics/{char_pk}": OWN_API,
    "GET /api/diagnosis/characteristics/{char_pk}/measurements": OWN_API,
    "GET /api/diagnosis/alerts": LOGGED_IN,
    "GET /api/diagnosis/alerts/{alert_pk}": OWN_API,
    "GET /api/diagnosis/lists": LOGGED_IN,
    "GET /api/diagnosis/studies": LOGGED_IN,
    "GET /api/diagnosis/studies/{study_pk}": OWN_API,
    "GET /api/diagnosis/datasets/{dataset_pk}": OWN_API,
    "GET /api/diagnosis/summary": only(("enterprise", "other_enterprise"), other=404, public=401),
    "GET /api/diagnosis/aggregates": only(("authority", "admin"), other=404, public=401),
}
