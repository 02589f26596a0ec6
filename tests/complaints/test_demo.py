"""The demo's complaints: a cluster detected and confirmed as a warning, complaints of the demo
enterprise in each state; loading twice changes nothing."""

from __future__ import annotations

import pytest

from qualitas.complaints.choices import ComplaintStatus, WarningStatus
from qualitas.complaints.demo import DEMO_PRODUCT, complaints_demo_load
from qualitas.complaints.models import Complaint, ProblemWarning
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_has_a_confirmed_cluster_and_complaints_in_each_state(world):
    make_user("authority", "authority", regions=["330000"])
    make_user("enterprise", "enterprise", enterprise=world.ent_a)
    complaints_demo_load()
    w = ProblemWarning.objects.get()
    assert (w.category, w.problem, w.region_id) == ("battery", "safety", "330100")
    assert w.status == WarningStatus.CONFIRMED
    assert set(w.evidence.values_list("product", flat=True)) == {DEMO_PRODUCT}
    assert w.size == 14
    mine = Complaint.objects.filter(enterprise=world.ent_a)
    assert mine.filter(status=ComplaintStatus.RESPONDED).count() == 1
    assert mine.filter(status=ComplaintStatus.ESCALATED).count() == 1
    assert mine.filter(status=ComplaintStatus.ROUTED).count() == 12
    n = Complaint.objects.count()
    complaints_demo_load()
    assert Complaint.objects.count() == n == 314
