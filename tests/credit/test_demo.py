"""The credit demo: a few penalties, one listed enterprise, one granted repair and one waiting,
a bank with consents and loans — all through the services, with the corrected terms."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_credit_demo_tells_its_story() -> None:
    from qualitas.credit.demo import credit_demo_load
    from qualitas.credit.models import CreditRecord, ListEntry, LoanDecision, RepairRequest
    from qualitas.credit.selectors import public_records
    from qualitas.registry.demo import demo_registry_load

    demo_registry_load(enterprises=400)
    credit_demo_load()
    assert CreditRecord.objects.filter(status="published").count() == 4
    assert ListEntry.objects.filter(kind="serious", status="published").count() == 1
    statuses = sorted(RepairRequest.objects.values_list("status", flat=True))
    assert statuses == ["granted", "submitted"]
    granted = RepairRequest.objects.get(status="granted")
    assert granted.record is not None and granted.record.publicity_ended_on is not None
    assert granted.record not in list(public_records())
    assert LoanDecision.objects.count() == 2
    credit_demo_load()  # idempotent
    assert CreditRecord.objects.count() == 4
