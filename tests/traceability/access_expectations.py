"""What every role gets from each traceability page and API endpoint (read by tests/core/test_access_matrix.py).

The EPCIS binding refuses anonymous requests (401, the public never sees events); a capture's
status, a named query and its subscriptions are their owner's (``enterprise``) and admins'.
Events are the capturer's (ent_a), the Zhejiang authority's and admins'.
"""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

LOGGED_IN = only({}, other=200, public=401)
OWNER = only(("enterprise", "admin"), other=404, public=401)
TRACERS = ("enterprise", "other_enterprise", "authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.core.access import actor_for
    from qualitas.traceability.models import NamedQuery
    from qualitas.traceability.services import capture_process, capture_submit
    from tests.traceability.helpers import COMMISSION, document, give_prefixes

    give_prefixes(world)
    user = world.users["enterprise"]
    capture = capture_submit(actor=actor_for(user), document=document([COMMISSION]))
    capture_process(capture)
    NamedQuery.objects.get_or_create(
        owner=user, name="shipped", defaults={"params": {"EQ_bizStep": "shipping"}}
    )
    from tests.traceability.recall_helpers import published_recall

    return {
        "capture_id": str(capture.capture_id),
        "event_id": COMMISSION["eventID"],
        "name": "shipped",
        "recall_pk": published_recall(world).pk,
        "fmt": "xlsx",
    }


PAGES = {
    "traceability:epcis_capture": LOGGED_IN,
    "traceability:epcis_capture_status": OWNER,
    "traceability:epcis_events": LOGGED_IN,
    "traceability:epcis_event": only(("enterprise", "authority", "admin"), other=404, public=401),
    "traceability:epcis_queries": LOGGED_IN,
    "traceability:epcis_query": only(("enterprise",), other=404, public=401),
    "traceability:epcis_query_events": only(("enterprise",), other=404, public=401),
    "traceability:epcis_subscriptions": only(("enterprise",), other=404, public=401),
    "traceability:trace": only(TRACERS, other=404, public=302),
}

API = {
    # without ?direction=&id= the parameters are refused (422) once the caller is known
    "GET /api/traceability/trace": only({}, other=422, public=401),
}


DESK = only(("enterprise", "authority", "admin"), other=404, public=302)
DESK_USERS = only(("enterprise", "other_enterprise", "authority", "admin"), other=404, public=302)
PAGES.update(
    {
        "traceability:recalls": 200,
        "traceability:recall_feed": 200,
        "traceability:recall_methodology": 200,
        "traceability:recall": 200,
        "traceability:recall_desk": DESK_USERS,
        "traceability:recall_new": DESK_USERS,
        "traceability:recall_manage": DESK,
        "traceability:recall_scope_export": DESK,
    }
)
API.update(
    {
        "GET /api/traceability/recalls": 200,
        "GET /api/traceability/recalls/{recall_pk}": 200,
    }
)
