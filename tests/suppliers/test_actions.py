"""The 8D state machine: from a rejected lot through D1–D7 by the supplier, verification and
closure by the customer; the refusals name the field."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.core.access import Forbidden, actor_for
from qualitas.suppliers import services
from qualitas.suppliers.services import SupplierError
from tests.factories import make_user
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _rejected_lot(world):
    part = supplier_with_part(world)
    actor = customer_actor(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    return services.lot_record_result(actor=actor, lot=lot, nonconforming=5)


def _through_d7(ca, supplier_actor):
    for d in range(1, 8):
        extra = (
            {"whys": ["毛刺", "刀具磨损", "未按时换刀"], "cause_category": "machine"}
            if d == 4
            else {}
        )
        ca = services.action_submit(
            actor=supplier_actor, action=ca, discipline=d, owner="张工", text=f"D{d} 记录", **extra
        )
    return ca


def test_rejected_lot_to_closed_8d(world):
    customer = customer_actor(world)
    supplier_user = actor_for(make_user("sup_b", "enterprise", enterprise=world.ent_b))
    ca = services.action_open_from_lot(actor=customer, lot=_rejected_lot(world))
    assert (ca.source, ca.step, ca.status) == ("rejected_lot", 0, "open")
    ca = _through_d7(ca, supplier_user)
    assert (ca.step, ca.status, ca.cause_category) == (7, "verification", "machine")
    with pytest.raises(Forbidden):  # the supplier does not verify its own action
        services.action_verify(actor=supplier_user, action=ca, effective=True, note="x")
    ca = services.action_verify(actor=customer, action=ca, effective=True, note="3批0缺陷")
    ca = services.action_close(actor=customer, action=ca, note="关闭")
    assert (ca.step, ca.status) == (8, "closed")


def test_close_without_verification_refused(world):
    customer = customer_actor(world)
    ca = services.action_open_from_lot(actor=customer, lot=_rejected_lot(world))
    ca = _through_d7(ca, customer)  # ent_b has no users here: the customer works on it
    with pytest.raises(SupplierError) as err:
        services.action_close(actor=customer, action=ca, note="")
    assert err.value.field == "verification"
    assert "closed only after its effectiveness is verified" in str(err.value)


def test_not_effective_goes_back_to_root_cause(world):
    customer = customer_actor(world)
    ca = services.action_open_from_lot(actor=customer, lot=_rejected_lot(world))
    ca = _through_d7(ca, customer)
    ca = services.action_verify(actor=customer, action=ca, effective=False, note="复发")
    assert (ca.step, ca.status, ca.effective) == (3, "open", False)
    with pytest.raises(SupplierError) as err:
        services.action_submit(actor=customer, action=ca, discipline=6, owner="a", text="b")
    assert err.value.field == "discipline" and "the next discipline is D4" in str(err.value)


def test_root_cause_needs_a_why_and_a_category(world):
    customer = customer_actor(world)
    ca = services.action_open_from_lot(actor=customer, lot=_rejected_lot(world))
    for d in (1, 2, 3):
        ca = services.action_submit(actor=customer, action=ca, discipline=d, owner="a", text="b")
    with pytest.raises(SupplierError) as err:
        services.action_submit(actor=customer, action=ca, discipline=4, owner="a", text="b")
    assert err.value.field == "whys"
    with pytest.raises(SupplierError) as err:
        services.action_submit(
            actor=customer,
            action=ca,
            discipline=4,
            owner="a",
            text="b",
            whys=["w"],
            cause_category="luck",
        )
    assert err.value.field == "cause_category"


def test_other_enterprise_cannot_work_on_it(world):
    ca = services.action_open_from_lot(actor=customer_actor(world), lot=_rejected_lot(world))
    with pytest.raises(Forbidden):
        services.action_submit(
            actor=actor_for(world.users["other_enterprise"]),
            action=ca,
            discipline=1,
            owner="a",
            text="b",
        )
