"""Evidence the platform already holds is offered with its source and can be attached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qualitas.evaluation.models import Assessment, Evidence, Requirement

pytestmark = pytest.mark.django_db


def test_diagnosis_data_offered_and_attached(world, fw, client_for):
    from qualitas.diagnosis.models import CapabilitySummary, Characteristic, Study

    for k in range(3):
        Characteristic.objects.create(
            enterprise=world.ent_a, name=f"厚度{k}", unit="mm", monitored=True
        )
    now = timezone.now()
    CapabilitySummary.objects.create(
        enterprise=world.ent_a,
        computed_at=now,
        window_start=now - timedelta(days=90),
        window_end=now,
        monitored=3,
        assessed=3,
        capable=2,
        below_one=0,
        share_capable=2 / 3,
        median_cpk=1.41,
    )
    Study.objects.create(enterprise=world.ent_a, kind="gage_rr", title="卡尺 GRR")
    Characteristic.objects.create(
        enterprise=world.ent_c, name="other", unit="mm", monitored=True
    )  # another enterprise's data stays out
    c = client_for("enterprise")
    c.cookies["django_language"] = "en"  # the assertions read English text
    c.post("/evaluation/self/start/")
    a = Assessment.objects.get()
    page = c.get(f"/evaluation/self/{a.pk}/?dim=all").content.decode()
    assert (
        'data-testid="offer-D1.08.L4"' in page
        and "1.41" in page
        and 'data-testid="offer-D1.04.L4"' in page
    )
    assert "control charts on the platform: 3" in page
    req = Requirement.objects.get(framework=fw, code="D1.08.L4")
    r = c.post(
        f"/evaluation/self/{a.pk}/evidence/{req.pk}/",
        {"kind": "platform", "key": "capability", "note": "forged text"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    ev = Evidence.objects.get(assessment=a)
    assert ev.kind == "platform" and "1.41" in ev.note and "forged" not in ev.note and ev.source
    c.post(  # the same data attached again: the service keeps the one row
        f"/evaluation/self/{a.pk}/evidence/{req.pk}/",
        {"kind": "platform", "key": "capability"},
        HTTP_HX_REQUEST="true",
    )
    assert Evidence.objects.filter(assessment=a).count() == 1
    # another enterprise is offered its own data only
    c2 = client_for("other_enterprise")
    c2.cookies["django_language"] = "en"
    c2.post("/evaluation/self/start/")
    a2 = Assessment.objects.exclude(pk=a.pk).get()
    other = c2.get(f"/evaluation/self/{a2.pk}/?dim=all").content.decode()
    assert (
        "control charts on the platform: 1" in other
        and "1.41" not in other
        and 'data-testid="offer-D1.04.L4"' not in other
    )
