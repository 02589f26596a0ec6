"""What every role gets from each complaints page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one complaint in Hangzhou sent to ent_a and
one published warning."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from datetime import date

    from qualitas.complaints import services
    from qualitas.complaints.models import Complaint, ProblemWarning
    from qualitas.core.access import actor_for
    from tests.complaints.factories import file

    c = Complaint.objects.filter(product="ACC").first()
    if c is None:
        c, token = file(product="ACC")
        c.tracking = token
        services.complaint_route(
            actor=actor_for(world.users["authority"]),
            complaint=c,
            enterprise_id=world.ent_a.pk,
            today=date(2026, 12, 3),
        )
    w = ProblemWarning.objects.first() or ProblemWarning.objects.create(
        category="battery",
        region_id="330100",
        problem="safety",
        window_start=date(2026, 11, 3),
        window_end=date(2026, 11, 30),
        size=12,
        baseline=1.0,
        threshold=5.0,
        status="published",
        summary="test",
    )
    return {
        "complaint_pk": c.pk,
        "warning_pk": w.pk,
        "token": getattr(c, "tracking", "unknown"),
    }


PAGES = {
    "complaints:intake": 200,
    "complaints:statistics": 200,
    "complaints:methodology": 200,
    "complaints:public_warning": 200,
    # whoever holds the private link (an unknown token: 404, tests/complaints/test_workflow.py)
    "complaints:track": 200,
    "complaints:desk": only(OFFICERS, other=404, public=302),
    # ent_a's complaint in Hangzhou: its users, Zhejiang's officer, admins
    "complaints:complaint": only(("enterprise", "authority", "admin"), other=404, public=302),
    "complaints:warnings": only(OFFICERS, other=404, public=302),
    "complaints:warning": only(OFFICERS, other=404, public=302),
    "complaints:mine": only(("enterprise", "other_enterprise"), other=404, public=302),
}

# filing a complaint needs no account: anonymous POST with an empty body is refused with 422
PUBLIC_WRITES = {"POST /api/complaints/"}

API = {
    "GET /api/complaints/form-token": 200,
    "GET /api/complaints/statistics": 200,
    "GET /api/complaints/warnings": 200,
    "GET /api/complaints/complaints": only({}, other=200, public=401),
    "GET /api/complaints/complaints/{complaint_pk}": only(
        ("enterprise", "authority", "admin"), other=404, public=401
    ),
}
