"""The evaluation demo loads once, in every state, and is idempotent."""

from __future__ import annotations

import pytest

from qualitas.evaluation.demo import evaluation_demo_load
from qualitas.evaluation.models import Assessment, Assignment, Campaign, Result
from tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_and_is_idempotent(world, fw):
    for k in range(40):
        make_enterprise(
            name_zh=f"示例{k}有限公司",
            region=("330100", "320500", "440300")[k % 3],
            industry=("C38", "C34")[k % 2],
        )
    out = evaluation_demo_load(seed=1, self_assessments=30, campaign_size=40)
    assert out["created"] and out["assignments"] == 40
    assert Assessment.objects.filter(status="submitted").count() >= 30
    states = set(Assignment.objects.values_list("status", flat=True))
    assert {"published", "pending", "assigned"} <= states
    published = Result.objects.filter(status="published")
    assert published.exists() and all(r.valid_until and r.series == r.pk for r in published)
    # a certificate for every level, none for a result that reached no level (issue 11, item 3)
    assert all(bool(r.certificate_code) is (r.level >= 1) for r in published)
    assert published.filter(level=0).exists() and published.filter(level__gte=1).exists()
    assert evaluation_demo_load(seed=1, self_assessments=30, campaign_size=40) == {"created": False}
    assert Campaign.objects.count() == 1


def test_application_demo_has_every_state_and_is_idempotent(world, fw):
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from qualitas.core.models import Profile
    from qualitas.evaluation.demo import applications_demo_load
    from qualitas.evaluation.models import Application, DocumentReview, OnsitePlan, Qualification

    manager = get_user_model().objects.create_user("manager")
    Profile.objects.create(user=manager, role="institution_manager", institution=world.institution)
    Qualification.objects.create(
        user=world.users["evaluator"], title="评价员", valid_from=date(2020, 1, 1)
    )
    for k in range(12):
        e = make_enterprise(name_zh=f"申请{k}有限公司", region="330100", industry="C38")
        Assessment.objects.create(
            enterprise=e, framework=fw, status="submitted", submitted_at=timezone.now(), level=2
        )
    assert applications_demo_load(seed=3)["applications"] == 11
    assert set(Application.objects.values_list("status", flat=True)) == {
        "submitted",
        "accepted",
        "declined",
        "withdrawn",
    }
    assert set(DocumentReview.objects.values_list("status", flat=True)) == {
        "open",
        "more_requested",
        "passed",
    }
    assert set(OnsitePlan.objects.values_list("status", flat=True)) == {
        "sent",
        "change_requested",
        "confirmed",
    }
    assert all(
        a.assignment.campaign_id is None for a in Application.objects.filter(status="accepted")
    )
    assert applications_demo_load(seed=3) == {"created": False}
    assert Application.objects.count() == 11
