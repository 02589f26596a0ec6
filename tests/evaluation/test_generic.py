"""Generic list/detail/create tests of evaluation campaigns, per role (tests/generic.py).

Self-assessments are not CRUD-shaped (started by a POST, answered question by question,
submitted once): tests/evaluation/test_pages.py and test_workflow.py cover them by hand.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from qualitas.evaluation.models import Assignment, Campaign, Framework
from tests.generic import GenericModelTests
from tests.registry.access_expectations import only

pytestmark = pytest.mark.django_db


def _deadline() -> Any:
    return timezone.localdate() + timedelta(days=60)


class TestCampaign(GenericModelTests):
    """A Zhejiang campaign with ent_a assigned to the world's institution: Zhejiang's authority,
    the institution's manager and reviewer, and admins see it."""

    model = Campaign
    label_field = "name"
    list_page = "evaluation:campaigns"
    detail_page = "evaluation:campaign"
    create_page = "evaluation:campaign_new"
    bad_form = ({"deadline": "2020-01-01"}, "deadline")
    api_list = "/api/evaluation/campaigns"
    api_create = "/api/evaluation/campaigns"
    api_write = only({"authority": 201, "admin": 201}, other=403, public=401)
    bad_payload = ({"region": "999999"}, "region")

    def make(self, world: Any, label: str) -> Campaign:
        c = Campaign.objects.create(
            name=label,
            framework=Framework.objects.get(code="qmc", version="1.0"),
            region_id="330000",
            deadline=_deadline(),
        )
        Assignment.objects.create(
            campaign=c, enterprise=world.ent_a, institution=world.institution, deadline=_deadline()
        )
        return c

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"campaign_pk": obj.pk} if obj is not None else {}

    def form(self, world: Any, label: str) -> dict[str, Any]:
        return self.payload(world, label) | {"institutions": [str(world.institution.pk)]}

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {
            "name": label,
            "region": "330000",
            "deadline": _deadline().isoformat(),
            "limit": 10,
            "institutions": [world.institution.pk],
        }
