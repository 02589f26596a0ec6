"""On-time delivery in scorecards (hand-worked, with the enterprise's grace days and weight);
scorecard classes setting conditional / blocked approval; overdue 8D notification and escalation;
the scorecards in the evaluation's chain view, the supplier's level only where it consented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from qualitas.core.access import actor_for
from qualitas.core.providers import collect_deadlines, collect_todo
from qualitas.suppliers import selectors, services
from qualitas.suppliers.models import Supplier
from qualitas.suppliers.scorecards import DEFAULT_LIMITS, DEFAULT_WEIGHTS, Scorecard, score
from tests.evaluation.conftest import fw, submitted_assessment  # noqa: F401 (fixture)
from tests.factories import make_user
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_on_time_delivery_weighted_by_hand():
    # 10 lots decided, 1 rejected → lots 90; 800 inspected, 0 nonconforming → quality 100;
    # 8 lots with a promised date, 6 on time → delivery 75; no audit, no 8D.
    # (100×40 + 90×30 + 75×20) / (40 + 30 + 20) = 8200 / 90 = 91.11 → A
    card = Scorecard(
        supplier_id=1, code="S", name="s", lots=10, rejected=1, inspected=800, due_lots=8, on_time=6
    )
    score(card, weights=DEFAULT_WEIGHTS, limits=DEFAULT_LIMITS)
    assert card.on_time_rate == 0.75
    assert card.components == {"ppm": 100.0, "lots": 90.0, "delivery": 75.0}
    assert card.score == pytest.approx(8200 / 90)
    assert card.score_class == "A"
    # the enterprise weighs delivery alone: the score is the on-time share
    score(card, weights={"delivery": 1.0}, limits=DEFAULT_LIMITS)
    assert card.score == 75.0 and card.score_class == "B"


def _deliveries(world):
    """Five lots promised for 10 March 2026: received on the 8th, the 10th, the 11th (1 day late)
    and the 15th (5 days late) and one with no promised date (not counted)."""
    actor = customer_actor(world)
    part = supplier_with_part(world)
    due = date(2026, 3, 10)
    for i, (received, promised) in enumerate(
        [(date(2026, 3, 8), due), (due, due), (date(2026, 3, 11), due), (date(2026, 3, 15), due),
         (date(2026, 3, 20), None)]
    ):  # fmt: skip
        services.lot_receive(
            actor=actor,
            part=part,
            lot_number=f"D{i}",
            lot_size=100,
            received_on=received,
            due_on=promised,
        )
    return actor, part


@pytest.mark.parametrize(("grace", "on_time", "cls"), [(0, 2, "C"), (1, 3, "B"), (5, 4, "A")])
def test_on_time_delivery_read_from_lots_with_grace_days(world, grace, on_time, cls):
    actor, part = _deliveries(world)
    (card,) = selectors.scorecards(
        actor=actor,
        customer_id=world.ent_a.pk,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        limits={"grace_days": grace},
    )
    # no lot decided yet: delivery is the only component, so the score is the on-time share
    assert (card.due_lots, card.on_time) == (4, on_time)
    assert card.score == pytest.approx(100 * on_time / 4) and card.score_class == cls


def test_scorecards_page_shows_delivery_and_applies_the_chosen_classes(world, client_for):
    actor, part = _deliveries(world)
    c = client_for("enterprise")
    q = (
        "start=2026-03-01&end=2026-03-31&w_ppm=40&w_lots=30&w_delivery=20&w_audit=20&w_actions=10"
        "&grace_days=0&ppm_limit=1000&a=85&b=70&class_b=conditional&class_c=blocked"
    )
    page = c.get(f"/suppliers/scorecards/?{q}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "50 % (2/4)" in page and 'data-testid="apply-classes"' in page
    r = c.get(f"/suppliers/scorecards.csv?{q}", HTTP_ACCEPT_LANGUAGE="en")
    export = b"".join(r.streaming_content).decode("utf-8-sig")
    assert "On-time delivery rate" in export.splitlines()[0] and ",4,0.5," in export
    r = c.post(f"/suppliers/scorecards/?{q}")
    assert r.status_code == 302
    assert Supplier.objects.get(pk=part.supplier_id).status == "blocked"  # class C
    # B never lifts a blocked supplier to conditional
    q_b = q.replace("grace_days=0", "grace_days=1")
    c.post(f"/suppliers/scorecards/?{q_b}")
    assert Supplier.objects.get(pk=part.supplier_id).status == "blocked"
    # the change is on the audit chain with its reason
    from qualitas.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="suppliers.supplier_status").get()
    assert entry.changes["status"] == "blocked" and "class C" in entry.changes["reason"]


def test_only_b_and_c_change_approval_and_only_as_allowed(world):
    actor = customer_actor(world)
    with pytest.raises(services.SupplierError) as e:
        services.check_class_policy({"A": "blocked"})
    assert e.value.field == "classes"
    with pytest.raises(services.SupplierError) as e:
        services.check_class_policy({"B": "blocked"})
    assert e.value.field == "classes"
    part = supplier_with_part(world)
    with pytest.raises(services.SupplierError) as e:
        services.supplier_set_status(actor=actor, supplier=part.supplier, status="x", reason="r")
    assert e.value.field == "status"


def test_overdue_8d_is_notified_then_escalated_to_both_sides(world):
    actor = customer_actor(world)
    part = supplier_with_part(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    lot = services.lot_record_result(actor=actor, lot=lot, nonconforming=5)
    today = timezone.localdate()
    ca = services.action_open_from_lot(actor=actor, lot=lot, opened_on=today - timedelta(days=40))
    supplier = actor_for(make_user("sup_b", "enterprise", enterprise=world.ent_b))
    stranger = actor_for(world.users["other_enterprise"])
    due = ca.due_on  # opened 40 days ago + 30 days: 10 days overdue
    assert (today - due).days == 10
    for who in (actor, supplier):
        (d,) = [x for x in collect_deadlines(who, today) if x.source_app == "suppliers"]
        assert d.key == f"suppliers.8d:{ca.pk}:overdue" and d.params["days"] == 10
        (todo,) = [t for t in collect_todo(who) if t.key == "suppliers.8d_overdue"]
        assert todo.count == 1
    assert not [x for x in collect_deadlines(stranger, today) if x.source_app == "suppliers"]
    later = today + timedelta(days=4)  # 14 days overdue: escalated
    (d,) = [x for x in collect_deadlines(actor, later) if x.source_app == "suppliers"]
    assert d.key == f"suppliers.8d:{ca.pk}:escalated" and "Escalated" in d.message


def test_chain_view_shows_scorecards_and_the_level_only_with_consent(world, fw, client_for):  # noqa: F811
    from qualitas.evaluation import services as ev

    actor = customer_actor(world)
    supplier_with_part(world)  # ent_b: on the list, never invited
    c_sup = services.supplier_create(
        actor=actor, customer=world.ent_a, code="C", enterprise=world.ent_c
    )
    submitted_assessment(world.users["other_enterprise"], upto=2)  # ent_c self-assessed: L2
    (inv,), _ = ev.chain_invite(
        actor=actor, credit_codes=[world.ent_c.credit_code], required_level=3
    )
    leader = client_for("enterprise")

    def levels():
        page = leader.get("/evaluation/chain/", HTTP_ACCEPT_LANGUAGE="en")
        ((section, rows),) = page.context["sections"]
        assert section.key == "suppliers.scorecards"
        return {r.enterprise_id: level for r, level in rows}, page.content.decode()

    got, html = levels()
    assert got == {world.ent_b.pk: None, world.ent_c.pk: None}  # invited, not accepted
    assert "not shared" in html and c_sup.name in html
    ev.chain_respond(actor=actor_for(world.users["other_enterprise"]), invitation=inv, accept=True)
    got, _html = levels()
    assert got == {world.ent_b.pk: None, world.ent_c.pk: 2}
    inv.refresh_from_db()
    ev.chain_withdraw(actor=actor_for(world.users["other_enterprise"]), invitation=inv)
    got, _html = levels()
    assert got == {world.ent_b.pk: None, world.ent_c.pk: None}
    # the supplier's own chain page shows no scorecards of its customer
    page = client_for("other_enterprise").get("/evaluation/chain/")
    assert page.context["sections"] == []


def test_trend_by_quarter_for_customer_and_supplier(world, client_for):
    from django.test import Client

    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    today = timezone.localdate()
    labels = [label for label, _f, _l in selectors.quarters_back(today, 4)]
    # one lot in this quarter, received on its promised day, accepted
    lot = services.lot_receive(
        actor=actor, part=part, lot_number="T1", lot_size=1000, received_on=today, due_on=today
    )
    services.lot_record_result(actor=actor, lot=lot, nonconforming=0)
    sup = Client()
    sup.force_login(make_user("sup_b", "enterprise", enterprise=world.ent_b))
    for c in (client_for("enterprise"), sup):
        rows = c.get(f"/api/suppliers/suppliers/{part.supplier_id}/trend").json()
        assert [r["quarter"] for r in rows] == labels
        assert [r["card"]["lots"] for r in rows] == [0, 0, 0, 1]
        assert rows[-1]["card"]["on_time_rate"] == 1.0 and rows[-1]["card"]["score_class"] == "A"
    r = client_for("enterprise").get(
        f"/api/suppliers/suppliers/{part.supplier_id}/trend?quarters=0"
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "quarters"
    assert (
        client_for("other_enterprise")
        .get(f"/api/suppliers/suppliers/{part.supplier_id}/trend")
        .status_code
        == 404
    )
    page = sup.get(f"/suppliers/{part.supplier_id}/").content.decode()
    assert 'data-testid="trend"' in page and labels[-1] in page


def test_quarters_back_cross_the_year():
    assert [q for q, _f, _l in selectors.quarters_back(date(2026, 2, 10), 3)] == [
        "2025Q3", "2025Q4", "2026Q1",
    ]  # fmt: skip
    ((_q, first, last),) = selectors.quarters_back(date(2026, 12, 31), 1)
    assert (first, last) == (date(2026, 10, 1), date(2026, 12, 31))
