"""What every role gets from each credit page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published fine of ent_a (Hangzhou)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.credit.models import CreditRecord
    from tests.credit.factories import published_record

    rec = CreditRecord.objects.filter(decision_no="ACC-CR-1").first() or published_record(
        world, decision_no="ACC-CR-1"
    )
    return {"record_pk": rec.pk}


PAGES = {
    "credit:penalties": 200,
    "credit:penalty": 200,
    "credit:desk": only(OFFICERS, other=404, public=302),
    "credit:record_new": only(OFFICERS, other=404, public=302),
    # ent_a's record: its own users, Zhejiang's officer, admins
    "credit:record": only(("enterprise", "authority", "admin"), other=404, public=302),
}

API = {
    "GET /api/credit/penalties": 200,
    "GET /api/credit/penalties/{record_pk}": 200,
}
