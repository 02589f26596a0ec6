"""What every role gets from each supplier-quality page and API endpoint (read by
tests/core/test_access_matrix.py). The world: ent_a (Hangzhou, the ``enterprise`` user's) buys a
part from ent_b (Ningbo); one lot received and rejected, its 8D, one audit planned."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import R, only

# ent_a's records: its own users, Zhejiang's officer (reads), admins; nobody else
CUSTOMER_SIDE = ("enterprise", "authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.suppliers import services
    from qualitas.suppliers.models import IncomingLot
    from tests.suppliers.factories import customer_actor, supplier_with_part

    lot = IncomingLot.objects.filter(lot_number="ACC-L1").first()
    if lot is None:
        part = supplier_with_part(world, code="ACC")
        lot = services.lot_receive(
            actor=customer_actor(world), part=part, lot_number="ACC-L1", lot_size=1000
        )
        services.lot_record_result(actor=customer_actor(world), lot=lot, nonconforming=9)
        services.action_open_from_lot(actor=customer_actor(world), lot=lot)
        services.audit_plan(
            actor=customer_actor(world),
            supplier=lot.part.supplier,
            planned_on=lot.received_on,
            lead_auditor="李审核",
        )
    supplier = lot.part.supplier
    return {
        "supplier_pk": supplier.pk,
        "lot_pk": lot.pk,
        "audit_pk": supplier.audits.get().pk,
        "action_pk": supplier.actions.get().pk,
        "fmt": "csv",
        "part_pk": lot.part_id,
    }


PAGES = {
    "suppliers:home": only(
        ("enterprise", "other_enterprise", "authority", "admin"), other=404, public=302
    ),
    "suppliers:supplier": only(CUSTOMER_SIDE, other=404, public=302),
    "suppliers:lot": only(CUSTOMER_SIDE, other=404, public=302),
    # a customer's own scorecards: enterprise users (theirs, possibly empty) only
    "suppliers:scorecards": only(("enterprise", "other_enterprise"), other=404, public=302),
    "suppliers:scorecards_export": only(("enterprise", "other_enterprise"), other=404, public=302),
    "suppliers:audit": only(CUSTOMER_SIDE, other=404, public=302),
    "suppliers:action": only(CUSTOMER_SIDE, other=404, public=302),
    # the world's audit is only planned: no report yet, for anyone (tests/suppliers/test_audit_pdf.py
    # reads a completed one)
    "suppliers:audit_pdf": only((), other=404, public=302),
}

# lists: every signed-in user gets the rows it may read (possibly none); one record: the
# customer's side; the public is asked to authenticate
SIGNED_IN = only(tuple(r for r in R if r != "public"), other=404, public=401)
RECORD = only(CUSTOMER_SIDE, other=404, public=401)
API: dict[str, Any] = {
    "GET /api/suppliers/suppliers": SIGNED_IN,
    "GET /api/suppliers/suppliers/{supplier_pk}": RECORD,
    "GET /api/suppliers/suppliers/{supplier_pk}/parts": RECORD,
    "GET /api/suppliers/parts/{part_pk}": RECORD,
    "GET /api/suppliers/suppliers/{supplier_pk}/trend": RECORD,
    "GET /api/suppliers/lots": SIGNED_IN,
    "GET /api/suppliers/lots/{lot_pk}": RECORD,
    "GET /api/suppliers/audits": SIGNED_IN,
    # the shipped checklist for everyone signed in; an enterprise's own imported ones to it
    "GET /api/suppliers/checklists": SIGNED_IN,
    "GET /api/suppliers/audits/{audit_pk}": RECORD,
    "GET /api/suppliers/actions": SIGNED_IN,
    "GET /api/suppliers/actions/{action_pk}": RECORD,
    # a customer's own scorecards: enterprise users only
    "GET /api/suppliers/scorecards": only(
        ("enterprise", "other_enterprise"), other=404, public=401
    ),
}
